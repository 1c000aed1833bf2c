"""Run the Qt event loop until a condition holds: how scripted drivers of the app (the tour,
the GUI benchmarks) wait for the worker threads without sleeping through their signals."""

from __future__ import annotations

import time
from typing import Any, Callable, Optional

from PySide6.QtCore import QEventLoop, QTimer


def wait_until(
    cond: Callable[[], bool], deadline: float, poll_ms: int = 5, wake: Optional[Any] = None
) -> bool:
    """True once cond() holds (checked every `poll_ms`, and on each emission of the signal
    `wake` if given), False when time.monotonic() passes `deadline` first.

    A bench that measures training beside the GUI passes the signal its condition follows and
    a long `poll_ms`: each poll wakes the GUI thread, which on 2 cores preempts a torch thread."""
    if cond():
        return True
    loop, poll = QEventLoop(), QTimer()
    poll.setInterval(poll_ms)

    def check(*_args: object) -> None:
        if cond() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    if wake is not None:
        wake.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    if wake is not None:
        wake.disconnect(check)
    return cond()


__all__ = ["wait_until"]
