"""`mlstm-explorer --install-desktop`: put the app in the desktop's menu (freedesktop.org).

Writes a .desktop file and the icon into the user's XDG data folder; no root, no system
folder touched. The entry starts the very command that wrote it (the wheel's script, or the
checkout's Python with main.py), so it keeps working whichever way the app was installed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Mapping, Optional, Sequence

from engine.resources import assets_dir

APP_ID = "mlstm-explorer"


def data_home(env: Mapping[str, str] = os.environ) -> Path:
    """$XDG_DATA_HOME, else ~/.local/share (the XDG Base Directory default)."""
    value = env.get("XDG_DATA_HOME", "")
    return Path(value) if os.path.isabs(value) else Path.home() / ".local" / "share"


def launch_command(argv0: str = sys.argv[0]) -> list[str]:
    """The command that opens the app the way it was started now."""
    script = Path(argv0).resolve()
    if script.suffix == ".py":  # python main.py, from a checkout
        return [sys.executable, str(script)]
    return [str(script)]


def _quote(arg: str) -> str:
    """An Exec= argument, quoted as the Desktop Entry Specification asks."""
    if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
        return arg
    escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def desktop_file_text(command: Sequence[str]) -> str:
    exec_line = " ".join(_quote(a) for a in command).replace("%", "%%")
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Meta-LSTM Explorer",
            "GenericName=Learned optimizer explorer",
            "Comment=Train, watch and probe the Meta-Learner LSTM for few-shot learning",
            f"Exec={exec_line}",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Science;ArtificialIntelligence;",
            "Keywords=meta-learning;few-shot;LSTM;optimizer;PyTorch;",
            "StartupWMClass=Meta-LSTM Explorer",  # Qt's WM_CLASS class: the application name
            "",
        ]
    )


def install_desktop(
    command: Optional[Sequence[str]] = None, env: Mapping[str, str] = os.environ
) -> list[Path]:
    """Write the menu entry and the icons; returns the files written."""
    root = data_home(env)
    targets = {
        root / "applications" / f"{APP_ID}.desktop": None,
        root / "icons" / "hicolor" / "256x256" / "apps" / f"{APP_ID}.png": "icon.png",
        root / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg": "icon.svg",
    }
    text = desktop_file_text(command or launch_command())
    for path, asset in targets.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if asset is None:
            path.write_text(text, encoding="utf-8")
            path.chmod(0o755)  # some desktops only trust executable entries
        else:
            shutil.copyfile(assets_dir() / asset, path)
    return list(targets)


def main() -> int:
    try:
        written = install_desktop()
    except OSError as exc:
        print(f"error: cannot write the desktop entry: {exc}", file=sys.stderr)
        return 2
    print("installed the menu entry (it may take a moment, or a new login, to show):")
    for path in written:
        print(f"  {path}")
    return 0


__all__ = ["install_desktop", "desktop_file_text", "launch_command", "data_home", "APP_ID"]
