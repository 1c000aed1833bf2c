"""The baselines' pretrained learner on disk: sealed and read back as written, found in the
cache the second time (no second pretraining), a damaged file replaced, a wrong shape refused;
the Omniglot presets find the shipped one."""

import pytest
import torch

from engine.config import Config, load_config, preset_dir
from engine.errors import CheckpointError
from engine.io import pretrained as store
from engine.io.checkpoint import build_models
from engine.model.baselines import PretrainedBody
from engine.model.learner import BNState, Learner
from engine.training.pretrain import PretrainSettings

SETTINGS = PretrainSettings(iterations=3, lr=0.1, batch=8)


def _body(learner):
    bn = BNState([torch.rand(learner.filters) for _ in range(4)], [torch.rand(4) + 1] * 4)
    return PretrainedBody(torch.randn(learner.body_size), bn, classes=7, train_acc=0.25)


def test_written_and_read_back(tmp_path):
    learner = Learner(1, 28, 4, 3)
    pre = _body(learner)
    path = store.save_pretrained(tmp_path / "p.pt", pre, learner, SETTINGS)
    back = store.read_pretrained(path, learner)
    assert torch.equal(back.body, pre.body) and (back.classes, back.train_acc) == (7, 0.25)
    assert all(torch.equal(a, b) for a, b in zip(back.bn.vars, pre.bn.vars))
    with pytest.raises(CheckpointError, match="shape"):
        store.read_pretrained(path, Learner(1, 28, 8, 3))


def test_a_damaged_or_foreign_file_is_refused(tmp_path):
    learner = Learner(1, 28, 4, 3)
    path = store.save_pretrained(tmp_path / "p.pt", _body(learner), learner, SETTINGS)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    (tmp_path / "bad.pt").write_bytes(bytes(raw))
    with pytest.raises(CheckpointError):
        store.read_pretrained(tmp_path / "bad.pt", learner)
    torch.save({"format": "something else"}, tmp_path / "foreign.pt")
    with pytest.raises(CheckpointError, match="not a Meta-LSTM Explorer"):
        store.read_pretrained(tmp_path / "foreign.pt", learner)


def test_pretrained_once_then_read_from_the_cache(tmp_path, monkeypatch):
    from engine.data.synthetic import synthetic_splits

    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path))
    cfg = Config(dataset="synthetic", filters=4, way=3, rotations=False)
    learner, _ = build_models(cfg)
    train = synthetic_splits(n_classes=10, per_class=4, seed=0)["train"]
    first, path = store.load_or_pretrain(cfg, learner, train, SETTINGS)
    assert path is not None and path.parent == tmp_path / "pretrained"
    monkeypatch.setattr(store, "pretrain", lambda *a, **k: pytest.fail("pretrained again"))
    again, same = store.load_or_pretrain(cfg, learner, train, SETTINGS)
    assert same == path and torch.equal(again.body, first.body)
    path.write_bytes(b"PK garbage")  # damaged: ignored with a note, pretrained again
    monkeypatch.setattr(store, "pretrain", lambda *a, **k: first)
    assert store.load_or_pretrain(cfg, learner, train, SETTINGS)[1] == path
    assert store.read_pretrained(path, learner).classes == first.classes


def test_the_key_follows_the_data_and_the_shape_not_the_task():
    base = Config(dataset="omniglot", filters=32)
    key = store.pretrained_key
    assert key(base, SETTINGS) == key(base.replace(way=20, shot=5, bn_momentum=0.95), SETTINGS)
    assert key(base, SETTINGS) != key(base.replace(filters=16), SETTINGS)
    assert key(base, SETTINGS) != key(base.replace(rotations=not base.rotations), SETTINGS)
    assert key(base, SETTINGS) != key(base, PretrainSettings(iterations=4))


@pytest.mark.parametrize("lr", [0.01, 0.1])
@pytest.mark.parametrize("preset", ["omniglot-5w1s", "omniglot-5w5s", "omniglot-20w1s"])
def test_the_omniglot_presets_find_the_shipped_pretrained_learner(preset, lr):
    """The authors' recipe (lr 0.01) and the lr 0.1 one docs/RESULTS.md also reports."""
    cfg = load_config(preset_dir() / f"{preset}.yaml")
    path = store.shipped_dir() / store.file_name(cfg, PretrainSettings(lr=lr))
    assert path.is_file(), f"no shipped pretrained learner {path.name}"
    learner, _ = build_models(cfg)
    pre = store.read_pretrained(path, learner)
    assert pre.classes == 4 * 819  # the background characters kept for training, × 4 rotations
