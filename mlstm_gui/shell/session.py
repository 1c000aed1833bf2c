"""The run session: what the window knows of its training run, without Qt, so the panels and
the Explore dock follow it through typed signals instead of reading the window's attributes.

`state_changed(RunState)` fires on every change of the run's state; `run_started(worker)`
when a new training worker exists, before its thread starts, so a follower gets its first
report."""

from __future__ import annotations

from typing import Any

from mlstm_gui.common.signals import Signal
from mlstm_gui.common.states import RunState


class RunSession:
    def __init__(self) -> None:
        self.state = RunState.IDLE
        self.state_changed: Signal[RunState] = Signal()
        self.run_started: Signal[Any] = Signal()  # the TrainingWorker (a QObject)

    def set_state(self, state: RunState) -> None:
        if state is not self.state:
            self.state = state
            self.state_changed.emit(state)

    def started(self, worker: Any) -> None:
        self.run_started.emit(worker)


__all__ = ["RunSession"]
