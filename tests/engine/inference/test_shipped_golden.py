"""The shipped models pinned end to end: for each, a fixed episode of unseen characters at the
model's own N and K, through both user paths (decoded from PNG files by `classify`, and
sampled from the embedded set and traced as `eval` and the replay do), gives the recorded
probabilities to 1e-4. Drift in decoding, preprocessing, batch norm or the update fails here
even when every unit test passes. Not tighter: float32 kernels round differently from one CPU
to another, and a 2-core AMD EPYC gives up to 2.5e-5 away from the Xeon the values were
recorded on (the 20-way model, after its five inner steps). Each checkpoint's stored config
also equals its preset.

Regenerate only after an intended change of a shipped model:
    .venv/bin/python -m tests.engine.inference.test_shipped_golden --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from engine.config import load_config, preset_dir
from engine.data.episodes import EpisodeSampler
from engine.data.omniglot import load_omniglot
from engine.inference.classify import classify_folders
from engine.inference.shipped import SHIPPED, SHIPPED_DIR
from engine.inference.trace import trace_episode
from engine.io.checkpoint import load_model

GOLDEN = Path(__file__).with_name("golden") / "shipped.json"
QUERY = 2  # queries per class in the fixed episodes
ATOL = 1e-4  # four times the largest difference seen between two CPUs (see above)


def _write_episode(root: Path, way: int, shot: int) -> None:
    """Characters 7, 7+29, ... of the evaluation alphabets as black-on-white PNGs."""
    test = load_omniglot(None)["evaluation"]
    for c in range(way):
        cls = 7 + 29 * c
        images = test.images[test.indices_of(cls)]
        for split, picks in (("support", range(shot)), ("query", range(shot, shot + QUERY))):
            folder = root / split / f"char{cls:04d}"
            folder.mkdir(parents=True, exist_ok=True)
            for i in picks:
                Image.fromarray(255 - images[i, :, :, 0]).save(folder / f"{i:02d}.png")


def observed(name: str, root: Path) -> dict[str, list[list[float]]]:
    """At one torch thread: the summation order of more threads moves 20w1s's probabilities
    by up to 2e-4 (measured), which is not drift."""
    torch.set_num_threads(1)
    model = load_model(SHIPPED_DIR / name)
    cfg = model.config
    _write_episode(root, cfg.way, cfg.shot)
    result = classify_folders(model, root / "support", root / "query")
    files = [p.probabilities for p in result.predictions]
    classified = [[row[c] for c in result.class_names] for row in files]
    sampler = EpisodeSampler(
        load_omniglot(None)["evaluation"], cfg.way, cfg.shot, QUERY, split="test"
    )
    episode = sampler.sample(np.random.default_rng(2017))
    trace = trace_episode(model.meta, model.learner, episode, cfg.inner_steps)
    return {"classify": classified, "trace": trace.query_probs[-1].tolist()}


@pytest.mark.parametrize("name", sorted(SHIPPED.values()))
def test_a_shipped_model_gives_its_recorded_probabilities(name, tmp_path):
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))[name]
    got = observed(name, tmp_path)
    for path in ("classify", "trace"):
        np.testing.assert_allclose(
            np.asarray(got[path]),
            np.asarray(golden[path]),
            rtol=0,
            atol=ATOL,
            err_msg=f"{name} via {path}",
        )


@pytest.mark.parametrize("name", sorted(SHIPPED.values()))
def test_a_shipped_checkpoint_was_trained_from_its_preset(name):
    """Every field of the recipe; only where it ran (threads, device) may differ."""
    where = ("threads", "device")
    stored = {
        k: v for k, v in load_model(SHIPPED_DIR / name).config.to_dict().items() if k not in where
    }
    preset = {
        k: v
        for k, v in load_config(preset_dir() / name.replace(".pt", ".yaml")).to_dict().items()
        if k not in where
    }
    assert stored == preset


if __name__ == "__main__" and "--write" in sys.argv:
    import tempfile

    out = {}
    for model_name in sorted(SHIPPED.values()):
        with tempfile.TemporaryDirectory() as tmp:
            out[model_name] = observed(model_name, Path(tmp))
    GOLDEN.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")
