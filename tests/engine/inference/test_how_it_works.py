"""What the "How it works" view reads off the engine: the recorded gradients and gates satisfy
the θ-cell's update coordinate by coordinate, one coordinate's rows are the trace's values, the
per-step features reproduce the traced predictions, the PCA plane and the parameter counts."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.config import Config
from engine.data.episodes import EpisodeSampler
from engine.data.synthetic import synthetic_splits
from engine.inference.coordinate import (
    coordinate_name,
    coordinate_steps,
    largest_update,
    layer_index,
)
from engine.inference.features import episode_features, project, separation
from engine.inference.structure import structure_of
from engine.inference.trace import trace_episode
from engine.io.checkpoint import build_models
from engine.model.learner import BNState

STEPS = 3


@pytest.fixture(scope="module")
def traced():
    cfg = Config(
        dataset="synthetic", filters=4, hidden=4, inner_steps=STEPS, way=3, shot=2, query=2
    )
    learner, meta = build_models(cfg, torch.Generator().manual_seed(0))
    data = synthetic_splits(n_classes=40, per_class=6, size=28, channels=1, seed=0)["test"]
    ep = EpisodeSampler(data, 3, 2, 2, split="test").sample(np.random.default_rng(0))
    return learner, meta, ep, trace_episode(meta, learner, ep, STEPS)


def test_the_trace_records_the_gradient_each_update_used(traced):
    learner, _, ep, tr = traced
    assert tr.grad.shape == (STEPS, learner.size(3)) and tr.grad.dtype == np.float32
    # ∇_1 is the support gradient at θ_0 with fresh batch-norm statistics
    theta0 = torch.from_numpy(tr.theta[0])
    _, g1, _ = learner.loss_and_grad(theta0, ep.support_x, ep.support_y, BNState.fresh(4), 3)
    np.testing.assert_allclose(tr.grad[0], g1.numpy(), rtol=1e-5, atol=1e-7)
    # every coordinate at every step: θ_t = f_t·θ_{t−1} + i_t·c̃_t with c̃_t = −∇_t
    rebuilt = tr.forget * tr.theta[:-1] + tr.input * -tr.grad
    np.testing.assert_allclose(tr.theta[1:], rebuilt, rtol=1e-6, atol=1e-7)
    assert [p[0] for p in tr.params][:2] == ["conv1.weight", "conv1.bias"]


def test_one_coordinate_is_the_traces_column(traced):
    _, _, _, tr = traced
    k = largest_update(tr, "fc")
    c = coordinate_steps(tr, k)
    assert c.layer == "fc" and c.steps == STEPS and c.name.startswith("fc.weight[")
    np.testing.assert_array_equal(c.theta_prev, tr.theta[:-1, k])
    np.testing.assert_array_equal(c.theta, tr.theta[1:, k])
    np.testing.assert_array_equal(c.grad, tr.grad[:, k])
    np.testing.assert_array_equal(c.input, tr.input[:, k])
    np.testing.assert_array_equal(c.forget, tr.forget[:, k])
    np.testing.assert_array_equal(c.loss, tr.support_loss[:-1])
    np.testing.assert_allclose(c.theta, c.forget * c.theta_prev + c.input * c.candidate, atol=1e-7)
    # SGD with α = i_t differs from the meta-learner's step by (f_t − 1)·θ_{t−1} only
    np.testing.assert_allclose(c.gap, (c.forget - 1) * c.theta_prev, rtol=1e-4, atol=1e-7)
    assert abs(c.gap).max() > 0  # the forget gate is not exactly 1


def test_coordinate_names_and_layer_indices(traced):
    _, _, _, tr = traced
    assert coordinate_name(tr, 0) == "conv1.weight[0, 0, 0, 0]"
    assert coordinate_name(tr, 10) == "conv1.weight[1, 0, 0, 1]"
    assert coordinate_name(tr, tr.theta.shape[1] - 1) == "fc.bias[2]"
    sl = tr.layer_slices["conv2"]
    assert layer_index(tr, "conv2", 0) == sl.start
    assert layer_index(tr, "conv2", 10**6) == sl.stop - 1
    with pytest.raises(IndexError):
        coordinate_steps(tr, tr.theta.shape[1])


def test_features_reproduce_the_traced_predictions(traced):
    learner, _, ep, tr = traced
    f = episode_features(learner, tr.theta, ep)
    assert f.support.shape == (STEPS + 1, 6, learner.features)
    assert f.query.shape == (STEPS + 1, 6, learner.features)
    for t in range(STEPS + 1):
        p = learner.unflatten(torch.from_numpy(tr.theta[t]), 3)
        logits = torch.from_numpy(f.query[t]) @ p["fc.weight"].T + p["fc.bias"]
        np.testing.assert_allclose(torch.softmax(logits, 1).numpy(), tr.query_probs[t], atol=1e-5)


def test_the_pca_plane_is_fitted_once_per_episode(traced):
    learner, _, ep, tr = traced
    f = episode_features(learner, tr.theta, ep)
    pr = project(f)
    assert pr.support.shape == (STEPS + 1, 6, 2) and pr.query.shape == (STEPS + 1, 6, 2)
    assert pr.steps == STEPS and pr.separation.shape == (STEPS + 1,)
    assert 0 < pr.explained[1] <= pr.explained[0] <= 1
    # the same axes for every step: the centred points of all steps together have zero mean
    allpts = np.concatenate([pr.support, pr.query], 1).reshape(-1, 2)
    np.testing.assert_allclose(allpts.mean(0), 0, atol=1e-4)
    x0, x1, y0, y1 = pr.bounds()
    assert x0 <= allpts[:, 0].min() and x1 >= allpts[:, 0].max() and y0 < y1
    again = project(f)
    np.testing.assert_array_equal(again.support, pr.support)


def test_separation_measures_class_spread():
    y = np.array([0, 0, 1, 1])
    tight = np.array([[0.0, 0], [0.1, 0], [5, 0], [5.1, 0]])
    mixed = np.array([[0.0, 0], [5, 0], [0.1, 0], [5.1, 0]])
    assert separation(tight, y) > 100 > 1 > separation(mixed, y)


def test_structure_counts_the_shared_and_the_per_coordinate_parameters(traced):
    learner, meta, _, _ = traced
    st = structure_of(meta, learner, 3)
    h = 4
    assert st.hidden == h and st.coordinates == learner.size(3)
    assert st.lstm_params == 4 * h * (4 + h) + 2 * 4 * h
    assert st.cell_params == 2 * (h + 2) + 2
    assert st.c0_params == learner.init_size
    assert st.meta_params == sum(p.numel() for p in meta.parameters())
    assert sum(n for _, n in st.learner_layers) == st.coordinates
