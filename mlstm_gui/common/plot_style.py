"""Shared plumbing of the plot panels: the panel base class, plot configuration, legends,
bands and the smoothing control (the theme, crosshair and exports live beside it in
common/theme.py, crosshair.py and plot_export.py, and are importable from here)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable, Sequence

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from mlstm_gui.common.crosshair import (  # noqa: F401 - re-exported for the panels
    Crosshair,
    add_crosshair,
    fmt,
    nearest_value,
)
from mlstm_gui.common.gil_free_graphics import GilFreeGraphics
from mlstm_gui.common.grid_lines import add_grid
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.path_items import (  # noqa: F401 - re-exported for the panels
    BandItem,
    Dots,
    HistoryCurve,
    PathCurve,
    history_curve,
    path_curve,
)
from mlstm_gui.common.plot_export import export_csv, export_png
from mlstm_gui.common.theme import (  # noqa: F401 - the panels take the theme from here too
    BACKGROUND,
    COLORS,
    FOREGROUND,
    GRID_ALPHA,
    HEATMAP_CMAP,
    LAYER_COLORS,
    apply_theme,
    blend,
    brush,
    layer_color,
    pen,
)


def set_curve(curve: pg.PlotDataItem, x: np.ndarray, y: np.ndarray, **kwargs) -> None:
    """setData that skips pyqtgraph's finite check when the data are known finite (the usual case)."""
    finite = bool(np.isfinite(x).all() and np.isfinite(y).all())
    curve.setData(x, y, skipFiniteCheck=finite, **kwargs)


def set_title(plot_item: pg.PlotItem, text: str, size: str = "10pt") -> None:
    """Set a plot's title only when its text changes: each new title re-lays out the plot."""
    if getattr(plot_item, "_mlstm_title", None) != text:
        plot_item._mlstm_title = text
        plot_item.setTitle(text, size=size)


def integer_ticks(plot_item: pg.PlotItem, count: int, axis: str = "bottom") -> None:
    """Whole-number ticks on a step axis (t = 1 … T): never 1.5 or 2.5."""
    step = max(1, math.ceil(count / 10))
    plot_item.getAxis(axis).setTickSpacing(step, step)


def configure_plot(
    plot_item: pg.PlotItem,
    title: str = "",
    x_label: str = "",
    y_label: str = "",
    x_units: str | None = None,
    y_units: str | None = None,
) -> None:
    """Peak downsampling + clip to view (items added later inherit them), grid, labels, title."""
    plot_item.setDownsampling(auto=True, mode="peak")
    plot_item.setClipToView(True)
    for side in ("left", "bottom"):
        axis = plot_item.getAxis(side)
        axis.enableAutoSIPrefix(False)  # no "(x0.001)" on losses and gates
        # no third tick level: a calmer grid; no tick marks: the grid lines are the ticks
        # and room for tick labels that only grows: a label narrower than the widest so far
        # would shrink the axis, relayout the plot and repaint the whole panel again
        axis.setStyle(maxTickLevel=1, tickLength=0, autoReduceTextSpace=False)
        # cached, an unchanged axis is a pixmap copy instead of re-rendered tick text
        axis.setCacheMode(QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache)
    add_grid(plot_item, GRID_ALPHA)  # drawn by Qt, not by the axes (common/grid_lines.py)
    cache_item(plot_item.titleLabel)
    if title:
        plot_item.setTitle(title, size="10pt", color=FOREGROUND)
    if x_label:
        plot_item.setLabel("bottom", x_label, units=x_units)
    if y_label:
        plot_item.setLabel("left", y_label, units=y_units)


def add_legend(
    plot_item: pg.PlotItem, corner: str = "top-right", columns: int = 1
) -> pg.LegendItem:
    """Legend on a translucent white box; `corner` one of top-right, top-left, bottom-left, bottom-right."""
    offset = {
        "top-right": (-8, 8),
        "top-left": (8, 8),
        "bottom-left": (8, -8),
        "bottom-right": (-8, -8),
    }[corner]
    legend = CachedLegend(
        offset=offset,
        brush=brush(BACKGROUND, 220),
        pen=pen("#c8c8c8"),
        labelTextColor=FOREGROUND,
        labelTextSize="8pt",
        verSpacing=-6,
        colCount=columns,
    )
    legend.setParentItem(plot_item.vb)  # as PlotItem.addLegend does
    plot_item.legend = legend
    return legend


CACHED = QtWidgets.QGraphicsItem.CacheMode.DeviceCoordinateCache


def cache_item(item: QtWidgets.QGraphicsItem) -> None:
    """Keep `item` and its children as pixmaps: a repaint of the curves under a legend or a
    title copies them instead of laying out and rendering their text again (~0.2-0.3 ms a
    panel, bench.panel_cost); a change of their own re-renders them."""
    item.setCacheMode(CACHED)
    for child in item.childItems():
        cache_item(child)


