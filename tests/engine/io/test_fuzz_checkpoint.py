"""Property-based: the checkpoint loader on a real checkpoint truncated anywhere or with bits
flipped anywhere, on foreign zip files and on pickles with hostile reducers, loads or raises
CheckpointError naming the file; no reducer ever runs."""

import io
import os
import pickle
import zipfile

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.config import Config
from engine.data.episodes import Preprocessing
from engine.errors import CheckpointError
from engine.io.checkpoint import FORMAT, VERSION, build_models, load_model, save_checkpoint

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> bytes:
    cfg = Config(filters=4, hidden=4, dataset="synthetic")
    _, meta = build_models(cfg, torch.Generator().manual_seed(0))
    opt = torch.optim.Adam(meta.parameters())
    sum(p.sum() for p in meta.parameters()).backward()
    opt.step()
    path = save_checkpoint(
        tmp_path_factory.mktemp("ck") / "real.pt",
        config=cfg,
        preprocessing=Preprocessing(28, 1, True),
        meta=meta,
        optimizer=opt,
        trainer={"episode": 1},
    )
    return path.read_bytes()


def _load_or_refuse(data: bytes, folder, original: bytes | None = None) -> None:
    """Refused with the file named, or loaded with exactly the saved weights: never a
    silently different model."""
    path = folder / "fuzzed.pt"
    path.write_bytes(data)
    try:
        model = load_model(path)
    except CheckpointError as exc:
        assert "fuzzed.pt" in str(exc)
        return
    if original is not None:
        (folder / "original.pt").write_bytes(original)
        saved = load_model(folder / "original.pt").meta.state_dict()
        for name, value in model.meta.state_dict().items():
            assert torch.equal(value, saved[name]), name


@FUZZ
@given(st.floats(0, 1))
def test_truncated_anywhere(real, tmp_path_factory, cut):
    _load_or_refuse(real[: int(cut * len(real))], tmp_path_factory.mktemp("t"), real)


@FUZZ
@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 7)), min_size=1, max_size=4))
def test_bits_flipped_anywhere(real, tmp_path_factory, flips):
    raw = bytearray(real)
    for where, bit in flips:
        raw[min(int(where * len(raw)), len(raw) - 1)] ^= 1 << bit
    _load_or_refuse(bytes(raw), tmp_path_factory.mktemp("f"), real)


@FUZZ
@given(
    st.dictionaries(
        st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=12),
        st.binary(max_size=64),
        max_size=4,
    )
)
def test_foreign_zip_files(tmp_path_factory, members):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    _load_or_refuse(buf.getvalue(), tmp_path_factory.mktemp("z"))


class _Reducer:
    """Unpickling this would run `call(*args)`."""

    def __init__(self, call, args):
        self.call, self.args = call, args

    def __reduce__(self):
        return self.call, self.args


@pytest.mark.parametrize("call", [os.system, os.remove, eval, exec, __import__])
def test_hostile_reducers_never_run(tmp_path, call):
    marker = tmp_path / "owned"
    args = {
        os.system: (f"touch {marker}",),
        os.remove: (str(tmp_path / "victim"),),
        eval: (f"open({str(marker)!r}, 'w')",),
        exec: (f"open({str(marker)!r}, 'w')",),
        __import__: ("antigravity",),
    }[call]
    (tmp_path / "victim").write_text("still here", encoding="utf-8")
    bundle = {
        "format": FORMAT,
        "version": VERSION,
        "config": {},
        "preprocessing": {},
        "meta": {"w": _Reducer(call, args)},
    }
    for writer in ("torch", "pickle"):
        path = tmp_path / f"evil-{writer}.pt"
        if writer == "torch":
            torch.save(bundle, path)
        else:
            path.write_bytes(pickle.dumps(bundle))
        with pytest.raises(CheckpointError, match=f"evil-{writer}.pt"):
            load_model(path)
    assert not marker.exists() and (tmp_path / "victim").exists()
