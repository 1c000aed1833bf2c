"""The method names and what each runs: one change of `adapt` per inner-loop method, and a
clear error for a name or a setting that is missing."""

import pytest
import torch

from engine.model.adapt import adapt
from engine.model.learner import Learner
from engine.model.metalearner import MetaLearner
from engine.model.methods import (
    INNER_LOOP,
    METHODS,
    MethodSettings,
    adapt_method,
    check_method,
)


def _setup(way=3, shot=1):
    learner = Learner(1, 28, 4, way)
    g = torch.Generator().manual_seed(0)
    meta = MetaLearner(learner.init_params(g), hidden=4, generator=g)
    x = torch.rand(way * shot, 1, 28, 28, generator=g)
    return learner, meta, x, torch.arange(way).repeat_interleave(shot)


SETTINGS = {
    "sgd-from-c0": MethodSettings(lr=0.1),
    "adam-from-c0": MethodSettings(lr=0.01),
    "i=const": MethodSettings(input_gate=(0.1, 0.2, 0.3, 0.4, 0.5)),
}


def test_a_bad_name_names_the_allowed_ones():
    with pytest.raises(ValueError) as err:
        check_method("sgd")
    assert all(m in str(err.value) for m in METHODS)


@pytest.mark.parametrize("name", INNER_LOOP)
def test_every_inner_loop_method_starts_at_c0_but_random_init(name):
    learner, meta, x, y = _setup()
    starts = []
    with torch.no_grad():
        ad = adapt_method(
            name,
            SETTINGS.get(name, MethodSettings()),
            meta,
            learner,
            x,
            y,
            3,
            2,
            generator=torch.Generator().manual_seed(3),
            on_step=lambda t, th, bn: starts.append(th) if t == 0 else None,
        )
    assert ad.input.shape == (2, learner.size(3))
    assert torch.equal(starts[0], learner.expand(meta.c0, 3)) == (name != "random-init")


def test_meta_lstm_is_plain_adapt_and_i_const_holds_each_layers_gate():
    learner, meta, x, y = _setup()
    with torch.no_grad():
        a = adapt_method("meta-lstm", MethodSettings(), meta, learner, x, y, 3, 2)
        b = adapt(meta, learner, x, y, 3, 2)
        c = adapt_method("i=const", SETTINGS["i=const"], meta, learner, x, y, 3, 2)
    assert torch.equal(a.theta, b.theta)
    for k, sl in enumerate(learner.layer_slices(3).values()):
        assert torch.allclose(c.input[:, sl], torch.tensor(0.1 * (k + 1)))


@pytest.mark.parametrize("name", ["sgd-from-c0", "adam-from-c0", "i=const", "random-init"])
def test_a_missing_setting_is_named(name):
    learner, meta, x, y = _setup()
    with pytest.raises(ValueError, match=name):
        adapt_method(name, MethodSettings(), meta, learner, x, y, 3, 1)


def test_settings_to_json_keeps_only_what_is_set():
    assert MethodSettings().to_json() == {}
    assert MethodSettings(lr=0.1, passes=3).to_json() == {"lr": 0.1, "passes": 3}
