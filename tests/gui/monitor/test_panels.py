"""The plot panels, offscreen: feed fabricated reports, assert on curve data and image arrays."""

from __future__ import annotations

import csv
import dataclasses
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from engine.model.gates import GATE_BINS, GateStats
from engine.training.reports import EpisodeReport, ValidationReport  # noqa: E402
from mlstm_gui.monitor.history import MetricHistory, smoothed  # noqa: E402

LAYERS = ("conv1", "conv2", "fc")
T = 5


def make_report(
    episode: int, rng: np.random.Generator, layers: tuple[str, ...] = LAYERS, steps: int = T
) -> EpisodeReport:
    """A real EpisodeReport with random but plausible arrays."""

    def gate(center: float) -> GateStats:
        values = np.clip(rng.normal(center, 0.05, (len(layers), steps, 200)), 0.0, 1.0)
        hist = np.stack([[np.histogram(v, GATE_BINS, (0.0, 1.0))[0] for v in lv] for lv in values])
        return GateStats(values.mean(-1), values.std(-1), values.min(-1), values.max(-1), hist)

    inner = np.sort(rng.uniform(0.3, 1.6, steps))[::-1].copy()
    return EpisodeReport(
        episode=episode,
        meta_loss=float(rng.uniform(0.5, 1.6)),
        meta_acc=float(rng.uniform(0.2, 0.7)),
        inner_loss=inner,
        inner_acc=np.linspace(0.2, 0.9, steps),
        layers=layers,
        input_gate=gate(0.1),
        forget_gate=gate(0.9),
        learner_grad_norm=rng.random(steps),
        meta_grad_norm=0.3,
        meta_grad_norms={"lstm": 0.2},
        seconds=0.05,
        class_names=("a", "b", "c", "d", "e"),
    )


@pytest.fixture
def history() -> MetricHistory:
    rng = np.random.default_rng(0)
    h = MetricHistory()
    for e in range(1, 41):
        h.add_episode(make_report(e, rng))
        if e % 20 == 0:
            h.add_validation(
                ValidationReport(e, "val", 0.3 + e / 200, 0.01 * (1 + e / 40), 1.2, 100, True, 1.0)
            )
    return h


def original(curve):
    x, y = curve.getOriginalDataset()
    return np.asarray(x), np.asarray(y)


