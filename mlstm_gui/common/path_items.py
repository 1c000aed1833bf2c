"""Plot items drawn by Qt itself: the short curves, dots and bands redrawn every episode.

A pyqtgraph item is Python that Qt calls back into: `paint`, `boundingRect` (many times per
repaint) and, for a PlotDataItem, a pipeline of bounds, downsampling and clipping on every
`setData`. For a curve of a few points that is nearly all of its cost. These items are plain
`QGraphicsPathItem`s: Qt bounds and paints them in C++, and a refresh is one `setPath`. They
keep the pyqtgraph calls the panels, the read-out, the legend and the exports use (`setData`,
`getData`, `getOriginalDataset`, `name`, `opts`, `setLogMode`, `dataBounds`).

Their pens have width 0: Qt's one-pixel cosmetic line, whose bounds are the path's own
(a width-1 pen would be one *data* unit wide in Qt's bounding-rect sums)."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from mlstm_gui.common.theme import brush, pen

Array = np.ndarray


def hairline(spec: Any) -> QtGui.QPen:
    """The one-pixel pen Qt bounds by the path alone (width 0), in `spec`'s colour and style."""
    p = QtGui.QPen(pg.mkPen(spec))
    p.setWidthF(0.0)
    return p


def finite_bounds(values: Array) -> tuple[Optional[float], Optional[float]]:
    v = values[np.isfinite(values)]
    return (float(v.min()), float(v.max())) if v.size else (None, None)


SMALL_PATH = 64  # points: up to here a path is built point by point (measured crossover ~80)


def polyline_path(x: Array, y: Array, connect: Any = "all") -> QtGui.QPainterPath:
    """The path through (x, y) (finite: the items drop the rest), broken after point i where
    `connect[i]` is False.

    pyqtgraph's `arrayToQPath` fills a binary buffer for Qt to read, which is fast for long
    curves and costs tens of microseconds of set-up for each short one; the panels redraw
    dozens of curves of 5 to 50 points every refresh, which Qt's moveTo / lineTo build faster."""
    whole = isinstance(connect, str) and connect in ("all", "finite")
    if x.size > SMALL_PATH or not (whole or not isinstance(connect, str)):
        return pg.arrayToQPath(x, y, connect=connect)
    path = QtGui.QPainterPath()
    if x.size < 2:  # no line (as pyqtgraph's)
        return path
    xs, ys = x.tolist(), y.tolist()
    if whole:
        path.moveTo(xs[0], ys[0])
        for a, b in zip(xs[1:], ys[1:]):
            path.lineTo(a, b)
        return path
    joined = False
    for a, b, link in zip(xs, ys, np.asarray(connect, bool).tolist()):
        if joined:
            path.lineTo(a, b)
        else:
            path.moveTo(a, b)
        joined = link
    return path


class Unrotated:
    """What the ViewBox asks of a data item it auto-ranges: these items are never rotated."""

    def transformAngle(self, relativeItem: Any = None) -> float:  # noqa: N802, N803 - pyqtgraph's
        return 0.0


class DataItem(Unrotated):
    """The data-item calls pyqtgraph, the read-out and the exports make (x, y as set)."""

    opts: dict[str, Any]
    _x: Array
    _y: Array

    def implements(self, interface: Optional[str] = None) -> Any:
        return ["plotData"] if interface is None else interface == "plotData"

    def name(self) -> Optional[str]:
        return self.opts["name"]

    def getData(self) -> tuple[Array, Array]:  # noqa: N802 - pyqtgraph's name
        return self._x, self._y

    def getOriginalDataset(self) -> tuple[Array, Array]:  # noqa: N802 - pyqtgraph's name
        return self._x, self._y


