"""The fused step's hand-written backward equals autograd's, for every input and output."""

import pytest
import torch

from engine.model.fused_cell import ThetaCellStep

HID, P = 3, 7


def _inputs(first_step: bool, seed: int = 0):
    g = torch.Generator().manual_seed(seed)

    def r(*shape, grad=True):
        return torch.randn(*shape, generator=g, dtype=torch.float64).requires_grad_(grad)

    x, grad = r(2, P, grad=False), r(P, grad=False)
    h = None if first_step else r(HID, P)
    c = None if first_step else r(HID, P)
    return (
        x,
        grad,
        r(P),
        h,
        c,
        r(2, P),
        r(4 * HID, 2),
        r(4 * HID, HID),
        r(4 * HID),
        r(2, HID + 2),
        r(2),
    )


@pytest.mark.parametrize("first_step", [True, False])
def test_backward_passes_gradcheck_on_every_output(first_step):
    """θ_t, h_t, c_t and p_t all feed later steps, so each output's gradient must be right."""
    inputs = _inputs(first_step)

    def outputs(*args):
        return ThetaCellStep.apply(*args)[:4]

    assert torch.autograd.gradcheck(outputs, inputs, atol=1e-8, rtol=1e-6)


def test_unused_outputs_count_as_zero_gradient():
    """The last step's h, c, p get no gradient (None in backward): same as zeros."""
    inputs = _inputs(False, seed=1)
    theta = ThetaCellStep.apply(*inputs)[0]
    got = torch.autograd.grad(
        theta.square().sum(), [t for t in inputs if t is not None and t.requires_grad]
    )
    outs = ThetaCellStep.apply(*inputs)
    zeros = sum((o * 0.0).sum() for o in outs[1:4])
    want = torch.autograd.grad(
        outs[0].square().sum() + zeros, [t for t in inputs if t is not None and t.requires_grad]
    )
    for a, b in zip(got, want):
        assert torch.allclose(a, b, rtol=1e-12, atol=1e-14)


def test_gates_are_the_sigmoid_of_p_and_carry_no_gradient():
    outs = ThetaCellStep.apply(*_inputs(False, seed=2))
    theta, _, _, p, gates = outs
    assert torch.allclose(gates, torch.sigmoid(p))
    assert not gates.requires_grad and theta.requires_grad
