"""`python main.py [--config FILE]`: open the desktop app, ready to train the demo config."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import TYPE_CHECKING, Optional

from engine.errors import EngineError
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.settings import APP, ORG
from mlstm_gui.shell.platform_check import choose_platform

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description=f"{APP}: the desktop app.")
    p.add_argument("--config", help="YAML config or preset name to start with (default: demo)")
    return p


def apply_identity(app: "QGuiApplication") -> None:
    """Name, settings scope and icon of the app (the window's, and the task bar's: Wayland
    matches the window to mlstm-explorer.desktop by the desktop file name)."""
    from PySide6.QtGui import QIcon

    from engine.resources import assets_dir
    from mlstm_gui.shell.desktop_entry import APP_ID

    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    app.setDesktopFileName(APP_ID)
    icon = assets_dir() / "icon.png"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def main(argv: Optional[list[str]] = None) -> int:
    args, qt_args = _parser().parse_known_args(list(sys.argv[1:] if argv is None else argv))
    choice = choose_platform()
    if choice.problem:
        print(f"error: {choice.problem}", file=sys.stderr)
        return 2
    if choice.platform and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = choice.platform  # e.g. Wayland when xcb cannot load
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from PySide6.QtWidgets import QApplication, QMessageBox

    from engine.cli import config_arg
    from engine.config import load_config
    from mlstm_gui.shell.main_window import MainWindow

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *qt_args])
    apply_identity(app)
    from mlstm_gui.common.i18n import install, stored_language, ui
    from mlstm_gui.common.settings import make_settings

    install(app, stored_language(make_settings()))  # before any widget: built in it
    config = None
    if args.config:
        try:
            config = load_config(config_arg(args.config))
        except EngineError as exc:
            QMessageBox.critical(None, ui("Cannot open config"), engine_text(exc))
    from mlstm_gui.monitor.worker import prepare_engine

    prepare_engine()  # ~3 s of imports now rather than GIL-heavy imports during the first run
    window = MainWindow(config)
    window.show()
    return int(app.exec())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
