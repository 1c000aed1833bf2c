"""'The update, with numbers': one learner coordinate through the replayed episode.

Per inner step t the table gives θ_{t−1}, ∇_t, L_t, the gates i_t and f_t, c̃_t = −∇_t and
θ_t = f_t·θ_{t−1} + i_t·c̃_t, beside the SGD step θ_{t−1} − α∇_t with α = i_t, which is the same
update when f_t = 1; the column 1 − f_t is shaded by how far the forget gate is from 1. Every
number is the engine's (engine/inference/coordinate.py reads it off the trace)."""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from engine.inference.coordinate import (
    CoordinateSteps,
    coordinate_steps,
    largest_update,
    layer_index,
)
from engine.inference.trace import AdaptationTrace
from mlstm_gui.common.plot_style import COLORS, PlotPanel, add_legend, blend, brush, pen, set_curve
from mlstm_gui.common.tables import cell, cell_text
from mlstm_gui.explore.inspector import plain

# the table's columns (CoordinateSteps arrays) and their headers (symbols, not translated)
HEADER_TEXT = {
    "theta_prev": "θ_{t−1}",
    "grad": "∇_t",
    "loss": "L_t",
    "input": "i_t",
    "forget": "f_t",
    "one_minus_f": "1 − f_t",
    "candidate": "c~_t = −∇_t",  # no combining tilde: some fonts misplace it
    "theta": "θ_t",
    "sgd": "SGD α = i_t",
    "gap": "θ_t − SGD",
}
COLUMNS: tuple[str, ...] = tuple(HEADER_TEXT)
HIGHLIGHT = "#fff2b3"  # the current step's row
FAR_COLUMN = COLUMNS.index("one_minus_f")  # shaded by how far f_t is from 1


def num(v: float) -> str:
    """Seven significant digits: enough to check the update by hand."""
    return f"{v:.7g}"


def far_from_one(one_minus_f: np.ndarray) -> np.ndarray:
    """How far f_t is from 1 on a log scale, 0 (1 − f ≤ 1e-5: plain SGD) to 1 (≥ 0.1)."""
    logs = np.log10(np.maximum(np.abs(one_minus_f), 1e-12))
    return np.clip((logs + 5.0) / 4.0, 0.0, 1.0)


def column_values(c: CoordinateSteps) -> dict[str, np.ndarray]:
    """The table's columns for one coordinate, all from the engine's CoordinateSteps."""
    return {
        "theta_prev": c.theta_prev,
        "grad": c.grad,
        "loss": c.loss,
        "input": c.input,
        "forget": c.forget,
        "one_minus_f": 1.0 - c.forget,
        "candidate": c.candidate,
        "theta": c.theta,
        "sgd": c.sgd,
        "gap": c.gap,
    }


