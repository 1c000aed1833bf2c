"""The per-episode comparison: every method's arrays have consistent shapes, the methods that
start from c_0 agree at step 0, and the meta-learner's curves are the trace's and eval's."""

import numpy as np
import pytest
import torch

from engine.config import Config
from engine.data.episodes import EpisodeSampler, episode_rng
from engine.data.synthetic import synthetic_splits
from engine.inference.compare import compare_episode, trace_method
from engine.inference.trace import trace_episode
from engine.io.checkpoint import build_models
from engine.model.baselines import PretrainedBody
from engine.model.learner import BNState
from engine.model.methods import METHODS, MethodSettings
from engine.training.evaluate import episode_accuracy

STEPS, WAY, SHOT, QUERY = 3, 3, 2, 2
C0_METHODS = ("meta-lstm", "sgd-from-c0", "adam-from-c0", "f=1", "i=const")


@pytest.fixture(scope="module")
def setup():
    cfg = Config(dataset="synthetic", filters=4, hidden=4, inner_steps=STEPS, way=WAY, shot=SHOT)
    learner, meta = build_models(cfg, torch.Generator().manual_seed(0))
    meta.eval()
    data = synthetic_splits(n_classes=20, per_class=6, size=28, channels=1, seed=0)["test"]
    ep = EpisodeSampler(data, WAY, SHOT, QUERY, split="test").sample(episode_rng(0, 0, "test"))
    body = learner.init_params(torch.Generator().manual_seed(1))[: learner.body_size]
    pre = PretrainedBody(body, BNState.fresh(learner.filters), classes=12, train_acc=0.0)
    settings = {"finetune": MethodSettings(lr=0.01, decay=0.0, passes=2)}
    result = compare_episode(meta, learner, ep, METHODS, STEPS, settings, pre)
    return learner, meta, ep, result


def test_every_method_has_consistent_shapes(setup):
    learner, _, ep, result = setup
    q = len(ep.query_y)
    assert [t.method for t in result.traces] == list(METHODS)
    for t in result.traces:
        n = t.steps + 1
        for curve in (t.support_loss, t.support_acc, t.query_loss, t.query_acc):
            assert curve.shape == (n,)
        assert t.query_pred.shape == (n, q) and t.query_pred.dtype == np.int64
        np.testing.assert_allclose(t.query_acc, (t.query_pred == result.query_y).mean(1), rtol=1e-6)
        if t.step_size is not None:
            assert t.step_size.shape == (len(t.layers), t.steps) and len(t.layers) == 5
    assert result["finetune"].steps == 2 * WAY * SHOT  # one update per image per pass
    assert all(result[m].steps == STEPS for m in C0_METHODS + ("random-init",))
    assert result["pixel-nn"].steps == 0 and result["pixel-nn"].step_size is None
    assert result["pixel-nn"].support_acc[0] == 1.0  # each support image is its own neighbour


def test_the_methods_from_c0_agree_at_step_0(setup):
    _, _, _, result = setup
    first = result["meta-lstm"]
    for m in C0_METHODS[1:]:
        t = result[m]
        assert t.support_loss[0] == first.support_loss[0] and t.query_loss[0] == first.query_loss[0]
        assert np.array_equal(t.query_pred[0], first.query_pred[0])
    assert result["random-init"].support_loss[0] != first.support_loss[0]


def test_the_meta_learner_curves_are_the_trace_and_eval(setup):
    learner, meta, ep, result = setup
    t = result["meta-lstm"]
    trace = trace_episode(meta, learner, ep, STEPS)
    np.testing.assert_allclose(t.support_loss, trace.support_loss, rtol=1e-6)
    assert np.array_equal(t.query_pred, trace.query_probs.argmax(2))
    acc, loss = episode_accuracy(meta, learner, ep, STEPS)
    assert t.query_acc[-1] == pytest.approx(acc) and t.query_loss[-1] == pytest.approx(loss)
    np.testing.assert_allclose(t.input_gate, trace.gate_stats("input").mean, rtol=1e-6)


def test_sgd_steps_by_exactly_its_rate_in_every_layer(setup):
    learner, meta, ep, _ = setup
    t = trace_method("sgd-from-c0", meta, learner, ep, STEPS, MethodSettings(lr=0.3))
    np.testing.assert_allclose(t.step_size, 0.3, rtol=1e-5)
    assert t.input_gate is None


def test_f1_keeps_the_learned_input_gate(setup):
    _, _, _, result = setup
    np.testing.assert_allclose(result["f=1"].input_gate[:, 0], result["meta-lstm"].input_gate[:, 0])


def test_i_const_defaults_to_this_episodes_mean_gate(setup):
    _, _, _, result = setup
    gate = result["i=const"].input_gate
    expected = result["meta-lstm"].input_gate.mean(1, keepdims=True)
    np.testing.assert_allclose(gate, np.broadcast_to(expected, gate.shape), rtol=1e-5)


def test_a_baseline_without_its_pretrained_learner_is_refused(setup):
    learner, meta, ep, _ = setup
    with pytest.raises(ValueError, match="pretrained"):
        trace_method("nearest-neighbour", meta, learner, ep, STEPS)
