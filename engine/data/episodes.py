"""Few-shot episodes: split containers, the preprocessing record, and a seeded episode sampler.

Images stay uint8 (n, H, W, C) in memory (4x smaller than float, cheap fancy indexing); only the
N*(K+Q) images of an episode are converted to float tensors.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from engine.errors import DataError

ROTATION_SUFFIX = {0: "", 1: " (rot 90)", 2: " (rot 180)", 3: " (rot 270)"}


@dataclass(frozen=True)
class Preprocessing:
    """How raw images become learner input; stored in checkpoints so that user images are
    prepared exactly like the training images (size, grey/RGB, ink inversion)."""

    size: int
    channels: int
    invert: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> "Preprocessing":
        try:
            return cls(
                size=int(raw["size"]), channels=int(raw["channels"]), invert=bool(raw["invert"])
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DataError(f"invalid preprocessing record {raw!r}: {exc}") from None


def _to_float(images: np.ndarray) -> np.ndarray:
    """uint8 (..., H, W, C) -> contiguous float32 (..., C, H, W) = uint8 / 255.

    NumPy, not torch: torch's intra-op thread pool makes these tiny copies spin and stall on a
    busy machine (10x slower); IEEE division gives the same values either way."""
    moved = np.moveaxis(images, -1, -3)
    out = np.empty(moved.shape, dtype=np.float32)
    np.divide(moved, np.float32(255.0), out=out, dtype=np.float32)
    return out


def to_float_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 (n, H, W, C) -> float32 (n, C, H, W) in [0, 1]: x = uint8 / 255."""
    return torch.from_numpy(_to_float(np.asarray(images)))


