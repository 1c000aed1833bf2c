"""The learner's penultimate features at every inner step, and one PCA plane per episode.

"Watch the classes separate": the adaptation moves θ_t, and with it where the support and
query images land in the learner's feature space (the input of its linear head). The features
are computed with the learner's functional forward over the traced θ_t, with batch norm as the
inner loop had it: support images with batch statistics (the support pass), queries with the
running statistics of the support steps so far (test time) or batch statistics (transductive),
exactly as `trace_episode` scores them. One PCA is fitted on all steps of the episode, so the
axes stay put while the slider moves and the points show how the features move."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from engine.data.episodes import Episode
from engine.model.learner import BNState, Learner


@dataclass(frozen=True)
class EpisodeFeatures:
    """Penultimate features per step t = 0..T, float32."""

    support: np.ndarray  # (T+1, S, F)
    query: np.ndarray  # (T+1, Q, F)
    support_y: np.ndarray  # (S,)
    query_y: np.ndarray  # (Q,)


@dataclass(frozen=True)
class Projection:
    """The features in the episode's 2-D PCA plane, and how well the classes separate."""

    support: np.ndarray  # (T+1, S, 2)
    query: np.ndarray  # (T+1, Q, 2)
    explained: np.ndarray  # (2,) share of the variance (over all steps) each axis holds
    separation: np.ndarray  # (T+1,) between-class / within-class scatter in feature space

    @property
    def steps(self) -> int:
        return self.support.shape[0] - 1

    def bounds(self) -> tuple[float, float, float, float]:
        """(x_min, x_max, y_min, y_max) over every step: fixed axes for the whole replay."""
        pts = np.concatenate([self.support.reshape(-1, 2), self.query.reshape(-1, 2)])
        lo, hi = pts.min(0), pts.max(0)
        return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


def episode_features(
    learner: Learner, theta: np.ndarray, ep: Episode, transductive: bool = False
) -> EpisodeFeatures:
    """Features of ep's support and query images at each θ_t of a trace (theta: (T+1, P)).

    The support pass at θ_t updates the running statistics the query at θ_{t+1} reads, as in
    the inner loop (engine/model/adapt.py), so the BN state of every step is rebuilt here."""
    way = ep.way
    bn = BNState.fresh(learner.filters, device=ep.support_x.device)
    support, query = [], []
    with torch.no_grad():
        for row in theta:
            th = torch.from_numpy(np.ascontiguousarray(row)).to(ep.support_x.device)
            q = learner.embed(th, ep.query_x, bn.copy(), way, training=transductive)
            s = learner.embed(th, ep.support_x, bn, way, training=True)  # updates bn
            support.append(s.float().cpu())
            query.append(q.float().cpu())
    return EpisodeFeatures(
        torch.stack(support).numpy(),
        torch.stack(query).numpy(),
        ep.support_y.cpu().numpy().copy(),
        ep.query_y.cpu().numpy().copy(),
    )


def separation(x: np.ndarray, y: np.ndarray) -> float:
    """tr(between-class scatter) / tr(within-class scatter) of points x (n, F) with labels y:
    0 when every class has the same mean, large when classes are tight and far apart."""
    x = x.astype(np.float64)
    centre = x.mean(0)
    between = within = 0.0
    for c in np.unique(y):
        pts = x[y == c]
        mean = pts.mean(0)
        between += len(pts) * float(((mean - centre) ** 2).sum())
        within += float(((pts - mean) ** 2).sum())
    return between / within if within > 0 else float("inf") if between > 0 else 0.0


def project(features: EpisodeFeatures) -> Projection:
    """One 2-D PCA fitted on every step's support and query features of the episode."""
    t1, s, f = features.support.shape
    q = features.query.shape[1]
    both = np.concatenate([features.support, features.query], axis=1).astype(np.float64)
    flat = both.reshape(-1, f)
    centred = flat - flat.mean(0)
    _, sv, vt = np.linalg.svd(centred, full_matrices=False)
    axes = vt[:2]
    if axes.shape[0] < 2:  # one feature: a flat second axis
        axes = np.vstack([axes, np.zeros((2 - axes.shape[0], f))])
    # a fixed sign per axis (the largest loading positive): the same data give the same plot
    signs = np.sign(axes[np.arange(2), np.abs(axes).argmax(1)])
    axes = axes * np.where(signs == 0, 1.0, signs)[:, None]
    pts = (centred @ axes.T).reshape(t1, s + q, 2).astype(np.float32)
    var = sv**2
    total = float(var.sum())
    explained = np.zeros(2)
    explained[: min(2, len(var))] = var[:2] / total if total > 0 else 0.0
    labels = np.concatenate([features.support_y, features.query_y])
    sep = np.array([separation(both[t], labels) for t in range(t1)])
    return Projection(pts[:, :s], pts[:, s:], explained, sep)
