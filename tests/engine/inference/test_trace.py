"""The adaptation trace: θ_0 is c_0 in the paper's layout, query probabilities are
distributions at every step, and a saved trace reads back the same."""

import numpy as np
import torch

from engine.config import Config
from engine.data.episodes import EpisodeSampler
from engine.data.synthetic import synthetic_splits
from engine.inference.trace import trace_episode
from engine.io.checkpoint import build_models


def test_trace_shapes_probabilities_and_npz_round_trip(tmp_path):
    cfg = Config(dataset="synthetic", filters=4, hidden=4, inner_steps=3, way=3, shot=1, query=2)
    learner, meta = build_models(cfg, torch.Generator().manual_seed(0))
    data = synthetic_splits(n_classes=40, per_class=6, size=28, channels=1, seed=0)["test"]
    ep = EpisodeSampler(data, 3, 1, 2, split="test").sample(np.random.default_rng(0))
    trace = trace_episode(meta, learner, ep, 3)
    assert trace.theta.shape == (4, learner.size(3)) and trace.steps == 3
    np.testing.assert_allclose(trace.theta[0], learner.expand(meta.c0, 3).detach().numpy())
    assert trace.query_probs.shape == (4, 6, 3)
    np.testing.assert_allclose(trace.query_probs.sum(2), 1.0, atol=1e-5)
    assert trace.support_loss.shape == (4,) and trace.class_names == tuple(ep.class_names)
    path = tmp_path / "trace.npz"
    trace.save_npz(path)
    with np.load(path, allow_pickle=False) as z:
        np.testing.assert_array_equal(z["theta"], trace.theta)
        np.testing.assert_array_equal(z["forget"], trace.forget)
        assert list(z["layers"]) == list(trace.layers)
