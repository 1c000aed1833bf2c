"""Hand-written inner-loop optimizers the meta-learner is compared with: plain SGD and Adam.

They follow the meta-learner's own `start` / `step` interface, so `adapt` runs them with the
same batches, batch-norm handling and hooks; only the update of θ differs. Each step returns
the new state and the (forget, input) pair the update applied, in the meta-learner's terms:
SGD is f = 1, i = its rate; Adam is f = 1, i = its per-coordinate rate lr / (√v̂ + ε), which
multiplies the first moment m̂ rather than ∇_t itself."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

import torch
from torch import Tensor


class UpdateRule(Protocol):
    """What `adapt` needs of an update: a state holding `theta`, advanced once per step."""

    def start(self, theta0: Tensor) -> Any: ...

    def step(self, state: Any, grad: Tensor, loss: Tensor) -> tuple[Any, Tensor, Tensor]: ...


@dataclass
class RuleState:
    theta: Tensor
    count: int = 0  # updates taken
    m: Tensor | None = None  # Adam's first and second moments
    v: Tensor | None = None


def annealed(lr: float, decay: float, count: int) -> float:
    """torch7 optim.sgd's learningRateDecay: lr / (1 + n·decay) at the n-th update (n from 0),
    the annealing the paper's fine-tune baseline grid-searches (not weight decay)."""
    return lr / (1.0 + count * decay)


@dataclass(frozen=True)
class SGD:
    """θ_t = θ_{t−1} − α_n ∇_t, α_n annealed as torch7's optim.sgd does (decay 0: constant)."""

    lr: float
    decay: float = 0.0

    def start(self, theta0: Tensor) -> RuleState:
        return RuleState(theta0)

    def step(
        self, state: RuleState, grad: Tensor, loss: Tensor
    ) -> tuple[RuleState, Tensor, Tensor]:
        rate = annealed(self.lr, self.decay, state.count)
        theta = state.theta - rate * grad
        ones = torch.ones_like(theta)
        return RuleState(theta, state.count + 1), ones, ones * rate


@dataclass(frozen=True)
class Adam:
    """Kingma & Ba's Adam with bias correction, fresh moments every episode."""

    lr: float
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 1e-8

    def start(self, theta0: Tensor) -> RuleState:
        return RuleState(theta0, 0, torch.zeros_like(theta0), torch.zeros_like(theta0))

    def step(
        self, state: RuleState, grad: Tensor, loss: Tensor
    ) -> tuple[RuleState, Tensor, Tensor]:
        assert state.m is not None and state.v is not None  # set by start
        n = state.count + 1
        m = self.beta1 * state.m + (1 - self.beta1) * grad
        v = self.beta2 * state.v + (1 - self.beta2) * grad * grad
        m_hat, v_hat = m / (1 - self.beta1**n), v / (1 - self.beta2**n)
        rate = self.lr / (v_hat.sqrt() + self.eps)
        theta = state.theta - rate * m_hat
        return RuleState(theta, n, m, v), torch.ones_like(theta), rate
