"""Plain, straightforward implementations kept for `bench.episode_speed`, never used by the app.

`FloorLearner` is the learner alone: a standard nn.Module conv net fine-tuned with SGD (T
forward+backward passes on the support set, then one query forward). No meta-learner can be
cheaper than this, so it is the floor the engine's episode is compared with (with the same
convolution layout as the engine; the plain NCHW module is timed beside it).

`ReferenceEpisode` is the whole Meta-Learner LSTM episode written the obvious way, in the style
of public ports of the paper: the learner's parameters are copied in and out of a module, the
coordinate-wise LSTM is nn.LSTMCell over (P, 4) inputs, and each gate of the θ-cell is a matmul
of the concatenation [h, θ, previous gate] with its weight column. It computes the same
quantities as the engine (same preprocessing, no second derivatives, batch statistics on the
query set), without any attention to passes over memory or allocations.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from engine.model.learner import channels_last


def conv_net(
    channels: int, filters: int, image_size: int, way: int, pool_first: bool = False
) -> nn.Sequential:
    """The learner: 4 x (conv 3x3, batch norm, ReLU, max-pool 2), then a linear head.

    pool_first swaps ReLU and max-pool, which computes the same function (ReLU is monotone)
    with the ReLU on a quarter of the values, as the engine's learner does."""
    layers: list[nn.Module] = []
    cin = channels
    for _ in range(4):
        act_pool = [nn.MaxPool2d(2), nn.ReLU()] if pool_first else [nn.ReLU(), nn.MaxPool2d(2)]
        layers += [
            nn.Conv2d(cin, filters, 3, padding=1),
            nn.BatchNorm2d(filters, eps=1e-3, momentum=0.1),
            *act_pool,
        ]
        cin = filters
    size = image_size // 16
    layers += [nn.Flatten(), nn.Linear(filters * size * size, way)]
    return nn.Sequential(*layers)


class FloorLearner:
    """T SGD steps of the plain learner on the support set, then a query forward pass.

    tuned=True gives the learner the same two layout changes as the engine's (channels-last
    activations, max-pool before ReLU), so that engine/floor measures what the meta-learner
    adds, not a difference in how the convolutions are run; tuned=False is the plain module."""

    def __init__(
        self,
        channels: int,
        filters: int,
        image_size: int,
        way: int,
        steps: int,
        lr: float = 0.01,
        tuned: bool = True,
    ) -> None:
        self.net = conv_net(channels, filters, image_size, way, pool_first=tuned)
        self.format = torch.channels_last if tuned else torch.contiguous_format
        self.net = self.net.to(memory_format=self.format)
        self.opt = torch.optim.SGD(self.net.parameters(), lr=lr)
        self.steps = steps

    def episode(
        self, xs: Tensor, ys: Tensor, xq: Tensor, yq: Tensor, query_backward: bool = False
    ) -> float:
        """query_backward=True also backpropagates the query loss to the adapted weights:
        the learner's share of a meta-training episode, since every meta-gradient starts with
        dL_query/dθ_T."""
        self.net.train()
        if self.format is torch.channels_last:
            xs, xq = channels_last(xs), channels_last(xq)
        for _ in range(self.steps):
            self.opt.zero_grad(set_to_none=True)
            F.cross_entropy(self.net(xs), ys).backward()
            self.opt.step()
        if query_backward:
            self.opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(self.net(xq), yq)
            loss.backward()
            return float(loss.detach())
        with torch.no_grad():
            return float(F.cross_entropy(self.net(xq), yq))


def _preprocess(x: Tensor, p: float = 10.0) -> Tensor:
    a = x.abs()
    big = (a >= math.exp(-p)).float()
    first = big * torch.log(a + 1e-8) / p + (1 - big) * -1.0
    second = big * torch.sign(x) + (1 - big) * math.exp(p) * x
    return torch.stack([first, second], 1)


