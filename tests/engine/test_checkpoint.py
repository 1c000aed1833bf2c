"""Checkpoints: atomic writes; corrupt, truncated, foreign and newer files are refused clearly."""
import pickle

import pytest
import torch

from engine.checkpoint import FORMAT, VERSION, build_models, load_model, read_checkpoint, save_checkpoint
from engine.config import Config
from engine.episodes import Preprocessing
from engine.errors import CheckpointError


@pytest.fixture()
def ckpt(tmp_path):
    cfg = Config(filters=4, dataset="synthetic")
    learner, meta = build_models(cfg, torch.Generator().manual_seed(0))
    path = save_checkpoint(tmp_path / "m.pt", config=cfg, preprocessing=Preprocessing(28, 1, True),
                           meta=meta, trainer={"episode": 7})
    return path, meta


def test_roundtrip(ckpt):
    path, meta = ckpt
    model = load_model(path)
    for (k, a), (_, b) in zip(meta.state_dict().items(), model.meta.state_dict().items()):
        assert torch.equal(a, b), k
    assert model.bundle["trainer"]["episode"] == 7
    assert not list(path.parent.glob("*.tmp"))


def test_truncated(ckpt, tmp_path):
    path, _ = ckpt
    bad = tmp_path / "trunc.pt"
    bad.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(CheckpointError, match="corrupt or truncated"):
        read_checkpoint(bad)


def test_garbage(tmp_path):
    bad = tmp_path / "junk.pt"
    bad.write_bytes(b"this is not a checkpoint at all" * 10)
    with pytest.raises(CheckpointError, match="junk.pt"):
        read_checkpoint(bad)


def test_foreign_torch_file(tmp_path):
    f = tmp_path / "foreign.pt"
    torch.save({"state_dict": {"w": torch.zeros(3)}}, f)
    with pytest.raises(CheckpointError, match="not a Meta-LSTM Explorer checkpoint"):
        read_checkpoint(f)


def test_pickled_object_is_refused_without_running_it(tmp_path):
    class Evil:
        def __reduce__(self):
            return (print, ("pwned",))

    f = tmp_path / "evil.pt"
    torch.save({"format": FORMAT, "version": VERSION, "x": Evil()}, f)
    with pytest.raises(CheckpointError, match="evil.pt"):
        read_checkpoint(f)


def test_newer_format(ckpt, tmp_path):
    path, _ = ckpt
    bundle = torch.load(path, weights_only=True)
    bundle["version"] = VERSION + 1
    newer = tmp_path / "newer.pt"
    torch.save(bundle, newer)
    with pytest.raises(CheckpointError, match="newer"):
        read_checkpoint(newer)


def test_missing_file(tmp_path):
    with pytest.raises(CheckpointError, match="does not exist"):
        read_checkpoint(tmp_path / "nope.pt")


def test_weights_that_do_not_fit_the_config(ckpt, tmp_path):
    path, _ = ckpt
    bundle = torch.load(path, weights_only=True)
    bundle["config"]["filters"] = 8
    f = tmp_path / "mismatch.pt"
    torch.save(bundle, f)
    with pytest.raises(CheckpointError, match="do not fit"):
        load_model(f)
