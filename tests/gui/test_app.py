"""`make run` on a machine without a display says so in one line instead of a Qt abort."""
import sys

import pytest

from mlstm_gui import app


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland check is Linux-only")
def test_no_display_is_a_clear_message(monkeypatch, capsys):
    for var in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(var, raising=False)
    assert app.main([]) == 2
    err = capsys.readouterr().err
    assert "no display found" in err and "headless" in err
    monkeypatch.setenv("DISPLAY", ":0")
    assert app.no_display_reason() is None
    monkeypatch.delenv("DISPLAY")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.no_display_reason() is None
