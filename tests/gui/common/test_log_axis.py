"""The loss plots' log axis: a range inside one decade still gets round, labelled ticks (the
meta-training loss sits between 1.3 and 1.5 for hundreds of episodes); wider ranges keep
pyqtgraph's decades and k·10^k ticks."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from mlstm_gui.common.log_axis import LogAxis, linear_ticks


def test_round_ticks_inside_a_decade():
    assert np.allclose(linear_ticks(1.3, 1.47), [1.3, 1.35, 1.4, 1.45])
    assert all(0 < v for v in linear_ticks(0.01, 0.09))


def test_a_narrow_log_range_keeps_labelled_ticks(qtbot):
    axis = LogAxis("left")
    widget = pg.PlotWidget(axisItems={"left": axis})
    qtbot.addWidget(widget)
    widget.setLogMode(y=True)
    lo, hi = math.log10(1.3), math.log10(1.47)
    levels = axis.tickValues(lo, hi, 400.0)
    values = [v for _, vs in levels for v in vs]
    assert len(values) >= 3 and all(lo <= v <= hi for v in values)
    assert axis.tickStrings(values, 1.0, None) == ["1.3", "1.35", "1.4", "1.45"]
    # a range over decades: pyqtgraph's own ticks and labels
    wide = [v for _, vs in axis.tickValues(-1.0, 1.0, 400.0) for v in vs]
    assert any(abs(v) < 1e-12 for v in wide) and any(abs(v - math.log10(2.0)) < 1e-9 for v in wide)
    powers = [-1.0, 0.0, 1.0, math.log10(2.0)]
    assert axis.tickStrings(powers, 1.0, 1.0) == pg.AxisItem.logTickStrings(axis, powers, 1.0, 1.0)
