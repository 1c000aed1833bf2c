"""Every requested method, tuned then scored: the rows of `eval --method` and docs/RESULTS.md."""

from __future__ import annotations

from typing import Optional

import numpy as np

from engine.model.methods import METHODS, MethodSettings
from engine.training.methods import (
    MethodContext,
    MethodResult,
    Progress,
    mean_input_gate,
    score_method,
)
from engine.training.reports import mean_ci95
from engine.training.tuning import tune_finetune, tune_rate


def parse_methods(text: str) -> tuple[str, ...]:
    """'a,b,c' -> ('a', 'b', 'c'), in the order given, each once; a bad name raises a one-line
    ValueError naming the allowed values."""
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    bad = [n for n in names if n not in METHODS]
    if bad or not names:
        what = f"unknown method '{bad[0]}'" if bad else "no method given"
        raise ValueError(
            f"{what}: --method takes one or more of {', '.join(METHODS)} (comma-separated)"
        )
    return names


def settings_for(
    ctx: MethodContext,
    name: str,
    episodes: int,
    tune_episodes: int,
    progress: Optional[Progress] = None,
) -> tuple[MethodSettings, dict[str, object]]:
    """A method's hyper-parameters, chosen before any test episode is scored."""
    if name in ("sgd-from-c0", "adam-from-c0"):
        return tune_rate(ctx, name, tune_episodes, progress)
    if name == "finetune":
        return tune_finetune(ctx, tune_episodes, progress)
    if name == "i=const":
        gates = mean_input_gate(ctx, episodes, progress)
        return MethodSettings(input_gate=gates), {"input_gate_from": f"{episodes} test episodes"}
    return MethodSettings(), {}


def evaluate_methods(
    ctx: MethodContext,
    names: tuple[str, ...],
    episodes: int,
    tune_episodes: int,
    progress: Optional[Progress] = None,
) -> list[MethodResult]:
    """One row per method, in the order asked."""
    rows = []
    for name in names:
        settings, tuning = settings_for(ctx, name, episodes, tune_episodes, progress)
        accs, losses = score_method(ctx, name, settings, episodes, progress)
        mean, ci = mean_ci95(accs)
        loss = float(np.mean(losses)) if episodes else float("nan")
        rows.append(MethodResult(name, mean, ci, loss, episodes, accs, settings, dict(tuning)))
    return rows
