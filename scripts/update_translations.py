"""`make translations`: collect the app's user-visible strings into assets/i18n/mlstm_zh_CN.ts
(keeping every translation already there) and compile it to mlstm_zh_CN.qm.

The strings come from three places:
- `pyside6-lupdate` over mlstm_gui/ (self.tr, QCoreApplication.translate, QT_TRANSLATE_NOOP);
- the same calls found by reading the source's syntax tree, plus the one-argument helpers that
  wrap `translate("Context", text)` (`ui` in common/i18n.py, `_tr` in the How-it-works
  modules) and the titles passed to `window.message(kind, title, text)`, which lupdate
  cannot see;
- the relabeler (common/relabel.py) on an offscreen main window, its Explore dock and the
  New-run dialog: the texts set once in English where widgets are built;
- the engine's raised messages, as templates (context "Engine", common/engine_text.py);
- pyqtgraph's Export dialog, which translates itself in contexts "Form" and "Exporter".

A new string arrives `unfinished` (shown in English until translated); a string that is no
longer used is dropped. `--check` exits 1 if any string is unfinished. Run from the repository
root: `.venv/bin/python scripts/update_translations.py`."""

from __future__ import annotations

import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
Key = tuple[str, str]  # (context, source)


def _const(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Module-level `def f(text): return ...translate("Ctx", text)...` -> {f: Ctx}."""
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and len(node.args.args) == 1:
            for call in ast.walk(node):
                if isinstance(call, ast.Call) and _name(call.func) == "translate":
                    ctx = _const(call.args[0]) if call.args else None
                    if ctx is not None:
                        found[node.name] = ctx
    return found


def scan_sources(files: list[Path]) -> list[Key]:
    """Every literal handed to a translation call, in source order."""
    trees = {f: ast.parse(f.read_text(encoding="utf-8"), str(f)) for f in files}
    shared = {"ui": "App"}  # common/i18n.py's, imported everywhere
    keys: list[Key] = []
    for tree in trees.values():
        aliases = {**shared, **_aliases(tree)}
        classes: list[tuple[int, int, str]] = [
            (n.lineno, n.end_lineno or n.lineno, n.name)
            for n in ast.walk(tree)
            if isinstance(n, ast.ClassDef)
        ]

        def enclosing(line: int, classes: list[tuple[int, int, str]] = classes) -> str:
            inside = [c for c in classes if c[0] <= line <= c[1]]
            return max(inside)[2] if inside else ""

        for call in ast.walk(tree):
            if not isinstance(call, ast.Call):
                continue
            name, args = _name(call.func), call.args
            first = _const(args[0]) if args else None
            second = _const(args[1]) if len(args) > 1 else None
            if name in ("translate", "_translate", "QT_TRANSLATE_NOOP") and first and second:
                keys.append((first, second))
            elif name == "tr" and isinstance(call.func, ast.Attribute) and first:
                keys.append((enclosing(call.lineno), first))
            elif name in aliases and first and isinstance(call.func, ast.Name):
                keys.append((aliases[name], first))
            elif name == "message" and first in ("error", "warning") and second:
                keys.append(("App", second))
    return keys


def pyqtgraph_keys() -> list[Key]:
    """The texts pyqtgraph's Export dialog translates itself: its form ("Form"), and the
    exporters' names and option titles ("Exporter"), read from the installed pyqtgraph."""
    import pyqtgraph

    base = Path(pyqtgraph.__file__).parent
    files = [*sorted((base / "GraphicsScene").glob("exportDialog*.py"))]
    files += sorted((base / "exporters").glob("*.py"))
    keys = scan_sources(files)
    for f in files:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"), str(f))):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if (
                        isinstance(stmt, ast.Assign)
                        and [_name(t) for t in stmt.targets] == ["Name"]
                        and _const(stmt.value)
                    ):
                        keys.append(("Exporter", str(_const(stmt.value))))
    return keys


def lupdate_keys(files: list[Path]) -> list[Key]:
    """What pyside6-lupdate finds (its Python parser; a cross-check of scan_sources)."""
    tool = BIN / "pyside6-lupdate"
    if not tool.exists():
        return []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "lupdate.ts"
        subprocess.run(
            [str(tool), *map(str, files), "-ts", str(out)], check=True, capture_output=True
        )
        root = ET.parse(out).getroot()
    return [
        (c.findtext("name") or "", m.findtext("source") or "")
        for c in root.iter("context")
        for m in c.iter("message")
        if c.findtext("name")
    ]


