"""Shared look and plumbing of the plot panels: theme, colours, pens, crosshair, export, panel base.

One light (dark-on-light) theme for every plot. Pens are width 1 and opaque ("faded" colours are blended
with the background rather than made transparent) because that is what pyqtgraph draws fastest."""
from __future__ import annotations

import csv
import html
import itertools
from functools import lru_cache
from pathlib import Path
from typing import Callable

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters
from PySide6 import QtCore, QtGui, QtWidgets

BACKGROUND = "#ffffff"
FOREGROUND = "#2b2b2b"
GRID_ALPHA = 0.18
COLORS: dict[str, str] = {
    "loss": "#1f6fb4",
    "acc": "#2a9d3f",
    "val": "#d1495b",
    "test": "#6a3d9a",
    "first": "#8e5ac8",
    "last": "#e8871e",
    "cross": "#7a7a7a",
    "chance": "#9a9a9a",
}
# One colour per learner layer (conv1..conv4, fc, then any further ones), in order.
LAYER_COLORS: tuple[str, ...] = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                 "#8c564b", "#e377c2", "#17becf")
HEATMAP_CMAP = "viridis"
_theme_applied = False


def apply_theme() -> None:
    """Set pyqtgraph's global options for this app's theme (idempotent; call before creating plots)."""
    global _theme_applied
    if _theme_applied:
        return
    pg.setConfigOptions(background=BACKGROUND, foreground=FOREGROUND, antialias=False)
    _theme_applied = True


def blend(color: str, amount: float, background: str = BACKGROUND) -> QtGui.QColor:
    """`color` moved `amount` (0..1) of the way to the background: an opaque faded colour."""
    c, b = QtGui.QColor(color), QtGui.QColor(background)
    mix = lambda x, y: int(round(x + (y - x) * amount))  # noqa: E731
    return QtGui.QColor(mix(c.red(), b.red()), mix(c.green(), b.green()), mix(c.blue(), b.blue()))


def layer_color(index: int) -> str:
    return LAYER_COLORS[index % len(LAYER_COLORS)]


@lru_cache(maxsize=None)
def pen(color: str, faded: float = 0.0, style: str = "solid") -> QtGui.QPen:
    """Width-1 cosmetic pen, created once per (colour, fade, style) and shared."""
    qcolor = blend(color, faded) if faded else QtGui.QColor(color)
    p = pg.mkPen(qcolor, width=1)
    if style == "dash":
        p.setStyle(QtCore.Qt.PenStyle.DashLine)
    elif style == "dot":
        p.setStyle(QtCore.Qt.PenStyle.DotLine)
    p.setCosmetic(True)
    return p


@lru_cache(maxsize=None)
def brush(color: str, alpha: int = 255) -> QtGui.QBrush:
    c = QtGui.QColor(color)
    c.setAlpha(alpha)
    return pg.mkBrush(c)


def set_curve(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, **kwargs) -> None:
    """setData that skips pyqtgraph's finite check when the data are known finite (the usual case)."""
    finite = bool(np.isfinite(x).all() and np.isfinite(y).all())
    curve.setData(x, y, skipFiniteCheck=finite, **kwargs)


