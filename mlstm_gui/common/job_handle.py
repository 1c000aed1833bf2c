"""A typed handle on one job run by a worker thread, in the manner of Orange3's
`FutureWatcher`: whoever submits a job keeps its handle, listens to its typed `finished` and
`failed` signals and cancels it when a newer request supersedes it. Results of a cancelled job
are dropped by the handle, so no caller compares job numbers by hand. Qt-free: the service that
owns the worker thread delivers results to handles in the GUI thread."""

from __future__ import annotations

from enum import Enum
from typing import Generic, Optional, Protocol, TypeVar

from mlstm_gui.common.signals import Signal

R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Job(Generic[R_co]):
    """Base of a job description whose result has type R_co (a frozen dataclass)."""


class JobState(str, Enum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class JobHandle(Generic[R]):
    """One submitted job: `finished(result)` or `failed(message)` fires once, unless cancelled."""

    def __init__(self, job: Job[R]) -> None:
        self.job = job
        self.state = JobState.PENDING
        self.result: Optional[R] = None
        self.error = ""
        self.finished: Signal[R] = Signal()
        self.failed: Signal[str] = Signal()

    @property
    def pending(self) -> bool:
        return self.state is JobState.PENDING

    @property
    def settled(self) -> bool:
        """Done, failed or cancelled: nothing more will come."""
        return self.state is not JobState.PENDING

    def cancel(self) -> None:
        """Drop the result when it comes (the worker still finishes a job it has begun)."""
        if self.state is JobState.PENDING:
            self.state = JobState.CANCELLED

    def deliver(self, result: R) -> None:
        if self.state is JobState.PENDING:
            self.state, self.result = JobState.DONE, result
            self.finished.emit(result)

    def fail(self, message: str) -> None:
        if self.state is JobState.PENDING:
            self.state, self.error = JobState.FAILED, message
            self.failed.emit(message)


class JobRunner(Protocol):
    """What a view needs of the service that runs its jobs."""

    def submit(self, job: Job[R]) -> JobHandle[R]: ...


def cancel(handle: Optional[JobHandle[R]]) -> None:
    """Cancel a handle that may not exist yet (a view's first request)."""
    if handle is not None:
        handle.cancel()


__all__ = ["Job", "JobHandle", "JobRunner", "JobState", "cancel"]
