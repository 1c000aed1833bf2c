"""The drawing pad of Try it: draw K examples of each of N new classes, and queries, as the
people who made Omniglot drew its characters.

Each drawing, once added, is rendered by engine/data/strokes.py (Omniglot's pen, size and
place) to a 1-bit PNG in the pad's own work folder; the Try-it cards hold those files like any
others, so "Adapt and classify" and the "what the model sees" preview decode them by the one
path of `main.py classify`. The first K drawings of a class are its support, the rest its
labelled queries (the cards' rule); drawings for "Unlabelled queries" have no class. Undo
takes back strokes, additions, new classes and clears, in order. The set saves as a task
folder (engine/io/task_folders.py) and opens again, strokes and all. (A little over 400 lines:
the pad's controls, undo and file dialogs; the canvas, the Qt-free drawn state and the cards
are modules of their own.)"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional, Union

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from engine.data.strokes import render_strokes
from engine.io.task_folders import STROKES, DrawnSet, TaskFolder, load_drawn_set, save_drawn_set
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.image_tiles import to_pixmap
from mlstm_gui.tryit.drawing_canvas import StrokeCanvas
from mlstm_gui.tryit.drawn_items import (
    DrawingStore,
    Drawn,
    DrawnClass,
    Points,
    Step,
    Target,
    counter_text,
    png_bytes,
)

UNLABELLED = "Unlabelled queries"
# What the model would see of a rendered drawing (uint8 H x W x C), or None without a model.
SeenProvider = Callable[[bytes], Optional[np.ndarray]]


class DrawingPad(QtWidgets.QWidget):
    """`classes` (DrawnClass, in order), `unlabelled` (Drawn), `canvas`; `changed` when the
    drawn set changes (the cards follow it), `drawing_added(path)` after each addition."""

    changed = QtCore.Signal()
    drawing_added = QtCore.Signal(str)
    open_requested = QtCore.Signal(str)  # a folder chosen to open (Try it opens it)

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.classes: list[DrawnClass] = []
        self.unlabelled: list[Drawn] = []
        self.shot = 1
        self.seen_provider: SeenProvider = lambda _png: None
        self._steps: list[Step] = []
        self.store = DrawingStore()

        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        top = QtWidgets.QHBoxLayout()
        top.addWidget(QtWidgets.QLabel("Draw for:"))
        self.target_combo = QtWidgets.QComboBox()
        self.target_combo.setMinimumWidth(140)
        self.target_combo.setToolTip("The class the next drawing belongs to, or unlabelled queries")
        self.target_combo.currentIndexChanged.connect(lambda _: self._target_changed())
        top.addWidget(self.target_combo)
        self.name_edit = QtWidgets.QLineEdit()
        self.name_edit.setPlaceholderText("class name")
        self.name_edit.setToolTip("Rename the class you are drawing")
        self.name_edit.editingFinished.connect(self._rename_from_edit)
        top.addWidget(self.name_edit, 1)
        self.new_button = QtWidgets.QPushButton("New class")
        self.new_button.setToolTip("Start a new class and draw its examples (Ctrl+N in the pad)")
        self.new_button.clicked.connect(lambda: self.new_class())
        top.addWidget(self.new_button)
        new_key = QtGui.QShortcut(QtGui.QKeySequence("Ctrl+N"), self)
        new_key.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_key.activated.connect(lambda: self.new_class())
        lay.addLayout(top)

        middle = QtWidgets.QHBoxLayout()
        self.canvas = StrokeCanvas()
        self.canvas.stroke_finished.connect(self._stroke_done)
        middle.addWidget(self.canvas, 1)
        side = QtWidgets.QVBoxLayout()
        self.live = QtWidgets.QLabel()
        self.live_seen = QtWidgets.QLabel()
        for w, tip in (
            (self.live, "Rendered like Omniglot: 105×105, its pen width, size and centring"),
            (self.live_seen, "What the model sees of it: reduced as the loader reduces Omniglot"),
        ):
            w.setFixedSize(84, 84)
            w.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            w.setStyleSheet("border: 1px solid #c8c8c8;")
            w.setToolTip(tip)
        side.addWidget(QtWidgets.QLabel("As Omniglot:"))
        side.addWidget(self.live)
        side.addWidget(QtWidgets.QLabel("Model sees:"))
        side.addWidget(self.live_seen)
        side.addStretch(1)
        middle.addLayout(side)
        lay.addLayout(middle, 1)

        self.strip = QtWidgets.QListWidget()
        self.strip.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.strip.setFlow(QtWidgets.QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setIconSize(QtCore.QSize(36, 36))
        self.strip.setFixedHeight(56)
        self.strip.setToolTip(
            "The drawings of this class: click one to see what the model sees; right-click "
            "to remove it"
        )
        self.strip.itemClicked.connect(
            lambda it: self.drawing_added.emit(it.data(QtCore.Qt.ItemDataRole.UserRole))
        )
        self.strip.setContextMenuPolicy(QtCore.Qt.ContextMenuPolicy.CustomContextMenu)
        self.strip.customContextMenuRequested.connect(self._strip_menu)
        lay.addWidget(self.strip)

        row = QtWidgets.QHBoxLayout()
        buttons = (
            ("Undo", self.undo, "Take back the last stroke, drawing, new class or clear", "Ctrl+Z"),
            ("Clear", self.clear_canvas, "Wipe the paper (undo brings it back)", "Delete"),
            ("Add drawing", self.commit, "Add the drawing to the class (Enter)", "Return"),
        )
        for text, slot, tip, key in buttons:
            b = QtWidgets.QPushButton(text)
            b.setToolTip(f"{tip} [{key}]")
            b.clicked.connect(slot)
            row.addWidget(b)
            shortcut = QtGui.QShortcut(QtGui.QKeySequence(key), self)
            shortcut.setContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda slot=slot: self._key(slot))
            setattr(self, f"{text.split()[0].lower()}_button", b)
        row.addStretch(1)
        lay.addLayout(row)
        row = QtWidgets.QHBoxLayout()
        self.save_button = QtWidgets.QPushButton("Save drawn set…")
        self.save_button.clicked.connect(self._ask_save)
        self.open_button = QtWidgets.QPushButton("Open drawn set…")
        self.open_button.clicked.connect(self._ask_open)
        self.save_button.setToolTip(
            "A task folder: support/<class>/, query/<class>/, unlabelled/ PNGs (what "
            "main.py classify reads) and strokes.json (to open it here again)"
        )
        self.open_button.setToolTip("A drawn set saved here, or any saved task folder")
        row.addWidget(self.save_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.counter = QtWidgets.QLabel()
        self.counter.setWordWrap(True)
        lay.addWidget(self.counter)
        self.message = QtWidgets.QLabel()
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        self.new_class()
        self._steps.clear()  # the first class is the pad's start, not something to undo

    def _key(self, slot: Callable[[], object]) -> None:
        """A pad shortcut, unless the class name is being edited (its keys are the edit's)."""
        if not self.name_edit.hasFocus():
            slot()

    # ------------------------------------------------------------------ targets
    def target(self) -> Target:
        return self.target_combo.currentData()

    def set_target(self, target: Target) -> None:
        i = self.target_combo.findData(target) if target is not None else self._unlabelled_index()
        self.target_combo.setCurrentIndex(max(0, i))

    def _unlabelled_index(self) -> int:
        return self.target_combo.count() - 1

    def _refill_combo(self, keep: Target) -> None:
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        for c in self.classes:
            self.target_combo.addItem(c.name, c)
        self.target_combo.addItem(UNLABELLED, None)
        self.target_combo.blockSignals(False)
        self.set_target(keep)
        self._target_changed()

    def _target_changed(self) -> None:
        t = self.target()
        self.name_edit.setEnabled(t is not None)
        self.name_edit.setText(t.name if t is not None else "")
        self.strip.clear()
        for d in t.drawings if t is not None else self.unlabelled:
            item = QtWidgets.QListWidgetItem(QtGui.QIcon(to_pixmap(d.thumb, 36)), "")
            item.setData(QtCore.Qt.ItemDataRole.UserRole, d.path)
            self.strip.addItem(item)
        self._update_counter()

    def _unique(self, name: str, but: Target = None) -> str:
        taken = {c.name for c in self.classes if c is not but}
        out, n = name, 2
        while out in taken:
            out, n = f"{name} ({n})", n + 1
        return out

    def new_class(self, name: Optional[str] = None) -> DrawnClass:
        """A new, empty class, now the target."""
        cls = DrawnClass(self._unique(name or f"Class {len(self.classes) + 1}"))
        self.classes.append(cls)
        self._steps.append(Step("new", cls))
        self._refill_combo(cls)
        self.changed.emit()
        return cls

    def rename(self, cls: DrawnClass, name: str) -> None:
        """A class's new name (from the pad or its card); kept unique among drawn classes."""
        name = name.strip()
        if name and name != cls.name and cls in self.classes:
            cls.name = self._unique(name, but=cls)
            self._refill_combo(self.target())
            self.changed.emit()

    def _rename_from_edit(self) -> None:
        t = self.target()
        if t is not None:
            self.rename(t, self.name_edit.text())

    def remove_class(self, cls: DrawnClass) -> None:
        """Forget a class (its card was removed)."""
        if cls in self.classes:
            self.classes.remove(cls)
            self._steps = [s for s in self._steps if s.target is not cls]
            self._refill_combo(self.target() if self.target() is not cls else None)
            self.changed.emit()

    def remove_drawing(self, path: str) -> bool:
        """Take one drawing out of the current target (undo puts it back)."""
        t = self.target()
        owner = self.unlabelled if t is None else t.drawings
        index = next((i for i, d in enumerate(owner) if d.path == path), None)
        if index is None:
            return False
        self._steps.append(Step("remove", t, owner.pop(index), index=index))
        self._refill_combo(t)
        self.changed.emit()
        return True

    def _strip_menu(self, pos: QtCore.QPoint) -> None:
        item = self.strip.itemAt(pos)
        if item is None:
            return
        menu = QtWidgets.QMenu(self)
        menu.addAction("Remove this drawing").triggered.connect(
            lambda: self.remove_drawing(item.data(QtCore.Qt.ItemDataRole.UserRole))
        )
        menu.exec(self.strip.mapToGlobal(pos))

    # ------------------------------------------------------------------ drawing
    def _stroke_done(self) -> None:
        self._steps.append(Step("stroke"))
        self._show_live()

    def _show_live(self) -> None:
        """The paper as Omniglot would hold it, and as the model would see it."""
        if not self.canvas.strokes:
            self.live.clear()
            self.live_seen.clear()
            return
        img = render_strokes(self.canvas.strokes)
        self.live.setPixmap(to_pixmap(np.asarray(img.convert("L")), 80))
        seen = self.seen_provider(png_bytes(img))
        if seen is None:
            self.live_seen.setText(ui("no model"))
        else:
            self.live_seen.setPixmap(to_pixmap(seen, 80))

    def commit(self) -> Optional[Drawn]:
        """Add the paper's drawing to the target (rendered to a PNG); None, with a message,
        when the paper is empty."""
        if not self.canvas.strokes:
            self.say(ui("Draw a character first, then add it."), "#d1495b")
            return None
        t = self.target()
        drawn = self._render([list(s) for s in self.canvas.strokes])
        (t.drawings if t is not None else self.unlabelled).append(drawn)
        self._steps.append(Step("add", t, drawn))
        self.canvas.set_strokes([])
        self._show_live()
        self._target_changed()
        self.say("", "#555555")
        self.changed.emit()
        self.drawing_added.emit(drawn.path)
        return drawn

    def _render(self, strokes: list[Points]) -> Drawn:
        return self.store.render(strokes)

    def clear_canvas(self) -> None:
        if self.canvas.strokes:
            self._steps.append(Step("clear", strokes=tuple(list(s) for s in self.canvas.strokes)))
            self.canvas.set_strokes([])
            self._show_live()

    def undo(self) -> bool:
        """Take back the last step: a stroke, an added drawing (back onto the paper), a new
        class (while it has no drawings) or a clear. False when there is nothing to undo."""
        while self._steps:
            step = self._steps.pop()
            if self._undo(step):
                return True
        self.say(ui("Nothing to undo."), "#555555")
        return False

    def _undo(self, step: Step) -> bool:
        """Undo one step; False when it no longer applies (skipped, like a class since
        removed)."""
        t, known = step.target, step.target is None or step.target in self.classes
        if step.what == "stroke" and self.canvas.undo():
            self._show_live()
            return True
        if step.what == "clear" and not self.canvas.strokes:
            self.canvas.set_strokes(list(step.strokes))
            self._show_live()
            return True
        owner = self.unlabelled if t is None else t.drawings
        if step.what == "add" and known and step.drawn in owner:
            owner.remove(step.drawn)
            self.canvas.set_strokes(step.drawn.strokes)
            self._refill_combo(t)
            self._show_live()
            self.changed.emit()
            return True
        if step.what == "remove" and known and step.drawn is not None:
            owner.insert(step.index, step.drawn)
            self._refill_combo(t)
            self.changed.emit()
            return True
        if step.what == "new" and t is not None and known and not t.drawings:
            self.classes.remove(t)
            self._refill_combo(self.classes[-1] if self.classes else None)
            self.changed.emit()
            return True
        return False

    # ------------------------------------------------------------------ counts and text
    def set_shot(self, shot: int) -> None:
        self.shot = max(1, int(shot))
        self._update_counter()

    def _update_counter(self) -> None:
        self.counter.setText(counter_text(self.classes, self.unlabelled, self.target(), self.shot))

    def say(self, text: str, color: str) -> None:
        self.message.setText(f"<span style='color:{color}'>{text}</span>" if text else "")

    # ------------------------------------------------------------------ saving and opening
    def drawn_set(self) -> DrawnSet:
        return DrawnSet(
            [(c.name, [d.strokes for d in c.drawings]) for c in self.classes],
            [d.strokes for d in self.unlabelled],
        )

    def save(self, root: Union[str, Path]) -> TaskFolder:
        """Save the drawn set as a task folder (DataError, named, when it cannot be)."""
        task = save_drawn_set(self.drawn_set(), root, self.shot)
        n = len(task.classes)
        saved = ui("Saved {n} class to {root}.") if n == 1 else ui("Saved {n} classes to {root}.")
        self.say(saved.format(n=n, root=task.root), "#2a9d3f")
        return task

    def open(self, root: Union[str, Path]) -> int:
        """Replace the pad's set with a saved one (re-rendered from its strokes); returns
        its K."""
        drawn, shot = load_drawn_set(root)
        self.classes = [
            DrawnClass(name, [self._render(d) for d in drawings])
            for name, drawings in drawn.classes
        ]
        self.unlabelled = [self._render(d) for d in drawn.unlabelled]
        self._steps.clear()
        self.canvas.set_strokes([])
        self._show_live()
        self.shot = shot
        self._refill_combo(self.classes[0] if self.classes else None)
        n = len(self.classes)
        opened = (
            ui("Opened {n} drawn class from {root}.")
            if n == 1
            else ui("Opened {n} drawn classes from {root}.")
        )
        self.say(opened.format(n=n, root=root), "#2a9d3f")
        self.changed.emit()
        return shot

    def _ask_save(self) -> None:
        from engine.errors import DataError

        path = QtWidgets.QFileDialog.getExistingDirectory(
            self, ui("Save the drawn set in (empty) folder")
        )
        if path:
            try:
                self.save(path)
            except DataError as exc:
                self.say(engine_text(exc), "#d1495b")

    def _ask_open(self) -> None:
        path = QtWidgets.QFileDialog.getExistingDirectory(self, ui("Open a saved drawn set"))
        n = sum(len(c.drawings) for c in self.classes) + len(self.unlabelled)
        Box = QtWidgets.QMessageBox
        if path and n and (Path(path) / STROKES).is_file():
            answer = Box.question(
                self, "Open drawn set", f"Replace the {n} drawing(s) on the pad with {path}?"
            )
            if answer != Box.StandardButton.Yes:
                return
        if path:
            self.open_requested.emit(path)
