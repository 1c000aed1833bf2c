"""The nearest-neighbour baselines on a user's own images: what Try it shows beside the
meta-learner's accuracy, so a user sees at once whether the learned optimizer helps on their
data. The predictions are `eval --method`'s (engine/model/methods.py), on the very arrays
`classify_arrays` adapted and classified."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
import torch

from engine.data.episodes import to_float_tensor
from engine.model.baselines import PretrainedBody
from engine.model.learner import Learner
from engine.model.methods import NEAREST, nearest_method


@dataclass(frozen=True)
class BaselineScore:
    method: str  # "nearest-neighbour" or "pixel-nn"
    accuracy: Optional[float]  # on the labelled queries; None when it could not run
    note: str = ""  # why not, or what it ran on


def nearest_scores(
    learner: Learner,
    pretrained: Optional[PretrainedBody],
    support: Sequence[np.ndarray],
    queries: np.ndarray,
    labels: Sequence[int],
    pretrained_name: str = "",
) -> tuple[BaselineScore, ...]:
    """Each NEAREST method's accuracy on the queries with a label (`labels[q]` the class index,
    -1 for an unlabelled query). support[k]: class k's uint8 images; queries: uint8 (Q, H, W, C).
    nearest-neighbour needs the pretrained learner: without one its note says so."""
    y = np.asarray(labels, dtype=np.int64)
    keep = y >= 0
    if not keep.any():
        return ()
    sx = to_float_tensor(np.concatenate(list(support)))
    sy = torch.cat([torch.full((len(s),), k, dtype=torch.long) for k, s in enumerate(support)])
    qx = to_float_tensor(np.ascontiguousarray(queries[keep]))
    out = []
    for name in NEAREST:
        if name == "nearest-neighbour" and pretrained is None:
            out.append(BaselineScore(name, None, "no pretrained learner for this model's data"))
            continue
        pred = nearest_method(name, learner, pretrained, sx, sy, qx).numpy()
        note = f"embedding of {pretrained_name}" if name == "nearest-neighbour" else "raw pixels"
        out.append(BaselineScore(name, float((pred == y[keep]).mean()), note))
    return tuple(out)
