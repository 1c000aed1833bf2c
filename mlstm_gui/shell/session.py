"""The run session: what the window knows of its training run, without Qt, so the panels, the
file commands and the Explore dock follow it through typed signals instead of reading or
writing the window's attributes.

- `state_changed(RunState)` fires on every change of the run's state;
- `run_started(worker)` when a new training worker exists, before its thread starts, so a
  follower gets its first report;
- `next_run_changed(NextRun)` when the next Start's plan changes (a new config, an opened
  checkpoint to continue, a stopped run to resume);
- `following_changed(folder or None)` when a run folder starts or stops being followed;
- `run_ended(RunSummary)` when a run's thread has ended: finished, stopped or failed."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, Optional

from engine.config import Config
from mlstm_gui.common.signals import Signal
from mlstm_gui.common.states import RunState
from mlstm_gui.common.timefmt import format_duration


def ui(text: str) -> str:
    """`text` in the interface's language (common/i18n.py) once Qt is loaded, else as it is:
    the session stays importable and testable without Qt."""
    if "PySide6.QtCore" not in sys.modules:
        return text
    from mlstm_gui.common.i18n import ui as translate

    return translate(text)


class Ending(str, Enum):
    FINISHED = "finished"
    STOPPED = "stopped"
    FAILED = "failed"


@dataclass(frozen=True)
class RunSummary:
    """How a run ended, for the status bar until the next action."""

    ending: Ending
    first_episode: int  # where it started (a resumed run starts past 0)
    last_episode: int
    total: int
    seconds: float
    best_accuracy: float = -1.0  # -1: no validation yet
    best_ci: float = 0.0
    best_episode: int = 0
    run_dir: Optional[Path] = None
    reason: str = ""  # a failure's message

    def text(self) -> str:
        done = self.last_episode - self.first_episode
        endings = {
            Ending.FINISHED: ui("Run finished"),
            Ending.STOPPED: ui("Run stopped"),
            Ending.FAILED: ui("Run failed"),
        }
        head = ui("{n} episodes") if done != 1 else ui("{n} episode")
        span = ui("episodes {first}→{last} of {total}").format(
            first=self.first_episode, last=self.last_episode, total=self.total
        )
        parts = [
            ui("{ending}: {done} ({span}) in {time}").format(
                ending=endings[self.ending],
                done=head.format(n=done),
                span=span,
                time=format_duration(self.seconds),
            )
        ]
        if self.best_accuracy >= 0:
            ci = f" ± {100 * self.best_ci:.1f}" if self.best_ci else ""
            parts.append(
                ui("best validation {value} @ {episode}").format(
                    value=f"{100 * self.best_accuracy:.1f}%{ci}", episode=self.best_episode
                )
            )
        else:
            parts.append(ui("no validation yet"))
        text = ui(", ").join(parts) + ui(".")
        if self.ending is Ending.FAILED and self.reason:
            text += f" {self.reason.splitlines()[0]}"
        if self.ending is Ending.STOPPED and self.last_episode < self.total:
            text += " " + ui("Start (F5) continues it.")
        if self.run_dir is not None:
            text += " " + ui("Folder: {path}").format(path=self.run_dir)
        return text


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
        self.run_ended: Signal[RunSummary] = Signal()
        self.last_summary: Optional[RunSummary] = None

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

    def ended(self, resumable: bool, summary: Optional[RunSummary] = None) -> None:
        """The run's thread ended; after a stop with a checkpoint, Start resumes it."""
        self.plan(NextRun(self.config, self.run_dir if resumable else None, resumable))
        if summary is not None:
            self.last_summary = summary
            self.run_ended.emit(summary)

    def follow(self, folder: Optional[Path]) -> None:
        if folder != self.following:
            self.following = folder
            self.following_changed.emit(folder)


__all__ = ["Ending", "NextRun", "RunSession", "RunSummary"]
