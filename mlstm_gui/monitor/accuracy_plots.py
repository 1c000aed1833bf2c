"""Accuracy plot: meta-training query accuracy (raw and smoothed) with the validation accuracy and its
95% confidence interval, the way few-shot results are reported (mean ± 1.96·sd/√n)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtWidgets

from mlstm_gui.common.i18n import ui
from mlstm_gui.common.plot_style import (
    COLORS,
    FOREGROUND,
    PlotPanel,
    SmoothingControl,
    add_legend,
    brush,
    fmt,
    history_curve,
    nearest_value,
    pen,
    set_curve,
)
from mlstm_gui.common.ranges import FittedRange
from mlstm_gui.monitor.history import MetricHistory, smoothed


class AccuracyPanel(PlotPanel):
    """Query accuracy over training, in percent.

    Plot "accuracy" (key in `self.plots`; `export_png("accuracy", path)`, `export_csv("accuracy", path)`):
    `train_curve` raw meta-training query accuracy (faded), `smooth_curve` its debiased EMA,
    `val_curve` validation accuracy (line + points), `val_upper` / `val_lower` accuracy ± ci95 with
    `val_band` (FillBetweenItem) between them, `best_point` the best validation, `test_points` any
    results of split "test", `chance_line` at 100/N % once the class count is known.
    Controls: `smoothing` (SmoothingControl; `set_smoothing(w)`)."""

    def __init__(self, parent: QtWidgets.QWidget | None = None, smoothing: float = 0.9) -> None:
        super().__init__(parent)
        self.smoothing = SmoothingControl(smoothing)
        self.controls.addWidget(self.smoothing)
        self.controls.addStretch(1)
        self.summary = QtWidgets.QLabel("")
        self.summary.setStyleSheet(f"color: {FOREGROUND}")
        self.controls.addWidget(self.summary)

        plot = self.add_plot(
            "accuracy",
            0,
            0,
            title="Query accuracy",
            x_label="episode",
            y_label="accuracy (%)",
            formatter=self._readout,
        )
        plot.setLimits(yMin=-5, yMax=105)
        self.legend = add_legend(plot, "bottom-right", columns=2)  # moved to a free corner
        self.train_curve = history_curve(
            plot, pen(COLORS["acc"], faded=0.72), "meta-training (raw)"
        )
        self.smooth_curve = history_curve(plot, pen(COLORS["acc"]), "meta-training (smoothed)")
        self.val_upper = plot.plot(pen=pen(COLORS["val"], faded=0.6))
        self.val_lower = plot.plot(pen=pen(COLORS["val"], faded=0.6))
        self.val_band = pg.FillBetweenItem(
            self.val_lower, self.val_upper, brush=brush(COLORS["val"], 45)
        )
        plot.addItem(self.val_band)
        self.val_curve = plot.plot(
            pen=pen(COLORS["val"]),
            symbol="o",
            symbolSize=6,
            symbolPen=None,
            symbolBrush=brush(COLORS["val"]),
            name="validation ± 95% CI",
        )
        self.best_point = plot.plot(
            pen=None,
            symbol="star",
            symbolSize=14,
            symbolPen=pen(FOREGROUND),
            symbolBrush=brush("#ffd23f"),
            name="best validation",
        )
        self.val_errors = pg.ErrorBarItem(
            x=np.zeros(0), y=np.zeros(0), height=np.zeros(0), beam=0, pen=pen(COLORS["val"])
        )
        plot.addItem(self.val_errors)
        self.test_points = plot.plot(
            pen=None, symbol="s", symbolSize=8, symbolPen=None, symbolBrush=brush(COLORS["test"])
        )  # in the legend once present
        self.chance_line = pg.InfiniteLine(
            angle=0,
            movable=False,
            pen=pen(COLORS["chance"], style="dot"),
            label="chance",
            labelOpts={"position": 0.5, "color": COLORS["chance"]},
        )
        self.chance_line.hide()
        plot.addItem(self.chance_line, ignoreBounds=True)

        self.fit = FittedRange(plot, y_floor=0.0, y_ceil=100.0, headroom=0.3, legend=self.legend)
        self._episode = np.zeros(0)
        self._acc = np.zeros(0)
        self._val_ci = np.zeros(0)
        self._validations: tuple[np.ndarray, ...] | None = None  # what the items last showed
        self.smoothing.changed.connect(self._update_smoothed)

    def set_smoothing(self, weight: float) -> None:
        self.smoothing.set_weight(weight)

    def _update_smoothed(self, *_: object) -> None:
        self.smooth_curve.setData(self._episode, smoothed(self._acc, self.smoothing.weight))

    def _redraw(self, history: MetricHistory) -> None:
        s = history.series()
        self._episode, self._acc = s.episode, s.meta_acc * 100.0
        self.train_curve.setData(self._episode, self._acc)
        self._update_smoothed()

        val = history.validation(exclude="test")
        test = history.validation(split="test")
        acc, ci = val.accuracy * 100.0, val.ci95 * 100.0
        self._val_ci = ci
        if val.best.any():
            i = int(np.flatnonzero(val.best)[-1])
        elif acc.size:
            i = int(np.argmax(acc))
        else:
            i = -1
        shown = (val.episode, val.accuracy, val.ci95, val.best, test.episode, test.accuracy)
        if self._validations is None or not all(
            np.array_equal(a, b) for a, b in zip(shown, self._validations)
        ):  # most refreshes bring no new validation: those items then stay as they are
            self._validations = shown
            set_curve(self.val_curve, val.episode, acc)
            set_curve(self.val_upper, val.episode, acc + ci)
            set_curve(self.val_lower, val.episode, acc - ci)
            if i >= 0:
                self.best_point.setData([val.episode[i]], [acc[i]])
            else:
                self.best_point.setData([], [])
            self.val_errors.setData(x=val.episode, y=acc, height=2.0 * ci)
            set_curve(self.test_points, test.episode, test.accuracy * 100.0)
            if test.episode.size and self.legend.getLabel(self.test_points) is None:
                self.legend.addItem(self.test_points, ui("test"))

        latest = history.latest
        if latest is not None and latest.class_names:
            self.chance_line.setPos(100.0 / len(latest.class_names))
            self.chance_line.show()
        parts = []
        if acc.size:
            parts.append(
                ui("last validation {acc} ± {ci} % (episode {n})").format(
                    acc=f"{acc[-1]:.2f}", ci=f"{ci[-1]:.2f}", n=int(val.episode[-1])
                )
            )
        if i >= 0:
            parts.append(
                ui("best {acc} ± {ci} % (episode {n})").format(
                    acc=f"{acc[i]:.2f}", ci=f"{ci[i]:.2f}", n=int(val.episode[i])
                )
            )
        self.summary.setText("   ·   ".join(parts))
        chance = [100.0 / len(latest.class_names)] if latest and latest.class_names else []
        self.fit.fit(
            [self._episode, val.episode, test.episode],
            [self._acc, acc + ci, acc - ci, test.accuracy * 100.0, chance],
        )

    def _readout(self, x: float, y: float) -> str:
        """Mouse position plus the nearest training value and validation point with its CI."""
        lines = [ui("episode {x} · accuracy {y} %").format(x=fmt(x), y=f"{y:.2f}")]
        for curve, label, color in (
            (self.smooth_curve, ui("smoothed"), COLORS["acc"]),
            (self.train_curve, ui("raw"), COLORS["acc"]),
        ):
            near = nearest_value(curve, x)
            if near is not None:
                lines.append(
                    f"<span style='color:{color}'>{label}</span>: {near[1]:.2f} % "
                    f"<span style='color:#888'>@ {near[0]:.0f}</span>"
                )
        near = nearest_value(self.val_curve, x)
        if near is not None:
            xs = self.val_curve.getOriginalDataset()[0]
            ci = self._val_ci[int(np.argmin(np.abs(xs - near[0])))] if self._val_ci.size else 0.0
            lines.append(
                f"<span style='color:{COLORS['val']}'>{ui('validation')}</span>: {near[1]:.2f} ± "
                f"{ci:.2f} % <span style='color:#888'>@ {near[0]:.0f}</span>"
            )
        return f"<div style='color:{FOREGROUND}; font-size:9pt'>" + "<br>".join(lines) + "</div>"
