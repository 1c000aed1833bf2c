"""Property-based: the image loader on hostile bytes either decodes or raises DataError
naming the input; never another exception (docs/RELIABILITY.md records the example counts)."""

import io

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from engine.data.images import load_image
from engine.errors import DataError

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FORMATS = ["PNG", "JPEG", "GIF", "WEBP", "BMP", "TIFF"]
MODES = ["1", "L", "P", "RGB", "RGBA", "CMYK", "I;16", "F"]


def _decode_or_refuse(data: bytes, size: int = 28, channels: int = 1) -> None:
    try:
        out = load_image(data, size, channels, invert=True, name="fuzzed.img")
    except DataError as exc:
        assert "fuzzed.img" in str(exc)
        return
    assert out.shape == (size, size, channels) and out.dtype == np.uint8


def _encoded(seed: int, fmt: str, width: int, height: int) -> bytes:
    rng = np.random.default_rng(seed)
    img = Image.fromarray(rng.integers(0, 256, (height, width, 3), dtype=np.uint8), "RGB")
    if fmt == "GIF":
        img = img.convert("P")
    buf = io.BytesIO()
    img.save(buf, format=fmt)
    return buf.getvalue()


@FUZZ
@given(st.binary(max_size=4096))
def test_random_bytes(data):
    _decode_or_refuse(data)


@FUZZ
@given(
    st.integers(0, 2**31),
    st.sampled_from(FORMATS),
    st.integers(1, 40),
    st.integers(1, 40),
    st.floats(0, 1),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 7)), max_size=6),
)
def test_truncated_and_bit_flipped_real_files(seed, fmt, width, height, cut, flips):
    raw = bytearray(_encoded(seed, fmt, width, height))
    for where, bit in flips:
        raw[min(int(where * len(raw)), len(raw) - 1)] ^= 1 << bit
    _decode_or_refuse(bytes(raw[: max(1, int(cut * len(raw)))]))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("channels", [1, 3])
def test_every_pillow_mode_decodes(mode, channels):
    rng = np.random.default_rng(0)
    base = Image.fromarray(rng.integers(0, 256, (17, 23, 3), dtype=np.uint8), "RGB")
    if mode == "I;16":
        img = Image.frombytes(
            "I;16", (23, 17), rng.integers(0, 65536, (17, 23)).astype("<u2").tobytes()
        )
    elif mode == "F":
        img = Image.fromarray(rng.random((17, 23)).astype(np.float32), "F")
    else:
        img = base.convert(mode)
    buf = io.BytesIO()
    img.save(buf, format="TIFF")
    out = load_image(buf.getvalue(), 28, channels, invert=False, name=f"{mode}.tif")
    assert out.shape == (28, 28, channels) and out.dtype == np.uint8
    assert out.std() > 0  # contrast kept: not a blank image


def test_an_animated_image_gives_its_first_frame():
    frames = [Image.new("L", (28, 28), value) for value in (0, 255, 128)]
    buf = io.BytesIO()
    frames[0].save(buf, format="GIF", save_all=True, append_images=frames[1:], duration=50)
    out = load_image(buf.getvalue(), 28, 1, invert=False, name="anim.gif")
    assert int(out.max()) == 0  # the black first frame


def _png_declaring(width: int, height: int) -> bytes:
    """A PNG whose header declares width x height but carries one tiny data chunk."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("width, height", [(1, 1), (20_000, 20_000)])
def test_declared_sizes_from_one_pixel_to_a_bomb(width, height):
    data = _png_declaring(width, height)
    if width == 1:
        assert load_image(data, 28, 1, invert=False).shape == (28, 28, 1)
    else:
        with pytest.raises(DataError, match="too large to decode safely: bomb.png"):
            load_image(data, 28, 1, invert=False, name="bomb.png")
