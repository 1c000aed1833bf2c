"""Checkpoints: atomic writes; corrupt, truncated, foreign, newer and damaged (bit-flipped)
files are refused clearly; the previous version is kept; only CPU tensors are stored."""

import logging
import zipfile

import pytest
import torch

from engine.config import Config
from engine.data.episodes import Preprocessing
from engine.errors import CheckpointError
from engine.integrity import seal
from engine.io.checkpoint import (
    FORMAT,
    VERSION,
    build_models,
    load_model,
    read_checkpoint,
    save_checkpoint,
)


@pytest.fixture()
def ckpt(tmp_path):
    cfg = Config(filters=4, dataset="synthetic")
    learner, meta = build_models(cfg, torch.Generator().manual_seed(0))
    path = save_checkpoint(
        tmp_path / "m.pt",
        config=cfg,
        preprocessing=Preprocessing(28, 1, True),
        meta=meta,
        trainer={"episode": 7},
    )
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
    torch.save(seal(bundle), f)  # a consistent file whose weights do not fit
    with pytest.raises(CheckpointError, match="do not fit"):
        load_model(f)


def _flip_inside_tensor_data(path, member_suffix="/data/0", at=0.5):
    """Flip one bit in the middle of a stored tensor's bytes, leaving the zip itself valid
    (torch's reader does not check the data: this is the damage that went unnoticed)."""
    with zipfile.ZipFile(path) as z:
        info = max((i for i in z.infolist() if "/data/" in i.filename), key=lambda i: i.file_size)
        assert info.compress_type == zipfile.ZIP_STORED
    raw = bytearray(path.read_bytes())
    name_len = int.from_bytes(raw[info.header_offset + 26 : info.header_offset + 28], "little")
    extra_len = int.from_bytes(raw[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    raw[start + int(info.file_size * at)] ^= 0x10
    path.write_bytes(bytes(raw))


def test_a_bit_flip_inside_the_tensor_data_is_refused(ckpt, tmp_path):
    path, _ = ckpt
    bad = tmp_path / "flipped.pt"
    bad.write_bytes(path.read_bytes())
    _flip_inside_tensor_data(bad)
    with pytest.raises(CheckpointError, match=r"flipped\.pt is damaged"):
        load_model(bad)


def test_a_damaged_checkpoint_names_its_intact_previous_version(tmp_path):
    cfg = Config(filters=4, dataset="synthetic")
    _, meta = build_models(cfg, torch.Generator().manual_seed(0))
    prep = Preprocessing(28, 1, True)
    path = tmp_path / "last.pt"
    save_checkpoint(path, config=cfg, preprocessing=prep, meta=meta, trainer={"episode": 3})
    first = path.read_bytes()
    save_checkpoint(path, config=cfg, preprocessing=prep, meta=meta, trainer={"episode": 6})
    assert (tmp_path / "last.pt.bak").read_bytes() == first  # the previous version, kept
    _flip_inside_tensor_data(path)
    with pytest.raises(
        CheckpointError,
        match=r"previous version is intact: use .*last\.pt\.bak"
        r", episode 3",
    ):
        read_checkpoint(path)


def test_a_checkpoint_without_a_checksum_loads_with_a_note(ckpt, tmp_path, caplog):
    path, meta = ckpt
    bundle = torch.load(path, weights_only=True)
    del bundle["integrity"]
    old = tmp_path / "old.pt"
    torch.save(bundle, old)
    with caplog.at_level(logging.WARNING):
        model = load_model(old)
    assert "has no checksum" in caplog.text and "old.pt" in caplog.text
    assert all(
        torch.equal(a, b)
        for a, b in zip(meta.state_dict().values(), model.meta.state_dict().values())
    )


def test_every_stored_tensor_is_on_the_cpu_optimizer_state_included(tmp_path):
    cfg = Config(filters=4, dataset="synthetic")
    _, meta = build_models(cfg, torch.Generator().manual_seed(0))
    opt = torch.optim.Adam(meta.parameters(), lr=1e-3)
    sum(p.sum() for p in meta.parameters()).backward()
    opt.step()  # now Adam holds moment tensors
    path = save_checkpoint(
        tmp_path / "m.pt",
        config=cfg,
        preprocessing=Preprocessing(28, 1, True),
        meta=meta,
        optimizer=opt,
    )
    bundle = torch.load(path, weights_only=True)  # no map_location: the devices as stored

    def tensors(obj):
        if isinstance(obj, torch.Tensor):
            yield obj
        elif isinstance(obj, dict):
            for v in obj.values():
                yield from tensors(v)
        elif isinstance(obj, (list, tuple)):
            for v in obj:
                yield from tensors(v)

    found = list(tensors(bundle))
    assert len(found) > len(meta.state_dict())  # the optimizer's moments are in there
    assert {t.device.type for t in found} == {"cpu"}
