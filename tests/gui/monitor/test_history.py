"""MetricHistory without Qt: bounded memory, even thinning, debiased EMA, heatmap columns, CSV."""

from __future__ import annotations

import csv
import resource
import sys
import tracemalloc

import numpy as np
import pytest

from engine.model.gates import GATE_BINS, GateStats
from engine.training.reports import EpisodeReport, ValidationReport
from mlstm_gui.monitor.history import MetricHistory, smoothed

LAYERS = ("conv1", "conv2", "fc")
T = 4


def gate_stats(rng: np.random.Generator, hist: np.ndarray | None = None) -> GateStats:
    mean = rng.random((len(LAYERS), T))
    if hist is None:
        hist = rng.integers(0, 50, (len(LAYERS), T, GATE_BINS))
    return GateStats(mean, mean * 0.1, mean * 0.5, np.minimum(mean * 1.5, 1.0), hist)


def report(
    episode: int,
    gate: GateStats,
    loss: float = 1.0,
    acc: float = 0.5,
    inner: np.ndarray | None = None,
) -> EpisodeReport:
    inner = np.linspace(1.6, 0.4, T) if inner is None else inner
    return EpisodeReport(
        episode, loss, acc, inner, np.zeros(T), LAYERS, gate, gate, np.zeros(T), 0.1, {}, 0.01
    )


def one_hot_gate(bin_index: int) -> GateStats:
    """Every coordinate of every layer in one bin, so densities are easy to predict."""
    hist = np.zeros((len(LAYERS), T, GATE_BINS), np.int64)
    hist[:, :, bin_index] = 10
    mean = np.full((len(LAYERS), T), (bin_index + 0.5) / GATE_BINS)
    return GateStats(mean, mean * 0, mean, mean, hist)


def ema_by_hand(values, w):
    out, last = [], 0.0
    for n, v in enumerate(values, 1):
        last = w * last + (1 - w) * v
        out.append(last / (1 - w**n))
    return np.array(out)


