"""A tiny, learnable few-shot dataset generated on the fly: for fast tests and the demo.

Each class is a random prototype (a few Gaussian blobs and a stroke); each image is that
prototype shifted by a pixel or two, rescaled in brightness and lightly noised. Prototypes
differ far more than images within a class do, so one shot suffices to tell classes apart.
Ink is high (like Omniglot after inversion).
"""

from __future__ import annotations

import numpy as np

from engine.data.episodes import SplitData

SPLIT_SHARES = (0.6, 0.2, 0.2)  # train / val / test, by class


def _prototypes(rng: np.random.Generator, n: int, size: int) -> np.ndarray:
    """n float images (n, size, size) in [0, 1]: blobs plus one straight stroke each."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / (size - 1)
    out = np.zeros((n, size, size), np.float32)
    for i in range(n):
        img = np.zeros((size, size), np.float32)
        for _ in range(rng.integers(2, 5)):
            cy, cx = rng.uniform(0.15, 0.85, 2)
            s = rng.uniform(0.05, 0.12)
            img += np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * s * s))
        (y0, x0), (y1, x1) = rng.uniform(0.1, 0.9, (2, 2))
        t = np.linspace(0, 1, 4 * size)[:, None]
        pts = np.round(((1 - t) * [y0, x0] + t * [y1, x1]) * (size - 1)).astype(int)
        img[pts[:, 0], pts[:, 1]] += 1.0
        out[i] = img / img.max()
    return out


def _shift(img: np.ndarray, dy: int, dx: int) -> np.ndarray:
    """Translate with zero fill (no wrap-around, so content never jumps to the far edge)."""
    out = np.zeros_like(img)
    h, w = img.shape[:2]
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[yd, xd] = img[ys, xs]
    return out


def synthetic_images(
    n_classes: int, per_class: int, size: int, channels: int, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """-> (uint8 images (n_classes*per_class, size, size, channels), labels), class-major."""
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0x5EED]))
    protos = _prototypes(rng, n_classes, size)
    tints = rng.uniform(0.4, 1.0, (n_classes, channels)).astype(np.float32)
    if channels == 1:
        tints[:] = 1.0
    max_shift = max(1, size // 14)
    images = np.empty((n_classes * per_class, size, size, channels), np.uint8)
    k = 0
    for c in range(n_classes):
        for _ in range(per_class):
            dy, dx = rng.integers(-max_shift, max_shift + 1, 2)
            img = _shift(protos[c], int(dy), int(dx)) * rng.uniform(0.75, 1.0)
            img = img[:, :, None] * tints[c] + rng.normal(0, 0.06, (size, size, channels))
            images[k] = np.clip(img * 255 + 0.5, 0, 255).astype(np.uint8)
            k += 1
    return images, np.repeat(np.arange(n_classes, dtype=np.int64), per_class)


def synthetic_splits(
    n_classes: int = 40, per_class: int = 20, size: int = 28, channels: int = 1, seed: int = 0
) -> dict[str, SplitData]:
    """{"train", "val", "test"}: disjoint classes (60/20/20), same seed -> same data."""
    if n_classes < 3 or per_class < 1:
        raise ValueError(f"need n_classes >= 3 and per_class >= 1, got {n_classes}, {per_class}")
    images, labels = synthetic_images(n_classes, per_class, size, channels, seed)
    names = [f"pattern{c:03d}" for c in range(n_classes)]
    whole = SplitData(images, labels, names)
    n_val = max(1, int(round(SPLIT_SHARES[1] * n_classes)))
    n_test = max(1, int(round(SPLIT_SHARES[2] * n_classes)))
    n_train = n_classes - n_val - n_test
    order = np.arange(n_classes)  # prototypes are already random: a fixed cut is a random split
    return {
        "train": whole.subset(order[:n_train]),
        "val": whole.subset(order[n_train : n_train + n_val]),
        "test": whole.subset(order[n_train + n_val :]),
    }
