"""A drawing of the two-layer meta-learner with the live tensor shapes of the model shown.

∇_t and L_t → preprocessing (p = 10) → layer 1, an LSTM 4 → hidden run on all P coordinates as
one batch → layer 2, the θ-cell with W_F, W_I → θ_t, which the learner uses for ∇_{t+1}.
Boxes and arrows in a QGraphicsScene; the labels are Qt rich text."""

from __future__ import annotations

from typing import Optional

from PySide6 import QtCore, QtGui, QtWidgets

from engine.inference.structure import MetaStructure
from mlstm_gui.common.plot_style import COLORS, FOREGROUND, blend

BOX_W, BOX_H, GAP = 200, 150, 46


def _tr(text: str) -> str:
    return QtCore.QCoreApplication.translate("HowItWorks", text)


class StructureDiagram(QtWidgets.QGraphicsView):
    """`labels[key]` holds each box's text item ("input", "preprocess", "lstm", "cell",
    "learner"), refilled by `set_structure`."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.setScene(QtWidgets.QGraphicsScene(self))
        self.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(BOX_H + 90)
        self.labels: dict[str, QtWidgets.QGraphicsTextItem] = {}
        keys = ("input", "preprocess", "lstm", "cell", "learner")
        colors = (COLORS["cross"], COLORS["acc"], COLORS["loss"], COLORS["val"], COLORS["test"])
        line = QtGui.QPen(QtGui.QColor(FOREGROUND), 1)
        for k, (key, color) in enumerate(zip(keys, colors)):
            x = k * (BOX_W + GAP)
            rect = self.scene().addRect(
                QtCore.QRectF(x, 0, BOX_W, BOX_H), QtGui.QPen(QtGui.QColor(color), 1)
            )
            rect.setBrush(QtGui.QBrush(blend(color, 0.88)))
            text = self.scene().addText("")
            text.setTextWidth(BOX_W - 8)
            text.setPos(x + 4, 4)
            text.setDefaultTextColor(QtGui.QColor(FOREGROUND))
            self.labels[key] = text
            if k:
                self._arrow(x - GAP, x, BOX_H / 2, line)
        # the loop: θ_t goes back to the learner, whose gradient is the next step's input
        right, y = len(keys) * (BOX_W + GAP) - GAP, BOX_H + 30
        path = QtGui.QPainterPath(QtCore.QPointF(right - BOX_W / 2, BOX_H))
        path.lineTo(right - BOX_W / 2, y)
        path.lineTo(BOX_W / 2, y)
        path.lineTo(BOX_W / 2, BOX_H + 6)
        self.scene().addPath(path, line)
        self._head(QtCore.QPointF(BOX_W / 2, BOX_H), up=True, pen=line)
        loop = self.scene().addText("")
        loop.setHtml(_tr("next step: ∇<sub>t+1</sub>, L<sub>t+1</sub> at θ<sub>t</sub>"))
        loop.setPos(right / 2 - 120, y)
        self.set_structure(None)

    def _arrow(self, x0: float, x1: float, y: float, line: QtGui.QPen) -> None:
        self.scene().addLine(x0, y, x1 - 6, y, line)
        self._head(QtCore.QPointF(x1, y), up=False, pen=line)

    def _head(self, tip: QtCore.QPointF, up: bool, pen: QtGui.QPen) -> None:
        a, b = (
            (QtCore.QPointF(-5, 9), QtCore.QPointF(5, 9))
            if up
            else (
                QtCore.QPointF(-9, -5),
                QtCore.QPointF(-9, 5),
            )
        )
        poly = QtGui.QPolygonF([tip, tip + a, tip + b])
        self.scene().addPolygon(poly, pen, QtGui.QBrush(QtGui.QColor(FOREGROUND)))

    def set_structure(self, s: Optional[MetaStructure]) -> None:
        """Fill the boxes with this model's shapes (placeholders before a replay)."""
        P = f"{s.coordinates:,}" if s else "P"  # noqa: N806 - the paper's symbol
        h = str(s.hidden) if s else "20"
        p = f"{s.preprocess_p:g}" if s else "10"
        lstm = f"{s.lstm_params:,}" if s else "…"
        cell = f"{s.cell_params:,}" if s else "…"
        texts = {
            "input": _tr(
                "<b>From the learner</b><br>∇<sub>t</sub>: P = {P} numbers, one per weight<br>"
                "L<sub>t</sub>: one number, repeated for every coordinate"
            ).format(P=P),
            "preprocess": _tr(
                "<b>Preprocessing</b>, p = {p}<br>x ↦ (log|x|/p, sign x) if |x| ≥ e<sup>−p</sup>,"
                " else (−1, e<sup>p</sup>x)<br>input: {P} × 4"
            ).format(p=p, P=P),
            "lstm": _tr(
                "<b>Layer 1</b>: LSTM 4 → {h}<br>batch = the {P} coordinates<br>"
                "h<sub>t</sub>, c<sub>t</sub>: {h} × {P}<br>{n} weights, shared"
            ).format(h=h, P=P, n=lstm),
            "cell": _tr(
                "<b>Layer 2</b>: the θ-cell<br>f̂<sub>t</sub> = [h<sub>t</sub>, θ<sub>t−1</sub>, "
                "f̂<sub>t−1</sub>]·W<sub>F</sub> + b<sub>F</sub><br>î<sub>t</sub> likewise with "
                "W<sub>I</sub>; W<sub>F</sub>, W<sub>I</sub> ∈ R<sup>{w}</sup><br>{n} weights, "
                "shared"
            ).format(w=int(h) + 2, n=cell),
            "learner": _tr(
                "<b>θ<sub>t</sub> = c<sub>t</sub></b><br>= σ(f̂<sub>t</sub>) ⊙ θ<sub>t−1</sub> − "
                "σ(î<sub>t</sub>) ⊙ ∇<sub>t</sub><br>{P} numbers: the learner's weights<br>"
                "θ<sub>0</sub> = c<sub>0</sub>, learned"
            ).format(P=P),
        }
        for key, html in texts.items():
            self.labels[key].setHtml(html)

    def label_text(self, key: str) -> str:
        return self.labels[key].toPlainText()

    def resizeEvent(self, event: QtGui.QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self.fitInView(
            self.scene().itemsBoundingRect().adjusted(-8, -8, 8, 8),
            QtCore.Qt.AspectRatioMode.KeepAspectRatio,
        )
