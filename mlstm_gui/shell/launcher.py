"""The one entry point of `python main.py` and of the installed `mlstm-explorer` command.

    (no arguments) [--config FILE]    open the desktop app
    train | eval | classify ...       headless commands (the same engine, for servers)
    tour --out DIR [--episodes N]     a scripted offscreen tour of the app: screenshots, figures
    --install-desktop                 add the app to the desktop's menu (XDG), with its icon

Only what a command needs is imported: `--help` and the headless commands never load Qt.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

HEADLESS = ("train", "eval", "classify")


def prog_name(argv0: str = sys.argv[0]) -> str:
    """How the user called us, for usage lines: `mlstm-explorer` or `main.py`."""
    name = Path(argv0).name
    return name if name and not name.endswith("-script.py") else "main.py"


def usage(prog: str) -> str:
    body = (__doc__ or "").split("\n\n")[1]
    return f"usage: {prog} [command] ...\n\n{body}\n\n`{prog} COMMAND --help` for each command's options.\n"


def _tolerant_streams() -> None:
    """Under an ASCII or other non-UTF-8 locale, a '±' or a class name in a message must not
    crash a command: characters the terminal cannot show are written as escapes."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Optional[list[str]] = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_streams()
    prog = prog_name()
    if argv and argv[0] in ("-h", "--help"):
        print(usage(prog), end="")
        return 0
    if argv and argv[0] == "--install-desktop":
        from mlstm_gui.shell.desktop_entry import main as install_main

        return install_main()
    if argv and argv[0] == "tour":
        from mlstm_gui.tour.driver import main as tour_main

        return tour_main(argv[1:])
    if argv and argv[0] in HEADLESS:
        from engine.cli import main as cli_main

        return cli_main(argv, prog=prog)
    if argv and argv[0] in ("gui", "app"):
        argv = argv[1:]
    if argv and not argv[0].startswith("-"):
        print(
            f"{prog}: unknown command {argv[0]!r}; choose from {', '.join(HEADLESS)}, tour "
            f"(or none, to open the app). See {prog} --help.",
            file=sys.stderr,
        )
        return 2
    from mlstm_gui.shell.app import main as gui_main

    return gui_main(argv)


def run() -> None:
    """Console-script entry: exit with main()'s status. A torchrun rank ends without C++
    teardown (see engine.training.distributed.end_process)."""
    code = main()
    if "engine.training.distributed" in sys.modules:
        sys.modules["engine.training.distributed"].end_process(code)
    sys.exit(code)


__all__ = ["main", "run", "usage"]
