"""Turn image files of any format/mode/size into uint8 arrays, and read class-folder datasets.

One decoding path (``prepare_image``) serves training data, user probe images and GUI drawings,
so a checkpoint's ``Preprocessing`` reproduces exactly what the learner saw during training.
"""

from __future__ import annotations

import io
import logging
import os
import warnings
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Callable, Iterable, Sequence, Union

import numpy as np
from PIL import Image

from engine.errors import DataError

if TYPE_CHECKING:  # pragma: no cover - import for type hints only (avoids a cycle)
    from engine.data.episodes import SplitData

log = logging.getLogger(__name__)

#: File name endings treated as images (compared lower-case).
IMAGE_EXTENSIONS: frozenset[str] = frozenset(
    {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff", ".ppm", ".pgm", ".pbm"}
)

#: Above this many files, decoding is spread over a process pool (when more than 1 CPU).
PARALLEL_THRESHOLD = 4000

Source = Union[str, os.PathLike, bytes, BinaryIO]


# ---------------------------------------------------------------------------- single images
def _to_grey_or_rgb(img: Image.Image, channels: int) -> Image.Image:
    """Any Pillow mode -> 'L' or 'RGB'; transparency is composited on white (paper)."""
    mode = img.mode
    if mode.startswith("I;16") or mode in ("I", "F"):
        # Pillow clips these to 0..255 on convert("L"); rescale so 16-bit images keep contrast.
        arr = np.asarray(img).astype(np.float64)
        if mode.startswith("I;16"):
            arr = arr / 257.0
        elif mode == "F" and arr.size and np.nanmax(arr) <= 1.0:
            arr = arr * 255.0
        elif mode == "I" and arr.size and arr.max() > 255:
            arr = arr / 257.0 if arr.max() <= 65535 else arr * (255.0 / arr.max())
        img = Image.fromarray(np.clip(np.nan_to_num(arr), 0, 255).round().astype(np.uint8), "L")
        mode = "L"
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if has_alpha:
        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba).convert("RGB")
        mode = "RGB"
    if mode not in ("1", "L", "RGB"):
        img = img.convert("RGB")  # CMYK, YCbCr, HSV, P, ... (LAB raises: caught by caller)
    return img.convert("L" if channels == 1 else "RGB")


def prepare_image(img: Image.Image, size: int, channels: int, invert: bool) -> np.ndarray:
    """Pillow image -> uint8 (size, size, channels). Non-square images are squashed, not cropped,
    like the miniImageNet authors' pipeline; invert=True makes dark ink high (Omniglot)."""
    if channels not in (1, 3):
        raise ValueError(f"channels must be 1 or 3, got {channels}")
    img = _to_grey_or_rgb(img, channels)
    if img.size != (size, size):
        img = img.resize((size, size), Image.Resampling.LANCZOS, reducing_gap=3.0)
    arr = np.asarray(img, dtype=np.uint8)
    if arr.ndim == 2:
        arr = arr[:, :, None]
    if invert:
        arr = 255 - arr
    return np.ascontiguousarray(arr)


def load_image(
    path: Source, size: int, channels: int, invert: bool, name: str | None = None
) -> np.ndarray:
    """Read one image file (or bytes / binary file) -> uint8 (size, size, channels).

    Any failure becomes a DataError naming the file, so callers can skip-and-report it.
    """
    label = name or (str(path) if isinstance(path, (str, os.PathLike)) else "<image data>")
    src = io.BytesIO(path) if isinstance(path, (bytes, bytearray)) else path
    try:
        # Pillow's warnings about damaged data ("Truncated File Read", bad EXIF, ...) mean
        # the pixels are not what the file should hold: refuse the file like any other
        # damage. (The filter is process-wide for the decode's duration; a large but honest
        # image, Pillow's DecompressionBombWarning, is still decoded.)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(src) as img:
                img.seek(0)  # GIF / multi-page TIFF: the first frame
                if img.format == "JPEG":
                    # Let the JPEG decoder shrink by 1/2..1/8 first: much faster for photos.
                    img.draft("RGB" if channels == 3 else "L", (size, size))
                img.load()
                return prepare_image(img, size, channels, invert)
    except FileNotFoundError:
        raise DataError(f"image file not found: {label}") from None
    except IsADirectoryError:
        raise DataError(f"expected an image file, found a folder: {label}") from None
    except Image.UnidentifiedImageError:
        raise DataError(f"not an image (or a format Pillow cannot read): {label}") from None
    except PermissionError:
        raise DataError(f"no permission to read image file: {label}") from None
    except Image.DecompressionBombError as exc:
        raise DataError(f"image too large to decode safely: {label} ({exc})") from None
    except (
        OSError,
        ValueError,
        SyntaxError,
        EOFError,
        TypeError,
        KeyError,
        IndexError,
        Warning,
    ) as exc:
        raise DataError(f"corrupt or unsupported image: {label} ({exc})") from None


