"""What the drawing pad holds, without Qt: drawings added to classes (their strokes, the PNG
rendered from them by engine/data/strokes.py, a thumbnail decoded as the worker decodes
thumbnails), the undo steps, and the pad's counter text."""

from __future__ import annotations

import io
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import numpy as np
from PIL import Image

from engine.data.images import load_image
from engine.data.strokes import render_strokes
from mlstm_gui.explore.jobs import THUMB

Points = list[tuple[float, float]]


@dataclass
class Drawn:
    """One added drawing: its strokes, the PNG rendered from them, its thumbnail."""

    strokes: list[Points]
    path: str
    thumb: np.ndarray


@dataclass(eq=False)
class DrawnClass:
    name: str
    drawings: list[Drawn] = field(default_factory=list)


Target = Optional[DrawnClass]  # None: the unlabelled queries


@dataclass(frozen=True)
class Step:
    """One undoable step: "stroke", "clear" (the strokes wiped), "add" (the drawing added to
    the target), "remove" (the drawing taken out of the target at index) or "new" (the class
    started)."""

    what: str
    target: Target = None
    drawn: Optional[Drawn] = None
    strokes: tuple = ()
    index: int = -1


def png_bytes(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


class DrawingStore:
    """The pad's work folder: each added drawing rendered once to its own PNG (the cards and
    classify read these files); removed with the store."""

    def __init__(self) -> None:
        self.work = Path(tempfile.mkdtemp(prefix="mlstm-drawn-"))
        self._count = 0
        weakref.finalize(self, shutil.rmtree, str(self.work), True)

    def render(self, strokes: list[Points]) -> Drawn:
        self._count += 1
        path = self.work / f"drawing-{self._count:04d}.png"
        render_strokes(strokes).save(path)
        return Drawn(strokes, str(path), load_image(str(path), THUMB, 3, False))


def counter_text(classes: list[DrawnClass], unlabelled: list[Drawn], t: Target, k: int) -> str:
    """The class counter: classes, K, queries, and where the next drawing goes."""
    drawn = [c for c in classes if c.drawings]
    queries = sum(max(0, len(c.drawings) - k) for c in classes)
    head = (
        f"<b>{len(classes)} class{'es' if len(classes) != 1 else ''}</b> "
        f"({len(drawn)} with drawings) · K = {k} · {queries} labelled "
        f"quer{'ies' if queries != 1 else 'y'} · {len(unlabelled)} unlabelled"
    )
    if t is None:
        now = f"Drawing unlabelled queries: {len(unlabelled)} so far."
    else:
        n = len(t.drawings)
        pos = classes.index(t) + 1
        nxt = "support" if n < k else "labelled query"
        now = (
            f"Class {pos} of {len(classes)}, '{t.name}': {n} drawing"
            f"{'s' if n != 1 else ''} ({min(n, k)} of {k} support, {max(0, n - k)} "
            f"quer{'ies' if n - k != 1 else 'y'}); the next one is a {nxt}."
        )
    return f"{head}<br>{now}"
