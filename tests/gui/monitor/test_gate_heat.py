"""The gate panel's y fitting (monitor/gate_heat.py): a drifting gate moves the range in a few
steps, not every episode, and the range always holds the data within the scale's bounds."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from mlstm_gui.monitor.gate_heat import fit_y


def test_a_drifting_gate_refits_the_range_in_few_steps(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    plot = widget.getPlotItem()
    changes, last = 0, None
    # early training: the input gate's log-odds rise from -4.9 to -1.8 over 150 episodes, with
    # a little noise each episode (what the live panel saw in docs/BENCHMARKS.md)
    rng = np.random.default_rng(0)
    for k in range(150):
        top = -4.84 + 3.0 * k / 149 + 0.01 * rng.standard_normal()
        data = np.array([-4.92 + 0.005 * rng.standard_normal(), top])
        fit_y(plot, [data], -12.0, 12.0)
        lo, hi = plot._mlstm_y
        assert -12.0 <= lo <= data.min() and data.max() <= hi <= 12.0
        changes += (lo, hi) != last
        last = (lo, hi)
    assert changes <= 12  # a refit per episode repainted the axis 30 times in 56 turns
    for _ in range(20):  # settled data: the range stays
        fit_y(plot, [np.array([-4.9, -1.9]) + 0.01 * rng.standard_normal(2)], -12.0, 12.0)
    assert plot._mlstm_y == last
