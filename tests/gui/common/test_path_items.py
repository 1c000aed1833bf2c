"""Qt's own path items for the per-episode curves: data in, the path and markers Qt draws out."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6 import QtGui  # noqa: E402

from mlstm_gui.common.path_items import (  # noqa: E402
    SMALL_PATH,
    BandItem,
    Dots,
    PathCurve,
    history_curve,
    peaks,
    polyline_path,
)
from mlstm_gui.common.plot_export import export_csv  # noqa: E402
from mlstm_gui.common.theme import brush, pen  # noqa: E402


def subpaths(path: QtGui.QPainterPath) -> int:
    return sum(path.elementAt(i).isMoveTo() for i in range(path.elementCount()))


def test_a_curve_draws_its_data_and_breaks_at_gaps_and_connect():
    curve = PathCurve(pen("#1f77b4"), "c")
    curve.setData([1, 2, 3, 4, 5], [0.1, 0.2, np.nan, 0.4, 0.5])
    assert subpaths(curve.path()) == 2  # the NaN splits the line
    rect = curve.path().boundingRect()
    assert (rect.left(), rect.right(), rect.top(), rect.bottom()) == (1, 5, 0.1, 0.5)
    x, y = curve.getData()
    assert np.isnan(y[2]) and x.tolist() == [1, 2, 3, 4, 5]  # the data as given
    connect = np.array([True, False, True, True, False])
    curve.setData([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], connect=connect)
    assert subpaths(curve.path()) == 2
    assert curve.dataBounds(1) == (1.0, 5.0)
    curve.clear()
    assert curve.path().isEmpty()


def test_log_mode_draws_log10_and_keeps_the_data(qtbot):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    curve = PathCurve(pen("#1f77b4"), "loss", symbol="o", brush=brush("#1f77b4"))
    plot.getPlotItem().addItem(curve)
    curve.setData([1, 2, 3], [1.0, 10.0, 100.0])
    plot.getPlotItem().setLogMode(x=False, y=True)  # the plot passes it on, as to its own curves
    rect = curve.path().boundingRect()
    assert np.isclose(rect.top(), 0.0) and np.isclose(rect.bottom(), 2.0)
    assert curve.getData()[1].tolist() == [1.0, 10.0, 100.0]
    assert [m.pos().y() for m in curve.dots._markers] == [0.0, 1.0, 2.0]


def test_dots_keep_their_pixel_size_and_are_reused(qtbot):
    dots = Dots("d", 9, None, brush("#2ca02c"), name="q")
    dots.setData([1, 2, 3], [0.5, 0.6, 0.7])
    shown = [m for m in dots._markers if m.isVisible()]
    assert len(shown) == 3 and [m.pos().x() for m in shown] == [1, 2, 3]
    assert shown[0].boundingRect().width() <= 10  # pixels: they ignore the view's scale
    dots.setData([4], [0.1])
    assert len(dots._markers) == 3 and sum(m.isVisible() for m in dots._markers) == 1


def test_named_items_reach_the_legend_the_read_out_and_the_csv(qtbot, tmp_path):
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    item = plot.getPlotItem()
    legend = item.addLegend()
    curve = PathCurve(pen("#1f77b4"), "latest")
    band = BandItem("#1f77b4")
    item.addItem(curve)
    item.addItem(band)
    curve.setData([1, 2, 3], [3.0, 2.0, 1.0])
    band.set_band(np.array([1.0, 2.0]), np.array([0.0, 0.1]), np.array([1.0, 1.1]))
    assert curve in item.listDataItems()
    assert [label.text for _, label in legend.items] == ["latest"]
    image = QtGui.QImage(200, 150, QtGui.QImage.Format.Format_ARGB32)
    painter = QtGui.QPainter(image)
    item.scene().render(painter)  # the legend sample and the items paint
    painter.end()
    assert band.path().boundingRect().height() == 1.1  # bounds are the data's (a 0-width pen)
    rows = (tmp_path / "c.csv").read_text() if export_csv(item, tmp_path / "c.csv") else ""
    assert rows.splitlines()[0] == "latest_x,latest_y" and rows.splitlines()[1] == "1,3"


def test_a_history_curve_draws_two_points_per_pixel_column_of_what_is_in_view(qtbot):
    plot = pg.PlotWidget()
    plot.resize(400, 300)
    qtbot.addWidget(plot)
    plot.show()
    item = plot.getPlotItem()
    curve = history_curve(item, pen("#1f77b4"), "raw")
    rng = np.random.default_rng(0)
    x = np.arange(1, 20_001, dtype=float)
    y = rng.normal(size=x.size)
    y[12_345] = 9.0  # one spike: peak decimation must keep it
    item.vb.setXRange(1, 20_000, padding=0)
    curve.setData(x, y)
    columns = int(item.vb.width())
    path = curve.path()
    assert path.elementCount() <= 2 * columns + 2
    assert np.isclose(path.boundingRect().bottom(), 9.0)  # the extremes are all drawn
    assert np.isclose(path.boundingRect().top(), y.min())
    assert curve.getData()[1].size == 20_000  # the read-out and exports get every point
    item.vb.setXRange(100, 200, padding=0)  # zoomed in: every point in view, nothing more
    path = curve.path()
    xs = [path.elementAt(i).x for i in range(path.elementCount())]
    assert min(xs) == 99 and max(xs) == 201 and len(xs) == 103


def test_peaks_keep_each_runs_min_and_max():
    x = np.arange(10, dtype=float)
    y = np.array([0, 5, 1, 2, np.nan, 3, 7, 1, 0, 4], float)
    px, py = peaks(x, y, 5)
    assert px.tolist() == [0, 0, 2, 2, 4, 4, 6, 6, 8, 8]
    assert py.tolist() == [0, 5, 1, 2, 3, 3, 1, 7, 0, 4]


def test_auto_range_takes_the_items_even_with_one_axis_empty(qtbot):
    """pyqtgraph's auto-range asks a data item with one unbounded axis for its rotation."""
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    item = plot.getPlotItem()
    curve, band, dots = PathCurve(pen("#1f77b4")), BandItem("#1f77b4"), Dots("o", 5, None, "r")
    for it in (curve, band, dots):
        item.addItem(it)
    curve.setData([1.0, 2.0], [np.nan, np.nan])  # x bounded, y not
    dots.setData([3.0], [np.nan])
    item.vb.enableAutoRange()
    item.vb.setXRange(0, 10)  # what the monkey test did: no AttributeError
    item.vb.autoRange()


def segments(path: QtGui.QPainterPath) -> list[tuple[float, float, float, float]]:
    """The lines a path draws (a lone moveTo draws none)."""
    out, at = [], None
    for i in range(path.elementCount()):
        e = path.elementAt(i)
        if not e.isMoveTo() and at is not None:
            out.append((*at, round(e.x, 9), round(e.y, 9)))
        at = (round(e.x, 9), round(e.y, 9))
    return out


def test_short_paths_draw_the_lines_pyqtgraph_draws():
    rng = np.random.default_rng(1)
    for n in (1, 2, 5, 50, SMALL_PATH):
        x, y = np.arange(n, dtype=float), rng.random(n)
        breaks = rng.random(n) > 0.3
        for connect in ("all", "finite", breaks):
            ours = segments(polyline_path(x, y, connect))
            assert ours == segments(pg.arrayToQPath(x, y, connect=connect)), (n, connect)
            assert len(ours) == (n - 1 if isinstance(connect, str) else breaks[:-1].sum())
    assert polyline_path(np.zeros(0), np.zeros(0)).elementCount() == 0
