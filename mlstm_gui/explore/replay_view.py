"""Step through one episode's adaptation: a slider over t = 0..T moves every view to θ_t.

Support loss and accuracy at θ_t, query predictions at θ_t (frame green when right, red when
wrong, grey when every class ties; with the probability given to the predicted class), and per
layer the mean input and forget gate of the update that produced θ_t. All values come from one
AdaptationTrace computed in the replay thread; moving the slider only re-indexes arrays.
(ReplayView is over 250 lines: three linked plots, the query tiles and the step controls of
one view; the values are the engine's and the tiles are common/image_tiles.)"""

from __future__ import annotations

from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from engine.inference.trace import AdaptationTrace
from mlstm_gui.common.gate_scale import GateAxis, GateScale, step_values, suggest_scale
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.image_tiles import GREEN, GREY, RED, ImageRows, display_image
from mlstm_gui.common.plot_style import (
    COLORS,
    FOREGROUND,
    PlotPanel,
    add_legend,
    brush,
    layer_color,
    pen,
    set_curve,
    step_slider,
)
from mlstm_gui.explore.episode_picker import origin_text
from mlstm_gui.explore.inspector import plain
from mlstm_gui.explore.jobs import ReplayResult


def gate_means(
    gate: str, trace: AdaptationTrace, t: int, scale: GateScale = GateScale.VALUE
) -> tuple[np.ndarray, np.ndarray]:
    """Per-layer mean and sd of the "input" or "forget" gate in the update producing θ_t
    (t >= 1), from the trace's per-layer statistics, on `scale` (values or log-odds)."""
    mean, sd = step_values(trace.gate_stats(gate), scale)
    return mean[:, t - 1], sd[:, t - 1]


def trace_scale(gate: str, trace: AdaptationTrace) -> GateScale:
    """The scale that shows this episode's gate best: its [0, 1] histogram over all steps."""
    return suggest_scale(trace.gate_stats(gate).hist.sum(axis=(0, 1)))


