"""engine.data.miniimagenet on a small generated set in the authors' layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.data.images import load_image
from engine.data.miniimagenet import miniimagenet_splits
from engine.errors import DataError

CLASSES = {
    "train": ["n01532829", "n01558993", "n01704323"],
    "val": ["n01855672", "n02091244"],
    "test": ["n01930112"],
}


@pytest.fixture(autouse=True)
def _tmp_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def make_set(root: Path, per_class: int = 8) -> Path:
    """6 classes x per_class images of random sizes, PNG and JPEG, with the three CSVs."""
    rng = np.random.default_rng(0)
    (root / "images").mkdir(parents=True)
    for split, classes in CLASSES.items():
        lines = ["filename,label"]
        for label in classes:
            for i in range(per_class):
                ext = ".jpg" if i % 2 else ".png"
                name = f"{label}{i + 1:08d}{ext}"
                w, h = rng.integers(40, 140, 2)
                Image.fromarray(rng.integers(0, 256, (h, w, 3), dtype=np.uint8)).save(
                    root / "images" / name
                )
                lines.append(f"{name},{label}")
        (root / f"{split}.csv").write_text("\n".join(lines) + "\n")
    return root


def test_loads_three_splits(tmp_path):
    root = make_set(tmp_path / "mini")
    splits = miniimagenet_splits(root)
    assert set(splits) == {"train", "val", "test"}
    for split, classes in CLASSES.items():
        data = splits[split]
        assert data.class_names == sorted(classes)
        assert data.images.shape == (8 * len(classes), 84, 84, 3)
        assert data.images.dtype == np.uint8
        assert list(data.class_counts()) == [8] * len(classes)
    first = load_image(root / "images" / "n0153282900000001.png", 84, 3, invert=False)
    assert np.array_equal(splits["train"].images[0], first)  # no inversion for photos


def test_size_and_grey_options(tmp_path):
    root = make_set(tmp_path / "mini", per_class=2)
    splits = miniimagenet_splits(root, size=32, channels=1)
    assert splits["val"].images.shape == (4, 32, 32, 1)


def test_cache_reused_and_invalidated(tmp_path, monkeypatch):
    root = make_set(tmp_path / "mini", per_class=3)
    cache = tmp_path / "cache"
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(cache))
    first = miniimagenet_splits(root)
    assert len(list(cache.glob("miniimagenet-*.npz"))) == 3
    import engine.data.miniimagenet as mod

    def boom(*a, **k):
        raise AssertionError("decoded again instead of using the cache")

    monkeypatch.setattr(mod, "decode_many", boom)
    second = miniimagenet_splits(root)
    assert np.array_equal(first["train"].images, second["train"].images)
    assert second["test"].class_names == first["test"].class_names
    # editing a listed image invalidates that split's cache entry
    Image.new("RGB", (50, 50), (1, 2, 3)).save(root / "images" / "n0193011200000001.png")
    with pytest.raises(AssertionError, match="decoded again"):
        miniimagenet_splits(root)


def test_missing_and_corrupt_images_skipped_and_reported(tmp_path):
    root = make_set(tmp_path / "mini")
    (root / "images" / "n0155899300000002.jpg").unlink()
    (root / "images" / "n0170432300000003.png").write_bytes(b"broken")
    with pytest.warns(UserWarning) as record:
        splits = miniimagenet_splits(root)
    text = " ".join(str(w.message) for w in record)
    assert "n0155899300000002.jpg" in text and "n0170432300000003.png" in text
    assert list(splits["train"].class_counts()) == [8, 7, 7]


def test_class_with_no_images_left_out(tmp_path):
    root = make_set(tmp_path / "mini", per_class=2)
    for i in (1, 2):
        ext = ".jpg" if i % 2 == 0 else ".png"
        (root / "images" / f"n02091244{i:08d}{ext}").unlink()
    with pytest.warns(UserWarning, match="n02091244"):
        splits = miniimagenet_splits(root)
    assert splits["val"].class_names == ["n01855672"]


def test_missing_layout_parts_are_dataerrors(tmp_path):
    with pytest.raises(DataError, match="nowhere"):
        miniimagenet_splits(tmp_path / "nowhere")
    root = make_set(tmp_path / "mini", per_class=1)
    (root / "val.csv").unlink()
    with pytest.raises(DataError, match="val.csv"):
        miniimagenet_splits(root)
    root2 = make_set(tmp_path / "mini2", per_class=1)
    for f in (root2 / "images").iterdir():
        f.unlink()
    (root2 / "images").rmdir()
    with pytest.raises(DataError, match="images"):
        miniimagenet_splits(root2)


def test_bad_csv_is_dataerror(tmp_path):
    root = make_set(tmp_path / "mini", per_class=1)
    (root / "test.csv").write_text("file,class\nx.jpg,n1\n")
    with pytest.raises(DataError, match="test.csv.*filename,label"):
        miniimagenet_splits(root)
    (root / "test.csv").write_text("filename,label\nonly_one_column\n")
    with pytest.raises(DataError, match="test.csv, line 2"):
        miniimagenet_splits(root)
    (root / "test.csv").write_text("filename,label\n")
    with pytest.raises(DataError, match="no images listed"):
        miniimagenet_splits(root)
