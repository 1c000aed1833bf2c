"""Render pen strokes the way Omniglot's images look, with NumPy and Pillow only (no Qt).

Omniglot's 105x105 images are black strokes of one fixed width on white, rendered from stroke
data, one bit per pixel. A user's drawing is placed like them: its bounding box centred where
Omniglot's characters are centred and scaled to their typical size, then drawn with the same
pen width, without anti-aliasing. The PNG written from it goes through the one decoding path
(`engine.data.images.load_image`), so the model's input is reduced exactly as the loader
reduces Omniglot. The constants below were measured on both Omniglot sets with
`ink_statistics` (scripts/measure_strokes.py prints them; tests/engine/data/test_strokes.py
checks renders against the embedded data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
from PIL import Image, ImageDraw

from engine.errors import DataError

Point = tuple[float, float]  # (x, y) on the drawing surface, any units, y down
Stroke = Sequence[Point]

#: Side of an Omniglot image, px.
OMNIGLOT_SIZE = 105
#: Pen diameter at 105 px. Omniglot's commonest local stroke width (the shorter of the
#: horizontal and vertical ink runs through an ink pixel) is 5 px (half of all ink pixels, 6 px
#: a fifth); a round pen of 4.5 px rendered here gives the closest histogram of local widths
#: (scripts/measure_strokes.py compares 4.0-5.0 px).
STROKE_WIDTH = 4.5
#: Median longer side of a character's ink bounding box, px (quartiles 57 and 76).
BOX_SIDE = 67.0
#: Median centre (x, y) of a character's ink bounding box, px (quartiles +-3.5 px).
BOX_CENTRE = (51.0, 50.0)
#: The pen is drawn at this many times the resolution, then reduced and thresholded: the
#: edges fall where a perfect round pen's would, with no grey (Omniglot is 1-bit).
SUPERSAMPLE = 4


@dataclass(frozen=True)
class StrokeStyle:
    """Where and how strokes are drawn; the defaults are Omniglot's."""

    size: int = OMNIGLOT_SIZE
    width: float = STROKE_WIDTH
    box: float = BOX_SIDE
    centre: Point = BOX_CENTRE


OMNIGLOT_STYLE = StrokeStyle()


def check_strokes(strokes: Sequence[Stroke], what: str = "drawing") -> list[list[Point]]:
    """Strokes as lists of float (x, y); a DataError naming `what` when there is no ink or a
    point is not two finite numbers."""
    out: list[list[Point]] = []
    for s, stroke in enumerate(strokes):
        pts: list[Point] = []
        for p, point in enumerate(stroke):
            try:
                x, y = (float(v) for v in point)
            except (TypeError, ValueError):
                raise DataError(
                    f"{what}: stroke {s + 1}, point {p + 1} is not a pair of numbers: {point!r}"
                ) from None
            if not (np.isfinite(x) and np.isfinite(y)):
                raise DataError(f"{what}: stroke {s + 1}, point {p + 1} is not finite: {point!r}")
            pts.append((x, y))
        if pts:
            out.append(pts)
    if not out:
        raise DataError(f"{what} has no strokes: draw something first")
    return out


def place(strokes: Sequence[Stroke], style: StrokeStyle = OMNIGLOT_STYLE) -> list[list[Point]]:
    """Move and scale the strokes into the image: the ink's bounding box (the points' box grown
    by the pen) gets the style's longer side and centre, whatever size the drawing was."""
    pts = check_strokes(strokes)
    xy = np.array([p for s in pts for p in s], dtype=np.float64)
    lo, hi = xy.min(0), xy.max(0)
    side = float((hi - lo).max())
    inner = max(style.box - style.width, 0.0)  # the pen adds half its width on every side
    scale = inner / side if side > 0 else 0.0
    mid = (lo + hi) / 2
    cx, cy = style.centre
    return [[(cx + (x - mid[0]) * scale, cy + (y - mid[1]) * scale) for x, y in s] for s in pts]


def render_strokes(strokes: Sequence[Stroke], style: StrokeStyle = OMNIGLOT_STYLE) -> Image.Image:
    """Strokes (any coordinates) -> a 1-bit Pillow image like Omniglot's: black ink on white,
    placed by `place`, one round pen of `style.width` px."""
    placed = place(strokes, style)
    s = SUPERSAMPLE
    big = Image.new("L", (style.size * s, style.size * s), 0)
    draw = ImageDraw.Draw(big)
    r = style.width * s / 2
    for stroke in placed:
        pts = [((x + 0.5) * s - 0.5, (y + 0.5) * s - 0.5) for x, y in stroke]
        if len(pts) > 1:
            draw.line(pts, fill=255, width=max(1, round(style.width * s)), joint="curve")
        for x, y in (pts[0], pts[-1]) if len(pts) > 1 else pts:  # round caps (and dots)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
        if len(pts) > 2:  # round joins at sharp turns, which joint="curve" leaves open
            for x, y in pts[1:-1]:
                draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    small = big.resize((style.size, style.size), Image.Resampling.BOX)
    ink = np.asarray(small) >= 128
    return Image.fromarray(~ink).convert("1")  # white paper (1), black ink (0), as Omniglot


def ink_of(image: Image.Image | np.ndarray) -> np.ndarray:
    """Boolean ink mask of a black-on-white image (a Pillow image or a uint8/bool array)."""
    arr = np.asarray(image.convert("L") if isinstance(image, Image.Image) else image)
    if arr.dtype == bool:
        return ~arr
    return arr < 128


def _runs(ink: np.ndarray) -> np.ndarray:
    """For each pixel of 2-D boolean `ink`, the length of the horizontal ink run holding it
    (0 on paper)."""
    h, w = ink.shape
    padded = np.zeros((h, w + 1), bool)
    padded[:, :w] = ink
    flat = padded.ravel()
    starts = flat & ~np.r_[False, flat[:-1]]
    run_id = np.cumsum(starts) * flat
    lengths = np.bincount(run_id)
    lengths[0] = 0
    return lengths[run_id].reshape(h, w + 1)[:, :w]


def local_widths(ink: np.ndarray) -> np.ndarray:
    """The stroke width at each ink pixel of a 2-D boolean mask: the shorter of the horizontal
    and vertical ink runs through it (1-D, one value per ink pixel)."""
    ink = np.asarray(ink, dtype=bool)
    return np.minimum(_runs(ink), _runs(ink.T).T)[ink]


def ink_statistics(ink: np.ndarray) -> dict[str, float]:
    """Figures of one character's boolean ink mask (H, W), compared between Omniglot and the
    renderer: ink fraction, bounding box (longer side, centre x and y) and stroke width (the
    median over ink pixels of the shorter of its horizontal and vertical runs)."""
    ink = np.asarray(ink, dtype=bool)
    if ink.ndim != 2 or not ink.any():
        raise DataError(f"ink_statistics needs a 2-D mask with some ink, got shape {ink.shape}")
    rows, cols = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
    local = local_widths(ink)
    return {
        "ink_fraction": float(ink.mean()),
        "box_side": float(max(rows[-1] - rows[0], cols[-1] - cols[0]) + 1),
        "centre_x": float((cols[0] + cols[-1]) / 2),
        "centre_y": float((rows[0] + rows[-1]) / 2),
        "stroke_width": float(np.median(local)),
    }