class ReferenceEpisode:
    """One meta-training episode, straightforwardly (see the module docstring)."""

    def __init__(
        self,
        channels: int,
        filters: int,
        image_size: int,
        way: int,
        steps: int,
        hidden: int = 20,
        meta_lr: float = 1e-3,
    ) -> None:
        self.net = conv_net(channels, filters, image_size, way)
        self.steps = steps
        flat = torch.cat([p.detach().reshape(-1) for p in self.net.parameters()])
        self.c0 = nn.Parameter(flat.clone())
        self.lstm = nn.LSTMCell(4, hidden)
        self.WF = nn.Parameter(torch.empty(hidden + 2, 1).uniform_(-0.01, 0.01))
        self.WI = nn.Parameter(torch.empty(hidden + 2, 1).uniform_(-0.01, 0.01))
        self.bF = nn.Parameter(torch.empty(1, 1).uniform_(4, 5))
        self.bI = nn.Parameter(torch.empty(1, 1).uniform_(-5, -4))
        params = [self.c0, *self.lstm.parameters(), self.WF, self.WI, self.bF, self.bI]
        self.params = params
        self.opt = torch.optim.Adam(params, lr=meta_lr)

    def _load(self, theta: Tensor) -> None:
        """Copy a flat θ into the module's parameters (detached: gradients are inputs)."""
        offset = 0
        with torch.no_grad():
            for p in self.net.parameters():
                n = p.numel()
                p.copy_(theta[offset : offset + n].view_as(p))
                offset += n

    def _functional(self, theta: Tensor, x: Tensor) -> Tensor:
        """Forward with a flat θ that stays in the graph (for the query loss)."""
        shapes = [p.shape for p in self.net.parameters()]
        chunks, offset = [], 0
        for s in shapes:
            n = math.prod(s)
            chunks.append(theta[offset : offset + n].view(s))
            offset += n
        h = x
        for b in range(4):
            w, bias, g, beta = chunks[4 * b : 4 * b + 4]
            h = F.conv2d(h, w, bias, padding=1)
            h = F.batch_norm(h, None, None, g, beta, training=True, eps=1e-3)
            h = F.max_pool2d(F.relu(h), 2)
        return F.linear(h.flatten(1), chunks[-2], chunks[-1])

    def episode(self, xs: Tensor, ys: Tensor, xq: Tensor, yq: Tensor) -> float:
        theta = self.c0
        h = c = None
        f_prev = torch.zeros(theta.numel(), 1)
        i_prev = torch.zeros(theta.numel(), 1)
        for _ in range(self.steps):
            self._load(theta.detach())
            self.net.zero_grad()
            loss = F.cross_entropy(self.net(xs), ys)
            loss.backward()
            grad = torch.cat([p.grad.reshape(-1) for p in self.net.parameters()]).detach()
            loss_in = _preprocess(loss.detach().reshape(1)).expand(grad.numel(), 2)
            x = torch.cat([loss_in, _preprocess(grad)], 1)
            h, c = self.lstm(x, None if h is None else (h, c))
            theta_col = theta.unsqueeze(1)
            f_prev = torch.cat([h, theta_col, f_prev], 1) @ self.WF + self.bF  # pre-sigmoid
            i_prev = torch.cat([h, theta_col, i_prev], 1) @ self.WI + self.bI
            theta = (
                torch.sigmoid(f_prev) * theta_col - torch.sigmoid(i_prev) * grad.unsqueeze(1)
            ).squeeze(1)
        query_loss = F.cross_entropy(self._functional(theta, xq), yq)
        self.opt.zero_grad(set_to_none=True)
        query_loss.backward()
        torch.nn.utils.clip_grad_norm_(self.params, 0.25)
        self.opt.step()
        return float(query_loss.detach())


class LSTMMatmuls:
    """Only the matrix products the coordinate-wise LSTM cannot avoid, T steps forward and
    backward: gates = W·[x; 1; h] (4·hidden × (hidden+3) by (hidden+3) × P), then dW and dh.

    Every elementwise op (gates, cell, θ-update, derivatives) is left out, so this is a lower
    bound on what the meta-learner adds to the floor, whatever the implementation."""

    def __init__(
        self, coordinates: int, steps: int, hidden: int = 20, coordinates_first: bool = False
    ) -> None:
        g = torch.Generator().manual_seed(0)
        k = hidden + 3
        self.w = torch.randn(4 * hidden, k, generator=g) * 0.1
        self.inp = torch.randn(k, coordinates, generator=g)
        self.d_act = torch.randn(4 * hidden, coordinates, generator=g)
        self.w_h = self.w[:, 3:].t().contiguous()
        self.steps = steps
        # the same products with coordinates as the long M dimension: (P, k) @ (k, 4h)
        self.first = coordinates_first
        if coordinates_first:
            self.inp_t = self.inp.t().contiguous()
            self.d_act_t = self.d_act.t().contiguous()
            self.w_t = self.w.t().contiguous()
            self.w_h_t = self.w_h.t().contiguous()
        self.flops = steps * 2 * coordinates * (2 * 4 * hidden * k + 4 * hidden * hidden)

    def episode(self) -> None:
        if self.first:
            for _ in range(self.steps):
                torch.mm(self.inp_t, self.w_t)  # (P, k) @ (k, 4h)
                torch.mm(self.inp, self.d_act_t)  # (k, P) @ (P, 4h)
                torch.mm(self.d_act_t, self.w_h_t)  # (P, 4h) @ (4h, h)
            return
        for _ in range(self.steps):
            torch.mm(self.w, self.inp)  # forward: all four gates
            torch.mm(self.d_act, self.inp.t())  # backward: weight and bias gradients
            torch.mm(self.w_h, self.d_act)  # backward: gradient to h_{t-1}


class SquareMatmul:
    """The machine's sgemm peak as torch reaches it: one large square float32 product."""

    def __init__(self, n: int = 2048) -> None:
        g = torch.Generator().manual_seed(0)
        self.a = torch.randn(n, n, generator=g)
        self.b = torch.randn(n, n, generator=g)
        self.flops = 2 * n**3

    def episode(self) -> None:
        torch.mm(self.a, self.b)
