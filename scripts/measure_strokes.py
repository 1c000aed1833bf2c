"""Measure Omniglot's strokes, and how closely engine/data/strokes.py's renderer matches them.

    python scripts/measure_strokes.py [--src ../shared/data/omniglot] [--images 4000]

Prints the quartiles of ink fraction, bounding box side and centre, and stroke width over a
seeded sample of both sets' 105x105 images, the histogram of local stroke widths, and the same
histogram for smooth random strokes rendered at pen widths 4.0-5.0 px (the closest is the
constant STROKE_WIDTH). The constants in engine/data/strokes.py come from this output.
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.data.strokes import (  # noqa: E402
    StrokeStyle,
    ink_of,
    ink_statistics,
    local_widths,
    render_strokes,
)

WIDTHS = 15  # local widths 0..14 px in the histograms


def omniglot_masks(src: Path, count: int) -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    masks = []
    for name in ("images_background.zip", "images_evaluation.zip"):
        with zipfile.ZipFile(src / name) as zf:
            members = [m for m in zf.namelist() if m.endswith(".png")]
            for m in rng.choice(members, count // 2, replace=False):
                masks.append(ink_of(Image.open(io.BytesIO(zf.read(str(m))))))
    return masks


def width_histogram(masks: list[np.ndarray]) -> np.ndarray:
    local = np.concatenate([local_widths(a) for a in masks])
    return np.bincount(local, minlength=WIDTHS)[:WIDTHS] / local.size


def random_characters(count: int) -> list[list[list[tuple[float, float]]]]:
    """1-3 quadratic Bezier strokes each, 40 points a stroke (like a mouse's samples)."""
    rng = np.random.default_rng(1)
    t = np.linspace(0, 1, 40)[:, None]
    out = []
    for _ in range(count):
        strokes = []
        for _ in range(rng.integers(1, 4)):
            p0, p1, p2 = rng.uniform(0, 1, (3, 2))
            curve = (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t**2 * p2
            strokes.append([(float(x), float(y)) for x, y in curve])
        out.append(strokes)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "omniglot")
    ap.add_argument("--images", type=int, default=4000)
    args = ap.parse_args(argv)
    masks = omniglot_masks(args.src, args.images)
    stats = [ink_statistics(m) for m in masks]
    print(f"Omniglot, {len(masks)} images at 105x105: quartiles 5/25/50/75/95 %")
    for key in stats[0]:
        v = np.array([s[key] for s in stats])
        print(f"  {key:13s} {np.round(np.percentile(v, [5, 25, 50, 75, 95]), 3)}")
    omni = width_histogram(masks)
    print(f"  local widths 3..8 px: {np.round(omni[3:9], 3)}")
    chars = random_characters(300)
    print("rendered random strokes: L1 distance of the local-width histogram to Omniglot's")
    for width in np.arange(4.0, 5.01, 0.1):
        rendered = [ink_of(render_strokes(c, StrokeStyle(width=float(width)))) for c in chars]
        hist = width_histogram(rendered)
        print(
            f"  pen {width:.1f} px: L1 {np.abs(hist - omni).sum():.3f}, 3..8 px {np.round(hist[3:9], 3)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
