"""A seeded monkey drives the real window: 500 random actions per seed (start, pause, step,
stop, replay, classify, opening checkpoints and run folders, closing and reopening docks,
resizes). No exception, no internal-error dialog, every action back within 2 s, and (the
conftest checks) no thread left running after the window closes."""

from __future__ import annotations

import pytest

from engine.inference.shipped import DEFAULT
from mlstm_gui.shell.main_window import MainWindow

from .monkey import Monkey, MonkeyReport, answer_dialogs, monkey_files


@pytest.mark.parametrize("seed", [1, 2])
def test_five_hundred_random_actions(qtbot, tiny_config, monkeypatch, tmp_path, seed):
    import random

    rng = random.Random(seed)
    report = MonkeyReport()
    answer_dialogs(monkeypatch.setattr, report, monkey_files(tmp_path, DEFAULT), rng)
    win = MainWindow(tiny_config.replace(episodes=400))
    qtbot.addWidget(win)
    win.show()
    Monkey(win, seed, report, rng).run(500)
    win.close()
    qtbot.waitUntil(lambda: win.run is None, timeout=60_000)
    assert report.actions == 500
    assert report.problems == [], report.problems[:5]
    kinds = {name.split(" ")[0] for name in report.done}
    assert {"action", "button", "resize", "toggle"} <= kinds  # the monkey really roamed
