"""engine.data.strokes: drawings rendered like Omniglot's images (placement, pen, 1 bit), and
reduced to the model's input by the loaders' one decoding path."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from engine.data import strokes as st
from engine.data.images import decode_paths, load_image
from engine.data.omniglot import load_asset
from engine.errors import DataError

ZIPS = Path(__file__).resolve().parents[4] / "shared/data/omniglot"
needs_zips = pytest.mark.skipif(
    not (ZIPS / "images_evaluation.zip").is_file(), reason=f"Omniglot zips not found in {ZIPS}"
)


def characters(count: int, seed: int = 0) -> list[list[list[tuple[float, float]]]]:
    """Smooth random characters: 1-3 quadratic Bezier strokes of 40 points (a mouse's rate)."""
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 1, 40)[:, None]
    out = []
    for _ in range(count):
        drawing = []
        for _ in range(rng.integers(1, 4)):
            p0, p1, p2 = rng.uniform(0, 300, (3, 2))
            curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t**2 * p2
            drawing.append([(float(x), float(y)) for x, y in curve])
        out.append(drawing)
    return out


def png_bytes(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_a_line_is_placed_and_drawn_like_omniglot():
    img = st.render_strokes([[(10, 40), (90, 40)]])
    assert img.mode == "1" and img.size == (st.OMNIGLOT_SIZE, st.OMNIGLOT_SIZE)
    ink = st.ink_of(img)
    figures = st.ink_statistics(ink)
    assert abs(figures["box_side"] - st.BOX_SIDE) <= 1
    assert abs(figures["centre_x"] - st.BOX_CENTRE[0]) <= 1
    assert abs(figures["centre_y"] - st.BOX_CENTRE[1]) <= 1
    column = ink[:, int(st.BOX_CENTRE[0])]
    assert column.sum() in (4, 5)  # the pen's width across a straight stroke
    assert np.ptp(np.flatnonzero(column)) == column.sum() - 1  # one solid run


def test_placement_ignores_where_and_how_big_it_was_drawn():
    drawing = characters(1)[0]
    moved = [[(3 * x + 1000, 3 * y - 50) for x, y in s] for s in drawing]
    assert st.render_strokes(drawing).tobytes() == st.render_strokes(moved).tobytes()


def test_a_dot_is_one_pen_disc_at_the_centre():
    ink = st.ink_of(st.render_strokes([[(5.0, 5.0)]]))
    ys, xs = np.nonzero(ink)
    assert 9 <= ink.sum() <= 25
    assert abs(xs.mean() - st.BOX_CENTRE[0]) <= 0.5 and abs(ys.mean() - st.BOX_CENTRE[1]) <= 0.5


@pytest.mark.parametrize(
    "drawing, words",
    [
        ([], "has no strokes"),
        ([[], []], "has no strokes"),
        ([[(0, 0), (1, float("nan"))]], "stroke 1, point 2 is not finite"),
        ([[(0, 0)], [(1, 2, 3)]], "stroke 2, point 1 is not a pair"),
        ([["ab"]], "stroke 1, point 1 is not a pair"),
    ],
)
def test_bad_drawings_are_named(drawing, words):
    with pytest.raises(DataError, match=words):
        st.render_strokes(drawing)


def test_ink_statistics_needs_ink():
    with pytest.raises(DataError, match="some ink"):
        st.ink_statistics(np.zeros((5, 5), bool))


def test_at_the_models_size_drawings_look_like_the_embedded_data():
    """Decoded as the loaders decode (load_image: grey, LANCZOS to 28, inverted), rendered
    characters have the ink, brightness and placement of the asset's characters."""
    asset = load_asset()["evaluation"].images[::13, :, :, 0].astype(np.float64)
    drawn = np.stack(
        [load_image(png_bytes(st.render_strokes(d)), 28, 1, True)[:, :, 0] for d in characters(60)]
    ).astype(np.float64)

    def figures(x: np.ndarray) -> dict[str, np.ndarray]:
        ink = x > 127
        yy, xx = np.mgrid[:28, :28]
        mass = x.sum((1, 2))
        return {
            "ink": ink.mean((1, 2)),
            "peak": x.max((1, 2)),
            "cx": (x * xx).sum((1, 2)) / mass,
            "cy": (x * yy).sum((1, 2)) / mass,
        }

    ref, got = figures(asset), figures(drawn)
    for key in ref:
        lo, hi = np.percentile(ref[key], [10, 90])
        assert lo <= np.median(got[key]) <= hi, (key, lo, np.median(got[key]), hi)
    assert np.median(got["peak"]) == np.median(ref["peak"]) == 255  # solid 1-bit ink


def test_a_saved_drawing_decodes_through_the_loaders_path(tmp_path):
    img = st.render_strokes(characters(1, seed=3)[0])
    img.save(tmp_path / "a.png")
    images, ok, notes = decode_paths([str(tmp_path / "a.png")], 28, 1, True)
    assert ok == [True] and not notes
    assert np.array_equal(images[0], load_image(png_bytes(img), 28, 1, True))


@needs_zips
def test_stroke_width_and_placement_match_the_full_omniglot():
    """At 105 px the commonest local stroke width is Omniglot's, and the box and centre of
    every drawing are within the middle half of Omniglot's."""
    rng = np.random.default_rng(0)
    masks = []
    for name in ("images_background.zip", "images_evaluation.zip"):
        with zipfile.ZipFile(ZIPS / name) as zf:
            names = [n for n in zf.namelist() if n.endswith(".png")]
            masks += [st.ink_of(Image.open(io.BytesIO(zf.read(n)))) for n in rng.choice(names, 300)]
    drawn = [st.ink_of(st.render_strokes(d)) for d in characters(100)]
    for key in ("box_side", "centre_x", "centre_y"):
        lo, hi = np.percentile([st.ink_statistics(m)[key] for m in masks], [25, 75])
        got = [st.ink_statistics(m)[key] for m in drawn]
        assert lo <= min(got) and max(got) <= hi, (key, lo, min(got), max(got), hi)

    def mode(ms: list[np.ndarray]) -> int:
        return int(np.bincount(np.concatenate([st.local_widths(m) for m in ms])).argmax())

    assert mode(drawn) == mode(masks) == 5
