"""A seeded "monkey" for the main window: random actions from the toolbar and menus, the
Explore and Try-it controls, dock closing and reopening and window resizes, with every modal
dialog answered at once. It records what a user must never meet: an exception, a dialog
about an internal error, an action that does not return within 2 s.

Used by tests/gui/test_monkey.py (a few seeds) and scripts/gui_monkey.py (many).
"""

from __future__ import annotations

import logging
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from PySide6 import QtCore, QtGui, QtWidgets

INTERNAL = "traceback is in the log"  # how the app words an engine bug (worker.describe_error)


@dataclass
class MonkeyReport:
    actions: int = 0
    slowest_s: float = 0.0
    slowest: str = ""
    dialogs: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)


class _Recorder(logging.Handler):
    def __init__(self, report: MonkeyReport) -> None:
        super().__init__(logging.ERROR)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        if record.exc_info or "Traceback" in record.getMessage():
            self.report.problems.append(f"logged exception: {record.getMessage()[:300]}")


def answer_dialogs(
    patch: Callable[[Any, str, Any], None],
    report: MonkeyReport,
    files: dict[str, list[str]],
    rng: random.Random,
) -> None:
    """Replace every modal dialog by an immediate answer; `patch(obj, name, value)` is
    monkeypatch.setattr in tests (undone after) and setattr in the script."""
    Box = QtWidgets.QMessageBox

    def box(kind: str) -> Callable[..., Any]:
        def show(_parent: Any, title: str, text: str, *args: Any, **kwargs: Any) -> Any:
            report.dialogs.append((title, text))
            if INTERNAL in text:
                report.problems.append(f"internal-error dialog: {title}: {text[:300]}")
            return Box.StandardButton.No if kind == "question" else Box.StandardButton.Ok

        return staticmethod(show)

    for kind in ("critical", "warning", "information", "question", "about"):
        patch(Box, kind, box(kind))
    Dialog = QtWidgets.QFileDialog
    patch(
        Dialog,
        "getOpenFileName",
        staticmethod(lambda *a, **k: (rng.choice(files["checkpoint"]), "")),
    )
    patch(
        Dialog, "getOpenFileNames", staticmethod(lambda *a, **k: (rng.choice(files["images"]), ""))
    )
    patch(Dialog, "getExistingDirectory", staticmethod(lambda *a, **k: rng.choice(files["folder"])))
    patch(Dialog, "getSaveFileName", staticmethod(lambda *a, **k: (rng.choice(files["save"]), "")))
    patch(
        QtWidgets.QInputDialog,
        "getInt",
        staticmethod(lambda *a, **k: (rng.randint(1, 5000), rng.random() < 0.7)),
    )
    patch(QtWidgets.QDialog, "exec", lambda self: QtWidgets.QDialog.DialogCode.Rejected)
    patch(QtWidgets.QMenu, "exec", lambda self, *a, **k: None)


