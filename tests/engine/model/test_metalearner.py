"""The meta-learner computes what the paper says: Eq. 1 = Eq. 2, preprocessing, gradient flow."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from engine.model.adapt import adapt, query_pass
from engine.model.learner import BNState, Learner
from engine.model.metalearner import MetaLearner, preprocess


def make(head="per_class", way=5, channels=1, size=28, filters=8, seed=0):
    torch.manual_seed(seed)
    learner = Learner(channels, size, filters, way, head=head)
    g = torch.Generator().manual_seed(seed)
    meta = MetaLearner(learner.init_params(g), hidden=20, generator=g)
    return learner, meta


def batch(n, way=5, channels=1, size=28, seed=1):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(n, channels, size, size, generator=g)
    y = torch.arange(n) % way
    return x, y


def force_gates(meta, alpha):
    """W = 0 so the gates ignore their inputs; σ(40) is exactly 1.0 in float32."""
    with torch.no_grad():
        meta.W_F.zero_()
        meta.W_I.zero_()
        meta.b_F.fill_(40.0)
        meta.b_I.fill_(math.log(alpha / (1 - alpha)))


class TorchNet(nn.Module):
    """The same learner written with ordinary nn layers, trained by torch.optim.SGD."""

    def __init__(self, channels, filters, way, feat):
        super().__init__()
        layers, cin = [], channels
        for _ in range(4):
            layers += [
                nn.Conv2d(cin, filters, 3, padding=1),
                nn.BatchNorm2d(filters, eps=1e-3, momentum=0.9),
                nn.ReLU(),
                nn.MaxPool2d(2),
            ]
            cin = filters
        self.body = nn.Sequential(*layers)
        self.fc = nn.Linear(feat, way)

    def forward(self, x):
        return self.fc(self.body(x).flatten(1))

    def load_flat(self, learner, theta, way):
        p = learner.unflatten(theta, way)
        convs = [m for m in self.body if isinstance(m, nn.Conv2d)]
        bns = [m for m in self.body if isinstance(m, nn.BatchNorm2d)]
        with torch.no_grad():
            for b, (c, bn) in enumerate(zip(convs, bns), start=1):
                c.weight.copy_(p[f"conv{b}.weight"])
                c.bias.copy_(p[f"conv{b}.bias"])
                bn.weight.copy_(p[f"bn{b}.weight"])
                bn.bias.copy_(p[f"bn{b}.bias"])
            self.fc.weight.copy_(p["fc.weight"])
            self.fc.bias.copy_(p["fc.bias"])

    def flat(self):
        convs = [m for m in self.body if isinstance(m, nn.Conv2d)]
        bns = [m for m in self.body if isinstance(m, nn.BatchNorm2d)]
        parts = []
        for c, bn in zip(convs, bns):
            parts += [c.weight, c.bias, bn.weight, bn.bias]
        parts += [self.fc.weight, self.fc.bias]
        return torch.cat([q.detach().flatten() for q in parts])


@pytest.mark.parametrize("head", ["per_class", "shared"])
def test_forced_gates_equal_one_sgd_step(head):
    """Paper Eq. 1 = Eq. 2: with f = 1 and i = α the update is exactly an SGD step."""
    way, alpha = 5, 0.05
    learner, meta = make(head=head, way=way)
    force_gates(meta, alpha)
    x, y = batch(10, way)
    theta0 = learner.expand(meta.c0, way).detach()
    with torch.no_grad():
        ad = adapt(meta, learner, x, y, way, steps=1)
    net = TorchNet(1, learner.filters, way, learner.features)
    net.load_flat(learner, theta0, way)
    opt = torch.optim.SGD(net.parameters(), lr=alpha)
    F.cross_entropy(net(x), y).backward()
    opt.step()
    expected = net.flat()
    assert torch.allclose(ad.theta, expected, atol=1e-6, rtol=1e-5)
    # and the functional forward matches nn layers (batch stats and running stats)
    assert not torch.allclose(ad.theta, theta0)
    bn = BNState.fresh(learner.filters)
    net2 = TorchNet(1, learner.filters, way, learner.features)
    net2.load_flat(learner, theta0, way)
    out = learner.forward(theta0, x, bn, way, training=True)
    assert torch.allclose(out, net2.train()(x), atol=1e-5)
    assert torch.allclose(bn.means[0], net2.body[1].running_mean, atol=1e-6)
    assert torch.allclose(bn.vars[3], net2.body[13].running_var, atol=1e-5)
    assert torch.allclose(
        learner.forward(theta0, x, bn, way, training=False), net2.eval()(x), atol=1e-5
    )


def test_several_forced_steps_are_sgd():
    way, alpha, steps = 3, 0.1, 4
    learner, meta = make(way=way, filters=4)
    force_gates(meta, alpha)
    x, y = batch(6, way)
    with torch.no_grad():
        ad = adapt(meta, learner, x, y, way, steps=steps)
    net = TorchNet(1, 4, way, learner.features)
    net.load_flat(learner, meta.c0.detach(), way)
    opt = torch.optim.SGD(net.parameters(), lr=alpha)
    for _ in range(steps):
        opt.zero_grad()
        F.cross_entropy(net(x), y).backward()
        opt.step()
    assert torch.allclose(ad.theta, net.flat(), atol=1e-5, rtol=1e-4)


def test_preprocess_both_branches():
    p = 10.0
    x = torch.tensor([3.0, -0.5, 1e-3, -1e-2, math.exp(-p), 1e-6, -2e-5, 0.0])
    out = preprocess(x, p)
    for v, (a, b) in zip(x.tolist(), out.tolist()):
        if abs(v) >= math.exp(-p):
            assert a == pytest.approx(math.log(abs(v)) / p, rel=1e-5)
            assert b == math.copysign(1.0, v)
        else:
            assert a == -1.0
            assert b == pytest.approx(math.exp(p) * v, rel=1e-5, abs=1e-12)
    assert out.shape == (8, 2)
    # the branch boundary: |x| just under e^-p goes to the linear branch
    just_under = torch.tensor([math.exp(-p) * 0.999])
    assert preprocess(just_under, p)[0, 0].item() == -1.0


def test_initialisation_follows_original_code():
    learner, meta = make()
    assert 4.0 <= meta.b_F.item() <= 5.0 and -5.0 <= meta.b_I.item() <= -4.0
    for q in (*meta.lstm.parameters(), meta.W_F, meta.W_I):
        assert q.abs().max().item() <= 0.01
    assert meta.c0.numel() == learner.init_size


def test_initialisation_draws_the_original_ranges_over_many_seeds():
    """U(4, 5) for b_F, U(-5, -4) for b_I and U(-0.01, 0.01) for every other meta weight, over
    40 seeds: inside the ranges and spread across them (a constant, a narrower range or a
    shifted one fails); c_0 is the learner's own initialisation for the same generator."""
    b_f, b_i, weights = [], [], []
    for seed in range(40):
        learner, meta = make(seed=seed)
        b_f.append(meta.b_F.item())
        b_i.append(meta.b_I.item())
        weights.append(
            torch.cat(
                [q.detach().reshape(-1) for q in (*meta.lstm.parameters(), meta.W_F, meta.W_I)]
            )
        )
        expected_c0 = learner.init_params(torch.Generator().manual_seed(seed))
        assert torch.equal(meta.c0.detach(), expected_c0)
    b_f, b_i, w = np.array(b_f), np.array(b_i), torch.cat(weights)
    assert b_f.min() >= 4.0 and b_f.max() <= 5.0 and b_f.max() - b_f.min() > 0.7
    assert b_i.min() >= -5.0 and b_i.max() <= -4.0 and b_i.max() - b_i.min() > 0.7
    assert abs(b_f.mean() - 4.5) < 0.15 and abs(b_i.mean() + 4.5) < 0.15
    assert w.abs().max() <= 0.01 and w.abs().max() > 0.0099
    assert abs(w.mean().item()) < 5e-4 and abs(w.std().item() - 0.01 / 3**0.5) < 5e-4


