"""The typed job handle: one outcome per job, none after cancel, in submission order."""

from __future__ import annotations

from dataclasses import dataclass

from mlstm_gui.common.job_handle import Job, JobHandle, JobState, cancel


@dataclass(frozen=True)
class Echo(Job[int]):
    value: int


def test_a_handle_delivers_once_and_ignores_what_follows():
    handle = JobHandle(Echo(3))
    seen: list[int] = []
    errors: list[str] = []
    handle.finished.connect(seen.append)
    handle.failed.connect(errors.append)
    assert handle.pending and not handle.settled
    handle.deliver(3)
    handle.deliver(4)
    handle.fail("late")
    assert seen == [3] and errors == [] and handle.result == 3
    assert handle.state is JobState.DONE and handle.settled


def test_a_cancelled_handle_drops_its_result_and_its_failure():
    handle = JobHandle(Echo(1))
    seen: list[object] = []
    handle.finished.connect(seen.append)
    handle.failed.connect(seen.append)
    cancel(handle)
    cancel(None)  # a view's first request has nothing to cancel
    handle.deliver(1)
    handle.fail("boom")
    assert seen == [] and handle.state is JobState.CANCELLED and handle.result is None


def test_a_failure_is_kept_and_signalled():
    handle = JobHandle(Echo(1))
    errors: list[str] = []
    handle.failed.connect(errors.append)
    handle.fail("the file is truncated")
    assert errors == ["the file is truncated"] and handle.error == errors[0]
    handle.cancel()  # too late: nothing changes
    assert handle.state is JobState.FAILED