@dataclass
class SplitData:
    """One split (train/val/test): uint8 images (n, H, W, C), int64 class index per image,
    and class names. Per-class index arrays are precomputed once for fast sampling."""

    images: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    _by_class: list[np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.images.dtype != np.uint8 or self.images.ndim != 4:
            raise ValueError(
                f"images must be uint8 (n, H, W, C), got {self.images.dtype} {self.images.shape}"
            )
        self.labels = np.asarray(self.labels, dtype=np.int64)
        self.class_names = list(self.class_names)
        if self.labels.shape != (len(self.images),):
            raise ValueError(f"labels shape {self.labels.shape} != ({len(self.images)},)")
        if len(self.labels) and (self.labels.min() < 0 or self.labels.max() >= self.n_classes):
            raise ValueError("labels must index class_names")
        order = np.argsort(self.labels, kind="stable")
        bounds = np.searchsorted(self.labels[order], np.arange(self.n_classes + 1))
        self._by_class = [order[a:b] for a, b in zip(bounds[:-1], bounds[1:])]

    @property
    def n_classes(self) -> int:
        return len(self.class_names)

    def __len__(self) -> int:
        return len(self.images)

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(H, W, C) of every image."""
        return tuple(self.images.shape[1:])

    def indices_of(self, c: int) -> np.ndarray:
        """Indices (into images) of class c, ascending."""
        return self._by_class[c]

    def class_counts(self) -> np.ndarray:
        return np.array([len(ix) for ix in self._by_class], dtype=np.int64)

    def to_tensor(self, idx: Sequence[int] | np.ndarray) -> torch.Tensor:
        """Images at idx -> float32 (len, C, H, W) in [0, 1]."""
        return to_float_tensor(self.images[np.asarray(idx, dtype=np.int64)])

    def subset(self, classes: Sequence[int] | np.ndarray) -> "SplitData":
        """A new split holding only these classes (relabelled 0..len-1 in the given order)."""
        classes = np.asarray(classes, dtype=np.int64)
        if classes.size == 0:
            return SplitData(self.images[:0], np.zeros(0, np.int64), [])
        remap = np.full(max(self.n_classes, 1), -1, dtype=np.int64)
        remap[classes] = np.arange(classes.size)
        idx = np.concatenate([self._by_class[c] for c in classes])
        idx.sort()
        return SplitData(
            self.images[idx], remap[self.labels[idx]], [self.class_names[c] for c in classes]
        )


@dataclass
class Episode:
    """One N-way K-shot task. Support and query are class-major (class 0's images first);
    labels 0..N-1 were assigned to randomly drawn classes, so label order carries no signal."""

    support_x: torch.Tensor  # (N*K, C, H, W) float32 in [0, 1]
    support_y: torch.Tensor  # (N*K,) int64
    query_x: torch.Tensor  # (N*Q, C, H, W)
    query_y: torch.Tensor  # (N*Q,)
    class_names: list[str]  # N names; rotated classes carry " (rot 90)" etc.
    support_index: np.ndarray  # indices into the split's images, aligned with support_x
    query_index: np.ndarray
    rotations: np.ndarray  # (N,) quarter turns 0..3 applied to each class's images
    split: str

    @property
    def way(self) -> int:
        return len(self.class_names)

    @property
    def shot(self) -> int:
        """Support images per class (K used to build the episode)."""
        return len(self.support_y) // max(self.way, 1)

    @property
    def query(self) -> int:
        return len(self.query_y) // max(self.way, 1)


def gather_rotated(data: SplitData, index: np.ndarray, rotations: np.ndarray) -> np.ndarray:
    """Images of an (N, M) index array as a new (N, M, H, W, C) array, row i turned by
    rotations[i] quarter turns: how an episode is assembled, whether sampled now or rebuilt
    from a recorded episode's indices (the replay)."""
    imgs = data.images[np.asarray(index, dtype=np.int64)]
    for i in np.flatnonzero(rotations):
        imgs[i] = np.rot90(imgs[i], int(rotations[i]), axes=(1, 2))
    return imgs


def shifted(imgs: np.ndarray, moves: np.ndarray) -> np.ndarray:
    """(N, M, H, W, C) images, image [n, m] moved down by moves[n, m, 0] and right by
    moves[n, m, 1] whole pixels, the border repeated into the space it leaves (the background,
    for a character that does not touch the edge)."""
    reach = int(np.abs(moves).max()) if moves.size else 0
    if reach == 0:
        return imgs
    h, w = imgs.shape[2], imgs.shape[3]
    pad = ((0, 0), (0, 0), (reach, reach), (reach, reach), (0, 0))
    padded = np.pad(imgs, pad, mode="edge")
    out = np.empty_like(imgs)
    for n, m in np.ndindex(*imgs.shape[:2]):
        top, left = reach - int(moves[n, m, 0]), reach - int(moves[n, m, 1])
        out[n, m] = padded[n, m, top : top + h, left : left + w]
    return out


def turned(imgs: np.ndarray, degrees: np.ndarray) -> np.ndarray:
    """(N, M, H, W, C) uint8 images, image [n, m] turned by degrees[n, m] about its centre
    (counter-clockwise as shown, rows down), bilinear, the border repeated into the corners it
    leaves (the background, for a character that does not touch the edge).

    One `grid_sample` over all the images: 1.6 ms for a 5-way 1-shot episode's 80 images,
    where the same warp in NumPy cost 3-8 ms (its temporaries' page faults, or per-chunk
    overhead when done in small chunks)."""
    if not degrees.size or not np.any(degrees):
        return imgs
    n, m, h, w, c = imgs.shape
    x = torch.from_numpy(imgs.reshape(n * m, h, w, c)).permute(0, 3, 1, 2).float()
    a = torch.from_numpy(np.deg2rad(degrees.reshape(-1)).astype(np.float32))
    cos, sin = torch.cos(a), torch.sin(a)
    ry, rx = (h - 1) / max(w - 1, 1), (w - 1) / max(h - 1, 1)  # normalised units per axis
    zero = torch.zeros_like(a)
    # output (x, y) in [-1, 1] -> input: the inverse turn (grid_sample's x is the column)
    theta = torch.stack(
        [torch.stack([cos, -sin * ry, zero], 1), torch.stack([sin * rx, cos, zero], 1)], 1
    )
    grid = F.affine_grid(theta, [n * m, c, h, w], align_corners=True)
    out = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=True)
    out = out.round_().clamp_(0, 255).to(torch.uint8).permute(0, 2, 3, 1)
    return out.numpy().reshape(imgs.shape)


def _stream_id(stream: str) -> int:
    """A stable 64-bit integer for a stream name (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.sha256(stream.encode("utf-8")).digest()[:8], "little")


def episode_rng(seed: int, index: int, stream: str = "train") -> np.random.Generator:
    """Generator for episode `index` of `stream`: the same (seed, index, stream) always gives the
    same episode, in any order and any process (resumable runs, reproducible val/test sets)."""
    if seed < 0 or index < 0:
        raise ValueError(f"seed and index must be >= 0, got {seed}, {index}")
    return np.random.default_rng(
        np.random.SeedSequence([int(seed), int(index), _stream_id(stream)])
    )


class EpisodeSampler:
    """Draws N-way K-shot Q-query episodes from one split.

    With rotations=True every (class, quarter-turn) pair is a class of its own (the usual
    Omniglot augmentation), so the pool is 4x the classes. With shift > 0 (not the paper's) every
    image is also moved by up to `shift` whole pixels each way, and with rotate > 0 (not the
    paper's either) turned by up to `rotate` degrees each way; the moves and turns are drawn
    after everything else, so the episode's classes and images are those of shift 0 and
    rotate 0. An episode rebuilt from its recorded indices (the Explore dock's recent
    episodes) has no moves or turns.
    """

    def __init__(
        self,
        data: SplitData,
        way: int,
        shot: int,
        query: int,
        rotations: bool = False,
        split: str = "train",
        shift: int = 0,
        rotate: float = 0.0,
    ) -> None:
        if way < 1 or shot < 1 or query < 0:
            raise ValueError(f"need way >= 1, shot >= 1, query >= 0; got {way}, {shot}, {query}")
        if shift < 0:  # Config.augment_shift is checked before: a caller's mistake
            raise ValueError(f"need shift >= 0, got {shift}")
        if not 0.0 <= rotate <= 180.0:  # Config.augment_rotate is checked before
            raise ValueError(f"need rotate in [0, 180] degrees, got {rotate}")
        self.rotate = float(rotate)
        self.data, self.way, self.shot, self.query = data, way, shot, query
        self.rotations, self.split, self.shift = rotations, split, shift
        h, w = data.images.shape[1:3]
        if rotations and h != w:
            raise DataError(f"{split} split: rotations need square images, got {h}x{w}")
        need = shot + query
        counts = data.class_counts()
        usable = np.flatnonzero(counts >= need)
        short = np.flatnonzero(counts < need)
        if short.size and usable.size:
            names = [f"{data.class_names[c]} ({counts[c]})" for c in short[:30]]
            more = f", ... and {short.size - 30} more" if short.size > 30 else ""
            warnings.warn(
                f"{split} split: {short.size} class(es) have fewer than K+Q = {shot}+"
                f"{query} = {need} images and are never sampled: "
                f"{', '.join(names)}{more}",
                stacklevel=2,
            )
        pool = usable.size * (4 if rotations else 1)
        if pool < way:
            rot = f" ({usable.size} x 4 rotations = {pool} classes)" if rotations else ""
            raise DataError(
                f"{split} split: {way}-way episodes with K+Q = {shot}+{query} = {need} images per "
                f"class need {way} classes with at least {need} images, but only {usable.size} of "
                f"{data.n_classes} classes have that many{rot}; largest class has "
                f"{int(counts.max()) if counts.size else 0} images"
            )
        self.usable = usable
        self._counts = counts[usable]
        # Class-sorted image order + each usable class's start, for loop-free index sampling.
        self._order = np.concatenate([data.indices_of(int(c)) for c in usable])
        self._starts = np.concatenate([[0], np.cumsum(self._counts)[:-1]]).astype(np.int64)
        self._max = int(self._counts.max())

    def _positions(self, rng: np.random.Generator, rows: np.ndarray) -> np.ndarray:
        """K+Q distinct random positions within each chosen class -> (N, K+Q) image indices."""
        need = self.shot + self.query
        counts = self._counts[rows]
        if len(rows) * self._max <= 200_000:
            keys = rng.random((len(rows), self._max))
            keys[np.arange(self._max)[None, :] >= counts[:, None]] = 2.0  # beyond the class
            pos = np.argsort(keys, axis=1)[:, :need]
        else:  # a few huge classes: per-class draws are cheaper than sorting everything
            pos = np.stack([rng.choice(int(n), need, replace=False) for n in counts])
        return self._order[self._starts[rows][:, None] + pos]

    def sample(self, rng: np.random.Generator) -> Episode:
        """One episode; everything random comes from rng (see episode_rng)."""
        n_pool = self.usable.size * (4 if self.rotations else 1)
        picks = rng.choice(n_pool, self.way, replace=False)  # random order: label = position
        if self.rotations:
            rows, rots = picks // 4, picks % 4
        else:
            rows, rots = picks, np.zeros(self.way, dtype=np.int64)
        idx = self._positions(rng, rows)  # (N, K+Q)
        imgs = gather_rotated(self.data, idx, rots)  # (N, K+Q, H, W, C) uint8, a copy
        if self.shift:  # drawn last: the classes and images above are those of shift 0
            imgs = shifted(imgs, rng.integers(-self.shift, self.shift + 1, (*idx.shape, 2)))
        if self.rotate:  # after the moves: with rotate 0 the episode is as before
            imgs = turned(imgs, rng.uniform(-self.rotate, self.rotate, idx.shape))
        k = self.shot
        h, w, c = imgs.shape[2], imgs.shape[3], imgs.shape[4]
        support = _to_float(imgs[:, :k]).reshape(-1, c, h, w)
        query = _to_float(imgs[:, k:]).reshape(-1, c, h, w)
        labels = torch.arange(self.way, dtype=torch.int64)
        classes = self.usable[rows]
        return Episode(
            support_x=torch.from_numpy(support),
            support_y=labels.repeat_interleave(k),
            query_x=torch.from_numpy(query),
            query_y=labels.repeat_interleave(self.query),
            class_names=[
                self.data.class_names[cl] + ROTATION_SUFFIX[int(r)] for cl, r in zip(classes, rots)
            ],
            support_index=idx[:, :k].reshape(-1),
            query_index=idx[:, k:].reshape(-1),
            rotations=rots.astype(np.int64),
            split=self.split,
        )

    def episodes(
        self, seed: int, start: int, count: int, stream: str | None = None
    ) -> Iterator[Episode]:
        """Episodes start..start+count-1 of a stream (default: the split name), reproducibly."""
        for i in range(start, start + count):
            yield self.sample(episode_rng(seed, i, stream or self.split))
