"""Import contracts (napari-style guards): the engine never pulls Qt in, and its layers only
import downwards: data <- model <- training, io, inference."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import engine


def test_engine_imports_no_qt():
    mods = [m.name for m in pkgutil.walk_packages(engine.__path__, "engine.")]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in mods)
        + "qt = ('PySide6', 'PyQt5', 'PyQt6', 'pyqtgraph', 'shiboken6')\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in qt]\n"
        "assert not bad, bad\n"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert len(mods) > 10


def _imports_of(package: str) -> dict[str, set[str]]:
    """Every module a package's files import (absolute names), by file, read from the source:
    lazy imports inside functions count too."""
    import ast

    root = Path(__file__).resolve().parents[2] / package.replace(".", "/")
    found: dict[str, set[str]] = {}
    for path in root.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[str(path.relative_to(root))] = names
    return found


def _breaches(package: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{file}: {name}"
        for file, names in _imports_of(package).items()
        for name in names
        if name.startswith(forbidden)
    )


def test_the_model_knows_nothing_of_training_files_or_inference():
    """The learner and meta-learner are the core: what trains them, what writes them and what
    uses them may import the model, never the other way round."""
    assert (
        _breaches(
            "engine.model", ("engine.training", "engine.io", "engine.inference", "engine.cli")
        )
        == []
    )


def test_the_data_layer_knows_nothing_above_it():
    assert (
        _breaches(
            "engine.data",
            ("engine.model", "engine.training", "engine.io", "engine.inference", "engine.cli"),
        )
        == []
    )


def test_the_contracts_can_fail():
    assert _breaches("engine.training", ("engine.model",))  # training does use the model
