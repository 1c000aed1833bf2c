"""Run control: the one training run of the window, its worker's signals and how it ended.

`RunControl` owns at most one `TrainingRun` (worker + QThread). It starts it from the
session's plan (`NextRun`), turns the toolbar's commands into the worker's thread-safe
commands, receives the worker's reports by queued signals (they only go into the bounded
history and the status bar) and, when the thread ends, tells the session how the run ended.
It reaches the window through the `RunHost` protocol, so it needs no `MainWindow`."""

from __future__ import annotations

import logging
import time
from typing import Optional, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QStatusBar

from engine.io.runs import new_run_dir
from engine.training.reports import CheckpointEvent, EpisodeReport, ValidationReport
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.settings import runs_root
from mlstm_gui.common.states import RunState, WorkerState
from mlstm_gui.monitor.history import MetricHistory
from mlstm_gui.monitor.redraw import RedrawScheduler
from mlstm_gui.monitor.worker import RunInfo, TrainingRun, TrainingWorker, fills_cores
from mlstm_gui.shell.session import Ending, RunSession, RunSummary
from mlstm_gui.shell.status import StatusPanel

log = logging.getLogger("mlstm.gui")
_ORPHANS: list[TrainingRun] = []  # runs whose thread outlived a close (kept referenced)


class RunHost(Protocol):
    """What run control needs of the window."""

    @property
    def session(self) -> RunSession: ...

    @property
    def history(self) -> MetricHistory: ...

    @property
    def status(self) -> StatusPanel: ...

    @property
    def drawing(self) -> RedrawScheduler: ...

    def set_state(self, state: RunState) -> None: ...

    def message(self, kind: str, title: str, text: str) -> None: ...

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def stop_following(self) -> None: ...

    def draw_all_next(self) -> None: ...

    def redraw_all(self) -> None: ...


