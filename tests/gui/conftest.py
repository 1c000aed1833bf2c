"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import pytest

from mlstm_gui.shell.main_window import MainWindow


@pytest.fixture
def window(qtbot, tiny_config):
    """The real main window on the tiny config, shown offscreen and closed after the test."""
    win = MainWindow(tiny_config)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
