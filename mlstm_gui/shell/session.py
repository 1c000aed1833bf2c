"""The run session: what the window knows of its training run, without Qt, so the panels, the
file commands and the Explore dock follow it through typed signals instead of reading or
writing the window's attributes.

- `state_changed(RunState)` fires on every change of the run's state;
- `run_started(worker)` when a new training worker exists, before its thread starts, so a
  follower gets its first report;
- `next_run_changed(NextRun)` when the next Start's plan changes (a new config, an opened
  checkpoint to continue, a stopped run to resume);
- `following_changed(folder or None)` when a run folder starts or stops being followed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from engine.config import Config
from mlstm_gui.common.signals import Signal
from mlstm_gui.common.states import RunState


@dataclass(frozen=True)
class NextRun:
    """What Start does next: train `config` in `run_dir` (None: a new folder under the runs
    root), from scratch or, with `resume`, from that folder's last checkpoint."""

    config: Config
    run_dir: Optional[Path] = None
    resume: bool = False


class RunSession:
    def __init__(self, config: Config) -> None:
        self.state = RunState.IDLE
        self.next_run = NextRun(config)
        self.run_dir: Optional[Path] = None  # the folder of the current (or last) run
        self.following: Optional[Path] = None  # a run folder followed live
        self.state_changed: Signal[RunState] = Signal()
        self.run_started: Signal[Any] = Signal()  # the TrainingWorker (a QObject)
        self.next_run_changed: Signal[NextRun] = Signal()
        self.following_changed: Signal[Optional[Path]] = Signal()

    @property
    def config(self) -> Config:
        """The config the next (or the current) run trains."""
        return self.next_run.config

    def set_state(self, state: RunState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    def plan(self, next_run: NextRun) -> None:
        if next_run != self.next_run:
            self.next_run = next_run
            self.next_run_changed.emit(next_run)

    def started(self, worker: Any, run_dir: Path) -> None:
        """A run began in `run_dir`: the plan's folder and resume are used up."""
        self.run_dir = run_dir
        self.plan(NextRun(self.config))
        self.run_started.emit(worker)

    def ended(self, resumable: bool) -> None:
        """The run's thread ended; after a stop with a checkpoint, Start resumes it."""
        self.plan(NextRun(self.config, self.run_dir if resumable else None, resumable))

    def follow(self, folder: Optional[Path]) -> None:
        if folder != self.following:
            self.following = folder
            self.following_changed.emit(folder)


__all__ = ["NextRun", "RunSession"]
