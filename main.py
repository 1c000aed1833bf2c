"""Meta-LSTM Explorer entry point.

    python main.py                      open the desktop app
    python main.py train|eval|classify  headless commands (see `python main.py -h`)
    python main.py tour --out DIR       scripted offscreen tour of the app (screenshots, figures)
"""
from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "tour":
        from mlstm_gui.tour import main as tour_main
        return tour_main(argv[1:])
    if not argv or argv[0] in ("gui", "app"):
        from mlstm_gui.app import main as gui_main
        return gui_main(argv[1:])
    from engine.cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    exit_code = main()
    if "engine.distributed" in sys.modules:  # a torchrun rank ends without C++ teardown
        sys.modules["engine.distributed"].end_process(exit_code)
    sys.exit(exit_code)
