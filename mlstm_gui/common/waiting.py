"""Run the Qt event loop until a condition holds: how scripted drivers of the app (the tour,
the GUI benchmarks) wait for the worker threads without sleeping through their signals."""

from __future__ import annotations

import time
from typing import Callable

from PySide6.QtCore import QEventLoop, QTimer


def wait_until(cond: Callable[[], bool], deadline: float, poll_ms: int = 5) -> bool:
    """True once cond() holds (checked every `poll_ms`), False when time.monotonic() passes
    `deadline` first."""
    if cond():
        return True
    loop, poll = QEventLoop(), QTimer()
    poll.setInterval(poll_ms)

    def check() -> None:
        if cond() or time.monotonic() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    loop.exec()
    poll.stop()
    return cond()


__all__ = ["wait_until"]
