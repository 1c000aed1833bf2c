"""The compared update rules: SGD from c_0 is the meta-learner with its gates forced to
f = 1, i = α (Eq. 1 = Eq. 2), Adam is torch's Adam, and the annealing is torch7's."""

import pytest
import torch

from engine.model.adapt import adapt
from engine.model.learner import Learner
from engine.model.metalearner import GateForcing, MetaLearner
from engine.model.update_rules import SGD, Adam, annealed


def _setup(way=3, shot=2, seed=0):
    learner = Learner(1, 28, 4, way)
    g = torch.Generator().manual_seed(seed)
    meta = MetaLearner(learner.init_params(g), hidden=4, generator=g)
    x = torch.rand(way * shot, 1, 28, 28, generator=g)
    y = torch.arange(way).repeat_interleave(shot)
    return learner, meta, x, y


@pytest.mark.parametrize("alpha", [0.05, 0.5])
def test_sgd_from_c0_equals_the_meta_learner_with_f_one_and_i_alpha(alpha):
    learner, meta, x, y = _setup()
    runs = {}
    for name, options in (
        ("sgd", {"rule": SGD(alpha)}),
        ("forced", {"forcing": GateForcing(forget=1.0, input=alpha)}),
    ):
        thetas = []
        with torch.no_grad():
            ad = adapt(
                meta,
                learner,
                x,
                y,
                3,
                4,
                on_step=lambda t, th, bn, out=thetas: out.append(th),
                **options,
            )
        runs[name] = (ad, thetas)
    (sgd, sgd_thetas), (forced, forced_thetas) = runs["sgd"], runs["forced"]
    # equal up to float32 rounding (α·∇ then a subtraction, or one fused multiply-add);
    # bit for bit when α is a power of two, where both roundings agree
    same = torch.equal if alpha == 0.5 else lambda a, b: torch.allclose(a, b, 1e-5, 1e-6)
    assert len(sgd_thetas) == len(forced_thetas) == 5
    assert all(same(a, b) for a, b in zip(sgd_thetas, forced_thetas))
    assert same(sgd.inner_loss, forced.inner_loss) and same(sgd.inner_acc, forced.inner_acc)
    assert all(
        same(a, b) for a, b in zip(sgd.bn.means + sgd.bn.vars, forced.bn.means + forced.bn.vars)
    )
    assert torch.equal(forced.forget, torch.ones_like(forced.forget))
    assert torch.all(forced.input == alpha) and torch.all(sgd.input == alpha)
    # and it moved: the learned gates would have given another θ_T
    with torch.no_grad():
        learned = adapt(meta, learner, x, y, 3, 4)
    assert not torch.allclose(learned.theta, sgd.theta)


def test_no_forcing_is_the_learned_update_bit_for_bit():
    learner, meta, x, y = _setup()
    with torch.no_grad():
        a = adapt(meta, learner, x, y, 3, 3)
        b = adapt(meta, learner, x, y, 3, 3, forcing=GateForcing())
    assert torch.equal(a.theta, b.theta) and torch.equal(a.input, b.input)


def test_a_per_coordinate_input_gate_is_applied_as_given():
    learner, meta, x, y = _setup()
    gate = torch.linspace(0.0, 0.2, learner.size(3))
    with torch.no_grad():
        ad = adapt(meta, learner, x, y, 3, 2, forcing=GateForcing(input=gate))
    assert torch.equal(ad.input[0], gate) and torch.equal(ad.input[1], gate)
    assert not torch.equal(ad.forget[0], torch.ones_like(gate))  # the forget gate stays learned


def test_forcing_and_another_rule_together_are_refused():
    learner, meta, x, y = _setup()
    with pytest.raises(ValueError, match="gate forcing"):
        adapt(meta, learner, x, y, 3, 1, rule=SGD(0.1), forcing=GateForcing(forget=1.0))


def test_adam_is_torch_adam():
    target = torch.randn(50, generator=torch.Generator().manual_seed(1))
    theta = torch.zeros(50, requires_grad=True)
    opt = torch.optim.Adam([theta], lr=0.03)
    rule = Adam(0.03)
    state = rule.start(torch.zeros(50))
    for _ in range(6):
        opt.zero_grad()
        loss = ((theta - target) ** 2).sum()
        loss.backward()
        opt.step()
        state, f, i = rule.step(state, 2 * (state.theta - target), loss.detach())
        assert torch.equal(f, torch.ones(50)) and bool((i > 0).all())
    torch.testing.assert_close(state.theta, theta.detach(), rtol=1e-5, atol=1e-6)


def test_annealing_is_torch7s_learning_rate_decay():
    assert annealed(0.1, 0.0, 7) == 0.1
    assert annealed(0.1, 0.5, 0) == 0.1
    assert annealed(0.1, 0.5, 2) == pytest.approx(0.05)
    rule = SGD(1.0, decay=1.0)
    state = rule.start(torch.zeros(2))
    for _ in range(3):
        state, _, i = rule.step(state, torch.ones(2), torch.zeros(()))
    assert torch.allclose(state.theta, -torch.tensor(1 + 1 / 2 + 1 / 3).expand(2))
    assert torch.allclose(i, torch.full((2,), 1 / 3))
