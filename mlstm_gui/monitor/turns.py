"""Turn-taking between training and drawing, for a worker whose torch threads fill every core.

With 2 torch threads on 2 cores, a repaint in the GUI thread preempts one torch thread in the
middle of a parallel operation, and the other then waits for it at the operation's barrier:
a millisecond of drawing costs about two of training (docs/BENCHMARKS.md, "GUI"). So while
the worker uses every core, the redraw scheduler does not draw on its timer. It asks for a
turn (`want`); the worker gives way after its next episode, whose report is then on its way
to the GUI; the GUI draws the stale panels on that report and, once the event loop has painted
them, `release`s the worker. Drawing then costs its own time and no more.

While the GUI draws in turns (`engage`), the worker also holds its episode reports and hands
them over together at the next turn (or after HOLD_S): the GUI thread then wakes a few times a
second, while the worker waits, instead of after every episode while it trains. Its work on a
report (the history, the status) is then, like drawing, paid once and not twice.

Qt-free and thread-safe: the GUI thread calls `want`/`release`/`engage`, the worker thread
`give_way`/`hand_over_due`. A turn never holds the worker longer than `timeout_s`, so a busy
or closing GUI cannot stall training for long."""

from __future__ import annotations

import threading
import time

HOLD_S = 0.25  # while turns are in use, reports wait at most this long for a turn


class DrawTurns:
    def __init__(self, timeout_s: float = 0.25) -> None:
        self.timeout_s = timeout_s
        self._lock = threading.Lock()
        self._engaged = False  # the GUI draws in turns (the worker fills every core)
        self._wanted = False
        self._released = threading.Event()
        self._closed = False
        self.turns = 0  # how often the worker gave way
        self.waited_s = 0.0  # and for how long in all

    @property
    def wanted(self) -> bool:
        return self._wanted

    @property
    def engaged(self) -> bool:
        return self._engaged

    def engage(self, on: bool) -> None:
        """GUI thread: draw in turns from now on (True), or on the timer again (False)."""
        with self._lock:
            self._engaged = on and not self._closed

    def hand_over_due(self, held_since: float, now: float | None = None) -> bool:
        """Worker thread: whether reports held since `held_since` go to the GUI now: always
        unless turns are in use, else when a turn is wanted or they waited HOLD_S."""
        now = time.perf_counter() if now is None else now
        return not self._engaged or self._wanted or now - held_since >= HOLD_S

    def want(self) -> None:
        """GUI thread: draw at the worker's next episode boundary."""
        with self._lock:
            if self._closed or self._wanted:
                return
            self._wanted = True
            self._released.clear()

    def release(self) -> None:
        """GUI thread: the drawing is done (or no longer wanted); the worker goes on."""
        with self._lock:
            self._wanted = False
            self._released.set()

    def close(self) -> None:
        """No more turns (the run is stopping): a waiting worker goes on at once."""
        with self._lock:
            self._closed, self._wanted, self._engaged = True, False, False
            self._released.set()

    def give_way(self) -> float:
        """Worker thread, between episodes: wait while the GUI draws, if it asked to.
        Returns the seconds waited (0 when no turn was wanted)."""
        if not self._wanted:
            return 0.0
        started = time.perf_counter()
        self._released.wait(self.timeout_s)
        waited = time.perf_counter() - started
        with self._lock:
            self._wanted = False  # a turn that timed out is over too
            self.turns += 1
            self.waited_s += waited
        return waited


__all__ = ["HOLD_S", "DrawTurns"]
