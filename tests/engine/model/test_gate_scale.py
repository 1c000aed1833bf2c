"""The log-odds gate scale: the inner loop records the pre-sigmoid gates, which map back onto
the applied gates, and their fixed-bin histograms spread what [0, 1] bins pile into one bin."""

from __future__ import annotations

import numpy as np
import torch

from engine.model.adapt import adapt
from engine.model.gates import GATE_BINS, LOGIT_BINS, LOGIT_LIMIT, gate_stats, logit_bins
from engine.model.learner import Learner
from engine.model.metalearner import GateForcing, MetaLearner


def _episode(way: int = 3, shot: int = 2):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(way * shot, 1, 28, 28, generator=g)
    y = torch.arange(way).repeat_interleave(shot)
    return x, y, way


def test_the_recorded_log_odds_are_the_applied_gates_before_the_sigmoid():
    learner = Learner(1, 28, 4, 3)
    g = torch.Generator().manual_seed(0)
    meta = MetaLearner(learner.init_params(g), hidden=4, generator=g)
    x, y, way = _episode()
    size = learner.size(way)
    with torch.no_grad():
        ad = adapt(meta, learner, x, y, way, steps=3)
    assert ad.forget_logit is not None and ad.input_logit is not None
    assert ad.forget_logit.shape == ad.forget.shape == (3, size)
    torch.testing.assert_close(torch.sigmoid(ad.forget_logit), ad.forget)
    torch.testing.assert_close(torch.sigmoid(ad.input_logit), ad.input)
    with torch.no_grad():
        forced = adapt(meta, learner, x, y, way, 3, forcing=GateForcing(forget=1.0, input=0.1))
    assert forced.forget_logit is None  # forced gates have no pre-sigmoid values


def test_saturated_gates_fill_one_linear_bin_but_spread_on_the_log_odds_bins():
    """f̂ between 9 and 12: σ rounds to within 1e-4 of 1 (all in the top [0, 1] bin), while
    the 0.25-wide log-odds bins hold them in 13 (12 is the lower edge of the 13th); the
    statistics keep the exact log-odds."""
    logits = torch.linspace(9.0, 12.0, 600).reshape(1, 600).float()
    gates = torch.sigmoid(logits)
    ids = torch.zeros(600, dtype=torch.long)
    stats = gate_stats(gates, ids, 1, logits)
    assert stats.hist.shape == (1, 1, GATE_BINS) and stats.hist[0, 0, -1] == 600
    used = np.flatnonzero(stats.logit_hist[0, 0])
    assert stats.logit_hist.shape == (1, 1, LOGIT_BINS) and len(used) == 13
    assert np.isclose(stats.logit_mean[0, 0], 10.5, atol=1e-6)
    # without the pre-sigmoid values, they are recovered from float32 gates, clipped at ±20
    float32_ones = torch.ones(1, 4)
    derived = gate_stats(float32_ones, torch.zeros(4, dtype=torch.long), 1)
    assert derived.logit_hist[0, 0, -1] == 4 and abs(derived.logit_mean[0, 0] - LOGIT_LIMIT) < 1e-6
    assert logit_bins(torch.tensor([-99.0, 0.0, 99.0])).tolist() == [0, LOGIT_BINS // 2, 159]
