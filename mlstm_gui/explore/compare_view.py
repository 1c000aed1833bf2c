"""Compare (the Replay area's duel, issue 16): the picked episode adapted by the meta-learner
and by the methods ticked, side by side. Support and query loss and accuracy against the
update t, one curve per method; per layer the step each gradient method actually took,
‖Δθ_t‖ / ‖∇_t‖, beside the input gate i_t of the methods that use the learned cell; each
method's query predictions at t. One slider moves every method together (a method that has
finished its updates stays at its last θ). Every number is the engine's
(`compare_episode`, run in the replay thread by a `CompareJob`); ticking a method or an
ablation re-runs the comparison at once. (CompareView is over 250 lines: the method ticks,
four linked plots and the slider of one view; the predictions table is compare_grid.py.)"""

from __future__ import annotations

from typing import Callable, Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from engine.inference.compare import MethodTrace
from engine.model.methods import NEAREST
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.job_handle import JobHandle, JobRunner, cancel
from mlstm_gui.common.plot_style import (
    COLORS,
    PlotPanel,
    brush,
    integer_ticks,
    pen,
    set_curve,
    step_slider,
)
from mlstm_gui.common.ranges import data_bounds, nice_range
from mlstm_gui.explore.compare_grid import PredictionGrid
from mlstm_gui.explore.episode_picker import origin_text
from mlstm_gui.explore.inspector import plain
from mlstm_gui.explore.jobs import CompareJob, CompareResult, ModelSnapshot, PickedEpisode

BASELINES = ("finetune", "nearest-neighbour", "pixel-nn", "sgd-from-c0", "adam-from-c0")
ABLATIONS = {"f=1": "f = 1", "i=const": "i = const", "random-init": "random init"}
ALL = ("meta-lstm",) + BASELINES + tuple(ABLATIONS)
DEFAULT_TICKED = ("finetune", "nearest-neighbour", "sgd-from-c0")  # the four-method duel
METHOD_COLORS = {
    "meta-lstm": "#1f6fb4",
    "finetune": "#e8871e",
    "nearest-neighbour": "#2a9d3f",
    "pixel-nn": "#7a7a7a",
    "sgd-from-c0": "#d1495b",
    "adam-from-c0": "#6a3d9a",
    "f=1": "#17becf",
    "i=const": "#8c564b",
    "random-init": "#e377c2",
}
CURVES = {
    "support_loss": ("Support loss at θ<sub>t</sub>", "cross-entropy"),
    "query_loss": ("Query loss at θ<sub>t</sub>", "cross-entropy"),
    "support_acc": ("Support accuracy at θ<sub>t</sub>", "accuracy"),
    "query_acc": ("Query accuracy at θ<sub>t</sub>", "accuracy"),
}
LAYERED = {
    "step": ("Step taken ‖Δθ<sub>t</sub>‖ / ‖∇<sub>t</sub>‖ per layer", "step_size"),
    "gate": ("Input gate i<sub>t</sub> per layer (the learned cell)", "input_gate"),
}
EpisodeProvider = Callable[[], Optional[PickedEpisode]]
ModelProvider = Callable[[], tuple[Optional[ModelSnapshot], str]]


def at_step(trace: MethodTrace, t: int) -> int:
    """The index of θ_t in a method's arrays: a method that has finished stays at its last θ."""
    return min(t, trace.steps)


