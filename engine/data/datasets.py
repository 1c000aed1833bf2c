"""One entry point from a Config to train/val/test splits plus the preprocessing to record.

The returned Preprocessing is what a checkpoint stores, so images a user probes later are
prepared exactly like the images the model was trained on.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import numpy as np

from engine.data.episodes import Preprocessing, SplitData
from engine.data.images import class_folders, load_class_folders, summarize_skipped
from engine.errors import DataError

if TYPE_CHECKING:  # pragma: no cover
    from engine.config import Config

SPLITS = ("train", "val", "test")
#: Fixed seed for splitting a plain folder of classes (independent of the run seed).
FOLDER_SPLIT_SEED = 1234
FOLDER_SHARES = (0.70, 0.15, 0.15)


def _need_path(config: "Config") -> Path:
    if not config.data_path:
        raise DataError(f"dataset '{config.dataset}' needs data_path (a folder); none was given")
    path = Path(config.data_path).expanduser()
    if not path.exists():
        raise DataError(f"{config.dataset} data_path not found: {path}")
    return path


def _load_folder_split(path: Path, size: int, channels: int) -> SplitData:
    data, skipped = load_class_folders(path, size, channels, invert=False)
    if skipped:
        warnings.warn(f"{path}: " + summarize_skipped(skipped), stacklevel=3)
    return data


def split_classes(data: SplitData, shares: tuple[float, ...], seed: int) -> list[SplitData]:
    """Split by class (no class in two splits) with a seeded permutation; shares sum to 1."""
    n = data.n_classes
    perm = np.random.default_rng(seed).permutation(n)
    sizes = [int(round(s * n)) for s in shares[1:]]
    first = n - sum(sizes)
    if first < 1 or min(sizes, default=1) < 1:
        raise DataError(
            f"only {n} classes: too few to split {len(shares)} ways by class "
            f"({', '.join(f'{s:.0%}' for s in shares)})"
        )
    bounds = np.cumsum([0, first] + sizes)
    return [data.subset(np.sort(perm[a:b])) for a, b in zip(bounds[:-1], bounds[1:])]


def folder_splits(
    path: Path | str, size: int, channels: int, val_fraction: float = 0.15
) -> dict[str, SplitData]:
    """path/train|val|test/<class>/<images>, or path/<class>/<images> split 70/15/15 by class.

    With train/ and test/ but no val/, val_fraction of the train classes are held out."""
    path = Path(path)
    if not path.is_dir():
        raise DataError(f"expected a folder of class folders, found a file: {path}")
    present = {s: path / s for s in SPLITS if (path / s).is_dir()}
    if present:
        for s in ("train", "test"):
            if s not in present:
                raise DataError(
                    f"{path} has {', '.join(p + '/' for p in present)} but no {s}/ "
                    f"folder (expected train/, val/ and test/)"
                )
        out = {s: _load_folder_split(p, size, channels) for s, p in present.items()}
        if "val" not in out:
            share = val_fraction if val_fraction > 0 else FOLDER_SHARES[1]
            out["train"], out["val"] = split_classes(
                out["train"], (1 - share, share), FOLDER_SPLIT_SEED
            )
        return {s: out[s] for s in SPLITS}
    if not class_folders(path):
        raise DataError(
            f"no class folders in {path}: expected {path}/<class>/<images> or "
            f"train/, val/ and test/ folders of class folders"
        )
    whole = _load_folder_split(path, size, channels)
    return dict(zip(SPLITS, split_classes(whole, FOLDER_SHARES, FOLDER_SPLIT_SEED)))


def load_splits(config: "Config") -> tuple[dict[str, SplitData], Preprocessing]:
    """{"train", "val", "test"} SplitData and the Preprocessing that produced them."""
    size, channels = config.image_size, config.channels
    if config.dataset == "omniglot":
        if channels != 1:
            raise DataError(f"Omniglot is black-and-white: set channels to 1 (got {channels})")
        from engine.data.omniglot import omniglot_splits

        path: Optional[Path] = None
        if config.data_path:
            path = Path(config.data_path).expanduser()
            if not path.exists():
                raise DataError(f"omniglot data_path not found: {path}")
        splits = omniglot_splits(
            path, size=size, val_fraction=config.val_fraction, split=config.omniglot_split
        )
        return splits, Preprocessing(size, 1, True)
    if config.dataset == "miniimagenet":
        from engine.data.miniimagenet import miniimagenet_splits

        splits = miniimagenet_splits(_need_path(config), size=size, channels=channels)
        return splits, Preprocessing(size, channels, False)
    if config.dataset == "folder":
        splits = folder_splits(_need_path(config), size, channels, config.val_fraction)
        return splits, Preprocessing(size, channels, False)
    if config.dataset == "synthetic":
        from engine.data.synthetic import synthetic_splits

        splits = synthetic_splits(size=size, channels=channels, seed=config.seed)
        return splits, Preprocessing(size, channels, True)
    raise DataError(f"unknown dataset '{config.dataset}'")