class Monkey:
    """Random but seeded: the same seed gives the same sequence of choices."""

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        seed: int,
        report: MonkeyReport,
        rng: random.Random | None = None,
    ) -> None:
        self.window, self.report = window, report
        self.rng = rng or random.Random(seed)

    # ------------------------------------------------------------------ choices
    def _menu_and_toolbar_actions(self) -> list[QtGui.QAction]:
        """What a user can reach: the menu bar's menus (and submenus) and the toolbars; not
        pyqtgraph's per-plot context menus, which only make sense after a right-click."""
        found: list[QtGui.QAction] = []

        def walk(actions: list[QtGui.QAction]) -> None:
            for act in actions:
                if act.menu() is not None:
                    walk(act.menu().actions())
                elif not act.isSeparator():
                    found.append(act)

        walk(self.window.menuBar().actions())
        for bar in self.window.findChildren(QtWidgets.QToolBar):
            walk(bar.actions())
        return list(dict.fromkeys(found))

    def _visible(self, kind: type) -> list[Any]:
        return [
            w
            for w in self.window.findChildren(kind)
            if w.isVisible() and w.isEnabled() and w.window() is self.window
        ]

    def _choices(self) -> list[tuple[str, Callable[[], None]]]:
        rng = self.rng
        out: list[tuple[str, Callable[[], None]]] = []
        for act in self._menu_and_toolbar_actions():
            # Quit is the end of a session, done once at the end; matched by identity, since
            # the monkey may switch the interface to Chinese (View -> Language).
            if act.isEnabled() and act.text() and act is not self.window.commands.quit:
                out.append((f"action {act.text()}", act.trigger))
        for button in self._visible(QtWidgets.QAbstractButton):
            if isinstance(button, QtWidgets.QAbstractButton) and button.text() != "":
                out.append((f"button {button.text()}", button.click))
        for slider in self._visible(QtWidgets.QAbstractSlider):
            out.append(
                (
                    f"slider {slider.objectName() or type(slider).__name__}",
                    lambda s=slider: s.setValue(rng.randint(s.minimum(), s.maximum())),
                )
            )
        for spin in self._visible(QtWidgets.QSpinBox):
            out.append(
                (
                    "spin box",
                    lambda s=spin: s.setValue(
                        rng.randint(s.minimum(), min(s.maximum(), s.minimum() + 40))
                    ),
                )
            )
        for combo in self._visible(QtWidgets.QComboBox):
            if combo.count():
                out.append(
                    ("combo box", lambda c=combo: c.setCurrentIndex(rng.randrange(c.count())))
                )
        for tabs in self._visible(QtWidgets.QTabWidget) + self._visible(QtWidgets.QTabBar):
            if tabs.count():
                out.append(("tab", lambda t=tabs: t.setCurrentIndex(rng.randrange(t.count()))))
        docks = self.window.findChildren(QtWidgets.QDockWidget)
        for dock in docks:
            out.append((f"toggle dock {dock.windowTitle()}", dock.toggleViewAction().trigger))
        out.append(
            ("resize", lambda: self.window.resize(rng.randint(700, 1920), rng.randint(450, 1100)))
        )
        return out

    # ------------------------------------------------------------------ running
    def pump(self, seconds: float) -> None:
        """Let queued signals, timers and the worker's reports through for `seconds`."""
        app = QtWidgets.QApplication.instance()
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)

    def run(self, actions: int) -> MonkeyReport:
        hook = sys.excepthook

        def record(kind: type, exc: BaseException, tb: Any) -> None:
            import traceback

            where = traceback.extract_tb(tb)[-6:] if tb is not None else []
            trail = " <- ".join(
                f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(where)
            )
            self.report.problems.append(f"exception: {kind.__name__}: {exc} [{trail}]")

        handler = _Recorder(self.report)
        logging.getLogger().addHandler(handler)
        sys.excepthook = record
        try:
            for _ in range(actions):
                name, act = self.rng.choice(self._choices())
                started = time.perf_counter()
                try:
                    act()
                except Exception as exc:  # noqa: BLE001 - what the monkey is looking for
                    self.report.problems.append(f"{name}: {type(exc).__name__}: {exc}")
                took = time.perf_counter() - started
                self.report.actions += 1
                self.report.done.append(name)
                if took > self.report.slowest_s:
                    self.report.slowest_s, self.report.slowest = took, name
                if took > 2.0:
                    self.report.problems.append(f"{name} took {took:.1f} s (limit 2 s)")
                self.pump(0.02)
        finally:
            sys.excepthook = hook
            logging.getLogger().removeHandler(handler)
        return self.report


def monkey_files(root: Path, checkpoint: Path) -> dict[str, list[str]]:
    """What the patched file dialogs answer: real files, broken ones, and Cancel ("")."""
    import numpy as np
    from PIL import Image

    classes = root / "classes"
    rng = np.random.default_rng(0)
    images = []
    for c in range(3):
        folder = classes / f"class{c}"
        folder.mkdir(parents=True, exist_ok=True)
        for k in range(3):
            img = np.full((28, 28), 255, np.uint8)
            img[4 + 6 * c : 10 + 6 * c, 4:24] = 0
            img = np.clip(img + rng.integers(-30, 30, img.shape), 0, 255).astype(np.uint8)
            Image.fromarray(img).save(folder / f"{k}.png")
            images.append(str(folder / f"{k}.png"))
    broken = root / "broken.pt"
    broken.write_bytes(b"not a checkpoint")
    (root / "not-a-run").mkdir(exist_ok=True)
    return {
        "checkpoint": [str(checkpoint), str(broken), ""],
        "images": [images[:4], [str(broken)], []],
        "folder": [str(classes), str(classes / "class0"), str(root / "not-a-run"), ""],
        "save": [str(root / "out.csv"), str(root / "out.pt"), str(root / "out.npz"), ""],
    }
