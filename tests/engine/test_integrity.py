"""Checksums: what they tell apart, and that the decoded-image cache and the embedded asset
refuse damaged bytes (a damaged cache is rebuilt, a damaged asset is named)."""

import logging

import numpy as np
import pytest
import torch

from engine.data import datacache, omniglot
from engine.errors import DataError
from engine.integrity import digest, seal, verify


def test_the_digest_tells_apart_what_a_loader_would_confuse():
    base = {"a": torch.zeros(3), "n": 1}
    same = {"n": 1, "a": torch.zeros(3)}  # key order does not matter
    assert digest(base) == digest(same)
    for other in (
        {"a": torch.zeros(3), "n": 1.0},
        {"a": torch.zeros(3), "n": True},
        {"a": torch.zeros(3, dtype=torch.float64), "n": 1},
        {"a": torch.zeros(1, 3), "n": 1},
        {"a": torch.tensor([0.0, 0.0, 1e-45]), "n": 1},
    ):
        assert digest(other) != digest(base), other
    assert digest([1, 2]) != digest((1, 2))


def test_seal_and_verify():
    bundle = seal({"meta": {"w": torch.arange(4.0)}, "trainer": {"episode": 3}})
    assert verify(bundle) is True
    bundle["meta"]["w"][2] += 1e-6  # one weight changed in place
    assert verify(bundle) is False
    assert verify({"meta": {}}) is None  # written before checksums


def test_a_damaged_cache_file_is_ignored_and_rebuilt(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path))
    arrays = {"images": np.arange(4096, dtype=np.uint8).reshape(64, 64)}
    path = datacache.save("test", "k", arrays)
    loaded = datacache.load("test", "k")
    assert loaded is not None and np.array_equal(loaded["images"], arrays["images"])
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01  # inside the stored (uncompressed) image bytes
    path.write_bytes(bytes(raw))
    assert datacache.load("test", "k") is None  # the zip's CRC or the digest refuses it
    changed = arrays["images"].copy()
    changed[3, 3] ^= 1  # a consistent file whose contents are not what was saved
    np.savez(path, images=changed, **{datacache.DIGEST_KEY: np.array(digest(arrays))})
    with caplog.at_level(logging.WARNING):
        assert datacache.load("test", "k") is None
    assert "damaged cache file" in caplog.text
    np.savez(path, **arrays)  # a cache file from before checksums: not trusted either
    assert datacache.load("test", "k") is None
    datacache.save("test", "k", arrays)  # rebuilt: trusted again
    assert np.array_equal(datacache.load("test", "k")["images"], arrays["images"])


def test_a_damaged_embedded_asset_is_named(monkeypatch):
    monkeypatch.setattr(omniglot, "_MEMORY", {})
    monkeypatch.setattr(omniglot, "ASSET_SHA256", "0" * 64)
    with pytest.raises(DataError, match="embedded Omniglot asset is damaged: .*omniglot28.npz"):
        omniglot.load_asset()


def test_the_shipped_checkpoints_are_sealed_and_intact():
    from engine.inference.shipped import SHIPPED, SHIPPED_DIR
    from engine.io.checkpoint import read_checkpoint

    for name in SHIPPED.values():
        bundle = read_checkpoint(SHIPPED_DIR / name)  # raises if damaged
        assert verify(bundle) is True, name


def test_a_tensor_with_odd_strides_hashes_by_its_values():
    """A damaged file can rebuild a tensor with any strides: a stride of 0 on a size-1
    dimension (found by the checkpoint fuzzer) hashes like the same values laid out plainly,
    and an expanded tensor like its materialised copy."""
    odd = torch.tensor([4.1661]).as_strided((1,), (0,))
    assert digest(odd) == digest(torch.tensor([4.1661]))
    wide = torch.tensor([1.5]).expand(3)
    assert digest(wide) == digest(torch.full((3,), 1.5))
