"""Explicit view ranges for live plots, in place of pyqtgraph's auto-range.

Auto-range is recomputed inside every paint; each change of range repaints the plot and its
axes again, and with clip-to-view and peak downsampling the two can chase each other (pyqtgraph
issues #2713, #3135). A live plot instead gets ranges computed here from the arrays it was just
given, rounded outwards to round numbers and changed only when the data leaves them or fills
much less of them, so most refreshes leave the axes (cached as pixmaps) untouched.

A user's zoom or pan stops the fitting of that plot; its "A" button (auto-range) resumes it."""

from __future__ import annotations

import math
from typing import Optional, Sequence, Union

import numpy as np
import pyqtgraph as pg

Values = Union[np.ndarray, Sequence[float]]
FILL = 0.4  # refit when the data fills less than this share of the current span
GROW = 0.25  # data that left the range: the new one leaves this much of the old span free each side
X_AHEAD = 1.0  # a growing x range, refitted, reaches this share of the data's span ahead
LEGEND_EVERY = 8  # refreshes between two looks for the legend's corner


def round_step(span: float, per_decade: int = 2) -> float:
    """A round grid step for a span: 10^k / per_decade, about a tenth of the span or less."""
    span = max(span, 1e-12)
    return 10.0 ** math.floor(math.log10(span)) / per_decade


def nice_range(
    lo: float,
    hi: float,
    floor: Optional[float] = None,
    ceil: Optional[float] = None,
    per_decade: int = 2,
) -> tuple[float, float]:
    """[lo, hi] rounded outwards to a round step, clipped to [floor, ceil]."""
    step = round_step(hi - lo, per_decade)
    a, b = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if b <= a:
        a, b = a - step, b + step
    if floor is not None:
        a = max(a, floor)
    if ceil is not None:
        b = min(b, ceil)
    return a, b


def data_bounds(arrays: Sequence[Values], log: bool = False) -> Optional[tuple[float, float]]:
    """Finite min and max over the arrays (of log10 of the positive values with `log`)."""
    parts = [np.ravel(np.asarray(a, dtype=np.float64)) for a in arrays if np.size(a)]
    if not parts:
        return None
    v = np.concatenate(parts)
    if log:
        v = np.log10(v[v > 0])
    v = v[np.isfinite(v)]
    if not v.size:
        return None
    return float(v.min()), float(v.max())


def grown(
    current: Optional[tuple[float, float]], lo: float, hi: float, slack: float = 0.0
) -> tuple[float, float]:
    """[lo, hi] with room to move, to refit a range to: `slack` of the data's span each side,
    and, when the data left `current`, GROW of the current span at least, so a range that the
    data keeps widening (early in a run) grows in a few large steps, not one per refresh."""
    room = slack * (hi - lo)
    if current is not None and not (current[0] <= lo and hi <= current[1]):
        room = max(room, GROW * (current[1] - current[0]))
    return lo - room, hi + room


def keep(current: Optional[tuple[float, float]], lo: float, hi: float) -> bool:
    """Whether the current span still suits data on [lo, hi]: holds it, and not too loosely."""
    if current is None:
        return False
    a, b = current
    return a <= lo and hi <= b and (hi - lo) >= FILL * (b - a)


