"""The meta-learner LSTM: layer 1 an ordinary LSTM over coordinates, layer 2 the cell whose
state is the learner's θ.

    f̂_t = [h_t, θ_{t-1}, f̂_{t-1}]·W_F + b_F        î_t = [h_t, θ_{t-1}, î_{t-1}]·W_I + b_I
    θ_t = c_t = σ(f̂_t) ⊙ c_{t-1} − σ(î_t) ⊙ ∇_t

All weights are shared by every coordinate, so the meta-learner's size does not depend on
the learner's, apart from c_0 (the learned initialisation).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from torch import Tensor, nn

PREPROCESS_P = 10.0


def preprocess(x: Tensor, p: float = PREPROCESS_P) -> Tensor:
    """Andrychowicz et al.'s scaling: (log|x|/p, sign x) if |x| ≥ e^-p else (-1, e^p x).

    Maps gradients and losses spanning many orders of magnitude into a range an LSTM can use
    while keeping the sign. Returns x.shape + (2,)."""
    a = x.abs()
    big = a >= math.exp(-p)
    first = torch.where(big, torch.log(a.clamp_min(1e-38)) / p, torch.full_like(x, -1.0))
    second = torch.where(big, torch.sign(x), x * math.exp(p))
    return torch.stack([first, second], dim=-1)


@dataclass
class MetaState:
    """Everything carried from one inner step to the next for one episode."""

    theta: Tensor  # c_{t-1} = θ_{t-1}
    h: Tensor | None  # layer-1 hidden state (P, hidden)
    c: Tensor | None  # layer-1 cell state (P, hidden)
    f_pre: Tensor  # f̂_{t-1}, before the sigmoid, starts at 0
    i_pre: Tensor  # î_{t-1}, before the sigmoid, starts at 0


class MetaLearner(nn.Module):
    """Layer 1 (LSTM 4→hidden) and layer 2 (the θ-cell), plus c_0."""

    def __init__(self, c0: Tensor, hidden: int = 20, generator: torch.Generator | None = None
                 ) -> None:
        super().__init__()
        self.hidden = hidden
        self.lstm = nn.LSTMCell(4, hidden)
        # W_F and W_I: entries 0..hidden-1 act on h_t, entry hidden on θ_{t-1}, entry
        # hidden+1 on the previous (pre-sigmoid) gate.
        self.W_F = nn.Parameter(torch.empty(hidden + 2))
        self.b_F = nn.Parameter(torch.empty(1))
        self.W_I = nn.Parameter(torch.empty(hidden + 2))
        self.b_I = nn.Parameter(torch.empty(1))
        self.c0 = nn.Parameter(c0.detach().clone())
        self.reset_parameters(generator)

    def reset_parameters(self, generator: torch.Generator | None = None) -> None:
        """The original code's initialisation: weights U(-0.01, 0.01), b_F ~ U(4, 5) so the
        forget gate starts near 1, b_I ~ U(-5, -4) so the learning rate starts near 0.01."""
        with torch.no_grad():
            for p in (*self.lstm.parameters(), self.W_F, self.W_I):
                p.uniform_(-0.01, 0.01, generator=generator)
            self.b_F.uniform_(4.0, 5.0, generator=generator)
            self.b_I.uniform_(-5.0, -4.0, generator=generator)

    def start(self, theta0: Tensor) -> MetaState:
        zeros = torch.zeros_like(theta0)
        return MetaState(theta0, None, None, zeros, zeros)

    def step(self, state: MetaState, grad: Tensor, loss: Tensor
             ) -> tuple[MetaState, Tensor, Tensor]:
        """One inner update. `grad` and `loss` are constants (no second derivatives).

        Returns the new state and the gate values σ(f̂_t), σ(î_t)."""
        n = grad.numel()
        x = torch.cat([preprocess(loss.reshape(1)).expand(n, 2), preprocess(grad)], dim=1)
        hx = None if state.h is None else (state.h, state.c)
        h, c = self.lstm(x, hx)
        hidden = self.hidden
        wh = torch.stack([self.W_F[:hidden], self.W_I[:hidden]], dim=1)  # (hidden, 2)
        gates_h = h @ wh  # (P, 2)
        f_pre = gates_h[:, 0] + state.theta * self.W_F[hidden] \
            + state.f_pre * self.W_F[hidden + 1] + self.b_F
        i_pre = gates_h[:, 1] + state.theta * self.W_I[hidden] \
            + state.i_pre * self.W_I[hidden + 1] + self.b_I
        f, i = torch.sigmoid(f_pre), torch.sigmoid(i_pre)
        theta = f * state.theta - i * grad
        return MetaState(theta, h, c, f_pre, i_pre), f, i

    def param_groups(self) -> dict[str, list[nn.Parameter]]:
        """Meta-parameters by name, for gradient-norm reports and tests."""
        return {"lstm": list(self.lstm.parameters()), "W_F": [self.W_F], "b_F": [self.b_F],
                "W_I": [self.W_I], "b_I": [self.b_I], "c0": [self.c0]}
