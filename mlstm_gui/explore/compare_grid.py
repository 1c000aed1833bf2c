"""The Compare view's query predictions at step t: one row per method, one column per query
image (its thumbnail in the header), each cell the predicted class, green when right and red
when wrong. A table rather than image tiles: 9 methods × 75 queries stay one glance."""

from __future__ import annotations

from typing import Mapping, Optional, Sequence

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from mlstm_gui.common.i18n import ui
from mlstm_gui.common.image_tiles import display_image, to_pixmap
from mlstm_gui.common.theme import blend

RIGHT, WRONG = blend("#2a9d3f", 0.55), blend("#d1495b", 0.55)


class PredictionGrid(QtWidgets.QTableWidget):
    """`set_queries` once per result, `set_predictions` per step (cells reused)."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(0, 0, parent)
        self.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        head = self.horizontalHeader()
        head.setDefaultSectionSize(34)
        head.setMinimumSectionSize(30)
        self.verticalHeader().setDefaultSectionSize(22)
        self.setIconSize(QtCore.QSize(28, 28))
        self.truth = np.zeros(0, np.int64)
        self.class_names: tuple[str, ...] = ()
        self.methods: tuple[str, ...] = ()
        self.cells: list[list[QtWidgets.QTableWidgetItem]] = []  # [method row][query]

    def set_queries(
        self,
        images: np.ndarray,
        truth: np.ndarray,
        class_names: Sequence[str],
        methods: Sequence[str],
        invert: bool,
    ) -> None:
        self.truth, self.class_names, self.methods = truth, tuple(class_names), tuple(methods)
        self.clear()
        self.setColumnCount(len(truth))
        self.setRowCount(len(methods))
        self.setVerticalHeaderLabels(list(methods))
        self.cells = [[] for _ in methods]
        for q, (img, y) in enumerate(zip(images, truth)):
            item = QtWidgets.QTableWidgetItem(
                QtGui.QIcon(to_pixmap(display_image(img, invert))), ""
            )
            item.setToolTip(
                ui("query {q}: true class [{y}] {name}").format(
                    q=q + 1, y=y + 1, name=self.class_names[y]
                )
            )
            self.setHorizontalHeaderItem(q, item)
            for r in range(len(methods)):
                cell = QtWidgets.QTableWidgetItem()
                cell.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                self.setItem(r, q, cell)
                self.cells[r].append(cell)
        self.horizontalHeader().setMinimumHeight(34)

    def set_predictions(self, preds: Mapping[str, np.ndarray]) -> None:
        """preds[method]: (Q,) predicted class per query (methods not given are blanked)."""
        for r, m in enumerate(self.methods):
            row = preds.get(m)
            for q, cell in enumerate(self.cells[r]):
                if row is None:
                    cell.setText("")
                    cell.setBackground(QtGui.QBrush())
                    continue
                p, y = int(row[q]), int(self.truth[q])
                cell.setText(str(p + 1))
                cell.setBackground(QtGui.QBrush(RIGHT if p == y else WRONG))
                cell.setToolTip(
                    f"{m}: [{p + 1}] {self.class_names[p]} — "
                    f"{'right' if p == y else f'wrong (true: [{y + 1}] {self.class_names[y]})'}"
                )

    def shown(self) -> dict[str, list[int]]:
        """The predicted classes on show, per method (0-based; for tests and the tour)."""
        return {
            m: [int(cell.text()) - 1 for cell in row]
            for m, row in zip(self.methods, self.cells)
            if row and row[0].text()
        }
