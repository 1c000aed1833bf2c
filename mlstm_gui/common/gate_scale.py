"""Gate scales for the plots: the gate value on [0, 1], or its log-odds, which spreads gates
that pile up at an edge (the forget gate at f ≈ 0.99998, where [0, 1] bins show one bright
line). Positions on the log-odds scale are labelled with gate values ("1−2e-05"), so the
reader never converts. The bins of each scale are fixed (engine/model/gates.py), so a heatmap
stays comparable over training; only the view zooms."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np
import pyqtgraph as pg

from engine.model.gates import GATE_BINS, LOGIT_BINS, LOGIT_LIMIT, GateStats


class GateScale(str, Enum):
    VALUE = "value"
    LOGIT = "logit"


@dataclass(frozen=True)
class ScaleSpec:
    bins: int
    lo: float
    hi: float
    label: str

    def edges(self) -> np.ndarray:
        return np.linspace(self.lo, self.hi, self.bins + 1)


SPECS = {
    GateScale.VALUE: ScaleSpec(GATE_BINS, 0.0, 1.0, "gate value"),
    GateScale.LOGIT: ScaleSpec(LOGIT_BINS, -LOGIT_LIMIT, LOGIT_LIMIT, "gate value (log-odds axis)"),
}
EDGE_SHARE = 0.5  # log-odds when at least this share of the coordinates is in an end bin


def gate_label(position: float, scale: GateScale) -> str:
    """The gate value at a position of the scale's axis, as a short label that tells nearby
    ticks apart: 0.27, or how far from an edge (1−0.0082, 1−4.5e-05, 3.1e-06)."""
    if scale is GateScale.VALUE:
        return f"{position:.2f}"
    x = float(position)
    p = 1.0 / (1.0 + math.exp(-x))
    if 0.1 <= p <= 0.9:
        return f"{p:.2f}"
    q = 1.0 / (1.0 + math.exp(abs(x)))  # the distance to the nearer edge, without cancellation
    text = f"{q:.2g}" if q >= 1e-3 else f"{q:.1e}"
    return f"1−{text}" if x > 0 else text


def suggest_scale(density: np.ndarray) -> GateScale:
    """Log-odds when the [0, 1] distribution (bins,) piles up at an edge or fits in two bins."""
    d = np.asarray(density, dtype=np.float64)
    total = d.sum()
    if total <= 0:
        return GateScale.VALUE
    d = d / total
    piled = d[0] + d[-1] >= EDGE_SHARE
    narrow = np.count_nonzero(d > 0.01) <= 2
    return GateScale.LOGIT if piled or narrow else GateScale.VALUE


def occupied(density: np.ndarray, spec: ScaleSpec, floor: float = 1e-4) -> tuple[float, float]:
    """The span of the scale's axis that holds density (columns, bins) above `floor`, with one
    bin either side: where a zoomed view of a fixed-bin heatmap should look."""
    if not np.size(density):
        return spec.lo, spec.hi
    rows = np.flatnonzero(np.asarray(density).max(axis=0) > floor)
    if not rows.size:
        return spec.lo, spec.hi
    width = (spec.hi - spec.lo) / spec.bins
    lo = spec.lo + max(int(rows[0]) - 1, 0) * width
    hi = spec.lo + min(int(rows[-1]) + 2, spec.bins) * width
    return lo, hi


class GateAxis(pg.AxisItem):
    """A y axis whose tick labels are gate values on either scale."""

    def __init__(self, orientation: str = "left") -> None:
        super().__init__(orientation)
        self.gate_scale = GateScale.VALUE  # (AxisItem's own `scale` is its numeric factor)

    def set_scale(self, scale: GateScale) -> None:
        if scale is not self.gate_scale:
            self.gate_scale = scale
            self.picture = None  # re-render the labels
            self.update()

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802 - pyqtgraph's name
        if self.gate_scale is GateScale.VALUE:
            return super().tickStrings(values, scale, spacing)
        return [gate_label(v, self.gate_scale) for v in values]


def step_values(stats: GateStats, scale: GateScale) -> tuple[np.ndarray, np.ndarray]:
    """(layers, T) mean and sd of a gate on `scale`: of the values, or of the log-odds (from
    the mean value, with no spread, when the report has no log-odds)."""
    if scale is GateScale.VALUE:
        return np.asarray(stats.mean, np.float64), np.asarray(stats.std, np.float64)
    if np.size(stats.logit_mean) and stats.logit_mean.shape == np.shape(stats.mean):
        return np.asarray(stats.logit_mean, np.float64), np.asarray(stats.logit_std, np.float64)
    m = np.clip(np.asarray(stats.mean, np.float64), 1e-9, 1 - 1e-9)
    return np.log(m / (1 - m)), np.zeros_like(m)


__all__ = [
    "SPECS",
    "GateAxis",
    "GateScale",
    "ScaleSpec",
    "gate_label",
    "step_values",
    "occupied",
    "suggest_scale",
]
