"""Pretraining for the baselines: a classifier over the training classes (× 4 rotations when
the run used them) whose body, fine-tuned on a support set, beats chance on new classes."""

import numpy as np
import pytest
import torch

from engine.data.episodes import EpisodeSampler, episode_rng
from engine.data.synthetic import synthetic_splits
from engine.model.baselines import finetune
from engine.model.learner import Learner
from engine.model.methods import init_generator
from engine.training.pretrain import ClassBatches, PretrainSettings, pretrain

WAY = 5


@pytest.fixture(scope="module")
def pretrained():
    torch.manual_seed(0)
    splits = synthetic_splits(n_classes=40, per_class=10, size=28, channels=1, seed=0)
    learner = Learner(1, 28, 8, WAY)
    settings = PretrainSettings(iterations=150, lr=0.1, decay=1e-3, batch=32, seed=0)
    return splits, learner, pretrain(learner, splits["train"], False, settings)


def test_pretraining_learns_the_training_classes(pretrained):
    splits, learner, pre = pretrained
    assert pre.classes == splits["train"].n_classes == 24
    assert pre.body.shape == (learner.body_size,)
    assert pre.train_acc > 0.5  # chance is 1/24
    assert all(bool((v > 0).all()) for v in pre.bn.vars)  # population statistics, not fresh ones
    assert not all(bool((m == 0).all()) for m in pre.bn.means)


def test_finetune_beats_chance_on_the_synthetic_task(pretrained):
    splits, learner, pre = pretrained
    sampler = EpisodeSampler(splits["test"], WAY, 1, 5, split="test")
    accs = []
    for k in range(20):
        ep = sampler.sample(episode_rng(0, k, "test"))
        own = episode_rng(0, k, "test/finetune")
        theta = finetune(
            learner, pre, ep.support_x, ep.support_y, WAY, 0.003, 0.0, 5, own, init_generator(own)
        )
        with torch.no_grad():
            logits = learner.forward(theta, ep.query_x, pre.bn, WAY, training=False)
        accs.append(float((logits.argmax(1) == ep.query_y).float().mean()))
    assert np.mean(accs) > 0.4, np.mean(accs)  # chance: 0.2


def test_rotations_are_classes_of_their_own():
    splits = synthetic_splits(n_classes=10, per_class=4, size=28, channels=1, seed=0)
    batches = ClassBatches(splits["train"], rotations=True, seed=0)
    assert batches.classes == 4 * splits["train"].n_classes
    x, y = batches.draw(64)
    assert x.shape == (64, 1, 28, 28) and int(y.max()) < batches.classes
    assert len(set((y % 4).tolist())) == 4  # every quarter turn drawn


def test_pretraining_is_seeded():
    splits = synthetic_splits(n_classes=10, per_class=4, size=28, channels=1, seed=0)
    learner = Learner(1, 28, 4, 3)
    settings = PretrainSettings(iterations=5, lr=0.1, batch=8, seed=3)
    a = pretrain(learner, splits["train"], True, settings)
    b = pretrain(learner, splits["train"], True, settings)
    assert torch.equal(a.body, b.body)
