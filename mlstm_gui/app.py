"""`python main.py [--config FILE]`: open the desktop app, ready to train the demo config."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import Optional

from engine.errors import EngineError
from mlstm_gui.settings import APP, ORG


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py", description=f"{APP}: the desktop app.")
    p.add_argument("--config", help="YAML config to start with (default: configs/demo.yaml)")
    return p


def main(argv: Optional[list[str]] = None) -> int:
    args, qt_args = _parser().parse_known_args(list(sys.argv[1:] if argv is None else argv))
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
