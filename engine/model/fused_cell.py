"""One inner step of the meta-learner (layer-1 LSTM and the θ-cell) as a single autograd node.

Over a learner of P coordinates every tensor here is (hidden, P) or (2, P), so the step is a
few dozen passes over memory. Left to autograd, its backward also concatenates the gate
gradients, zero-fills and copies them (a quarter of the step's time in the profile, see
docs/BENCHMARKS.md). The hand-written backward below writes each gate's gradient straight into
one buffer, works in place where it can, and saves only the activations it needs.

Computes exactly `nn.LSTMCell` followed by the θ-cell (rows in the order i, f, o, g):

    a = [σ(i), σ(f), σ(o), tanh(g)] = act(W_x·x + W_h·h_{t-1} + b)
    c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)
    p_t = W2_h·h_t + w2_θ θ_{t-1} + w2_p p_{t-1} + b2,   (F, I) = σ(p_t)
    θ_t = F ⊙ θ_{t-1} − I ⊙ ∇_t

tests/engine/model/test_metalearner.py checks values and every gradient against the textbook
formulation and with gradcheck, in float64.
"""

from __future__ import annotations

from typing import Any, Optional

import torch
from torch import Tensor
from torch.autograd.function import once_differentiable


class ThetaCellStep(torch.autograd.Function):
    """forward(x, grad, θ, h, c, p, W_x, W_h, b, W2, b2) -> (θ_t, h_t, c_t, p_t, σ(p_t)).

    x (2, P) is the preprocessed gradient and `grad` (P) the raw one: both are constants (no
    second derivatives through the learner). h, c are None at the first step. W2 is (2, hidden+2)
    with columns [h part, θ weight, previous-gate weight]; the last output holds the forget and
    input gates and carries no gradient."""

    @staticmethod
    def forward(
        ctx: Any,
        x: Tensor,
        grad: Tensor,
        theta: Tensor,
        h_prev: Optional[Tensor],
        c_prev: Optional[Tensor],
        p_prev: Tensor,
        w_x: Tensor,
        w_h: Tensor,
        bias: Tensor,
        w2: Tensor,
        b2: Tensor,
    ) -> tuple[Tensor, Tensor, Tensor, Tensor, Tensor]:
        hid, n = w_h.shape[1], theta.shape[0]
        # one matmul for all four gates: [W_x, b, W_h] · [x; 1; h_{t-1}], whose backward then
        # yields the weight and bias gradients in one matmul too
        rows = 3 if h_prev is None else 3 + hid
        inp = theta.new_empty(rows, n)
        inp[:2] = x
        inp[2] = 1.0
        weight = [w_x, bias.unsqueeze(1)]
        if h_prev is not None:
            inp[3:] = h_prev
            weight.append(w_h)
        act = torch.mm(torch.cat(weight, 1), inp)
        act[: 3 * hid].sigmoid_()
        act[3 * hid :].tanh_()
        i, f, o, g = act.split(hid)
        c = i * g
        if c_prev is not None:
            c.addcmul_(f, c_prev)
        tc = torch.tanh(c)
        h = o * tc
        w2_h, w2_theta, w2_prev = w2.split([hid, 1, 1], dim=1)
        p = torch.addmm(b2.unsqueeze(1), w2_h, h)
        p.addcmul_(w2_theta, theta.unsqueeze(0)).addcmul_(w2_prev, p_prev)
        gates = torch.sigmoid(p)
        forget, inp_gate = gates.unbind(0)
        theta_new = (forget * theta).addcmul_(inp_gate, grad, value=-1.0)
        ctx.save_for_backward(inp, grad, theta, c_prev, p_prev, w_h, w2, act, tc, h, gates)
        ctx.mark_non_differentiable(gates)
        ctx.set_materialize_grads(False)
        return theta_new, h, c, p, gates

    @staticmethod
    @once_differentiable
    def backward(
        ctx: Any,
        d_theta: Optional[Tensor],
        d_h: Optional[Tensor],
        d_c: Optional[Tensor],
        d_p: Optional[Tensor],
        _d_gates: Optional[Tensor],
    ) -> tuple[Optional[Tensor], ...]:
        inp, grad, theta, c_prev, p_prev, w_h, w2, act, tc, h, gates = ctx.saved_tensors
        hid = w_h.shape[1]
        w2_h, w2_theta, w2_prev = w2.split([hid, 1, 1], dim=1)
        # ---- the θ-cell: dL/dp_t = dL/d(F, I) ⊙ σ' (+ what p_t fed into the next step)
        dp = torch.empty_like(gates)
        if d_theta is not None:
            torch.mul(d_theta, theta, out=dp[0])
            torch.mul(d_theta, grad, out=dp[1]).neg_()
            _sigmoid_backward(dp, gates, out=dp)
            d_theta_prev = d_theta * gates[0]
        else:
            dp.zero_()
            d_theta_prev = torch.zeros_like(theta)
        if d_p is not None:
            dp.add_(d_p)
        d_theta_prev.addcmul_(w2_theta[0], dp[0]).addcmul_(w2_theta[1], dp[1])
        d_p_prev = w2_prev * dp
        d_w2 = torch.cat(
            [
                torch.mm(dp, h.t()),
                (dp * theta).sum(1, keepdim=True),
                (dp * p_prev).sum(1, keepdim=True),
            ],
            dim=1,
        )
        d_b2 = dp.sum(1)
        dh = torch.mm(w2_h.t(), dp) if d_h is None else torch.addmm(d_h, w2_h.t(), dp)
        # ---- layer 1: every gate's gradient is written into one (4·hidden, P) buffer
        i, f, o, g = act.split(hid)
        d_act = torch.empty_like(act)
        d_i, d_f, d_o, d_g = d_act.split(hid)
        torch.mul(dh, tc, out=d_o)
        dc = _tanh_backward(dh.mul_(o), tc, out=dh)  # dh is not needed any more
        if d_c is not None:
            dc.add_(d_c)
        torch.mul(dc, g, out=d_i)
        if c_prev is not None:
            torch.mul(dc, c_prev, out=d_f)
        else:
            d_f.zero_()
        torch.mul(dc, i, out=d_g)
        d_c_prev = dc.mul_(f) if c_prev is not None else None
        sig = slice(0, 3 * hid)
        _sigmoid_backward(d_act[sig], act[sig], out=d_act[sig])
        _tanh_backward(d_g, g, out=d_g)
        d_weight = torch.mm(d_act, inp.t())  # columns: [W_x (2), b (1), W_h (hidden)]
        d_w_x, d_bias = d_weight[:, :2], d_weight[:, 2]
        d_w_h: Optional[Tensor] = None
        d_h_prev: Optional[Tensor] = None
        if inp.shape[0] > 3:
            d_w_h, d_h_prev = d_weight[:, 3:], torch.mm(w_h.t(), d_act)
        return (
            None,
            None,
            d_theta_prev,
            d_h_prev,
            d_c_prev,
            d_p_prev,
            d_w_x,
            d_w_h,
            d_bias,
            d_w2,
            d_b2,
        )


def _sigmoid_backward(grad: Tensor, out_value: Tensor, out: Tensor) -> Tensor:
    """grad ⊙ y(1 − y) for y = σ(·), in one pass (ATen's own kernel)."""
    return torch.ops.aten.sigmoid_backward.grad_input(grad, out_value, grad_input=out)


def _tanh_backward(grad: Tensor, out_value: Tensor, out: Tensor) -> Tensor:
    """grad ⊙ (1 − y²) for y = tanh(·), in one pass."""
    return torch.ops.aten.tanh_backward.grad_input(grad, out_value, grad_input=out)
