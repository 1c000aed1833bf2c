"""engine.data.datasets.load_splits dispatch, the folder dataset, and the synthetic dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from engine.config import Config
from engine.data.datasets import folder_splits, load_splits
from engine.data.episodes import EpisodeSampler, Preprocessing, episode_rng
from engine.data.synthetic import synthetic_splits
from engine.errors import DataError


@pytest.fixture(autouse=True)
def _tmp_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def make_classes(root: Path, n_classes: int, per_class: int = 3) -> None:
    rng = np.random.default_rng(1)
    for c in range(n_classes):
        d = root / f"c{c:02d}"
        d.mkdir(parents=True)
        for i in range(per_class):
            Image.fromarray(rng.integers(0, 256, (30, 20, 3), dtype=np.uint8)).save(d / f"{i}.png")


def names(splits) -> list[set[str]]:
    return [set(splits[s].class_names) for s in ("train", "val", "test")]


# ---------------------------------------------------------------------------- dispatch
def test_omniglot_default_uses_embedded_asset():
    splits, prep = load_splits(Config())
    assert prep == Preprocessing(28, 1, True)
    assert splits["train"].n_classes + splits["val"].n_classes == 964
    assert splits["test"].n_classes == 659 and splits["train"].images.shape[1:] == (28, 28, 1)


def test_omniglot_needs_one_channel_and_existing_path(tmp_path):
    with pytest.raises(DataError, match="channels"):
        load_splits(Config(channels=3))
    with pytest.raises(DataError, match="no_such_dir"):
        load_splits(Config(data_path=str(tmp_path / "no_such_dir")))


def test_synthetic_dispatch():
    splits, prep = load_splits(Config(dataset="synthetic", image_size=16, seed=3))
    assert prep == Preprocessing(16, 1, True)
    assert splits["train"].images.shape[1:] == (16, 16, 1)


@pytest.mark.parametrize("dataset", ["miniimagenet", "folder"])
def test_path_required_and_must_exist(dataset, tmp_path):
    with pytest.raises(DataError, match="needs data_path"):
        load_splits(Config(dataset=dataset, channels=3))
    with pytest.raises(DataError, match="missing_here"):
        load_splits(Config(dataset=dataset, channels=3, data_path=str(tmp_path / "missing_here")))


def test_miniimagenet_dispatch(tmp_path):
    from tests.engine.data.test_miniimagenet import make_set

    root = make_set(tmp_path / "mini", per_class=2)
    splits, prep = load_splits(
        Config(dataset="miniimagenet", data_path=str(root), image_size=20, channels=3)
    )
    assert prep == Preprocessing(20, 3, False)
    assert splits["train"].images.shape == (6, 20, 20, 3)


# ---------------------------------------------------------------------------- folder
def test_flat_folder_split_70_15_15_by_class(tmp_path):
    make_classes(tmp_path / "data", 20)
    cfg = Config(dataset="folder", data_path=str(tmp_path / "data"), image_size=12, channels=3)
    splits, prep = load_splits(cfg)
    assert prep == Preprocessing(12, 3, False)
    tr, va, te = names(splits)
    assert (len(tr), len(va), len(te)) == (14, 3, 3)
    assert not (tr & va) and not (tr & te) and not (va & te)
    assert tr | va | te == {f"c{c:02d}" for c in range(20)}
    again, _ = load_splits(cfg.replace(seed=99))  # fixed split seed: run seed does not matter
    assert names(again) == [tr, va, te]


def test_folder_with_split_subfolders(tmp_path):
    for split, n in (("train", 5), ("val", 2), ("test", 3)):
        make_classes(tmp_path / "d" / split, n, per_class=2)
    splits = folder_splits(tmp_path / "d", 10, 1)
    assert [splits[s].n_classes for s in ("train", "val", "test")] == [5, 2, 3]
    assert splits["test"].images.shape == (6, 10, 10, 1)


def test_folder_without_val_holds_out_train_classes(tmp_path):
    make_classes(tmp_path / "d" / "train", 10, per_class=1)
    make_classes(tmp_path / "d" / "test", 4, per_class=1)
    splits = folder_splits(tmp_path / "d", 8, 3, val_fraction=0.2)
    assert [splits[s].n_classes for s in ("train", "val", "test")] == [8, 2, 4]
    (tmp_path / "e" / "val").mkdir(parents=True)
    with pytest.raises(DataError, match="train/"):
        folder_splits(tmp_path / "e", 8, 3)


def test_folder_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="no class folders"):
        folder_splits(tmp_path / "empty", 8, 1)
    make_classes(tmp_path / "two", 2)
    with pytest.raises(DataError, match="too few"):
        folder_splits(tmp_path / "two", 8, 1)


def test_folder_bad_files_warned(tmp_path):
    make_classes(tmp_path / "data", 8)
    (tmp_path / "data" / "c03" / "oops.png").write_bytes(b"no")
    with pytest.warns(UserWarning, match="oops.png"):
        folder_splits(tmp_path / "data", 8, 1)


# ---------------------------------------------------------------------------- synthetic
def test_synthetic_deterministic_and_disjoint():
    a = synthetic_splits(seed=5)
    b = synthetic_splits(seed=5)
    c = synthetic_splits(seed=6)
    assert np.array_equal(a["train"].images, b["train"].images)
    assert not np.array_equal(a["train"].images, c["train"].images)
    assert [a[s].n_classes for s in ("train", "val", "test")] == [24, 8, 8]
    tr, va, te = names(a)
    assert not (tr & va) and not (tr & te) and not (va & te)
    rgb = synthetic_splits(n_classes=10, per_class=4, size=20, channels=3)
    assert rgb["train"].images.shape == (24, 20, 20, 3)


def test_synthetic_is_learnable_from_one_shot():
    """Nearest-neighbour in pixel space on held-out classes is far above 20% chance, and
    images within a class really vary (not copies)."""
    test = synthetic_splits()["test"]
    sampler = EpisodeSampler(test, way=5, shot=1, query=5, split="test")
    acc = []
    for i in range(100):
        ep = sampler.sample(episode_rng(0, i, "test"))
        d = torch.cdist(ep.query_x.flatten(1), ep.support_x.flatten(1))
        acc.append((d.argmin(1) == ep.query_y).float().mean().item())
    assert np.mean(acc) > 0.6
    idx = test.indices_of(0)
    assert not np.array_equal(test.images[idx[0]], test.images[idx[1]])
