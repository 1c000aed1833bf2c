"""Gate statistics of one episode: what the reports, the trace, TensorBoard and the GUI
show of the input and forget gates, per learner layer and inner step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import Tensor

GATE_BINS = 20  # fixed bins on [0, 1] for gate histograms


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

    def summary(self) -> dict[str, list[float]]:
        """Per layer, averaged over the inner steps (for metrics.jsonl)."""
        return {"mean": rounded(self.mean.mean(1)), "std": rounded(self.std.mean(1))}


def gate_stats(gates: Tensor, layer_ids: Tensor, n_layers: int) -> GateStats:
    """Per layer and inner step: mean, std, min, max and a fixed-bin histogram on [0, 1]."""
    steps, _ = gates.shape
    # float64: the forget gate sits within 1e-5 of 1, where float32 sums and E[g²] − E[g]²
    # lose every digit that matters
    g = gates.detach().cpu().double()
    counts = torch.bincount(layer_ids, minlength=n_layers).clamp_min(1).to(g.dtype)
    sums = torch.zeros(steps, n_layers, dtype=g.dtype).index_add_(1, layer_ids, g)
    sq = torch.zeros(steps, n_layers, dtype=g.dtype).index_add_(1, layer_ids, g * g)
    mean = sums / counts
    var = (sq / counts - mean * mean).clamp_min(0.0)
    lo = torch.full((steps, n_layers), float("inf"), dtype=g.dtype).scatter_reduce(
        1, layer_ids.expand(steps, -1), g, reduce="amin"
    )
    hi = torch.full((steps, n_layers), float("-inf"), dtype=g.dtype).scatter_reduce(
        1, layer_ids.expand(steps, -1), g, reduce="amax"
    )
    bins = (g * GATE_BINS).long().clamp_(0, GATE_BINS - 1)
    flat = (torch.arange(steps).unsqueeze(1) * n_layers + layer_ids) * GATE_BINS + bins
    hist = torch.bincount(flat.flatten(), minlength=steps * n_layers * GATE_BINS)
    hist = hist.view(steps, n_layers, GATE_BINS).transpose(0, 1)
    t = lambda a: a.transpose(0, 1).numpy().copy()  # noqa: E731 - (T, L) -> (L, T)
    return GateStats(
        mean=t(mean), std=t(var.sqrt()), min=t(lo), max=t(hi), hist=hist.numpy().astype(np.int32)
    )