class UpdatePanel(PlotPanel):
    """Coordinate picker, the per-step table, the equation at the current step, and plots
    "theta" (θ_t of the meta-learner and the SGD step) and "gates" (i_t and 1 − f_t)."""

    coordinate_changed = QtCore.Signal(int)
    step_requested = QtCore.Signal(int)  # a row clicked: show that step everywhere

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.trace: Optional[AdaptationTrace] = None
        self.steps_shown: Optional[CoordinateSteps] = None
        self.values: dict[str, np.ndarray] = {}
        self.t = 0
        self.controls.addWidget(QtWidgets.QLabel(self.tr("Layer")))
        self.layer_combo = QtWidgets.QComboBox()
        self.layer_combo.currentTextChanged.connect(lambda _: self._pick_in_layer())
        self.controls.addWidget(self.layer_combo)
        self.controls.addWidget(QtWidgets.QLabel(self.tr("weight")))
        self.index_spin = QtWidgets.QSpinBox()
        self.index_spin.setToolTip(self.tr("Index of the coordinate within the layer"))
        self.index_spin.setMinimumWidth(80)
        self.index_spin.valueChanged.connect(lambda _: self._pick_in_layer())
        self.controls.addWidget(self.index_spin)
        self.largest_button = QtWidgets.QPushButton(self.tr("Largest change"))
        self.largest_button.setToolTip(self.tr("The layer's weight that moved most in the episode"))
        self.largest_button.clicked.connect(self._pick_largest)
        self.controls.addWidget(self.largest_button)
        self.name_label = QtWidgets.QLabel()
        self.controls.addWidget(self.name_label, 1)
        self.equation = QtWidgets.QLabel()
        self.equation.setWordWrap(True)
        self.equation.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.equation.setMinimumHeight(64)
        self.table = QtWidgets.QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(HEADER_TEXT.values()))
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setToolTip(self.tr("Click a row to move the replay to that step"))
        self.table.cellClicked.connect(lambda row, _col: self.step_requested.emit(row + 1))
        self.table.horizontalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.ResizeToContents
        )
        self.outer.removeWidget(self.graphics_area)
        self.outer.addWidget(self.equation)
        self.outer.addWidget(self.table, 1)
        self.outer.addWidget(self.graphics_area, 1)
        self._build_plots()

    def _build_plots(self) -> None:
        theta = self.add_plot(
            "theta",
            0,
            0,
            title=self.tr("θ<sub>t</sub>: meta-learner and the SGD step with α = i<sub>t</sub>"),
            x_label=self.tr("step t"),
            y_label="θ",
        )
        gates = self.add_plot(
            "gates",
            0,
            1,
            title=self.tr("Input gate i<sub>t</sub> and 1 − f<sub>t</sub> (0: plain SGD)"),
            x_label=self.tr("step t"),
            y_label=self.tr("gate"),
        )
        add_legend(theta)
        add_legend(gates)
        self.curves = {
            "theta": plain(theta.plot(pen=pen(COLORS["loss"]), name=self.tr("meta-learner θ_t"))),
            "input": plain(gates.plot(pen=pen(COLORS["acc"]), name="i_t")),
            "one_minus_f": plain(gates.plot(pen=pen(COLORS["val"]), name="1 − f_t")),
        }
        self.sgd_points = pg.ScatterPlotItem(
            size=8, symbol="x", pen=pen(COLORS["last"]), brush=brush(COLORS["last"])
        )
        theta.addItem(self.sgd_points)
        theta.legend.addItem(self.sgd_points, self.tr("SGD step from θ_{t−1}"))
        self.lines = [
            pg.InfiniteLine(angle=90, pen=pen(COLORS["cross"], style="dash")) for _ in range(2)
        ]
        theta.addItem(self.lines[0], ignoreBounds=True)
        gates.addItem(self.lines[1], ignoreBounds=True)

    def _redraw(self, history: object) -> None:  # PlotPanel hook: no history here
        return

    # ------------------------------------------------------------------ data
    def set_trace(self, trace: AdaptationTrace) -> None:
        """A new replay: keep the chosen layer (and its weight if it still exists)."""
        self.trace = trace
        keep = self.layer_combo.currentText()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.addItems(list(trace.layers))
        layer = (
            keep if keep in trace.layers else ("fc" if "fc" in trace.layers else trace.layers[0])
        )
        self.layer_combo.setCurrentText(layer)
        self.layer_combo.blockSignals(False)
        self.table.setRowCount(trace.steps)
        self.table.setVerticalHeaderLabels([f"t = {t}" for t in range(1, trace.steps + 1)])
        rows = self.table.verticalHeader().length() + self.table.horizontalHeader().height()
        self.table.setMaximumHeight(min(rows + 2 * self.table.frameWidth() + 18, 380))
        if keep == layer and self.steps_shown is not None:
            self._pick_in_layer()
        else:
            self._pick_largest()

    def select(self, index: int) -> None:
        """Show θ[index] (a flat index into θ)."""
        tr = self._shown()
        layer = next(n for n, sl in tr.layer_slices.items() if sl.start <= index < sl.stop)
        sl = tr.layer_slices[layer]
        for w in (self.layer_combo, self.index_spin):
            w.blockSignals(True)
        self.layer_combo.setCurrentText(layer)
        self.index_spin.setRange(0, sl.stop - sl.start - 1)
        self.index_spin.setValue(index - sl.start)
        for w in (self.layer_combo, self.index_spin):
            w.blockSignals(False)
        self._show(coordinate_steps(tr, index))

    def _pick_in_layer(self) -> None:
        if self.trace is None or not self.layer_combo.currentText():
            return
        layer = self.layer_combo.currentText()
        self.select(layer_index(self.trace, layer, self.index_spin.value()))

    def _pick_largest(self) -> None:
        if self.trace is not None and self.layer_combo.currentText():
            self.select(largest_update(self.trace, self.layer_combo.currentText()))

    def _show(self, c: CoordinateSteps) -> None:
        self.steps_shown, self.values = c, column_values(c)
        self.name_label.setText(
            self.tr("<b>{name}</b> (θ[{index}], layer {layer})").format(
                name=c.name, index=c.index, layer=c.layer
            )
        )
        far = far_from_one(self.values["one_minus_f"])
        for row in range(c.steps):
            for col, key in enumerate(COLUMNS):
                cell(self.table, row, col).setText(num(float(self.values[key][row])))
            shade = blend(COLORS["val"], 1.0 - 0.7 * float(far[row]))
            cell(self.table, row, FAR_COLUMN).setBackground(QtGui.QBrush(shade))
        x = np.arange(c.steps + 1, dtype=float)
        set_curve(self.curves["theta"], x, np.concatenate([c.theta_prev[:1], c.theta]))
        self.sgd_points.setData(x[1:], c.sgd)
        set_curve(self.curves["input"], x[1:], c.input.astype(float))
        set_curve(self.curves["one_minus_f"], x[1:], self.values["one_minus_f"].astype(float))
        ticks = [[(k, str(k)) for k in range(0, c.steps + 1, max(1, c.steps // 10))]]
        for plot in self.plots.values():
            plot.getAxis("bottom").setTicks(ticks)  # whole steps only
        self.set_step(self.t)
        self.coordinate_changed.emit(c.index)

    def set_step(self, t: int) -> None:
        """Mark step t: its row and the update that produced θ_t, with its numbers."""
        c = self.steps_shown
        if c is None:
            return
        self.t = t = int(np.clip(t, 0, c.steps))
        for line in self.lines:
            line.setPos(t)
        for row in range(c.steps):
            back = QtGui.QBrush(QtGui.QColor(HIGHLIGHT)) if row == t - 1 else QtGui.QBrush()
            for col in range(len(COLUMNS)):
                if col != FAR_COLUMN:
                    cell(self.table, row, col).setBackground(back)
        if t == 0:
            self.equation.setText(
                self.tr(
                    "t = 0: θ<sub>0</sub> = c<sub>0</sub> = {v}, the learned initialisation; "
                    "no update yet. Move the replay slider to t ≥ 1."
                ).format(v=num(float(c.theta_prev[0])))
            )
            return
        self.table.scrollToItem(cell(self.table, t - 1, 0))
        k = t - 1
        v = {key: num(float(a[k])) for key, a in self.values.items()}
        self.equation.setText(
            self.tr(
                "<b>t = {t}</b>: θ<sub>t</sub> = f<sub>t</sub>·θ<sub>t−1</sub> + "
                "i<sub>t</sub>·c<sup>~</sup><sub>t</sub> = {f} × {prev} + {i} × ({cand}) = <b>{theta}</b>"
                "<br>SGD with α = i<sub>t</sub> (f = 1): θ<sub>t−1</sub> − α∇<sub>t</sub> = "
                "{prev} − {i} × {grad} = {sgd}; the forget gate adds "
                "(f<sub>t</sub> − 1)·θ<sub>t−1</sub> = {gap}: θ<sub>t−1</sub> shrinks by "
                "{shrink:.3g}% before the step (1 − f<sub>t</sub> = {omf})"
            ).format(
                t=t,
                f=v["forget"],
                i=v["input"],
                prev=v["theta_prev"],
                cand=v["candidate"],
                grad=v["grad"],
                theta=v["theta"],
                sgd=v["sgd"],
                gap=v["gap"],
                omf=v["one_minus_f"],
                shrink=100 * float(self.values["one_minus_f"][k]),
            )
        )

    def retranslate(self) -> None:
        """The weight's name and the equation again, in the current language."""
        if self.steps_shown is not None:
            self._show(self.steps_shown)

    def table_column(self, key: str) -> list[float]:
        """The numbers the table shows in column `key`, read back from its cells."""
        col = COLUMNS.index(key)
        return [float(cell_text(self.table, r, col)) for r in range(self.table.rowCount())]

    def _shown(self) -> AdaptationTrace:
        if self.trace is None:
            raise RuntimeError("no replay is shown")
        return self.trace
