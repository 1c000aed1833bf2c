"""How θ_0's classifier head is built for an N-way episode: the test-time head rules.

The meta-learner's c_0 holds one learned head row per *training* class (the paper's layout).
At the training N those rows are the right start; at any other N they are not: with more
classes than rows there is nothing class-specific to start from (the mean row for every
class), and the rows never saw the user's classes anyway. The `prototype` rule instead builds
every class's row from that class's own support images (Triantafillou et al.'s Proto-MAML
idea): with μ_c the mean penultimate feature of class c's support images at c_0's body,

    W_c = 2·s·μ_c,   b_c = −s·‖μ_c‖²,   so   logit_c(h) = −s·‖h − μ_c‖² + s·‖h‖²,

i.e. θ_0 already is a nearest-class-mean classifier in the body's feature space, whatever N
is, and more shots give better means. The meta-learner then runs its T inner steps from it.

Rules (names used by classify, eval, the bench and the app):
  * "c0"        – the paper's layout: c_0's learned rows (`Learner.expand`).
  * "prototype" – the class-mean rows above, scaled by `PROTOTYPE_SCALE`.
"""

from __future__ import annotations

from typing import Optional

import torch
import torch.nn.functional as F
from torch import Tensor

from engine.model.learner import BLOCKS, BNState, Learner, channels_last

HEAD_RULES: tuple[str, ...] = ("c0", "prototype")
PROTOTYPE_SCALE = 1.0
"""s in W_c = 2·s·μ_c; chosen by measurement (bench/any_way_shot.py, docs/BENCHMARKS.md)."""


def body_features(learner: Learner, theta: Tensor, x: Tensor, way: int) -> Tensor:
    """Penultimate features (B, F) of x at θ's body, with x's own batch statistics.

    Batch statistics, because that is what the first inner (support) step uses: the rows then
    match the features the meta-learner's first gradient is taken at."""
    p = learner.unflatten(theta, way)
    h = channels_last(x)
    bn = BNState.fresh(learner.filters, device=x.device)
    for b in range(1, BLOCKS + 1):
        h = F.conv2d(h, p[f"conv{b}.weight"], p[f"conv{b}.bias"], padding=1)
        h = F.batch_norm(
            h,
            bn.means[b - 1],
            bn.vars[b - 1],
            p[f"bn{b}.weight"],
            p[f"bn{b}.bias"],
            training=True,
            eps=learner.bn_eps,
        )
        h = F.relu(F.max_pool2d(h, 2))
    return h.flatten(1)


def prototype_rows(features: Tensor, y: Tensor, way: int, scale: float) -> tuple[Tensor, Tensor]:
    """(W (N, F), b (N,)) from class-mean features; classes may have unequal counts."""
    counts = torch.bincount(y, minlength=way).clamp_min(1).to(features.dtype)
    sums = torch.zeros(
        way, features.shape[1], dtype=features.dtype, device=features.device
    ).index_add_(0, y, features)
    mu = sums / counts.unsqueeze(1)
    return 2.0 * scale * mu, -scale * (mu * mu).sum(1)


def initial_theta(
    learner: Learner,
    c0: Tensor,
    x: Tensor,
    y: Tensor,
    way: int,
    rule: str = "c0",
    scale: Optional[float] = None,
) -> Tensor:
    """θ_0 for an N-way episode with support (x, y) under a head rule (see module doc)."""
    if rule == "c0":
        return learner.expand(c0, way)
    if rule != "prototype":
        raise ValueError(f"unknown head rule '{rule}' (choose from {', '.join(HEAD_RULES)})")
    base = learner.expand(c0, way)
    feats = body_features(learner, base, x, way)
    w, b = prototype_rows(feats, y, way, PROTOTYPE_SCALE if scale is None else scale)
    return torch.cat([base[: learner.body_size], w.reshape(-1), b])
