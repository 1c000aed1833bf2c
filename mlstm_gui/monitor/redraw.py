"""When the live panels redraw: on a timer, never per report.

Reports only go into the bounded `MetricHistory`. A timer refreshes the stale, visible panels
in rounds: when the most stale one falls due, the stale panels draw together, most stale first,
and are painted in one flush of the window (one layout pass, one repaint, where a panel a tick
paid for each of its own); a round stops early once it took TURN_BUDGET_S, so an event-loop
iteration stays short even on a slow machine. Between rounds the timer sleeps until the next is
due. Two limits decide whether a tick draws:
- the `DrawBudget` keeps drawing under a share of the GUI thread's time, which on 2 cores is
  also time taken from training;
- but a visible panel whose data changed is never left older than `max_age` seconds (4 Hz by
  default): liveness first, and the budget spreads the rest — unless drawing already took
  MAX_SHARE of the last two seconds (a slow or overloaded machine), where training comes first.
Hidden panels (a background tab) are skipped and drawn when shown again; a panel's first data
after a clear is drawn at once. While the training worker's torch threads fill every core, a
due redraw waits for the worker's turn (monitor/turns.py) at its next safe point, asked for
early by the time that usually takes: the stale panels all draw in that turn, a round of them
at a steady 4 Hz."""

from __future__ import annotations

import math
import time
from collections import deque
from typing import Callable, Mapping, Optional

from PySide6.QtCore import QAbstractEventDispatcher, QObject, Qt, QTimer

from mlstm_gui.common.plot_style import PlotPanel, paint_now
from mlstm_gui.monitor.history import MetricHistory
from mlstm_gui.monitor.turns import DrawTurns

TICK_MS = 50  # the steady tick: while nothing is stale, a round's rest, first draws after a clear
MAX_AGE_S = 0.25  # a visible, stale panel redraws at least 4 times a second…
MAX_SHARE = 0.2  # …unless drawing already took this share of the GUI thread (a slow machine)
REFRESHES_KEPT = 1024  # refresh times kept per panel: a bench's whole timed span at 20 Hz
TURN_PATIENCE_S = 0.5  # a turn not given by then: draw anyway (the worker is validating)
TURN_MARGIN_S = 0.012  # a turn is asked for this much before its panel is due, besides its wait
TURN_BUDGET_S = 0.025  # a turn draws stale panels, most stale first, until it took this long
REFRESH_SHARE = 0.4  # of a panel's drawing, its refresh; painting is the rest (bench.panel_cost)


