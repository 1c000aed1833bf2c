"""Opening what a run left on disk: a checkpoint to continue from, or a run folder to plot.

Kept apart from the window so it can be tested without widgets. Nothing here trains; the worker
does that in its own thread."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import numpy as np

from engine.config import Config
from engine.errors import ConfigError, EngineError
from engine.io.checkpoint import checkpoint_config, read_checkpoint
from engine.io.runs import MetricsTail, RunDir, new_run_dir
from engine.model.gates import GATE_BINS, GateStats
from engine.training.reports import EpisodeReport, ValidationReport
from mlstm_gui.monitor.history import MetricHistory

_EDGES = np.linspace(0.0, 1.0, GATE_BINS + 1)


def _approx_hist(mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """(layers, 1, bins) normal approximation on [0, 1] from per-layer mean and std: metrics.jsonl
    keeps only these two numbers per gate and layer, not the full histogram."""
    from math import erf, sqrt

    out = np.zeros((len(mean), 1, GATE_BINS))
    for i, (m, s) in enumerate(zip(mean, std)):
        s = max(float(s), 1e-3)
        cdf = np.array([0.5 * (1 + erf((e - m) / (s * sqrt(2)))) for e in _EDGES])
        mass = np.diff(cdf)
        out[i, 0] = mass / mass.sum() if mass.sum() > 0 else 0.0
    return out


def _gate_from_json(raw: dict[str, Any], steps: int) -> GateStats:
    mean = np.asarray(raw.get("mean", []), dtype=np.float64)
    std = np.asarray(raw.get("std", []), dtype=np.float64)
    m2 = np.repeat(mean[:, None], steps, axis=1)
    s2 = np.repeat(std[:, None], steps, axis=1)
    return GateStats(
        m2, s2, np.clip(m2 - s2, 0, 1), np.clip(m2 + s2, 0, 1), _approx_hist(mean, std)
    )


def report_from_json(rec: dict[str, Any]) -> EpisodeReport:
    """An EpisodeReport rebuilt from a metrics.jsonl line (gates: per-layer mean/std only)."""
    inner = np.asarray(rec.get("inner_loss", []), dtype=np.float64)
    steps = max(1, inner.size)
    return EpisodeReport(
        episode=int(rec["episode"]),
        meta_loss=float(rec["meta_loss"]),
        meta_acc=float(rec["meta_acc"]),
        inner_loss=inner,
        inner_acc=np.asarray(rec.get("inner_acc", []), dtype=np.float64),
        layers=tuple(rec.get("layers", ())),
        input_gate=_gate_from_json(rec.get("input_gate", {}), steps),
        forget_gate=_gate_from_json(rec.get("forget_gate", {}), steps),
        learner_grad_norm=np.zeros(steps),
        meta_grad_norm=float(rec.get("meta_grad_norm", 0.0)),
        meta_grad_norms={},
        seconds=float(rec.get("seconds", 0.0)),
        meta_lr=float(rec.get("meta_lr", 0.0)),
    )


def validation_from_json(rec: dict[str, Any]) -> ValidationReport:
    return ValidationReport(
        int(rec["episode"]),
        str(rec.get("split", "val")),
        float(rec["accuracy"]),
        float(rec.get("ci95", 0.0)),
        float(rec.get("loss", 0.0)),
        int(rec.get("episodes", 0)),
        bool(rec.get("best", False)),
        float(rec.get("seconds", 0.0)),
    )


@dataclass(frozen=True)
class LoadedRun:
    episodes: int
    validations: int
    last_episode: int
    config: Optional[Config]


def load_run_folder(
    folder: Path | str,
    history: MetricHistory,
    upto: Optional[int] = None,
    tail: Optional[MetricsTail] = None,
) -> LoadedRun:
    """Replace the history with a run folder's metrics.jsonl. `upto`: keep only records up to
    that episode (resuming from a checkpoint re-runs the later ones). `tail`: read through it,
    so that a follower goes on from where this load stopped. Reads only."""
    folder = Path(folder)
    run = RunDir(folder)
    if not run.metrics_path.is_file():
        raise EngineError(f"{folder} is not a run folder: it has no metrics.jsonl")
    records, _ = (tail or MetricsTail(run.metrics_path)).read()
    config = None
    if run.config_path.is_file():
        try:
            from engine.config import load_config

            config = load_config(run.config_path)
        except ConfigError:
            config = None
    history.clear()
    n_ep, n_val, last = apply_records(history, records, upto)
    return LoadedRun(n_ep, n_val, last, config)


def apply_records(
    history: MetricHistory, records: list[dict[str, Any]], upto: Optional[int] = None
) -> tuple[int, int, int]:
    """Add metrics.jsonl records to the history: (episodes, validations, last episode)."""
    n_ep = n_val = last = 0
    for rec in records:
        if upto is not None and int(rec.get("episode", 0) or 0) > upto:
            continue
        try:
            if rec.get("type") == "episode":
                history.add_episode(report_from_json(rec))
                n_ep += 1
                last = max(last, int(rec["episode"]))
            elif rec.get("type") == "validation":
                history.add_validation(validation_from_json(rec))
                n_val += 1
        except (KeyError, TypeError, ValueError):
            continue  # a malformed line: skip it rather than refuse the whole run
    return n_ep, n_val, last


@dataclass(frozen=True)
class ResumePlan:
    """How to continue from a checkpoint: which config, which run folder, and whether the
    folder already holds this run's metrics (in place) or was seeded fresh."""

    config: Config
    run_dir: Path
    episode: int
    in_place: bool


def plan_resume(checkpoint: Path | str, runs_root: Path) -> ResumePlan:
    """Continue in place from <run>/checkpoints/last.pt; any other checkpoint seeds a new run
    folder (a copy as its last.pt, its config.yaml, empty metrics), the trainer's resume layout."""
    path = Path(checkpoint)
    bundle = read_checkpoint(path)
    config = checkpoint_config(bundle, path)
    episode = int((bundle.get("trainer") or {}).get("episode", 0))
    run_root = path.parent.parent
    if (
        path.name == "last.pt"
        and path.parent.name == "checkpoints"
        and (run_root / "config.yaml").is_file()
    ):
        return ResumePlan(config, run_root, episode, True)
    target = new_run_dir(f"{config.name}-from-{path.stem}", runs_root)
    run = RunDir(target)
    run.prepare(config, resume=False)
    try:
        shutil.copyfile(path, run.checkpoint("last"))
    except OSError as exc:
        raise EngineError(f"cannot copy {path} into {target}: {exc.strerror or exc}") from None
    return ResumePlan(config, target, episode, False)
