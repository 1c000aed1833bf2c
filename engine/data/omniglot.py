"""Omniglot: read the two standard archives (zip or extracted), the embedded asset, and splits.

Layout: images_background/<Alphabet>/characterNN/XXXX_YY.png (and images_evaluation/...).
Images are decoded once to size x size grey with ink high (invert=True) and cached in memory
and on disk, so a second run starts in well under a second. (A little over 400 lines: the
zips, the extracted folders and the embedded asset share one listing and one cache, and
splitting them would spread that one format over three files.)
"""

from __future__ import annotations

import logging
import os
import re
import warnings
import zipfile
from pathlib import Path, PurePosixPath
from typing import Optional, Sequence

import numpy as np

from engine.data import datacache
from engine.data.episodes import SplitData
from engine.data.images import (
    decode_paths,
    decode_zip_members,
    parallel_map,
    split_chunks,
    summarize_skipped,
    worker_count,
)
from engine.errors import DataError
from engine.integrity import file_digest
from engine.resources import assets_dir

log = logging.getLogger(__name__)

SETS = ("background", "evaluation")
#: Fixed seed of the train/val character split: independent of the run seed, so every run
#: validates on the same held-out characters.
VAL_SEED = 1234
ASSET_PATH = assets_dir() / "omniglot28.npz"
#: SHA-256 of the shipped asset's bytes (assets/README.md; scripts/build_omniglot_asset.py
#: prints it): the shipped file is verified on first load, so a damaged install is named.
ASSET_SHA256 = "3a5f769b8a7edb0a3bf158ec59545a51bd38e3d866f41b0cac941dfaeed625ba"
ASSET_SIZE = 28

_CHAR_RE = re.compile(r"^character(\d+)$")
_MEMORY: dict[tuple, tuple[SplitData, list[str]]] = {}


# ---------------------------------------------------------------------------- listing
def _class_key(alphabet: str, character: str) -> tuple[str, int]:
    return alphabet, int(_CHAR_RE.match(character).group(1))  # type: ignore[union-attr]


def _group(entries: list[tuple[str, str, str]]) -> tuple[list[str], list[str], np.ndarray]:
    """(alphabet, characterNN, member) triples -> (members ordered by class then name,
    class names "Alphabet/characterNN", label per member)."""
    entries.sort(key=lambda e: (_class_key(e[0], e[1]), e[2]))
    names: list[str] = []
    members: list[str] = []
    labels: list[int] = []
    last = None
    for alphabet, character, member in entries:
        if (alphabet, character) != last:
            names.append(f"{alphabet}/{character}")
            last = (alphabet, character)
        members.append(member)
        labels.append(len(names) - 1)
    return members, names, np.asarray(labels, dtype=np.int64)


def _omniglot_entry(parts: Sequence[str]) -> Optional[tuple[str, str]]:
    """(alphabet, characterNN) when parts look like .../<Alphabet>/characterNN/<file>.png."""
    if len(parts) < 3 or not parts[-1].lower().endswith(".png"):
        return None
    if parts[-1].startswith(".") or "__MACOSX" in parts or not _CHAR_RE.match(parts[-2]):
        return None
    return parts[-3], parts[-2]


def _list_zip(path: Path) -> tuple[list[str], list[str], np.ndarray]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise DataError(f"not a zip archive (or a damaged one): {path}") from None
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}") from None
    entries = []
    for info in infos:
        if info.is_dir():
            continue
        hit = _omniglot_entry(PurePosixPath(info.filename).parts)
        if hit:
            entries.append((hit[0], hit[1], info.filename))
    if not entries:
        raise DataError(
            f"not an Omniglot archive: {path} has no <Alphabet>/characterNN/*.png entries"
        )
    return _group(entries)


