"""Try it's cards from what the app itself can offer: the drawing pad's classes (kept in step
with the pad), a saved task folder, and example characters from the embedded Omniglot's
evaluation alphabets ("Load examples"), so the panel is never empty for want of the user's own
images. Every image is a file the cards hold like any other, so classifying takes the one
path of `main.py classify`."""

from __future__ import annotations

import html
import shutil
import tempfile
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Union

import numpy as np
from PySide6 import QtCore, QtWidgets

from engine.data.examples import sample_examples
from engine.data.images import load_image
from engine.errors import DataError
from engine.io.task_folders import STROKES, read_task, write_examples
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.tryit.cards import ClassCard
from mlstm_gui.tryit.drawing_pad import DrawingPad, DrawnClass

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.tryit.panel import TryItPanel


def refill(card: ClassCard, files: list[str], thumbs: list[np.ndarray]) -> None:
    """Make a card hold exactly these images, in this order (the first K are support)."""
    if card.files == files:
        return
    card.files.clear()
    card.thumbs.clear()
    card.strip.clear()
    card.add(files, thumbs)


class ExamplesBar(QtWidgets.QWidget):
    """'Load examples' with its N, queries per class and seed; `requested(n, queries, seed)`."""

    requested = QtCore.Signal(int, int, int)

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        col = QtWidgets.QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        row = QtWidgets.QHBoxLayout()
        col.addLayout(row)
        self.note = QtWidgets.QLabel(
            "No images of your own? Load examples, or draw characters in the Draw tab."
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555555;")
        col.addWidget(self.note)
        self.button = QtWidgets.QPushButton("Load examples")
        self.button.setToolTip(
            "N characters at random from Omniglot's evaluation alphabets (never seen in "
            "training), K support images and labelled queries each; from the data the app "
            "ships. Replaces the classes loaded from files; drawn classes stay."
        )
        self.button.clicked.connect(self._press)
        row.addWidget(self.button)
        self.way, self.queries, self.seed = (
            QtWidgets.QSpinBox(),
            QtWidgets.QSpinBox(),
            QtWidgets.QSpinBox(),
        )
        for label, spin, lo, hi, value, tip in (
            ("N", self.way, 2, 20, 5, "How many characters (classes)"),
            ("queries", self.queries, 0, 19, 5, "Labelled queries per class (K + queries ≤ 20)"),
            (
                "seed",
                self.seed,
                0,
                999_999,
                0,
                "The random draw (the next press takes the next seed)",
            ),
        ):
            spin.setRange(lo, hi)
            spin.setValue(value)
            spin.setToolTip(tip)
            row.addWidget(QtWidgets.QLabel(label))
            row.addWidget(spin)
        row.addStretch(1)

    def _press(self) -> None:
        seed = self.seed.value()
        self.requested.emit(self.way.value(), self.queries.value(), seed)
        self.seed.setValue(seed + 1 if seed < self.seed.maximum() else 0)


def add_drawing_tabs(
    outer: QtWidgets.QBoxLayout, left: QtWidgets.QWidget, column: QtWidgets.QVBoxLayout
) -> tuple[DrawingPad, ExamplesBar, QtWidgets.QTabWidget]:
    """Try it's left column (`left` in `outer`, its layout `column`) becomes the tab "Classes"
    beside a "Draw" tab with the pad; the examples bar goes under its buttons."""
    pad, bar, tabs = DrawingPad(), ExamplesBar(), QtWidgets.QTabWidget()
    column.insertWidget(1, bar)
    index = outer.indexOf(left)
    stretch = outer.stretch(index)
    outer.removeWidget(left)
    tabs.addTab(left, "Classes")
    tabs.addTab(pad, "Draw")
    tabs.setTabToolTip(1, "Draw your own characters: K examples of each new class, and queries")
    outer.insertWidget(index, tabs, stretch)
    return pad, bar, tabs


class TaskCards(QtCore.QObject):
    """Keeps the drawn classes' cards in step with the pad, opens saved task folders, and
    loads examples. `drawn` maps each drawn class (with drawings) to its card."""

    def __init__(self, panel: "TryItPanel", pad: DrawingPad, bar: ExamplesBar) -> None:
        super().__init__(panel)
        self.panel, self.pad, self.bar = panel, pad, bar
        bar.requested.connect(self.load_examples)
        self.drawn: dict[DrawnClass, ClassCard] = {}
        self.drawn_unlabelled: list[str] = []
        self.examples_loaded = 0
        self.scratch = Path(tempfile.mkdtemp(prefix="mlstm-examples-"))
        weakref.finalize(self, shutil.rmtree, str(self.scratch), True)
        pad.changed.connect(self.sync)
        pad.drawing_added.connect(panel.preview)
        pad.open_requested.connect(self.open)
        pad.seen_provider = self.seen
        panel.shot.valueChanged.connect(pad.set_shot)
        pad.set_shot(panel.shot.value())
        hint = panel.board.hint
        hint.setTextFormat(QtCore.Qt.TextFormat.RichText)
        hint.setText(
            f"{html.escape(hint.text())}<br><br>No images of your own? "
            "<a href='examples'>Load examples</a> (Omniglot characters no model has seen in "
            "training) or <a href='draw'>draw your own characters</a>."
        )
        hint.linkActivated.connect(self._hint_link)

    def _hint_link(self, link: str) -> None:
        if link == "examples":
            self.bar.button.click()
            return
        tabs = self.pad.parentWidget()
        while tabs is not None and not isinstance(tabs, QtWidgets.QTabWidget):
            tabs = tabs.parentWidget()
        if tabs is not None:
            tabs.setCurrentWidget(self.pad)

    # ------------------------------------------------------------------ the pad
    def seen(self, png: bytes) -> Optional[np.ndarray]:
        """What the current model sees of a rendered drawing (decoded like every file)."""
        snap, _why = self.panel.model_provider()
        if snap is None:
            return None
        p = snap.preprocessing
        try:
            return load_image(png, p.size, p.channels, p.invert, name="the drawing")
        except DataError:
            return None

    def sync(self) -> None:
        """The cards follow the pad: a card per drawn class with drawings (support first, by
        the cards' rule), and the drawn unlabelled queries on the unlabelled card."""
        panel, pad = self.panel, self.pad
        for cls in [c for c in self.drawn if c not in pad.classes or not c.drawings]:
            gone = self.drawn.pop(cls)
            if gone in panel.cards:
                panel.remove_card(gone)
        for cls in pad.classes:
            if not cls.drawings:
                continue
            known = self.drawn.get(cls)
            card = known if known is not None and known in panel.cards else None
            if card is None:
                card = panel.new_class(cls.name, [])
                card.remove_requested.connect(lambda _c, cls=cls: self.pad.remove_class(cls))
                card.renamed.connect(lambda c, cls=cls: self.pad.rename(cls, c.name))
                self.drawn[cls] = card
            if card.name != cls.name:
                card.name_edit.setText(cls.name)
            extra = [f for f in card.files if Path(f).parent != pad.store.work]  # dropped on it
            refill(
                card,
                [d.path for d in cls.drawings] + extra,
                [d.thumb for d in cls.drawings] + [card.thumbs[f] for f in extra],
            )
        own = panel.unlabelled
        others = [f for f in own.files if f not in self.drawn_unlabelled]
        self.drawn_unlabelled = [d.path for d in pad.unlabelled]
        refill(
            own,
            others + self.drawn_unlabelled,
            [own.thumbs[f] for f in others] + [d.thumb for d in pad.unlabelled],
        )
        panel.board.hint.setVisible(not panel.cards)
        panel.update_cards()

    # ------------------------------------------------------------------ folders
    def open(self, root: Union[str, Path]) -> bool:
        """A drawn set (with strokes.json) into the pad and its cards, or any task folder's
        images into cards; False, with the reason in the pad, when it is neither."""
        root = Path(root)
        try:
            if (root / STROKES).is_file():
                shot = self.pad.open(root)
            else:
                task = read_task(root)
                for name, files in task.classes:
                    self.panel.new_class(name, [str(f) for f in files])
                if task.unlabelled:
                    self.panel.add_unlabelled([str(f) for f in task.unlabelled])
                shot = task.shot
                self.pad.say(
                    ui("Opened the images of {root} (no strokes to edit).").format(root=root),
                    "#2a9d3f",
                )
        except DataError as exc:
            self.pad.say(engine_text(exc), "#d1495b")
            return False
        self.panel.shot.setValue(shot)
        return True

    # ------------------------------------------------------------------ examples
    def load_examples(self, way: int, queries: int, seed: int) -> bool:
        """Replace the classes loaded from files with `way` example characters (K support
        images, `queries` labelled queries each) drawn with `seed`; drawn classes stay."""
        panel = self.panel
        shot = panel.shot.value()
        try:
            examples = sample_examples(way, shot, queries, seed)
            self.examples_loaded += 1
            task = write_examples(examples, self.scratch / f"examples-{self.examples_loaded}")
        except DataError as exc:
            panel._say(ui("Cannot load examples: {reason}").format(reason=exc), "#d1495b")
            return False
        mine = set(self.drawn.values())
        for card in [c for c in panel.cards if c not in mine]:
            panel.remove_card(card)
        drawn = set(self.drawn_unlabelled)
        refill(
            panel.unlabelled,
            [f for f in panel.unlabelled.files if f in drawn],
            [panel.unlabelled.thumbs[f] for f in panel.unlabelled.files if f in drawn],
        )
        for name, files in task.classes:
            panel.new_class(name, [str(f) for f in files])
        n = len(mine)
        kept = f"; your {n} drawn class{' stays' if n == 1 else 'es stay'}" if n else ""
        self.bar.note.setText(
            f"Examples (seed {seed}): {way} characters of Omniglot's evaluation alphabets, "
            f"never seen in training; K = {shot} support and {queries} queries each{kept}."
        )
        return True
