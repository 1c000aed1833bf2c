"""θ_0's classifier head at N below, equal to and above the training N, checked by value;
the prototype rule's rows; the grouped rule's groups and probabilities."""

import pytest
import torch

from engine.model.adapt import adapt, query_pass
from engine.model.head_init import body_features, initial_theta, prototype_rows
from engine.model.learner import Learner
from engine.model.metalearner import MetaLearner
from engine.model.predict import groups_for, head_reason, predict_probs

TRAIN_WAY, FILTERS = 5, 4


def model(head="per_class"):
    learner = Learner(1, 28, FILTERS, TRAIN_WAY, head=head)
    g = torch.Generator().manual_seed(0)
    return learner, MetaLearner(learner.init_params(g), hidden=6, generator=g)


def rows_of(learner, theta, way):
    p = learner.unflatten(theta, way)
    return p["fc.weight"], p["fc.bias"]


def support(way, shots, seed=1):
    g = torch.Generator().manual_seed(seed)
    y = torch.cat([torch.full((k,), c) for c, k in enumerate(shots)])
    return torch.rand(len(y), 1, 28, 28, generator=g), y


def test_per_class_head_below_equal_and_above_the_training_n():
    learner, meta = model()
    c0 = meta.c0.detach()
    w5, b5 = rows_of(learner, c0, TRAIN_WAY)
    assert not torch.allclose(w5[0], w5[1])  # distinct learned rows, so the checks can fail
    body = slice(0, learner.body_size)
    for way in (3, 5, 8):
        theta = learner.expand(c0, way)
        w, b = rows_of(learner, theta, way)
        assert torch.equal(theta[body], c0[body])
        if way <= TRAIN_WAY:  # the first N learned rows, unchanged
            assert torch.equal(w, w5[:way]) and torch.equal(b, b5[:way])
        else:  # every class the mean row
            assert torch.allclose(w, w5.mean(0).expand(way, -1)) and torch.allclose(
                b, b5.mean().expand(way)
            )
    # "c0" is the paper's layout, exactly
    x, y = support(8, [1] * 8)
    assert torch.equal(initial_theta(learner, c0, x, y, 8, "c0"), learner.expand(c0, 8))


def test_shared_head_gives_every_class_its_one_row():
    learner, meta = model("shared")
    c0 = meta.c0.detach()
    w1, b1 = rows_of(learner, c0, 1)
    for way in (2, 5, 9):
        w, b = rows_of(learner, learner.expand(c0, way), way)
        assert torch.equal(w, w1.expand(way, -1)) and torch.equal(b, b1.expand(way))


@pytest.mark.parametrize("way", [3, 5, 8])
def test_prototype_rows_are_the_support_class_means(way):
    learner, meta = model()
    shots = [1 + (c % 3) for c in range(way)]  # unequal shots per class
    x, y = support(way, shots)
    c0 = meta.c0.detach()
    theta = initial_theta(learner, c0, x, y, way, "prototype", scale=0.5)
    w, b = rows_of(learner, theta, way)
    feats = body_features(learner, learner.expand(c0, way), x, way)
    for c in range(way):
        mu = feats[y == c].mean(0)
        assert torch.allclose(w[c], 2 * 0.5 * mu, atol=1e-6)
        assert torch.allclose(b[c], -0.5 * mu.dot(mu), atol=1e-6)
    assert torch.equal(theta[: learner.body_size], c0[: learner.body_size])
    # the rows make θ_0 a nearest-class-mean classifier in feature space
    logits = feats @ w.T + b
    dist = torch.cdist(feats, torch.stack([feats[y == c].mean(0) for c in range(way)]))
    assert torch.equal(logits.argmax(1), dist.argmin(1))


def test_prototype_rows_helper_handles_unequal_counts():
    f = torch.tensor([[1.0, 0.0], [3.0, 0.0], [0.0, 2.0]])
    w, b = prototype_rows(f, torch.tensor([0, 0, 1]), 2, scale=1.0)
    assert torch.equal(w, torch.tensor([[4.0, 0.0], [0.0, 4.0]]))
    assert torch.equal(b, torch.tensor([-4.0, -4.0]))


def test_groups_cover_every_class_once_and_interleave():
    groups = groups_for(30, 20)
    assert len(groups) == 2 and sorted(int(c) for g in groups for c in g) == list(range(30))
    assert list(groups[0][:3]) == [0, 2, 4] and max(len(g) for g in groups) <= 20
    assert len(groups_for(20, 20)) == 1 and len(groups_for(21, 5)) == 5


def test_grouped_is_the_paper_layout_up_to_the_training_n():
    learner, meta = model()
    for way in (3, 5):
        x, y = support(way, [2] * way)
        a = predict_probs(meta, learner, x, y, way, 2, x, "grouped")
        b = predict_probs(meta, learner, x, y, way, 2, x, "paper")
        assert torch.equal(a, b)


def test_grouped_above_the_training_n_combines_the_groups_adaptations():
    learner, meta = model()
    way = 8  # groups {0,2,4,6} and {1,3,5,7}
    x, y = support(way, [2] * way)
    q = x[::2]
    probs = predict_probs(meta, learner, x, y, way, 2, q, "grouped")
    assert probs.shape == (len(q), way)
    assert torch.allclose(probs.sum(1), torch.ones(len(q)), atol=1e-6)
    blocks = []
    for classes in groups_for(way, TRAIN_WAY):
        keep = torch.isin(y, torch.as_tensor(classes))
        local = torch.searchsorted(torch.as_tensor(classes), y[keep])
        with torch.no_grad():
            ad = adapt(meta, learner, x[keep], local, len(classes), 2)
            blocks.append(
                (
                    classes,
                    torch.softmax(query_pass(learner, ad, q, None, len(classes), False)[0], 1),
                )
            )
    best = torch.stack([p.max(1).values for _, p in blocks], 1)
    for g, (classes, p) in enumerate(blocks):
        want = p * (best[:, g] / best.sum(1)).unsqueeze(1)
        assert torch.allclose(probs[:, torch.as_tensor(classes)], want, atol=1e-6)
    paper = predict_probs(meta, learner, x, y, way, 2, q, "paper")
    assert not torch.allclose(paper, probs)


def test_head_reasons_name_the_layout():
    learner, _ = model()
    assert "3 of the model's 5 learned head rows" in head_reason(learner, 3, "grouped")
    assert "one per class" in head_reason(learner, 5, "grouped")
    assert "2 groups" in head_reason(learner, 8, "grouped")
    assert "mean of the model's 5" in head_reason(learner, 8, "paper")
    with pytest.raises(ValueError, match="unknown head rule 'rows'"):
        predict_probs(*model()[::-1], *support(3, [1] * 3), 3, 1, torch.zeros(1, 1, 28, 28), "rows")
