"""Shared set-up of the GUI benches: an offscreen app whose runs and settings stay private."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def offscreen_app(name: str):
    """A QApplication (offscreen unless told otherwise) writing runs and QSettings into a fresh
    scratch folder, so a bench never touches the user's own."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="mlstm-bench-"))
    os.environ["MLSTM_RUNS_DIR"] = str(scratch / "runs")
    os.environ["MLSTM_SETTINGS_DIR"] = str(scratch / "settings")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([name])
