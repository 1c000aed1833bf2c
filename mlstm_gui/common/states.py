"""The states a training run goes through, as the window shows them and as the training
thread announces them. String-valued, so logs and saved layouts read plainly."""

from __future__ import annotations

from enum import Enum


class RunState(str, Enum):
    """The window's view of its run: what the actions, the status bar and Explore follow."""

    IDLE = "idle"
    STARTING = "starting"  # the thread is starting and the data loading
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"  # until the thread has ended

    @property
    def busy(self) -> bool:
        """Training owns the meta-learner: it cannot be copied for replay or try-it."""
        return self in (RunState.STARTING, RunState.RUNNING, RunState.STOPPING)


class WorkerState(str, Enum):
    """What the training worker announces from its thread."""

    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"
    FINISHED = "finished"

    @property
    def resting(self) -> bool:
        """The trainer is not inside a step: its meta-learner may be copied."""
        return self is not WorkerState.RUNNING


__all__ = ["RunState", "WorkerState"]