class CompareView(PlotPanel):
    """`boxes[method]` (the ticks), `curves[(curve, method)]`, `layered[(plot, method)]`,
    `grid` (predictions at t), `slider`; `compared(CompareResult)` once a result is shown."""

    compared = QtCore.Signal(CompareResult)
    step_changed = QtCore.Signal(int)

    def __init__(
        self,
        service: JobRunner,
        episode: EpisodeProvider,
        model: ModelProvider,
        parent: Optional[QtWidgets.QWidget] = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.episode, self.model = service, episode, model
        self.job: Optional[JobHandle[CompareResult]] = None
        self.asked: Optional[CompareJob] = None  # the last job submitted
        self.result: Optional[CompareResult] = None
        self.invert = False
        self.t = 0
        self.run_button = QtWidgets.QPushButton("Compare on this episode")
        self.run_button.setToolTip(
            "Adapt the picked episode with the meta-learner and each ticked method "
            "(in the background) and show them side by side"
        )
        self.run_button.clicked.connect(self.run)
        self.controls.addWidget(self.run_button)
        self.slider, self.step_label = step_slider(self.controls, "Update t", self.set_step)
        self.outer.insertLayout(1, self._method_row())
        self.key = QtWidgets.QLabel()  # the legend, outside the plots: it never covers data
        self.key.setWordWrap(True)
        self.key.setTextFormat(QtCore.Qt.TextFormat.RichText)
        self.summary = QtWidgets.QLabel("Pick an episode, tick methods, then press Compare.")
        self.summary.setWordWrap(True)
        self.outer.insertWidget(2, self.key)
        self.outer.insertWidget(3, self.summary)
        self.outer.removeWidget(self.graphics_area)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        split.addWidget(self.graphics_area)
        box = QtWidgets.QGroupBox("Query predictions at θ_t (green: right, red: wrong)")
        lay = QtWidgets.QVBoxLayout(box)
        lay.setContentsMargins(2, 2, 2, 2)
        self.grid = PredictionGrid()
        lay.addWidget(self.grid)
        split.addWidget(box)
        split.setSizes([620, 200])
        self.outer.addWidget(split, 1)
        self._build_plots()
        self._set_key(ALL[:1] + DEFAULT_TICKED)

    def _method_row(self) -> QtWidgets.QHBoxLayout:
        row = QtWidgets.QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        self.against = QtWidgets.QLabel()
        self._label_against()
        row.addWidget(self.against)
        self.boxes: dict[str, QtWidgets.QCheckBox] = {}
        for m in ALL[1:]:
            if m == "f=1":
                row.addSpacing(12)
                row.addWidget(QtWidgets.QLabel("Ablations:"))
            box = QtWidgets.QCheckBox(ABLATIONS.get(m, m))
            box.setChecked(m in DEFAULT_TICKED)
            box.setStyleSheet(f"color: {METHOD_COLORS[m]}")
            box.toggled.connect(self._ticked)
            self.boxes[m] = box
            row.addWidget(box)
        row.addStretch(1)
        return row

    def _label_against(self) -> None:
        self.against.setText(ui("{method} against:").format(method="<b>meta-lstm</b>"))

    def retranslate(self) -> None:
        """The texts composed here, again in the current language (a language switch)."""
        self._label_against()
        if self.result is not None:
            self._summarise(self.t)

    # ------------------------------------------------------------------ plots
    def _build_plots(self) -> None:
        self.curves: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.markers: dict[str, pg.ScatterPlotItem] = {}
        self.lines: list[pg.InfiniteLine] = []
        for k, (name, (title, y_label)) in enumerate(CURVES.items()):
            plot = self.add_plot(
                name, k // 2, k % 2, title=title, x_label="update t", y_label=y_label
            )
            for m in ALL:  # pens set once; a method not shown has no data
                style = "dash" if m in NEAREST else "solid"
                self.curves[(name, m)] = plain(plot.plot(pen=pen(METHOD_COLORS[m], style=style)))
                self.curves[(name, m)].setZValue(2 if m == "meta-lstm" else 1)  # on top
            self.markers[name] = pg.ScatterPlotItem(size=7, pen=pen(COLORS["cross"]))
            plot.addItem(self.markers[name])
            line = pg.InfiniteLine(angle=90, pen=pen(COLORS["cross"], style="dash"))
            plot.addItem(line, ignoreBounds=True)
            self.lines.append(line)
        self.layered: dict[tuple[str, str], pg.PlotDataItem] = {}
        self.notes: dict[str, pg.TextItem] = {}
        for col, (name, (title, _)) in enumerate(LAYERED.items()):
            plot = self.add_plot(name, 2, col, title=title, x_label="layer", y_label="at update t")
            plot.setLogMode(y=True)
            plot.getAxis("left").setStyle(maxTickLevel=0)  # decades only: no crammed 2…9 labels
            for m in ALL:
                if m in NEAREST:
                    continue
                c = METHOD_COLORS[m]
                self.layered[(name, m)] = plain(
                    plot.plot(pen=pen(c), symbol="o", symbolSize=6, symbolPen=pen(c))
                )
                self.layered[(name, m)].setSymbolBrush(brush(c))
                self.layered[(name, m)].setZValue(2 if m == "meta-lstm" else 1)
            self.notes[name] = pg.TextItem("", color="#555555", anchor=(0, 0))
            self.notes[name].setParentItem(plot.vb)  # pixels in the view: stays in place
            self.notes[name].setPos(8, 8)
        self.plots["gate"].setYLink(self.plots["step"])  # one scale: the step beside i_t

    def _redraw(self, history) -> None:  # PlotPanel hook: no training history here
        return

    def _set_key(self, methods: tuple[str, ...]) -> None:
        parts = [
            f"<span style='color:{METHOD_COLORS[m]}'>{'┅' if m in NEAREST else '━'} {m}</span>"
            for m in methods
        ]
        self.key.setText("&nbsp;&nbsp; ".join(parts))

    # ------------------------------------------------------------------ running
    def methods(self) -> tuple[str, ...]:
        """The meta-learner, then the ticked methods, in the engine's spelling."""
        return ("meta-lstm",) + tuple(m for m in ALL[1:] if self.boxes[m].isChecked())

    def run(self) -> bool:
        """Compare on the picked episode in the replay thread; False, with the reason shown,
        when there is no episode or model."""
        picked = self.episode()
        if picked is None:
            self.summary.setText(ui("Pick an episode first (tab Episode)."))
            return False
        snap, why = self.model()
        if snap is None:
            self.summary.setText(ui("Cannot compare: {why}.").format(why=why))
            return False
        job, old = CompareJob(snap, picked, self.methods()), self.asked
        if self.job is not None and self.job.pending and old is not None and self._same(old, job):
            return True  # that very comparison is under way
        cancel(self.job)  # a newer request (a tick, a new episode) supersedes one under way
        self.asked, self.job = job, self.service.submit(job)
        self.job.finished.connect(self.set_result)
        self.job.failed.connect(self._failed)
        self.run_button.setEnabled(False)
        self.run_button.setText(ui("Comparing…"))
        return True

    @staticmethod
    def _same(a: CompareJob, b: CompareJob) -> bool:
        return (a.snapshot.key, a.methods) == (b.snapshot.key, b.methods) and a.episode is b.episode

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Shown again after another episode was picked or another model chosen: follow them."""
        super().showEvent(event)
        if self.result is None or self.asked is None:
            return
        picked, (snap, _) = self.episode(), self.model()
        if picked is not None and snap is not None:
            if not self._same(self.asked, CompareJob(snap, picked, self.methods())):
                self.run()

    def _ticked(self, _on: bool) -> None:
        """A method or an ablation switched: re-run live once something is on show."""
        if self.result is not None or (self.job is not None and self.job.pending):
            self.run()

    def _failed(self, text: str) -> None:
        self._idle()
        failed = ui("Compare failed: {why}").format(why=text)
        self.summary.setText(f"<span style='color:#d1495b'>{failed}</span>")

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.run_button.setText(ui("Compare on this episode"))

    # ------------------------------------------------------------------ data
    def set_result(self, result: CompareResult, invert: Optional[bool] = None) -> None:
        """Draw every method's curves once; the slider then only moves markers."""
        self._idle()
        self.result = result
        if invert is not None:
            self.invert = invert
        cmp = result.comparison
        shown = tuple(t.method for t in cmp.traces)
        last = max(t.steps for t in cmp.traces)
        for (name, m), curve in self.curves.items():
            if m not in shown:
                curve.setData([], [])
                continue
            y = getattr(cmp[m], name).astype(float)
            if m in NEAREST:  # no updates: one value, drawn across the shared axis
                x, y = np.array([0.0, float(last)]), np.repeat(y[:1], 2)
            else:
                x = np.arange(len(y), dtype=float)
            set_curve(curve, x, y, connect="finite")
        for name in CURVES:
            plot = self.plots[name]
            plot.setXRange(0, max(last, 1), padding=0.02)
            integer_ticks(plot, max(last, 1))
            if name.endswith("acc"):
                plot.setYRange(0, 1.02, padding=0)
            else:
                b = data_bounds([getattr(t, name) for t in cmp.traces])
                plot.setYRange(*(nice_range(0.0, b[1], floor=0.0) if b else (0.0, 1.0)), padding=0)
        self._fit_layered(cmp.traces)
        ep = result.episode
        self.grid.set_queries(ep.query_images, cmp.query_y, cmp.class_names, shown, self.invert)
        self._set_key(shown)
        self.slider.blockSignals(True)
        self.slider.setRange(0, last)
        t = cmp["meta-lstm"].steps if "meta-lstm" in shown else last
        self.slider.setValue(t)
        self.slider.blockSignals(False)
        self.set_step(t)
        self.compared.emit(result)

    def _fit_layered(self, traces: tuple[MethodTrace, ...]) -> None:
        layers = next((t.layers for t in traces if t.layers), ())
        b = data_bounds(
            [t.step_size for t in traces if t.step_size is not None]
            + [t.input_gate for t in traces if t.input_gate is not None],
            log=True,
        )
        for name in LAYERED:
            plot = self.plots[name]
            plot.getAxis("bottom").setTicks([[(k, n) for k, n in enumerate(layers)]])
            plot.setXRange(-0.4, max(len(layers) - 0.6, 0.4), padding=0)
        if b is not None:
            self.plots["step"].setYRange(b[0] - 0.2, b[1] + 0.2, padding=0)  # log10 units

    def set_step(self, t: int) -> None:
        """Move every method to θ_t."""
        if self.result is None:
            return
        cmp = self.result.comparison
        t = int(np.clip(t, 0, self.slider.maximum()))
        self.t = t
        if self.slider.value() != t:
            self.slider.blockSignals(True)
            self.slider.setValue(t)
            self.slider.blockSignals(False)
        self.step_label.setText(f"t = {t} / {self.slider.maximum()}")
        for name in CURVES:
            xs, ys, brushes = [], [], []
            for tr in cmp.traces:
                y = float(getattr(tr, name)[at_step(tr, t)])
                if np.isfinite(y):
                    xs.append(float(t if tr.method in NEAREST else at_step(tr, t)))
                    ys.append(y)
                    brushes.append(brush(METHOD_COLORS[tr.method]))
            self.markers[name].setData(xs, ys, brush=brushes)
        for line in self.lines:
            line.setPos(t)
        self._set_layered(t)
        self.grid.set_predictions({tr.method: tr.query_pred[at_step(tr, t)] for tr in cmp.traces})
        self._summarise(t)
        self.step_changed.emit(t)

    def _set_layered(self, t: int) -> None:
        """Per layer, the update θ_{t−1} → θ_t of each method that made one."""
        assert self.result is not None
        cmp = self.result.comparison
        shown = {x.method: x for x in cmp.traces}
        for (name, m), curve in self.layered.items():
            tr = shown.get(m)
            arr = getattr(tr, LAYERED[name][1]) if tr is not None else None
            if tr is None or arr is None or not 1 <= t <= tr.steps:
                curve.setData([], [])
                continue
            set_curve(curve, np.arange(arr.shape[0], dtype=float), arr[:, t - 1].astype(float))
        self.notes["step"].setText(ui("t = 0: no update yet") if t == 0 else "")
        self.notes["gate"].setText(ui("t = 0: no update yet") if t == 0 else "")

    def _summarise(self, t: int) -> None:
        res = self.result
        assert res is not None
        parts = []
        for tr in res.comparison.traces:
            s = at_step(tr, t)
            made = "" if tr.method in NEAREST else f" (t = {s})"
            extra = ", ".join(
                f"{k} {v}" for k, v in tr.settings.to_json().items() if k != "input_gate"
            )
            extra = f" [{extra}]" if extra else ""
            parts.append(f"{tr.method}{extra} {100 * tr.query_acc[s]:.0f}%{made}")
        skipped = "".join(
            "<br><i>" + ui("left out: {why}").format(why=s) + "</i>" for s in res.skipped
        )
        pre = (
            ui("; pretrained learner {name}").format(name=res.pretrained) if res.pretrained else ""
        )
        self.summary.setText(
            ui(
                "{origin} with {model}, computed in {s} s in the background{pretrained}. "
                "Query accuracy at t = {t}: "
            ).format(
                origin=f"<b>{origin_text(res.episode.origin)}</b>",
                model=res.model_label,
                s=f"{res.seconds:.2f}",
                pretrained=pre,
                t=t,
            )
            + " · ".join(parts)
            + skipped
        )

    def curve_data(self, name: str, method: str) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of a curve as drawn (tests and the tour compare it with the engine's)."""
        x, y = self.curves[(name, method)].getData()
        return (np.zeros(0), np.zeros(0)) if x is None else (x, y)
