"""Turn-taking between the training worker and the plots (monitor/turns.py): the worker waits
at a safe point only when the GUI asked, only until it releases, never past the timeout, and
hands its reports over first; the scheduler asks instead of drawing while the worker fills
every core (also for reports the worker still holds), draws every stale panel on the next
report and releases the worker at once."""

from __future__ import annotations

import threading
import time

from mlstm_gui.monitor import redraw
from mlstm_gui.monitor.turns import HOLD_S, LATENCY_WEIGHT, DrawTurns
from tests.gui.monitor.test_redraw import run, setup  # noqa: F401 - the fixture


def test_the_worker_waits_only_when_asked_and_until_released():
    turns = DrawTurns(timeout_s=5.0)
    assert turns.give_way() == 0.0 and turns.turns == 0  # nobody asked: no wait
    turns.want()
    waited: list[float] = []
    worker = threading.Thread(target=lambda: waited.append(turns.give_way()))
    worker.start()
    time.sleep(0.05)  # the worker is parked meanwhile
    assert worker.is_alive()
    turns.release()
    worker.join(2.0)
    assert not worker.is_alive() and 0.04 <= waited[0] < 2.0
    assert turns.turns == 1 and not turns.wanted


def test_a_turn_never_outlasts_its_timeout_and_close_ends_turns():
    turns = DrawTurns(timeout_s=0.05)
    turns.want()
    started = time.perf_counter()
    assert 0.04 <= turns.give_way() < 1.0  # nobody released: the worker goes on by itself
    assert time.perf_counter() - started < 1.0 and not turns.wanted
    turns.close()
    turns.want()  # after close (a stopping run) no turn is taken
    assert not turns.wanted and turns.give_way() == 0.0


def test_the_scheduler_asks_for_a_turn_and_draws_every_stale_panel_on_the_report(setup):  # noqa: F811
    sched, panels, budget, clock, feed = setup
    run(sched, clock, feed, 0.5)  # the first drawings, on the timer
    turns = DrawTurns(timeout_s=0.01)
    sched.take_turns(turns)
    before = {k: panels[k].drawn for k in ("a", "b")}
    feed(5000)
    clock.now += 1.0  # both panels overdue
    sched.tick()
    assert turns.wanted  # asked, not drawn
    assert all(panels[k].drawn == before[k] for k in ("a", "b"))
    sched.on_report()  # the worker's report: it is waiting now
    assert all(panels[k].drawn == before[k] + 1 for k in ("a", "b"))
    assert not turns.wanted and sched.turn_draws == 2 and panels["hidden"].drawn == 0


def test_a_turn_not_given_in_time_draws_anyway(setup):  # noqa: F811
    sched, panels, budget, clock, feed = setup
    run(sched, clock, feed, 0.5)
    turns = DrawTurns()
    sched.take_turns(turns)
    feed(5000)
    clock.now += 1.0
    sched.tick()
    drawn = panels["a"].drawn + panels["b"].drawn
    clock.now += redraw.TURN_PATIENCE_S + 0.01  # a validation: no report comes
    sched.tick()
    assert panels["a"].drawn + panels["b"].drawn == drawn + 1 and not turns.wanted
    sched.take_turns(None)  # back to the timer (the worker paused or left a core)
    assert sched.turns is None


def test_a_window_training_on_every_core_draws_in_the_workers_turns(
    qtbot, tiny_config, monkeypatch, one_torch_thread
):
    import mlstm_gui.shell.run_control as run_control
    from mlstm_gui.shell.main_window import MainWindow

    monkeypatch.setattr(run_control, "fills_cores", lambda threads: True)
    window = MainWindow(tiny_config.replace(episodes=100_000, val_interval=100_000))
    qtbot.addWidget(window)
    window.show()
    window.runs.worker_threads = 1
    window.commands.start.trigger()
    qtbot.waitUntil(lambda: window.drawing.turn_draws >= 3, timeout=60_000)
    worker = window.run.worker
    # (with 10 ms episodes the reports queue up, so the GUI may draw on one the worker has
    # already passed: whether it waited is the unit tests' business above)
    assert window.drawing.turns is worker.turns
    # what the loss panel shows is the history, drawn in a turn
    x, y = window.panels["loss"].raw_curve.getData()
    assert len(x) >= 1 and y[-1] == window.history.series().meta_loss[len(x) - 1]
    window.commands.stop.trigger()
    qtbot.waitUntil(lambda: window.run is None, timeout=60_000)
    assert window.drawing.turns is None
    window.close()


def test_a_turn_ends_after_its_budget_and_the_next_turn_draws_the_rest(setup):  # noqa: F811
    """One costly panel per turn: the worker never waits for every panel at once."""
    sched, panels, budget, clock, feed = setup
    run(sched, clock, feed, 0.5)
    turns = DrawTurns(timeout_s=0.01)
    sched.take_turns(turns)
    for p in (panels["a"], panels["b"]):  # each refresh takes longer than a turn's budget
        counted = p._redraw

        def slow(history, counted=counted):
            counted(history)
            clock.now += 2 * redraw.TURN_BUDGET_S

        p._redraw = slow
    before = {k: panels[k].drawn for k in ("a", "b")}
    feed(5000)
    clock.now += 1.0
    sched.tick()
    sched.on_report()
    drawn = {k: panels[k].drawn - before[k] for k in ("a", "b")}
    assert sorted(drawn.values()) == [0, 1] and turns.wanted  # one panel, the next turn asked
    sched.on_report()
    assert all(panels[k].drawn == before[k] + 1 for k in ("a", "b")) and not turns.wanted


