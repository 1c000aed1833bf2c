"""A pyqtgraph GraphicsLayoutWidget whose paints run in C++ with Python's GIL released.

pyqtgraph's GraphicsView overrides `paintEvent` in Python (to emit the scene's
`sigPrepareForPaint`, then call Qt's paint). PySide6 holds the GIL for as long as a Python
override is on the stack, so every panel paint, C++ rasterising included, held the GIL: the
training thread, which needs it between any two torch operations, stalled for the whole paint
even with a core of its own (docs/BENCHMARKS.md, "The GIL during paints"). Here the view keeps
Qt's own `paintEvent`, which PySide6 calls without taking the GIL, and an event filter emits
`sigPrepareForPaint` before each paint instead: only the Python items' own `paint` and
`boundingRect` calls take the GIL, each for its own duration."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets


class _PrepareBeforePaint(QtCore.QObject):
    """On the viewport: what pyqtgraph's paintEvent did first (ViewBoxes settle their
    deferred ranges and transforms), then the paint goes on in C++."""

    def __init__(self, view: QtWidgets.QGraphicsView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if event.type() == QtCore.QEvent.Type.Paint:
            scene = self._view.scene()
            if isinstance(scene, pg.GraphicsScene):
                scene.prepareForPaint()
        return False


class GilFreeGraphics(pg.GraphicsLayoutWidget):
    """pg.GraphicsLayoutWidget, painted by Qt's C++ paintEvent (see the module docstring)."""

    # Qt's own method, not a Python function: PySide6 sees no override and calls the C++
    # paintEvent without the GIL.
    paintEvent = QtWidgets.QGraphicsView.paintEvent

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._prepare = _PrepareBeforePaint(self)
        self.viewport().installEventFilter(self._prepare)


__all__ = ["GilFreeGraphics"]
