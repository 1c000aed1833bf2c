"""The inner loop: T updates from θ_0 = c_0 (paper layout), the hook sees θ_0..θ_T, and with
the gates held at f = 1, i = α every step is exactly SGD on the support loss."""

import numpy as np
import torch

from engine.model.adapt import adapt
from engine.model.learner import BNState, Learner
from engine.model.metalearner import MetaLearner


def _episode(way=3, shot=2, seed=0):
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(way * shot, 1, 28, 28, generator=g)
    y = torch.arange(way).repeat_interleave(shot)
    return x, y


def _models(way=3, seed=0):
    learner = Learner(1, 28, 4, way)
    g = torch.Generator().manual_seed(seed)
    return learner, MetaLearner(learner.init_params(g), hidden=4, generator=g)


def test_adapt_runs_t_steps_and_the_hook_sees_every_theta():
    learner, meta = _models()
    x, y = _episode()
    seen = []
    with torch.no_grad():
        ad = adapt(meta, learner, x, y, 3, 4, on_step=lambda t, th, bn: seen.append((t, th)))
    assert [t for t, _ in seen] == [0, 1, 2, 3, 4]
    assert torch.equal(seen[-1][1], ad.theta)
    assert torch.allclose(seen[0][1], learner.expand(meta.c0, 3))
    assert ad.inner_loss.shape == ad.inner_acc.shape == ad.grad_norm.shape == (4,)
    assert ad.forget.shape == ad.input.shape == (4, learner.size(3))
    assert all(not torch.equal(a[1], b[1]) for a, b in zip(seen, seen[1:]))  # it moved


def test_with_f_one_and_i_alpha_adapt_is_plain_sgd(monkeypatch):
    learner, meta = _models()
    x, y = _episode()
    alpha = 0.05
    with torch.no_grad():  # gates saturated: σ(+40) = 1 and σ(b_I) = α exactly
        meta.b_F.fill_(40.0)
        meta.W_F.zero_()
        meta.W_I.zero_()
        meta.b_I.fill_(float(np.log(alpha / (1 - alpha))))
        ad = adapt(meta, learner, x, y, 3, 3)
    theta = learner.expand(meta.c0, 3).detach().clone()
    for _ in range(3):
        theta.requires_grad_(True)
        logits = learner.forward(theta, x, BNState.fresh(learner.filters), 3, training=True)
        (grad,) = torch.autograd.grad(torch.nn.functional.cross_entropy(logits, y), theta)
        theta = (theta - alpha * grad).detach()
    assert torch.allclose(ad.theta, theta, rtol=1e-4, atol=1e-6)