def test_meta_gradient_reaches_every_parameter():
    way = 5
    learner, meta = make(way=way, filters=4)
    x, y = batch(5, way)
    qx, qy = batch(15, way, seed=2)
    ad = adapt(meta, learner, x, y, way, steps=3)
    _, loss, _ = query_pass(learner, ad, qx, qy, way, training=True)
    loss.backward()
    for name, params in meta.param_groups().items():
        for q in params:
            assert q.grad is not None, name
            assert q.grad.abs().sum().item() > 0, name


def test_no_second_derivatives_through_learner_gradient():
    """With f = 1, i = α and T = 1: θ_1 = c_0 − α∇L(c_0). Ignoring second derivatives,
    dL_q/dc_0 = ∇L_q(θ_1) exactly; with them it would be (I − αH)∇L_q(θ_1)."""
    way, alpha = 5, 0.2
    learner, meta = make(way=way, filters=4)
    force_gates(meta, alpha)
    x, y = batch(5, way)
    qx, qy = batch(10, way, seed=3)
    ad = adapt(meta, learner, x, y, way, steps=1)
    _, loss, _ = query_pass(learner, ad, qx, qy, way, training=True)
    loss.backward()
    theta1 = ad.theta.detach().requires_grad_(True)
    bn = ad.bn.copy()
    lq = F.cross_entropy(learner.forward(theta1, qx, bn, way, training=True), qy)
    (g,) = torch.autograd.grad(lq, theta1)
    assert torch.allclose(meta.c0.grad, g, atol=1e-7, rtol=1e-5)
    # the learner gradient entering the meta-learner is a constant
    _, grad, _ = learner.loss_and_grad(meta.c0, x, y, BNState.fresh(4), way)
    assert grad.grad_fn is None and not grad.requires_grad


