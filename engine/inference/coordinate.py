"""One learner coordinate through an episode's inner loop, read off the adaptation trace.

The "How it works" view shows the update of a single weight, θ_t = f_t·θ_{t−1} + i_t·c̃_t with
c̃_t = −∇_t (Ravi & Larochelle 2017, Eq. 2), next to the SGD step θ_{t−1} − α∇_t with α = i_t
(Eq. 1), which is the same update when f_t = 1. Everything here is sliced from the trace the
meta-learner produced; the SGD column and the gap are the only derived numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from engine.inference.trace import AdaptationTrace


@dataclass(frozen=True)
class CoordinateSteps:
    """Per inner step t = 1..T (arrays of length T) for the coordinate θ[index]."""

    index: int  # into the flat θ
    layer: str
    name: str  # e.g. "conv1.weight[3, 0, 1, 2]"
    theta_prev: np.ndarray  # θ_{t−1}
    grad: np.ndarray  # ∇_t
    loss: np.ndarray  # L_t, the support loss at θ_{t−1}
    input: np.ndarray  # i_t = σ(î_t)
    forget: np.ndarray  # f_t = σ(f̂_t)
    theta: np.ndarray  # θ_t as the meta-learner produced it

    @property
    def candidate(self) -> np.ndarray:
        """c̃_t = −∇_t: the cell's candidate is the negative gradient."""
        return -self.grad

    @property
    def sgd(self) -> np.ndarray:
        """θ_{t−1} − α∇_t with α = i_t: plain SGD with the learned rate (f = 1)."""
        return self.theta_prev + self.input * self.candidate

    @property
    def gap(self) -> np.ndarray:
        """θ_t − SGD step = (f_t − 1)·θ_{t−1}: what the forget gate adds to SGD."""
        return self.theta - self.sgd

    @property
    def steps(self) -> int:
        return len(self.grad)


def coordinate_name(trace: AdaptationTrace, index: int) -> str:
    """The tensor and multi-index of θ[index], e.g. "fc.bias[2]"."""
    for name, shape, offset in trace.params:
        size = math.prod(shape)
        if offset <= index < offset + size:
            where = np.unravel_index(index - offset, shape)
            return f"{name}[{', '.join(str(int(k)) for k in where)}]"
    return f"θ[{index}]"


def layer_index(trace: AdaptationTrace, layer: str, within: int) -> int:
    """Flat θ index of the `within`-th coordinate of a layer group (clipped to the group)."""
    sl = trace.layer_slices[layer]
    return int(sl.start + min(max(within, 0), sl.stop - sl.start - 1))


def coordinate_steps(trace: AdaptationTrace, index: int) -> CoordinateSteps:
    """θ[index]'s values at every inner step, from the trace (needs its recorded gradients)."""
    if trace.grad.shape[0] != trace.steps:
        raise ValueError("this trace has no recorded gradients (traced before they were kept)")
    if not 0 <= index < trace.theta.shape[1]:
        raise IndexError(f"coordinate {index} is outside θ (size {trace.theta.shape[1]})")
    layer = next(n for n, sl in trace.layer_slices.items() if sl.start <= index < sl.stop)
    t = trace.steps
    return CoordinateSteps(
        index=index,
        layer=layer,
        name=coordinate_name(trace, index),
        theta_prev=trace.theta[:t, index].copy(),
        grad=trace.grad[:, index].copy(),
        loss=trace.support_loss[:t].copy(),
        input=trace.input[:, index].copy(),
        forget=trace.forget[:, index].copy(),
        theta=trace.theta[1:, index].copy(),
    )


def largest_update(trace: AdaptationTrace, layer: str) -> int:
    """Flat index of the layer's coordinate that moved most over the episode: a default pick
    whose numbers show the update clearly."""
    sl = trace.layer_slices[layer]
    moved = np.abs(trace.theta[-1, sl] - trace.theta[0, sl])
    return int(sl.start + int(np.argmax(moved)))
