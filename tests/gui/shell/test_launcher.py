"""One entry point for main.py and the installed command: help, dispatch, the menu entry."""

import subprocess
import sys
from pathlib import Path

from engine.resources import assets_dir
from mlstm_gui.shell import launcher
from mlstm_gui.shell.desktop_entry import desktop_file_text, install_desktop, launch_command

REPO = Path(__file__).resolve().parents[3]


def test_help_names_every_command_without_loading_qt():
    code = (
        "import sys; from mlstm_gui.shell.launcher import main; rc = main(['--help']); "
        "assert 'PySide6.QtCore' not in sys.modules and 'torch' not in sys.modules; "
        "sys.exit(rc)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    for word in ("train", "eval", "classify", "tour", "--install-desktop"):
        assert word in out.stdout


def test_an_unknown_command_is_one_line(capsys):
    assert launcher.main(["trian"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'trian'" in err and len(err.strip().splitlines()) == 1


def test_install_desktop_writes_the_entry_and_icons_under_xdg_data_home(tmp_path):
    written = install_desktop(
        ["/opt/my apps/bin/mlstm-explorer"], env={"XDG_DATA_HOME": str(tmp_path)}
    )
    entry = tmp_path / "applications" / "mlstm-explorer.desktop"
    assert entry in written and entry.is_file()
    text = entry.read_text(encoding="utf-8")
    assert 'Exec="/opt/my apps/bin/mlstm-explorer"' in text
    assert "Icon=mlstm-explorer" in text and text.startswith("[Desktop Entry]\n")
    png = tmp_path / "icons" / "hicolor" / "256x256" / "apps" / "mlstm-explorer.png"
    svg = tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "mlstm-explorer.svg"
    assert png.read_bytes() == (assets_dir() / "icon.png").read_bytes()
    assert svg.read_bytes() == (assets_dir() / "icon.svg").read_bytes()


def test_install_desktop_from_the_command_line_says_where(tmp_path):
    env = {"XDG_DATA_HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, str(REPO / "main.py"), "--install-desktop"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    entry = tmp_path / "applications" / "mlstm-explorer.desktop"
    assert str(entry) in out.stdout
    # from a checkout the entry runs this Python on this main.py
    assert f"Exec={sys.executable} {REPO / 'main.py'}" in entry.read_text(encoding="utf-8")


def test_exec_quoting_follows_the_desktop_entry_spec():
    text = desktop_file_text(['/a b/py"thon', "100%"])
    assert 'Exec="/a b/py\\"thon" 100%%' in text
    assert launch_command("/venv/bin/mlstm-explorer") == [
        str(Path("/venv/bin/mlstm-explorer").resolve())
    ]


def test_the_app_carries_its_icon_and_desktop_name(qapp):
    from mlstm_gui.shell.app import apply_identity

    apply_identity(qapp)
    assert not qapp.windowIcon().isNull()
    assert qapp.desktopFileName() == "mlstm-explorer"