def relabeled_keys() -> list[Key]:
    """The English texts the relabeler meets in an offscreen window (as built, in English)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="mlstm-i18n-"))
    os.environ["MLSTM_SETTINGS_DIR"] = str(scratch / "settings")
    os.environ["MLSTM_RUNS_DIR"] = str(scratch / "runs")
    from PySide6.QtWidgets import QApplication

    from mlstm_gui.common.relabel import collecting, relabel
    from mlstm_gui.shell.main_window import MainWindow
    from mlstm_gui.shell.run_form import RunForm

    app = QApplication.instance() or QApplication(["update-translations"])
    with collecting() as seen:
        window = MainWindow()
        window.show()
        app.processEvents()
        relabel(window)
        form = RunForm(window.config, None, window)
        relabel(form)
        form.deleteLater()
        window.close()
        app.processEvents()
    return sorted(seen)


# What the relabeler meets but is no sentence to translate: texts composed at run time from
# translated pieces or holding the data's own names and numbers.
COMPOSED = re.compile(
    r"^<p>|^<span|^<b>\d|^<b>The idea</b>|^<b>[\w-]+</b> against|^Opening .* and its data…$"
    r"|^\(current: |^\d+ images?$|^episode \d+$|^Class \d+$|\(\)$|\(episode \d+\)$|^Cannot classify yet"
)


def _message_parts(node: ast.AST) -> list[str | None] | None:
    """A raised message as literal pieces and None for each interpolated value."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value if isinstance(v, ast.Constant) else None for v in node.values]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _message_parts(node.left), _message_parts(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _builds_own_message(node: ast.AST) -> bool:
    """`super().__init__(f"…")`, as in errors.py's NonFiniteLossError."""
    return (
        isinstance(node, ast.Call)
        and _name(node.func) == "__init__"
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Call)
        and _name(node.func.value.func) == "super"
        and bool(node.args)
    )


def engine_templates(files: list[Path]) -> list[Key]:
    """Every `raise …Error(f"…")` message of the engine as a template, values as {0}, {1}, …
    (mlstm_gui/common/engine_text.py matches messages against them)."""
    from mlstm_gui.common.engine_text import CONTEXT

    found: list[Key] = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc
                if not (call.args and _name(call.func).endswith("Error")):
                    continue
            elif _builds_own_message(node):  # an error class composing its message itself
                assert isinstance(node, ast.Call)
                call = node
            else:
                continue
            # the message, and the phrases passed beside it (NonFiniteLossError's `what`)
            for arg in call.args if isinstance(node, ast.Raise) else call.args[:1]:
                parts = _message_parts(arg)
                if parts is None:
                    continue
                text, n = "", 0
                for part in parts:
                    if part is None:
                        text, n = text + "{%d}" % n, n + 1
                    else:
                        text += str(part).replace("{", "{{").replace("}", "}}")
                if re.search(r"[A-Za-z]{2}", re.sub(r"\{\d+\}", "", text)):
                    found.append((CONTEXT, text))
    return found


def engine_names() -> set[str]:
    """Presets, datasets, layers and devices: names, shown as they are."""
    from engine.config import DATASETS, list_presets
    from engine.model.learner import LAYERS

    return {*DATASETS, *LAYERS, *(p.stem for p in list_presets()), "cpu", "cuda"}


def keep(key: Key, names: set[str]) -> bool:
    return bool(key[1].strip()) and key[1] not in names and not COMPOSED.search(key[1])


def write_ts(path: Path, keys: list[Key], old: dict[Key, str]) -> tuple[int, int]:
    """The .ts for `keys`, translations from `old` (by context and source, else the same
    source's translation elsewhere). Returns (finished, unfinished)."""
    by_source = {src: text for (_, src), text in old.items()}
    root = ET.Element("TS", version="2.1", language="zh_CN", sourcelanguage="en")
    contexts: dict[str, ET.Element] = {}
    finished = unfinished = 0
    for ctx, src in keys:
        if ctx not in contexts:
            contexts[ctx] = el = ET.SubElement(root, "context")
            ET.SubElement(el, "name").text = ctx
        msg = ET.SubElement(contexts[ctx], "message")
        ET.SubElement(msg, "source").text = src
        text = old.get((ctx, src)) or by_source.get(src, "")
        tr = ET.SubElement(msg, "translation")
        if text:
            tr.text = text
            finished += 1
        else:
            tr.set("type", "unfinished")
            unfinished += 1
    ET.indent(root, "    ")
    body = ET.tostring(root, encoding="unicode")
    path.write_text(
        f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', encoding="utf-8"
    )
    return finished, unfinished


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("--check", action="store_true", help="exit 1 if a string is unfinished")
    p.add_argument(
        "--add",
        metavar="JSON",
        help="translations to merge in, {source: translation} (every context with that source)",
    )
    args = p.parse_args(argv)
    from mlstm_gui.common.i18n import qm_path, read_ts, ts_path

    files = sorted((ROOT / "mlstm_gui").rglob("*.py"))
    ordered: dict[Key, None] = {}
    for key in [*scan_sources(files), *lupdate_keys(files), *pyqtgraph_keys()]:
        ordered.setdefault(key, None)
    names = engine_names()
    for key in relabeled_keys():
        if keep(key, names):
            ordered.setdefault(key, None)
    for key in engine_templates(sorted((ROOT / "engine").rglob("*.py"))):
        ordered.setdefault(key, None)
    ts, qm = ts_path(), qm_path()
    ts.parent.mkdir(parents=True, exist_ok=True)
    old = read_ts(ts)[0]
    if args.add:
        added = json.loads(Path(args.add).read_text(encoding="utf-8"))
        old.update({key: added[key[1]] for key in ordered if added.get(key[1])})
    finished, unfinished = write_ts(ts, list(ordered), old)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True
    )
    print(f"{ts.relative_to(ROOT)}: {finished} translated, {unfinished} unfinished -> {qm.name}")
    return 1 if args.check and unfinished else 0


if __name__ == "__main__":
    sys.exit(main())
