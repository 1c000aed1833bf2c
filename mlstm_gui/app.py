"""`python main.py [--config FILE]`: open the desktop app, ready to train the demo config."""
from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Optional

from engine.errors import EngineError
from mlstm_gui.settings import APP, ORG


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description=f"{APP}: the desktop app.")
    p.add_argument("--config", help="YAML config to start with (default: configs/demo.yaml)")
    return p


def no_display_reason() -> Optional[str]:
    """Why a window cannot open here (Linux without X11/Wayland), or None. Qt would abort the
    process with a native error; a plain sentence with what to do instead is kinder."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return ("no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the app cannot "
            "open a window here. Run it in a desktop session; on a server use the headless "
            "commands (python main.py train|eval|classify, see README), or "
            "QT_QPA_PLATFORM=offscreen python main.py tour --out DIR for screenshots.")


def main(argv: Optional[list[str]] = None) -> int:
    args, qt_args = _parser().parse_known_args(list(sys.argv[1:] if argv is None else argv))
    reason = no_display_reason()
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from PySide6.QtWidgets import QApplication, QMessageBox

    from engine.config import load_config
    from mlstm_gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    app.setOrganizationName(ORG)
    app.setApplicationName(APP)
    config = None
    if args.config:
        try:
            config = load_config(args.config)
        except EngineError as exc:
            QMessageBox.critical(None, "Cannot open config", str(exc))
    from mlstm_gui.worker import prepare_engine
    prepare_engine()  # ~3 s of imports now rather than GIL-heavy imports during the first run
    window = MainWindow(config)
    window.show()
    return int(app.exec())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
