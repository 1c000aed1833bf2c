"""One episode adapted by several methods side by side: the curves and predictions of the
Compare view (and of bench/compare_speed.py), as NumPy arrays.

Each method runs exactly what `eval --method` scores (engine/model/methods.py), with a
query pass at every step added. Step t = 0 is the method's θ_0, before any update."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor

from engine.data.episodes import Episode
from engine.model.baselines import PretrainedBody, embedding
from engine.model.learner import BNState, Learner
from engine.model.metalearner import MetaLearner
from engine.model.methods import (
    INNER_LOOP,
    NEAREST,
    MethodSettings,
    adapt_method,
    check_method,
    finetune_method,
    init_generator,
    nearest_method,
)

GATED: tuple[str, ...] = ("meta-lstm", "f=1", "i=const", "random-init")
"""Methods whose update is the meta-learner's cell, so an input gate is there to show."""


@dataclass(frozen=True)
class MethodTrace:
    """One method on one episode, at steps t = 0..S (S: its number of updates; 0 for the
    nearest-neighbour methods, T for the inner-loop ones, passes × |support| for finetune).

    Support figures are over the whole support set at θ_t; query figures use the batch norm
    that method's test protocol uses at θ_t."""

    method: str
    settings: MethodSettings
    layers: tuple[str, ...]
    support_loss: np.ndarray  # (S+1,), NaN for the nearest-neighbour methods
    support_acc: np.ndarray  # (S+1,)
    query_loss: np.ndarray  # (S+1,), NaN for the nearest-neighbour methods
    query_acc: np.ndarray  # (S+1,)
    query_pred: np.ndarray  # (S+1, Q) int64 predicted labels
    step_size: Optional[np.ndarray]  # (layers, S) ‖Δθ_t‖ / ‖∇_t‖ per layer; None without ∇
    input_gate: Optional[np.ndarray]  # (layers, S) mean σ(î_t) per layer; meta-learner methods

    @property
    def steps(self) -> int:
        return len(self.query_acc) - 1


@dataclass(frozen=True)
class Comparison:
    traces: tuple[MethodTrace, ...]
    query_y: np.ndarray  # (Q,)
    class_names: tuple[str, ...]
    _by_name: dict[str, MethodTrace] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {t.method: t for t in self.traces})

    def __getitem__(self, method: str) -> MethodTrace:
        return self._by_name[method]


def _per_layer_norms(v: Tensor, ids: Tensor, layers: int) -> Tensor:
    return torch.zeros(layers, dtype=torch.float64).index_add_(0, ids, v.double().cpu() ** 2).sqrt()


class _Recorder:
    """Collects θ_t, the batch norm for a query pass at θ_t and ∇_t from the loop's hooks."""

    def __init__(self) -> None:
        self.thetas: list[Tensor] = []
        self.bns: list[BNState] = []
        self.grads: list[Tensor] = []

    def step(self, t: int, theta: Tensor, bn: BNState) -> None:
        self.thetas.append(theta.detach().clone())
        self.bns.append(bn.copy())

    def grad(self, t: int, grad: Tensor) -> None:
        self.grads.append(grad.detach().clone())


def _gradient_trace(
    name: str,
    settings: MethodSettings,
    learner: Learner,
    ep: Episode,
    rec: _Recorder,
    support_training: bool,
    query_training: bool,
    gates: Optional[Tensor],
) -> MethodTrace:
    way = ep.way
    slices = learner.layer_slices(way)
    ids, n_layers = learner.layer_ids(way), len(slices)
    s_loss, s_acc, q_loss, q_acc, preds = [], [], [], [], []
    with torch.no_grad():
        for theta, bn in zip(rec.thetas, rec.bns):
            s = learner.forward(theta, ep.support_x, bn.copy(), way, training=support_training)
            q = learner.forward(theta, ep.query_x, bn.copy(), way, training=query_training)
            s_loss.append(float(F.cross_entropy(s, ep.support_y)))
            s_acc.append(float((s.argmax(1) == ep.support_y).float().mean()))
            q_loss.append(float(F.cross_entropy(q, ep.query_y)))
            q_acc.append(float((q.argmax(1) == ep.query_y).float().mean()))
            preds.append(q.argmax(1).numpy())
    ratio = np.full((n_layers, len(rec.grads)), np.nan)
    for t, grad in enumerate(rec.grads):
        step = _per_layer_norms(rec.thetas[t + 1] - rec.thetas[t], ids, n_layers)
        norm = _per_layer_norms(grad, ids, n_layers)
        ratio[:, t] = torch.where(norm > 0, step / norm, torch.nan).numpy()
    gate = None
    if gates is not None:
        counts = torch.bincount(ids, minlength=n_layers).double()
        sums = torch.zeros(len(gates), n_layers, dtype=torch.float64)
        gate = (sums.index_add_(1, ids, gates.double().cpu()) / counts).t().numpy()
    return MethodTrace(
        name,
        settings,
        tuple(slices),
        np.array(s_loss),
        np.array(s_acc),
        np.array(q_loss),
        np.array(q_acc),
        np.stack(preds).astype(np.int64),
        ratio,
        gate,
    )


