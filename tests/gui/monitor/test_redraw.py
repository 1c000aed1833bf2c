"""Redraw scheduling: a visible panel with new data is redrawn at least every max_age even when
the drawing budget would wait, hidden panels are skipped, and forced redraws stand down when
drawing already takes a large share of the GUI thread."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mlstm_gui.common.plot_style import PlotPanel
from mlstm_gui.monitor import redraw
from mlstm_gui.monitor.history import MetricHistory
from mlstm_gui.monitor.redraw import DrawBudget, RedrawScheduler


class CountingPanel(PlotPanel):
    def __init__(self) -> None:
        super().__init__()
        self.add_plot("p", 0, 0)
        self.drawn = 0

    def _redraw(self, history: MetricHistory) -> None:
        self.drawn += 1


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def setup(qtbot, monkeypatch):
    from tests.gui.monitor.test_panels import make_report

    clock = Clock()
    monkeypatch.setattr(redraw.time, "perf_counter", clock)
    panels = {"a": CountingPanel(), "b": CountingPanel(), "hidden": CountingPanel()}
    for key, p in panels.items():
        qtbot.addWidget(p)
        if key != "hidden":
            p.show()
    history = MetricHistory()
    budget = DrawBudget(duty=1e-6, max_wait=1e6)  # the budget alone would almost never draw
    sched = RedrawScheduler(panels, history, budget)
    sched.stop()  # ticks are driven by the test
    rng = np.random.default_rng(0)

    def feed(episode: int) -> None:
        history.add_episode(make_report(episode, rng))

    return sched, panels, budget, clock, feed


def run(sched, clock, feed, seconds: float, tick: float = redraw.TICK_MS / 1000) -> None:
    episode = 1000
    for _ in range(int(seconds / tick)):
        episode += 1
        feed(episode)  # new data every tick: a fast run
        clock.now += tick
        sched.tick()


def test_visible_panels_redraw_at_least_four_times_a_second(setup):
    sched, panels, budget, clock, feed = setup
    run(sched, clock, feed, 5.0)
    for key in ("a", "b"):
        times = np.diff(sched.refreshes[key][2:])
        assert times.max() <= redraw.MAX_AGE_S + 2 * redraw.TICK_MS / 1000, key
        assert len(sched.refreshes[key]) >= 4 * 5 - 2
    assert panels["hidden"].drawn == 0 and sched.refreshes["hidden"] == []


def test_on_the_timer_rounds_start_every_due_period_however_long_a_round_takes(setup, monkeypatch):
    """The next round is due `due` after this one began: sleeping `due` after it ended made
    the period `due` plus a round (20 ms on a slow host: 4.0 Hz instead of 4.2)."""
    sched, panels, budget, clock, feed = setup
    monkeypatch.setattr(redraw, "paint_now", lambda drawn: None)
    round_s = 0.03  # each panel's refresh takes 30 ms on this clock

    def slow_redraw(panel: CountingPanel, history: MetricHistory) -> None:
        panel.drawn += 1
        clock.now += round_s

    monkeypatch.setattr(CountingPanel, "_redraw", slow_redraw)
    monkeypatch.setattr(redraw, "TURN_BUDGET_S", 1.0)  # both panels in one round
    run(sched, clock, feed, 2.0)
    started = clock.now + redraw.MAX_AGE_S
    feed(5000)
    clock.now = started
    sched.tick()
    assert sched.refreshes["a"][-1] == started and sched.refreshes["b"][-1] == started
    due = redraw.MAX_AGE_S - redraw.TURN_MARGIN_S
    spent = clock.now - started
    assert spent == pytest.approx(2 * round_s)
    assert sched.timer.interval() == math.ceil((due - spent) * 1000.0)
    # the tick at that interval finds the next round due, and draws it
    feed(5001)
    clock.now += sched.timer.interval() / 1000.0
    sched.tick()
    assert sched.refreshes["a"][-1] - started >= due
    assert sched.refreshes["a"][-1] - started == pytest.approx(due, abs=0.002)


def test_forced_redraws_stand_down_when_drawing_took_a_large_share(setup, monkeypatch):
    sched, panels, budget, clock, feed = setup
    monkeypatch.setattr(budget, "share", lambda window=2.0: redraw.MAX_SHARE)
    first = {k: len(v) for k, v in sched.refreshes.items()}
    run(sched, clock, feed, 3.0)
    # only the panels' first drawing since the start goes ahead; nothing is forced after it
    assert all(len(sched.refreshes[k]) - first[k] <= 1 for k in ("a", "b"))


def test_on_the_timer_stale_panels_draw_together_painted_in_one_flush(setup, monkeypatch):
    sched, panels, budget, clock, feed = setup
    flushes: list[int] = []
    monkeypatch.setattr(redraw, "paint_now", lambda drawn: flushes.append(len(drawn)))
    run(sched, clock, feed, 5.0)
    a, b = sched.refreshes["a"][2:], sched.refreshes["b"][2:]
    assert a == b  # the two panels in the same rounds
    assert max(flushes) == 2 and flushes.count(2) >= len(a) - 1  # one flush per round
    # a round when the most stale one is due: about 4 a second, not one panel per tick
    assert len(sched.refreshes["a"]) <= 5.0 / (redraw.MAX_AGE_S - redraw.TURN_MARGIN_S) + 2
    # after a round the timer sleeps until the next one is due instead of ticking
    feed(5000)
    clock.now += redraw.MAX_AGE_S
    sched.tick()
    assert sched.refreshes["a"][-1] == clock.now
    feed(5001)
    sched.tick()
    assert sched.timer.interval() >= 4 * redraw.TICK_MS
