"""Loss plots: the meta (query) loss over training, the learner's support loss within the latest episode,
and the support loss before and after the inner loop over training."""

from __future__ import annotations

import numpy as np
from PySide6 import QtWidgets

from mlstm_gui.common.log_axis import LogAxis
from mlstm_gui.common.plot_style import (
    COLORS,
    Dots,
    PathCurve,
    PlotPanel,
    SmoothingControl,
    add_legend,
    brush,
    history_curve,
    integer_ticks,
    path_curve,
    pen,
)
from mlstm_gui.common.ranges import FittedRange
from mlstm_gui.monitor.history import MetricHistory, smoothed


def overlay_arrays(traces: np.ndarray, x0: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Many same-length traces (n, T) as one curve: x, y and a `connect` array that breaks between traces
    (one item draws much faster than n items)."""
    n, t = traces.shape
    x = np.tile(np.arange(x0, x0 + t, dtype=np.float64), n)
    connect = np.ones(n * t, dtype=bool)
    connect[t - 1 :: t] = False
    return x, traces.astype(np.float64).ravel(), connect


class LossPanel(PlotPanel):
    """Three loss plots fed from a MetricHistory.

    Plots (`self.plots` keys, also the names for `export_png(name, path)` / `export_csv(name, path)`):
    "meta_loss"  `raw_curve` (faded) and `smooth_curve` (debiased EMA): query loss at θ_T per episode;
    "inner"      `inner_curve`: support loss L_t against inner step t, latest episode; `recent_curve`: the
                 last few episodes, faint; `query_point`: that episode's query loss at θ_T, at t = T+1;
    "first_last" `first_curve` / `last_curve` (raw, faded) and `first_smooth` / `last_smooth` (EMA): L_1
                 (loss at the learned initialisation c_0) and L_T over training.
    Controls: `smoothing` (SmoothingControl; `set_smoothing(w)`), `log_y` (QCheckBox, all three plots)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, smoothing: float = 0.9) -> None:
        super().__init__(parent)
        self.smoothing = SmoothingControl(smoothing)
        self.log_y = QtWidgets.QCheckBox("Log y")
        self.log_y.setToolTip("Logarithmic loss axis")
        self.controls.addWidget(self.smoothing)
        self.controls.addSpacing(16)
        self.controls.addWidget(self.log_y)
        self.controls.addStretch(1)

        meta = self.add_plot(
            "meta_loss",
            0,
            0,
            colspan=2,
            title="Meta-training loss (query set, at θ_T)",
            x_label="episode",
            y_label="query loss (nats)",
            axes={"left": LogAxis("left")},  # "Log y" keeps its ticks
        )
        meta_legend = add_legend(meta)
        self.raw_curve = history_curve(meta, pen(COLORS["loss"], faded=0.72), "raw")
        self.smooth_curve = history_curve(meta, pen(COLORS["loss"]), "smoothed")

        inner = self.add_plot(
            "inner",
            1,
            0,
            title="Learner's support loss in the latest episode",
            x_label="inner step t",
            y_label="support loss L_t (nats)",
            axes={"left": LogAxis("left")},  # "Log y" keeps its ticks
        )
        legend = add_legend(inner, "bottom-left")
        # the within-episode items are Qt's own path items (common/path_items.py): redrawn
        # every episode, they cost a setPath each instead of a pyqtgraph pipeline
        self.recent_curve = path_curve(inner, pen(COLORS["loss"], faded=0.82))
        legend.addItem(self.recent_curve, "recent episodes")  # unnamed: kept out of the read-out
        self.inner_curve = PathCurve(
            pen(COLORS["loss"]), "latest episode", symbol="o", brush=brush(COLORS["loss"])
        )
        inner.addItem(self.inner_curve)
        self.query_point = Dots("d", 9, None, brush(COLORS["val"]), name="query loss at θ_T")
        inner.addItem(self.query_point)

        fl = self.add_plot(
            "first_last",
            1,
            1,
            title="Support loss: first and last step",
            x_label="episode",
            y_label="support loss (nats)",
            axes={"left": LogAxis("left")},  # "Log y" keeps its ticks
        )
        fl_legend = add_legend(fl)
        self.first_curve = history_curve(fl, pen(COLORS["first"], faded=0.75))
        self.last_curve = history_curve(fl, pen(COLORS["last"], faded=0.75))
        self.first_smooth = history_curve(fl, pen(COLORS["first"]), "first step L_1 (at c_0)")
        self.last_smooth = history_curve(fl, pen(COLORS["last"]), "last step L_T")
        self.fits = {
            "meta_loss": FittedRange(meta, y_floor=0.0, headroom=0.2, legend=meta_legend),
            "inner": FittedRange(
                inner, y_floor=0.0, x_floor=0.0, x_growing=False, headroom=0.2, legend=legend
            ),
            "first_last": FittedRange(fl, y_floor=0.0, headroom=0.2, legend=fl_legend),
        }
        self._steps = 0
        self.graphics.ci.layout.setRowStretchFactor(0, 3)
        self.graphics.ci.layout.setRowStretchFactor(1, 2)

        self._episode = np.zeros(0)
        self._loss = np.zeros(0)
        self._first = np.zeros(0)
        self._last = np.zeros(0)
        self.smoothing.changed.connect(self._update_smoothed)
        self.log_y.toggled.connect(self.set_log_y)

    # ------------------------------------------------------------------ controls
    def set_smoothing(self, weight: float) -> None:
        self.smoothing.set_weight(weight)

    def set_log_y(self, on: bool) -> None:
        """Log-scale the loss axes (pyqtgraph then draws log10 of the data)."""
        if self.log_y.isChecked() != bool(on):
            self.log_y.setChecked(bool(on))  # re-enters through `toggled`
            return
        for name in ("meta_loss", "inner", "first_last"):
            self.plots[name].setLogMode(x=False, y=bool(on))
            self.fits[name].set_log_y(bool(on))

    # ------------------------------------------------------------------ drawing
    def _update_smoothed(self, *_: object) -> None:
        """Recompute only the EMAs from the cached raw arrays (slider moves need no history)."""
        w = self.smoothing.weight
        self.smooth_curve.setData(self._episode, smoothed(self._loss, w))
        self.first_smooth.setData(self._episode, smoothed(self._first, w))
        self.last_smooth.setData(self._episode, smoothed(self._last, w))

    def _redraw(self, history: MetricHistory) -> None:
        s = history.series()
        self._episode, self._loss, self._first, self._last = (
            s.episode,
            s.meta_loss,
            s.first_loss,
            s.last_loss,
        )
        self.raw_curve.setData(s.episode, s.meta_loss)
        self.first_curve.setData(s.episode, s.first_loss)
        self.last_curve.setData(s.episode, s.last_loss)
        self._update_smoothed()
        self.fits["meta_loss"].fit([s.episode], [s.meta_loss])
        self.fits["first_last"].fit([s.episode], [s.first_loss, s.last_loss])
        latest = history.latest
        if latest is None:
            for c in (self.inner_curve, self.query_point, self.recent_curve):
                c.setData([], [])
            return
        inner = np.asarray(latest.inner_loss, dtype=np.float64)
        steps = np.arange(1, inner.size + 1, dtype=np.float64)
        self.inner_curve.setData(steps, inner)
        self.query_point.setData(np.array([inner.size + 1.0]), np.array([float(latest.meta_loss)]))
        recent = history.recent_inner_losses()
        if recent.size:
            x, y, connect = overlay_arrays(recent)
            self.recent_curve.setData(x, y, connect=connect)
        else:
            self.recent_curve.setData([], [])
        if inner.size != self._steps:
            self._steps = inner.size
            integer_ticks(self.plots["inner"], inner.size + 1)
        self.fits["inner"].fit(
            [np.array([0.5, inner.size + 1.5])], [inner, [float(latest.meta_loss)], recent]
        )
