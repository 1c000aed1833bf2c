"""Can a window open here? Checked before the QApplication exists, because Qt answers a
platform plugin it cannot load (a stock Ubuntu lacks libxcb-cursor0 and a dozen more) or a
display it cannot reach by aborting the whole process with a core dump.

The check asks the dynamic linker which of the plugin's libraries are missing (`ldd`), and
connects to the X server once through libxcb. It imports no Qt module, so it runs in
milliseconds and names what to install instead of crashing.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping, Optional

#: A plugin's shared library -> the sonames it needs that the dynamic linker cannot find.
LibraryFinder = Callable[[Path], list[str]]

# soname -> (Debian/Ubuntu package, Fedora package)
PACKAGES: dict[str, tuple[str, str]] = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libwayland-client.so.0": ("libwayland-client0", "libwayland-client"),
    "libwayland-cursor.so.0": ("libwayland-cursor0", "libwayland-cursor"),
    "libwayland-egl.so.1": ("libwayland-egl1", "libwayland-egl"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
}

OFFSCREEN_HINT = (
    "Without them the headless commands (train, eval, classify) work, and so "
    "does the scripted tour: QT_QPA_PLATFORM=offscreen python main.py tour "
    "--out DIR"
)


@dataclass(frozen=True)
class PlatformChoice:
    """What to run Qt on: `platform` for QT_QPA_PLATFORM (None: leave Qt's own choice), or
    `problem`, the message to print instead of starting Qt."""

    platform: Optional[str] = None
    problem: Optional[str] = None


def plugin_dir() -> Optional[Path]:
    """Where Qt looks for platform plugins: $QT_QPA_PLATFORM_PLUGIN_PATH, else PySide6's own
    folder (found without importing PySide6)."""
    env = os.environ.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if env:
        return Path(env)
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "Qt" / "plugins" / "platforms"


def ldd_missing(library: Path) -> list[str]:
    """The sonames `library` needs (directly or not) that the dynamic linker cannot find.
    Without `ldd` (not a glibc system) nothing is reported, and Qt decides."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        out = subprocess.run(
            [ldd, str(library)],
            capture_output=True,
            text=True,
            timeout=10,
            env={**os.environ, "LC_ALL": "C"},
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    missing = [line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line]
    return list(dict.fromkeys(missing))


def _plugin_missing(
    name: str, folder: Optional[Path], finder: LibraryFinder
) -> Optional[list[str]]:
    """Missing libraries of platform plugin `name` (xcb, wayland); None if the plugin itself
    is absent."""
    if folder is None:
        return None
    library = folder / f"libq{name}.so"
    if not library.is_file():
        return None
    return finder(library)


def x_server_error(display: str) -> Optional[str]:
    """None when the X server at `display` accepts a connection, else why not. libxcb's own
    connect (a few ms), so a wrong DISPLAY is a sentence, not Qt's abort."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None  # reported as a missing library by the plugin check
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode(), None)
    failed = bool(xcb.xcb_connection_has_error(conn)) if conn else True
    if conn:
        xcb.xcb_disconnect(conn)
    if failed:
        return (
            f"cannot connect to the X display {display!r} (DISPLAY): is the desktop "
            f"session running, and is this user allowed to use it?"
        )
    return None


def install_advice(missing: list[str]) -> str:
    """The commands that install `missing` on Debian/Ubuntu and on Fedora."""
    known = [PACKAGES[s] for s in missing if s in PACKAGES]
    debian = " ".join(dict.fromkeys(d for d, _ in known))
    fedora = " ".join(dict.fromkeys(f for _, f in known))
    lines = []
    if known:
        lines += [
            f"  Debian/Ubuntu:  sudo apt install {debian}",
            f"  Fedora:         sudo dnf install {fedora}",
        ]
    unknown = [s for s in missing if s not in PACKAGES]
    if unknown:
        lines.append(f"  (and whichever package provides {', '.join(unknown)})")
    return "\n".join(lines)


def _missing_message(missing: dict[str, list[str]]) -> str:
    """`missing`: platform plugin -> its missing sonames (one or two plugins were tried)."""
    needs = "; ".join(
        f"Qt's {plugin} platform plugin needs {', '.join(libs)}" for plugin, libs in missing.items()
    )
    every = list(dict.fromkeys(lib for libs in missing.values() for lib in libs))
    return (
        f"the app cannot open a window: system libraries are missing here ({needs}).\n"
        f"Install them with\n{install_advice(every)}\n(README.md, 'System requirements', "
        f"lists them all.)\n{OFFSCREEN_HINT}."
    )


NO_DISPLAY = (
    "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set), so the app "
    "cannot open a window here. Run it in a desktop session; on a server use the "
    "headless commands (train, eval, classify; see README), or "
    "QT_QPA_PLATFORM=offscreen python main.py tour --out DIR for screenshots."
)


def choose_platform(
    env: Mapping[str, str] = os.environ,
    finder: LibraryFinder = ldd_missing,
    folder: Optional[Path] = None,
    platform: str = sys.platform,
    x_check: Callable[[str], Optional[str]] = x_server_error,
) -> PlatformChoice:
    """xcb when it loads and the X server answers (also under XWayland); Wayland when xcb
    cannot load in a Wayland session; otherwise the reason, with what to install. Outside
    Linux PySide6 brings everything it needs, and Qt decides."""
    if not platform.startswith("linux"):
        return PlatformChoice()
    folder = folder if folder is not None else plugin_dir()
    asked = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if asked and asked not in ("xcb", "wayland"):
        return PlatformChoice()  # offscreen, vnc, eglfs, ...: the user's choice, Qt's check
    x_display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if (
        (asked == "xcb" and not x_display)
        or (asked == "wayland" and not wayland)
        or not (asked or x_display or wayland)
    ):
        return PlatformChoice(problem=NO_DISPLAY)
    x_problem, xcb_missing, wayland_missing = None, None, None
    if asked != "wayland" and x_display:
        xcb_missing = _plugin_missing("xcb", folder, finder)
        if xcb_missing == []:
            x_problem = x_check(x_display)
            if x_problem is None:
                return PlatformChoice(platform="xcb")
    if asked != "xcb" and wayland:
        wayland_missing = _plugin_missing("wayland", folder, finder)
        if wayland_missing == []:
            return PlatformChoice(platform="wayland")
    if x_problem:
        return PlatformChoice(problem=x_problem)
    missing = {
        name: libs for name, libs in (("xcb", xcb_missing), ("wayland", wayland_missing)) if libs
    }
    if missing:
        return PlatformChoice(problem=_missing_message(missing))
    return PlatformChoice()  # the plugins are not where we look: let Qt try and say


__all__ = [
    "PlatformChoice",
    "choose_platform",
    "ldd_missing",
    "install_advice",
    "plugin_dir",
    "x_server_error",
    "NO_DISPLAY",
]
