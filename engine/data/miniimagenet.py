"""miniImageNet in the authors' layout (Ravi & Larochelle): images/ + train.csv, val.csv, test.csv.

Each CSV has a header line and rows `filename,label` (label = WordNet id). Images are decoded once
to size x size (84 by default), squashed like the authors' resize, no inversion, and cached on disk:
the first load of 60,000 JPEGs takes minutes, later loads a second or two.
"""

from __future__ import annotations

import csv
import logging
import os
import warnings
from pathlib import Path
from typing import Optional

import numpy as np

from engine.data import datacache
from engine.data.episodes import SplitData
from engine.data.images import decode_many, summarize_skipped, without_empty_classes
from engine.errors import DataError

log = logging.getLogger(__name__)

SPLITS = ("train", "val", "test")
DEFAULT_SIZE = 84


def read_split_csv(path: Path) -> list[tuple[str, str]]:
    """(filename, label) rows of one split file; a wrong header or row raises DataError."""
    if not path.is_file():
        raise DataError(f"miniImageNet split file missing: {path}")
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataError(f"cannot read miniImageNet split file {path}: {exc}") from None
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows or [c.strip().lower() for c in rows[0][:2]] != ["filename", "label"]:
        raise DataError(f"{path}: expected a header line 'filename,label'")
    out = []
    for line_no, row in enumerate(rows[1:], start=2):
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise DataError(f"{path}, line {line_no}: expected 'filename,label', got {row!r}")
        out.append((row[0].strip(), row[1].strip()))
    if not out:
        raise DataError(f"{path}: no images listed")
    return out


def _signature(csv_path: Path, files: list[Path]) -> str:
    """Changes when the CSV or any listed image file is edited, replaced or removed."""
    stats: list[Optional[tuple[int, int]]] = []
    for f in files:
        try:
            st = os.stat(f)
            stats.append((st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append(None)
    return datacache.make_key(datacache.file_signature(csv_path), [f.name for f in files], stats)


def load_split(
    root: Path, split: str, size: int = DEFAULT_SIZE, channels: int = 3
) -> tuple[SplitData, list[str]]:
    """One split -> (SplitData, skip notes). Classes are ordered by label (sorted); images in CSV
    order. Listed images that are missing or corrupt are skipped and noted."""
    csv_path = root / f"{split}.csv"
    rows = read_split_csv(csv_path)
    images_dir = root / "images"
    files = [images_dir / name for name, _ in rows]
    key = datacache.make_key("miniimagenet", _signature(csv_path, files), size, channels)
    cached = datacache.load("miniimagenet", key)
    if cached is not None:
        data = SplitData(
            cached["images"],
            cached["labels"].astype(np.int64),
            [str(s) for s in cached["class_names"]],
        )
        return data, [str(s) for s in cached["skipped"]]
    names = sorted({label for _, label in rows})
    index = {n: i for i, n in enumerate(names)}
    labels = np.array([index[label] for _, label in rows], dtype=np.int64)
    images, ok, skipped = decode_many([str(f) for f in files], size, channels, invert=False)
    data, empty = without_empty_classes(images, labels[ok], names)
    skipped += [
        f"class {names[c]} of {csv_path} has no usable images (class left out)" for c in empty
    ]
    if data.n_classes == 0:
        raise DataError(f"none of the images listed in {csv_path} could be read from {images_dir}")
    datacache.save(
        "miniimagenet",
        key,
        {
            "images": data.images,
            "labels": data.labels.astype(np.int32),
            "class_names": np.array(data.class_names),
            "skipped": np.array(skipped, dtype=str),
        },
    )
    return data, skipped


def miniimagenet_splits(
    path: Path | str, size: int = DEFAULT_SIZE, channels: int = 3
) -> dict[str, SplitData]:
    """{"train", "val", "test"} from a folder holding images/ and the three CSV files."""
    root = Path(path)
    if not root.exists():
        raise DataError(f"miniImageNet folder not found: {root}")
    if not root.is_dir():
        raise DataError(
            f"miniImageNet: expected a folder with images/ and train/val/test.csv, "
            f"found a file: {root}"
        )
    if not (root / "images").is_dir():
        raise DataError(f"miniImageNet images folder missing: {root / 'images'}")
    missing = [str(root / f"{s}.csv") for s in SPLITS if not (root / f"{s}.csv").is_file()]
    if missing:
        raise DataError(f"miniImageNet split file(s) missing: {', '.join(missing)}")
    out = {}
    for split in SPLITS:
        data, skipped = load_split(root, split, size, channels)
        if skipped:
            warnings.warn(f"miniImageNet {split}: " + summarize_skipped(skipped), stacklevel=2)
        out[split] = data
    return out