class DrawBudget:
    """Keeps plot drawing under a share (`duty`) of the GUI thread's time.

    The GUI thread shares the GIL (and, on 2 cores, the CPU) with the training worker, so every
    millisecond spent drawing is partly taken from training. Each drawing span — a panel's
    refresh, and each repaint of a plot scene (pyqtgraph's sigPrepareForPaint) — is timed until
    the event loop is next about to sleep; after a span of length d the next refresh waits
    d·(1/duty − 1). Cheap panels on a fast machine redraw at the full timer rate, costly ones on a
    slow machine less often, and training keeps ≥ 1 − duty of the GIL.

    A span's length is the GUI thread's CPU time in it, not wall time: with a 1-thread worker
    running Python, a refresh spends as long again waiting for the GIL, and that wait is
    training, not drawing, and counted as drawing it would hold the panels back for nothing."""

    def __init__(self, duty: float = 0.03, max_wait: float = 10.0) -> None:
        self.duty = duty
        self.max_wait = max_wait  # seconds: even a very slow machine redraws this often
        self._base = (duty, max_wait)
        self.next_at = 0.0
        self.last_cost = 0.0
        self.spans = 0
        self._recent: deque[tuple[float, float]] = deque(maxlen=64)  # (end, cost) of spans
        self._start: Optional[float] = None
        self._dispatcher: Optional[QAbstractEventDispatcher] = None

    def relax(self, duty: float, max_wait: float) -> None:
        """A larger share for a while (no training in this process to leave time for)."""
        self.duty, self.max_wait = duty, max_wait
        self.next_at = min(self.next_at, time.perf_counter() + max_wait)

    def restore(self) -> None:
        self.duty, self.max_wait = self._base

    @property
    def relaxed(self) -> bool:
        return (self.duty, self.max_wait) != self._base

    def watch_paints(self, scene: QObject) -> None:
        """Also time the repaints of a pyqtgraph scene (they happen after the refresh)."""
        signal = getattr(scene, "sigPrepareForPaint", None)
        if signal is not None:
            signal.connect(self.begin)

    def share(self, window: float = 2.0) -> float:
        """The share of the last `window` seconds spent drawing."""
        now = time.perf_counter()
        return sum(c for end, c in self._recent if now - end <= window) / window

    def ready(self) -> bool:
        return self._start is None and time.perf_counter() >= self.next_at

    def begin(self) -> None:
        """A drawing span starts now; it ends when the event loop is next idle."""
        if self._start is not None:
            return
        self._dispatcher = self._dispatcher or QAbstractEventDispatcher.instance()
        if self._dispatcher is None:  # no event loop yet: nothing to measure
            return
        self._start = time.thread_time()
        self._dispatcher.aboutToBlock.connect(self._idle)

    def _idle(self) -> None:
        if self._start is None or self._dispatcher is None:
            return
        now = time.perf_counter()
        self._dispatcher.aboutToBlock.disconnect(self._idle)
        self.last_cost = time.thread_time() - self._start  # CPU seconds of this thread
        self.spans += 1
        self._recent.append((now, self.last_cost))
        wait = min(self.max_wait, self.last_cost * (1.0 / self.duty - 1.0))
        self.next_at = max(self.next_at, now + wait)
        self._start = None


