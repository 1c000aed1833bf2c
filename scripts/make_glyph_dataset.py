"""A second few-shot image domain, not Omniglot: glyphs rendered from this machine's fonts.

    python scripts/make_glyph_dataset.py [--out DIR] [--classes 240] [--per-class 20]
        [--seed 0] [--fonts DIR]

Writes DIR/<class>/<nn>.png (64x64 grey, black ink on white, like a user's scanned
characters); the `folder` dataset type and `main.py classify` read it as class folders.
One class is one character (Greek, Cyrillic, Armenian, Hebrew, Georgian, arrows, maths and
geometric symbols...); its examples are that character drawn in a random installed font face
(e.g. the DejaVu Sans/Serif/Mono faces, bold, oblique, condensed), with a random affine
distortion (rotation, shear, scale, shift), stroke width, blur and pixel noise, so the
classes are not separable by pixel copying alone. Characters whose glyph a face lacks, and
characters that look like an already chosen one (Latin 'o', Greek 'ο', Cyrillic 'о'), are
left out. The output depends only on the seed and the installed fonts, so anyone can rerun
it (bench/any_way_shot.py does when the folder is missing).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CANVAS = 64
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts"))
RANGES = (
    (0x0391, 0x03A9),
    (0x03B1, 0x03C9),
    (0x0410, 0x044F),
    (0x0531, 0x0556),
    (0x05D0, 0x05EA),
    (0x10D0, 0x10F0),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
    (0x2600, 0x266F),
    (0x2701, 0x27BF),
)
NOT_A_GLYPH = "\U000f0000"  # a private-use code point no font draws: its box is .notdef
SIMILAR = 0.93  # cosine above which two characters count as the same shape


def font_files(dirs: tuple[str, ...]) -> list[Path]:
    """Installed TrueType/OpenType faces, sorted so the choice is reproducible."""
    out: list[Path] = []
    for d in dirs:
        if Path(d).is_dir():
            out += [p for p in Path(d).rglob("*") if p.suffix.lower() in (".ttf", ".otf")]
    return sorted(set(out))


def _draw(ch: str, font: ImageFont.FreeTypeFont, stroke: int = 0) -> Image.Image:
    img = Image.new("L", (CANVAS, CANVAS), 255)
    ImageDraw.Draw(img).text(
        (CANVAS / 2, CANVAS / 2),
        ch,
        font=font,
        fill=0,
        anchor="mm",
        stroke_width=stroke,
        stroke_fill=0,
    )
    return img


def _vector(img: Image.Image) -> np.ndarray:
    v = 255.0 - np.asarray(img.resize((28, 28), Image.BILINEAR), dtype=np.float64).ravel()
    return v / max(np.linalg.norm(v), 1e-9)


def has_glyph(ch: str, font: ImageFont.FreeTypeFont) -> bool:
    """True when the face draws ch as something other than its .notdef box or nothing."""
    img = np.asarray(_draw(ch, font))
    if (img < 128).sum() < 12:
        return False
    return not np.array_equal(img, np.asarray(_draw(NOT_A_GLYPH, font)))


def choose_characters(
    fonts: list[ImageFont.FreeTypeFont], classes: int, min_faces: int, rng: np.random.Generator
) -> list[tuple[str, list[int]]]:
    """Up to `classes` distinct-looking characters drawn by at least min_faces faces, with
    the indices of those faces."""
    candidates = [chr(c) for a, b in RANGES for c in range(a, b + 1)]
    rng.shuffle(candidates)
    chosen: list[tuple[str, list[int]]] = []
    vectors: list[np.ndarray] = []
    for ch in candidates:
        faces = [k for k, f in enumerate(fonts) if has_glyph(ch, f)]
        if len(faces) < min_faces:
            continue
        v = _vector(_draw(ch, fonts[faces[0]]))
        if vectors and float(np.max(np.stack(vectors) @ v)) > SIMILAR:
            continue
        chosen.append((ch, faces))
        vectors.append(v)
        if len(chosen) == classes:
            break
    return chosen


def render(ch: str, font: ImageFont.FreeTypeFont, rng: np.random.Generator) -> Image.Image:
    """One distorted example: stroke width, affine, blur and noise all drawn from rng."""
    img = _draw(ch, font, stroke=int(rng.integers(0, 2)))
    angle = float(rng.uniform(-15, 15))
    shear = float(rng.uniform(-0.25, 0.25))
    scale = float(rng.uniform(0.8, 1.1))
    dx, dy = rng.uniform(-4, 4, size=2)
    c, s = np.cos(np.radians(angle)), np.sin(np.radians(angle))
    # inverse map (output -> input) about the centre, as Image.transform expects
    m = np.array([[c, -s + shear], [s, c]]) / scale
    cx = cy = CANVAS / 2
    off = np.array([cx, cy]) - m @ np.array([cx + dx, cy + dy])
    img = img.transform(
        img.size,
        Image.AFFINE,
        (m[0, 0], m[0, 1], off[0], m[1, 0], m[1, 1], off[1]),
        resample=Image.BILINEAR,
        fillcolor=255,
    )
    img = img.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.0, 1.2))))
    arr = np.asarray(img, dtype=np.float64) + rng.normal(0, rng.uniform(5, 25), img.size[::-1])
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8))


def make_dataset(
    out: Path,
    classes: int = 240,
    per_class: int = 20,
    seed: int = 0,
    font_dirs: tuple[str, ...] = FONT_DIRS,
    size: int = 40,
) -> int:
    """Write the class folders; returns the number of classes written."""
    paths = font_files(font_dirs)
    if not paths:
        raise SystemExit(f"no .ttf/.otf fonts found under {', '.join(font_dirs)}")
    fonts = [ImageFont.truetype(str(p), size) for p in paths]
    rng = np.random.default_rng(seed)
    chosen = choose_characters(fonts, classes, min(3, len(fonts)), rng)
    for ch, faces in chosen:
        folder = out / f"u{ord(ch):04x}"
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(per_class):
            render(ch, fonts[int(rng.choice(faces))], rng).save(folder / f"{k:02d}.png")
    return len(chosen)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="runs/glyphs", help="output folder (default runs/glyphs)")
    ap.add_argument("--classes", type=int, default=240)
    ap.add_argument("--per-class", type=int, default=20)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--fonts", action="append", help="font folder (default: the system's)")
    args = ap.parse_args(argv)
    n = make_dataset(
        Path(args.out),
        args.classes,
        args.per_class,
        args.seed,
        tuple(args.fonts) if args.fonts else FONT_DIRS,
    )
    print(f"wrote {n} classes x {args.per_class} images to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
