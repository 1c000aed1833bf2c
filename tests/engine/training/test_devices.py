"""The engine on any torch device: one code path, exercised on CPU everywhere and on CUDA when
a GPU is present (these CUDA cases are skipped on machines without one, such as CI)."""

import pytest
import torch

from engine.config import Config
from engine.data.episodes import Preprocessing
from engine.data.synthetic import synthetic_splits
from engine.errors import ConfigError
from engine.io.checkpoint import load_model
from engine.training.trainer import MetaTrainer

PREP = Preprocessing(28, 1, True)
CUDA = pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here")
DEVICES = ["cpu", pytest.param("cuda", marks=CUDA)]


def tiny(**kw) -> Config:
    base = dict(
        dataset="synthetic",
        filters=8,
        inner_steps=3,
        way=5,
        shot=1,
        query=5,
        episodes=6,
        val_interval=3,
        val_episodes=4,
        checkpoint_interval=3,
        rotations=False,
        seed=4,
        inner_batch=3,
    )
    return Config(**{**base, **kw})


@pytest.fixture(scope="module")
def splits():
    return synthetic_splits(n_classes=30, per_class=12, size=28, channels=1, seed=0)


@pytest.mark.parametrize("device", DEVICES)
def test_training_runs_on_the_device_and_saves_a_cpu_checkpoint(device, splits, tmp_path):
    tr = MetaTrainer(tiny(device=device), splits, PREP, run_dir=tmp_path / "run")
    assert all(p.device.type == device for p in tr.meta.parameters())
    while not tr.done:
        report = tr.step()
    assert torch.isfinite(torch.tensor(report.meta_loss))
    model = load_model(tmp_path / "run" / "checkpoints" / "last.pt")  # readable anywhere
    assert all(p.device.type == "cpu" for p in model.meta.parameters())
    # as stored, without map_location: Adam's moments included
    raw = torch.load(tmp_path / "run" / "checkpoints" / "last.pt", weights_only=True)
    moments = [
        t
        for state in raw["optimizer"]["state"].values()
        for t in state.values()
        if isinstance(t, torch.Tensor)
    ]
    assert moments and {t.device.type for t in moments} == {"cpu"}


def test_an_unavailable_device_is_a_clear_config_error(splits, monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ConfigError, match="no CUDA device"):
        MetaTrainer(tiny(device="cuda"), splits, PREP)
    tr = MetaTrainer(tiny(device="auto"), splits, PREP)
    assert tr.device.type == "cpu"


@CUDA
def test_cuda_meta_gradient_equals_cpu(splits, monkeypatch):
    """Same seed, same episode: the query loss and the meta-gradient agree to float32
    rounding (TF32 convolutions off; kernels sum in different orders). Parameters after Adam
    are not compared: its first steps are ±lr·sign(g), which flips for near-zero g."""
    monkeypatch.setattr(torch.backends.cudnn, "allow_tf32", False)
    grads, losses = [], []
    for device in ("cpu", "cuda"):
        tr = MetaTrainer(tiny(device=device), splits, PREP)
        _, _, loss, _, _ = tr._episode_loss(0)
        loss.backward()
        losses.append(loss.item())
        grads.append(torch.cat([p.grad.reshape(-1).cpu() for p in tr.meta.parameters()]))
    assert losses[1] == pytest.approx(losses[0], rel=1e-4)
    assert float((grads[1] - grads[0]).norm() / grads[0].norm()) < 1e-3


@CUDA
def test_cuda_inner_loop_never_waits_for_the_host(splits):
    """No .item(), no host copies inside the T inner steps: CUDA's sync debug mode raises on
    any synchronising call."""
    from engine.model.adapt import adapt

    tr = MetaTrainer(tiny(device="cuda", inner_batch=0), splits, PREP)
    ep = tr.sample_episode(0)
    x, y = ep.support_x.cuda(), ep.support_y.cuda()
    adapt(tr.meta, tr.learner, x, y, 5, 3)  # warm-up (lazy initialisations may sync)
    torch.cuda.synchronize()
    torch.cuda.set_sync_debug_mode("error")
    try:
        adapt(tr.meta, tr.learner, x, y, 5, 3)
    finally:
        torch.cuda.set_sync_debug_mode("default")


@CUDA
def test_mixed_precision_on_cuda_trains(splits):
    tr = MetaTrainer(tiny(device="cuda", amp=True), splits, PREP)
    ref = MetaTrainer(tiny(device="cuda"), splits, PREP)
    a, b = tr.step(), ref.step()
    assert abs(a.meta_loss - b.meta_loss) < 0.05 * abs(b.meta_loss) + 1e-3
