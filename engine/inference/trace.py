"""Adaptation trace of one episode: everything the replay view and parameter inspector show.

θ_t per step, gates and support gradients per step, support loss/accuracy per step and query
predictions at every step t = 0..T, all as NumPy arrays."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import numpy as np
import torch

from engine.data.episodes import Episode
from engine.model.adapt import adapt
from engine.model.gates import GateStats, gate_stats
from engine.model.learner import BNState, Learner
from engine.model.metalearner import MetaLearner


@dataclass(frozen=True)
class AdaptationTrace:
    layers: tuple[str, ...]
    layer_slices: dict[str, slice]
    theta: np.ndarray  # (T+1, P) θ_0..θ_T
    forget: np.ndarray  # (T, P) σ(f̂_t), t = 1..T
    input: np.ndarray  # (T, P) σ(î_t)
    support_loss: np.ndarray  # (T+1,) loss at θ_t on the support set (t = T after the last step)
    support_acc: np.ndarray  # (T+1,)
    query_probs: np.ndarray  # (T+1, Q, N) softmax at θ_t
    query_y: np.ndarray  # (Q,)
    class_names: tuple[str, ...]
    # (T, P) float32 ∇_t, the support gradient at θ_{t−1} that the t-th update used
    grad: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    # (name, shape, offset) of every tensor in θ, in order: names a coordinate
    params: tuple[tuple[str, tuple[int, ...], int], ...] = ()
    # (T, P) float32 pre-sigmoid f̂_t and î_t: the gates on the log-odds scale, unsaturated
    forget_logit: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    input_logit: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))

    @property
    def steps(self) -> int:
        return self.forget.shape[0]

    def gate_stats(self, gate: str) -> GateStats:
        """Per-layer statistics of the "input" or "forget" gate, (layers, T) arrays: the same
        summary the training reports carry (engine.model.adapt.gate_stats), computed once."""
        cache = self.__dict__.setdefault("_gate_stats", {})  # frozen: bypass __setattr__
        if gate not in cache:
            ids = torch.empty(self.forget.shape[1], dtype=torch.long)
            for k, sl in enumerate(self.layer_slices.values()):
                ids[sl] = k
            values = torch.from_numpy(np.asarray(getattr(self, gate)))
            logit = np.asarray(getattr(self, f"{gate}_logit"))
            logits = torch.from_numpy(logit) if logit.shape == values.shape else None
            cache[gate] = gate_stats(values, ids, len(self.layer_slices), logits)
        return cache[gate]

    @property
    def query_acc(self) -> np.ndarray:
        return (self.query_probs.argmax(2) == self.query_y[None]).mean(1)

    @property
    def query_loss(self) -> np.ndarray:
        """(T+1,) cross-entropy of the queries at θ_t (from the recorded probabilities)."""
        p_true = self.query_probs[:, np.arange(len(self.query_y)), self.query_y]
        return -np.log(np.clip(p_true, 1e-12, 1.0)).mean(1)

    def layer(self, name: str, t: int) -> np.ndarray:
        return self.theta[t, self.layer_slices[name]]

    def save_npz(self, path: Path | str) -> None:
        arrays: dict[str, Any] = {
            "theta": self.theta,
            "forget": self.forget,
            "input": self.input,
            "grad": self.grad,
            "support_loss": self.support_loss,
            "support_acc": self.support_acc,
            "query_probs": self.query_probs,
            "query_y": self.query_y,
            "class_names": np.array(self.class_names),
            "layers": np.array(self.layers),
            "layer_bounds": np.array([[s.start, s.stop] for s in self.layer_slices.values()]),
        }
        np.savez_compressed(path, **arrays)


def trace_episode(
    meta: MetaLearner, learner: Learner, ep: Episode, steps: int, transductive: bool = False
) -> AdaptationTrace:
    """Replay one episode's adaptation. transductive=False scores queries with the running BN
    statistics of the support steps so far (test-time behaviour); True with batch statistics."""
    way = ep.way
    thetas, probs, grads = [], [], []

    def record(t: int, theta: torch.Tensor, bn: BNState) -> None:
        thetas.append(theta.detach().clone())
        logits = learner.forward(theta, ep.query_x, bn.copy(), way, training=transductive)
        probs.append(torch.softmax(logits, 1))

    with torch.no_grad():
        ad = adapt(
            meta,
            learner,
            ep.support_x,
            ep.support_y,
            way,
            steps,
            on_step=record,
            on_grad=lambda t, g: grads.append(g.detach().float().cpu()),
        )
        # adapt measured the support at θ_0..θ_{T-1}; one more pass gives it at θ_T
        last = learner.forward(ad.theta, ep.support_x, ad.bn.copy(), way, training=True)
    s_loss = [*ad.inner_loss, torch.nn.functional.cross_entropy(last, ep.support_y)]
    s_acc = [*ad.inner_acc, (last.argmax(1) == ep.support_y).float().mean()]
    slices = learner.layer_slices(way)
    return AdaptationTrace(
        layers=tuple(slices),
        layer_slices=slices,
        theta=torch.stack(thetas).numpy(),
        forget=ad.forget.numpy(),
        input=ad.input.numpy(),
        support_loss=torch.stack(s_loss).numpy(),
        support_acc=torch.stack(s_acc).numpy(),
        query_probs=torch.stack(probs).numpy(),
        query_y=ep.query_y.numpy().copy(),
        class_names=tuple(ep.class_names),
        grad=torch.stack(grads).numpy() if grads else np.zeros((0, len(thetas[0])), np.float32),
        params=tuple((s.name, s.shape, s.offset) for s in learner.specs(way)),
        **_logits(ad.forget_logit, ad.input_logit),
    )


def _logits(forget: Optional[torch.Tensor], input_: Optional[torch.Tensor]) -> dict[str, Any]:
    if forget is None or input_ is None:
        return {}
    return {"forget_logit": forget.float().numpy(), "input_logit": input_.float().numpy()}
