"""A few-shot task on disk, in the folders `main.py classify` reads, and drawn sets in it.

    <task>/support/<class>/01.png …   the K support images of each class
    <task>/query/<class>/01.png …     labelled queries (the same class names)
    <task>/unlabelled/01.png …        queries without a class
    <task>/strokes.json               a drawn set only: the strokes, so the pad reopens it

`support/` and `query/` are each a class-folder dataset (engine/data/images.py), so the saved
task classifies headless with `main.py classify --support <task>/support --query
<task>/query` exactly as Try it classified it. Drawings are rendered by
engine/data/strokes.py as 1-bit PNGs, like Omniglot's files.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np
from PIL import Image

from engine.data.examples import ExampleClass
from engine.data.images import class_folders, scan_images
from engine.data.strokes import OMNIGLOT_STYLE, Point, StrokeStyle, check_strokes, render_strokes
from engine.errors import DataError

SUPPORT, QUERY, UNLABELLED, STROKES = "support", "query", "unlabelled", "strokes.json"
FORMAT, VERSION = "mlstm-drawn-set", 1

Drawing = list[list[Point]]  # strokes of one character


@dataclass(frozen=True)
class TaskFolder:
    """What a task folder holds: each class's files, support first, then its queries."""

    root: Path
    classes: list[tuple[str, list[Path]]]
    support_counts: list[int]
    unlabelled: list[Path] = field(default_factory=list)

    @property
    def shot(self) -> int:
        """K: the most support images of any class."""
        return max(self.support_counts, default=0)


@dataclass
class DrawnSet:
    """Drawn characters: (class name, drawings) in order, and unlabelled query drawings. The
    first K drawings of a class are its support, the rest its labelled queries."""

    classes: list[tuple[str, list[Drawing]]] = field(default_factory=list)
    unlabelled: list[Drawing] = field(default_factory=list)


def folder_name(name: str) -> str:
    """A class name as a folder name on any system (separators and reserved characters
    become '_'); the true names are kept in strokes.json."""
    safe = re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", name.strip()).strip(". ")
    return safe or "class"


def _image_name(k: int) -> str:
    return f"{k + 1:02d}.png"


def _prepare_root(root: Path) -> None:
    """An empty or new folder, or a task saved before (replaced): never anything else, so
    saving cannot delete a user's files."""
    if root.exists() and not root.is_dir():
        raise DataError(f"cannot save a task to {root}: it is a file")
    ours = {SUPPORT, QUERY, UNLABELLED, STROKES}
    other = sorted(p.name for p in root.iterdir() if p.name not in ours) if root.exists() else []
    if other:
        raise DataError(
            f"cannot save a task to {root}: the folder holds other files ({', '.join(other[:3])}"
            f"{', …' if len(other) > 3 else ''}); choose an empty folder"
        )
    for name in (SUPPORT, QUERY, UNLABELLED):
        shutil.rmtree(root / name, ignore_errors=True)
    (root / STROKES).unlink(missing_ok=True)
    root.mkdir(parents=True, exist_ok=True)


def write_task(
    root: Path | str,
    classes: Sequence[tuple[str, Sequence[Image.Image], Sequence[Image.Image]]],
    unlabelled: Sequence[Image.Image] = (),
) -> TaskFolder:
    """(name, support images, query images) per class, and unlabelled queries -> PNGs in
    the task layout; folder names must be distinct. Returns what was written."""
    root = Path(root)
    names = [folder_name(n) for n, _, _ in classes]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise DataError(f"two classes would share the folder {dupes[0]!r}: rename one")
    for name, support, _ in classes:
        if not support:
            raise DataError(f"class '{name}' has no support images: add one or remove it")
    _prepare_root(root)
    out: list[tuple[str, list[Path]]] = []
    try:
        for (name, support, queries), folder in zip(classes, names):
            files = []
            for sub, imgs in ((SUPPORT, support), (QUERY, queries)):
                for k, img in enumerate(imgs):
                    path = root / sub / folder / _image_name(k)
                    path.parent.mkdir(parents=True, exist_ok=True)
                    img.save(path)
                    files.append(path)
            out.append((name, files))
        loose = []
        for k, img in enumerate(unlabelled):
            path = root / UNLABELLED / _image_name(k)
            path.parent.mkdir(parents=True, exist_ok=True)
            img.save(path)
            loose.append(path)
    except OSError as exc:
        raise DataError(f"cannot write the task to {root}: {exc.strerror or exc}") from None
    return TaskFolder(root, out, [len(s) for _, s, _ in classes], loose)


