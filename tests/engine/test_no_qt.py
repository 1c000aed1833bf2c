"""The engine stays importable without Qt (napari-style guard): it must never pull Qt in."""
import pkgutil
import subprocess
import sys
from pathlib import Path

import engine


def test_engine_imports_no_qt():
    mods = [f"engine.{m.name}" for m in pkgutil.iter_modules(engine.__path__)]
    code = ("import sys\n" + "".join(f"import {m}\n" for m in mods) +
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6', 'pyqtgraph', 'shiboken6')]\n"
            "assert not bad, bad\n")
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert len(mods) > 10
