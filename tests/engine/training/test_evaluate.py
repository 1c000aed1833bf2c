"""Evaluation: the same seed and stream give the same episodes and figures (so methods and
runs compare like for like), another seed other episodes; the figure is the mean of the
per-episode accuracies with the literature's 95% interval."""

import numpy as np
import pytest
import torch

from engine.config import Config
from engine.data.episodes import EpisodeSampler
from engine.data.synthetic import synthetic_splits
from engine.io.checkpoint import build_models
from engine.training.evaluate import episode_accuracy, evaluate
from engine.training.reports import mean_ci95


@pytest.fixture(scope="module")
def setup():
    cfg = Config(dataset="synthetic", filters=4, hidden=4, inner_steps=2, way=3, shot=1, query=2)
    learner, meta = build_models(cfg, torch.Generator().manual_seed(0))
    data = synthetic_splits(n_classes=40, per_class=6, size=28, channels=1, seed=0)["test"]
    return learner, meta, EpisodeSampler(data, 3, 1, 2, split="test")


def test_the_same_seed_gives_the_same_figures_and_another_seed_others(setup):
    learner, meta, sampler = setup
    a = evaluate(meta, learner, sampler, 6, 1, 2)
    b = evaluate(meta, learner, sampler, 6, 1, 2)
    c = evaluate(meta, learner, sampler, 6, 2, 2)
    assert np.array_equal(a.accuracies, b.accuracies) and a.loss == b.loss
    assert a.loss != c.loss
    assert (a.accuracy, a.ci95) == pytest.approx(mean_ci95(a.accuracies))
    assert a.episodes == 6 and len(a.accuracies) == 6


def test_each_episode_is_scored_as_episode_accuracy_scores_it(setup):
    from engine.data.episodes import episode_rng

    learner, meta, sampler = setup
    res = evaluate(meta, learner, sampler, 3, 5, 2, stream="s")
    for k in range(3):
        rng = episode_rng(5, k, "s")  # the episode, then its inner batches, from one stream
        acc, _ = episode_accuracy(meta, learner, sampler.sample(rng), 2, rng=rng)
        assert res.accuracies[k] == pytest.approx(acc)