def rss_bytes() -> int:
    """Peak resident set size of this process (kB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def test_100k_episodes_stay_bounded():
    rng = np.random.default_rng(0)
    gate = gate_stats(rng)
    h = MetricHistory()
    before = rss_bytes()
    losses = rng.random(100_000)
    for e in range(1, 100_001):
        h.add_episode(report(e, gate, loss=float(losses[e - 1])))
    assert len(h) == 100_000
    assert rss_bytes() - before < 50 * 2**20
    assert h.rows_held <= 4096
    assert h.heat_columns <= 512
    s = h.series()
    assert s.episode[0] == 1 and s.episode[-1] == 100_000
    assert np.all(np.diff(s.episode) > 0)
    # the newest 1024 episodes are complete, the older ones evenly spaced
    assert np.array_equal(s.episode[-1024:], np.arange(100_000 - 1023, 100_001))
    assert np.all(s.meta_loss == losses[s.episode.astype(int) - 1])
    archive_steps = np.unique(np.diff(s.episode[: h._na]))
    assert archive_steps.size == 1
    # and memory does not grow any further
    tracemalloc.start()
    start, _ = tracemalloc.get_traced_memory()
    for e in range(100_001, 105_001):
        h.add_episode(report(e, gate))
    grown = tracemalloc.get_traced_memory()[0] - start
    tracemalloc.stop()
    assert grown < 2 * 2**20


def test_small_buffers_keep_first_and_last_episode():
    gate = gate_stats(np.random.default_rng(1))
    h = MetricHistory(recent=8, archive=16, heat_columns=4)
    for e in range(1, 1001):
        h.add_episode(report(e, gate))
        s = h.series()
        assert s.episode[0] == 1 and s.episode[-1] == e
        assert h.rows_held <= 16 + 2 * 8
    assert h.heat_columns <= 4


def test_debiased_ema_matches_hand_computation():
    x = np.array([1.0, 2.0, 3.0])
    assert np.allclose(smoothed(x, 0.5), [1.0, 1.25 / 0.75, 2.125 / 0.875])
    assert np.allclose(MetricHistory.smoothed(x, 0.0), x)
    rng = np.random.default_rng(2)
    y = rng.normal(1.0, 0.3, 5000)
    for w in (0.01, 0.3, 0.6, 0.9, 0.99, 0.999):
        assert np.allclose(smoothed(y, w), ema_by_hand(y, w), rtol=1e-9, atol=1e-12)
    # a constant is its own average from the first point on (that is what the debiasing is for)
    assert np.allclose(smoothed(np.full(50, 3.0), 0.99), 3.0)
    # non-finite points stay NaN and do not count
    z = np.array([1.0, np.nan, 2.0, 3.0])
    out = smoothed(z, 0.5)
    assert np.isnan(out[1])
    assert np.allclose(out[[0, 2, 3]], ema_by_hand([1.0, 2.0, 3.0], 0.5))


def test_heatmap_columns_merge_and_stay_normalised():
    h = MetricHistory(heat_columns=4)
    bins = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    for e, b in enumerate(bins, 1):
        h.add_episode(report(e, one_hot_gate(b)))
    # 10 episodes in at most 4 columns: widths 4, 4, then a partial column of 2
    heat = h.gate_heatmap("input", "conv2")
    assert heat.density.shape == (3, GATE_BINS)
    assert heat.episodes_per_column == 4
    assert np.allclose(heat.density.sum(axis=1), 1.0)
    assert heat.first_episode.tolist() == [1, 5, 9]
    assert heat.last_episode.tolist() == [4, 8, 10]
    assert np.allclose(heat.density[0, :4], 0.25) and np.allclose(heat.density[2, 8:10], 0.5)
    x, y, width, height = heat.rect
    assert (x, y, height) == (0.5, 0.0, 1.0) and width == 12  # 3 columns of 4 episodes
    assert np.allclose(h.gate_heatmap("forget", 0).density, heat.density)


def test_heatmap_many_episodes_bounded_and_normalised():
    rng = np.random.default_rng(3)
    h = MetricHistory(heat_columns=64)
    for e in range(1, 5001):
        h.add_episode(report(e, gate_stats(rng) if e % 97 == 0 else one_hot_gate(e % GATE_BINS)))
    heat = h.gate_heatmap("forget", "fc")
    assert 32 <= heat.density.shape[0] <= 64
    assert np.allclose(heat.density.sum(axis=1), 1.0)
    assert heat.first_episode[0] == 1 and heat.last_episode[-1] == 5000
    assert np.all(heat.first_episode[1:] == heat.last_episode[:-1] + 1)


def test_recent_episodes_latest_version_and_clear():
    rng = np.random.default_rng(4)
    h = MetricHistory(recent_episodes=5)
    v0 = h.version
    for e in range(1, 9):
        h.add_episode(report(e, gate_stats(rng), inner=np.full(T, float(e))))
    assert h.version == v0 + 8
    assert h.latest.episode == 8
    assert h.recent_gate_means("input").shape == (5, len(LAYERS), T)
    assert np.allclose(h.recent_gate_means("forget")[-1], h.latest.forget_gate.mean)
    assert h.recent_inner_losses()[:, 0].tolist() == [4.0, 5.0, 6.0, 7.0, 8.0]
    h.add_validation(ValidationReport(8, "val", 0.4, 0.01, 1.3, 100, True, 1.0))
    assert h.version == v0 + 9
    h.clear()
    assert len(h) == 0 and h.latest is None and h.series().episode.size == 0
    assert h.validation().episode.size == 0 and h.heat_columns == 0
    assert h.version == v0 + 10


def test_validation_split_filters():
    h = MetricHistory()
    h.add_validation(ValidationReport(100, "val", 0.40, 0.010, 1.3, 100, True, 1.0))
    h.add_validation(ValidationReport(200, "val", 0.45, 0.012, 1.2, 100, True, 1.0))
    h.add_validation(ValidationReport(200, "test", 0.43, 0.008, 1.2, 600, False, 5.0))
    assert h.validation().episode.tolist() == [100, 200, 200]
    assert h.validation(exclude="test").accuracy.tolist() == [0.40, 0.45]
    assert h.validation(split="test").ci95.tolist() == [0.008]


def test_csv_export_is_readable(tmp_path):
    rng = np.random.default_rng(5)
    h = MetricHistory(recent=16, archive=32)
    for e in range(1, 201):
        h.add_episode(report(e, gate_stats(rng), loss=1.0 / e, acc=e / 200))
        if e % 50 == 0:
            h.add_validation(ValidationReport(e, "val", e / 400, 0.01, 1.0, 100, e == 200, 1.0))
    path = h.to_csv(tmp_path / "metrics.csv")
    with path.open() as fh:
        rows = list(csv.DictReader(fh))
    episodes = [r for r in rows if r["kind"] == "episode"]
    vals = [r for r in rows if r["kind"] == "validation"]
    assert len(episodes) == h.rows_held and len(vals) == 4
    assert int(episodes[0]["episode"]) == 1 and int(episodes[-1]["episode"]) == 200
    assert float(episodes[-1]["meta_loss"]) == pytest.approx(1 / 200)
    assert float(episodes[-1]["inner_loss_last"]) == pytest.approx(0.4)
    assert [int(v["episode"]) for v in vals] == [50, 100, 150, 200]
    assert float(vals[-1]["accuracy"]) == pytest.approx(0.5) and vals[-1]["best"] == "1"
    order = [int(r["episode"]) for r in rows]
    assert order == sorted(order)


def test_layers_change_resets_gate_views():
    rng = np.random.default_rng(6)
    h = MetricHistory()
    h.add_episode(report(1, gate_stats(rng)))
    other = EpisodeReport(
        2,
        1.0,
        0.5,
        np.ones(T),
        np.zeros(T),
        ("a", "b", "c"),
        gate_stats(rng),
        gate_stats(rng),
        np.zeros(T),
        0.1,
        {},
        0.01,
    )
    h.add_episode(other)
    assert h.layers == ("a", "b", "c")
    assert h.heat_columns == 1 and h.recent_gate_means("input").shape[0] == 1
    assert h.series().episode.tolist() == [1, 2]
