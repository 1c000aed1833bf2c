"""Gate plots: what the meta-learner's input gate (a learned per-coordinate learning rate) and forget gate
(a learned shrinkage; 1 would be plain SGD) do, over training and within the latest episode."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from mlstm_gui.common.gate_scale import (
    SPECS,
    GateAxis,
    GateScale,
    occupied,
    step_values,
)
from mlstm_gui.common.heat_image import HeatImage
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.plot_style import (
    FOREGROUND,
    HEATMAP_CMAP,
    BandItem,
    PathCurve,
    PlotPanel,
    add_legend,
    layer_color,
    path_curve,
    pen,
    set_title,
)
from mlstm_gui.common.ranges import FittedRange
from mlstm_gui.monitor.gate_heat import fit_y, heat_readout, step_axis, write_heat_csv
from mlstm_gui.monitor.history import GATES, GateHeatmap, MetricHistory
from mlstm_gui.monitor.loss_plots import overlay_arrays

GATE_TITLES = {
    "input": str(QtCore.QT_TRANSLATE_NOOP("App", "Input gate i<sub>t</sub> (learning rate)")),
    "forget": str(QtCore.QT_TRANSLATE_NOOP("App", "Forget gate f<sub>t</sub> (shrinkage)")),
}
SCALE_CHOICES = (("Auto", ""), ("Gate value", "value"), ("Log-odds", "logit"))
LOG_FLOOR = -4.0  # log10 density shown for empty bins (one coordinate in 32,901 is about -4.5)


class GatePanel(PlotPanel):
    """Input and forget gate, per learner layer.

    Plots (`self.plots` keys, the names for `export_png` / `export_csv`):
    "heat_input", "heat_forget": distribution of the gate's values over training for the layer chosen in
        `layer_combo` — `heatmaps[gate]` (pg.ImageItem, image = (columns, bins) density, each column
        summing to 1; x in episodes, y = gate value on [0, 1]); `colorbar` (pg.ColorBarItem) sets the
        colour range of both; `log_color` (QCheckBox) shows log10 density instead.
    "steps_input", "steps_forget": the latest episode, gate value against inner step t —
        `step_curves[(gate, layer)]` mean over the layer's coordinates; `step_bands[(gate, layer)]`
        (BandItem, `getData()` = (t, lower, upper)) mean ± 1 sd clipped to [0, 1] (toggle: `show_band`);
        `step_recent[(gate, layer)]` the last few episodes' means, faint (toggle: `show_recent`).
    Layer items are created when the first report names the layers, and again only if they change."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.controls.addWidget(QtWidgets.QLabel("Layer"))
        self.layer_combo = QtWidgets.QComboBox()
        self.layer_combo.setMinimumWidth(90)
        self.layer_combo.setToolTip("Learner layer whose gate distribution the heatmaps show")
        self.controls.addWidget(self.layer_combo)
        self.controls.addSpacing(12)
        self.log_color = QtWidgets.QCheckBox("Log colour scale")
        self.show_band = QtWidgets.QCheckBox("±1 sd band")
        self.show_band.setChecked(True)
        self.show_recent = QtWidgets.QCheckBox("Recent episodes")
        self.show_recent.setChecked(True)
        for box in (self.log_color, self.show_band, self.show_recent):
            self.controls.addWidget(box)
        self.controls.addSpacing(12)
        self.controls.addWidget(QtWidgets.QLabel("Scale"))
        self.scale_combo = QtWidgets.QComboBox()
        for text, data in SCALE_CHOICES:
            self.scale_combo.addItem(text, data)
        self.scale_combo.setToolTip(
            "Gate value on [0, 1], or the log-odds axis, which spreads gates piled up near 0 or 1 "
            "(labels stay gate values). Auto picks the log-odds axis when most coordinates sit "
            "in an end bin or the values fit in two bins."
        )
        self.controls.addWidget(self.scale_combo)
        self.controls.addStretch(1)
        self.scales = {gate: GateScale.VALUE for gate in GATES}  # the scale each gate shows

        self.heatmaps: dict[str, pg.ImageItem] = {}
        self.heat_fits: dict[str, FittedRange] = {}
        self._heat: dict[str, GateHeatmap] = {}
        cmap = pg.colormap.get(HEATMAP_CMAP)
        for col, gate in enumerate(GATES):
            plot = self.add_plot(
                f"heat_{gate}",
                0,
                col,
                title=f"{GATE_TITLES[gate]} over training",
                x_label="episode",
                y_label="gate value",
                formatter=partial(self._heat_readout, gate),
                axes={"left": GateAxis("left")},
            )
            img = HeatImage(axisOrder="col-major")
            plot.addItem(img)
            self.heatmaps[gate] = img
            self.heat_fits[gate] = FittedRange(plot, y_floor=0.0, y_ceil=1.0)
            self._csv_writers[f"heat_{gate}"] = partial(self._write_heat_csv, gate)
        self.colorbar = pg.ColorBarItem(
            values=(0.0, 1.0),
            colorMap=cmap,
            label="density",
            interactive=True,
            width=14,
            rounding=0.01,
            pen=FOREGROUND,
            hoverPen="#d1495b",
            hoverBrush="#d1495b40",
        )
        self.colorbar.setImageItem(list(self.heatmaps.values()))
        self.graphics.addItem(self.colorbar, row=0, col=2)

        for col, gate in enumerate(GATES):
            plot = self.add_plot(
                f"steps_{gate}",
                1,
                col,
                title=f"{GATE_TITLES[gate]} in the latest episode",
                x_label="inner step t",
                y_label="gate value (layer mean)",
                axes={"left": GateAxis("left")},
            )
            # y follows the data in whole grid steps (see _fit_y), so a new episode with similar
            # gates leaves the axis (and its cached rendering) unchanged
            plot.enableAutoRange(axis="y", enable=False)
        self._legend = add_legend(self.plots["steps_input"])

        self.step_curves: dict[tuple[str, str], PathCurve] = {}
        self.step_bands: dict[tuple[str, str], BandItem] = {}
        self.step_recent: dict[tuple[str, str], PathCurve] = {}
        self._layers: tuple[str, ...] = ()

        self.layer_combo.currentIndexChanged.connect(lambda _: self._draw_heatmaps())
        self.scale_combo.currentIndexChanged.connect(self._scale_changed)
        self.log_color.toggled.connect(self._log_color_toggled)
        self.show_band.toggled.connect(self._visibility_toggled)
        self.show_recent.toggled.connect(self._visibility_toggled)

    # ------------------------------------------------------------------ layer items
    def _build_layers(self, layers: tuple[str, ...]) -> None:
        """(Re)create the per-layer step items; runs once per run, not per refresh."""
        for store in (self.step_curves, self.step_bands, self.step_recent):
            for (gate, _), item in store.items():
                self.plots[f"steps_{gate}"].removeItem(item)
            store.clear()
        self._legend.clear()
        for li, layer in enumerate(layers):
            color = layer_color(li)
            for gate in GATES:
                plot, key = self.plots[f"steps_{gate}"], (gate, layer)
                self.step_recent[key] = path_curve(plot, pen(color, faded=0.8))
                band = BandItem(color)
                plot.addItem(band)
                self.step_bands[key] = band
                # named: the read-out lists every layer, and the input-gate plot's legend shows it
                self.step_curves[key] = path_curve(plot, pen(color), name=layer)
        previous = self.layer_combo.currentText()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItems(list(layers))
        if previous in layers:
            self.layer_combo.setCurrentText(previous)
        self.layer_combo.blockSignals(False)
        self._layers = tuple(layers)
        self._apply_visibility()

    def prepare(self, layers: tuple[str, ...]) -> None:
        """Create the per-layer items ahead of training, so the first live redraw is cheap."""
        if tuple(layers) != self._layers:
            self._build_layers(tuple(layers))

    def _apply_visibility(self, *_: object) -> None:
        band, recent = self.show_band.isChecked(), self.show_recent.isChecked()
        for key in self.step_bands:
            self.step_bands[key].setVisible(band)
            self.step_recent[key].setVisible(recent)

    def _visibility_toggled(self, *_: object) -> None:
        self._apply_visibility()
        if self._history is not None:
            self._redraw(self._history)  # the y range follows what is shown

    @property
    def selected_layer(self) -> str | None:
        return self.layer_combo.currentText() or None

    def select_layer(self, layer: str) -> None:
        self.layer_combo.setCurrentText(layer)

    def set_scale(self, scale: Optional[GateScale]) -> None:
        """A scale for both gates, or None: chosen per gate from its recent distribution."""
        self.scale_combo.setCurrentIndex(self.scale_combo.findData(scale.value if scale else ""))

    def _scale_changed(self, *_: object) -> None:
        if self._history is not None:
            self._redraw(self._history)

    def _choose_scales(self, history: MetricHistory) -> None:
        chosen, layer = self.scale_combo.currentData(), self.selected_layer
        for gate in GATES:
            if chosen:
                scale = GateScale(chosen)
            elif layer is not None and layer in history.layers:
                scale = history.suggested_scale(gate, layer)
            else:
                scale = GateScale.VALUE
            if scale is not self.scales[gate]:
                self.scales[gate] = scale
                spec = SPECS[scale]
                for name in (f"heat_{gate}", f"steps_{gate}"):
                    axis = self.plots[name].getAxis("left")
                    if isinstance(axis, GateAxis):
                        axis.set_scale(scale)
                fit = self.heat_fits[gate]
                fit.y_floor, fit.y_ceil, fit.y = spec.lo, spec.hi, None
                self.plots[f"steps_{gate}"]._mlstm_y = None

    # ------------------------------------------------------------------ drawing
    def _redraw(self, history: MetricHistory) -> None:
        if history.layers != self._layers:
            self._build_layers(history.layers)
        self._choose_scales(history)
        self._draw_heatmaps()
        latest = history.latest
        if latest is None:
            for store in (self.step_curves, self.step_recent):
                for item in store.values():
                    item.setData([], [])
            for band in self.step_bands.values():
                band.set_band(np.zeros(0), np.zeros(0), np.zeros(0))
            return
        for gate in GATES:
            scale = self.scales[gate]
            spec = SPECS[scale]
            mean, std = step_values(getattr(latest, f"{gate}_gate"), scale)
            steps = np.arange(1, mean.shape[1] + 1, dtype=np.float64)
            step_axis(self.plots[f"steps_{gate}"], mean.shape[1])
            recent = history.recent_gate_means(gate, scale)  # (episodes, layers, T)
            lower = np.maximum(mean - std, spec.lo)
            upper = np.minimum(mean + std, spec.hi)
            shown = [lower, upper] if self.show_band.isChecked() else [mean]
            if self.show_recent.isChecked() and recent.size:
                shown.append(recent)
            fit_y(self.plots[f"steps_{gate}"], shown, spec.lo, spec.hi)
            for li, layer in enumerate(self._layers):
                key = (gate, layer)
                self.step_curves[key].setData(steps, mean[li])
                self.step_bands[key].set_band(steps, lower[li], upper[li])
                if recent.ndim == 3 and recent.shape[1] == len(self._layers):
                    x, y, connect = overlay_arrays(recent[:, li, :])
                    self.step_recent[key].setData(x, y, connect=connect)

    def _draw_heatmaps(self) -> None:
        history, layer = self._history, self.selected_layer
        if history is None or layer is None or layer not in history.layers:
            return
        log = self.log_color.isChecked()
        for gate in GATES:
            heat = history.gate_heatmap(gate, layer, self.scales[gate])
            self._heat[gate] = heat
            img = self.heatmaps[gate]
            if heat.density.shape[0] == 0:
                img.clear()
                continue
            data = np.log10(np.maximum(heat.density, 10.0**LOG_FLOOR)) if log else heat.density
            img.setImage(data, autoLevels=False, levels=self.colorbar.levels())
            img.setRect(QtCore.QRectF(*heat.rect))
            x0, _, width, _ = heat.rect
            span = occupied(heat.density, SPECS[self.scales[gate]])
            self.heat_fits[gate].fit([np.array([x0, x0 + width])], [np.array(span)])
            every = (
                ui(", {n} episodes per column").format(n=heat.episodes_per_column)
                if heat.episodes_per_column > 1
                else ""
            )
            title = ui("{gate} of {layer} over training").format(
                gate=ui(GATE_TITLES[gate]), layer=layer
            )
            set_title(self.plots[f"heat_{gate}"], title + every)

    def _log_color_toggled(self, on: bool) -> None:
        self.colorbar.setLevels((LOG_FLOOR, 0.0) if on else (0.0, 1.0))
        self.colorbar.getAxis("left").setLabel(ui("log10 density") if on else ui("density"))
        self._draw_heatmaps()

    # ------------------------------------------------------------------ read-out and export
    def _heat_readout(self, gate: str, x: float, y: float) -> str:
        return heat_readout(self._heat.get(gate), self.scales[gate], x, y)

    def _write_heat_csv(self, gate: str, path: Path) -> None:
        write_heat_csv(self._heat.get(gate), self.scales[gate], path)
