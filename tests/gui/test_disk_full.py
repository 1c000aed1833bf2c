"""Training from the app into a full disk (a real 120 kB tmpfs, where this machine allows
mounting one): a dialog names the file and the reason, the last good checkpoint verifies,
and the window is idle and usable again."""

from __future__ import annotations

import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from engine.io.checkpoint import read_checkpoint
from mlstm_gui.shell.main_window import MainWindow

TIMEOUT = 120_000  # generous: a loaded 2-core machine trains slowly


@pytest.fixture
def full_disk_runs(tmp_path, monkeypatch):
    mount = tmp_path / "tiny"
    mount.mkdir()
    if (
        not sys.platform.startswith("linux")
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=120k", "tmpfs", str(mount)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here (needs root); tests/engine covers ENOSPC")
    monkeypatch.setenv("MLSTM_RUNS_DIR", str(mount / "runs"))
    yield mount / "runs"
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_is_a_dialog_and_the_app_stays_usable(
    qtbot, tiny_config, full_disk_runs, monkeypatch
):
    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox,
        "critical",
        staticmethod(lambda parent, title, text, *a, **k: seen.append((title, text))),
    )
    win = MainWindow(
        tiny_config.replace(episodes=100_000, checkpoint_interval=3, val_interval=100_000)
    )
    qtbot.addWidget(win)
    win.show()
    win.commands.start.trigger()
    qtbot.waitUntil(lambda: bool(seen) and win.state == "idle" and win.run is None, timeout=TIMEOUT)
    title, text = seen[0]
    assert title == "Training failed" and "No space left on device" in text
    assert "Traceback" not in text
    [run] = list(full_disk_runs.iterdir())
    assert read_checkpoint(run / "checkpoints" / "last.pt")["trainer"]["episode"] >= 3
    assert win.commands.start.isEnabled() and win.commands.new_run.isEnabled()
    win.close()
