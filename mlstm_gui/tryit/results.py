"""Results of 'Adapt and classify': each query with its image, what the model saw, and sorted
confidence bars; for labelled queries the accuracy per class and a confusion matrix whose cells
open the images behind them; CSV export."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Mapping, Optional

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from mlstm_gui.common.i18n import ui
from mlstm_gui.common.image_tiles import GREEN, RED, ImageRows, to_pixmap
from mlstm_gui.common.tables import cell_text
from mlstm_gui.explore.jobs import ClassifyOutcome

BARS = 3  # classes drawn per query (highest first); the tooltip lists all
ROLE = QtCore.Qt.ItemDataRole.UserRole


def labelled_confusion(outcome: ClassifyOutcome) -> tuple[np.ndarray, list[list[list[int]]]]:
    """(N, N) counts over the labelled queries (row: true, column: predicted) and, per cell, the
    indices of the queries in it."""
    names = outcome.result.class_names
    index = {c: k for k, c in enumerate(names)}
    n = len(names)
    counts = np.zeros((n, n), dtype=np.int64)
    cells: list[list[list[int]]] = [[[] for _ in range(n)] for _ in range(n)]
    for q, p in enumerate(outcome.result.predictions):
        if p.label is None or p.label not in index:
            continue
        r, c = index[p.label], index[p.predicted]
        counts[r, c] += 1
        cells[r][c].append(q)
    return counts, cells


def baseline_text(outcome: ClassifyOutcome) -> str:
    """The meta-learner's accuracy on the labelled queries beside the nearest-neighbour and
    pixel-NN accuracy on the same images (computed in the replay thread by the engine)."""
    acc = outcome.result.accuracy
    labelled = [p for p in outcome.result.predictions if p.label is not None]
    if not outcome.baselines or not labelled:
        return ""
    mine = float(np.mean([p.label == p.predicted for p in labelled])) if acc is None else acc
    parts = [f"meta-learner <b>{100 * mine:.1f}%</b>"]
    for b in outcome.baselines:
        value = "–" if b.accuracy is None else f"<b>{100 * b.accuracy:.1f}%</b>"
        parts.append(f"{b.method} {value} ({b.note})")
    text = f"On the same {len(labelled)} labelled queries: " + " · ".join(parts)
    if any(b.accuracy is not None and b.accuracy > mine for b in outcome.baselines):
        text += (
            "<br><span style='color:#b35c00'><b>A nearest-neighbour baseline beats the "
            "meta-learner on these images.</b></span>"
        )
    return text


class BarsDelegate(QtWidgets.QStyledItemDelegate):
    """Paints a cell's sorted (class, probability) list as horizontal bars."""

    def paint(
        self,
        painter: QtGui.QPainter,
        option: QtWidgets.QStyleOptionViewItem,
        index: QtCore.QModelIndex | QtCore.QPersistentModelIndex,
    ) -> None:
        items = index.data(ROLE) or []
        truth = index.data(ROLE + 1)
        rect = option.rect.adjusted(4, 3, -4, -3)
        row_h = rect.height() / BARS
        label_w = min(130, rect.width() // 2)
        painter.save()
        for k, (name, p) in enumerate(items[:BARS]):
            y = rect.top() + k * row_h
            text_rect = QtCore.QRectF(rect.left(), y, label_w - 4, row_h)
            painter.setPen(QtGui.QColor("#2b2b2b"))
            font = painter.font()
            font.setBold(name == truth)
            painter.setFont(font)
            elided = painter.fontMetrics().elidedText(
                name, QtCore.Qt.TextElideMode.ElideLeft, int(label_w - 4)
            )
            painter.drawText(
                text_rect,
                QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignRight,
                elided,
            )
            bar_w = (rect.width() - label_w - 48) * p
            color = QtGui.QColor(GREEN if (truth is None or name == truth) else RED)
            color = color if k == 0 else QtGui.QColor("#8fa9c4")
            painter.fillRect(QtCore.QRectF(rect.left() + label_w, y + 2, bar_w, row_h - 4), color)
            painter.drawText(
                QtCore.QRectF(rect.left() + label_w + bar_w + 4, y, 48, row_h),
                QtCore.Qt.AlignmentFlag.AlignVCenter,
                f"{100 * p:.1f}%",
            )
        painter.restore()


class ResultsView(QtWidgets.QWidget):
    """`queries` (table), `per_class` (table), `confusion` (table; click a cell: `cell_dialog`)."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.outcome: Optional[ClassifyOutcome] = None
        self.thumbs: Mapping[str, np.ndarray] = {}
        self.cells: list[list[list[int]]] = []
        self.cell_dialog: Optional[QtWidgets.QDialog] = None
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QtWidgets.QLabel("No results yet.")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.baselines = QtWidgets.QLabel()  # the nearest-neighbour baselines, same images
        self.baselines.setWordWrap(True)
        self.baselines.setTextFormat(QtCore.Qt.TextFormat.RichText)
        lay.addWidget(self.baselines)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.queries = QtWidgets.QTableWidget(0, 6)
        self.queries.setHorizontalHeaderLabels(
            ["image", "model input", "file", "true class", "predicted", "confidence (sorted)"]
        )
        self.queries.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.queries.setIconSize(QtCore.QSize(48, 48))
        self.queries.verticalHeader().setDefaultSectionSize(56)
        self.queries.verticalHeader().setVisible(False)
        self.queries.setItemDelegateForColumn(5, BarsDelegate(self.queries))
        head = self.queries.horizontalHeader()
        head.setSectionResizeMode(5, QtWidgets.QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 60), (1, 80), (2, 150), (3, 110), (4, 110)):
            self.queries.setColumnWidth(col, width)
        split.addWidget(self.queries)
        bottom = QtWidgets.QWidget()
        row = QtWidgets.QHBoxLayout(bottom)
        row.setContentsMargins(0, 0, 0, 0)
        self.per_class = QtWidgets.QTableWidget(0, 3)
        self.per_class.setHorizontalHeaderLabels(["class", "queries", "accuracy"])
        self.per_class.verticalHeader().setVisible(False)
        self.per_class.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.per_class.horizontalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        self.confusion = QtWidgets.QTableWidget(0, 0)
        self.confusion.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.confusion.setToolTip(
            "Rows: true class, columns: predicted class. Click a cell to see its images."
        )
        self.confusion.cellClicked.connect(self.open_cell)
        for title, w in (
            ("Accuracy per class", self.per_class),
            ("Confusion (rows: true, columns: predicted) — click a cell", self.confusion),
        ):
            box = QtWidgets.QGroupBox(title)
            bl = QtWidgets.QVBoxLayout(box)
            bl.setContentsMargins(2, 2, 2, 2)
            bl.addWidget(w)
            row.addWidget(box, 1)
        split.addWidget(bottom)
        split.setSizes([420, 220])
        lay.addWidget(split, 1)

    # ------------------------------------------------------------------ filling
    def set_outcome(
        self, outcome: ClassifyOutcome, thumbs: Mapping[str, np.ndarray], shot: int
    ) -> None:
        self.outcome, self.thumbs = outcome, thumbs
        res = outcome.result
        labelled = [p for p in res.predictions if p.label is not None]
        acc = (
            f"accuracy {100 * np.mean([p.label == p.predicted for p in labelled]):.1f}% on "
            f"{len(labelled)} labelled queries"
            if labelled
            else "no labelled queries"
        )
        skipped = f" · {len(res.skipped)} file(s) skipped" if res.skipped else ""
        self.summary.setText(
            f"<b>{len(res.class_names)}-way {shot}-shot</b> with {outcome.model_label}: "
            f"{len(res.predictions)} queries classified in {outcome.seconds:.2f} s — "
            f"{acc}{skipped}"
        )
        self.baselines.setText(baseline_text(outcome))
        self._fill_queries(outcome)
        self._fill_metrics(outcome)

    def _fill_queries(self, out: ClassifyOutcome) -> None:
        res = out.result
        self.queries.setRowCount(len(res.predictions))
        for q, p in enumerate(res.predictions):
            thumb = self.thumbs.get(p.name)
            img = QtWidgets.QTableWidgetItem()
            if thumb is not None:
                img.setIcon(QtGui.QIcon(to_pixmap(thumb, 48)))
            seen = QtWidgets.QTableWidgetItem()
            seen.setIcon(QtGui.QIcon(to_pixmap(out.query_inputs[q], 48)))
            seen.setToolTip(
                "What the model sees: the image resized, in grey or colour"
                f"{' and with ink inverted' if out.invert else ''}, as its "
                f"preprocessing says"
            )
            ok = p.label is None or p.label == p.predicted
            mark = "" if p.label is None else (" ✓" if ok else " ✗")
            cells = [
                img,
                seen,
                QtWidgets.QTableWidgetItem(Path(p.name).name),
                QtWidgets.QTableWidgetItem(p.label or "(unlabelled)"),
                QtWidgets.QTableWidgetItem(p.predicted + mark),
                QtWidgets.QTableWidgetItem(),
            ]
            cells[2].setToolTip(p.name)
            if p.label is not None:
                cells[4].setForeground(QtGui.QColor(GREEN if ok else RED))
            bars = cells[5]
            bars.setData(ROLE, list(p.probabilities.items()))
            bars.setData(ROLE + 1, p.label)
            bars.setToolTip("\n".join(f"{c}: {100 * v:.2f}%" for c, v in p.probabilities.items()))
            for col, item in enumerate(cells):
                self.queries.setItem(q, col, item)

    def _fill_metrics(self, out: ClassifyOutcome) -> None:
        res = out.result
        names = res.class_names
        counts, self.cells = labelled_confusion(out)
        rows = counts.sum(1)
        self.per_class.setRowCount(len(names))
        for r, name in enumerate(names):
            acc = f"{100 * counts[r, r] / rows[r]:.1f}%" if rows[r] else "–"
            for col, text in enumerate((f"[{r + 1}] {name}", str(int(rows[r])), acc)):
                self.per_class.setItem(r, col, QtWidgets.QTableWidgetItem(text))
        self.confusion.setRowCount(len(names))
        self.confusion.setColumnCount(len(names))
        self.confusion.setHorizontalHeaderLabels([f"[{k + 1}]" for k in range(len(names))])
        self.confusion.setVerticalHeaderLabels([f"[{k + 1}] {n}" for k, n in enumerate(names)])
        for c, n in enumerate(names):
            header = self.confusion.horizontalHeaderItem(c)
            if header is not None:
                header.setToolTip(ui("predicted {name}").format(name=n))
        self.confusion.horizontalHeader().setSectionResizeMode(
            QtWidgets.QHeaderView.ResizeMode.Stretch
        )
        peak = max(1, int(counts.max()) if counts.size else 1)
        for r in range(len(names)):
            for c in range(len(names)):
                item = QtWidgets.QTableWidgetItem(str(int(counts[r, c])))
                item.setTextAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
                base = QtGui.QColor(GREEN if r == c else RED)
                base.setAlpha(int(30 + 180 * counts[r, c] / peak) if counts[r, c] else 0)
                item.setBackground(base)
                self.confusion.setItem(r, c, item)

    def confusion_counts(self) -> np.ndarray:
        n = self.confusion.rowCount()
        return np.array(
            [[int(cell_text(self.confusion, r, c)) for c in range(n)] for r in range(n)],
            dtype=np.int64,
        )

    # ------------------------------------------------------------------ cells
    def open_cell(self, row: int, col: int) -> Optional[QtWidgets.QDialog]:
        """A window with the query images of confusion cell (row = true, col = predicted)."""
        if self.outcome is None or not self.cells or not self.cells[row][col]:
            return None
        res, out = self.outcome.result, self.outcome
        names = res.class_names
        idx = self.cells[row][col]
        dlg = QtWidgets.QDialog(self)
        dlg.setWindowTitle(f"true {names[row]} → predicted {names[col]}: {len(idx)} image(s)")
        lay = QtWidgets.QVBoxLayout(dlg)
        lay.addWidget(
            QtWidgets.QLabel(
                f"<b>{len(idx)}</b> quer{'y' if len(idx) == 1 else 'ies'} "
                f"of class <b>{names[row]}</b> predicted as "
                f"<b>{names[col]}</b> (top: image, bottom: model input)"
            )
        )
        grid = ImageRows(size=64)
        blank = np.full((8, 8, 3), 255, np.uint8)
        captions = [
            f"{Path(res.predictions[q].name).name}\n"
            f"{100 * res.predictions[q].probabilities[names[col]]:.0f}%"
            for q in idx
        ]
        grid.set_rows(
            [
                ("image", [self.thumbs.get(res.predictions[q].name, blank) for q in idx], captions),
                ("model input", [out.query_inputs[q] for q in idx], [""] * len(idx)),
            ],
            max_columns=8,
        )
        lay.addWidget(grid)
        dlg.resize(720, 360)
        dlg.setModal(False)
        dlg.show()
        self.cell_dialog = dlg
        self.cell_images = idx
        return dlg

    # ------------------------------------------------------------------ export
    def to_csv(self, path: str | Path) -> Path:
        path = Path(path)
        if self.outcome is None:
            raise RuntimeError("nothing classified yet")
        res = self.outcome.result
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(
                ["image", "true", "predicted", "correct"] + [f"p({c})" for c in res.class_names]
            )
            for p in res.predictions:
                correct = "" if p.label is None else int(p.label == p.predicted)
                w.writerow(
                    [p.name, p.label or "", p.predicted, correct]
                    + [f"{p.probabilities[c]:.6f}" for c in res.class_names]
                )
        return path
