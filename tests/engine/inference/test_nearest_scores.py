"""Try it's baselines in the engine: the nearest-neighbour methods score only labelled
queries, reach 100 % on a separable set, and say why when the pretrained learner is missing;
the app finds a stored pretrained learner (the best of its recipes) without pretraining."""

import numpy as np
import torch

from engine.config import Config
from engine.inference.nearest_scores import nearest_scores
from engine.io import pretrained as store
from engine.io.checkpoint import build_models
from engine.model.baselines import PretrainedBody
from engine.model.learner import BNState
from engine.training.pretrain import PretrainSettings


def blobs(rng, k: int, n: int) -> np.ndarray:
    """n 28x28 images of class k: a bright square in class k's corner."""
    out = rng.integers(0, 30, (n, 28, 28, 1)).astype(np.uint8)
    r, c = divmod(k, 2)
    out[:, r * 14 : r * 14 + 14, c * 14 : c * 14 + 14] = 250
    return out


def models():
    cfg = Config(dataset="synthetic", filters=4, hidden=4, way=3)
    learner, _ = build_models(cfg, torch.Generator().manual_seed(0))
    body = learner.init_params(torch.Generator().manual_seed(1))[: learner.body_size]
    return cfg, learner, PretrainedBody(body, BNState.fresh(4), classes=8, train_acc=0.2)


def test_separable_images_score_100_and_unlabelled_are_left_out():
    rng = np.random.default_rng(0)
    _, learner, pre = models()
    support = [blobs(rng, k, 1) for k in range(3)]
    queries = np.concatenate([blobs(rng, k, 3) for k in range(3)])
    labels = [k for k in range(3) for _ in range(3)]
    labels[0] = -1  # an unlabelled query counts in neither baseline
    nn, pixel = nearest_scores(learner, pre, support, queries, labels, "x.pt")
    assert pixel.method == "pixel-nn" and pixel.accuracy == 1.0
    assert nn.method == "nearest-neighbour" and nn.accuracy is not None and "x.pt" in nn.note
    assert nearest_scores(learner, pre, support, queries, [-1] * 9) == ()
    nn, pixel = nearest_scores(learner, None, support, queries, labels)
    assert nn.accuracy is None and "no pretrained learner" in nn.note and pixel.accuracy == 1.0


def test_find_pretrained_takes_the_best_stored_recipe(tmp_path, monkeypatch):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path))
    cfg, learner, pre = models()
    assert store.find_pretrained(cfg, learner) is None  # never pretrains
    worse = PretrainedBody(pre.body * 2, pre.bn, pre.classes, train_acc=0.1)
    fast = PretrainSettings(lr=0.1)
    store.save_pretrained(store.cached_path(cfg, PretrainSettings()), worse, learner, fast)
    best = store.save_pretrained(store.cached_path(cfg, fast), pre, learner, fast)
    found, path = store.find_pretrained(cfg, learner)
    assert path == best and torch.equal(found.body, pre.body)
