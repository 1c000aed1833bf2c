"""`main.py eval --method`: the command-line front end of engine/training/method_table.py.

One row per method (accuracy ± 95% CI, and the hyper-parameters it was tuned to), or one
JSON object with a row per method."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TYPE_CHECKING, Any, Optional

import torch

from engine.data.episodes import EpisodeSampler, SplitData
from engine.errors import EngineError
from engine.model.methods import PRETRAINED
from engine.training.headless import progress_bar
from engine.training.method_table import evaluate_methods
from engine.training.methods import MethodContext, MethodResult

if TYPE_CHECKING:
    from engine.config import Config
    from engine.io.checkpoint import LoadedModel
    from engine.model.baselines import PretrainedBody

log = logging.getLogger("mlstm")
NEEDS_VAL = ("finetune", "sgd-from-c0", "adam-from-c0")


class PhaseBars:
    """One progress bar per phase (tuning a method, scoring it), on stderr."""

    def __init__(self, disable: bool) -> None:
        self.disable, self.what, self.bar = disable, "", None

    def __call__(self, what: str, done: int, total: int) -> None:
        if what != self.what:
            self.close()
            self.what = what
            self.bar = progress_bar(
                total=total, unit="ep", desc=what, disable=self.disable, leave=False
            )
        assert self.bar is not None
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _pretrained_loader(
    args: argparse.Namespace,
    cfg: "Config",
    model: "LoadedModel",
    train: SplitData,
    record: dict[str, Any],
) -> "PretrainedBody":
    """The pretrained learner (shipped, cached, or pretrained now); what was used goes into
    `record` for the output."""
    from engine.io.pretrained import load_or_pretrain
    from engine.training.pretrain import PretrainSettings

    settings = PretrainSettings(iterations=args.pretrain_iterations, lr=args.pretrain_lr)
    bar = progress_bar(
        total=settings.iterations, unit="upd", desc="pretraining", disable=args.json, leave=False
    )
    pre, path = load_or_pretrain(
        cfg, model.learner, train, settings, lambda n, acc: bar.update(n - bar.n)
    )
    bar.close()
    record.update(
        file=str(path) if path is not None else None,
        classes=pre.classes,
        train_accuracy=pre.train_acc,
        settings=settings.to_json(),
    )
    log.info("pretrained learner: %d classes, %s", pre.classes, path or "not cached")
    return pre


def settings_text(row: MethodResult) -> str:
    """'lr 0.1, decay 0.01 (tuned on 100 val episodes: 91.20%)', '' when nothing was chosen."""
    parts = [f"{k} {v:g}" for k, v in row.settings.to_json().items() if k != "input_gate"]
    if row.settings.input_gate is not None:
        parts.append("i per layer " + "/".join(f"{v:.3g}" for v in row.settings.input_gate))
    text = ", ".join(parts)
    if "val_accuracy" in row.tuning:
        text += (
            f" (tuned on {row.tuning['val_episodes']} val episodes: "
            f"{100 * row.tuning['val_accuracy']:.2f}%)"
        )
    return text


def run_methods(
    args: argparse.Namespace,
    model: "LoadedModel",
    cfg: "Config",
    splits: dict[str, SplitData],
    sampler: EpisodeSampler,
    methods: tuple[str, ...],
    episodes: int,
    device: torch.device,
) -> int:
    val: Optional[EpisodeSampler] = None
    if any(m in NEEDS_VAL for m in methods):
        if "val" not in splits or len(splits["val"]) == 0:
            raise EngineError(
                "tuning needs meta-validation episodes: the dataset has no 'val' split"
            )
        val = EpisodeSampler(splits["val"], sampler.way, sampler.shot, sampler.query, split="val")
    if any(m in PRETRAINED for m in methods) and len(splits.get("train", [])) == 0:
        raise EngineError("finetune and nearest-neighbour need the 'train' split to pretrain on")
    pretrained: dict[str, Any] = {}
    ctx = MethodContext(
        model.meta,
        model.learner,
        sampler,
        val,
        cfg.inner_steps,
        cfg.inner_batch,
        args.seed,
        f"eval-{args.split}",
        device,
        args.transductive_bn,
        lambda: _pretrained_loader(args, cfg, model, splits["train"], pretrained),
    )
    bars = PhaseBars(disable=args.json)
    try:
        rows = evaluate_methods(ctx, methods, episodes, args.tune_episodes, bars)
    finally:
        bars.close()
    head: dict[str, Any] = {
        "way": sampler.way,
        "shot": sampler.shot,
        "query": sampler.query,
        "split": args.split,
        "episodes": episodes,
        "seed": args.seed,
        "checkpoint": str(model.path),
        "bn": "query batch statistics" if args.transductive_bn else "support running statistics",
        **({"pretrained": pretrained} if pretrained else {}),
    }
    if args.json:
        print(json.dumps({**head, "methods": [r.to_json() for r in rows]}))
        return 0
    print(
        f"{sampler.way}-way {sampler.shot}-shot, {args.split} split, {episodes} episodes of "
        f"{sampler.query} queries per class (mean ± 95% CI):"
    )
    width = max(len(r.method) for r in rows)
    for r in rows:
        extra = settings_text(r)
        print(
            f"  {r.method:<{width}}  {100 * r.accuracy:6.2f}% ± {100 * r.ci95:.2f}%"
            + (f"   {extra}" if extra else "")
        )
    sys.stdout.flush()
    return 0