# ---------------------------------------------------------------------------- batches
def decode_paths(
    paths: Sequence[str], size: int, channels: int, invert: bool
) -> tuple[np.ndarray, list[bool], list[str]]:
    """Decode files in order -> (stacked uint8 images of the good ones, ok-flag per path,
    skip notes). Runs in pool workers too, so it takes and returns plain picklable data."""
    out = np.empty((len(paths), size, size, channels), dtype=np.uint8)
    ok: list[bool] = []
    notes: list[str] = []
    n = 0
    for p in paths:
        try:
            out[n] = load_image(p, size, channels, invert)
        except DataError as exc:
            ok.append(False)
            notes.append(str(exc))
            continue
        ok.append(True)
        n += 1
    return out[:n], ok, notes


def decode_zip_members(
    zip_path: str, members: list[str], size: int, channels: int, invert: bool
) -> tuple[np.ndarray, list[bool], list[str]]:
    """Decode members of one zip (runs in pool workers: plain picklable in and out)."""
    out = np.empty((len(members), size, size, channels), dtype=np.uint8)
    ok: list[bool] = []
    notes: list[str] = []
    n = 0
    with zipfile.ZipFile(zip_path) as zf:
        for m in members:
            label = f"{zip_path}:{m}"
            try:
                out[n] = load_image(zf.read(m), size, channels, invert, name=label)
            except DataError as exc:
                ok.append(False)
                notes.append(str(exc))
                continue
            except (zipfile.BadZipFile, OSError, EOFError) as exc:  # bad CRC, truncated member
                ok.append(False)
                notes.append(f"corrupt entry in archive: {label} ({exc})")
                continue
            ok.append(True)
            n += 1
    return out[:n], ok, notes


def worker_count(n_items: int) -> int:
    """How many processes to decode n_items with: $MLSTM_DATA_WORKERS, else the CPU count
    when the job is big enough to amortise starting the workers."""
    env = os.environ.get("MLSTM_DATA_WORKERS", "").strip()
    if env.isdigit():
        return max(1, int(env))
    if n_items < PARALLEL_THRESHOLD:
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def parallel_map(tasks: list[tuple[Callable, tuple]], workers: int) -> list:
    """[func(*args) for func, args in tasks], in a 'spawn' process pool when workers > 1.

    'spawn' rather than fork: forking a process that holds torch or Qt threads can deadlock.
    Task functions should live in modules that do not import torch (workers import them).
    If the pool cannot start (e.g. a script without a __main__ guard), fall back to serial.
    """
    if workers <= 1 or len(tasks) <= 1:
        return [func(*args) for func, args in tasks]
    import concurrent.futures as cf
    import multiprocessing as mp

    try:
        with cf.ProcessPoolExecutor(workers, mp_context=mp.get_context("spawn")) as pool:
            futures = [pool.submit(func, *args) for func, args in tasks]
            return [f.result() for f in futures]
    except (OSError, RuntimeError, cf.process.BrokenProcessPool) as exc:
        log.warning("parallel decoding unavailable (%s); decoding in one process", exc)
        return [func(*args) for func, args in tasks]


def split_chunks(items: Sequence, parts: int) -> list[Sequence]:
    """Contiguous, nearly equal slices (order preserved when results are concatenated)."""
    parts = max(1, min(parts, len(items)))
    bounds = np.linspace(0, len(items), parts + 1).round().astype(int)
    return [items[a:b] for a, b in zip(bounds[:-1], bounds[1:])]