def check_exports(panel, tmp_path):
    for name in panel.plots:
        png = panel.export_png(name, tmp_path / f"{name}.png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 1000
        table = panel.export_csv(name, tmp_path / f"{name}.csv")
        with table.open() as fh:
            rows = list(csv.reader(fh))
        assert len(rows) > 1 and len(rows[0]) >= 2


def test_loss_panel_draws_history(qtbot, history):
    from mlstm_gui.monitor.loss_plots import LossPanel

    panel = LossPanel()
    qtbot.addWidget(panel)
    assert panel.refresh(history) is True
    assert panel.refresh(history) is False  # version unchanged: nothing to do
    s = history.series()
    x, y = panel.raw_curve.getData()
    assert np.array_equal(x, s.episode) and np.allclose(y, s.meta_loss)
    _, ys = panel.smooth_curve.getData()
    assert np.allclose(ys, smoothed(s.meta_loss, panel.smoothing.weight))
    t, inner = panel.inner_curve.getData()
    assert np.array_equal(t, np.arange(1, T + 1)) and np.allclose(inner, history.latest.inner_loss)
    qx, qy = panel.query_point.getData()
    assert qx.tolist() == [T + 1] and np.isclose(qy[0], history.latest.meta_loss)
    rx, ry = original(panel.recent_curve)
    assert ry.size == history.recent_inner_losses().size
    assert np.allclose(panel.first_curve.getData()[1], s.first_loss)
    assert np.allclose(panel.last_curve.getData()[1], s.last_loss)
    assert np.allclose(
        panel.last_smooth.getData()[1], smoothed(s.last_loss, panel.smoothing.weight)
    )


def test_loss_panel_smoothing_and_log(qtbot, history):
    from mlstm_gui.monitor.loss_plots import LossPanel

    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.refresh(history)
    loss = history.series().meta_loss
    panel.smoothing.slider.setValue(0)
    assert np.allclose(panel.smooth_curve.getData()[1], loss)
    panel.smoothing.slider.setValue(990)
    assert panel.smoothing.weight == pytest.approx(0.99)
    assert np.allclose(panel.smooth_curve.getData()[1], smoothed(loss, 0.99))
    assert panel.smoothing.value_label.text() == "0.990"
    panel.set_smoothing(0.5)
    assert np.allclose(panel.first_smooth.getData()[1], smoothed(history.series().first_loss, 0.5))

    panel.log_y.setChecked(True)
    for name in ("meta_loss", "inner", "first_last"):
        assert panel.plots[name].ctrl.logYCheck.isChecked()
    drawn = panel.raw_curve.path().boundingRect()  # the path Qt draws: log10 of the data
    assert np.isclose(drawn.top(), np.log10(loss.min())) and np.isclose(
        drawn.bottom(), np.log10(loss.max())
    )
    assert np.allclose(original(panel.raw_curve)[1], loss)  # the data themselves unchanged
    # the within-episode items follow the log axis too (the recent overlay once did not)
    recent = history.recent_inner_losses()
    top = panel.recent_curve.path().boundingRect().bottom()  # the largest y in path units
    assert np.isclose(top, np.log10(recent.max()), atol=1e-6)
    assert np.isclose(
        panel.inner_curve.path().boundingRect().top(), np.log10(history.latest.inner_loss.min())
    )
    assert np.allclose(original(panel.recent_curve)[1], recent.ravel())
    panel.set_log_y(False)
    assert not panel.log_y.isChecked() and np.allclose(panel.raw_curve.getData()[1], loss)
    assert np.isclose(panel.raw_curve.path().boundingRect().bottom(), loss.max())


def test_loss_panel_follows_new_episodes(qtbot, history):
    from mlstm_gui.monitor.loss_plots import LossPanel

    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.refresh(history)
    history.add_episode(make_report(41, np.random.default_rng(9)))
    assert panel.refresh(history) is True
    assert panel.raw_curve.getData()[0][-1] == 41
    history.clear()
    panel.refresh(history)
    assert panel.raw_curve.getData()[0] is None or len(panel.raw_curve.getData()[0]) == 0


def test_accuracy_panel(qtbot, history):
    from mlstm_gui.monitor.accuracy_plots import AccuracyPanel

    panel = AccuracyPanel()
    qtbot.addWidget(panel)
    panel.refresh(history)
    s = history.series()
    assert np.allclose(panel.train_curve.getData()[1], s.meta_acc * 100)
    assert np.allclose(
        panel.smooth_curve.getData()[1], smoothed(s.meta_acc * 100, panel.smoothing.weight)
    )
    val = history.validation()
    vx, vy = panel.val_curve.getData()
    assert vx.tolist() == [20, 40] and np.allclose(vy, val.accuracy * 100)
    assert np.allclose(panel.val_upper.getData()[1], (val.accuracy + val.ci95) * 100)
    assert np.allclose(panel.val_lower.getData()[1], (val.accuracy - val.ci95) * 100)
    assert panel.best_point.getData()[0].tolist() == [40]
    assert panel.chance_line.isVisible() and panel.chance_line.value() == pytest.approx(20.0)
    panel.smoothing.slider.setValue(0)
    assert np.allclose(panel.smooth_curve.getData()[1], s.meta_acc * 100)
    history.add_validation(ValidationReport(40, "test", 0.41, 0.007, 1.3, 600, False, 9.0))
    panel.refresh(history)
    assert panel.test_points.getData()[1].tolist() == pytest.approx([41.0])
    assert panel.val_curve.getData()[0].tolist() == [20, 40]  # test results are not validation
    text = panel.crosshairs["accuracy"].text_at(39.0, 50.0)
    assert "validation" in text and "±" in text


def test_gate_panel_heatmaps(qtbot, history):
    from mlstm_gui.monitor.gate_plots import GatePanel

    panel = GatePanel()
    qtbot.addWidget(panel)
    panel.refresh(history)
    assert [panel.layer_combo.itemText(i) for i in range(panel.layer_combo.count())] == list(LAYERS)
    assert panel.selected_layer == "conv1"
    for gate in ("input", "forget"):
        heat = history.gate_heatmap(gate, "conv1")
        img = panel.heatmaps[gate]
        assert img.image.shape == (40, GATE_BINS)
        assert np.allclose(img.image, heat.density)
        assert np.allclose(img.image.sum(axis=1), 1.0)
        rect = img.mapRectToParent(img.boundingRect())
        assert (rect.x(), rect.y(), rect.width(), rect.height()) == pytest.approx(
            (0.5, 0.0, 40.0, 1.0)
        )
    # input gate values near 0.1, forget gate near 0.9: mass in the matching bins
    assert panel.heatmaps["input"].image[:, 2].mean() > 0.3
    assert panel.heatmaps["forget"].image[:, 18].mean() > 0.3

    panel.select_layer("fc")
    assert np.allclose(panel.heatmaps["input"].image, history.gate_heatmap("input", "fc").density)
    panel.log_color.setChecked(True)
    expected = np.log10(np.maximum(history.gate_heatmap("forget", "fc").density, 1e-4))
    assert np.allclose(panel.heatmaps["forget"].image, expected)
    assert panel.colorbar.levels() == (-4.0, 0.0)
    panel.log_color.setChecked(False)
    assert panel.colorbar.levels() == (0.0, 1.0)
    text = panel.crosshairs["heat_input"].text_at(10.0, 0.12)
    assert "episode 10" in text and "[0.10, 0.15)" in text and "density" in text


def test_gate_panel_within_episode(qtbot, history):
    from mlstm_gui.monitor.gate_plots import GatePanel

    panel = GatePanel()
    qtbot.addWidget(panel)
    panel.refresh(history)
    latest = history.latest
    for gate in ("input", "forget"):
        stats = getattr(latest, f"{gate}_gate")
        for li, layer in enumerate(LAYERS):
            t, m = panel.step_curves[(gate, layer)].getData()
            assert np.array_equal(t, np.arange(1, T + 1)) and np.allclose(m, stats.mean[li])
            bt, lo, hi = panel.step_bands[(gate, layer)].getData()
            assert np.array_equal(bt, t)
            assert np.allclose(hi, np.minimum(stats.mean[li] + stats.std[li], 1.0))
            assert np.allclose(lo, np.maximum(stats.mean[li] - stats.std[li], 0.0))
            _, recent = original(panel.step_recent[(gate, layer)])
            assert np.allclose(recent, history.recent_gate_means(gate)[:, li, :].ravel())
    panel.show_band.setChecked(False)
    panel.show_recent.setChecked(False)
    key = ("input", "fc")
    assert not panel.step_bands[key].isVisible() and not panel.step_recent[key].isVisible()
    assert panel.step_curves[key].isVisible()


def test_gate_panel_rebuilds_for_other_layers(qtbot, history):
    from mlstm_gui.monitor.gate_plots import GatePanel

    panel = GatePanel()
    qtbot.addWidget(panel)
    panel.refresh(history)
    history.add_episode(make_report(41, np.random.default_rng(3), layers=("a", "b")))
    panel.refresh(history)
    assert set(panel.step_curves) == {
        (g, layer) for g in ("input", "forget") for layer in ("a", "b")
    }
    assert panel.layer_combo.count() == 2 and panel.heatmaps["input"].image.shape == (1, GATE_BINS)


def test_empty_history_draws_nothing(qtbot):
    from mlstm_gui.monitor.accuracy_plots import AccuracyPanel
    from mlstm_gui.monitor.gate_plots import GatePanel
    from mlstm_gui.monitor.loss_plots import LossPanel

    h = MetricHistory()
    for cls in (LossPanel, AccuracyPanel, GatePanel):
        panel = cls()
        qtbot.addWidget(panel)
        panel.refresh(h)


@pytest.mark.parametrize("kind", ["loss", "accuracy", "gates"])
def test_exports_write_png_and_csv(qtbot, history, tmp_path, kind):
    from mlstm_gui.monitor.accuracy_plots import AccuracyPanel
    from mlstm_gui.monitor.gate_plots import GatePanel
    from mlstm_gui.monitor.loss_plots import LossPanel

    panel = {"loss": LossPanel, "accuracy": AccuracyPanel, "gates": GatePanel}[kind]()
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.refresh(history)
    check_exports(panel, tmp_path)
    if kind == "gates":
        with (tmp_path / "heat_forget.csv").open() as fh:
            rows = list(csv.reader(fh))
        assert len(rows) == 41 and len(rows[0]) == 2 + GATE_BINS
        assert np.allclose(np.asarray(rows[1][2:], float).sum(), 1.0, atol=1e-4)
    paths = panel.export_all(tmp_path / "all", prefix=f"{kind}_")
    assert len(paths) == 2 * len(panel.plots) and all(p.stat().st_size > 0 for p in paths)


def test_refresh_with_full_buffers_hands_the_plots_bounded_data(qtbot):
    """A long run (5,000 episodes) refreshes from the bounded history: no curve is given more
    points than the history holds, however long the run. (What a refresh costs is measured
    by `python -m bench.panel_cost`, not timed here.)"""

    from mlstm_gui.monitor.accuracy_plots import AccuracyPanel
    from mlstm_gui.monitor.gate_plots import GatePanel
    from mlstm_gui.monitor.loss_plots import LossPanel

    rng = np.random.default_rng(1)
    reports = [make_report(e, rng) for e in range(1, 6)]
    h = MetricHistory()
    for e in range(1, 5001):
        h.add_episode(reports[e % 5])
    panels = [LossPanel(), AccuracyPanel(), GatePanel()]
    for p in panels:
        qtbot.addWidget(p)
        p.refresh(h)
    for _ in range(10):
        h.add_episode(reports[0])
        for p in panels:
            assert p.refresh(h)
    assert len(h) == 5010 and h.rows_held <= 2 * 1024 + 2048
    for p in panels:
        for plot in p.plots.values():
            for item in plot.listDataItems():
                x, _ = item.getOriginalDataset()
                assert x is None or len(x) <= h.rows_held


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_hidden_panel_defers_drawing_until_shown(qtbot, history, tmp_path):
    from mlstm_gui.monitor.loss_plots import LossPanel

    panel = LossPanel()
    qtbot.addWidget(panel)
    panel.show()
    panel.refresh(history)
    panel.hide()
    history.add_episode(make_report(41, np.random.default_rng(5)))
    assert panel.refresh(history) is False  # hidden (a background tab): no drawing
    assert panel.raw_curve.getData()[0][-1] == 40
    panel.show()  # drawn on showing
    assert panel.raw_curve.getData()[0][-1] == 41
    panel.hide()
    history.add_episode(make_report(42, np.random.default_rng(6)))
    panel.refresh(history)
    table = panel.export_csv("meta_loss", tmp_path / "meta_loss.csv")
    assert panel.raw_curve.getData()[0][-1] == 42  # exporting draws what is pending first
    assert table.stat().st_size > 0


def test_live_ranges_are_set_by_the_panels_and_rarely_change(qtbot):
    """Each new episode must not move the axes (a moved range repaints the axes, and pyqtgraph's
    own auto-range, recomputed in each paint, can oscillate): over 50 single-episode refreshes
    of a long run, each plot's range changes at most twice, and the data stays inside it."""
    from mlstm_gui.monitor.accuracy_plots import AccuracyPanel
    from mlstm_gui.monitor.gate_plots import GatePanel
    from mlstm_gui.monitor.loss_plots import LossPanel

    rng = np.random.default_rng(3)
    reports = [make_report(e, rng) for e in range(1, 6)]
    h = MetricHistory()
    for e in range(1, 2001):
        h.add_episode(dataclasses.replace(reports[e % 5], episode=e))
    panels = [LossPanel(), AccuracyPanel(), GatePanel()]
    changes: dict[str, int] = {}
    for p in panels:
        qtbot.addWidget(p)
        p.show()
        p.refresh(h)
        for name, plot in p.plots.items():
            key = f"{type(p).__name__}.{name}"
            changes[key] = 0
            plot.vb.sigRangeChanged.connect(
                lambda *_, k=key: changes.__setitem__(k, changes[k] + 1)
            )
    for e in range(2001, 2051):
        h.add_episode(dataclasses.replace(reports[e % 5], episode=e))
        for p in panels:
            p.refresh(h)
    assert max(changes.values()) <= 2, changes
    loss = panels[0].plots["meta_loss"].vb.viewRange()
    assert loss[0][0] <= 1 and loss[0][1] >= 2050  # every episode in view
    y = panels[0].raw_curve.getData()[1]
    assert loss[1][0] <= y.min() and y.max() <= loss[1][1]
    inner = panels[0].plots["inner"].getAxis("bottom")
    assert inner._tickSpacing is not None and inner._tickSpacing[0][0] == 1  # whole steps
