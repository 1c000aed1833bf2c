"""Status bar of the main window: state, episode counter, episodes/s, ETA, meta-learning rate,
best accuracy, device.

The labels are updated from the redraw timer, not per episode, and at most 5 times a second
(`tick`): a fast run costs the GUI thread the same as a slow one, and each update repaints the
status bar (about 0.5 ms), time which on 2 cores is taken from training. The live labels are
steady (common/steady_label.py): a new text repaints them, not the window's layout."""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Optional

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from mlstm_gui.common.i18n import ui
from mlstm_gui.common.states import RunState
from mlstm_gui.common.steady_label import release, set_steady_text
from mlstm_gui.common.timefmt import format_duration
from mlstm_gui.shell.session import Ending, RunSummary

TICK_INTERVAL_S = 0.2  # the live labels change at most this often (every drawing turn, ~0.24 s)


class RateMeter:
    """Episodes per second over the last `window` episodes received (wall clock).

    Reset when training pauses so a pause does not drag the rate down afterwards."""

    def __init__(self, window: int = 30) -> None:
        self._times: deque[tuple[float, int]] = deque(maxlen=window)

    def reset(self) -> None:
        self._times.clear()

    def add(self, episode: int, now: Optional[float] = None) -> None:
        self._times.append((time.perf_counter() if now is None else now, episode))

    def rate(self) -> float:
        if len(self._times) < 2:
            return 0.0
        (t0, e0), (t1, e1) = self._times[0], self._times[-1]
        return (e1 - e0) / (t1 - t0) if t1 > t0 else 0.0


class StatusPanel:
    """Permanent labels in a QStatusBar, refreshed by `update()`."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.state = QLabel("idle")
        self.episode = QLabel("episode –")
        self.rate = QLabel("– ep/s")
        self.eta = QLabel("ETA –")
        self.lr = QLabel("meta-lr –")
        self.lr.setToolTip(
            "Adam's rate for the last meta-update (config meta_lr, meta_lr_hold, meta_lr_halflife)"
        )
        self.best = QLabel("best val –")
        self.device = QLabel("cpu")
        # How the last run ended: a normal (left) widget, so passing messages cover it only
        # while they show, and it stays until the next action clears it.
        self.outcome = QLabel()
        self.outcome.setObjectName("run-outcome")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome.hide()
        bar.addWidget(self.outcome, 1)
        for label in (
            self.state,
            self.episode,
            self.rate,
            self.eta,
            self.lr,
            self.best,
            self.device,
        ):
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
        self.meter = RateMeter()
        self.current = 0
        self.total = 0
        self.meta_lr = 0.0
        self.best_accuracy = -1.0
        self.best_ci = 0.0
        self.best_episode = 0
        self._device: Optional[tuple[str, int]] = None  # (device, threads) of the run
        self._ticked = float("-inf")  # perf_counter of the last update from `tick`

    def retranslate(self) -> None:
        """The labels again, in the language just installed."""
        for label in self.live_labels:
            release(label)
        self._show_device()
        self.update()

    @property
    def live_labels(self) -> tuple[QLabel, ...]:
        """The labels `update` rewrites several times a second."""
        return (self.episode, self.rate, self.eta, self.lr, self.best)

    def _show_device(self) -> None:
        if self._device is not None:
            device, threads = self._device
            threads_text = ui("{n} threads") if threads != 1 else ui("{n} thread")
            self.device.setText(f"{device} · {threads_text.format(n=threads)}")

    def set_run(
        self, episode: int, total: int, device: str, threads: int, best_accuracy: float = -1.0
    ) -> None:
        self.current, self.total = episode, total
        self.best_accuracy, self.best_ci, self.best_episode = best_accuracy, 0.0, 0
        self._device = (device, threads)
        self._show_device()
        self.meter.reset()
        self.update()

    def on_episode(self, episode: int, meta_lr: float = 0.0) -> None:
        self.current, self.meta_lr = episode, meta_lr
        self.meter.add(episode)

    def on_validation(self, accuracy: float, ci95: float, episode: int) -> None:
        if accuracy > self.best_accuracy:
            self.best_accuracy, self.best_ci, self.best_episode = accuracy, ci95, episode

    def show_outcome(self, summary: RunSummary) -> None:
        colors = {Ending.FINISHED: "#2a9d3f", Ending.STOPPED: "#b35c00", Ending.FAILED: "#d1495b"}
        self.bar.clearMessage()
        self.outcome.setText(summary.text())
        self.outcome.setStyleSheet(f"color: {colors[summary.ending]}")
        self.outcome.show()

    def clear_outcome(self) -> None:
        self.outcome.hide()
        self.outcome.clear()

    # the states' names as the status bar shows them (ui(state.value)), for the translations
    STATE_NAMES = (
        QT_TRANSLATE_NOOP("App", "idle"),
        QT_TRANSLATE_NOOP("App", "starting"),
        QT_TRANSLATE_NOOP("App", "running"),
        QT_TRANSLATE_NOOP("App", "paused"),
        QT_TRANSLATE_NOOP("App", "stopping"),
    )

    def set_state(self, state: RunState) -> None:
        self.state.setText(ui(state.value))
        if state is not RunState.RUNNING:
            self.meter.reset()

    def tick(self, now: Optional[float] = None) -> None:
        """The redraw timer's call: update the labels if the last tick's update is old enough."""
        now = time.perf_counter() if now is None else now
        if now - self._ticked >= TICK_INTERVAL_S:
            self._ticked = now
            self.update()

    def update(self) -> None:
        total = f" / {self.total}" if self.total else ""
        set_steady_text(self.episode, ui("episode {n}").format(n=f"{self.current}{total}"))
        rate = self.meter.rate()
        set_steady_text(self.rate, ui("{rate} ep/s").format(rate=f"{rate:.1f}" if rate else "–"))
        left = self.total - self.current
        eta = format_duration(left / rate) if rate and left > 0 else "–"
        set_steady_text(self.eta, ui("ETA {time}").format(time=eta))
        lr = f"{self.meta_lr:.2g}" if self.meta_lr else "–"
        set_steady_text(self.lr, ui("meta-lr {lr}").format(lr=lr))
        if self.best_accuracy >= 0:
            ci = f" ± {100 * self.best_ci:.1f}" if self.best_ci else ""
            at = f" @ {self.best_episode}" if self.best_episode else ""
            value = f"{100 * self.best_accuracy:.1f}%{ci}{at}"
        else:
            value = "–"
        set_steady_text(self.best, ui("best val {value}").format(value=value))


class LogBridge(QObject):
    """Carries log lines from any thread to the log panel by a queued signal."""

    line = Signal(str)


class QtLogHandler(logging.Handler):
    """A logging handler for the app's loggers: records (tracebacks included) go to the log
    panel; emitting a signal is thread-safe, so the worker thread may log freely."""

    def __init__(self, bridge: LogBridge) -> None:
        super().__init__(logging.INFO)
        self.bridge = bridge
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.bridge.line.emit(self.format(record))
        except RuntimeError:  # the bridge was deleted with the window
            pass