def read_task(root: Path | str) -> TaskFolder:
    """A task folder -> its classes (support files, then query files) and unlabelled files;
    a DataError naming the folder when it is not one."""
    root = Path(root)
    support = root / SUPPORT
    if not support.is_dir():
        raise DataError(
            f"not a task folder: {root} has no {SUPPORT}/ folder (a saved task holds "
            f"{SUPPORT}/<class>/, {QUERY}/<class>/ and {UNLABELLED}/ images)"
        )
    folders = class_folders(support)
    if not folders:
        raise DataError(f"no class folders in {support}: expected {support}/<class>/<images>")
    queries = {f.name: f for f in class_folders(root / QUERY)} if (root / QUERY).is_dir() else {}
    unknown = sorted(set(queries) - {f.name for f in folders})
    if unknown:
        raise DataError(
            f"query class folder {root / QUERY / unknown[0]} has no support class "
            f"{support / unknown[0]}"
        )
    classes, counts = [], []
    for folder in folders:
        shots = scan_images(folder)
        if not shots:
            raise DataError(f"support class folder {folder} has no images")
        more = scan_images(queries[folder.name]) if folder.name in queries else []
        classes.append((folder.name, shots + more))
        counts.append(len(shots))
    loose = scan_images(root / UNLABELLED) if (root / UNLABELLED).is_dir() else []
    return TaskFolder(root, classes, counts, loose)


# ---------------------------------------------------------------------------- drawn sets
def save_drawn_set(
    drawn: DrawnSet, root: Path | str, shot: int, style: StrokeStyle = OMNIGLOT_STYLE
) -> TaskFolder:
    """Render the drawings (the first `shot` of each class are support) into a task folder,
    with strokes.json beside them so `load_drawn_set` reopens the set as drawn."""
    if shot < 1:
        raise DataError(f"K must be at least 1 to save a drawn set, got {shot}")
    if len(drawn.classes) < 1:
        raise DataError("the drawn set has no classes: draw at least one character")
    for name, drawings in drawn.classes:
        if not name.strip():
            raise DataError("a drawn class has no name: name it before saving")
        if not drawings:
            raise DataError(f"drawn class '{name}' has no drawings: draw one or remove the class")
    classes = []
    for name, drawings in drawn.classes:
        imgs = [render_strokes(d, style) for d in drawings]
        classes.append((name, imgs[:shot], imgs[shot:]))
    task = write_task(root, classes, [render_strokes(d, style) for d in drawn.unlabelled])
    record = {
        "format": FORMAT,
        "version": VERSION,
        "shot": shot,
        "style": {"size": style.size, "width": style.width, "box": style.box},
        "classes": [{"name": n, "drawings": ds} for n, ds in drawn.classes],
        "unlabelled": drawn.unlabelled,
    }
    try:
        (task.root / STROKES).write_text(json.dumps(record) + "\n", encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot write {task.root / STROKES}: {exc.strerror or exc}") from None
    return task


def _drawings(value: Any, where: str) -> list[Drawing]:
    if not isinstance(value, list):
        raise DataError(f"{where} must be a list of drawings, got {type(value).__name__}")
    return [check_strokes(d, f"{where}[{k}]") for k, d in enumerate(value)]


def load_drawn_set(root: Path | str) -> tuple[DrawnSet, int]:
    """A folder saved by `save_drawn_set` -> (the drawn set, K); a DataError naming the file
    and the field when strokes.json is missing or wrong."""
    path = Path(root) / STROKES
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"not a drawn set: {path} not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"cannot read {path}: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise DataError(f"{path}: not a drawn set (field 'format' is not {FORMAT!r})")
    if not isinstance(raw.get("version"), int) or raw["version"] > VERSION:
        raise DataError(f"{path}: field 'version' is {raw.get('version')!r}; this reads {VERSION}")
    shot = raw.get("shot")
    if not isinstance(shot, int) or isinstance(shot, bool) or shot < 1:
        raise DataError(f"{path}: field 'shot' must be a whole number >= 1, got {shot!r}")
    entries = raw.get("classes")
    if not isinstance(entries, list):
        raise DataError(f"{path}: field 'classes' must be a list")
    classes = []
    for k, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise DataError(f"{path}: classes[{k}].name must be a non-empty text")
        drawings = _drawings(entry.get("drawings"), f"{path}: classes[{k}].drawings")
        if not drawings:
            raise DataError(f"{path}: classes[{k}] ('{name}') has no drawings")
        classes.append((name, drawings))
    unlabelled = _drawings(raw.get("unlabelled", []), f"{path}: unlabelled")
    return DrawnSet(classes, unlabelled), shot


def write_examples(examples: Sequence[ExampleClass], root: Path | str) -> TaskFolder:
    """Example characters (engine/data/examples.py; ink high) -> a task folder of dark-on-white
    PNGs, as a user's scans would be: decoding them with the model's preprocessing gives back
    the asset's pixels at its size."""

    def paper(images: np.ndarray) -> list[Image.Image]:
        return [Image.fromarray(255 - a[:, :, 0]) for a in images]

    return write_task(root, [(e.name, paper(e.support), paper(e.queries)) for e in examples])
