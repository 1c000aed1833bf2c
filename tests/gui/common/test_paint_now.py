"""`paint_now` paints a turn's changes completely: the layouts a refresh or its paint
invalidated are done inside the call, so nothing is left for the event loop to lay out and
repaint after the training worker went on."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtWidgets

from mlstm_gui.common.plot_style import PlotPanel, paint_now


class OnePlot(PlotPanel):
    def __init__(self) -> None:
        super().__init__()
        self.curve = self.add_plot("p", 0, 0, title="loss", y_label="nats").plot()

    def _redraw(self, history: object) -> None:  # the test sets the data itself
        pass


class LayoutRequests(QtCore.QObject):
    """Counts the LayoutRequests the event loop delivers to the items of one scene."""

    def __init__(self, scene: QtWidgets.QGraphicsScene) -> None:
        super().__init__()
        self.scene, self.count = scene, 0

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.LayoutRequest and isinstance(
            obj, QtWidgets.QGraphicsWidget
        ):
            self.count += obj.scene() is self.scene
        return False


def shown_panel(qtbot) -> OnePlot:
    panel = OnePlot()
    qtbot.addWidget(panel)
    panel.resize(600, 400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def settle(panel: OnePlot) -> None:
    for _ in range(5):
        QtWidgets.QApplication.processEvents()


def test_a_paint_now_leaves_no_layout_for_the_event_loop(qtbot):
    panel = shown_panel(qtbot)
    panel.curve.setData(np.arange(5.0), np.arange(5.0))
    settle(panel)
    app = QtWidgets.QApplication.instance()
    assert app is not None
    requests = LayoutRequests(panel.graphics.scene())
    app.installEventFilter(requests)
    try:
        plot = panel.plots["p"]
        # labels ten thousand times wider: the left axis needs a wider strip
        panel.curve.setData(np.arange(5.0), 1e7 * np.arange(5.0))
        plot.setTitle("a much longer title than the one before, on two<br>lines")
        panel.graphics.scene().prepareForPaint()
        settle(panel)  # the control: left to the event loop, the layouts come from it
        assert requests.count > 0
        left = plot.getAxis("left").width()
        requests.count = 0
        # wider still (the axes' label room only grows: configure_plot)
        panel.curve.setData(np.arange(5.0), -1e7 * np.arange(5.0))
        plot.setTitle("loss")
        panel.graphics.scene().prepareForPaint()
        paint_now([panel])
        assert requests.count > 0  # the layouts, done inside the call
        assert plot.getAxis("left").width() > left
        requests.count = 0
        settle(panel)
        assert requests.count == 0
    finally:
        app.removeEventFilter(requests)


def test_narrower_tick_labels_keep_the_axis_width_so_the_panel_is_not_laid_out_again(qtbot):
    panel = shown_panel(qtbot)
    plot = panel.plots["p"]
    panel.curve.setData(np.arange(5.0), 1e7 * np.arange(5.0))
    plot.setYRange(0.0, 4e7)
    settle(panel)
    wide = plot.getAxis("left").width()
    panel.curve.setData(np.arange(5.0), np.arange(5.0))
    plot.setYRange(0.0, 4.0)
    settle(panel)
    assert plot.getAxis("left").width() == wide  # pyqtgraph's default would shrink it
