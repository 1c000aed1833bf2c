"""The paper's baselines on one episode: 1-NN by cosine is exact on a separable set, and the
fine-tune loop takes passes × |support| one-image SGD steps from a fresh head."""

import numpy as np
import torch

from engine.model.baselines import PretrainedBody, finetune, fresh_head, nearest_neighbour
from engine.model.learner import BNState, Learner
from engine.model.methods import nearest_method


def _separable(way=4, per_class=3, seed=0):
    """Each class lights its own block of pixels: cosine similarity separates them exactly."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(way * per_class, 1, 28, 28, generator=g) * 0.1
    y = torch.arange(way).repeat_interleave(per_class)
    for i, c in enumerate(y.tolist()):
        x[i, 0, 7 * c : 7 * c + 7, :] += 1.0
    return x, y


def _pretrained(learner, seed=0):
    body = learner.init_params(torch.Generator().manual_seed(seed))[: learner.body_size]
    return PretrainedBody(body, BNState.fresh(learner.filters), classes=10, train_acc=0.0)


def test_pixel_nn_is_exact_on_a_separable_set():
    x, y = _separable()
    learner = Learner(1, 28, 4, 4)
    pred = nearest_method("pixel-nn", learner, None, x[::3], y[::3], x)
    assert torch.equal(pred, y)


def test_nearest_neighbour_on_the_embedding_is_exact_on_a_separable_set():
    """Features of an untrained body: on images this different, it already separates them."""
    x, y = _separable()
    learner = Learner(1, 28, 8, 4)
    pred = nearest_method("nearest-neighbour", learner, _pretrained(learner), x[::3], y[::3], x)
    assert torch.equal(pred, y)


def test_nearest_neighbour_can_be_wrong():
    support = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    query = torch.tensor([[0.2, 1.0], [1.0, 0.1]])
    assert nearest_neighbour(support, torch.tensor([0, 1]), query).tolist() == [1, 0]


def test_finetune_steps_once_per_image_per_pass_and_keeps_the_body_start():
    x, y = _separable(way=3, per_class=2)
    learner = Learner(1, 28, 4, 3)
    pre = _pretrained(learner)
    seen, grads = [], []
    theta = finetune(
        learner,
        pre,
        x,
        y,
        3,
        lr=0.1,
        decay=0.0,
        passes=2,
        rng=np.random.default_rng(0),
        generator=torch.Generator().manual_seed(0),
        on_step=lambda t, th, bn: seen.append((t, th)),
        on_grad=lambda t, g: grads.append((t, g)),
    )
    assert [t for t, _ in seen] == list(range(13)) and [t for t, _ in grads] == list(range(1, 13))
    assert torch.equal(seen[0][1][: learner.body_size], pre.body)  # θ_0: the pretrained body
    assert torch.equal(seen[-1][1], theta)
    for (_, before), (_, after), (_, g) in zip(seen, seen[1:], grads):
        torch.testing.assert_close(after, before - 0.1 * g)  # plain SGD, no annealing
    assert torch.equal(pre.bn.means[0], torch.zeros(4))  # the pretrained statistics stay


def test_a_fresh_head_is_drawn_from_the_generator():
    learner = Learner(1, 28, 4, 3)
    body = torch.zeros(learner.body_size)
    a = fresh_head(learner, body, 5, torch.Generator().manual_seed(1))
    b = fresh_head(learner, body, 5, torch.Generator().manual_seed(1))
    c = fresh_head(learner, body, 5, torch.Generator().manual_seed(2))
    assert a.shape == (learner.size(5),) and torch.equal(a, b) and not torch.equal(a, c)
    bound = 1 / np.sqrt(learner.features)
    assert float(a[learner.body_size :].abs().max()) <= bound
