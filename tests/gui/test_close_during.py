"""Closing the window in the middle of things: during training, inside a validation, during
a replay. Every thread ends (the conftest fails a test that leaves one), the last
checkpoint verifies, and a validation cut short stays due for the resume."""
from __future__ import annotations

from engine.checkpoint import read_checkpoint
from mlstm_gui.main_window import MainWindow

TIMEOUT = 60_000


def _window(qtbot, config) -> MainWindow:
    win = MainWindow(config)
    qtbot.addWidget(win)
    win.message_hook = lambda *a: None
    win.show()
    return win


def test_closing_during_training_keeps_a_checkpoint(qtbot, tiny_config):
    win = _window(qtbot, tiny_config.replace(episodes=100_000, checkpoint_interval=10_000,
                                             val_interval=100_000))
    win.actions.start.trigger()
    qtbot.waitUntil(lambda: len(win.history) >= 3, timeout=TIMEOUT)
    run_dir = win.run_dir
    win.close()
    assert win.run is None
    saved = read_checkpoint(run_dir / "checkpoints" / "last.pt")
    assert saved["trainer"]["episode"] >= 3 and not saved["trainer"]["validation_due"]


def test_closing_inside_a_validation_cuts_it_short_and_keeps_it_due(qtbot, tiny_config):
    win = _window(qtbot, tiny_config.replace(episodes=100_000, val_interval=2,
                                             val_episodes=100_000, checkpoint_interval=10_000))
    win.actions.start.trigger()
    qtbot.waitUntil(lambda: len(win.history) >= 2, timeout=TIMEOUT)  # validating now
    run_dir = win.run_dir
    win.close()  # a 100,000-episode validation: only the interrupt ends it in time
    assert win.run is None
    saved = read_checkpoint(run_dir / "checkpoints" / "last.pt")["trainer"]
    assert saved["episode"] == 2 and saved["validation_due"]


def test_closing_during_a_replay(qtbot, tiny_config):
    win = _window(qtbot, tiny_config.replace(episodes=10_000, val_interval=10_000))
    ctl = win.exploration
    win.actions.step.trigger()
    qtbot.waitUntil(lambda: win.state == "paused" and len(ctl.store) == 1, timeout=TIMEOUT)
    ctl.picker.refresh_list(force=True)
    assert ctl.picker.choose_latest() is not None
    assert ctl.replay_current(show=True)
    win.close()  # the replay job may still be running
    assert not ctl.service.thread.isRunning() and win.run is None