class FittedRange:
    """Fits one plot's x and y ranges to its data on each `fit`; `log_y` when its y axis is
    in log mode (ranges are then in log10 units, as pyqtgraph's log mode expects)."""

    def __init__(
        self,
        plot: pg.PlotItem,
        y_floor: Optional[float] = None,
        y_ceil: Optional[float] = None,
        x_floor: Optional[float] = None,
        x_growing: bool = True,
        headroom: float = 0.0,
        legend: Optional[pg.LegendItem] = None,
    ) -> None:
        self.plot = plot
        self.headroom = headroom  # share of the data's span kept free above it (for legends)
        self.legend = legend  # moved to the corner its curves leave free
        self.corner = ""
        self._fits = 0
        self.y_floor, self.y_ceil, self.x_floor = y_floor, y_ceil, x_floor
        self.x_growing = x_growing  # x only grows (episodes): extend it by a whole step ahead
        self.log_y = False
        self.paused = False
        self.x: Optional[tuple[float, float]] = None
        self.y: Optional[tuple[float, float]] = None
        self._last: tuple[Sequence[Values], Sequence[Values]] = ((), ())
        plot.vb.disableAutoRange()
        plot.vb.sigRangeChangedManually.connect(self._user_moved)
        auto = getattr(plot, "autoBtn", None)
        if auto is not None:
            auto.clicked.connect(self.resume)

    def _user_moved(self, *_: object) -> None:
        self.paused = True

    def resume(self, *_: object) -> None:
        """Back to fitted ranges (the auto-range button): refit from the last data."""
        self.paused = False
        self.plot.vb.disableAutoRange()
        self.x = self.y = None
        self.fit(*self._last)

    def set_log_y(self, on: bool) -> None:
        self.log_y = on
        self.y = None
        self.fit(*self._last)

    def fit(self, xs: Sequence[Values], ys: Sequence[Values]) -> bool:
        """Set the ranges for this data if they must change; returns whether they did."""
        self._last = (xs, ys)
        if self.paused:
            return False
        changed = False
        bx = data_bounds(xs)
        if bx is not None and not keep_x(self.x, *bx, growing=self.x_growing):
            lo, hi = bx
            if self.x_growing:  # room ahead, the run so far again: a change per doubling
                hi = hi + max(X_AHEAD * (hi - lo), 1.0)
            self.x = nice_range(lo, hi, floor=self.x_floor, per_decade=5)
            self.plot.setXRange(*self.x, padding=0.02)
            changed = True
        by = data_bounds(ys, log=self.log_y)
        if by is not None:
            by = (by[0], by[1] + self.headroom * max(by[1] - by[0], 1e-9))
        if by is not None and not keep(self.y, *by):
            floor = None if self.log_y else self.y_floor
            ceil = None if self.log_y else self.y_ceil
            self.y = nice_range(*grown(self.y, *by), floor=floor, ceil=ceil)
            self.plot.setYRange(*self.y, padding=0.04)
            changed = True
        self._fits += 1
        if self.legend is not None and (changed or self._fits % LEGEND_EVERY == 1):
            self.place_legend()  # the curves move slowly: now and then is enough
        return changed

    def place_legend(self) -> None:
        """Put the legend in the corner where the fewest drawn points would lie under it."""
        legend, vb = self.legend, self.plot.vb
        assert legend is not None
        (x0, x1), (y0, y1) = vb.viewRange()
        px, py = vb.viewPixelSize()
        size = legend.boundingRect()
        w, h = (size.width() + 16) * px, (size.height() + 16) * py
        boxes = {
            "top-right": (x1 - w, x1, y1 - h, y1),
            "top-left": (x0, x0 + w, y1 - h, y1),
            "bottom-right": (x1 - w, x1, y0, y0 + h),
            "bottom-left": (x0, x0 + w, y0, y0 + h),
        }
        covered = dict.fromkeys(boxes, 0)
        for item in self.plot.listDataItems():
            x, y = item.getData()
            if x is None or y is None or not np.size(x):
                continue
            y = np.log10(np.where(y > 0, y, np.nan)) if self.log_y else y
            for corner, (a, b, c, d) in boxes.items():
                covered[corner] += int(np.count_nonzero((x >= a) & (x <= b) & (y >= c) & (y <= d)))
        order = list(boxes)  # ties keep the current corner, else the first listed
        best = min(order, key=lambda k: (covered[k], k != self.corner, order.index(k)))
        if best != self.corner:
            self.corner = best
            anchor = {
                "top-right": ((1, 0), (1, 0), (-8, 8)),
                "top-left": ((0, 0), (0, 0), (8, 8)),
                "bottom-right": ((1, 1), (1, 1), (-8, -8)),
                "bottom-left": ((0, 1), (0, 1), (8, -8)),
            }[best]
            legend.anchor(*anchor)


def keep_x(current: Optional[tuple[float, float]], lo: float, hi: float, growing: bool) -> bool:
    """x: while the data grows to the right it only has to stay inside the span."""
    if current is None:
        return False
    if growing:
        a, b = current
        return a <= lo and hi <= b and (hi - lo) >= FILL * (b - a) / 2
    return keep(current, lo, hi)


__all__ = ["FittedRange", "data_bounds", "grown", "keep", "nice_range", "round_step"]
