"""Panels paint in C++ without holding the GIL, so the training thread runs on meanwhile, and
pyqtgraph's preparation before a paint still happens."""

from __future__ import annotations

import threading
import time

import pyqtgraph as pg
from PySide6 import QtGui, QtWidgets

from mlstm_gui.common.gil_free_graphics import GilFreeGraphics
from mlstm_gui.common.plot_style import PlotPanel, paint_now


def _shown(qtbot, widget: QtWidgets.QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: widget.windowHandle() is not None and widget.windowHandle().isExposed())


def _heavy_path_item() -> QtWidgets.QGraphicsPathItem:
    """A pure C++ item that takes tens of milliseconds to paint."""
    path = QtGui.QPainterPath()
    path.moveTo(0, 0)
    for i in range(60_000):
        path.lineTo(i % 97, (i * 7919) % 89)
    item = QtWidgets.QGraphicsPathItem(path)
    item.setPen(pg.mkPen("w", width=1))
    return item


def _progress_during_paints(qtbot, graphics: pg.GraphicsLayoutWidget) -> float:
    """How far a thread that needs the GIL between short sleeps (as training needs it between
    torch operations) gets while the view paints, against the same time idle: 1.0 = unhindered."""
    graphics.resize(700, 500)
    plot = graphics.addPlot()
    heavy = _heavy_path_item()
    plot.addItem(heavy)
    _shown(qtbot, graphics)
    count, stop = [0], threading.Event()

    def needs_the_gil() -> None:
        while not stop.is_set():
            count[0] += 1
            time.sleep(0.0002)

    thread = threading.Thread(target=needs_the_gil, daemon=True)
    thread.start()
    try:
        painting = 0.0
        before = count[0]
        for _ in range(6):
            heavy.update()
            started = time.perf_counter()
            graphics.viewport().update()
            QtWidgets.QApplication.sendPostedEvents()  # the paint, as paint_now sends it
            painting += time.perf_counter() - started
        during = count[0] - before
        before = count[0]
        time.sleep(painting)
        idle = count[0] - before
    finally:
        stop.set()
        thread.join()
    assert painting > 0.05, "the paints were too quick to measure"
    return during / max(idle, 1)


def test_a_thread_that_needs_the_gil_runs_on_while_a_panel_paints(qtbot):
    assert _progress_during_paints(qtbot, GilFreeGraphics()) > 0.4


def test_pyqtgraphs_own_view_holds_the_gil_while_it_paints(qtbot):
    """Why GilFreeGraphics exists: should this fail, pyqtgraph's paintEvent no longer holds
    the GIL and the class can go."""
    assert _progress_during_paints(qtbot, pg.GraphicsLayoutWidget()) < 0.3


def test_the_scene_is_prepared_before_each_paint_and_ranges_apply(qtbot):
    panel = PlotPanel()
    assert isinstance(panel.graphics, GilFreeGraphics)
    plot = panel.add_plot("p", 0, 0)
    curve = plot.plot([0.0, 1.0], [0.0, 1.0])
    panel.resize(600, 400)
    _shown(qtbot, panel)
    prepared = []
    panel.graphics.scene().sigPrepareForPaint.connect(lambda: prepared.append(1))
    plot.setXRange(10.0, 20.0, padding=0.0)  # the ViewBox defers its transform to the paint
    curve.setData([10.0, 20.0], [0.0, 1.0])
    paint_now([panel])
    assert prepared, "no sigPrepareForPaint before the paint"
    left = plot.vb.mapViewToScene(pg.Point(10.0, 0.0)).x()
    right = plot.vb.mapViewToScene(pg.Point(20.0, 0.0)).x()
    box = plot.vb.sceneBoundingRect()
    assert abs(left - box.left()) < 2 and abs(right - box.right()) < 2
