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

from engine.model.fused_cell import ThetaCellStep

PREPROCESS_P = 10.0


def preprocess(x: Tensor, p: float = PREPROCESS_P) -> Tensor:
    """Andrychowicz et al.'s scaling: (log|x|/p, sign x) if |x| ≥ e^-p else (-1, e^p x).

    Maps gradients and losses spanning many orders of magnitude into a range an LSTM can use
    while keeping the sign. Returns x.shape + (2,)."""
    return torch.stack(_preprocess_pair(x, p), dim=-1)


def _preprocess_pair(x: Tensor, p: float = PREPROCESS_P) -> tuple[Tensor, Tensor]:
    a = x.abs()
    big = a >= math.exp(-p)
    first = torch.where(big, torch.log(a.clamp_min(1e-38)) / p, torch.full_like(x, -1.0))
    second = torch.where(big, torch.sign(x), x * math.exp(p))
    return first, second


@dataclass(frozen=True)
class GateForcing:
    """Gates held at given values instead of the learned ones, for ablations without retraining.

    Each is None (the learned gate), a number for every coordinate, or a (P,) tensor (one value
    per coordinate, e.g. a per-layer constant). The layer-1 LSTM and the pre-sigmoid gates
    still run and carry over, so only the update of θ changes: θ_t = F ⊙ θ_{t−1} − I ⊙ ∇_t.
    With forget=1 and input=α the update is plain SGD with rate α (Eq. 1 = Eq. 2)."""

    forget: float | Tensor | None = None
    input: float | Tensor | None = None


@dataclass
class MetaState:
    """Everything carried from one inner step to the next for one episode."""

    theta: Tensor  # c_{t-1} = θ_{t-1}
    h: Tensor | None  # layer-1 hidden state, coordinates last: (hidden, P)
    c: Tensor | None  # layer-1 cell state (hidden, P)
    fi_pre: Tensor  # (2, P): f̂_{t-1} and î_{t-1} before the sigmoid, both start at 0


class MetaLearner(nn.Module):
    """Layer 1 (LSTM 4→hidden) and layer 2 (the θ-cell), plus c_0."""

    def __init__(
        self, c0: Tensor, hidden: int = 20, generator: torch.Generator | None = None
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
        return MetaState(theta0, None, None, theta0.new_zeros(2, theta0.numel()))

    def step(
        self,
        state: MetaState,
        grad: Tensor,
        loss: Tensor,
        forcing: GateForcing | None = None,
    ) -> tuple[MetaState, Tensor, Tensor]:
        """One inner update. `grad` and `loss` are constants (no second derivatives).

        Returns the new state and the gate values the update applied: σ(f̂_t), σ(î_t), or
        those `forcing` holds fixed.

        Computes exactly nn.LSTMCell's function with its parameters, but with coordinates on the
        last axis, so every gate is one contiguous (hidden, P) block, and as one autograd node
        with a hand-written backward (engine/model/fused_cell.py; speed in docs/BENCHMARKS.md). The
        loss is the same for every coordinate, so its input columns fold into the bias; these
        few-element parameter reshapes stay with autograd."""
        g_first, g_second = _preprocess_pair(grad)
        l_first, l_second = _preprocess_pair(loss.reshape(1))
        # rows reordered from LSTMCell's (i, f, g, o) to (i, f, o, g): one sigmoid, one tanh
        lstm, order = self.lstm, self._gate_order(grad.device)
        w_ih = lstm.weight_ih[order]
        bias = (lstm.bias_ih + lstm.bias_hh)[order] + w_ih[:, 0] * l_first + w_ih[:, 1] * l_second
        theta, h, c, pre, gates = ThetaCellStep.apply(
            torch.stack([g_first, g_second]),
            grad,
            state.theta,
            state.h,
            state.c,
            state.fi_pre,
            w_ih[:, 2:],
            lstm.weight_hh[order],
            bias,
            torch.stack([self.W_F, self.W_I]),
            torch.cat([self.b_F, self.b_I]),
        )
        f, i = gates.unbind(0)
        if forcing is not None:
            f = f if forcing.forget is None else torch.as_tensor(forcing.forget).to(f).expand_as(f)
            i = i if forcing.input is None else torch.as_tensor(forcing.input).to(i).expand_as(i)
            theta = (f * state.theta).addcmul_(i, grad, value=-1.0)
        return MetaState(theta, h, c, pre), f, i

    def _gate_order(self, device: torch.device) -> Tensor:
        hid = self.hidden
        cached = getattr(self, "_order", None)
        if cached is None or cached.device != device:
            i, f, g, o = (torch.arange(k * hid, (k + 1) * hid) for k in range(4))
            cached = torch.cat([i, f, o, g]).to(device)
            self._order = cached
        return cached

    def param_groups(self) -> dict[str, list[nn.Parameter]]:
        """Meta-parameters by name, for gradient-norm reports and tests."""
        return {
            "lstm": list(self.lstm.parameters()),
            "W_F": [self.W_F],
            "b_F": [self.b_F],
            "W_I": [self.W_I],
            "b_I": [self.b_I],
            "c0": [self.c0],
        }
