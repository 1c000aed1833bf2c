"""Persistent app settings (window layout, last-used folders) and the runs folder.

One place for the organisation/application names so tests and the tour can redirect every
QSettings to a temporary folder (`MLSTM_SETTINGS_DIR`) and never touch the user's settings."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORG = "mlstm-explorer"
APP = "Meta-LSTM Explorer"
SETTINGS_ENV = "MLSTM_SETTINGS_DIR"
RUNS_ENV = "MLSTM_RUNS_DIR"


def make_settings() -> QSettings:
    """INI settings under the user's config folder, or under $MLSTM_SETTINGS_DIR if set."""
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return QSettings(str(Path(override) / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORG, APP)


def runs_root() -> Path:
    """Where GUI runs go: $MLSTM_RUNS_DIR, else <user data>/mlstm-explorer/runs."""
    override = os.environ.get(RUNS_ENV)
    if override:
        return Path(override)
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base or Path.home() / ".local" / "share") / "mlstm-explorer" / "runs"


class Folders:
    """Last-used folders per purpose (configs, checkpoints, exports), remembered between
    launches so every file dialog opens where the user was last time."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def get(self, key: str) -> str:
        value = self.settings.value(f"folders/{key}", "")
        if value and Path(str(value)).is_dir():
            return str(value)
        return str(Path.home())

    def remember(self, key: str, path: str | Path) -> None:
        p = Path(path)
        folder = p if p.is_dir() else p.parent
        self.settings.setValue(f"folders/{key}", str(folder))
