"""A plot's grid as Qt path items inside its ViewBox, instead of drawn by pyqtgraph's axes.

pyqtgraph draws a grid by extending each axis's tick lines across the plot, so an axis's
bounding rectangle (and, cached, its pixmap) covers the whole plot: every change of its ticks
re-renders the tick text *and* a plot-sized pixmap, and every repaint of a curve under it blends
that pixmap again. Measured offscreen at 1600×1000 (docs/BENCHMARKS.md), a regenerated axis
cost 3.8 ms with the grid and 1.1 ms without. Here the axes draw their labels only, and the
grid is two `QGraphicsPathItem`s per axis (major and minor ticks), in data coordinates with a
one-pixel cosmetic pen: Qt draws them in C++, and they change only when the ticks do.

The lines sit at the axis's own tick values (`AxisItem.tickValues`, or its explicit ticks),
at the alpha pyqtgraph gives them. The look is pyqtgraph's, except that legends, which sit
above the ViewBox's items, now cover the grid instead of showing it through."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6 import QtCore, QtGui, QtWidgets

Z_GRID = 1e6  # over the data, where pyqtgraph's axes (z 0.5, above the ViewBox) drew it


def tick_levels(axis: pg.AxisItem, length_px: float) -> list[list[float]]:
    """The axis's tick values per level, as its next repaint computes them."""
    explicit = getattr(axis, "_tickLevels", None)
    if explicit is not None:
        return [[float(v) for v, _ in level] for level in explicit]
    lo, hi = axis.range
    return [list(map(float, values)) for _, values in axis.tickValues(lo, hi, length_px)]


def level_alpha(grid: float, level: int, count: int, length_px: float) -> int:
    """pyqtgraph's grid alpha for tick level `level` of `count` ticks (AxisItem.generateDrawSpecs)."""
    density = min(max(0.05 * length_px / (count + 1), 0.0), 1.0)
    return int(255 / (level + 1) * grid * density)


class AxisGrid:
    """The grid lines of one axis (x for "bottom", y for "left"), kept in step with its ticks."""

    def __init__(self, plot: pg.PlotItem, side: str, alpha: float) -> None:
        self.axis: pg.AxisItem = plot.getAxis(side)
        self.vb: pg.ViewBox = plot.vb
        self.vertical = side in ("bottom", "top")  # lines across x positions
        self.alpha = alpha
        self.items: list[QtWidgets.QGraphicsPathItem] = []
        self._key: Any = None
        self._alphas: list[int] = []

    def _length_px(self) -> float:
        # as the axis measures itself: its span, one pixel beyond each end
        geometry = self.axis.geometry()
        return (geometry.width() if self.vertical else geometry.height()) + 2.0

    def sync(self) -> None:
        """Rebuild the lines if anything that decides the ticks changed since the last look."""
        axis = self.axis
        length = self._length_px()
        (x0, x1), (y0, y1) = self.vb.viewRange()
        key = (
            tuple(axis.range),
            length,
            (x0, x1, y0, y1),
            repr(getattr(axis, "_tickSpacing", None)),
            id(getattr(axis, "_tickLevels", None)),
            axis.logMode,
            axis.scale,
            axis.isVisible(),
        )
        if key == self._key:
            return
        self._key = key
        levels = tick_levels(axis, length) if axis.isVisible() and length > 2.0 else []
        while len(self.items) < len(levels):
            item = QtWidgets.QGraphicsPathItem()
            item.setZValue(Z_GRID)
            self.vb.addItem(item, ignoreBounds=True)
            self.items.append(item)
            self._alphas.append(-1)
        lo, hi = (y0, y1) if self.vertical else (x0, x1)
        for i, item in enumerate(self.items):
            values = levels[i] if i < len(levels) else []
            alpha = level_alpha(self.alpha, i, len(values), length)
            if alpha != self._alphas[i]:
                color = QtGui.QColor(self.axis.tickPen().color())
                color.setAlpha(alpha)
                pen = QtGui.QPen(color)
                pen.setWidthF(0.0)  # one device pixel, bounded by the path alone
                item.setPen(pen)
                self._alphas[i] = alpha
            item.setPath(self._path(values, lo, hi))

    def _path(self, values: list[float], lo: float, hi: float) -> QtGui.QPainterPath:
        path = QtGui.QPainterPath()
        for v in values:
            if not np.isfinite(v):
                continue
            a, b = (QtCore.QPointF(v, lo), QtCore.QPointF(v, hi))
            if not self.vertical:
                a, b = QtCore.QPointF(lo, v), QtCore.QPointF(hi, v)
            path.moveTo(a)
            path.lineTo(b)
        return path


class PlotGrid:
    """Both axes' grids of a plot; they follow the ticks whenever the scene is about to paint."""

    def __init__(self, plot: pg.PlotItem, alpha: float) -> None:
        self.axes = [AxisGrid(plot, "bottom", alpha), AxisGrid(plot, "left", alpha)]
        self.plot = plot
        self._scene: Optional[Any] = None
        plot.vb.sigRangeChanged.connect(lambda *_: self.sync())
        plot.vb.sigResized.connect(lambda *_: self.sync())

    def _watch(self) -> None:
        # explicit tick spacings and labels are set straight on the axis: look again before
        # each paint of the scene (a few comparisons when nothing changed)
        scene = self.plot.scene()
        if scene is not None and hasattr(scene, "sigPrepareForPaint"):
            scene.sigPrepareForPaint.connect(self.sync)
            self._scene = scene

    def sync(self) -> None:
        if not (shiboken6.isValid(self.plot) and shiboken6.isValid(self.plot.vb)):
            self._unwatch()  # the plot was deleted (a panel rebuilt its plots)
            return
        if self._scene is None:
            self._watch()
        for grid in self.axes:
            grid.sync()

    def _unwatch(self) -> None:
        scene, self._scene = self._scene, None
        if scene is not None and shiboken6.isValid(scene):
            try:
                scene.sigPrepareForPaint.disconnect(self.sync)
            except (RuntimeError, TypeError):  # already disconnected
                pass


def add_grid(plot: pg.PlotItem, alpha: float) -> PlotGrid:
    """Grid lines at `alpha` (0..1) for both axes of `plot`, drawn by Qt, not by the axes."""
    plot.showGrid(x=False, y=False)
    grid = PlotGrid(plot, alpha)
    plot._mlstm_grid = grid  # kept alive with the plot
    grid.sync()
    return grid


__all__ = ["AxisGrid", "PlotGrid", "add_grid", "level_alpha", "tick_levels"]