class BandItem(QtWidgets.QGraphicsPathItem):
    """A filled band between two curves as one path item.

    Cheaper than two curves joined by a FillBetweenItem (which rebuilds its path once per edge
    change): one polygon per update. `getData()` gives (x, lower, upper); `dataBounds` lets the
    ViewBox auto-range include it."""

    def __init__(self, color: str, alpha: int = 40, faded: float = 0.6) -> None:
        super().__init__()
        self.setPen(pen(color, faded=faded))
        self.setBrush(brush(color, alpha))
        self._data = (np.zeros(0), np.zeros(0), np.zeros(0))

    def set_band(self, x: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> None:
        self._data = (np.asarray(x, float), np.asarray(lower, float), np.asarray(upper, float))
        path = QtGui.QPainterPath()
        if len(x):
            xs = np.concatenate([x, x[::-1]])
            ys = np.concatenate([upper, lower[::-1]])
            path.addPolygon(QtGui.QPolygonF([QtCore.QPointF(a, b) for a, b in zip(xs, ys)]))
            path.closeSubpath()
        self.prepareGeometryChange()
        self.setPath(path)

    def getData(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self._data

    def boundingRect(self) -> QtCore.QRectF:  # noqa: N802 - Qt API
        # Qt pads by the pen width in item (data) units, which a cosmetic 1-px pen does not take.
        return self.path().boundingRect()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):  # noqa: N802 - pyqtgraph API
        x, lo, hi = self._data
        if not len(x):
            return (None, None)
        return (float(x.min()), float(x.max())) if ax == 0 else (float(lo.min()), float(hi.max()))


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

    def __init__(self, plot_item: pg.PlotItem, x_name: str = "x", y_name: str = "y",
                 formatter: Callable[[float, float], str] | None = None) -> None:
        self.plot_item = plot_item
        self.x_name, self.y_name = x_name, y_name
        self.formatter = formatter or self._default_text
        self.vline = pg.InfiniteLine(angle=90, movable=False, pen=pen(COLORS["cross"], style="dash"))
        self.hline = pg.InfiniteLine(angle=0, movable=False, pen=pen(COLORS["cross"], style="dash"))
        for line in (self.vline, self.hline):
            line.setZValue(50)
            line.hide()
            plot_item.addItem(line, ignoreBounds=True)
        self.label = pg.TextItem(anchor=(0, 0), fill=brush(BACKGROUND, 215), border=None)
        self.label.setParentItem(plot_item.vb)  # in ViewBox pixels: stays in the corner when panning
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
        self.label.setHtml(self.formatter(x, 10.0 ** y if self._log_y() else y))

    def hide(self) -> None:
        for item in (self.vline, self.hline, self.label):
            item.hide()

    def text_at(self, x: float, y: float) -> str:
        """The read-out for a data position (what the label shows when the mouse is there)."""
        return self.formatter(x, y)

    def _default_text(self, x: float, y: float) -> str:
        parts = [f"{html.escape(self.x_name)} {fmt(x)} · {html.escape(self.y_name)} {fmt(y)}"]
        for curve in self.plot_item.listDataItems():
            name = curve.name()
            if not name or not curve.isVisible():
                continue
            near = nearest_value(curve, x)
            if near is None:
                continue
            pen_opt = curve.opts.get("pen")
            qcolor = pg.mkPen(pen_opt).color() if pen_opt is not None else QtGui.QColor(FOREGROUND)
            color = (qcolor.darker(170) if qcolor.lightness() > 170 else qcolor).name()  # faded: darker
            parts.append(f"<span style='color:{color}'>{html.escape(name)}</span>: {fmt(near[1])}"
                         f" <span style='color:#888'>@ {fmt(near[0])}</span>")
        return f"<div style='color:{FOREGROUND}; font-size:9pt'>" + "<br>".join(parts) + "</div>"


def configure_plot(plot_item: pg.PlotItem, title: str = "", x_label: str = "", y_label: str = "",
                   x_units: str | None = None, y_units: str | None = None) -> None:
    """Peak downsampling + clip to view (items added later inherit them), grid, labels, title."""
    plot_item.setDownsampling(auto=True, mode="peak")
    plot_item.setClipToView(True)
    plot_item.showGrid(x=True, y=True, alpha=GRID_ALPHA)
    for side in ("left", "bottom"):
        axis = plot_item.getAxis(side)
        axis.enableAutoSIPrefix(False)  # no "(x0.001)" on losses and gates
        axis.setStyle(maxTickLevel=1)  # no third tick level: a calmer grid, ~30% cheaper repaints
        # Axes (their grid spans the plot) are repainted whenever a curve under them changes;
        # cached, an unchanged axis is a pixmap copy instead of re-rendered tick text.
        axis.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
    if title:
        plot_item.setTitle(title, size="10pt", color=FOREGROUND)
    if x_label:
        plot_item.setLabel("bottom", x_label, units=x_units)
    if y_label:
        plot_item.setLabel("left", y_label, units=y_units)


def add_crosshair(plot: pg.PlotWidget | pg.PlotItem, **kwargs) -> pg.TextItem:
    """Attach a Crosshair to a PlotWidget or PlotItem and return its read-out label."""
    item = plot.getPlotItem() if isinstance(plot, pg.PlotWidget) else plot
    cross = Crosshair(item, **kwargs)
    item._mlstm_crosshair = cross  # keep the object (and its slot) alive with the plot
    return cross.label


def add_legend(plot_item: pg.PlotItem, corner: str = "top-right") -> pg.LegendItem:
    """Legend on a translucent white box; `corner` one of top-right, top-left, bottom-left, bottom-right."""
    offset = {"top-right": (-8, 8), "top-left": (8, 8), "bottom-left": (8, -8),
              "bottom-right": (-8, -8)}[corner]
    return plot_item.addLegend(offset=offset, brush=brush(BACKGROUND, 220),
                               pen=pen("#c8c8c8"), labelTextColor=FOREGROUND, labelTextSize="8pt",
                               verSpacing=-6)


def export_png(item: pg.PlotItem | pg.GraphicsLayout, path: str | Path, width: int | None = None) -> Path:
    """Render one plot (or a whole layout) to PNG with pyqtgraph's ImageExporter."""
    path = Path(path)
    exporter = pg_exporters.ImageExporter(item)
    params = exporter.parameters()
    if width is None:
        width = max(int(item.sceneBoundingRect().width()), 400)
    params["width"] = int(width)
    if int(params["height"]) == 0:  # never laid out (hidden widget): keep a 3:2 aspect
        params["height"] = int(width * 2 / 3)
    exporter.export(str(path))
    return path


def export_csv(plot_item: pg.PlotItem, path: str | Path) -> Path:
    """Every curve's original (not downsampled) data as (x, y) column pairs, error bars as
    x, y and their half-widths; UTF-8 whatever the locale, since names hold θ and the
    user's class names (pyqtgraph's CSVExporter writes in the locale's encoding)."""
    header: list[str] = []
    columns: list[np.ndarray] = []
    for index, item in enumerate(plot_item.items):
        if isinstance(item, pg.ErrorBarItem):
            opts = item.opts
            if opts.get("x") is None or opts.get("y") is None:
                continue
            keys = ["x", "y"] + [k for k in ("top", "bottom") if opts.get(k) is not None]
            header += [f"errorbar{index}_{k}" for k in keys]
            columns += [np.broadcast_to(np.asarray(opts[k], float), np.shape(opts["x"]))
                        for k in keys]
        elif isinstance(item, pg.PlotDataItem):
            x, y = item.getOriginalDataset()
            if x is None or y is None:
                continue
            name = item.name() or f"curve{index}"
            header += [f"{name}_x", f"{name}_y"]
            columns += [np.asarray(x, float), np.asarray(y, float)]
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in itertools.zip_longest(*columns, fillvalue=""):
            writer.writerow([v if isinstance(v, str) else np.format_float_positional(
                v, precision=8, trim="-") for v in row])
    return path


class PlotPanel(QtWidgets.QWidget):
    """Base of the panels: a row of controls above one GraphicsLayoutWidget of named plots.

    Every plot gets a crosshair, and its right-click menu gets "Save plot as PNG…" and "Save data as
    CSV…". Subclasses implement `_redraw(history)`; `refresh` calls it only when the history changed."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        apply_theme()
        self.plots: dict[str, pg.PlotItem] = {}
        self.crosshairs: dict[str, Crosshair] = {}
        self._csv_writers: dict[str, Callable[[Path], None]] = {}
        self._history = None
        self._drawn_version = -1
        self._pending = None  # history to draw when shown again
        self._shown_once = False
        outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(2)
        self.controls = QtWidgets.QHBoxLayout()
        self.controls.setContentsMargins(4, 0, 4, 0)
        outer.addLayout(self.controls)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setBackground(BACKGROUND)
        self.graphics.ci.setSpacing(6)
        outer.addWidget(self.graphics, 1)

    def add_plot(self, name: str, row: int, col: int, *, title: str = "", x_label: str = "",
                 y_label: str = "", colspan: int = 1, rowspan: int = 1,
                 formatter: Callable[[float, float], str] | None = None) -> pg.PlotItem:
        item = self.graphics.addPlot(row=row, col=col, colspan=colspan, rowspan=rowspan)
        configure_plot(item, title, x_label, y_label)
        self.plots[name] = item
        self.crosshairs[name] = Crosshair(item, x_label or "x", y_label or "y", formatter)
        menu = item.vb.menu
        menu.addSeparator()
        menu.addAction("Save plot as PNG…").triggered.connect(lambda: self._ask_export(name, "png"))
        menu.addAction("Save data as CSV…").triggered.connect(lambda: self._ask_export(name, "csv"))
        return item

    def _ask_export(self, name: str, kind: str) -> None:
        filters = {"png": "PNG image (*.png)", "csv": "CSV table (*.csv)"}
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, f"Save {name}", f"{name}.{kind}",
                                                        filters[kind])
        if path:
            (self.export_png if kind == "png" else self.export_csv)(name, path)

    def export_png(self, name: str, path: str | Path, width: int | None = None) -> Path:
        """Save plot `name` as PNG (crosshair hidden)."""
        self._flush()
        self.crosshairs[name].hide()
        return export_png(self.plots[name], path, width)

    def export_csv(self, name: str, path: str | Path) -> Path:
        """Save the data of plot `name` as CSV (curves via CSVExporter, heatmaps via their writer)."""
        self._flush()
        if name in self._csv_writers:
            path = Path(path)
            self._csv_writers[name](path)
            return path
        return export_csv(self.plots[name], path)

    def export_all(self, folder: str | Path, prefix: str = "") -> list[Path]:
        """Every plot as `<prefix><name>.png` and `.csv` in `folder`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for name in self.plots:
            out.append(self.export_png(name, folder / f"{prefix}{name}.png"))
            out.append(self.export_csv(name, folder / f"{prefix}{name}.csv"))
        return out

    def refresh(self, history, force: bool = False) -> bool:
        """Redraw from `history` if its version changed since the last call; cheap otherwise.

        A panel that was shown and is now hidden (a background tab) only remembers the history and
        redraws when shown again, so hidden panels cost nothing. Returns whether it redrew."""
        if history is self._history and history.version == self._drawn_version:
            return False
        if self._shown_once and not self.isVisible() and not force:
            self._pending = history
            return False
        self._pending = None
        self._history = history
        self._drawn_version = history.version
        self._redraw(history)
        for cross in self.crosshairs.values():
            if cross.label.isVisible():
                cross.update_text()
        return True

    def showEvent(self, event: QtGui.QShowEvent) -> None:
        super().showEvent(event)
        self._shown_once = True
        if self._pending is not None:
            self.refresh(self._pending)

    def _flush(self) -> None:
        """Draw a deferred refresh now (before exporting a hidden panel)."""
        if self._pending is not None:
            self.refresh(self._pending, force=True)

    def _redraw(self, history) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class SmoothingControl(QtWidgets.QWidget):
    """'Smoothing' slider 0..0.999 with its value, as in TensorBoard; emits `changed(weight)`."""

    changed = QtCore.Signal(float)

    def __init__(self, weight: float = 0.9, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QtWidgets.QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QtWidgets.QLabel("Smoothing"))
        self.slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
        self.slider.setRange(0, 999)
        self.slider.setMinimumWidth(140)
        self.slider.setToolTip("Weight of the debiased exponential moving average (0 = raw)")
        lay.addWidget(self.slider)
        self.value_label = QtWidgets.QLabel()
        self.value_label.setMinimumWidth(40)
        lay.addWidget(self.value_label)
        self.slider.valueChanged.connect(self._changed)
        self.slider.setValue(int(round(weight * 1000)))
        self._changed(self.slider.value())

    @property
    def weight(self) -> float:
        return self.slider.value() / 1000.0

    def set_weight(self, weight: float) -> None:
        self.slider.setValue(int(round(float(np.clip(weight, 0.0, 0.999)) * 1000)))

    def _changed(self, value: int) -> None:
        self.value_label.setText(f"{value / 1000:.3f}")
        self.changed.emit(value / 1000.0)
