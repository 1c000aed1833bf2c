"""engine.data.images: any format/mode/size decodes to uint8 (size, size, C); bad files -> DataError."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.data.images import (
    IMAGE_EXTENSIONS,
    decode_many,
    load_class_folders,
    load_image,
    prepare_image,
    scan_images,
)
from engine.errors import DataError


@pytest.fixture(autouse=True)
def _tmp_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def _pattern(w: int, h: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)


# (file name, mode, save kwargs)
CASES = [
    ("rgb.png", "RGB", {}),
    ("grey.png", "L", {}),
    ("bits.png", "1", {}),
    ("pal.png", "P", {}),
    ("alpha.png", "RGBA", {}),
    ("la.png", "LA", {}),
    ("deep.png", "I;16", {}),
    ("photo.jpg", "RGB", {"quality": 90}),
    ("grey.jpeg", "L", {}),
    ("cmyk.jpg", "CMYK", {}),
    ("pic.bmp", "RGB", {}),
    ("anim.gif", "P", {}),
    ("pic.webp", "RGB", {}),
    ("pic.tiff", "RGB", {}),
    ("cmyk.tif", "CMYK", {}),
    ("UPPER.PNG", "L", {}),
]


def _write(path: Path, mode: str, w: int, h: int, **kw) -> None:
    arr = _pattern(w, h)
    if mode == "I;16":
        Image.fromarray((arr[..., 0].astype(np.uint16) * 257)).save(path, **kw)
        return
    img = Image.fromarray(arr).convert(mode)
    if path.suffix == ".gif":
        frames = [img, Image.fromarray(255 - arr).convert("P")]
        frames[0].save(path, save_all=True, append_images=frames[1:])
        return
    img.save(path, **kw)


@pytest.mark.parametrize("name,mode,kw", CASES)
@pytest.mark.parametrize("channels", [1, 3])
def test_formats_and_modes_load_to_shape(tmp_path, name, mode, kw, channels):
    path = tmp_path / name
    _write(path, mode, 37, 23, **kw)  # non-square, not the target size
    out = load_image(path, 28, channels, invert=False)
    assert out.shape == (28, 28, channels) and out.dtype == np.uint8
    assert out.std() > 5  # content survived (not a constant image)


@pytest.mark.parametrize("w,h", [(5, 5), (28, 28), (300, 120), (105, 105)])
def test_any_size_resized(tmp_path, w, h):
    path = tmp_path / "x.png"
    Image.fromarray(_pattern(w, h)).save(path)
    assert load_image(path, 28, 3, False).shape == (28, 28, 3)
    if (w, h) == (28, 28):  # no resampling at the target size: pixels kept exactly
        assert np.array_equal(load_image(path, 28, 3, False), _pattern(w, h))


def test_gif_uses_first_frame(tmp_path):
    path = tmp_path / "anim.gif"
    first = Image.new("L", (16, 16), 0)
    second = Image.new("L", (16, 16), 255)
    first.save(path, save_all=True, append_images=[second])
    assert load_image(path, 16, 1, False).max() < 10


def test_transparency_composited_on_white_and_invert(tmp_path):
    path = tmp_path / "clear.png"
    img = Image.new("RGBA", (20, 20), (0, 0, 0, 0))  # fully transparent black
    img.putpixel((5, 5), (0, 0, 0, 255))
    img.save(path)
    plain = load_image(path, 20, 1, invert=False)
    assert plain[0, 0, 0] == 255 and plain[5, 5, 0] == 0
    inverted = load_image(path, 20, 1, invert=True)
    assert inverted[0, 0, 0] == 0 and inverted[5, 5, 0] == 255


def test_16bit_keeps_contrast(tmp_path):
    path = tmp_path / "deep.png"
    arr = np.zeros((8, 8), np.uint16)
    arr[:, 4:] = 65535
    arr[:, 2:4] = 32896  # mid grey
    Image.fromarray(arr).save(path)
    out = load_image(path, 8, 1, False)[..., 0]
    assert out[0, 0] == 0 and out[0, 7] == 255 and 120 < out[0, 2] < 135


def test_grey_and_colour_conversion_values(tmp_path):
    path = tmp_path / "red.png"
    Image.new("RGB", (4, 4), (255, 0, 0)).save(path)
    assert tuple(load_image(path, 4, 3, False)[0, 0]) == (255, 0, 0)
    assert load_image(path, 4, 1, False)[0, 0, 0] == 76  # ITU-R 601-2 luma of pure red
    assert load_image(path, 4, 1, True)[0, 0, 0] == 255 - 76


def test_prepare_image_from_pil_matches_file(tmp_path):
    img = Image.fromarray(_pattern(50, 40))
    path = tmp_path / "p.png"
    img.save(path)
    assert np.array_equal(prepare_image(img, 28, 1, True), load_image(path, 28, 1, True))


def test_bytes_source(tmp_path):
    path = tmp_path / "b.png"
    Image.fromarray(_pattern(9, 9)).save(path)
    assert np.array_equal(load_image(path.read_bytes(), 9, 3, False), load_image(path, 9, 3, False))


@pytest.mark.parametrize(
    "name,content",
    [
        ("garbage.png", b"\x00\x01 definitely not a png" * 10),
        ("notes.jpg", b"hello, I am text\n"),
        ("empty.bmp", b""),
    ],
)
def test_non_image_raises_dataerror_naming_file(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError, match=name):
        load_image(path, 28, 1, False)


def test_truncated_png_raises_dataerror(tmp_path):
    good = tmp_path / "good.png"
    Image.fromarray(_pattern(64, 64)).save(good)
    bad = tmp_path / "truncated.png"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(DataError, match="truncated.png"):
        load_image(bad, 28, 3, False)


def test_missing_file_and_folder_raise_dataerror(tmp_path):
    with pytest.raises(DataError, match="nothere.png"):
        load_image(tmp_path / "nothere.png", 28, 1, False)
    with pytest.raises(DataError, match="adir"):
        (tmp_path / "adir").mkdir()
        load_image(tmp_path / "adir", 28, 1, False)


def test_scan_images_sorted_case_insensitive_no_hidden(tmp_path):
    for name in ["b.PNG", "a.JpG", "c.webp", ".hidden.png", "readme.txt", "z.tiff"]:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "sub.png").mkdir()  # a folder, even with an image-like name, is not an image
    assert [p.name for p in scan_images(tmp_path)] == ["a.JpG", "b.PNG", "c.webp", "z.tiff"]
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    for name in ["Delta.png", "alpha.png", "Charlie.png", "bravo.png"]:
        (mixed / name).write_bytes(b"x")
    # a case-sensitive sort would put the capitals first: Charlie, Delta, alpha, bravo
    assert [p.name for p in scan_images(mixed)] == [
        "alpha.png",
        "bravo.png",
        "Charlie.png",
        "Delta.png",
    ]
    assert {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"} <= IMAGE_EXTENSIONS
    with pytest.raises(DataError, match="missing"):
        scan_images(tmp_path / "missing")


def _class_tree(root: Path) -> None:
    for c, n in (("cat", 3), ("dog", 2)):
        (root / c).mkdir(parents=True)
        for i in range(n):
            Image.fromarray(_pattern(30 + i, 20, seed=i)).save(root / c / f"{i}.png")
    (root / "dog" / "broken.jpg").write_bytes(b"not a jpeg")
    (root / "dog" / "notes.txt").write_text("hi")
    (root / "dog" / ".DS_Store").write_bytes(b"\0")
    (root / "empty").mkdir()
    (root / "only_junk").mkdir()
    (root / "only_junk" / "x.png").write_bytes(b"junk")
    (root / "README.md").write_text("a file at the root is not a class")


def test_load_class_folders_skips_and_reports(tmp_path):
    _class_tree(tmp_path)
    data, skipped = load_class_folders(tmp_path, 16, 3, invert=False)
    assert data.class_names == ["cat", "dog"]
    assert len(data) == 5 and data.images.shape == (5, 16, 16, 3)
    assert list(data.labels) == [0, 0, 0, 1, 1]
    text = "\n".join(skipped)
    assert "broken.jpg" in text and "notes.txt" in text
    assert "empty" in text and "only_junk" in text
    assert ".DS_Store" not in text  # hidden files are ignored silently
    assert len(skipped) == 5  # broken.jpg, notes.txt, x.png, and the 2 class folders
    expected = load_image(tmp_path / "cat" / "1.png", 16, 3, False)
    assert np.array_equal(data.images[1], expected)


def test_load_class_folders_errors(tmp_path):
    with pytest.raises(DataError, match="nowhere"):
        load_class_folders(tmp_path / "nowhere", 16, 1, False)
    (tmp_path / "flat.png").write_bytes(b"x")
    with pytest.raises(DataError, match=str(tmp_path)):
        load_class_folders(tmp_path, 16, 1, False)  # files but no class folders
    (tmp_path / "c1").mkdir()
    with pytest.raises(DataError, match="no usable images"):
        load_class_folders(tmp_path, 16, 1, False)


def test_parallel_decode_equals_serial(tmp_path, monkeypatch, caplog):
    paths = []
    for i in range(12):
        p = tmp_path / f"{i}.png"
        Image.fromarray(_pattern(40, 33, seed=i)).save(p)
        paths.append(p)
    (tmp_path / "bad.png").write_bytes(b"bad")
    paths.insert(5, tmp_path / "bad.png")
    monkeypatch.setenv("MLSTM_DATA_WORKERS", "1")
    serial = decode_many(paths, 20, 1, True)
    monkeypatch.setenv("MLSTM_DATA_WORKERS", "2")
    parallel = decode_many(paths, 20, 1, True)
    assert np.array_equal(serial[0], parallel[0]) and serial[0].shape == (12, 20, 20, 1)
    assert list(serial[1]) == list(parallel[1]) and not serial[1][5]
    assert serial[2] == parallel[2] and "bad.png" in serial[2][0]
    assert "parallel decoding unavailable" not in caplog.text  # the pool really ran
