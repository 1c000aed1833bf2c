"""The learner's layout helper: channels-last all the way through, same numbers as NCHW."""

import pytest
import torch
import torch.nn.functional as F

from engine.model.learner import BNState, Learner, channels_last


@pytest.mark.parametrize("channels", [1, 3])
def test_channels_last_input_gives_channels_last_activations(channels):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(6, channels, 28, 28, generator=g)
    xc = channels_last(x)
    assert torch.equal(xc, x)  # same values, only the strides differ
    w = torch.randn(8, channels, 3, 3, generator=g)
    out = F.conv2d(xc, w, padding=1)
    assert out.is_contiguous(memory_format=torch.channels_last)
    assert not F.conv2d(x, w, padding=1).is_contiguous(memory_format=torch.channels_last)


@pytest.mark.parametrize("channels", [1, 3])
def test_learner_forward_and_gradient_match_plain_nchw_convolutions(channels):
    """The learner (channels-last, pool before ReLU) against the same net written plainly."""
    learner = Learner(channels, 28, 8, 5)
    theta = learner.init_params(torch.Generator().manual_seed(1)).requires_grad_(True)
    x = torch.rand(10, channels, 28, 28, generator=torch.Generator().manual_seed(2))
    got = learner.forward(theta, x, BNState.fresh(8), 5, training=True)
    p = learner.unflatten(theta, 5)
    h = x
    for b in range(1, 5):
        h = F.conv2d(h, p[f"conv{b}.weight"], p[f"conv{b}.bias"], padding=1)
        h = F.batch_norm(
            h, None, None, p[f"bn{b}.weight"], p[f"bn{b}.bias"], training=True, eps=learner.bn_eps
        )
        h = F.max_pool2d(F.relu(h), 2)
    want = F.linear(h.flatten(1), p["fc.weight"], p["fc.bias"])
    assert torch.allclose(got, want, rtol=1e-4, atol=1e-5)
    (g1,) = torch.autograd.grad(got.square().sum(), theta)
    (g2,) = torch.autograd.grad(want.square().sum(), theta)
    assert torch.allclose(g1, g2, rtol=0, atol=1e-5 * float(g2.abs().max()))  # float32 noise


def test_every_learner_convolution_runs_channels_last_on_one_channel_images(monkeypatch):
    import engine.model.learner as learner_module

    seen = []
    real = learner_module.F.conv2d

    def recording(x, *args, **kwargs):
        out = real(x, *args, **kwargs)
        seen.append(out.is_contiguous(memory_format=torch.channels_last))
        return out

    monkeypatch.setattr(learner_module.F, "conv2d", recording)
    learner = Learner(1, 28, 8, 5)
    theta = learner.init_params(torch.Generator().manual_seed(0))
    learner.forward(theta, torch.rand(7, 1, 28, 28), BNState.fresh(8), 5, training=True)
    assert seen == [True] * 4
