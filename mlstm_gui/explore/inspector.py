"""Parameter inspector: what the inner loop did to the learner's parameters in one episode.

Per learner layer: θ_0 (= c_0, the learned initialisation) against θ_t, the distribution of
Δθ = θ_t − θ_0, ‖Δθ‖ and the mean input and forget gate against t, a table of per-layer
statistics at t, and the first conv layer's filters for θ_0, θ_t and their difference. The step t
follows the replay slider. Everything is derived from one AdaptationTrace (NumPy only).
(Just over 400 lines, the class over 250: five linked views of one trace and their export;
splitting them would pass the same step and trace through every part.)"""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any, Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from engine.inference.trace import AdaptationTrace
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.plot_style import (
    COLORS,
    FOREGROUND,
    Crosshair,
    PlotPanel,
    add_legend,
    brush,
    configure_plot,
    fmt,
    layer_color,
    pen,
    set_curve,
)
from mlstm_gui.common.tables import cell, cell_text

SCATTER_MAX = 3000  # points drawn per layer (a fixed random subset of bigger layers)
HIST_BINS = 60
STATS_COLUMNS = (
    "layer",
    "params",
    "‖θ₀‖",
    "‖θₜ‖",
    "‖Δθ‖",
    "‖Δθ‖/‖θ₀‖",
    "max |Δθ|",
    "mean iₜ",
    "mean fₜ",
)


def plain(curve: pg.PlotDataItem) -> pg.PlotDataItem:
    """No clipping or downsampling for a curve of a few points: pyqtgraph's clip-to-view
    (inherited from the plot) cuts short curves while the view auto-ranges, and breaks
    step-mode histograms."""
    curve.setClipToView(False)
    curve.setDownsampling(ds=1, auto=False)
    return curve


def filter_mosaic(weights: np.ndarray, cols: Optional[int] = None) -> np.ndarray:
    """(F, C, kh, kw) conv weights -> one 2-D image of kh x kw tiles (filter-major, a filter's
    channels side by side), separated by NaN gaps (drawn transparent)."""
    f, c, kh, kw = weights.shape
    tiles = weights.reshape(f * c, kh, kw)
    if cols is None:
        cols = c * int(np.ceil(np.sqrt(f)))
    rows = int(np.ceil(len(tiles) / cols))
    out = np.full((rows * (kh + 1) - 1, cols * (kw + 1) - 1), np.nan, dtype=np.float64)
    for k, tile in enumerate(tiles):
        r, q = divmod(k, cols)
        out[r * (kh + 1) : r * (kh + 1) + kh, q * (kw + 1) : q * (kw + 1) + kw] = tile
    return out


def mosaic_index(shape: tuple[int, ...], row: int, col: int) -> Optional[int]:
    """The inverse of filter_mosaic: the flat index into the (F, C, kh, kw) weights of the
    mosaic pixel (row, col), or None on a gap."""
    f, c, kh, kw = shape
    cols = c * int(np.ceil(np.sqrt(f)))
    (r, i), (q, j) = divmod(row, kh + 1), divmod(col, kw + 1)
    k = r * cols + q
    if min(row, col) < 0 or i == kh or j == kw or q >= cols or k >= f * c:
        return None
    return (k * kh + i) * kw + j