def _list_folder(path: Path) -> tuple[list[str], list[str], np.ndarray, tuple]:
    """Also returns a signature (names, sizes, mtimes) so edits invalidate the caches."""
    entries = []
    sig = []
    try:
        for alpha in sorted(os.scandir(path), key=lambda e: e.name):
            if not alpha.is_dir() or alpha.name.startswith("."):
                continue
            for char in sorted(os.scandir(alpha.path), key=lambda e: e.name):
                if not char.is_dir() or not _CHAR_RE.match(char.name):
                    continue
                for f in os.scandir(char.path):
                    if f.is_file() and _omniglot_entry((alpha.name, char.name, f.name)):
                        entries.append((alpha.name, char.name, f.path))
                        st = f.stat()
                        sig.append((f.path, st.st_size, st.st_mtime_ns))
    except OSError as exc:
        raise DataError(f"cannot read Omniglot folder {path}: {exc.strerror or exc}") from None
    if not entries:
        raise DataError(f"not an Omniglot folder: {path} has no <Alphabet>/characterNN/*.png files")
    sig.sort()
    return (*_group(entries), tuple(sig))


# ---------------------------------------------------------------------------- decoding
def _build(images: np.ndarray, labels: np.ndarray, names: list[str]) -> SplitData:
    """Drop classes left without images, relabel densely."""
    counts = np.bincount(labels, minlength=len(names))
    keep = np.flatnonzero(counts > 0)
    remap = np.full(len(names), -1, dtype=np.int64)
    remap[keep] = np.arange(keep.size)
    images.flags.writeable = False  # shared through the memory cache: protect it
    return SplitData(images, remap[labels], [names[i] for i in keep])


class _Job:
    """One set to load: its cache keys, and (when not cached) what to decode."""

    def __init__(self, path: Path, size: int) -> None:
        if not path.exists():
            raise DataError(f"Omniglot path not found: {path}")
        self.path, self.size = path, size
        self.members: list[str] = []
        self.names: list[str] = []
        self.labels = np.zeros(0, np.int64)
        if path.is_dir():
            self.members, self.names, self.labels, folder_sig = _list_folder(path)
            sig: tuple = (str(path.resolve()), datacache.make_key(folder_sig))
        else:
            sig = datacache.file_signature(path)
        self.mem_key = (sig, size)
        self.disk_key = datacache.make_key("omniglot", sig, size)
        self.result: Optional[tuple[SplitData, list[str]]] = _MEMORY.get(self.mem_key)
        if self.result is None:
            cached = datacache.load("omniglot", self.disk_key)
            if cached is not None:
                data = _build(
                    cached["images"][..., None],
                    cached["labels"].astype(np.int64),
                    [str(s) for s in cached["class_names"]],
                )
                self.result = (data, [str(s) for s in cached["skipped"]])
            elif not path.is_dir():
                self.members, self.names, self.labels = _list_zip(path)

    def chunks(self, parts: int) -> list[tuple]:
        if self.path.is_dir():
            return [
                (decode_paths, (list(c), self.size, 1, True))
                for c in split_chunks(self.members, parts)
            ]
        return [
            (decode_zip_members, (str(self.path), list(c), self.size, 1, True))
            for c in split_chunks(self.members, parts)
        ]

    def finish(self, results: list) -> None:
        images = np.concatenate([r[0] for r in results])
        ok = np.array([f for r in results for f in r[1]], dtype=bool)
        skipped = [s for r in results for s in r[2]]
        labels = self.labels[ok]
        datacache.save(
            "omniglot",
            self.disk_key,
            {
                "images": images[..., 0],
                "labels": labels.astype(np.int32),
                "class_names": np.array(self.names),
                "skipped": np.array(skipped, dtype=str),
            },
        )
        self.result = (_build(images, labels, self.names), skipped)


def _load_sets(paths: Sequence[Path], size: int) -> list[tuple[SplitData, list[str]]]:
    """Load several sets; everything not cached is decoded in ONE process pool (starting
    worker processes costs about a second each, so it is paid once)."""
    jobs = [_Job(Path(p), size) for p in paths]
    todo = [j for j in jobs if j.result is None]
    if todo:
        workers = worker_count(sum(len(j.members) for j in todo))
        tasks = [(j, c) for j in todo for c in j.chunks(workers)]
        results = parallel_map([c for _, c in tasks], workers)
        for j in todo:
            j.finish([r for (owner, _), r in zip(tasks, results) if owner is j])
    for j in jobs:
        data, skipped = j.result  # type: ignore[misc]
        if skipped:
            warnings.warn(f"Omniglot {j.path}: " + summarize_skipped(skipped), stacklevel=3)
        _MEMORY[j.mem_key] = (data, skipped)
    return [j.result for j in jobs]  # type: ignore[misc]


