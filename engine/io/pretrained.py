"""The pretrained learner of the fine-tune and nearest-neighbour baselines, on disk.

Pretraining takes minutes, and it depends only on the training data and the learner's shape,
not on a meta-learner: the three Omniglot presets share one. So it is stored once per
(data, shape, recipe) key: shipped in assets/pretrained/ for the presets, else written to the
user cache dir (engine/data/datacache.py's `cache_dir`) the first time it is needed. Files are
sealed and written atomically like checkpoints, and read with weights_only=True."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Optional

from engine.config import Config
from engine.data.datacache import cache_dir, cache_disabled, make_key
from engine.data.episodes import SplitData
from engine.errors import CheckpointError, EngineError
from engine.integrity import seal
from engine.io.checkpoint import read_checkpoint, write_bundle
from engine.model.baselines import PretrainedBody
from engine.model.learner import BNState, Learner
from engine.resources import assets_dir
from engine.training.pretrain import PretrainSettings, pretrain

KIND = "mlstm-explorer/pretrained"
VERSION = 1
log = logging.getLogger(__name__)


def pretrained_key(config: Config, settings: PretrainSettings) -> str:
    """What the pretrained learner depends on: the training classes, the learner's shape and
    the recipe (synthetic data also depends on the seed that generates it)."""
    return make_key(
        "pretrained",
        config.dataset,
        config.data_path,
        config.omniglot_split,
        config.val_fraction,
        config.seed if config.dataset == "synthetic" else None,
        config.image_size,
        config.channels,
        config.rotations,
        config.filters,
        config.bn_eps,
        tuple(sorted(settings.to_json().items())),
    )


def file_name(config: Config, settings: PretrainSettings) -> str:
    return f"{config.dataset}-{pretrained_key(config, settings)}.pt"


def shipped_dir() -> Path:
    return assets_dir() / "pretrained"


def cached_path(config: Config, settings: PretrainSettings) -> Path:
    return cache_dir() / "pretrained" / file_name(config, settings)


def save_pretrained(
    path: Path, pre: PretrainedBody, learner: Learner, settings: PretrainSettings
) -> Path:
    bundle: dict[str, Any] = {
        "format": KIND,
        "version": VERSION,
        "learner": {
            "channels": learner.channels,
            "image_size": learner.image_size,
            "filters": learner.filters,
            "bn_eps": learner.bn_eps,
        },
        "settings": settings.to_json(),
        "body": pre.body.detach().cpu(),
        "bn_means": [m.detach().cpu() for m in pre.bn.means],
        "bn_vars": [v.detach().cpu() for v in pre.bn.vars],
        "classes": pre.classes,
        "train_acc": pre.train_acc,
    }
    return write_bundle(path, seal(bundle), keep_previous=False)


def read_pretrained(path: Path, learner: Learner) -> PretrainedBody:
    """The stored learner, checked against the shape `learner` needs."""
    bundle = read_checkpoint(path, KIND, VERSION, sections=("learner", "settings"))
    shape = bundle["learner"]
    want = {
        "channels": learner.channels,
        "image_size": learner.image_size,
        "filters": learner.filters,
    }
    if {k: shape.get(k) for k in want} != want:
        raise CheckpointError(f"{path} holds a learner of shape {shape}, not {want}")
    try:
        body, means, variances = bundle["body"], bundle["bn_means"], bundle["bn_vars"]
        ok = body.shape == (learner.body_size,) and len(means) == len(variances) == 4
        bn = BNState(list(means), list(variances))
        pre = PretrainedBody(body, bn, int(bundle["classes"]), float(bundle["train_acc"]))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise CheckpointError(f"{path} is not a usable pretrained learner ({exc})") from None
    if not ok:
        raise CheckpointError(f"{path} is not a usable pretrained learner (wrong sizes)")
    return pre


def _stored(
    config: Config, learner: Learner, settings: PretrainSettings
) -> Optional[tuple[PretrainedBody, Path]]:
    """The shipped file for this key, else the cached one; a damaged or stale one is said and
    skipped."""
    places = [shipped_dir() / file_name(config, settings)]
    if not cache_disabled():
        places.append(cached_path(config, settings))
    for path in places:
        if path.is_file():
            try:
                return read_pretrained(path, learner), path
            except EngineError as exc:  # damaged or stale: pretrain again, say why
                log.warning("ignoring %s: %s", path, exc)
    return None


APP_RECIPES: tuple[PretrainSettings, ...] = (PretrainSettings(), PretrainSettings(lr=0.1))
"""The recipes the app looks for: the authors' and the lr 0.1 one (both shipped for Omniglot)."""


def find_pretrained(
    config: Config, learner: Learner, recipes: tuple[PretrainSettings, ...] = APP_RECIPES
) -> Optional[tuple[PretrainedBody, Path]]:
    """A stored pretrained learner for this config, never pretraining (the app cannot wait
    minutes): of the recipes found, the one that fit its training classes best. None when
    there is none (`main.py eval --method nearest-neighbour` makes and caches one)."""
    found = [f for f in (_stored(config, learner, r) for r in recipes) if f is not None]
    return max(found, key=lambda f: f[0].train_acc, default=None)


def load_or_pretrain(
    config: Config,
    learner: Learner,
    train: SplitData,
    settings: Optional[PretrainSettings] = None,
    progress: Optional[Callable[[int, float], None]] = None,
) -> tuple[PretrainedBody, Path | None]:
    """The shipped or cached pretrained learner for this config, else one pretrained now and
    cached (a cache that cannot be written is said once and skipped). Returns it and its file."""
    settings = settings or PretrainSettings()
    stored = _stored(config, learner, settings)
    if stored is not None:
        return stored
    log.info(
        "pretraining the learner on %d training classes%s for the baselines (%d updates; "
        "cached for next time) ...",
        train.n_classes,
        " x 4 rotations" if config.rotations else "",
        settings.iterations,
    )
    pre = pretrain(learner, train, config.rotations, settings, progress)
    if cache_disabled():
        return pre, None
    try:
        return pre, save_pretrained(cached_path(config, settings), pre, learner, settings)
    except EngineError as exc:
        log.warning("note: the pretrained learner is not cached: %s", exc)
        return pre, None
