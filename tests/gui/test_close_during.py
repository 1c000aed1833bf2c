"""Closing the window in the middle of things: during training, inside a validation, during
a replay. Every thread ends (the conftest fails a test that leaves one), the last
checkpoint verifies, and a validation cut short stays due for the resume."""

from __future__ import annotations

from engine.io.checkpoint import read_checkpoint
from mlstm_gui.shell.main_window import MainWindow

TIMEOUT = 60_000


def _window(qtbot, config) -> MainWindow:
    win = MainWindow(config)
    qtbot.addWidget(win)
    win.message_hook = lambda *a: None
    win.show()
    return win


def test_closing_during_training_keeps_a_checkpoint(qtbot, tiny_config):
    win = _window(
        qtbot,
        tiny_config.replace(episodes=100_000, checkpoint_interval=10_000, val_interval=100_000),
    )
    win.commands.start.trigger()
    qtbot.waitUntil(lambda: len(win.history) >= 3, timeout=TIMEOUT)
    run_dir = win.run_dir
    win.close()
    assert win.run is None
    saved = read_checkpoint(run_dir / "checkpoints" / "last.pt")
    assert saved["trainer"]["episode"] >= 3 and not saved["trainer"]["validation_due"]


def test_closing_inside_a_validation_cuts_it_short_and_keeps_it_due(qtbot, tiny_config):
    win = _window(
        qtbot,
        tiny_config.replace(
            episodes=100_000, val_interval=2, val_episodes=100_000, checkpoint_interval=10_000
        ),
    )
    win.commands.start.trigger()
    qtbot.waitUntil(lambda: len(win.history) >= 2, timeout=TIMEOUT)  # validating now
    run_dir = win.run_dir
    win.close()  # a 100,000-episode validation: only the interrupt ends it in time
    assert win.run is None
    saved = read_checkpoint(run_dir / "checkpoints" / "last.pt")["trainer"]
    assert saved["episode"] == 2 and saved["validation_due"]


def test_closing_during_a_replay(qtbot, tiny_config):
    win = _window(qtbot, tiny_config.replace(episodes=10_000, val_interval=10_000))
    ctl = win.exploration
    win.commands.step.trigger()
    qtbot.waitUntil(lambda: win.state == "paused" and len(ctl.store) == 1, timeout=TIMEOUT)
    ctl.picker.refresh_list(force=True)
    assert ctl.picker.choose_latest() is not None
    assert ctl.replay_current(show=True)
    win.close()  # the replay job may still be running
    assert not ctl.service.worker_thread.isRunning() and win.run is None


def _class_folders(root, classes=4, per_class=30):
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(0)
    for c in range(classes):
        folder = root / f"class{c}"
        folder.mkdir(parents=True)
        for k in range(per_class):
            img = np.clip(rng.normal(128, 60, (60, 60)), 0, 255).astype(np.uint8)
            Image.fromarray(img).save(folder / f"{k}.png")
    return root


def test_closing_while_try_it_loads_images_and_while_it_classifies(qtbot, tiny_config, tmp_path):
    win = _window(qtbot, tiny_config)
    tryit = win.exploration.tryit
    tryit.add_paths([str(_class_folders(tmp_path / "many"))])  # thumbnails load in a thread
    win.close()  # during image loading
    assert not win.exploration.service.worker_thread.isRunning()

    win2 = _window(qtbot, tiny_config)
    tryit = win2.exploration.tryit
    tryit.add_paths([str(_class_folders(tmp_path / "few", classes=3, per_class=3))])
    qtbot.waitUntil(lambda: not tryit.loading, timeout=TIMEOUT)
    qtbot.waitUntil(tryit.classify, timeout=TIMEOUT)  # once the model is ready, it starts
    win2.close()  # during classification
    assert not win2.exploration.service.worker_thread.isRunning()