class CachedLegend(pg.LegendItem):
    """A legend whose box, samples and labels are cached as pixmaps (`cache_item`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setCacheMode(CACHED)

    def addItem(self, item: Any, name: str) -> None:  # noqa: N802 - pyqtgraph's name
        super().addItem(item, name)
        for part in self.items[-1]:
            cache_item(part)


MIN_PLOT_WIDTH, MIN_PLOT_HEIGHT = 220, 140  # px per plot, axes and title included


def step_slider(
    controls: QtWidgets.QHBoxLayout, label: str, on_change: Callable[[int], None]
) -> tuple[QtWidgets.QSlider, QtWidgets.QLabel]:
    """A labelled slider over the steps t (range set later) and its "t = …" read-out, added
    to a panel's control row: the replay views share it."""
    controls.addWidget(QtWidgets.QLabel(label))
    slider = QtWidgets.QSlider(QtCore.Qt.Orientation.Horizontal)
    slider.setRange(0, 0)
    slider.setPageStep(1)
    slider.setMinimumWidth(200)
    slider.valueChanged.connect(on_change)
    controls.addWidget(slider, 1)
    step_label = QtWidgets.QLabel("t = –")
    step_label.setMinimumWidth(70)
    controls.addWidget(step_label)
    return slider, step_label


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
        self._history: Any = None  # the history last drawn (a MetricHistory), or None
        self._drawn_version = -1
        self._pending = None  # history to draw when shown again
        self._shown_once = False
        self.outer = outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.setSpacing(2)
        self.controls = QtWidgets.QHBoxLayout()
        self.controls.setContentsMargins(4, 0, 4, 0)
        outer.addLayout(self.controls)
        self.graphics = GilFreeGraphics()  # paints without holding the GIL
        self.graphics.setBackground(BACKGROUND)
        self.graphics.ci.setSpacing(6)
        # Never squeezed below readable: the plots keep a minimum size per row and column
        # (see add_plot), and a panel given less space scrolls instead of overprinting.
        self.graphics_area = QtWidgets.QScrollArea()
        self.graphics_area.setWidgetResizable(True)
        self.graphics_area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.graphics_area.setWidget(self.graphics)
        outer.addWidget(self.graphics_area, 1)
        self._grid: dict[int, int] = {}  # plot row -> columns it uses

    def add_plot(
        self,
        name: str,
        row: int,
        col: int,
        *,
        title: str = "",
        x_label: str = "",
        y_label: str = "",
        colspan: int = 1,
        rowspan: int = 1,
        formatter: Callable[[float, float], str] | None = None,
        axes: dict[str, pg.AxisItem] | None = None,
    ) -> pg.PlotItem:
        item = self.graphics.addPlot(
            row=row, col=col, colspan=colspan, rowspan=rowspan, axisItems=axes
        )
        for r in range(row, row + rowspan):
            self._grid[r] = max(self._grid.get(r, 0), col + colspan)
        edge = 24  # the layout's margins and spacing
        self.graphics.setMinimumSize(
            MIN_PLOT_WIDTH * max(self._grid.values()) + edge,
            MIN_PLOT_HEIGHT * len(self._grid) + edge,
        )
        configure_plot(item, title, x_label, y_label)
        self.plots[name] = item
        self.crosshairs[name] = Crosshair(item, x_label or "x", y_label or "y", formatter)
        menu = item.vb.menu
        menu.addSeparator()
        menu.addAction("Save plot as PNG…").triggered.connect(lambda: self._ask_export(name, "png"))
        menu.addAction("Save data as CSV…").triggered.connect(lambda: self._ask_export(name, "csv"))
        return item

    def _ask_export(self, name: str, kind: str) -> None:
        filters = {"png": ui("PNG image (*.png)"), "csv": ui("CSV table (*.csv)")}
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, ui("Save {name}").format(name=name), f"{name}.{kind}", filters[kind]
        )
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

    def invalidate(self) -> None:
        """Draw again at the next refresh even if the history did not change (after a
        language switch: titles with numbers in them are set while drawing)."""
        self._drawn_version = -1

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


def plot_sizes(root: QtWidgets.QWidget) -> dict[str, tuple[int, int]]:
    """(width, height) of every visible plot under `root`, by "<Panel>.<plot>"."""
    sizes = {}
    for panel in root.findChildren(PlotPanel):
        if panel.isVisible():
            for name, plot in panel.plots.items():
                if plot.isVisible():
                    r = plot.geometry()
                    sizes[f"{type(panel).__name__}.{name}"] = (int(r.width()), int(r.height()))
    return sizes


def undersized_plots(root: QtWidgets.QWidget, slack: int = 16) -> dict[str, tuple[int, int]]:
    """The visible plots under `root` smaller than readable (MIN_PLOT_WIDTH × MIN_PLOT_HEIGHT,
    less `slack` for the layout's spacing)."""
    return {
        k: s
        for k, s in plot_sizes(root).items()
        if s[0] < MIN_PLOT_WIDTH - slack or s[1] < MIN_PLOT_HEIGHT - slack
    }


def paint_now(panels: Sequence[PlotPanel]) -> None:
    """Paint what the panels' last refreshes changed now, not at the event loop's next turn:
    each scene's pending item updates, then one repaint of each window (as the loop would),
    so several panels cost one flush of the window, not one each.

    Layouts first, and again after the paint: a refresh that resized a title, or a paint
    whose new tick labels are wider than the axis, invalidates a layout, and Qt posts that for
    the event loop's next turn. In turns that would come after the worker went on, with a
    second repaint then, both taken from training (bench.gui_throughput)."""
    windows: list[QtWidgets.QWidget] = []
    for panel in panels:
        window = panel.graphics.window()
        if window not in windows:
            windows.append(window)
    for _ in range(4):
        QtCore.QCoreApplication.sendPostedEvents(None, QtCore.QEvent.Type.LayoutRequest)
        for panel in panels:
            QtCore.QCoreApplication.sendPostedEvents(panel.graphics.scene(), 0)
        for window in windows:
            QtCore.QCoreApplication.sendPostedEvents(window, QtCore.QEvent.Type.UpdateRequest)
