"""Example tasks from the embedded Omniglot's evaluation alphabets, for a newcomer with no
images: N characters drawn at random (seeded), K support and Q labelled query images each.

The evaluation alphabets are Lake's test split (`omniglot_splits(split="lake")["test"]`): no
model trained on the background alphabets has seen a single one of their characters, so an
example is a fair few-shot task. Images stay as the asset holds them (28x28, ink high).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from engine.data.episodes import SplitData
from engine.errors import DataError

#: Omniglot has 20 drawings of each character: K + Q may not exceed it.
DRAWERS = 20


@dataclass(frozen=True)
class ExampleClass:
    """One character: its name ("Alphabet/characterNN") and uint8 (n, H, W, 1) images, ink
    high, as the data loaders give them."""

    name: str
    support: np.ndarray
    queries: np.ndarray


def evaluation_set() -> SplitData:
    """The evaluation alphabets of the embedded asset (never seen in training)."""
    from engine.data.omniglot import load_asset

    return load_asset()["evaluation"]


def sample_examples(
    way: int, shot: int, queries: int, seed: int, data: Optional[SplitData] = None
) -> list[ExampleClass]:
    """`way` distinct characters of `data` (default: the evaluation alphabets) chosen by a
    generator seeded with `seed`, each with `shot` support and `queries` query images, all
    different drawings of it. The same arguments give the same examples."""
    data = evaluation_set() if data is None else data
    if way < 2:
        raise DataError(f"examples need at least 2 classes (N), got {way}")
    if shot < 1 or queries < 0:
        raise DataError(f"examples need K >= 1 and queries >= 0, got K = {shot}, {queries}")
    if way > data.n_classes:
        raise DataError(f"examples: N = {way} is more than the {data.n_classes} characters")
    need = shot + queries
    counts = data.class_counts()
    usable = np.flatnonzero(counts >= need)
    if len(usable) < way:
        raise DataError(
            f"examples: K + queries = {need} images per class, but only {len(usable)} "
            f"characters have that many (Omniglot has {DRAWERS} drawings of each)"
        )
    rng = np.random.default_rng(np.random.SeedSequence([int(seed), 0xE8A]))
    picks = rng.choice(usable, way, replace=False)
    out = []
    for c in picks:
        idx = rng.permutation(data.indices_of(int(c)))[:need]
        imgs = data.images[idx]
        out.append(ExampleClass(data.class_names[int(c)], imgs[:shot], imgs[shot:]))
    return out