class ReplayView(PlotPanel):
    """Plots "loss" and "accuracy" against t (current step marked), "gates" per layer at t, and
    the query images with their predictions at t. `slider` is the step; `step_changed(t)` tells
    linked views (the parameter inspector)."""

    step_changed = QtCore.Signal(int)
    replay_requested = QtCore.Signal()

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.result: Optional[ReplayResult] = None
        self.trace: Optional[AdaptationTrace] = None
        self.t = 0
        self.invert = False
        self.replay_button = QtWidgets.QPushButton("Replay episode")
        self.replay_button.setToolTip(
            "Run the inner loop on the chosen episode with the current "
            "meta-learner (in the background) and step through it"
        )
        self.replay_button.clicked.connect(self.replay_requested.emit)
        self.controls.addWidget(self.replay_button)
        self.play_button = QtWidgets.QPushButton("Play")
        self.play_button.setCheckable(True)
        self.play_button.toggled.connect(self._play)
        self.controls.addWidget(self.play_button)
        self.slider, self.step_label = step_slider(self.controls, "Step t", self.set_step)
        self.slider.setTickPosition(QtWidgets.QSlider.TickPosition.TicksBelow)
        self._timer = QtCore.QTimer(self)
        self._timer.setInterval(600)
        self._timer.timeout.connect(self._advance)

        outer = self.outer
        outer.removeWidget(self.graphics_area)
        self.summary = QtWidgets.QLabel("Pick an episode, then press Replay episode.")
        self.summary.setWordWrap(True)
        outer.addWidget(self.summary)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        split.addWidget(self.graphics_area)
        box = QtWidgets.QGroupBox("Query predictions at θ_t")
        lay = QtWidgets.QVBoxLayout(box)
        lay.setContentsMargins(2, 2, 2, 2)
        key = QtWidgets.QLabel(
            "Under each image: [predicted class] and its probability. Frame "
            "green: right, red: wrong, grey: all classes tie."
        )
        key.setWordWrap(True)
        lay.addWidget(key)
        self.query_rows = ImageRows("Query", size=42)
        lay.addWidget(self.query_rows)
        split.addWidget(box)
        split.setSizes([560, 520])
        outer.addWidget(split, 1)
        self._build_plots()

    # ------------------------------------------------------------------ plots
    def _build_plots(self) -> None:
        loss = self.add_plot(
            "loss",
            0,
            0,
            colspan=2,
            title="Loss at θ<sub>t</sub>",
            x_label="step t",
            y_label="cross-entropy",
        )
        acc = self.add_plot(
            "accuracy",
            1,
            0,
            colspan=2,
            title="Accuracy at θ<sub>t</sub>",
            x_label="step t",
            y_label="accuracy",
        )
        add_legend(loss)
        add_legend(acc, "bottom-right")
        acc.setYRange(0, 1.02)
        self.curves = {
            "support_loss": loss.plot(pen=pen(COLORS["loss"]), name="support"),
            "query_loss": loss.plot(pen=pen(COLORS["val"]), name="query"),
            "support_acc": acc.plot(pen=pen(COLORS["acc"]), name="support"),
            "query_acc": acc.plot(pen=pen(COLORS["val"]), name="query"),
        }
        for c in self.curves.values():
            plain(c)
        self.markers = {
            k: pg.ScatterPlotItem(
                size=8, pen=pen(COLORS["cross"]), brush=brush(c.opts["pen"].color().name())
            )
            for k, c in self.curves.items()
        }
        for k, m in self.markers.items():
            (loss if "loss" in k else acc).addItem(m)
        self.lines = [
            pg.InfiniteLine(angle=90, pen=pen(COLORS["cross"], style="dash")) for _ in range(2)
        ]
        loss.addItem(self.lines[0], ignoreBounds=True)
        acc.addItem(self.lines[1], ignoreBounds=True)
        # Gates as mean ± sd points per layer, one plot per gate: the input gate (~0.01) and
        # the forget gate (~1) differ by two orders of magnitude.
        self.gate_points: dict[str, pg.ScatterPlotItem] = {}
        self.gate_errors: dict[str, pg.ErrorBarItem] = {}
        self.gate_notes: dict[str, pg.TextItem] = {}
        for col, (g, title) in enumerate(
            (
                ("input", "Input gate i<sub>t</sub> (learning rate)"),
                ("forget", "Forget gate f<sub>t</sub>"),
            )
        ):
            plot = self.add_plot(
                f"gate_{g}",
                2,
                col,
                title=f"{title}, update θ<sub>t−1</sub> → θ<sub>t</sub>",
                x_label="layer",
                y_label="mean ± sd",
                axes={"left": GateAxis("left")},
            )
            self.gate_errors[g] = pg.ErrorBarItem(
                x=np.zeros(0),
                y=np.zeros(0),
                height=np.zeros(0),
                beam=0.15,
                pen=pen(COLORS["cross"]),
            )
            self.gate_points[g] = pg.ScatterPlotItem(size=9, pen=pen(FOREGROUND))
            plot.addItem(self.gate_errors[g])
            plot.addItem(self.gate_points[g])
            self.gate_notes[g] = pg.TextItem("", color="#555555", anchor=(0, 0))
            self.gate_notes[g].setParentItem(plot.vb)  # pixels in the view: stays in place
            self.gate_notes[g].setPos(8, 8)

    def _redraw(self, history) -> None:  # PlotPanel hook: the replay view has no history
        return

    # ------------------------------------------------------------------ data
    def set_result(self, result: ReplayResult, invert: bool = False) -> None:
        """Show a new trace: curves over t once, then jump to the last step."""
        self.result, self.trace, self.invert = result, result.trace, invert
        tr = self._shown()
        steps = tr.steps
        x = np.arange(steps + 1, dtype=float)
        p_true = tr.query_probs[:, np.arange(len(tr.query_y)), tr.query_y]
        self.query_loss = -np.log(np.clip(p_true, 1e-12, 1.0)).mean(1)
        set_curve(self.curves["support_loss"], x, tr.support_loss.astype(float))
        set_curve(self.curves["query_loss"], x, self.query_loss)
        set_curve(self.curves["support_acc"], x, tr.support_acc.astype(float))
        set_curve(self.curves["query_acc"], x, tr.query_acc.astype(float))
        ticks = [[(k, str(k)) for k in range(0, steps + 1, max(1, steps // 10))]]
        for plot in ("loss", "accuracy"):
            self.plots[plot].getAxis("bottom").setTicks(ticks)  # whole steps only
        for g in ("input", "forget"):
            self.plots[f"gate_{g}"].getAxis("bottom").setTicks(
                [[(k, name) for k, name in enumerate(tr.layers)]]
            )
            self.plots[f"gate_{g}"].setXRange(-0.6, len(tr.layers) - 0.4, padding=0)
        self._layer_brushes = [brush(layer_color(k)) for k in range(len(tr.layers))]
        for k in ("loss", "accuracy"):
            self.plots[k].setXRange(0, steps, padding=0.04)
        ep = result.episode
        q = len(ep.query_y) // ep.way
        self.query_rows.set_rows(
            [
                (
                    f"[{i + 1}] {c}",
                    [display_image(im, invert) for im in ep.query_images[i * q : (i + 1) * q]],
                    [""] * q,
                )
                for i, c in enumerate(ep.class_names)
            ],
            max_columns=10,
        )
        self.slider.blockSignals(True)
        self.slider.setRange(0, steps)
        self.slider.setValue(steps)
        self.slider.blockSignals(False)
        self.set_step(steps)

    def _shown(self) -> AdaptationTrace:
        """The trace on show (callers run only once a result is set)."""
        if self.trace is None:
            raise RuntimeError("no replay is shown")
        return self.trace

    def set_step(self, t: int) -> None:
        """Move every view to θ_t."""
        if self.trace is None:
            return
        tr = self._shown()
        t = int(np.clip(t, 0, tr.steps))
        self.t = t
        if self.slider.value() != t:
            self.slider.blockSignals(True)
            self.slider.setValue(t)
            self.slider.blockSignals(False)
        self.step_label.setText(f"t = {t} / {tr.steps}")
        values = {
            "support_loss": float(tr.support_loss[t]),
            "query_loss": float(self.query_loss[t]),
            "support_acc": float(tr.support_acc[t]),
            "query_acc": float(tr.query_acc[t]),
        }
        for k, v in values.items():
            self.markers[k].setData([float(t)], [v])
        for line in self.lines:
            line.setPos(t)
        self._set_gates(t)
        self._set_queries(t)
        res = self.result
        if res is not None:
            self.summary.setText(
                ui(
                    "{origin} with {model} — t = {t}: support loss {loss}, support accuracy "
                    "{support}%, query accuracy {query}% (replayed in {s} s)"
                ).format(
                    origin=f"<b>{origin_text(res.episode.origin)}</b>",
                    model=res.model_label,
                    t=t,
                    loss=f"{values['support_loss']:.3f}",
                    support=f"{100 * values['support_acc']:.0f}",
                    query=f"{100 * values['query_acc']:.0f}",
                    s=f"{res.seconds:.2f}",
                )
            )
        self.step_changed.emit(t)

    def retranslate(self) -> None:
        """The summary, captions and notes of the step on show, in the current language."""
        if self.trace is not None:
            self.set_step(self.t)

    def _set_gates(self, t: int) -> None:
        tr = self._shown()
        n = len(tr.layers)
        x = np.arange(n, dtype=float)
        for g in ("input", "forget"):
            if t == 0:
                self.gate_points[g].setData(x=[], y=[])
                self.gate_errors[g].setData(x=np.zeros(0), y=np.zeros(0), height=np.zeros(0))
                self.gate_notes[g].setText(ui("t = 0: θ_0 = c_0, no update yet"))
                continue
            scale = trace_scale(g, tr)
            axis = self.plots[f"gate_{g}"].getAxis("left")
            if isinstance(axis, GateAxis):
                axis.set_scale(scale)
            mean, sd = gate_means(g, tr, t, scale)
            self.gate_points[g].setData(x=x, y=mean, brush=self._layer_brushes)
            self.gate_errors[g].setData(x=x, y=mean, height=2 * sd)
            self.gate_notes[g].setText("")

    def _set_queries(self, t: int) -> None:
        tr = self._shown()
        probs = tr.query_probs[t]
        pred = probs.argmax(1)
        ties = self.ties_at(t)
        for i, (p, y) in enumerate(zip(pred, tr.query_y)):
            ok = p == y
            if ties[i]:  # every class alike (θ_0 with the shared head): no real prediction
                caption, color = ui("= tie {p}").format(p=f"{probs[i, p]:.0%}"), GREY
            else:
                caption, color = (
                    f"{'✓' if ok else '✗'} [{p + 1}] {probs[i, p]:.0%}",
                    (GREEN if ok else RED),
                )
            self.query_rows.set_state(i, color, caption)
            self.query_rows.tiles[i].setToolTip(
                ui("true: {true}\npredicted: {predicted} ({p}%)\np(true) = {q}%").format(
                    true=tr.class_names[y],
                    predicted=tr.class_names[p],
                    p=f"{100 * probs[i, p]:.1f}",
                    q=f"{100 * probs[i, y]:.1f}",
                )
                + (
                    "\n" + ui("all classes tie: the argmax (counted in the accuracy) is class [1]")
                    if ties[i]
                    else ""
                )
            )

    def ties_at(self, t: int) -> np.ndarray:
        """Queries whose top two probabilities are equal at step t (grey, not right or wrong)."""
        top2 = np.sort(self._shown().query_probs[t], axis=1)[:, -2:]
        return (top2[:, 1] - top2[:, 0]) < 1e-6

    def predictions_at(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """(predicted class, its probability) per query at step t, as shown."""
        probs = self._shown().query_probs[t]
        pred = probs.argmax(1)
        return pred, probs[np.arange(len(pred)), pred]

    def clear(self) -> None:
        self.result, self.trace = None, None
        self.query_rows.clear()
        for c in self.curves.values():
            c.setData([], [])
        self.summary.setText(ui("Pick an episode, then press Replay episode."))

    # ------------------------------------------------------------------ playback
    def _play(self, on: bool) -> None:
        if on and self.trace is not None:
            if self.t >= self.trace.steps:
                self.set_step(0)
            self._timer.start()
        else:
            self._timer.stop()
            self.play_button.setChecked(False)

    def _advance(self) -> None:
        if self.trace is None or self.t >= self.trace.steps:
            self._play(False)
        else:
            self.set_step(self.t + 1)

    def set_busy(self, busy: bool) -> None:
        self.replay_button.setEnabled(not busy)
        self.replay_button.setText(ui("Replaying…") if busy else ui("Replay episode"))
