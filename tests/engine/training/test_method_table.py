"""eval --method's rows: the same episodes as `evaluate` for every method, hyper-parameters
picked on meta-validation from their grids, i=const's gates from the test episodes."""

import numpy as np
import pytest
import torch

from engine.config import Config
from engine.data.episodes import EpisodeSampler
from engine.data.synthetic import synthetic_splits
from engine.io.checkpoint import build_models
from engine.model.methods import METHODS
from engine.training.evaluate import evaluate
from engine.training.method_table import evaluate_methods, parse_methods
from engine.training.methods import MethodContext
from engine.training.pretrain import PretrainSettings, pretrain
from engine.training.tuning import ADAM_LRS, SGD_LRS

STEPS = 2


@pytest.fixture(scope="module")
def ctx():
    cfg = Config(
        dataset="synthetic", filters=4, hidden=4, inner_steps=STEPS, way=3, shot=1, query=2
    )
    learner, meta = build_models(cfg, torch.Generator().manual_seed(0))
    splits = synthetic_splits(n_classes=20, per_class=6, size=28, channels=1, seed=0)
    settings = PretrainSettings(iterations=20, lr=0.1, batch=16)
    return MethodContext(
        meta,
        learner,
        EpisodeSampler(splits["test"], 3, 1, 2, split="test"),
        EpisodeSampler(splits["val"], 3, 1, 2, split="val"),
        STEPS,
        0,
        seed=4,
        stream="eval-test",
        pretrained=lambda: pretrain(learner, splits["train"], False, settings),
    )


def test_parse_keeps_the_order_drops_repeats_and_names_the_allowed_values():
    assert parse_methods("pixel-nn, meta-lstm,pixel-nn") == ("pixel-nn", "meta-lstm")
    for bad in ("sgd", "meta-lstm,nope", " , "):
        with pytest.raises(ValueError) as err:
            parse_methods(bad)
        assert all(m in str(err.value) for m in METHODS) and "\n" not in str(err.value)


def test_every_method_gives_a_row_on_the_same_episodes(ctx):
    rows = evaluate_methods(ctx, METHODS, episodes=3, tune_episodes=1)
    assert [r.method for r in rows] == list(METHODS)
    by = {r.method: r for r in rows}
    plain = evaluate(ctx.meta, ctx.learner, ctx.test, 3, 4, STEPS, stream="eval-test")
    assert np.array_equal(by["meta-lstm"].accuracies, plain.accuracies)
    assert by["meta-lstm"].loss == pytest.approx(plain.loss)
    assert by["sgd-from-c0"].settings.lr in SGD_LRS and by["adam-from-c0"].settings.lr in ADAM_LRS
    tuned = by["finetune"].settings
    assert (tuned.lr, tuned.decay, tuned.passes) != (None, None, None)
    assert by["finetune"].tuning["val_episodes"] == 1
    assert len(by["i=const"].settings.input_gate) == 5
    assert np.isnan(by["pixel-nn"].loss) and by["pixel-nn"].to_json()["loss"] is None
    for r in rows:
        assert r.episodes == 3 and 0.0 <= r.accuracy <= 1.0 and r.ci95 >= 0.0


def test_tuning_picks_the_best_validation_setting(ctx, monkeypatch):
    from engine.training import tuning

    def score(ctx_, name, settings, ep, rng, own):
        return (1.0 if settings.lr == 0.01 else 0.0), 0.0  # only 0.01 is any good

    monkeypatch.setattr(tuning, "score_episode", score)
    best, record = tuning.tune_rate(ctx, "sgd-from-c0", 2)
    assert (
        best.lr == 0.01 and record["val_accuracy"] == 1.0 and record["grid"]["lr"] == list(SGD_LRS)
    )