class RunControl(QObject):
    def __init__(self, host: RunHost, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.host = host
        self.run: Optional[TrainingRun] = None
        self.worker_threads: Optional[int] = None  # None: default_worker_threads()
        self.closing = False
        self._last_worker_state: Optional[WorkerState] = None
        self._run_began = 0.0  # perf_counter at the run's start
        self._first_episode = 0  # the episode it started from
        self._failure = ""  # the message of a failed run

    @property
    def state(self) -> RunState:
        return self.host.session.state

    # ------------------------------------------------------------------ commands
    def launch(self, start_paused: bool) -> None:
        host, session = self.host, self.host.session
        host.stop_following()  # the plots now show this run
        plan = session.next_run
        resume = plan.resume
        run_dir = plan.run_dir or new_run_dir(plan.config.name, runs_root())
        if not resume:
            host.history.clear()
        host.draw_all_next()
        worker = TrainingWorker(
            plan.config,
            run_dir=run_dir,
            resume=resume,
            threads=self.worker_threads,
            start_paused=start_paused,
        )
        # Queued, explicitly: these slots touch widgets and must run in the GUI thread, never
        # in the worker thread that emits them.
        queued = Qt.ConnectionType.QueuedConnection
        for signal, slot in (
            (worker.ready, self._on_ready),
            (worker.episode_done, self._on_episode),
            (worker.handed_over, self.host.drawing.on_report),  # the worker's turn, if asked
            (worker.validated, self._on_validated),
            (worker.checkpointed, self._on_checkpoint),
            (worker.state_changed, self._on_worker_state),
            (worker.failed, self._on_failed),
            (worker.nonfinite, self._on_nonfinite),
            (worker.warning, self._on_warning),
        ):
            signal.connect(slot, queued)
        self.run = TrainingRun(worker)
        self.run.thread.finished.connect(self._on_thread_finished)
        session.started(worker, run_dir)  # before the thread starts: followers get all
        self._last_worker_state = None
        self._run_began, self._failure = time.perf_counter(), ""
        self._first_episode = host.status.current if resume else 0
        host.status.clear_outcome()
        host.set_state(RunState.STARTING)
        host.statusBar().showMessage(
            ui("Loading data and building the models… (run folder {path})").format(path=run_dir)
        )
        log.info("run %s: %s%s", run_dir, plan.config.name, " (resumed)" if resume else "")
        self.run.start()

    def start(self) -> None:
        """Start a run when idle; continue when paused."""
        if self.state == RunState.PAUSED and self.run is not None:
            self.run.worker.resume()
        elif self.state == RunState.IDLE:
            self.launch(start_paused=False)

    def toggle_pause(self) -> None:
        if self.run is None:
            return
        if self.state == RunState.RUNNING:
            self.run.worker.pause()
        elif self.state == RunState.PAUSED:
            self.run.worker.resume()

    def step(self) -> None:
        """Exactly one episode: while paused, or as the first episode of a new paused run."""
        if self.state == RunState.IDLE:
            self.launch(start_paused=True)
        if self.run is not None and self.state in (RunState.PAUSED, RunState.STARTING):
            self.run.worker.step()

    def stop(self) -> None:
        if self.run is not None and self.state in (
            RunState.RUNNING,
            RunState.PAUSED,
            RunState.STARTING,
        ):
            self.run.worker.stop()
            self.host.set_state(RunState.STOPPING)

    def save_checkpoint(self) -> None:
        if self.run is not None:
            self.run.worker.request_save()

    def shutdown(self) -> None:
        """Stop and join the training thread (the worker keeps the last checkpoint)."""
        self.closing = True
        if self.run is not None:
            if not self.run.join():
                log.error("the training thread did not stop within 60 s; leaving it to finish")
                _ORPHANS.append(self.run)  # destroying a running QThread would abort the app
            self.run = None

    # ------------------------------------------------------------------ worker signals
    def _on_ready(self, info: RunInfo) -> None:
        self._first_episode = info.episode
        self.host.status.set_run(
            info.episode, info.episodes, info.device, info.threads, info.best_accuracy
        )
        log.info(
            "training on %s with %d torch thread(s), from episode %d of %d",
            info.device,
            info.threads,
            info.episode,
            info.episodes,
        )

    def _on_episode(self, report: EpisodeReport) -> None:
        self.host.history.add_episode(report)
        self.host.status.on_episode(report.episode, report.meta_lr)

    def _on_validated(self, report: ValidationReport) -> None:
        self.host.history.add_validation(report)
        r = report
        self.host.status.on_validation(r.accuracy, r.ci95, r.episode)
        log.info(
            "validation @ episode %d: %.1f%% ± %.1f%s",
            r.episode,
            100 * r.accuracy,
            100 * r.ci95,
            " (best)" if r.best else "",
        )

    def _on_checkpoint(self, event: CheckpointEvent) -> None:
        self.host.statusBar().showMessage(
            ui("Checkpoint saved: {path}").format(path=event.path), 5000
        )

    def _on_worker_state(self, state: WorkerState) -> None:
        self._last_worker_state = state
        worker = self.run.worker if self.run is not None else None
        # Turns only while it trains on every core (monitor/turns.py); paused, it gives none.
        turns = state is WorkerState.RUNNING and worker is not None and fills_cores(worker.threads)
        self.host.drawing.take_turns(worker.turns if turns and worker is not None else None)
        if state in (WorkerState.RUNNING, WorkerState.PAUSED) and self.state != RunState.STOPPING:
            self.host.set_state(RunState(state.value))
        elif state in (WorkerState.STOPPED, WorkerState.FINISHED):
            self.host.set_state(RunState.STOPPING)  # until the thread has ended
            if state is WorkerState.FINISHED:
                log.info("training finished")

    def _on_failed(self, text: str) -> None:
        self._failure = text
        self.host.message("error", "Training failed", text)

    def _on_warning(self, text: str) -> None:
        self.host.message("warning", "Checkpoint", text)

    def _on_nonfinite(self, text: str) -> None:
        self.host.message("warning", "Training paused", text)

    def _on_thread_finished(self) -> None:
        if self.run is None:
            return
        self.run = None
        self.host.drawing.take_turns(None)
        session = self.host.session
        run_dir = session.run_dir
        last = run_dir / "checkpoints" / "last.pt" if run_dir else None
        stopped = self._last_worker_state is WorkerState.STOPPED
        done = self.host.status.current >= session.config.episodes
        # After a stop, Start continues the same run from its last checkpoint.
        summary = self.summary()
        session.ended(bool(stopped and last and last.is_file() and not done), summary)
        self.host.set_state(RunState.IDLE)
        self.host.redraw_all()
        if not self.closing:
            self.host.status.show_outcome(summary)

    def summary(self) -> RunSummary:
        """How the run that just ended went (from the status bar's counters)."""
        if self._failure:
            ending = Ending.FAILED
        elif self._last_worker_state is WorkerState.FINISHED:
            ending = Ending.FINISHED
        else:
            ending = Ending.STOPPED
        s = self.host.status
        return RunSummary(
            ending,
            self._first_episode,
            s.current,
            s.total or self.host.session.config.episodes,
            time.perf_counter() - self._run_began,
            s.best_accuracy,
            s.best_ci,
            s.best_episode,
            self.host.session.run_dir,
            self._failure,
        )


__all__ = ["RunControl", "RunHost"]
