"""Grid lines drawn by Qt path items: they sit at the axis's own ticks, follow its range and
its explicit tick spacing, and leave the axes' bounding boxes to their own strips."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from mlstm_gui.common.grid_lines import PlotGrid, level_alpha
from mlstm_gui.common.plot_style import configure_plot, integer_ticks
from mlstm_gui.common.theme import GRID_ALPHA


def lines_at(grid: PlotGrid, side: int) -> set[float]:
    """The positions of one axis's grid lines (x of vertical ones, y of horizontal ones)."""
    axis_grid = grid.axes[side]
    out: set[float] = set()
    for item in axis_grid.items:
        path = item.path()
        for i in range(0, path.elementCount(), 2):
            e = path.elementAt(i)
            out.add(round(e.x if axis_grid.vertical else e.y, 6))
    return out


def ticks_of(axis: pg.AxisItem, length: float) -> set[float]:
    lo, hi = axis.range
    return {round(v, 6) for _, values in axis.tickValues(lo, hi, length) for v in values}


KEEP: list[pg.PlotWidget] = []  # alive until the test's end (qtbot closes them)


def make_plot(qtbot) -> tuple[pg.PlotItem, PlotGrid]:
    widget = pg.PlotWidget()
    KEEP.append(widget)
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    plot = widget.getPlotItem()
    configure_plot(plot, "t", "x", "y")
    qtbot.waitUntil(lambda: plot.vb.width() > 100)
    return plot, plot._mlstm_grid


def test_the_grid_follows_the_axis_ticks_and_range(qtbot):
    plot, grid = make_plot(qtbot)
    plot.setXRange(0.0, 10.0, padding=0)
    plot.setYRange(-1.0, 1.0, padding=0)
    grid.sync()
    bottom, left = plot.getAxis("bottom"), plot.getAxis("left")
    assert bottom.grid is False and left.grid is False  # the axes no longer draw it
    assert lines_at(grid, 0) == ticks_of(bottom, grid.axes[0]._length_px())
    assert lines_at(grid, 1) == ticks_of(left, grid.axes[1]._length_px())
    assert {0.0, 2.0, 4.0, 6.0, 8.0, 10.0} <= lines_at(grid, 0)
    plot.setXRange(100.0, 200.0, padding=0)  # a new range: the lines move with it
    grid.sync()
    assert 150.0 in lines_at(grid, 0) and 4.0 not in lines_at(grid, 0)
    # vertical lines span the y range exactly, horizontal ones the x range
    rect = grid.axes[0].items[0].path().boundingRect()
    assert np.isclose(rect.top(), -1.0) and np.isclose(rect.bottom(), 1.0)


def test_explicit_tick_spacing_and_a_hidden_axis(qtbot):
    plot, grid = make_plot(qtbot)
    plot.setXRange(0.6, 5.4, padding=0)
    integer_ticks(plot, 5)  # whole steps: set on the axis, seen before the next paint
    plot.scene().prepareForPaint()
    assert lines_at(grid, 0) == {1.0, 2.0, 3.0, 4.0, 5.0}
    plot.hideAxis("left")
    grid.sync()
    assert lines_at(grid, 1) == set()


def test_grid_alpha_matches_pyqtgraphs_rule(qtbot):
    # full density on a long axis with few ticks; minor lines half as strong; crowded fades
    assert level_alpha(GRID_ALPHA, 0, 5, 600.0) == int(255 * GRID_ALPHA)
    assert level_alpha(GRID_ALPHA, 1, 5, 600.0) == int(255 / 2 * GRID_ALPHA)
    assert level_alpha(GRID_ALPHA, 0, 50, 100.0) < level_alpha(GRID_ALPHA, 0, 5, 100.0)
    plot, grid = make_plot(qtbot)
    grid.sync()
    pen = grid.axes[0].items[0].pen()
    assert pen.widthF() == 0.0 and 0 < pen.color().alpha() <= int(255 * GRID_ALPHA)


def test_a_deleted_plot_lets_go_of_its_scene(qtbot):
    widget = pg.GraphicsLayoutWidget()
    qtbot.addWidget(widget)
    widget.show()
    plot = widget.addPlot()
    configure_plot(plot, "t")
    grid = plot._mlstm_grid
    grid.sync()
    widget.removeItem(plot)
    plot.deleteLater()
    qtbot.waitUntil(
        lambda: grid._scene is None or not __import__("shiboken6").isValid(plot), timeout=2000
    )
    widget.scene().prepareForPaint()  # no error from the gone plot's grid
    assert grid._scene is None
