"""The status bar's live labels: updated by the redraw timer, or in a drawing turn, at most 5
times a second."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QStatusBar  # noqa: E402

from mlstm_gui.shell.status import TICK_INTERVAL_S, StatusPanel  # noqa: E402


def test_ticks_update_the_labels_at_most_every_interval(qtbot):
    bar = QStatusBar()
    qtbot.addWidget(bar)
    status = StatusPanel(bar)
    status.total = 600
    status.on_episode(10)
    status.tick(now=100.0)
    assert status.episode.text() == "episode 10 / 600"
    status.on_episode(11)
    status.tick(now=100.0 + TICK_INTERVAL_S / 2)  # too soon: the label waits
    assert status.episode.text() == "episode 10 / 600"
    status.tick(now=100.0 + TICK_INTERVAL_S)
    assert status.episode.text() == "episode 11 / 600"
    status.on_episode(12)
    status.update()  # a direct update (a state change, the run's end) is never held back
    assert status.episode.text() == "episode 12 / 600"