def load_omniglot_set(path: Path | str, size: int = ASSET_SIZE) -> tuple[SplitData, list[str]]:
    """One Omniglot set (a zip, or a folder of <Alphabet>/characterNN/*.png) -> (SplitData,
    skip notes). Corrupt PNGs are skipped and warned about, not fatal."""
    return _load_sets([Path(path)], size)[0]


# ---------------------------------------------------------------------------- locating sets
def _candidate(base: Path, stem: str) -> Optional[Path]:
    for p in (base / f"{stem}.zip", base / stem):
        if p.exists():
            return p
    return None


def find_sets(path: Path | str) -> dict[str, Path]:
    """Locate the background and evaluation sets from a folder holding them (also its python/
    or omniglot-py/ sub-folder), or from one of the two zips/folders (its sibling is found)."""
    path = Path(path)
    if not path.exists():
        raise DataError(f"Omniglot path not found: {path}")
    stems = {s: f"images_{s}" for s in SETS}
    own = next((s for s, st in stems.items() if path.name in (st, st + ".zip")), None)
    if own is not None:
        found = {own: path}
        other = SETS[1 - SETS.index(own)]
        sibling = _candidate(path.parent, stems[other])
        if sibling is None:
            raise DataError(
                f"Omniglot: found {path} but not its companion "
                f"{path.parent / (stems[other] + '.zip')} (or folder) beside it"
            )
        found[other] = sibling
        return found
    if path.is_file():
        _list_zip(path)  # not Omniglot at all -> DataError naming it
        raise DataError(
            f"Omniglot: cannot tell whether {path} is the background or the evaluation"
            f" set; name it images_background.zip / images_evaluation.zip"
        )
    for base in (path, path / "python", path / "omniglot-py"):
        candidates = {s: _candidate(base, st) for s, st in stems.items()}
        complete = {s: p for s, p in candidates.items() if p is not None}
        if len(complete) == len(candidates):
            return complete
        if complete:
            missing = next(s for s, p in candidates.items() if p is None)
            raise DataError(
                f"Omniglot: {base / (stems[missing] + '.zip')} (or the extracted folder) is missing"
            )
    raise DataError(
        f"no Omniglot data in {path}: expected images_background.zip and "
        f"images_evaluation.zip (or the extracted images_background/ and "
        f"images_evaluation/ folders)"
    )


# ---------------------------------------------------------------------------- asset
def write_asset(sets: dict[str, SplitData], out: Path | str) -> Path:
    """Both sets at 28x28 -> one compressed .npz (see assets/README.md for the fields)."""
    bg, ev = sets["background"], sets["evaluation"]
    images = np.concatenate([bg.images, ev.images])[..., 0]
    labels = np.concatenate([bg.labels, ev.labels + bg.n_classes]).astype(np.int16)
    names = np.array(bg.class_names + ev.class_names)
    class_set = np.array([0] * bg.n_classes + [1] * ev.n_classes, dtype=np.uint8)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        out,
        images=images,
        labels=labels,
        class_names=names,
        class_set=class_set,
        set_names=np.array(SETS),
    )
    return out


def load_asset(path: Path | str = ASSET_PATH) -> dict[str, SplitData]:
    """The embedded 28x28 Omniglot -> {"background": ..., "evaluation": ...}."""
    path = Path(path)
    key = (datacache.file_signature(path) if path.exists() else str(path), "asset")
    if key in _MEMORY:
        return _MEMORY[key]  # type: ignore[return-value]
    if path == ASSET_PATH and path.is_file() and file_digest(path) != ASSET_SHA256:
        raise DataError(
            f"embedded Omniglot asset is damaged: {path} does not match its "
            f"checksum (reinstall, or rebuild it with "
            f"scripts/build_omniglot_asset.py)"
        )
    try:
        with np.load(path, allow_pickle=False) as z:
            images, labels = z["images"], z["labels"].astype(np.int64)
            names, class_set = [str(s) for s in z["class_names"]], z["class_set"]
    except FileNotFoundError:
        raise DataError(
            f"embedded Omniglot asset missing: {path} (rebuild it with "
            f"scripts/build_omniglot_asset.py)"
        ) from None
    except Exception as exc:
        raise DataError(f"embedded Omniglot asset unreadable: {path} ({exc})") from None
    images = images[..., None]
    out = {}
    for code, set_name in enumerate(SETS):
        classes = np.flatnonzero(class_set == code)
        mask = np.isin(labels, classes)
        remap = np.full(len(names), -1, dtype=np.int64)
        remap[classes] = np.arange(classes.size)
        imgs = np.ascontiguousarray(images[mask])
        imgs.flags.writeable = False
        out[set_name] = SplitData(imgs, remap[labels[mask]], [names[c] for c in classes])
    _MEMORY[key] = out  # type: ignore[assignment]
    return out