class ParameterInspector(PlotPanel):
    """Plots: "scatter" (θ_0 vs θ_t), "delta" (histogram of Δθ), "norm" (‖Δθ‖ per layer vs t),
    "gate_input", "gate_forget" (mean gate per layer vs t), "filters_0", "filters_t",
    "filters_delta" (conv1).
    `delta` holds the selected layer's full Δθ at the current step; `table` the statistics."""

    filter_clicked = QtCore.Signal(str, int)  # a filter tile's weight: layer, index in layer

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.trace: Optional[AdaptationTrace] = None
        self.channels = 1
        self.t = 0
        self.delta = np.zeros(0)
        self.controls.addWidget(QtWidgets.QLabel("Layer"))
        self.layer_combo = QtWidgets.QComboBox()
        self.layer_combo.setMinimumWidth(90)
        self.layer_combo.currentTextChanged.connect(lambda _: self._draw_step())
        self.controls.addWidget(self.layer_combo)
        self.step_label = QtWidgets.QLabel("t = –")
        self.controls.addWidget(self.step_label)
        self.controls.addStretch(1)
        self.export_button = QtWidgets.QPushButton("Export trace (.npz)…")
        self.export_button.setToolTip("θ per step, gates, losses and query predictions")
        self.export_button.clicked.connect(self._ask_export_npz)
        self.export_button.setEnabled(False)
        self.controls.addWidget(self.export_button)
        self.table = QtWidgets.QTableWidget(0, len(STATS_COLUMNS))
        self.table.setHorizontalHeaderLabels(list(STATS_COLUMNS))
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QtWidgets.QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(165)
        self.outer.addWidget(self.table)
        self._build_plots()

    # ------------------------------------------------------------------ plots
    def _build_plots(self) -> None:
        sc = self.add_plot(
            "scatter",
            0,
            0,
            colspan=3,
            title="θ<sub>0</sub> (= c<sub>0</sub>) vs θ<sub>t</sub>",
            x_label="θ_0",
            y_label="θ_t",
        )
        self.scatter = pg.ScatterPlotItem(size=3, pen=None, brush=brush(COLORS["loss"], 150))
        sc.addItem(self.scatter)
        self.diagonal = sc.plot(pen=pen(COLORS["cross"], style="dash"))
        hist = self.add_plot(
            "delta",
            0,
            3,
            colspan=3,
            title="Δθ = θ<sub>t</sub> − θ<sub>0</sub>",
            x_label="Δθ",
            y_label="coordinates",
        )
        self.hist_curve = hist.plot(
            stepMode="center", fillLevel=0, pen=pen(COLORS["acc"]), brush=brush(COLORS["acc"], 90)
        )
        plain(self.hist_curve)
        norm = self.add_plot(
            "norm",
            1,
            0,
            colspan=2,
            x_label="step t",
            y_label="‖Δθ‖",
            title="‖θ<sub>t</sub> − θ<sub>0</sub>‖ per layer",
        )
        add_legend(norm, "top-left")
        gates = {
            g: self.add_plot(
                f"gate_{g}",
                1,
                2 + 2 * col,
                colspan=2,
                title=title,
                x_label="step t",
                y_label="mean gate",
            )
            for col, (g, title) in enumerate(
                (
                    ("input", "Input gate i<sub>t</sub> per layer (learning rate)"),
                    ("forget", "Forget gate f<sub>t</sub> per layer (1: keep θ)"),
                )
            )
        }
        self.norm_curves: dict[str, pg.PlotDataItem] = {}
        self.gate_curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.step_lines = [
            pg.InfiniteLine(angle=90, pen=pen(COLORS["cross"], style="dash")) for _ in range(3)
        ]
        for line, plot in zip(self.step_lines, (norm, gates["input"], gates["forget"])):
            plot.addItem(line, ignoreBounds=True)
        sub = self.graphics.addLayout(row=2, col=0, colspan=6)
        self.filter_images: dict[str, pg.ImageItem] = {}
        titles = {
            "filters_0": "conv1 filters θ<sub>0</sub>",
            "filters_t": "θ<sub>t</sub>",
            "filters_delta": "θ<sub>t</sub> − θ<sub>0</sub>",
        }
        for col, (name, title) in enumerate(titles.items()):
            item = sub.addPlot(row=0, col=col)
            configure_plot(item, title)
            item.hideAxis("left")
            item.hideAxis("bottom")
            item.setAspectLocked(True)
            item.invertY(True)
            img = pg.ImageItem(axisOrder="row-major")
            item.addItem(img)
            self.filter_images[name] = img
            self.plots[name] = item
            self.crosshairs[name] = Crosshair(item, formatter=partial(self._pixel, name))
            img.mouseClickEvent = partial(self._clicked, name)  # pyqtgraph's click hook
        cmap = pg.colormap.get("CET-D1")
        self.theta_bar = pg.ColorBarItem(
            values=(-1, 1), colorMap=cmap, interactive=False, width=12, pen=FOREGROUND
        )
        self.theta_bar.setImageItem(
            [self.filter_images["filters_0"], self.filter_images["filters_t"]]
        )
        self.delta_bar = pg.ColorBarItem(
            values=(-1, 1), colorMap=cmap, interactive=False, width=12, pen=FOREGROUND
        )
        self.delta_bar.setImageItem(self.filter_images["filters_delta"])
        sub.addItem(self.theta_bar, row=0, col=3)
        sub.addItem(self.delta_bar, row=0, col=4)

    def _pixel(self, name: str, x: float, y: float) -> str:
        img = self.filter_images[name].image
        if img is None:
            return ""
        r, c = int(np.floor(y)), int(np.floor(x))
        if 0 <= r < img.shape[0] and 0 <= c < img.shape[1] and np.isfinite(img[r, c]):
            hint = self.tr("click: its update in How it works")
            return (
                f"<div style='color:{FOREGROUND}; font-size:9pt'>{fmt(img[r, c])}"
                f"<br><i>{hint}</i></div>"
            )
        return ""

    def _clicked(self, name: str, event: Any) -> None:
        """A click on a conv1 filter tile picks that weight (filter_clicked)."""
        if self.trace is None:
            return
        pos = self.filter_images[name].mapFromScene(event.scenePos())
        shape = self.conv1_weights(0).shape
        k = mosaic_index(shape, int(np.floor(pos.y())), int(np.floor(pos.x())))
        if k is not None:
            event.accept()
            self.filter_clicked.emit("conv1", k)

    def _redraw(self, history) -> None:  # PlotPanel hook: the inspector has no history
        return

    # ------------------------------------------------------------------ data
    def set_trace(self, trace, channels: int = 1) -> None:
        """A new replay: per-layer curves over t once, then the current step. `channels`: of the
        learner's input images (the conv1 filters' depth)."""
        self.trace, self.channels = trace, channels
        layers = list(trace.layers)
        theta0 = trace.theta[0]
        self._norms = np.stack(
            [
                [
                    np.linalg.norm(trace.theta[t, sl] - theta0[sl])
                    for sl in trace.layer_slices.values()
                ]
                for t in range(trace.steps + 1)
            ]
        )  # (T+1, L)
        self._gate_means = {g: trace.gate_stats(g).mean.T for g in ("input", "forget")}  # (T, L)
        rng = np.random.default_rng(0)
        self._subsets = {
            name: (
                np.sort(rng.choice(sl.stop - sl.start, SCATTER_MAX, replace=False))
                if sl.stop - sl.start > SCATTER_MAX
                else slice(None)
            )
            for name, sl in trace.layer_slices.items()
        }
        if list(self.norm_curves) != layers:  # layer items only when the layers change
            for c in list(self.norm_curves.values()) + list(self.gate_curves.values()):
                c.getViewBox().removeItem(c) if c.getViewBox() else None
            self.plots["norm"].legend.clear()
            self.norm_curves = {
                name: self.plots["norm"].plot(pen=pen(layer_color(k)), name=name)
                for k, name in enumerate(layers)
            }
            self.gate_curves = {
                (g, name): self.plots[f"gate_{g}"].plot(pen=pen(layer_color(k)))
                for g in ("input", "forget")
                for k, name in enumerate(layers)
            }
            for c in list(self.norm_curves.values()) + list(self.gate_curves.values()):
                plain(c)
        x = np.arange(trace.steps + 1, dtype=float)
        ticks = [[(k, str(k)) for k in range(0, trace.steps + 1, max(1, trace.steps // 10))]]
        for plot in ("norm", "gate_input", "gate_forget"):
            self.plots[plot].getAxis("bottom").setTicks(ticks)
        for k, name in enumerate(layers):
            set_curve(self.norm_curves[name], x, self._norms[:, k])
            for g in ("input", "forget"):
                set_curve(self.gate_curves[(g, name)], x[1:], self._gate_means[g][:, k])
        keep = self.layer_combo.currentText()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItems(layers)
        self.layer_combo.setCurrentText(keep if keep in layers else layers[0])
        self.layer_combo.blockSignals(False)
        self.table.setRowCount(len(layers))
        self.export_button.setEnabled(True)
        self.set_step(trace.steps)

    def set_step(self, t: int) -> None:
        if self.trace is None:
            return
        self.t = int(np.clip(t, 0, self.trace.steps))
        self._draw_step()

    def _draw_step(self) -> None:
        tr, t = self._shown(), self.t
        if tr is None or not self.layer_combo.currentText():
            return
        self.step_label.setText(f"t = {t} / {tr.steps}")
        for line in self.step_lines:
            line.setPos(t)
        name = self.layer_combo.currentText()
        th0, tht = tr.layer(name, 0), tr.layer(name, t)
        self.delta = tht - th0
        sub = self._subsets[name]
        self.scatter.setData(th0[sub], tht[sub])
        lo, hi = float(min(th0.min(), tht.min())), float(max(th0.max(), tht.max()))
        set_curve(self.diagonal, np.array([lo, hi]), np.array([lo, hi]))
        span = float(np.abs(self.delta).max()) or 1e-6
        self.hist_counts, self.hist_edges = np.histogram(self.delta, HIST_BINS, (-span, span))
        self.hist_curve.setData(self.hist_edges, self.hist_counts)
        self._draw_filters()
        self._fill_table()

    def _draw_filters(self) -> None:
        tr, t = self._shown(), self.t
        if "conv1" not in tr.layer_slices:
            return
        w0, wt = self.conv1_weights(0), self.conv1_weights(t)
        imgs = {
            "filters_0": filter_mosaic(w0),
            "filters_t": filter_mosaic(wt),
            "filters_delta": filter_mosaic(wt - w0),
        }
        for key, img in imgs.items():
            self.filter_images[key].setImage(img, autoLevels=False)
        vmax = float(max(np.abs(w0).max(), np.abs(wt).max())) or 1e-6
        dmax = float(np.abs(wt - w0).max()) or 1e-6
        self.theta_bar.setLevels((-vmax, vmax))
        self.delta_bar.setLevels((-dmax, dmax))

    def conv1_weights(self, t: int) -> np.ndarray:
        """conv1's weights at θ_t as (filters, channels, 3, 3): the conv1 group holds the weight,
        then bias and batch-norm scale and shift, F·(9C + 3) coordinates in all."""
        block = self._shown().layer("conv1", t)
        c = self.channels
        filters = block.size // (9 * c + 3)
        return block[: filters * c * 9].reshape(filters, c, 3, 3)

    def _fill_table(self) -> None:
        tr, t = self._shown(), self.t
        for row, (name, sl) in enumerate(tr.layer_slices.items()):
            th0, tht = tr.theta[0, sl], tr.theta[t, sl]
            d = tht - th0
            n0 = float(np.linalg.norm(th0))
            gi = self._gate_means["input"][t - 1, row] if t else float("nan")
            gf = self._gate_means["forget"][t - 1, row] if t else float("nan")
            values = (
                name,
                str(sl.stop - sl.start),
                fmt(n0),
                fmt(float(np.linalg.norm(tht))),
                fmt(float(np.linalg.norm(d))),
                fmt(float(np.linalg.norm(d)) / (n0 or 1.0)),
                fmt(float(np.abs(d).max())),
                "–" if t == 0 else f"{gi:.4f}",
                "–" if t == 0 else f"{gf:.4f}",
            )
            for col, text in enumerate(values):
                cell(self.table, row, col).setText(text)

    def table_values(self) -> list[list[str]]:
        return [
            [cell_text(self.table, r, c) for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def _shown(self) -> AdaptationTrace:
        """The trace on show (callers run only once a trace is set)."""
        if self.trace is None:
            raise RuntimeError("no replay is shown")
        return self.trace

    # ------------------------------------------------------------------ export
    def export_npz(self, path: str | Path) -> Path:
        path = Path(path)
        self._shown().save_npz(path)
        return path

    def _ask_export_npz(self) -> None:
        if self.trace is None:
            return
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, ui("Export trace"), "trace.npz", ui("NumPy archive") + " (*.npz)"
        )
        if path:
            try:
                self.export_npz(path)
            except OSError as exc:
                QtWidgets.QMessageBox.warning(
                    self, "Export failed", html.escape(f"cannot write {path}: {exc}")
                )
