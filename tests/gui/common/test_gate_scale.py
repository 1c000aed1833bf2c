"""The gate scale in the gate panel: a saturated forget gate is shown on the log-odds axis
(chosen automatically, labelled in gate values), a spread input gate stays on [0, 1], and the
choice can be made by hand."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import torch

from engine.model.gates import GATE_BINS, LOGIT_BINS, gate_stats
from mlstm_gui.common.gate_scale import GateAxis, GateScale, gate_label, suggest_scale
from mlstm_gui.monitor.history import MetricHistory

LAYERS = ("conv1", "fc")


def _stats(logits: torch.Tensor):
    ids = torch.tensor([0] * 50 + [1] * 50)
    return gate_stats(torch.sigmoid(logits).float(), ids, 2, logits)


def _history(episodes: int = 30) -> MetricHistory:
    from tests.gui.monitor.test_panels import make_report

    rng = np.random.default_rng(0)
    g = torch.Generator().manual_seed(0)
    h = MetricHistory()
    for e in range(1, episodes + 1):
        report = make_report(e, rng, layers=LAYERS, steps=3)
        forget = 10.0 + 0.5 * torch.randn(3, 100, generator=g, dtype=torch.float64)  # f ≈ 0.99995
        inputs = torch.randn(3, 100, generator=g, dtype=torch.float64)  # i spread around 0.5
        h.add_episode(
            dataclasses.replace(report, forget_gate=_stats(forget), input_gate=_stats(inputs))
        )
    return h


def test_labels_and_the_automatic_choice():
    assert gate_label(0.0, GateScale.LOGIT) == "0.50"
    assert gate_label(10.0, GateScale.LOGIT) == "1−4.5e-05"
    assert gate_label(-10.0, GateScale.LOGIT) == "4.5e-05"
    near = [gate_label(x, GateScale.LOGIT) for x in (4.6, 4.8, 5.0)]  # three ticks near 0.99
    assert near == ["1−0.01", "1−0.0082", "1−0.0067"] and len(set(near)) == 3
    top = np.zeros(GATE_BINS)
    top[-1] = 1.0
    assert suggest_scale(top) is GateScale.LOGIT
    assert suggest_scale(np.ones(GATE_BINS)) is GateScale.VALUE


def test_the_panel_spreads_the_saturated_forget_gate_on_log_odds(qtbot):
    from mlstm_gui.monitor.gate_plots import GatePanel

    h = _history()
    panel = GatePanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    panel.refresh(h)
    assert panel.scales == {"input": GateScale.VALUE, "forget": GateScale.LOGIT}
    forget = panel.heatmaps["forget"].image
    assert forget.shape == (30, LOGIT_BINS)
    assert np.count_nonzero(forget.max(axis=0) > 0.01) >= 6  # spread over bins, not one line
    lo, hi = panel.plots["heat_forget"].vb.viewRange()[1]
    assert 5.0 <= lo < 10.0 < hi <= 15.0  # the view zooms on the occupied log-odds
    axis = panel.plots["heat_forget"].getAxis("left")
    assert isinstance(axis, GateAxis) and axis.gate_scale is GateScale.LOGIT
    assert axis.tickStrings([10.0], 1.0, 1.0) == ["1−4.5e-05"]
    x, y = panel.step_curves[("forget", "conv1")].getData()
    assert np.allclose(y, h.latest.forget_gate.logit_mean[0])  # log-odds means, not 1.0
    assert panel.heatmaps["input"].image.shape == (30, GATE_BINS)
    panel.set_scale(GateScale.VALUE)  # by hand
    assert panel.scales["forget"] is GateScale.VALUE
    assert panel.heatmaps["forget"].image.shape == (30, GATE_BINS)
    assert panel.heatmaps["forget"].image[:, -1].min() > 0.99  # the single bright line
    panel.set_scale(None)
    assert panel.scales["forget"] is GateScale.LOGIT


@pytest.mark.parametrize("scale", list(GateScale))
def test_the_heat_csv_names_the_bins_of_its_scale(qtbot, tmp_path, scale):
    from mlstm_gui.monitor.gate_plots import GatePanel

    panel = GatePanel()
    qtbot.addWidget(panel)
    panel.set_scale(scale)
    panel.refresh(_history(4))
    path = tmp_path / "heat.csv"
    panel.export_csv("heat_forget", path)
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    bins = GATE_BINS if scale is GateScale.VALUE else LOGIT_BINS
    assert len(header) == 2 + bins and header[2].startswith(
        "bin_" if bins == GATE_BINS else "logit_"
    )
