"""The two perspectives: every visible plot stays readable on a small laptop screen, the
window fits the screen, and each perspective keeps what the user made of it."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from mlstm_gui.common.plot_style import plot_sizes, undersized_plots
from mlstm_gui.shell.main_window import MainWindow
from mlstm_gui.shell.perspectives import Perspective


def settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


@pytest.mark.parametrize("screen", [(1366, 768), (1920, 1080)])
def test_every_visible_plot_stays_readable_in_both_perspectives(qtbot, tiny_config, screen):
    win = MainWindow(tiny_config)
    qtbot.addWidget(win)
    width, height = screen[0], screen[1] - 40  # a task bar
    win.resize(width, height)
    win.show()
    for p in (Perspective.MONITOR, Perspective.EXPLORE, Perspective.MONITOR):
        win.perspectives.switch(p)
        settle()
        assert plot_sizes(win), p
        assert not undersized_plots(win), p
        # the plots' minimum sizes never push the window past the screen
        assert win.width() <= width and win.height() <= height, (p, win.size())
    win.close()


def test_each_perspective_keeps_the_users_changes_and_is_remembered(qtbot, tiny_config):
    win = MainWindow(tiny_config)
    qtbot.addWidget(win)
    win.resize(1366, 728)
    win.show()
    assert win.perspectives.current is Perspective.MONITOR
    win.docks["log"].hide()  # the user's change to Monitor
    win.perspectives.actions[Perspective.EXPLORE].trigger()
    settle()
    assert win.perspectives.current is Perspective.EXPLORE
    assert not win.docks["explore"].isHidden() and not win.docks["log"].isHidden()
    assert win.docks["explore"].width() > win.docks["loss"].width()  # Explore is the large one
    win.perspectives.switch(Perspective.MONITOR)
    settle()
    assert win.docks["log"].isHidden()  # kept
    win.perspectives.switch(Perspective.EXPLORE)
    win.close()
    again = MainWindow(tiny_config)
    qtbot.addWidget(again)
    again.show()
    assert again.perspectives.current is Perspective.EXPLORE
    assert again.perspectives.actions[Perspective.EXPLORE].isChecked()
    again.perspectives.switch(Perspective.MONITOR)
    assert again.docks["log"].isHidden()
    again.reset_layout()  # back to the built-in Monitor arrangement
    assert not again.docks["log"].isHidden()
    again.close()