def test_a_turn_hands_over_first_and_learns_how_long_turns_take_to_come():
    turns = DrawTurns(timeout_s=5.0)
    handed: list[float] = []
    assert turns.give_way(lambda: handed.append(0.0)) == 0.0 and handed == []  # not asked
    turns.want()
    time.sleep(0.03)  # the worker is on its way to a safe point
    worker = threading.Thread(target=lambda: turns.give_way(lambda: handed.append(1.0)))
    worker.start()
    deadline = time.perf_counter() + 2.0
    while not handed and time.perf_counter() < deadline:
        time.sleep(0.001)
    assert handed == [1.0] and worker.is_alive()  # handed over, then waiting for the drawing
    turns.release()
    worker.join(2.0)
    assert not worker.is_alive() and LATENCY_WEIGHT * 0.03 <= turns.latency_s < 2.0


def test_asking_again_ends_the_turn_the_worker_is_still_in():
    """The GUI released a turn and asked for the next before the worker woke: the worker goes
    on, and the new request stays for its next safe point (it used to be wiped out)."""
    turns = DrawTurns(timeout_s=5.0)
    turns.want()
    waited: list[float] = []
    worker = threading.Thread(target=lambda: waited.append(turns.give_way()))
    worker.start()
    time.sleep(0.05)
    with turns._lock:  # both before the worker can look
        turns.release()
        turns.want()
    worker.join(2.0)
    assert not worker.is_alive() and waited[0] < 2.0 and turns.wanted


def test_held_reports_go_out_outside_a_turn_only_after_hold_s():
    turns = DrawTurns()
    assert turns.hand_over_due(0.0, now=0.0)  # not drawing in turns: every report at once
    turns.engage(True)
    turns.want()
    assert not turns.hand_over_due(0.0, now=HOLD_S / 2)  # the turn takes them, at a safe point
    assert turns.hand_over_due(0.0, now=HOLD_S)  # a GUI that does not ask still gets them


def test_the_scheduler_asks_for_a_turn_for_reports_the_worker_still_holds(setup):  # noqa: F811
    sched, panels, budget, clock, feed = setup
    run(sched, clock, feed, 0.5)
    turns = DrawTurns(timeout_s=0.01)
    sched.take_turns(turns)
    sched.redraw_all()  # every panel up to date
    clock.now += 1.0
    sched.tick()
    assert not turns.wanted  # nothing new, nothing to ask for
    turns.hold(2)  # the worker holds two reports the GUI has not seen
    sched.tick()
    assert turns.wanted
    before = {k: panels[k].drawn for k in ("a", "b")}
    feed(5000)  # handed over with the turn
    sched.on_report()
    assert all(panels[k].drawn == before[k] + 1 for k in ("a", "b")) and not turns.wanted
    turns.hold(1)
    clock.now += 0.05
    sched.tick()
    assert not turns.wanted  # just drawn: the next turn is asked for when it is due


def test_a_turn_due_between_two_ticks_is_asked_for_at_its_time(setup):  # noqa: F811
    """The tick before a panel falls due fires the next one early, at the due time, rather than
    asking a whole tick early (more turns, each the worker's time) or a tick late."""
    sched, panels, budget, clock, feed = setup
    run(sched, clock, feed, 0.5)
    turns = DrawTurns(timeout_s=0.01)
    sched.take_turns(turns)
    sched._drawn_at = dict.fromkeys(panels, clock.now)  # every panel just drawn
    feed(5000)
    clock.now += redraw.MAX_AGE_S - redraw.TURN_MARGIN_S - 0.02  # due in 20 ms (no wait yet)
    sched.tick()
    assert not turns.wanted and 15 <= sched.timer.interval() <= 25
    clock.now += 0.021
    sched.tick()
    assert turns.wanted and sched.timer.interval() == redraw.TICK_MS
    sched.stop()


def test_between_turns_the_timer_sleeps_and_the_labels_update_in_the_turn(setup):  # noqa: F811
    """In turns the timer does not tick 20 times a second (each tick preempts a torch thread)
    but sleeps until the next panel is due; the status labels (a tick hook) update inside the
    turn, painted with the panels, or on a tick when no turn came for a while."""
    sched, panels, budget, clock, feed = setup
    run(sched, clock, feed, 0.5)
    ticks: list[float] = []
    sched.tick_hooks = [lambda: ticks.append(clock.now)]
    turns = DrawTurns(timeout_s=0.01)
    sched.take_turns(turns)
    assert sched.timer.interval() == redraw.TICK_MS  # a new mode: look at once
    feed(5000)
    clock.now += 1.0
    sched.tick()
    assert turns.wanted and ticks == [clock.now]  # no turn for a while yet: on the tick
    sched.on_report()
    assert ticks == [clock.now, clock.now]  # in the turn
    sleep_ms = sched.timer.interval()
    assert 150 <= sleep_ms <= 1000 * redraw.MAX_AGE_S  # until the next panel is due
    clock.now += 0.05
    feed(5001)
    sched.tick()
    assert not turns.wanted and len(ticks) == 2  # not due yet, and no labels on the tick
    clock.now += sleep_ms / 1000.0
    sched.tick()
    assert turns.wanted and sched.timer.interval() == redraw.TICK_MS  # due: asked for
