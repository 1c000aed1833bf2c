"""Class probabilities for query images after adapting to a support set, for any N.

A meta-learner whose c_0 holds R head rows (one per training class) adapts well to any
N ≤ R: it starts from N of its learned rows. Above R there is no learned row left for the
extra classes (the paper's layout then gives every class the mean row, and accuracy falls
to chance: docs/RESULTS.md). The "grouped" rule therefore splits the N classes into
⌈N / R⌉ groups of at most R, adapts once per group from that group's support images, and
lets each query take the class the most confident group gives it; the other groups' rows
are scaled by their confidence so the probabilities still sum to 1.

Head rules (what classify, eval, the bench and the app call `head`):
  * "grouped"   – the default at test time: c_0's rows, groups of ≤ R above R.
  * "paper"     – c_0's rows as the paper's layout has them (`Learner.expand`, the mean
                  row above R); the rule meta-training uses.
  * "prototype" – rows from the support's class-mean features (engine/model/head_init.py);
                  measured worse with the shipped models, kept for experiments.
"""

from __future__ import annotations

from typing import Optional

import numpy as np
import torch
from torch import Tensor

from engine.model.adapt import adapt, query_pass
from engine.model.learner import Learner
from engine.model.metalearner import MetaLearner

HEAD_RULES: tuple[str, ...] = ("grouped", "paper", "prototype")
DEFAULT_HEAD = "grouped"
QUERY_CHUNK = 256


def check_head(rule: str) -> str:
    """The rule, or a clear one-line error naming the choices."""
    if rule not in HEAD_RULES:
        raise ValueError(f"unknown head rule '{rule}' (choose from {', '.join(HEAD_RULES)})")
    return rule


def groups_for(way: int, rows: int) -> list[np.ndarray]:
    """Class indices of each group: ⌈way/rows⌉ groups as equal as possible, interleaved
    (class c in group c mod G) so a folder's alphabetical order does not form the groups."""
    count = -(-way // max(rows, 1))
    return [np.arange(g, way, count) for g in range(count)]


def group_count(learner: Learner, way: int, rule: str) -> int:
    """How many adaptations `rule` runs for an N-way task (1 unless grouped and N > R)."""
    return len(groups_for(way, learner.head_rows)) if rule == "grouped" else 1


def _adapted_probs(
    meta: MetaLearner,
    learner: Learner,
    sx: Tensor,
    sy: Tensor,
    way: int,
    steps: int,
    qx: Tensor,
    head: str,
    inner_batch: int,
    rng: Optional[np.random.Generator],
    transductive: bool,
) -> Tensor:
    ad = adapt(
        meta,
        learner,
        sx,
        sy,
        way,
        steps,
        inner_batch,
        rng,
        head="prototype" if head == "prototype" else "c0",
    )
    return torch.cat(
        [
            torch.softmax(
                query_pass(learner, ad, qx[a : a + QUERY_CHUNK], None, way, training=transductive)[
                    0
                ],
                dim=1,
            )
            for a in range(0, len(qx), QUERY_CHUNK)
        ]
    )


def predict_probs(
    meta: MetaLearner,
    learner: Learner,
    sx: Tensor,
    sy: Tensor,
    way: int,
    steps: int,
    qx: Tensor,
    head: str = DEFAULT_HEAD,
    inner_batch: int = 0,
    rng: Optional[np.random.Generator] = None,
    transductive: bool = False,
) -> Tensor:
    """(Q, way) probabilities of the queries qx after adapting on (sx, sy); no meta-graph.

    Transductive scoring needs the whole query batch at once, so it is not chunked there."""
    check_head(head)
    groups = groups_for(way, learner.head_rows)
    with torch.no_grad():
        if head != "grouped" or len(groups) == 1:
            return _adapted_probs(
                meta, learner, sx, sy, way, steps, qx, head, inner_batch, rng, transductive
            )
        out = torch.zeros(len(qx), way, device=qx.device)
        best = torch.zeros(len(qx), len(groups), device=qx.device)
        parts = []
        for g, classes in enumerate(groups):
            idx = torch.as_tensor(classes, device=sy.device)
            pick = torch.isin(sy, idx)
            relabel = torch.full((way,), -1, dtype=torch.long, device=sy.device)
            relabel[idx] = torch.arange(len(classes), device=sy.device)
            p = _adapted_probs(
                meta,
                learner,
                sx[pick],
                relabel[sy[pick]],
                len(classes),
                steps,
                qx,
                head,
                inner_batch,
                rng,
                transductive,
            )
            parts.append((classes, p))
            best[:, g] = p.max(1).values
        weight = best / best.sum(1, keepdim=True)
        for g, (classes, p) in enumerate(parts):
            out[:, torch.as_tensor(classes, device=qx.device)] = p * weight[:, g : g + 1]
        return out


def head_reason(learner: Learner, way: int, rule: str) -> str:
    """One sentence on how θ_0's head is built for an N-way task, for the user."""
    rows = learner.head_rows
    if learner.head == "shared":
        return "the model's one learned head row for every class (config head: shared)"
    if rule == "prototype":
        return (
            "each class's row from the mean feature of its support images at c_0 "
            "(Proto-MAML style; measured worse than the learned rows with these models)"
        )
    if way == rows:
        return f"the model's {rows} learned head rows, one per class (the paper's layout)"
    if way < rows:
        return (
            f"{way} of the model's {rows} learned head rows (the paper's layout; any "
            f"rows fit any classes, because training assigns labels at random)"
        )
    if rule == "paper":
        return (
            f"the mean of the model's {rows} learned rows for all {way} classes (the "
            f"paper's layout above its training N; measured near chance)"
        )
    groups = groups_for(way, rows)
    return (
        f"{way} classes > the model's {rows} head rows: {len(groups)} groups of at most "
        f"{max(len(g) for g in groups)} classes, each adapted from learned rows; each image "
        f"takes the class of the group most confident about it"
    )
