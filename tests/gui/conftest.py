"""Fixtures shared by the GUI tests."""

from __future__ import annotations

import pytest

from mlstm_gui.common import i18n
from mlstm_gui.explore.replay_worker import ReplayService
from mlstm_gui.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def _english_after_each_test(qapp):
    """The language is per process (translators on the application): a test that switches to
    Chinese, the monkey's View -> Language included, must not leave the next test in it."""
    yield
    if i18n.current_language() != i18n.ENGLISH:
        i18n.install(qapp, i18n.ENGLISH)


@pytest.fixture
def one_torch_thread():
    """Trainers built in the test thread use one torch thread, as the app's replay worker does
    on 2 cores (two spinning threads on a busy machine make each tiny episode take seconds)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture
def service():
    """The replay/classify worker thread, joined after the test."""
    svc = ReplayService()
    yield svc
    assert svc.close()


@pytest.fixture
def window(qtbot, tiny_config):
    """The real main window on the tiny config, shown offscreen and closed after the test."""
    win = MainWindow(tiny_config)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
