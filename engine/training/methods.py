"""`eval --method`: every method scored by `eval`'s protocol, on the same seeded episodes.

Episode k of a method is episode k of `evaluate` (the same `episode_rng(seed, k, stream)`,
whose draws after the episode also pick meta-lstm's inner batches), so rows differ by the
method only. What a method draws for itself (fine-tune's head and image order, random-init's
θ_0) comes from a stream of its own. Hyper-parameters are chosen first, on meta-validation
episodes (engine/training/tuning.py), and reported with the row."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import numpy as np
import torch
import torch.nn.functional as F

from engine.data.episodes import Episode, EpisodeSampler, episode_rng
from engine.model.adapt import adapt, query_pass
from engine.model.baselines import PretrainedBody
from engine.model.learner import Learner
from engine.model.metalearner import MetaLearner
from engine.model.methods import (
    INNER_LOOP,
    NEAREST,
    MethodSettings,
    adapt_method,
    finetune_method,
    init_generator,
    nearest_method,
)
from engine.training.evaluate import episode_accuracy

Progress = Callable[[str, int, int], None]
"""progress(what, done, total): one phase (tuning a method, scoring a method) at a time."""


@dataclass
class MethodContext:
    """What every method of one evaluation shares: models, episodes, protocol."""

    meta: MetaLearner
    learner: Learner
    test: EpisodeSampler
    val: Optional[EpisodeSampler]  # meta-validation episodes for the tuning
    steps: int
    inner_batch: int
    seed: int
    stream: str
    device: torch.device | str = "cpu"
    transductive: bool = False
    pretrained: Optional[Callable[[], PretrainedBody]] = None  # loaded when first needed
    _pre: Optional[PretrainedBody] = field(default=None, repr=False)

    def pretrained_body(self) -> PretrainedBody:
        if self._pre is None:
            if self.pretrained is None:
                raise ValueError("this method needs the pretrained learner, and none was given")
            pre = self.pretrained()
            self._pre = PretrainedBody(
                pre.body.to(self.device),
                type(pre.bn)(
                    [m.to(self.device) for m in pre.bn.means],
                    [v.to(self.device) for v in pre.bn.vars],
                ),
                pre.classes,
                pre.train_acc,
            )
        return self._pre


@dataclass(frozen=True)
class MethodResult:
    method: str
    accuracy: float
    ci95: float
    loss: float  # mean query cross-entropy; NaN for the nearest-neighbour methods
    episodes: int
    accuracies: np.ndarray
    settings: MethodSettings
    tuning: dict[str, Any]  # how the settings were chosen (empty when nothing was tuned)

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "accuracy": self.accuracy,
            "ci95": self.ci95,
            "loss": None if np.isnan(self.loss) else self.loss,
            "episodes": self.episodes,
            "settings": self.settings.to_json(),
            **({"tuning": self.tuning} if self.tuning else {}),
        }


def method_rng(seed: int, k: int, stream: str, name: str) -> np.random.Generator:
    """The method's own draws on episode k (the same for every setting tried on it)."""
    return episode_rng(seed, k, f"{stream}/{name}")


def _scored(logits: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    return float((logits.argmax(1) == y).float().mean()), float(F.cross_entropy(logits, y))


def score_episode(
    ctx: MethodContext,
    name: str,
    settings: MethodSettings,
    ep: Episode,
    rng: np.random.Generator,
    own: np.random.Generator,
) -> tuple[float, float]:
    """(query accuracy, query loss) of one method on one episode; `rng` is the episode's
    stream after sampling, `own` the method's."""
    dev, way = ctx.device, ep.way
    sx, sy = ep.support_x.to(dev), ep.support_y.to(dev)
    qx, qy = ep.query_x.to(dev), ep.query_y.to(dev)
    if name == "meta-lstm":
        return episode_accuracy(
            ctx.meta, ctx.learner, ep, ctx.steps, ctx.inner_batch, rng, dev, ctx.transductive
        )
    if name in NEAREST:
        pre = ctx.pretrained_body() if name == "nearest-neighbour" else None
        pred = nearest_method(name, ctx.learner, pre, sx, sy, qx)
        return float((pred == qy).float().mean()), float("nan")
    with torch.no_grad():
        if name in INNER_LOOP:
            ad = adapt_method(
                name,
                settings,
                ctx.meta,
                ctx.learner,
                sx,
                sy,
                way,
                ctx.steps,
                ctx.inner_batch,
                rng,
                init_generator(own),
            )
            logits = query_pass(ctx.learner, ad, qx, None, way, ctx.transductive)[0]
            return _scored(logits, qy)
    pre = ctx.pretrained_body()
    theta = finetune_method(settings, ctx.learner, pre, sx, sy, way, own, init_generator(own))
    with torch.no_grad():
        return _scored(ctx.learner.forward(theta, qx, pre.bn, way, training=False), qy)


def score_method(
    ctx: MethodContext,
    name: str,
    settings: MethodSettings,
    episodes: int,
    progress: Optional[Progress] = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-episode query accuracies and losses over the test episodes."""
    accs, losses = np.zeros(episodes), np.zeros(episodes)
    for k in range(episodes):
        rng = episode_rng(ctx.seed, k, ctx.stream)
        ep = ctx.test.sample(rng)
        own = method_rng(ctx.seed, k, ctx.stream, name)
        accs[k], losses[k] = score_episode(ctx, name, settings, ep, rng, own)
        if progress is not None:
            progress(name, k + 1, episodes)
    return accs, losses


def mean_input_gate(
    ctx: MethodContext, episodes: int, progress: Optional[Progress] = None
) -> tuple[float, ...]:
    """The meta-learner's input gate per learner layer, averaged over its coordinates, its T
    steps and the test episodes: i=const's values."""
    total: Optional[torch.Tensor] = None
    for k in range(episodes):
        rng = episode_rng(ctx.seed, k, ctx.stream)
        ep = ctx.test.sample(rng)
        way = ep.way
        ids = ctx.learner.layer_ids(way)
        with torch.no_grad():
            ad = adapt(
                ctx.meta,
                ctx.learner,
                ep.support_x.to(ctx.device),
                ep.support_y.to(ctx.device),
                way,
                ctx.steps,
                ctx.inner_batch,
                rng,
            )
        gate = ad.input.double().mean(0).cpu()
        n = int(ids.max()) + 1
        per_layer = torch.zeros(n, dtype=torch.float64).index_add_(0, ids, gate)
        per_layer /= torch.bincount(ids, minlength=n).double()
        total = per_layer if total is None else total + per_layer
        if progress is not None:
            progress("i=const (gate means)", k + 1, episodes)
    assert total is not None
    return tuple(float(v) for v in total / episodes)
