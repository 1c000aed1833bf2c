"""Class cards of the try-it panel: one card per class (name, counter, thumbnails, a flag when
the class cannot be used), plus the card of unlabelled query images. Files and folders can be
dropped onto a card (adds to that class) or onto the board (new classes)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from engine.data.images import visible_files
from engine.errors import DataError
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.image_tiles import to_pixmap

THUMBS_SHOWN = 40  # thumbnails drawn per card (the counter still counts them all)


def dropped_paths(event: QtGui.QDropEvent | QtGui.QDragEnterEvent) -> list[str]:
    return [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]


def images_text(n: int) -> str:
    """ "1 image" / "n images", in the interface's language."""
    return (ui("{n} image") if n == 1 else ui("{n} images")).format(n=n)


class ClassCard(QtWidgets.QFrame):
    """A class (or, with `unlabelled=True`, the unlabelled queries): name, counter, thumbnails."""

    remove_requested = QtCore.Signal(QtWidgets.QFrame)  # the card
    files_dropped = QtCore.Signal(QtWidgets.QFrame, list)  # the card, paths
    renamed = QtCore.Signal(QtWidgets.QFrame)  # the card
    thumb_clicked = QtCore.Signal(str)  # file path

    def __init__(
        self, name: str, unlabelled: bool = False, parent: Optional[QtWidgets.QWidget] = None
    ) -> None:
        super().__init__(parent)
        self.unlabelled = unlabelled
        self.files: list[str] = []
        self.thumbs: dict[str, np.ndarray] = {}
        self.setAcceptDrops(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.StyledPanel)
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(6, 4, 6, 4)
        lay.setSpacing(2)
        head = QtWidgets.QHBoxLayout()
        self.name_edit = QtWidgets.QLineEdit(name)
        self.name_edit.setToolTip("Class name (rename here)")
        self.name_edit.setReadOnly(unlabelled)
        self.name_edit.editingFinished.connect(lambda: self.renamed.emit(self))
        self.counter = QtWidgets.QLabel()
        self.remove_button = QtWidgets.QToolButton()
        self.remove_button.setText("Remove")
        self.remove_button.setToolTip(
            "Remove this class" if not unlabelled else "Remove all unlabelled queries"
        )
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        head.addWidget(self.name_edit, 1)
        head.addWidget(self.counter)
        head.addWidget(self.remove_button)
        lay.addLayout(head)
        self.flag = QtWidgets.QLabel()
        self.flag.setStyleSheet("color: #d1495b; font-weight: bold;")
        self.flag.setWordWrap(True)
        self.flag.hide()
        lay.addWidget(self.flag)
        self.strip = QtWidgets.QListWidget()
        self.strip.setViewMode(QtWidgets.QListView.ViewMode.IconMode)
        self.strip.setFlow(QtWidgets.QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setIconSize(QtCore.QSize(40, 40))
        self.strip.setFixedHeight(62)
        self.strip.setMovement(QtWidgets.QListView.Movement.Static)
        self.strip.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.strip.setVerticalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.strip.itemClicked.connect(
            lambda it: self.thumb_clicked.emit(it.data(QtCore.Qt.ItemDataRole.UserRole))
        )
        lay.addWidget(self.strip)

    @property
    def name(self) -> str:
        return self.name_edit.text().strip()

    def add(self, files: list[str], thumbs: list[np.ndarray]) -> int:
        """Add images (duplicates ignored); returns how many were new."""
        added = 0
        for f, th in zip(files, thumbs):
            if f in self.thumbs:
                continue
            self.files.append(f)
            self.thumbs[f] = th
            if self.strip.count() < THUMBS_SHOWN:
                item = QtWidgets.QListWidgetItem(QtGui.QIcon(to_pixmap(th, 40)), "")
                item.setData(QtCore.Qt.ItemDataRole.UserRole, f)
                item.setToolTip(f)
                self.strip.addItem(item)
            added += 1
        return added

    def update_state(self, shot: int) -> Optional[str]:
        """Counter and flag for K = shot; returns the problem that blocks classifying, if any.

        A class with fewer than K images is not a problem: it adapts with all of them (the
        engine takes any shots per class), and the flag says so."""
        n = len(self.files)
        if self.unlabelled:
            self.counter.setText(images_text(n))
            return None
        queries = max(0, n - shot)
        self.counter.setText(
            images_text(n) + " · " + ui("{k} support · {q} query").format(k=min(n, shot), q=queries)
        )
        problem = note = None
        if n == 0:
            problem = ui("class '{name}' has no images: add some or remove the class").format(
                name=self.name
            )
        elif n < shot:  # unequal shots are fine: all of this class's images are support
            few = (
                ui(
                    "class '{name}' has only {n} image, fewer than K = {k}: "
                    "all are support images, none a query"
                )
                if n == 1
                else ui(
                    "class '{name}' has only {n} images, fewer than K = {k}: "
                    "all are support images, none a query"
                )
            )
            note = few.format(name=self.name, n=n, k=shot)
        text = problem or note
        self.flag.setText(f"⚠ {text}" if text else "")
        self.flag.setVisible(text is not None)
        self.setStyleSheet(
            "ClassCard { border: 2px solid #d1495b; }"
            if problem
            else "ClassCard { border: 2px solid #e9a23b; }"
            if note
            else ""
        )
        return problem

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(self, paths)


class CardBoard(QtWidgets.QScrollArea):
    """The column of cards; files or folders dropped outside a card become new classes."""

    paths_dropped = QtCore.Signal(list)

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAcceptDrops(True)
        body = QtWidgets.QWidget()
        self.column = QtWidgets.QVBoxLayout(body)
        self.column.setContentsMargins(2, 2, 2, 2)
        self.hint = QtWidgets.QLabel(
            "Drop image files or folders here: a folder becomes a class named after it, a folder "
            "of class folders loads them all. Drop onto a card to add images to that class."
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #777777; padding: 12px; border: 1px dashed #bbbbbb;")
        self.column.addWidget(self.hint)
        self.column.addStretch(1)
        self.setWidget(body)

    def insert(self, card: ClassCard) -> None:
        self.column.insertWidget(self.column.count() - 1, card)

    def dragEnterEvent(self, event: QtGui.QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QtGui.QDragMoveEvent) -> None:
        event.acceptProposedAction()

    def dropEvent(self, event: QtGui.QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.paths_dropped.emit(paths)


def expand_drop(paths: list[str]) -> tuple[list[tuple[str, list[str]]], list[str]]:
    """Dropped paths -> ([(class name, files)], loose files). A folder with sub-folders is a
    folder of class folders; a folder without is one class; files are loose."""
    from engine.data.images import class_folders

    classes: list[tuple[str, list[str]]] = []
    loose: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            subs = class_folders(p)
            for folder in subs or [p]:
                classes.append((folder.name, folder_files(folder)))
        elif p.is_file():
            loose.append(str(p))
    return classes, loose


def folder_files(folder: Path) -> list[str]:
    """Visible files of a folder in the engine's order, non-images included, so that the
    loader can name them in its notes; an unreadable folder gives none."""
    try:
        return [str(p) for p in visible_files(folder)]
    except DataError:
        return []