@pytest.mark.parametrize("head", ["per_class", "shared"])
@pytest.mark.parametrize("way", [3, 5, 20])
def test_head_adapts_to_any_way(head, way):
    learner, meta = make(head=head, way=5, filters=4)
    x, y = batch(way * 2, way)
    with torch.no_grad():
        ad = adapt(meta, learner, x, y, way, steps=2)
        logits, _, _ = query_pass(learner, ad, x, y, way, training=False)
    assert ad.theta.numel() == learner.size(way)
    assert logits.shape == (way * 2, way)
    assert torch.isfinite(logits).all()


def _straightforward_steps(meta, theta0, grads, losses):
    """The textbook formulation: nn.LSTMCell over (P, 4) inputs, gates from [h, θ, prev]."""
    from engine.model.metalearner import preprocess

    hid, theta = meta.hidden, theta0
    hx, f_pre, i_pre, out = None, torch.zeros_like(theta0), torch.zeros_like(theta0), []
    for grad, loss in zip(grads, losses):
        n = grad.numel()
        x = torch.cat([preprocess(loss.reshape(1)).expand(n, 2), preprocess(grad)], dim=1)
        h, c = meta.lstm(x, hx)
        hx = (h, c)
        f_pre = h @ meta.W_F[:hid] + theta * meta.W_F[hid] + f_pre * meta.W_F[hid + 1] + meta.b_F
        i_pre = h @ meta.W_I[:hid] + theta * meta.W_I[hid] + i_pre * meta.W_I[hid + 1] + meta.b_I
        f, i = torch.sigmoid(f_pre), torch.sigmoid(i_pre)
        theta = f * theta - i * grad
        out.append((theta, f, i))
    return out


def test_fast_step_equals_the_textbook_lstm_cell_values_and_gradients():
    """The coordinates-last step computes nn.LSTMCell's function: same θ_t and gates, and the
    same meta-gradients for every parameter (float64, so only rounding may differ)."""
    torch.manual_seed(0)
    P, T = 300, 4
    meta = MetaLearner(torch.randn(P), hidden=20).double()
    with torch.no_grad():  # livelier weights than the init, so every term matters
        for q in (*meta.lstm.parameters(), meta.W_F, meta.W_I):
            q.uniform_(-0.5, 0.5)
    grads = [torch.randn(P, dtype=torch.float64) * 10.0**-k for k in range(T)]
    grads[1][:10] = 1e-6  # the small-gradient branch of the preprocessing
    losses = [torch.tensor(2.0 - 0.3 * k, dtype=torch.float64) for k in range(T)]

    def run(fast: bool):
        meta.zero_grad()
        if fast:
            state, out = meta.start(meta.c0), []
            for g, loss in zip(grads, losses):
                state, f, i = meta.step(state, g, loss)
                out.append((state.theta, f, i))
        else:
            out = _straightforward_steps(meta, meta.c0, grads, losses)
        (out[-1][0] ** 2).sum().backward()
        return [tuple(t.detach() for t in o) for o in out], {
            n: q.grad.clone() for n, q in meta.named_parameters()
        }

    fast, fast_grads = run(True)
    slow, slow_grads = run(False)
    for a, b in zip(fast, slow):
        for x, y in zip(a, b):
            assert torch.allclose(x, y, rtol=1e-10, atol=1e-12)
    assert fast_grads.keys() == slow_grads.keys()
    for name in fast_grads:
        assert torch.allclose(fast_grads[name], slow_grads[name], rtol=1e-9, atol=1e-12), name