def decode_many(
    paths: Sequence[str], size: int, channels: int, invert: bool
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Decode many files (in parallel when worthwhile) -> (images of the good ones,
    boolean ok mask aligned with paths, skip notes)."""
    paths = [str(p) for p in paths]
    workers = worker_count(len(paths))
    tasks = [
        (decode_paths, (list(c), size, channels, invert)) for c in split_chunks(paths, workers * 2)
    ]
    if not tasks:
        return np.empty((0, size, size, channels), np.uint8), np.zeros(0, bool), []
    results = parallel_map(tasks, workers)
    images = np.concatenate([r[0] for r in results])
    ok = np.array([f for r in results for f in r[1]], dtype=bool)
    notes = [s for r in results for s in r[2]]
    return images, ok, notes


# ---------------------------------------------------------------------------- folders
def _visible(entry: Path) -> bool:
    return not entry.name.startswith(".")


def by_name(path: Path) -> tuple[str, str]:
    """Sort key of files and folders: their name, ignoring case (as file managers show them),
    then exactly (so 'a.png' and 'A.png' keep a fixed order)."""
    return path.name.casefold(), path.name


def visible_files(folder: Path | str) -> list[Path]:
    """The files directly in folder, sorted by name (ignoring case); hidden ones left out."""
    folder = Path(folder)
    try:
        entries = list(folder.iterdir())
    except FileNotFoundError:
        raise DataError(f"folder not found: {folder}") from None
    except NotADirectoryError:
        raise DataError(f"expected a folder, found a file: {folder}") from None
    except OSError as exc:
        raise DataError(f"cannot read folder {folder}: {exc.strerror or exc}") from None
    return sorted((p for p in entries if _visible(p) and p.is_file()), key=by_name)


def image_paths(paths: Iterable[Path], skipped: list[str] | None = None) -> list[Path]:
    """The paths that name image files (by extension); the others noted in `skipped` when a
    list is given."""
    paths = list(paths)
    if skipped is not None:
        skipped += [
            f"not an image file (by its extension): {p}"
            for p in paths
            if p.suffix.lower() not in IMAGE_EXTENSIONS
        ]
    return [p for p in paths if p.suffix.lower() in IMAGE_EXTENSIONS]


def scan_images(folder: Path | str, skipped: list[str] | None = None) -> list[Path]:
    """Image files directly in folder, sorted by name (ignoring case); hidden files ignored.
    Files with other extensions are ignored too, or noted in `skipped` when a list is given."""
    return image_paths(visible_files(folder), skipped)


def class_folders(root: Path | str) -> list[Path]:
    """Visible sub-folders of root, sorted: one per class."""
    root = Path(root)
    if not root.exists():
        raise DataError(f"dataset folder not found: {root}")
    if not root.is_dir():
        raise DataError(f"expected a folder of class folders, found a file: {root}")
    try:
        return sorted((p for p in root.iterdir() if _visible(p) and p.is_dir()), key=by_name)
    except OSError as exc:
        raise DataError(f"cannot read folder {root}: {exc.strerror or exc}") from None


def load_class_folders(
    root: Path | str, size: int, channels: int, invert: bool
) -> tuple["SplitData", list[str]]:
    """root/<class>/<images> -> (SplitData, skip notes).

    Corrupt files, non-image files and class folders without a usable image are noted in the
    returned list (one human-readable line each) and left out; the caller decides whether to warn.
    """

    root = Path(root)
    folders = class_folders(root)
    if not folders:
        raise DataError(f"no class folders in {root}: expected {root}/<class name>/<images>")
    skipped: list[str] = []
    paths: list[str] = []
    owner: list[int] = []
    for ci, folder in enumerate(folders):
        for f in scan_images(folder, skipped):
            paths.append(str(f))
            owner.append(ci)
    images, ok, notes = decode_many(paths, size, channels, invert)
    skipped.extend(notes)
    data, empty = without_empty_classes(
        images, np.asarray(owner, dtype=np.int64)[ok], [f.name for f in folders]
    )
    skipped += [f"class folder has no usable images (class left out): {folders[c]}" for c in empty]
    if data.n_classes == 0:
        raise DataError(f"no usable images in any class folder of {root}")
    return data, skipped


def without_empty_classes(
    images: np.ndarray, labels: np.ndarray, names: Sequence[str]
) -> tuple["SplitData", np.ndarray]:
    """A SplitData of the classes that kept at least one image (relabelled 0..), and the
    indices of the classes left out, for the caller's notes."""
    from engine.data.episodes import SplitData

    counts = np.bincount(labels, minlength=len(names))
    keep = np.flatnonzero(counts > 0)
    remap = np.full(len(names), -1, dtype=np.int64)
    remap[keep] = np.arange(keep.size)
    kept = [names[int(c)] for c in keep]
    return SplitData(images, remap[labels], kept), np.flatnonzero(counts == 0)


def summarize_skipped(skipped: Sequence[str], limit: int = 20) -> str:
    """One warning text listing skip notes (long lists are cut, with a count of the rest)."""
    lines = list(skipped[:limit])
    if len(skipped) > limit:
        lines.append(f"... and {len(skipped) - limit} more")
    return "\n  ".join([f"{len(skipped)} item(s) skipped:"] + lines)
