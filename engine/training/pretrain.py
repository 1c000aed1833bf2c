"""Pretraining for the paper's baselines: the learner as an ordinary classifier over every
meta-training class (rotations count as classes when the run used them), trained as the
authors' code trains it: plain SGD, lr 0.01 annealed as lr / (1 + n·1e-4), batches of 32,
30,000 updates. The head is then thrown away; the body and its population batch-norm
statistics are what `finetune` and `nearest-neighbour` use (engine/model/baselines.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Callable, Optional

import numpy as np
import torch

from engine.data.episodes import SplitData, to_float_tensor
from engine.model.baselines import PretrainedBody
from engine.model.learner import BNState, Learner
from engine.model.update_rules import SGD

BN_BATCHES = 20  # batches whose statistics are averaged into the population statistics


@dataclass(frozen=True)
class PretrainSettings:
    iterations: int = 30_000
    lr: float = 0.01
    decay: float = 1e-4
    batch: int = 32
    seed: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class ClassBatches:
    """Random labelled batches over a split's classes, × 4 quarter turns with rotations."""

    def __init__(self, data: SplitData, rotations: bool, seed: int) -> None:
        if len(data) == 0:
            raise ValueError("pretraining needs a non-empty training split")
        self.data, self.rotations = data, rotations
        self.classes = data.n_classes * (4 if rotations else 1)
        self.rng = np.random.default_rng(np.random.SeedSequence([seed, 0x9E7]))

    def draw(self, size: int) -> tuple[torch.Tensor, torch.Tensor]:
        idx = self.rng.integers(0, len(self.data), size)
        images = self.data.images[idx]
        labels = self.data.labels[idx]
        if self.rotations:
            turns = self.rng.integers(0, 4, size)
            images = np.stack([np.rot90(im, int(k), axes=(0, 1)) for im, k in zip(images, turns)])
            labels = labels * 4 + turns
        return to_float_tensor(images), torch.from_numpy(labels)


def population_bn(
    learner: Learner, theta: torch.Tensor, way: int, batches: ClassBatches, size: int
) -> BNState:
    """The mean over BN_BATCHES batches of each block's batch mean and (unbiased) variance."""
    one = Learner(learner.channels, learner.image_size, learner.filters, way, bn_momentum=1.0)
    one.bn_eps = learner.bn_eps
    total = BNState([torch.zeros(learner.filters)] * 4, [torch.zeros(learner.filters)] * 4)
    with torch.no_grad():
        for _ in range(BN_BATCHES):
            bn = BNState.fresh(learner.filters)  # momentum 1: running stats = this batch's
            one.forward(theta, batches.draw(size)[0], bn, way, training=True)
            total = BNState(
                [a + b / BN_BATCHES for a, b in zip(total.means, bn.means)],
                [a + b / BN_BATCHES for a, b in zip(total.vars, bn.vars)],
            )
    return total


def pretrain(
    learner: Learner,
    data: SplitData,
    rotations: bool,
    settings: Optional[PretrainSettings] = None,
    progress: Optional[Callable[[int, float], None]] = None,
) -> PretrainedBody:
    """Train learner's architecture as a classifier on `data`; returns the body without head.

    `progress(n, accuracy)` is called every 100 updates with the last 100 batches' accuracy."""
    settings = settings or PretrainSettings()
    batches = ClassBatches(data, rotations, settings.seed)
    way = batches.classes
    wide = Learner(
        learner.channels, learner.image_size, learner.filters, way, bn_eps=learner.bn_eps
    )
    theta = wide.init_params(torch.Generator().manual_seed(settings.seed))
    rule = SGD(settings.lr, settings.decay)
    state = rule.start(theta)
    scratch = BNState.fresh(learner.filters)  # training mode: batch statistics, running unused
    hits = []
    for n in range(settings.iterations):
        x, y = batches.draw(settings.batch)
        loss, grad, logits = wide.loss_and_grad(state.theta, x, y, scratch, way)
        if not torch.isfinite(loss):
            raise FloatingPointError(f"pretraining loss became {float(loss)} at update {n}")
        state, _, _ = rule.step(state, grad, loss)
        hits.append(float((logits.argmax(1) == y).float().mean()))
        if progress is not None and (n + 1) % 100 == 0:
            progress(n + 1, float(np.mean(hits[-100:])))
    body = state.theta[: learner.body_size].clone()
    bn = population_bn(wide, state.theta, way, batches, max(settings.batch, 128))
    recent = hits[-max(1, min(len(hits), 500)) :]
    return PretrainedBody(body, bn, way, float(np.mean(recent)))


__all__ = ["ClassBatches", "PretrainSettings", "pretrain", "population_bn"]
