"""Hyper-parameters of the compared methods, grid-searched on meta-validation episodes.

The fine-tune grid is the authors' (../shared/reference, "The paper's baselines"). The SGD and
Adam grids are log-spaced around the meta-learner's own rates. Each setting is scored on the
same validation episodes; the best mean accuracy wins (the first in grid order on a tie)."""

from __future__ import annotations

import itertools
from typing import Any, Optional

import numpy as np
import torch

from engine.data.episodes import episode_rng
from engine.model.adapt import StepHook
from engine.model.learner import BNState
from engine.model.methods import MethodSettings, finetune_method, init_generator
from engine.training.methods import MethodContext, Progress, method_rng, score_episode

FINETUNE_LRS: tuple[float, ...] = (0.1, 0.01, 0.001, 1e-4, 1e-5)
FINETUNE_DECAYS: tuple[float, ...] = (1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5)
FINETUNE_PASSES: tuple[int, ...] = (1, 2, 3, 4, 5)
SGD_LRS: tuple[float, ...] = (3.0, 1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001)
ADAM_LRS: tuple[float, ...] = (0.1, 0.03, 0.01, 0.003, 0.001, 3e-4, 1e-4)
TUNE_STREAM = "tune-val"


def _val(ctx: MethodContext) -> Any:
    if ctx.val is None:
        raise ValueError("tuning needs meta-validation episodes (a 'val' split)")
    return ctx.val


def _best(grid: list[MethodSettings], scores: np.ndarray) -> tuple[MethodSettings, float]:
    """scores: (settings, episodes). The first best mean wins."""
    means = scores.mean(1)
    k = int(np.argmax(means))
    return grid[k], float(means[k])


def tune_rate(
    ctx: MethodContext, name: str, episodes: int, progress: Optional[Progress] = None
) -> tuple[MethodSettings, dict[str, Any]]:
    """sgd-from-c0's or adam-from-c0's learning rate."""
    rates = SGD_LRS if name == "sgd-from-c0" else ADAM_LRS
    grid = [MethodSettings(lr=r) for r in rates]
    scores = np.zeros((len(grid), episodes))
    val = _val(ctx)
    for k in range(episodes):
        ep = val.sample(episode_rng(ctx.seed, k, TUNE_STREAM))
        for g, settings in enumerate(grid):
            rng = episode_rng(ctx.seed, k, TUNE_STREAM)
            val.sample(rng)  # the same stream position as the test protocol's
            own = method_rng(ctx.seed, k, TUNE_STREAM, name)
            scores[g, k] = score_episode(ctx, name, settings, ep, rng, own)[0]
        if progress is not None:
            progress(f"{name} (tuning)", k + 1, episodes)
    best, acc = _best(grid, scores)
    return best, _record(episodes, acc, {"lr": list(rates)})


def tune_finetune(
    ctx: MethodContext, episodes: int, progress: Optional[Progress] = None
) -> tuple[MethodSettings, dict[str, Any]]:
    """Learning rate × annealing × passes. One run of the most passes per (lr, annealing)
    scores every smaller count on the way: pass p's updates do not depend on later ones."""
    pre = ctx.pretrained_body()
    val = _val(ctx)
    pairs = list(itertools.product(FINETUNE_LRS, FINETUNE_DECAYS))
    most = max(FINETUNE_PASSES)
    assert FINETUNE_PASSES == tuple(range(1, most + 1))  # one run scores every count
    grid = [MethodSettings(lr=a, decay=d, passes=p) for a, d in pairs for p in FINETUNE_PASSES]
    scores = np.zeros((len(grid), episodes))
    for k in range(episodes):
        ep = val.sample(episode_rng(ctx.seed, k, TUNE_STREAM))
        sx, sy = ep.support_x.to(ctx.device), ep.support_y.to(ctx.device)
        qx, qy = ep.query_x.to(ctx.device), ep.query_y.to(ctx.device)
        n, way = len(sy), ep.way
        for j, (lr, decay) in enumerate(pairs):
            own = method_rng(ctx.seed, k, TUNE_STREAM, "finetune")
            seen: list[torch.Tensor] = []
            settings = MethodSettings(lr=lr, decay=decay, passes=most)
            finetune_method(
                settings,
                ctx.learner,
                pre,
                sx,
                sy,
                way,
                own,
                init_generator(own),
                on_step=_keeper(seen),
            )
            with torch.no_grad():
                for p in range(most):
                    theta = seen[(p + 1) * n]  # after pass p + 1
                    logits = ctx.learner.forward(theta, qx, pre.bn, way, training=False)
                    scores[j * len(FINETUNE_PASSES) + p, k] = float(
                        (logits.argmax(1) == qy).float().mean()
                    )
        if progress is not None:
            progress("finetune (tuning)", k + 1, episodes)
    best, acc = _best(grid, scores)
    grids: dict[str, list[Any]] = {
        "lr": list(FINETUNE_LRS),
        "decay": list(FINETUNE_DECAYS),
        "passes": list(FINETUNE_PASSES),
    }
    return best, _record(episodes, acc, grids)


def _keeper(out: list[torch.Tensor]) -> StepHook:
    def keep(t: int, theta: torch.Tensor, bn: BNState) -> None:
        out.append(theta)

    return keep


def _record(episodes: int, accuracy: float, grid: dict[str, list[Any]]) -> dict[str, Any]:
    return {"val_episodes": episodes, "val_accuracy": accuracy, "grid": grid}
