"""The crosshair every plot gets: a vertical line and a read-out of the value under the mouse
on each curve, in the plot's own units."""

from __future__ import annotations

import html
from typing import Callable

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from mlstm_gui.common.i18n import ui
from mlstm_gui.common.theme import BACKGROUND, COLORS, FOREGROUND, brush, pen


def nearest_value(curve: pg.PlotDataItem, x: float) -> tuple[float, float] | None:
    """The (x, y) data point of `curve` closest to x (x data assumed sorted): a binary search."""
    xs, ys = curve.getOriginalDataset()
    if xs is None or len(xs) == 0:
        return None
    i = int(np.clip(np.searchsorted(xs, x), 1, len(xs) - 1)) if len(xs) > 1 else 0
    if len(xs) > 1 and abs(xs[i - 1] - x) <= abs(xs[i] - x):
        i -= 1
    return float(xs[i]), float(ys[i])


def fmt(v: float) -> str:
    return f"{v:.4g}"


class Crosshair:
    """Dashed cross under the mouse and a read-out pinned to the plot's top-left corner.

    The default read-out gives the mouse position and, for every named visible curve, its value at
    the nearest data point. Pass `formatter(x, y) -> html` for other plots (heatmaps)."""

    def __init__(
        self,
        plot_item: pg.PlotItem,
        x_name: str = "x",
        y_name: str = "y",
        formatter: Callable[[float, float], str] | None = None,
    ) -> None:
        self.plot_item = plot_item
        self.x_name, self.y_name = x_name, y_name
        self.formatter = formatter or self._default_text
        self.vline = pg.InfiniteLine(
            angle=90, movable=False, pen=pen(COLORS["cross"], style="dash")
        )
        self.hline = pg.InfiniteLine(angle=0, movable=False, pen=pen(COLORS["cross"], style="dash"))
        for line in (self.vline, self.hline):
            line.setZValue(50)
            line.hide()
            plot_item.addItem(line, ignoreBounds=True)
        self.label = pg.TextItem(anchor=(0, 0), fill=brush(BACKGROUND, 215), border=None)
        self.label.setParentItem(
            plot_item.vb
        )  # in ViewBox pixels: stays in the corner when panning
        self.label.setPos(4, 2)
        self.label.setZValue(60)
        self.label.hide()
        self.enabled = True
        self._at: tuple[float, float] | None = None  # last mouse position, view coordinates
        scene = plot_item.scene()
        if scene is None:
            raise RuntimeError("add the PlotItem to a scene before attaching a crosshair")
        scene.sigMouseMoved.connect(self._moved)

    def _log_y(self) -> bool:
        return self.plot_item.ctrl.logYCheck.isChecked()

    def _moved(self, pos: QtCore.QPointF) -> None:
        vb = self.plot_item.vb
        if not self.enabled or not vb.sceneBoundingRect().contains(pos):
            self.hide()
            return
        p = vb.mapSceneToView(pos)
        self._at = (p.x(), p.y())
        self.vline.setPos(p.x())
        self.hline.setPos(p.y())
        self.update_text()
        for item in (self.vline, self.hline, self.label):
            item.show()

    def update_text(self) -> None:
        """Re-read the values under the cross (the data changed while the mouse stood still)."""
        if self._at is None:
            return
        x, y = self._at
        self.label.setHtml(self.formatter(x, 10.0**y if self._log_y() else y))

    def hide(self) -> None:
        for item in (self.vline, self.hline, self.label):
            item.hide()

    def text_at(self, x: float, y: float) -> str:
        """The read-out for a data position (what the label shows when the mouse is there)."""
        return self.formatter(x, y)

    def _default_text(self, x: float, y: float) -> str:
        x_name, y_name = html.escape(ui(self.x_name)), html.escape(ui(self.y_name))
        parts = [f"{x_name} {fmt(x)} · {y_name} {fmt(y)}"]
        for curve in self.plot_item.listDataItems():
            name = curve.name()
            if not name or not curve.isVisible():
                continue
            near = nearest_value(curve, x)
            if near is None:
                continue
            pen_opt = curve.opts.get("pen")
            qcolor = pg.mkPen(pen_opt).color() if pen_opt is not None else QtGui.QColor(FOREGROUND)
            color = (
                qcolor.darker(170) if qcolor.lightness() > 170 else qcolor
            ).name()  # faded: darker
            parts.append(
                f"<span style='color:{color}'>{html.escape(ui(name))}</span>: {fmt(near[1])}"
                f" <span style='color:#888'>@ {fmt(near[0])}</span>"
            )
        return f"<div style='color:{FOREGROUND}; font-size:9pt'>" + "<br>".join(parts) + "</div>"


def add_crosshair(plot: pg.PlotWidget | pg.PlotItem, **kwargs) -> pg.TextItem:
    """Attach a Crosshair to a PlotWidget or PlotItem and return its read-out label."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    cross = Crosshair(item, **kwargs)
    item._mlstm_crosshair = cross  # keep the object (and its slot) alive with the plot
    return cross.label
