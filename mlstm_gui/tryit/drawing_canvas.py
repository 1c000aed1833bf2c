"""The square of paper of the drawing pad: one character's strokes, drawn with the mouse, a pen
(tablet events, at the pen's full resolution) or a finger (Qt turns touches into mouse events).

Points are kept in units of the square's side (0..1, y down), so a drawing does not depend on
the widget's size; engine/data/strokes.py places and renders them as Omniglot's images."""

from __future__ import annotations

from typing import Optional

from PySide6 import QtCore, QtGui, QtWidgets

from engine.data.strokes import BOX_SIDE, OMNIGLOT_SIZE, STROKE_WIDTH
from mlstm_gui.tryit.drawn_items import Points

#: A new point is kept once the pointer has moved this far (in units of the side).
MIN_STEP = 0.004
#: The pen on screen: Omniglot's pen relative to its characters' box, on a box of 3/4 side.
SCREEN_PEN = STROKE_WIDTH / BOX_SIDE * 0.75


class StrokeCanvas(QtWidgets.QWidget):
    """`strokes` (lists of (x, y) in 0..1); `stroke_finished` after each pen-up."""

    stroke_finished = QtCore.Signal()

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.strokes: list[Points] = []
        self._drawing = False
        self.setMinimumSize(160, 160)
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding
        )
        self.setCursor(QtCore.Qt.CursorShape.CrossCursor)
        self.setToolTip("Draw one character here with the mouse, a pen or a finger")
        self.setAttribute(QtCore.Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(260, 260)

    # ------------------------------------------------------------------ geometry
    def square(self) -> QtCore.QRectF:
        """The paper: the largest square in the widget, centred across, at the top."""
        side = min(self.width(), self.height()) - 2
        return QtCore.QRectF((self.width() - side) / 2, 1, side, side)

    def to_paper(self, pos: QtCore.QPointF) -> tuple[float, float]:
        sq = self.square()
        x = (pos.x() - sq.left()) / max(sq.width(), 1.0)
        y = (pos.y() - sq.top()) / max(sq.height(), 1.0)
        return min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)

    # ------------------------------------------------------------------ strokes
    def begin(self, pos: QtCore.QPointF) -> None:
        self._drawing = True
        self.strokes.append([self.to_paper(pos)])
        self.update()

    def extend(self, pos: QtCore.QPointF) -> None:
        if not self._drawing:
            return
        x, y = self.to_paper(pos)
        last = self.strokes[-1][-1]
        if max(abs(x - last[0]), abs(y - last[1])) >= MIN_STEP:
            self.strokes[-1].append((x, y))
            self.update()

    def end(self, pos: QtCore.QPointF) -> None:
        if not self._drawing:
            return
        self.extend(pos)
        self._drawing = False
        self.stroke_finished.emit()

    def undo(self) -> bool:
        """Take back the last stroke; False when there is none."""
        if not self.strokes or self._drawing:
            return False
        self.strokes.pop()
        self.update()
        return True

    def set_strokes(self, strokes: list[Points]) -> None:
        self._drawing = False
        self.strokes = [list(s) for s in strokes]
        self.update()

    # ------------------------------------------------------------------ input
    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.begin(event.position())

    def mouseMoveEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.buttons() & QtCore.Qt.MouseButton.LeftButton:
            self.extend(event.position())

    def mouseReleaseEvent(self, event: QtGui.QMouseEvent) -> None:
        if event.button() == QtCore.Qt.MouseButton.LeftButton:
            self.end(event.position())

    def tabletEvent(self, event: QtGui.QTabletEvent) -> None:
        """A pen: handled here (accepted, so Qt sends no mouse events for it as well)."""
        kind = event.type()
        if kind == QtCore.QEvent.Type.TabletPress:
            self.begin(event.position())
        elif kind == QtCore.QEvent.Type.TabletMove:
            self.extend(event.position())
        elif kind == QtCore.QEvent.Type.TabletRelease:
            self.end(event.position())
        event.accept()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QtGui.QPaintEvent) -> None:
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        sq = self.square()
        p.fillRect(sq, QtGui.QColor("white"))
        p.setPen(QtGui.QPen(QtGui.QColor("#9aa5b1"), 1))
        p.drawRect(sq)
        # Where the character will sit in the 105 px image: a faint guide, not a limit.
        guide = BOX_SIDE / OMNIGLOT_SIZE * sq.width()
        p.setPen(QtGui.QPen(QtGui.QColor("#e3e7eb"), 1, QtCore.Qt.PenStyle.DashLine))
        p.drawRect(
            QtCore.QRectF(sq.center().x() - guide / 2, sq.center().y() - guide / 2, guide, guide)
        )
        if not self.strokes:
            p.setPen(QtGui.QColor("#9aa5b1"))
            p.drawText(sq, QtCore.Qt.AlignmentFlag.AlignCenter, "Draw a character here")
        pen = QtGui.QPen(QtGui.QColor("black"), max(2.0, SCREEN_PEN * sq.width()))
        pen.setCapStyle(QtCore.Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
        p.setPen(pen)
        for stroke in self.strokes:
            pts = [
                QtCore.QPointF(sq.left() + x * sq.width(), sq.top() + y * sq.height())
                for x, y in stroke
            ]
            if len(pts) == 1:
                p.drawPoint(pts[0])
            else:
                p.drawPolyline(pts)
        p.end()