class PathCurve(DataItem, QtWidgets.QGraphicsPathItem):
    """A polyline (or several, split by `connect`) through (x, y) data, for a plot's ViewBox.

    Non-finite points break the line. With the plot's log-y mode the path goes through log10 y,
    as pyqtgraph's own curves do; `getData` always gives the data as set. With a `symbol`
    ("o", "d") every point also gets a marker (`dots`, a child), shown in the legend too."""

    def __init__(
        self,
        pen: Any,
        name: Optional[str] = None,
        symbol: Optional[str] = None,
        size: float = 5.0,
        brush: Any = None,
    ) -> None:
        super().__init__()
        self.setPen(hairline(pen))
        # what pyqtgraph's legend sample and the read-out look up on a data item
        self.opts: dict[str, Any] = {
            "pen": pen,
            "name": name,
            "antialias": False,
            "symbol": symbol,
            "size": size,
            "brush": brush,
            "fillLevel": None,
            "fillBrush": None,
        }
        self.dots = Dots(symbol, size, None, brush) if symbol else None
        if self.dots is not None:
            self.dots.setParentItem(self)
        self._x: Array = np.zeros(0)
        self._y: Array = np.zeros(0)
        self._connect: Any = "all"
        self._log_y = False

    # -- what pyqtgraph asks of a data item
    def setLogMode(self, x: bool, y: bool) -> None:  # noqa: N802 - pyqtgraph's name
        if bool(y) != self._log_y:
            self._log_y = bool(y)
            self._rebuild()
        if self.dots is not None:
            self.dots.setLogMode(x, y)

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: Any = None) -> Any:  # noqa: N802
        return finite_bounds(self._x if ax == 0 else self._shown_y())

    # -- data
    def setData(self, x: Any, y: Any, connect: Any = "all", **_: Any) -> None:  # noqa: N802
        self._x = np.asarray(x, dtype=np.float64)
        self._y = np.asarray(y, dtype=np.float64)
        self._connect = connect
        self._rebuild()
        if self.dots is not None:
            self.dots.setData(self._x, self._y)

    def clear(self) -> None:
        self.setData(np.zeros(0), np.zeros(0))

    def _shown_y(self) -> Array:
        if not self._log_y:
            return self._y
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log10(self._y)

    def _points(self) -> tuple[Array, Array, Any]:
        """What the path goes through: the data, on the plot's y scale."""
        return self._x, self._shown_y(), self._connect

    def _rebuild(self) -> None:
        x, y, connect = self._points()
        if x.size == 0 or x.size != y.size:
            self.setPath(QtGui.QPainterPath())
            return
        finite = np.isfinite(x) & np.isfinite(y)
        if not finite.all():
            link = np.append(finite[:-1] & finite[1:], False)  # point i joins point i + 1
            if not isinstance(connect, str):
                link &= np.asarray(connect, bool)
            x, y, connect = x[finite], y[finite], link[finite]
        self.setPath(polyline_path(x, y, connect))


def peaks(x: Array, y: Array, bins: int) -> tuple[Array, Array]:
    """Each of `bins` runs of points as its first x twice, with the run's min and max y (NaN
    ignored): the same pixels as every point drawn, with 2 points per pixel column."""
    bins = min(bins, x.size)
    starts = np.arange(bins, dtype=np.intp) * x.size // bins  # increasing: bins <= points
    with np.errstate(invalid="ignore"):
        lo = np.fmin.reduceat(y, starts)
        hi = np.fmax.reduceat(y, starts)
    return np.repeat(x[starts], 2), np.column_stack([lo, hi]).ravel()


class HistoryCurve(PathCurve):
    """A curve over training: thousands of points, extended every episode.

    Drawn through the points in view only, and at most two per pixel column of the view (each
    column's min and max, pyqtgraph's "peak" downsampling), so its cost follows the plot's
    width, not the history's length. It redraws itself when the view is zoomed, panned or
    resized (`follow`). x must be increasing (episodes)."""

    def __init__(self, pen: Any, name: Optional[str] = None) -> None:
        super().__init__(pen, name)
        self._view: Optional[pg.ViewBox] = None

    def follow(self, view: pg.ViewBox) -> None:
        self._view = view
        view.sigXRangeChanged.connect(self._view_changed)
        view.sigResized.connect(self._view_changed)

    def _view_changed(self, *_: object) -> None:
        self._rebuild()

    def _points(self) -> tuple[Array, Array, Any]:
        x, y = self._x, self._shown_y()
        view = self._view
        if view is None or x.size < 2 * MIN_COLUMNS or x.size != y.size:
            return x, y, "all"
        x0, x1 = view.viewRange()[0]
        a = max(int(np.searchsorted(x, x0, side="left")) - 1, 0)  # one beyond each edge
        b = min(int(np.searchsorted(x, x1, side="right")) + 1, x.size)
        x, y = x[a:b], y[a:b]
        columns = max(int(view.width()), MIN_COLUMNS)
        if x.size > 2 * columns:
            x, y = peaks(x, y, columns)
        return x, y, "all"


MIN_COLUMNS = 100  # a view not laid out yet is taken as this many pixels wide


def history_curve(plot_item: pg.PlotItem, pen: Any, name: Optional[str] = None) -> HistoryCurve:
    """Add a HistoryCurve to a plot, following its view (named: legend and read-out)."""
    curve = HistoryCurve(pen, name)
    plot_item.addItem(curve)
    curve.follow(plot_item.vb)
    return curve