def trace_method(
    name: str,
    meta: MetaLearner,
    learner: Learner,
    ep: Episode,
    steps: int,
    settings: Optional[MethodSettings] = None,
    pretrained: Optional[PretrainedBody] = None,
    transductive: bool = False,
    seed: int = 0,
) -> MethodTrace:
    """One method on one episode (CPU tensors). `seed` draws what the method draws for itself:
    finetune's head and image order, random-init's θ_0. The meta-learner starts from c_0's
    rows in the paper's layout (eval's default head at the model's N or fewer classes)."""
    check_method(name)
    settings = settings or MethodSettings()
    own = np.random.default_rng(np.random.SeedSequence([seed, 0xC0]))
    sx, sy, way = ep.support_x, ep.support_y, ep.way
    if name in NEAREST:
        pre = pretrained if name == "nearest-neighbour" else None
        if name == "nearest-neighbour" and pre is None:
            raise ValueError("nearest-neighbour needs the pretrained learner")
        pred = nearest_method(name, learner, pre, sx, sy, ep.query_x)
        on_support = nearest_method(name, learner, pre, sx, sy, sx)
        nan = np.array([np.nan])
        return MethodTrace(
            name,
            settings,
            (),
            nan,
            np.array([float((on_support == sy).float().mean())]),
            nan,
            np.array([float((pred == ep.query_y).float().mean())]),
            pred.numpy()[None].astype(np.int64),
            None,
            None,
        )
    rec = _Recorder()
    if name in INNER_LOOP:
        with torch.no_grad():
            ad = adapt_method(
                name,
                settings,
                meta,
                learner,
                sx,
                sy,
                way,
                steps,
                generator=init_generator(own),
                on_step=rec.step,
                on_grad=rec.grad,
            )
        gates = ad.input if name in GATED else None
        return _gradient_trace(name, settings, learner, ep, rec, True, transductive, gates)
    if pretrained is None:
        raise ValueError("finetune needs the pretrained learner")
    finetune_method(
        settings, learner, pretrained, sx, sy, way, own, init_generator(own), rec.step, rec.grad
    )
    return _gradient_trace(name, settings, learner, ep, rec, False, False, None)


def compare_episode(
    meta: MetaLearner,
    learner: Learner,
    ep: Episode,
    methods: Sequence[str],
    steps: int,
    settings: Optional[Mapping[str, MethodSettings]] = None,
    pretrained: Optional[PretrainedBody] = None,
    transductive: bool = False,
    seed: int = 0,
) -> Comparison:
    """Every method in `methods` on the same episode. `settings` gives each method's
    hyper-parameters (what `eval --method` tuned; `default_settings` otherwise)."""
    chosen = {**default_settings(meta, learner, ep, steps, methods), **(settings or {})}
    traces = tuple(
        trace_method(m, meta, learner, ep, steps, chosen[m], pretrained, transductive, seed)
        for m in methods
    )
    return Comparison(traces, ep.query_y.numpy().copy(), tuple(ep.class_names))


DEFAULT_RATES: dict[str, MethodSettings] = {
    "sgd-from-c0": MethodSettings(lr=0.1),
    "adam-from-c0": MethodSettings(lr=0.01),
    "finetune": MethodSettings(lr=0.001, decay=1e-5, passes=5),
}
"""Settings for an untuned comparison: what `eval --method` chose on Omniglot 5-way 1-shot's
meta-validation episodes (docs/RESULTS.md gives the values tuned per task)."""


def default_settings(
    meta: MetaLearner, learner: Learner, ep: Episode, steps: int, methods: Sequence[str]
) -> dict[str, MethodSettings]:
    """DEFAULT_RATES, and for i=const the meta-learner's mean input gate per layer on this
    episode (eval uses the mean over its test episodes instead)."""
    out = {m: DEFAULT_RATES.get(m, MethodSettings()) for m in methods}
    if "i=const" in methods:
        mean = trace_method("meta-lstm", meta, learner, ep, steps).input_gate
        assert mean is not None
        out["i=const"] = MethodSettings(input_gate=tuple(float(v) for v in mean.mean(1)))
    return out


__all__ = ["Comparison", "MethodTrace", "compare_episode", "embedding", "trace_method"]