class RedrawScheduler(QObject):
    """Owns the redraw timer of the window's live panels. `refreshes[key]` holds the
    perf_counter times of each panel's recent refreshes (for the benches and tests)."""

    def __init__(
        self,
        panels: Mapping[str, PlotPanel],
        history: MetricHistory,
        budget: DrawBudget,
        on_tick: Optional[Callable[[], None]] = None,
        parent: Optional[QObject] = None,
        max_age: float = MAX_AGE_S,
    ) -> None:
        super().__init__(parent)
        self.panels, self.history, self.budget = panels, history, budget
        # what else follows training on the GUI's clock (the status labels, the episode list):
        # run on each tick, and in turns inside each turn, painted in its window flush
        self.tick_hooks: list[Callable[[], None]] = [on_tick] if on_tick is not None else []
        self.max_age = max_age
        self.redraws = 0
        self.refreshes: dict[str, list[float]] = {key: [] for key in panels}
        self._drawn: dict[str, int] = {}  # history version each panel last drew
        self._drawn_at: dict[str, float] = {}  # perf_counter of each panel's last refresh
        self._first: set[str] = set(panels)  # panels not yet drawn since a clear
        # Set while the training worker fills every core: draws then wait for its turns.
        self.turns: Optional[DrawTurns] = None
        self._wanted_at: Optional[float] = None  # when the pending turn was asked for
        self.turn_draws = 0  # redraws done in the worker's turns (for the benches and tests)
        self._turned_at = float("-inf")  # perf_counter of the last turn's drawing
        for panel in panels.values():
            budget.watch_paints(panel.graphics.scene())
        self.timer = QTimer(self)
        # precise: in turns the timer sleeps until a panel is due, and a coarse timer may
        # fire up to 5 % of that late (a panel at 3.9 Hz instead of 4.1)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def draw_all_next(self) -> None:
        """Draw every panel at the next ticks, ahead of the budget (after a clear or load)."""
        self._first = set(self.panels)
        self._next_tick(1)  # now, not after the sleep until the next round

    def stale(self) -> list[str]:
        version = self.history.version
        return [
            key
            for key, panel in self.panels.items()
            if self._drawn.get(key) != version and panel.isVisible()
        ]

    def tick(self) -> None:
        now = time.perf_counter()
        # in turns, the tick hooks run inside each turn, painted with the panels; there only
        # when no turn came for a while (a validation holds the worker)
        if self.turns is not None and now - self._turned_at >= TURN_PATIENCE_S:
            self._run_hooks()
        stale = self.stale()
        first = [key for key in stale if key in self._first] if len(self.history) else []
        if first:
            if self.turns is None:
                self._run_hooks()
            self._draw(first[0], now)
            self._next_tick(TICK_MS)
            return
        if self.turns is not None:
            self._tick_in_turns(self.turns, stale, now)
            return
        self._tick_on_timer(stale, now)

    def _tick_on_timer(self, stale: list[str], now: float) -> None:
        """Draw a round of the stale panels when the most stale is due (or the budget allows
        it), else sleep until it is due. With nothing stale, look again at the steady tick."""
        due = self.max_age - TURN_MARGIN_S
        if stale and (self._due(stale, now, due) or self.budget.ready()):
            if self._draw_round(stale, now):
                self._next_tick(TICK_MS)  # the rest at the next tick
            elif not self.budget.relaxed:  # asleep until the next round is due: `due` after
                # this round began, not after it ended (that made a period of due + a round)
                self._next_tick(math.ceil((due - (time.perf_counter() - now)) * 1000.0))
            else:  # no training to leave time for: as often as the budget allows
                self._next_tick(TICK_MS)
            return
        self._run_hooks()
        if not stale:
            self._next_tick(TICK_MS)
            return
        wait = due - (now - self._drawn_at.get(self._oldest(stale), 0.0))
        if self.budget.next_at > now:  # the budget may allow a round earlier
            wait = min(wait, self.budget.next_at - now)
        # rounded up: a tick a fraction of a millisecond early would find nothing due yet
        self._next_tick(math.ceil(wait * 1000.0) if wait > 0.0 else TICK_MS)

    def _due(self, keys: list[str], now: float, due: float) -> bool:
        """Whether one of `keys` waited `due` seconds, on a machine that can afford it: one
        where drawing took less than MAX_SHARE lately gets fewer redraws, not slower training."""
        waited = any(now - self._drawn_at.get(k, 0.0) >= due for k in keys)
        return waited and self.budget.share() < MAX_SHARE

    def _oldest(self, keys: list[str]) -> str:
        return min(keys, key=lambda k: self._drawn_at.get(k, 0.0))

    def _tick_in_turns(self, turns: DrawTurns, stale: list[str], now: float) -> None:
        """Ask for a turn when a visible panel is due, early by the usual wait for one (the
        worker's way to its next safe point), also for reports the worker still holds; draw on
        the timer only when no turn came in time.

        Between turns the timer sleeps until the next panel falls due instead of ticking 20
        times a second: each tick wakes the GUI thread, which on 2 cores preempts a torch
        thread in the middle of a parallel operation. Only while a turn is wanted, or a due
        panel waits for the worker's first report, does it tick every TICK_MS."""
        visible = [k for k, p in self.panels.items() if p.isVisible()]
        keys = stale or (visible if turns.held else [])
        due = self.max_age - TURN_MARGIN_S - min(turns.latency_s, self.max_age / 2)
        if keys and (self._due(keys, now, due) or self.budget.ready()):
            self._next_tick(TICK_MS)  # a turn is wanted: watch its patience
            if not self._ask_turn(turns, now) and stale:
                self._draw(self._oldest(stale), now)
            return
        wait = due - (now - self._drawn_at.get(self._oldest(visible), 0.0)) if visible else 0.0
        self._next_tick(round(wait * 1000.0) if wait > 0.0 else TICK_MS)

    def _next_tick(self, ms: int) -> None:
        """The next tick in `ms` (1 ms up to max_age); a stopped timer stays stopped."""
        ms = int(min(max(1, ms), round(self.max_age * 1000.0)))
        if not self.timer.isActive():
            self.timer.setInterval(ms)
        elif self.timer.interval() != ms:
            self.timer.start(ms)

    def _ask_turn(self, turns: DrawTurns, now: float) -> bool:
        """Ask for a turn, and wait for it unless it is overdue (a validation holds the
        worker's next safe point back)."""
        if self._wanted_at is None or not turns.wanted:
            turns.want()
            self._wanted_at = now
            return True
        if now - self._wanted_at < TURN_PATIENCE_S:
            return True
        self._wanted_at = None
        turns.release()  # draw now after all, and ask again next time
        return False

    def on_report(self) -> None:
        """The worker handed its reports over (they are in the history): if a turn was asked
        for, the worker is giving way now, so draw and paint the stale panels, most stale
        first, then release it.

        A turn ends once its refreshes took REFRESH_SHARE of TURN_BUDGET_S (after its first
        panel; the painting, all at once, takes the rest), so a slow machine never stalls the
        GUI or the worker for a whole round of costly panels: the next turn, at the next safe
        point, is asked for at once for the rest."""
        now = time.perf_counter()
        turns = self.turns
        if turns is None or self._wanted_at is None:
            return
        self._wanted_at = None
        stale = self.stale()
        waiting = self._draw_round(stale, now)  # painted while the worker waits
        self.turn_draws += len(stale) - len(waiting)
        self._turned_at = now
        turns.release()
        if waiting:  # the rest in the next turn, at the next safe point
            turns.want()
            self._wanted_at = now
        else:
            self._tick_in_turns(turns, [], time.perf_counter())  # sleep until the next is due

    def take_turns(self, turns: Optional[DrawTurns]) -> None:
        """Draw in `turns` from now on (None: on the timer, as when the worker leaves a core)."""
        if self.turns is not None and turns is not self.turns:
            self.turns.engage(False)
            self.turns.release()
        if turns is not None:
            turns.engage(True)
        self.turns, self._wanted_at = turns, None
        self._next_tick(TICK_MS)  # a new mode: look at once, not after a sleep of the old one

    def _draw_round(self, stale: list[str], now: float) -> list[str]:
        """Draw `stale` panels, most stale first, until their refreshes took REFRESH_SHARE of
        TURN_BUDGET_S (after the first), run the tick hooks (the status labels and the like),
        and paint it all now in one window flush. Returns the panels left for the next round."""
        waiting = sorted(stale, key=lambda k: self._drawn_at.get(k, 0.0))
        drawn: list[PlotPanel] = []
        while waiting:
            key = waiting.pop(0)
            self._draw(key, now)
            drawn.append(self.panels[key])
            if time.perf_counter() - now >= TURN_BUDGET_S * REFRESH_SHARE:
                break
        self._run_hooks()
        paint_now(drawn)
        return waiting

    def _draw(self, key: str, now: float) -> None:
        self._first.discard(key)
        self.budget.begin()
        panel = self.panels[key]
        panel.refresh(self.history)
        # Settle auto-ranges now: done inside the paint (pyqtgraph's default), each range
        # change schedules another full repaint of the panel.
        panel.graphics.scene().prepareForPaint()
        self._drawn[key] = self.history.version
        self._drawn_at[key] = now
        times = self.refreshes[key]
        times.append(now)
        if len(times) > 2 * REFRESHES_KEPT:  # bounded, trimmed now and then
            del times[:-REFRESHES_KEPT]
        self.redraws += 1

    def redraw_all(self) -> None:
        """Bring every panel up to date now (before a screenshot or an export)."""
        for key, panel in self.panels.items():
            if self._drawn.get(key) != self.history.version:
                panel.refresh(self.history)
                self._drawn[key] = self.history.version
        self._run_hooks()

    def _run_hooks(self) -> None:
        for hook in self.tick_hooks:
            hook()

    def stop(self) -> None:
        self.timer.stop()


__all__ = ["MAX_AGE_S", "TICK_MS", "DrawBudget", "RedrawScheduler"]
