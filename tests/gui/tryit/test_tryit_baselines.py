"""Try it shows, beside the meta-learner's accuracy on the labelled queries, the
nearest-neighbour and pixel-NN accuracy on the same images: the engine's predictions on the
arrays the meta-learner was shown, computed in the replay thread."""

# ruff: noqa: F811 - the fixtures are test_tryit.py's, imported by name

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.data.episodes import to_float_tensor
from engine.io.checkpoint import load_model
from engine.io.pretrained import cached_path, save_pretrained
from engine.model.baselines import PretrainedBody, embedding, nearest_neighbour
from engine.model.learner import BNState
from engine.training.pretrain import PretrainSettings
from tests.gui.tryit.test_tryit import (  # noqa: F401 - fixtures
    checkpoint,
    classify,
    images,
    panel,
    wait_loaded,
)

pytestmark = pytest.mark.usefixtures("one_torch_thread")


def engine_accuracy(outcome, features=None) -> float:
    res = outcome.result
    support = np.concatenate(res.support)
    sy = torch.cat([torch.full((len(s),), k) for k, s in enumerate(res.support)])
    sx, qx = to_float_tensor(support), to_float_tensor(outcome.query_inputs)
    if features is not None:
        sx, qx = features(sx), features(qx)
    pred = nearest_neighbour(sx, sy, qx).numpy()
    truth = [res.class_names.index(p.label) for p in res.predictions]
    return float(np.mean(pred == np.array(truth)))


def test_try_it_shows_the_baselines_on_the_same_images(
    qtbot, panel, images, checkpoint, tmp_path, monkeypatch
):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path))
    model = load_model(checkpoint)
    learner = model.learner
    body = learner.init_params(torch.Generator().manual_seed(3))[: learner.body_size]
    pre = PretrainedBody(body, BNState.fresh(learner.filters), classes=9, train_acc=0.4)
    path = save_pretrained(
        cached_path(model.config, PretrainSettings()), pre, learner, PretrainSettings()
    )
    panel.add_paths([str(images["all"])])
    wait_loaded(qtbot, panel)
    out = classify(qtbot, panel)
    scores = {b.method: b for b in out.baselines}
    assert list(scores) == ["nearest-neighbour", "pixel-nn"]
    assert scores["pixel-nn"].accuracy == engine_accuracy(out)
    nn = engine_accuracy(out, lambda x: embedding(learner, pre, x))
    assert scores["nearest-neighbour"].accuracy == nn
    assert path.name in scores["nearest-neighbour"].note
    text = panel.results.baselines.text()
    assert f"meta-learner <b>{100 * out.result.accuracy:.1f}%</b>" in text
    assert f"pixel-nn <b>{100 * scores['pixel-nn'].accuracy:.1f}%</b>" in text
    assert f"nearest-neighbour <b>{100 * nn:.1f}%</b>" in text
    assert panel.results.baselines.isVisible()


def test_without_a_pretrained_learner_only_pixel_nn_is_scored(
    qtbot, panel, images, tmp_path, monkeypatch
):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path))
    panel.add_paths([str(images["all"])])
    wait_loaded(qtbot, panel)
    out = classify(qtbot, panel)
    nn, pixel = out.baselines
    assert nn.accuracy is None and "no pretrained learner" in nn.note
    assert pixel.accuracy == engine_accuracy(out)
    assert "nearest-neighbour – (no pretrained learner" in panel.results.baselines.text()
