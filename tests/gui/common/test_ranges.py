"""Fitted ranges: round, stable while the data stays inside, refit when it leaves or shrinks;
a user's zoom pauses them; the legend goes to the corner the curves leave free."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from mlstm_gui.common.ranges import GROW, FittedRange, grown, keep, nice_range, round_step


def test_round_ranges_and_when_they_are_kept():
    assert round_step(3.7) == 0.5 and round_step(37.0) == 5.0
    assert nice_range(0.13, 1.62) == (0.0, 2.0)
    assert nice_range(0.13, 1.62, floor=0.1) == (0.1, 2.0)
    assert keep((0.0, 2.0), 0.2, 1.5) and not keep((0.0, 2.0), 0.2, 2.1)
    assert not keep((0.0, 10.0), 1.0, 2.0)  # the data fills too little of the span


def test_data_that_leaves_a_range_grows_it_by_a_share_of_the_old_span():
    assert grown(None, 0.0, 1.0) == (0.0, 1.0)  # a first fit: tight
    assert grown((0.0, 2.0), 0.5, 1.0, slack=0.1) == (0.45, 1.05)  # inside: its own slack
    lo, hi = grown((0.0, 2.0), 0.5, 2.1)  # left it: room of GROW × the old span
    assert (lo, hi) == (0.5 - 2.0 * GROW, 2.1 + 2.0 * GROW)


def test_a_fitted_plot_follows_growing_data_in_few_steps_and_pauses_for_the_user(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    fit = FittedRange(plot, y_floor=0.0)
    curve = plot.plot()
    changes = 0
    for n in range(2, 400):
        x = np.arange(1, n + 1, dtype=float)
        y = 1.0 + 0.1 * np.sin(x)
        curve.setData(x, y)
        changes += fit.fit([x], [y])
        (x0, x1), (y0, y1) = plot.vb.viewRange()
        assert x0 <= 1 and x1 >= n and y0 <= y.min() and y.max() <= y1
    assert changes < 20  # the x range steps ahead of the data, half the run at a time
    plot.vb.sigRangeChangedManually.emit([True, True])  # a zoom by the user
    before = plot.vb.viewRange()
    assert not fit.fit([np.arange(1000.0)], [np.zeros(1000)])
    assert plot.vb.viewRange() == before
    fit.resume()  # the auto-range button
    assert plot.vb.viewRange()[0][1] >= 999


def test_the_legend_moves_to_the_corner_the_curves_leave_free(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(500, 300)
    widget.show()
    plot = widget.getPlotItem()
    legend = plot.addLegend()
    curve = plot.plot(name="rising")
    fit = FittedRange(plot, x_growing=False, legend=legend)
    x = np.linspace(0, 10, 200)
    for y in (x.copy(), 10 - x):  # bottom-left to top-right, then top-left to bottom-right
        curve.setData(x, y)
        fit.fit([x], [y])
        fit.place_legend()  # (fit looks again only now and then)
        assert (
            fit.corner in ("top-left", "bottom-right")
            if y[0] == 0
            else fit.corner
            in (
                "bottom-left",
                "top-right",
            )
        )
