"""More examples never make the answer worse: on a generated set of separable classes
(glyphs rendered by scripts/make_glyph_dataset.py, not Omniglot), the default model choice
and head rule at N = 10 and 20 score no lower with more shots. The old rule ("shots first")
fails this at 20-way (the 5-shot 5-way model: 55 % at K = 5 against 72 % at K = 2).

Uses the shipped models (the default path a user takes); skipped where they are absent."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch

from engine.data.episodes import EpisodeSampler, episode_rng
from engine.data.images import load_class_folders
from engine.inference.shipped import choose_model, shipped_checkpoints
from engine.io.checkpoint import load_model
from engine.training.evaluate import episode_accuracy

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_glyph_dataset.py"

EPISODES = 6
SHOTS = (1, 2, 5)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    if len(shipped_checkpoints()) < 3:
        pytest.skip("the shipped models are not in this checkout")
    spec = importlib.util.spec_from_file_location("make_glyph_dataset", SCRIPT)
    glyphs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(glyphs)
    out = tmp_path_factory.mktemp("glyphs")
    if glyphs.make_dataset(out, classes=40, per_class=8, seed=1) < 20:
        pytest.skip("too few fonts on this machine to render 20 glyph classes")
    return load_class_folders(out, 28, 1, invert=True)[0]


@pytest.fixture(autouse=True)
def _one_thread():
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.mark.parametrize("way", [10, 20])
def test_more_shots_never_lower_accuracy(data, way):
    torch.manual_seed(0)
    accs = []
    for shot in SHOTS:
        model = load_model(choose_model(way, shot).path)
        sampler = EpisodeSampler(data, way, shot, 3, split="test")
        accs.append(
            np.mean(
                [
                    episode_accuracy(
                        model.meta,
                        model.learner,
                        sampler.sample(episode_rng(0, e, "mono")),
                        model.config.inner_steps,
                    )[0]
                    for e in range(EPISODES)
                ]
            )
        )
    assert accs[0] > 2.0 / way  # far above chance, so a fall could show
    for a, b in zip(accs, accs[1:]):
        assert b >= a - 0.02, f"{way}-way accuracy fell with more shots: {accs}"
