"""Gate statistics of one episode: what the reports, the trace, TensorBoard and the GUI
show of the input and forget gates, per learner layer and inner step."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import torch
from torch import Tensor

GATE_BINS = 20  # fixed bins on [0, 1] for gate histograms
# The log-odds scale spreads saturated gates: the forget gate sits near f = 0.99998, where
# float32 rounds most values to exactly 1.0 and every [0, 1] bin but the last is empty. Its
# values come from the pre-sigmoid gates f̂, î themselves, so nothing saturates; fixed bins
# keep the picture comparable over training.
LOGIT_LIMIT = 20.0  # bins cover log-odds [-20, 20] (σ from 2e-9 to 1 − 2e-9); beyond: the end bins
LOGIT_BINS = 160  # 0.25 log-odds per bin


def rounded(values: np.ndarray, digits: int = 6) -> list[float]:
    return [round(float(v), digits) for v in np.asarray(values).ravel()]


@dataclass(frozen=True)
class GateStats:
    """One gate (input or forget) over an episode, per learner layer and inner step.

    Arrays are (layers, T) for mean/std/min/max and (layers, T, GATE_BINS) for the histogram
    of coordinate counts in fixed bins on [0, 1]."""

    mean: np.ndarray
    std: np.ndarray
    min: np.ndarray
    max: np.ndarray
    hist: np.ndarray
    # the same on the log-odds scale (engine.model.gates.LOGIT_BINS bins on ±LOGIT_LIMIT): mean
    # and std (layers, T) of the pre-sigmoid gate, and its histogram (layers, T, LOGIT_BINS);
    # empty when the producer had no pre-sigmoid values (a run folder's metrics)
    logit_mean: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    logit_std: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    logit_hist: np.ndarray = field(default_factory=lambda: np.zeros((0, 0, LOGIT_BINS), np.int32))

    def summary(self) -> dict[str, list[float]]:
        """Per layer, averaged over the inner steps (for metrics.jsonl)."""
        return {"mean": rounded(self.mean.mean(1)), "std": rounded(self.std.mean(1))}


def _moments(g: Tensor, layer_ids: Tensor, n_layers: int) -> tuple[Tensor, Tensor]:
    """Per step and layer: mean and std over the layer's coordinates, (T, L), in float64."""
    steps = g.shape[0]
    counts = torch.bincount(layer_ids, minlength=n_layers).clamp_min(1).to(g.dtype)
    sums = torch.zeros(steps, n_layers, dtype=g.dtype).index_add_(1, layer_ids, g)
    sq = torch.zeros(steps, n_layers, dtype=g.dtype).index_add_(1, layer_ids, g * g)
    mean = sums / counts
    return mean, (sq / counts - mean * mean).clamp_min(0.0).sqrt()


def _histogram(bins: Tensor, layer_ids: Tensor, n_layers: int, n_bins: int) -> np.ndarray:
    """(layers, T, n_bins) counts of per-coordinate bin indices (T, P)."""
    steps = bins.shape[0]
    flat = (torch.arange(steps).unsqueeze(1) * n_layers + layer_ids) * n_bins + bins
    hist = torch.bincount(flat.flatten(), minlength=steps * n_layers * n_bins)
    return hist.view(steps, n_layers, n_bins).transpose(0, 1).numpy().astype(np.int32)


def logit_bins(logits: Tensor) -> Tensor:
    """Bin index on the fixed log-odds bins (ends clipped into the first and last bin)."""
    scaled = (logits + LOGIT_LIMIT) * (LOGIT_BINS / (2 * LOGIT_LIMIT))
    return scaled.floor().long().clamp_(0, LOGIT_BINS - 1)


def gate_stats(
    gates: Tensor, layer_ids: Tensor, n_layers: int, logits: Optional[Tensor] = None
) -> GateStats:
    """Per layer and inner step: mean, std, min, max and a fixed-bin histogram on [0, 1], and
    the same summaries of the log-odds `logits` (the pre-sigmoid gates; derived from `gates`,
    clipped at ±LOGIT_LIMIT, when not given)."""
    steps, _ = gates.shape
    # float64: the forget gate sits within 1e-5 of 1, where float32 sums and E[g²] − E[g]²
    # lose every digit that matters
    g = gates.detach().cpu().double()
    mean, std = _moments(g, layer_ids, n_layers)
    lo = torch.full((steps, n_layers), float("inf"), dtype=g.dtype).scatter_reduce(
        1, layer_ids.expand(steps, -1), g, reduce="amin"
    )
    hi = torch.full((steps, n_layers), float("-inf"), dtype=g.dtype).scatter_reduce(
        1, layer_ids.expand(steps, -1), g, reduce="amax"
    )
    bins = (g * GATE_BINS).long().clamp_(0, GATE_BINS - 1)
    t = lambda a: a.transpose(0, 1).numpy().copy()  # noqa: E731 - (T, L) -> (L, T)
    if logits is None:
        eps = 1.0 / (1.0 + np.exp(LOGIT_LIMIT))
        logits = torch.logit(g.clamp(eps, 1.0 - eps))
    lg = logits.detach().cpu().double()
    l_mean, l_std = _moments(lg, layer_ids, n_layers)
    return GateStats(
        mean=t(mean),
        std=t(std),
        min=t(lo),
        max=t(hi),
        hist=_histogram(bins, layer_ids, n_layers, GATE_BINS),
        logit_mean=t(l_mean),
        logit_std=t(l_std),
        logit_hist=_histogram(logit_bins(lg), layer_ids, n_layers, LOGIT_BINS),
    )
