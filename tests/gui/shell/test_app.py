"""`make run` where no window can open says why in a few lines and exits 2, never a Qt abort:
no display, missing system libraries (with the apt and dnf commands), an X server that does
not answer. Wayland is used when xcb cannot load in a Wayland session."""

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlstm_gui.shell import app
from mlstm_gui.shell.platform_check import (
    NO_DISPLAY,
    PACKAGES,
    choose_platform,
    install_advice,
    ldd_missing,
    plugin_dir,
)

REPO = Path(__file__).resolve().parents[3]
UBUNTU_MISSING = ["libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"]


@pytest.fixture
def plugins(tmp_path: Path) -> Path:
    """A platform-plugin folder holding (empty) xcb and wayland plugins."""
    for name in ("libqxcb.so", "libqwayland.so"):
        (tmp_path / name).write_bytes(b"")
    return tmp_path


def finder(missing: dict[str, list[str]]):
    """A library finder that reports `missing` per plugin file name, as ldd would."""
    return lambda library: list(missing.get(library.name, []))


def choose(env, plugins, missing, x_error=None):
    return choose_platform(
        env,
        finder=finder(missing),
        folder=plugins,
        platform="linux",
        x_check=lambda display: x_error,
    )


def test_missing_xcb_libraries_are_named_with_the_commands_that_install_them(plugins):
    choice = choose({"DISPLAY": ":0"}, plugins, {"libqxcb.so": UBUNTU_MISSING})
    assert choice.platform is None
    text = choice.problem
    assert "libxcb-cursor.so.0, libxcb-icccm.so.4, libxcb-keysyms.so.1" in text
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in text
    assert "sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms" in text
    assert "QT_QPA_PLATFORM=offscreen python main.py tour --out DIR" in text
    assert len(text.splitlines()) <= 6


def test_main_prints_the_message_and_exits_2_before_any_qapplication(monkeypatch, capsys, plugins):
    monkeypatch.setattr(
        app,
        "choose_platform",
        functools.partial(
            choose_platform,
            {"DISPLAY": ":0"},
            finder=finder({"libqxcb.so": UBUNTU_MISSING}),
            folder=plugins,
            platform="linux",
        ),
    )
    assert app.main([]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: the app cannot open a window")
    assert "sudo apt install libxcb-cursor0" in err


def test_a_wayland_session_uses_wayland_when_xcb_cannot_load(plugins):
    env = {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
    assert choose(env, plugins, {"libqxcb.so": UBUNTU_MISSING}).platform == "wayland"
    assert choose(env, plugins, {}).platform == "xcb"  # XWayland, when xcb loads
    both = choose(
        env, plugins, {"libqxcb.so": UBUNTU_MISSING, "libqwayland.so": ["libwayland-cursor.so.0"]}
    )
    assert both.platform is None
    assert "libwayland-cursor0" in both.problem and "libxcb-cursor0" in both.problem
    assert choose({"WAYLAND_DISPLAY": "wayland-0"}, plugins, {}).platform == "wayland"


def test_an_x_server_that_does_not_answer_is_a_sentence(plugins):
    choice = choose({"DISPLAY": ":9"}, plugins, {}, x_error="cannot connect to ':9'")
    assert choice.problem == "cannot connect to ':9'"
    assert choose({"DISPLAY": ":0"}, plugins, {}).platform == "xcb"


def test_no_display_and_explicit_platforms(plugins):
    assert choose({}, plugins, {}).problem == NO_DISPLAY
    assert choose({"QT_QPA_PLATFORM": "xcb"}, plugins, {}).problem == NO_DISPLAY
    assert choose({"QT_QPA_PLATFORM": "offscreen"}, plugins, {}).problem is None
    assert (
        choose(
            {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"},
            plugins,
            {"libqxcb.so": ["libxcb-icccm.so.4"]},
        ).problem
        is not None
    )
    assert choose_platform({}, platform="darwin").problem is None  # PySide6 brings all


def test_every_known_library_has_both_install_commands():
    text = install_advice(list(PACKAGES))
    assert all(deb in text and fed in text for deb, fed in PACKAGES.values())
    assert "whichever package provides libfoo.so.1" in install_advice(["libfoo.so.1"])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_ldd_reads_the_real_plugin():
    folder = plugin_dir()
    assert folder is not None and (folder / "libqxcb.so").is_file()
    missing = ldd_missing(folder / "libqxcb.so")
    assert all(".so" in name and " " not in name for name in missing)
    assert ldd_missing(Path(sys.executable).resolve()) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland are Linux's")
def test_make_run_without_a_usable_display_exits_cleanly(tmp_path):
    """The real entry point in a subprocess, pointed at an X display nobody serves: whether
    this machine lacks the xcb libraries or not, the answer is a message and status 2."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=":987", MLSTM_SETTINGS_DIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, str(REPO / "main.py")],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 2, out.stderr[-2000:]
    assert out.stderr.startswith("error: ")
    assert ("sudo apt install" in out.stderr) or (
        "cannot connect to the X display ':987'" in out.stderr
    )