def _resized(data: SplitData, size: int) -> SplitData:
    """Resample the 28x28 asset (antialiased bicubic, all images in one batched call)."""
    import torch
    import torch.nn.functional as F

    x = torch.from_numpy(np.array(data.images[..., 0]))[:, None].float()  # writable copy
    y = F.interpolate(x, size=(size, size), mode="bicubic", antialias=True, align_corners=False)
    out = y.round_().clamp_(0, 255).to(torch.uint8)[:, 0, :, :, None].numpy()
    return SplitData(out, data.labels, data.class_names)


def load_omniglot(path: Path | str | None = None, size: int = ASSET_SIZE) -> dict[str, SplitData]:
    """{"background", "evaluation"} SplitData from archives/folders, or the asset when None."""
    if path is None:
        sets = load_asset()
        if size != ASSET_SIZE:
            warnings.warn(
                f"the embedded Omniglot is {ASSET_SIZE}x{ASSET_SIZE}; resampling it to "
                f"{size}x{size} (set data_path to the Omniglot zips for a clean "
                f"decode at that size)",
                stacklevel=2,
            )
            sets = {k: _resized(v, size) for k, v in sets.items()}
        return sets
    found = find_sets(path)
    loaded = _load_sets([found[s] for s in SETS], size)
    return {s: data for s, (data, _) in zip(SETS, loaded)}


def split_background(
    background: SplitData, val_fraction: float = 0.15
) -> tuple[SplitData, SplitData]:
    """Hold out ~val_fraction of the background characters (fixed seed VAL_SEED) for validation."""
    n = background.n_classes
    n_val = int(round(val_fraction * n))
    perm = np.random.default_rng(VAL_SEED).permutation(n)
    val = np.sort(perm[:n_val])
    train = np.sort(perm[n_val:])
    return background.subset(train), background.subset(val)


def omniglot_splits(
    path: Path | str | None = None,
    size: int = ASSET_SIZE,
    val_fraction: float = 0.15,
    split: str = "lake",
) -> dict[str, SplitData]:
    """split "lake": background alphabets -> train + val (held-out characters), evaluation
    alphabets -> test. "vinyals": see vinyals_split."""
    sets = load_omniglot(path, size)
    if split == "vinyals":
        return vinyals_split(sets, val_fraction)
    train, val = split_background(sets["background"], val_fraction)
    return {"train": train, "val": val, "test": sets["evaluation"]}


VINYALS_TRAIN, VINYALS_SEED = 1200, 1


def vinyals_split(sets: dict[str, SplitData], val_fraction: float = 0.15) -> dict[str, SplitData]:
    """Vinyals et al.'s split in the usual way it is reproduced: all 1,623 characters of both
    sets pooled, 1,200 for meta-training (val_fraction of them held out for validation) and
    the other 423 for test, by a fixed permutation (seed VINYALS_SEED). Unlike Lake's split,
    test characters come from alphabets also seen in training."""
    both = _concat(sets["background"], sets["evaluation"])
    perm = np.random.default_rng(VINYALS_SEED).permutation(both.n_classes)
    pool, test = perm[:VINYALS_TRAIN], np.sort(perm[VINYALS_TRAIN:])
    n_val = int(round(val_fraction * len(pool)))
    return {
        "train": both.subset(np.sort(pool[n_val:])),
        "val": both.subset(np.sort(pool[:n_val])),
        "test": both.subset(test),
    }


def _concat(a: SplitData, b: SplitData) -> SplitData:
    return SplitData(
        np.concatenate([a.images, b.images]),
        np.concatenate([a.labels, b.labels + a.n_classes]),
        [*a.class_names, *b.class_names],
    )


def clear_memory_cache() -> None:
    """Forget decoded sets held in this process (tests, benchmarks)."""
    _MEMORY.clear()