class Dots(DataItem, QtWidgets.QGraphicsPathItem):
    """Markers of a fixed pixel size at data points (`symbol` "o" or "d"), for a curve's points.

    Each marker is a child path item that ignores the view's scaling, so Qt draws it at its
    pixel size wherever the data sit; the items are kept and moved, not rebuilt, on `setData`.
    `opts` carries what a legend sample needs to draw the symbol."""

    def __init__(
        self, symbol: str, size: float, pen: Any, brush: Any, name: Optional[str] = None
    ) -> None:
        """`pen` outlines the markers (None: none); the legend sample then draws no line."""
        super().__init__()
        self.setPen(QtGui.QPen(QtCore.Qt.PenStyle.NoPen))
        self._shape = QtGui.QPainterPath()
        r = size / 2.0
        if symbol == "d":
            self._shape.addPolygon(
                QtGui.QPolygonF(
                    [QtCore.QPointF(0, -r), QtCore.QPointF(r, 0), QtCore.QPointF(0, r)]
                    + [QtCore.QPointF(-r, 0), QtCore.QPointF(0, -r)]
                )
            )
        else:
            self._shape.addEllipse(QtCore.QPointF(0, 0), r, r)
        self._pen = hairline(pen) if pen is not None else QtGui.QPen(QtCore.Qt.PenStyle.NoPen)
        self._brush = pg.mkBrush(brush)
        self.opts: dict[str, Any] = {
            "pen": None,  # the legend sample: the symbol alone, no line
            "brush": brush,
            "symbol": symbol,
            "size": size,
            "name": name,
            "antialias": False,
        }
        self._markers: list[QtWidgets.QGraphicsPathItem] = []
        self._x: Array = np.zeros(0)
        self._y: Array = np.zeros(0)
        self._log_y = False

    def setLogMode(self, x: bool, y: bool) -> None:  # noqa: N802 - pyqtgraph's name
        if bool(y) != self._log_y:
            self._log_y = bool(y)
            self._place()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: Any = None) -> Any:  # noqa: N802
        return finite_bounds(self._x if ax == 0 else self._y)

    def setData(self, x: Any, y: Any, **_: Any) -> None:  # noqa: N802 - pyqtgraph's name
        self._x = np.asarray(x, dtype=np.float64)
        self._y = np.asarray(y, dtype=np.float64)
        self._place()

    def _place(self) -> None:
        x, y = self._x, self._y
        if self._log_y:
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.log10(y)
        ok = np.isfinite(x) & np.isfinite(y) if x.size == y.size else np.zeros(0, bool)
        points = list(zip(x[ok].tolist(), y[ok].tolist()))
        flag = QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations
        while len(self._markers) < len(points):
            marker = QtWidgets.QGraphicsPathItem(self._shape, self)
            marker.setPen(self._pen)
            marker.setBrush(self._brush)
            marker.setFlag(flag)
            self._markers.append(marker)
        for i, marker in enumerate(self._markers):
            if i < len(points):
                marker.setPos(*points[i])
                marker.show()
            else:
                marker.hide()


class BandItem(Unrotated, QtWidgets.QGraphicsPathItem):
    """A filled band between two curves as one path item.

    Cheaper than two curves joined by a FillBetweenItem (which rebuilds its path once per edge
    change): one polygon per update. `getData()` gives (x, lower, upper); `dataBounds` lets the
    ViewBox auto-range include it."""

    def __init__(self, color: str, alpha: int = 40, faded: float = 0.6) -> None:
        super().__init__()
        self.setPen(hairline(pen(color, faded=faded)))
        self.setBrush(brush(color, alpha))
        self._data: tuple[Array, Array, Array] = (np.zeros(0), np.zeros(0), np.zeros(0))

    def set_band(self, x: Any, lower: Any, upper: Any) -> None:
        self._data = (np.asarray(x, float), np.asarray(lower, float), np.asarray(upper, float))
        x, lo, hi = self._data
        if not len(x):
            self.setPath(QtGui.QPainterPath())
            return
        path = polyline_path(np.concatenate([x, x[::-1]]), np.concatenate([hi, lo[::-1]]))
        path.closeSubpath()
        self.setPath(path)

    def getData(self) -> tuple[Array, Array, Array]:  # noqa: N802 - pyqtgraph's name
        return self._data

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: Any = None) -> Any:  # noqa: N802
        x, lo, hi = self._data
        if not len(x):
            return (None, None)
        return (float(x.min()), float(x.max())) if ax == 0 else (float(lo.min()), float(hi.max()))


def path_curve(plot_item: pg.PlotItem, pen: Any, name: Optional[str] = None) -> PathCurve:
    """Add a PathCurve to a plot (named: in the legend and the read-out)."""
    curve = PathCurve(pen, name)
    plot_item.addItem(curve)
    return curve


__all__ = [
    "BandItem",
    "Dots",
    "HistoryCurve",
    "PathCurve",
    "hairline",
    "history_curve",
    "path_curve",
    "peaks",
    "polyline_path",
]
