"""Turn-taking between training and drawing, for a worker whose torch threads fill every core.

With 2 torch threads on 2 cores, a repaint in the GUI thread preempts one torch thread in the
middle of a parallel operation, and the other then waits for it at the operation's barrier:
a millisecond of drawing costs about two of training (docs/BENCHMARKS.md, "GUI"). So while
the worker uses every core, the redraw scheduler does not draw on its timer. It asks for a
turn (`want`); the worker gives way at its next safe point — between two meta-updates, or
inside one, before an inner step or after a backward pass (engine Event.SAFE_POINT), a few
tens of milliseconds apart — hands over the reports it holds, and waits; the GUI draws the
stale panels, paints them and `release`s the worker. Drawing then costs its own time and no
more, and the panels can refresh at a steady 4 Hz however long an episode takes.

While the GUI draws in turns (`engage`), the worker also holds its episode reports and hands
them over together at the next turn (or after HOLD_S, should the GUI not ask): the GUI thread
then wakes a few times a second, while the worker waits, instead of after every episode while
it trains. The worker posts how many it holds (`held`), so the GUI asks for a turn when there
is something new to draw even though it has not seen it yet.

Qt-free and thread-safe: the GUI thread calls `want`/`release`/`engage`, the worker thread
`give_way`/`hand_over_due`/`hold`. A turn never holds the worker longer than `timeout_s`, so a
busy or closing GUI cannot stall training for long."""

from __future__ import annotations

import threading
import time
from typing import Callable, Optional

HOLD_S = 0.5  # while turns are in use, reports the GUI does not ask for go out after this long
LATENCY_WEIGHT = 0.2  # smoothing of `latency_s`, the wait from asking to the worker giving way


class DrawTurns:
    def __init__(self, timeout_s: float = 0.25) -> None:
        self.timeout_s = timeout_s
        self._lock = threading.Condition()  # notified when a turn is released or replaced
        self._engaged = False  # the GUI draws in turns (the worker fills every core)
        self._asked_at: Optional[float] = None  # perf_counter of the pending `want`, if any
        self._asks = 0  # `want`s so far: a turn is known by its number
        self._closed = False
        self._held = 0  # episode reports the worker holds for the next turn
        self.turns = 0  # how often the worker gave way
        self.waited_s = 0.0  # and for how long in all
        self.latency_s = 0.0  # smoothed seconds from `want` to the worker giving way

    @property
    def wanted(self) -> bool:
        return self._asked_at is not None

    @property
    def engaged(self) -> bool:
        return self._engaged

    @property
    def held(self) -> int:
        """Reports the worker holds, not yet handed over (the GUI thread reads this)."""
        return self._held

    def hold(self, count: int) -> None:
        """Worker thread: it now holds `count` reports."""
        self._held = count

    def engage(self, on: bool) -> None:
        """GUI thread: draw in turns from now on (True), or on the timer again (False)."""
        with self._lock:
            self._engaged = on and not self._closed

    def hand_over_due(self, held_since: float, now: Optional[float] = None) -> bool:
        """Worker thread: whether reports held since `held_since` go to the GUI outside a turn:
        always unless turns are in use, else once they waited HOLD_S."""
        now = time.perf_counter() if now is None else now
        return not self._engaged or now - held_since >= HOLD_S

    def want(self) -> None:
        """GUI thread: draw at the worker's next safe point."""
        with self._lock:
            if self._closed or self._asked_at is not None:
                return
            self._asked_at, self._asks = time.perf_counter(), self._asks + 1
            self._lock.notify_all()  # a worker still in the last turn: that one is over

    def release(self) -> None:
        """GUI thread: the drawing is done (or no longer wanted); the worker goes on."""
        with self._lock:
            self._asked_at = None
            self._lock.notify_all()

    def close(self) -> None:
        """No more turns (the run is stopping): a waiting worker goes on at once."""
        with self._lock:
            self._closed, self._asked_at, self._engaged = True, None, False
            self._lock.notify_all()

    def give_way(self, hand_over: Optional[Callable[[], None]] = None) -> float:
        """Worker thread, at a safe point: if the GUI asked for a turn, call `hand_over` (which
        sends the held reports and the signal the GUI draws on) and wait until the GUI
        releases. Returns the seconds waited (0 when no turn was wanted)."""
        with self._lock:
            asked, turn = self._asked_at, self._asks
        if asked is None:
            return 0.0
        started = time.perf_counter()
        self.latency_s += LATENCY_WEIGHT * (started - asked - self.latency_s)
        if hand_over is not None:
            hand_over()
        with self._lock:
            # released, or asked again (the GUI released this turn and wants the next)
            def over() -> bool:
                return self._asked_at is None or self._asks != turn

            if not self._lock.wait_for(over, self.timeout_s):  # timed out: that turn is over
                self._asked_at = None
            waited = time.perf_counter() - started
            self.turns += 1
            self.waited_s += waited
        return waited


__all__ = ["HOLD_S", "DrawTurns"]
