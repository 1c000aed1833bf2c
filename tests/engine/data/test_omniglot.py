"""engine.data.omniglot: the embedded asset, reading the real zips / extracted folders, error paths."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.data import omniglot
from engine.errors import DataError

ZIPS = Path(__file__).resolve().parents[4] / "shared/data/omniglot"
HAVE_ZIPS = all((ZIPS / f"images_{s}.zip").is_file() for s in ("background", "evaluation"))
needs_zips = pytest.mark.skipif(not HAVE_ZIPS, reason=f"Omniglot zips not found in {ZIPS}")


@pytest.fixture(autouse=True)
def _isolated_caches(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    omniglot.clear_memory_cache()
    yield
    omniglot.clear_memory_cache()


# ---------------------------------------------------------------------------- embedded asset
def test_asset_contents():
    sets = omniglot.load_omniglot(None)
    bg, ev = sets["background"], sets["evaluation"]
    assert (len(bg), bg.n_classes, len(ev), ev.n_classes) == (19280, 964, 13180, 659)
    alphabets = {n.split("/")[0] for n in bg.class_names + ev.class_names}
    assert len(alphabets) == 50
    assert len({n.split("/")[0] for n in bg.class_names}) == 30
    assert bg.images.shape[1:] == (28, 28, 1) and bg.images.dtype == np.uint8
    assert np.all(bg.class_counts() == 20) and np.all(ev.class_counts() == 20)
    assert all(n.split("/")[1].startswith("character") for n in bg.class_names)
    # ink is high: a dark background with bright strokes
    assert bg.images.mean() < 40 and bg.images.max() == 255
    ink = (bg.images > 127).reshape(len(bg), -1).sum(1)
    assert ink.min() > 0  # no blank image


def test_asset_splits_disjoint_and_sized():
    splits = omniglot.omniglot_splits(None)
    tr, va, te = splits["train"], splits["val"], splits["test"]
    assert va.n_classes == round(0.15 * 964) and tr.n_classes == 964 - va.n_classes
    assert te.n_classes == 659 and len(tr) + len(va) == 19280
    names = [set(s.class_names) for s in (tr, va, te)]
    assert not (names[0] & names[1]) and not (names[0] & names[2]) and not (names[1] & names[2])
    # validation characters come from many alphabets (held-out characters, not alphabets)
    assert len({n.split("/")[0] for n in va.class_names}) > 20
    # deterministic and independent of anything else
    again = omniglot.omniglot_splits(None)
    assert again["val"].class_names == va.class_names
    other = omniglot.omniglot_splits(None, val_fraction=0.3)
    assert other["val"].n_classes == round(0.3 * 964)
    # images follow their class through the split
    src = omniglot.load_omniglot(None)["background"]
    name = va.class_names[3]
    c = src.class_names.index(name)
    assert np.array_equal(va.images[va.indices_of(3)], src.images[src.indices_of(c)])


def test_asset_resampled_to_other_size_warns():
    with pytest.warns(UserWarning, match="resampling"):
        sets = omniglot.load_omniglot(None, size=32)
    assert sets["evaluation"].images.shape[1:] == (32, 32, 1)


def test_missing_asset_is_dataerror(tmp_path):
    with pytest.raises(DataError, match="nothing.npz"):
        omniglot.load_asset(tmp_path / "nothing.npz")


# ---------------------------------------------------------------------------- helpers
def _copy_alphabets(src_zip: Path, alphabets: list[str], dest: Path, as_zip: bool) -> None:
    """Put the given alphabets of one real archive into dest (a new zip, or extracted files)."""
    with zipfile.ZipFile(src_zip) as zin:
        members = [n for n in zin.namelist() if n.endswith(".png") and n.split("/")[1] in alphabets]
        if as_zip:
            with zipfile.ZipFile(dest, "w") as zout:
                for m in members:
                    zout.writestr(m, zin.read(m))
        else:
            for m in members:
                target = dest / m
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(zin.read(m))


def _asset_subset(set_name: str, alphabets: list[str]):
    asset = omniglot.load_omniglot(None)[set_name]
    classes = [i for i, n in enumerate(asset.class_names) if n.split("/")[0] in alphabets]
    return asset.subset(classes)


def _same(a, b) -> None:
    assert a.class_names == b.class_names
    assert np.array_equal(a.labels, b.labels)
    assert np.array_equal(a.images, b.images)


BG_SMALL = ["Blackfoot_(Canadian_Aboriginal_Syllabics)", "Ojibwe_(Canadian_Aboriginal_Syllabics)"]
EV_SMALL = ["Angelic", "Tengwar"]


# ---------------------------------------------------------------------------- real archives
@needs_zips
def test_zip_subset_decodes_identical_to_asset(tmp_path):
    small = tmp_path / "images_background.zip"
    _copy_alphabets(ZIPS / "images_background.zip", BG_SMALL, small, as_zip=True)
    data, skipped = omniglot.load_omniglot_set(small)
    assert skipped == [] and data.n_classes == 14 + 14
    _same(data, _asset_subset("background", BG_SMALL))


@needs_zips
def test_extracted_folder_layout(tmp_path):
    root = tmp_path / "omniglot-py"
    root.mkdir()
    _copy_alphabets(ZIPS / "images_background.zip", BG_SMALL, root, as_zip=False)
    _copy_alphabets(ZIPS / "images_evaluation.zip", EV_SMALL, root, as_zip=False)
    assert (root / "images_background" / BG_SMALL[0] / "character01").is_dir()
    for path in (root, tmp_path, root / "images_evaluation"):  # parent, grandparent, one set
        sets = omniglot.load_omniglot(path)
        _same(sets["background"], _asset_subset("background", BG_SMALL))
        _same(sets["evaluation"], _asset_subset("evaluation", EV_SMALL))
    splits = omniglot.omniglot_splits(root, val_fraction=0.25)
    assert splits["val"].n_classes == 7 and splits["test"].n_classes == 20 + 25


@needs_zips
def test_disk_cache_roundtrip(tmp_path, monkeypatch):
    small = tmp_path / "images_evaluation.zip"
    _copy_alphabets(ZIPS / "images_evaluation.zip", EV_SMALL[:1], small, as_zip=True)
    cache = tmp_path / "c"
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(cache))
    first, _ = omniglot.load_omniglot_set(small)
    assert len(list(cache.glob("omniglot-*.npz"))) == 1
    omniglot.clear_memory_cache()
    monkeypatch.setattr(omniglot, "decode_zip_members", None)  # would fail if it decoded again
    second, _ = omniglot.load_omniglot_set(small)
    _same(first, second)
    assert second is not first


@needs_zips
def test_real_zip_pair_located_from_either_zip():
    found = omniglot.find_sets(ZIPS / "images_evaluation.zip")
    assert found == {
        "background": ZIPS / "images_background.zip",
        "evaluation": ZIPS / "images_evaluation.zip",
    }
    assert omniglot.find_sets(ZIPS) == found


# ---------------------------------------------------------------------------- synthetic archives
def _png(ink: bool = True) -> bytes:
    img = Image.new("1", (105, 105), 1)
    if ink:
        for i in range(20, 80):
            img.putpixel((i, i), 0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _fake_set(path: Path, prefix: str, corrupt: str | None = None) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for a in ("Alpha", "Beta"):
            for c in (1, 2, 10):
                for d in range(1, 4):
                    name = f"{prefix}/{a}/character{c:02d}/{c:04d}_{d:02d}.png"
                    zf.writestr(name, b"garbage" if name.endswith(corrupt or "?") else _png())
        zf.writestr(f"__MACOSX/{prefix}/Alpha/character01/._0001_01.png", b"junk")


def test_fake_archive_ordering_and_corrupt_png_skipped(tmp_path):
    _fake_set(
        tmp_path / "images_background.zip",
        "images_background",
        corrupt="Beta/character02/0002_03.png",
    )
    _fake_set(tmp_path / "images_evaluation.zip", "images_evaluation")
    with pytest.warns(UserWarning, match="0002_03.png"):
        sets = omniglot.load_omniglot(tmp_path)
    bg = sets["background"]
    assert bg.class_names == [
        "Alpha/character01",
        "Alpha/character02",
        "Alpha/character10",
        "Beta/character01",
        "Beta/character02",
        "Beta/character10",
    ]
    assert list(bg.class_counts()) == [3, 3, 3, 3, 2, 3]
    assert bg.images.mean() > 0 and bg.images[0, 0, 0, 0] == 0  # ink high, paper 0
    with pytest.warns(UserWarning, match="1 item"):  # reported again from the memory cache
        data, skipped = omniglot.load_omniglot_set(tmp_path / "images_background.zip")
    assert len(skipped) == 1 and "images_background.zip" in skipped[0]


def test_unwritable_cache_falls_back_to_a_temporary_one_with_a_note(tmp_path, monkeypatch, caplog):
    from engine.data import datacache

    _fake_set(tmp_path / "images_background.zip", "images_background")
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    monkeypatch.setattr(datacache, "_fallback_dir", lambda: tmp_path / "fallback")
    monkeypatch.setattr(datacache, "_FALLBACK", {})
    data, skipped = omniglot.load_omniglot_set(tmp_path / "images_background.zip")
    assert data.n_classes == 6 and skipped == []
    assert "cannot be written" in caplog.text and str(tmp_path / "fallback") in caplog.text
    assert list((tmp_path / "fallback").glob("*.npz"))  # the next load reads it back
    monkeypatch.setattr(datacache, "_fallback_dir", lambda: blocker / "neither")
    monkeypatch.setattr(datacache, "_FALLBACK", {})
    omniglot._MEMORY.clear()
    data, _ = omniglot.load_omniglot_set(tmp_path / "images_background.zip")
    assert data.n_classes == 6 and "data cache not written" in caplog.text  # still loads


def test_cache_dir_resolution(monkeypatch, tmp_path):
    from engine.data import datacache

    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path / "m"))
    assert datacache.cache_dir() == tmp_path / "m"
    monkeypatch.delenv("MLSTM_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "x"))
    assert datacache.cache_dir() == tmp_path / "x" / "mlstm-explorer"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    assert datacache.cache_dir() == tmp_path / "h" / ".cache" / "mlstm-explorer"


def test_not_omniglot_zip_is_dataerror(tmp_path):
    bogus = tmp_path / "images_background.zip"
    with zipfile.ZipFile(bogus, "w") as zf:
        zf.writestr("photos/cat.png", _png())
        zf.writestr("readme.txt", "hello")
    _fake_set(tmp_path / "images_evaluation.zip", "images_evaluation")
    with pytest.raises(DataError, match="not an Omniglot archive.*images_background.zip"):
        omniglot.load_omniglot(tmp_path)
    other = tmp_path / "stuff.zip"
    other.write_bytes(bogus.read_bytes())
    with pytest.raises(DataError, match="stuff.zip"):
        omniglot.load_omniglot(other)
    text = tmp_path / "images_evaluation" / "x.zip"
    text.parent.mkdir()
    text.write_text("not a zip")
    with pytest.raises(DataError, match="x.zip"):
        omniglot.load_omniglot_set(text)


def test_not_omniglot_folder_is_dataerror(tmp_path):
    (tmp_path / "images_background" / "cats").mkdir(parents=True)
    (tmp_path / "images_evaluation" / "dogs").mkdir(parents=True)
    with pytest.raises(DataError, match="not an Omniglot folder.*images_background"):
        omniglot.load_omniglot(tmp_path)


def test_missing_paths_are_dataerrors(tmp_path):
    with pytest.raises(DataError, match="nowhere"):
        omniglot.omniglot_splits(tmp_path / "nowhere")
    with pytest.raises(DataError, match="no Omniglot data"):
        omniglot.load_omniglot(tmp_path)  # exists but holds nothing
    _fake_set(tmp_path / "images_background.zip", "images_background")
    with pytest.raises(DataError, match="images_evaluation"):
        omniglot.load_omniglot(tmp_path)  # the companion set is missing
    with pytest.raises(DataError, match="images_evaluation"):
        omniglot.load_omniglot(tmp_path / "images_background.zip")


def test_vinyals_split_pools_both_sets_into_1200_and_423_characters():
    sets = omniglot.load_omniglot(None)
    splits = omniglot.vinyals_split(sets, val_fraction=0.15)
    train, val, test = splits["train"], splits["val"], splits["test"]
    assert (train.n_classes, val.n_classes, test.n_classes) == (1020, 180, 423)
    names = [set(s.class_names) for s in (train, val, test)]
    assert not (names[0] & names[1] or names[0] & names[2] or names[1] & names[2])
    assert len(names[0] | names[1] | names[2]) == 1623
    alphabets = [{n.split("/")[0] for n in s} for s in (names[0], names[2])]
    assert alphabets[0] & alphabets[1]  # unlike Lake's split, test alphabets are seen in training
    again = omniglot.vinyals_split(sets, val_fraction=0.15)["test"]
    assert again.class_names == test.class_names  # a fixed split
