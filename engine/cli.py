"""Headless commands: train, eval, classify. The same engine the app drives, for servers.

Every user-facing failure is an EngineError printed as one clear line (exit status 2);
an interrupted or failed training keeps its last good checkpoint."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from engine.errors import EngineError

if TYPE_CHECKING:
    from engine.inference.shipped import ModelChoice

log = logging.getLogger("mlstm")


def _parser(prog: str = "main.py") -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Meta-LSTM Explorer: headless "
        "commands (run without arguments to open the app).",
    )
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="meta-train from a config")
    t.add_argument(
        "--config",
        required=True,
        help="YAML config, or a shipped preset's name (demo, omniglot-5w1s, ...)",
    )
    t.add_argument("--episodes", type=int, help="total meta-training episodes (overrides config)")
    t.add_argument("--out", help="run directory (default runs/<time>-<name>)")
    t.add_argument("--seed", type=int, help="seed (overrides config)")
    t.add_argument("--data", help="dataset path (overrides config data_path)")
    t.add_argument("--threads", type=int, help="torch CPU threads (per process)")
    t.add_argument("--device", help="cpu (default), cuda, cuda:N or auto (overrides config)")
    t.add_argument(
        "--meta-batch",
        type=int,
        dest="meta_batch",
        help="episodes per meta-update (overrides config; under torchrun the "
        "default is one per process)",
    )
    t.add_argument("--resume", action="store_true", help="continue the run in --out exactly")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument(
        "--tensorboard",
        action="store_true",
        help="also write TensorBoard event files to <out>/tensorboard "
        "(needs the tensorboard package)",
    )

    e = sub.add_parser("eval", help="few-shot accuracy of a checkpoint, mean ± 95%% CI")
    e.add_argument(
        "--checkpoint",
        required=True,
        help="a checkpoint file, or a shipped model's name (omniglot-5w1s, ...)",
    )
    e.add_argument("--data", help="dataset path (default: the checkpoint's)")
    e.add_argument("--split", default="test", choices=("train", "val", "test"))
    e.add_argument("--way", type=int)
    e.add_argument("--shot", type=int)
    e.add_argument("--query", type=int)
    e.add_argument("--episodes", type=int, help="default: the config's test_episodes (600)")
    e.add_argument("--seed", type=int, default=0)
    e.add_argument("--device", default="cpu", help="cpu (default), cuda, cuda:N or auto")
    e.add_argument(
        "--transductive-bn",
        action="store_true",
        help="score queries with their own batch statistics (as meta-training and "
        "MAML's evaluation do) instead of the support's running statistics",
    )
    e.add_argument(
        "--method",
        help="compare methods on the same episodes, comma-separated: "
        "meta-lstm, finetune, nearest-neighbour, pixel-nn, sgd-from-c0, adam-from-c0, "
        "f=1, i=const, random-init (docs/RESULTS.md)",
    )
    e.add_argument(
        "--tune-episodes",
        type=int,
        default=100,
        dest="tune_episodes",
        help="meta-validation episodes for tuning finetune, sgd-from-c0 and adam-from-c0 (100)",
    )
    e.add_argument(
        "--pretrain-iterations",
        type=int,
        default=30_000,
        dest="pretrain_iterations",
        help="updates of the pretraining for finetune and nearest-neighbour (the authors' 30000)",
    )
    e.add_argument(
        "--pretrain-lr",
        type=float,
        default=0.01,
        dest="pretrain_lr",
        help="SGD rate of that pretraining (the authors' 0.01; docs/RESULTS.md also shows 0.1)",
    )
    e.add_argument("--threads", type=int, help="torch CPU threads")
    e.add_argument("--json", action="store_true", help="print one JSON object")

    c = sub.add_parser("classify", help="adapt to your own classes and classify images")
    c.add_argument(
        "--checkpoint",
        help="default: the shipped Omniglot model chosen for your "
        "N-way K-shot task (5w1s, 5w5s or 20w1s; README 'Any N at test time')",
    )
    c.add_argument(
        "--head",
        default="grouped",
        choices=("grouped", "paper", "prototype"),
        help="head initialisation at θ_0 (default grouped: the model's learned rows, "
        "in groups above its training N; paper: the paper's layout, the mean "
        "row above it; prototype: support class means)",
    )
    c.add_argument("--support", required=True, help="folder of class folders of images")
    c.add_argument("--query", required=True, help="folder of images, or of class folders")
    c.add_argument("--json", action="store_true", help="print one JSON object")
    return p


def main(argv: Optional[list[str]] = None, prog: str = "main.py") -> int:
    args = _parser(prog).parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        return {"train": cmd_train, "eval": cmd_eval, "classify": cmd_classify}[args.command](args)
    except EngineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


# ---------------------------------------------------------------------- train
def cmd_train(args: argparse.Namespace) -> int:
    from engine.config import read_config
    from engine.io.runs import new_run_dir
    from engine.training import distributed
    from engine.training.headless import StopOnSignal, train_loop

    config, explicit = read_config(config_arg(args.config))
    ranks = distributed.from_environment()
    overrides = {
        k: v
        for k, v in (
            ("episodes", args.episodes),
            ("seed", args.seed),
            ("data_path", args.data),
            ("threads", args.threads),
            ("device", args.device),
            ("meta_batch", args.meta_batch),
        )
        if v is not None
    }
    if ranks.active and "meta_batch" not in overrides and "meta_batch" not in explicit:
        overrides["meta_batch"] = ranks.world
        if ranks.is_main:
            print(
                f"meta_batch is not set in {args.config}: using {ranks.world}, one episode "
                f"per process",
                file=sys.stderr,
            )
    if overrides:
        config = config.replace(**overrides)
    if config.meta_batch % ranks.world:  # said once, by rank 0, before any process joins
        if ranks.is_main:
            print(
                f"error: meta_batch {config.meta_batch} (from "
                f"{'--meta-batch' if args.meta_batch else args.config}) must be a multiple "
                f"of the {ranks.world} processes: each trains on an equal share",
                file=sys.stderr,
            )
        return 2
    out = Path(args.out) if args.out else new_run_dir(config.name, Path("runs"))
    if args.resume and not (out / "checkpoints" / "last.pt").exists():
        raise EngineError(f"cannot resume: {out / 'checkpoints' / 'last.pt'} does not exist")
    if ranks.active and not args.out:
        raise EngineError(
            "with several processes give --out: every process must name the same run directory"
        )
    try:
        with StopOnSignal() as stop:
            code = train_loop(args, config, out, ranks, stop)
        if code == 0:  # the end every rank reached at the same step (not a forced stop)
            distributed.stop(together=True)
        return code
    finally:
        distributed.stop()


# ---------------------------------------------------------------------- eval
def checkpoint_arg(text: str) -> Path:
    """--checkpoint: a path, or the name of a shipped model (`omniglot-20w1s`), so the
    installed command needs no path into its own package."""
    from engine.inference.shipped import SHIPPED_DIR
    from engine.resources import resolve_named

    return resolve_named(text, SHIPPED_DIR, ".pt", "checkpoint")


def config_arg(text: str) -> Path:
    """--config: a path, or the name of a shipped preset (`omniglot-5w1s`)."""
    from engine.config import preset_dir
    from engine.resources import resolve_named

    return resolve_named(text, preset_dir(), ".yaml", "config")


def method_arg(text: str) -> tuple[str, ...]:
    """--method: names checked before any data is loaded."""
    from engine.training.method_table import parse_methods

    try:
        return parse_methods(text)
    except ValueError as exc:
        raise EngineError(str(exc)) from None


def cmd_eval(args: argparse.Namespace) -> int:
    from engine.data.datasets import load_splits
    from engine.data.episodes import EpisodeSampler
    from engine.io.checkpoint import load_model
    from engine.training.devices import resolve_device
    from engine.training.evaluate import evaluate
    from engine.training.headless import progress_bar

    methods = method_arg(args.method) if args.method is not None else None
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    checkpoint = checkpoint_arg(args.checkpoint)
    model = load_model(checkpoint)
    cfg = model.config
    if args.data:
        cfg = cfg.replace(data_path=args.data)
    way, shot = args.way or cfg.way, args.shot or cfg.shot
    query = args.query or cfg.query
    episodes = args.episodes or cfg.test_episodes
    splits, prep = load_splits(cfg)
    if prep != model.preprocessing:
        raise EngineError(
            f"the data's preprocessing {prep.to_dict()} differs from the "
            f"checkpoint's {model.preprocessing.to_dict()}"
        )
    if args.split not in splits or len(splits[args.split]) == 0:
        raise EngineError(f"the dataset has no '{args.split}' split")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore" if args.json else "default")
        sampler = EpisodeSampler(splits[args.split], way, shot, query, split=args.split)
    device = resolve_device(args.device)
    model.meta.to(device)
    if methods is not None:
        from engine.cli_methods import run_methods

        return run_methods(args, model, cfg, splits, sampler, methods, episodes, device)
    bar = progress_bar(total=episodes, unit="ep", disable=args.json, leave=False)
    res = evaluate(
        model.meta,
        model.learner,
        sampler,
        episodes,
        args.seed,
        cfg.inner_steps,
        cfg.inner_batch,
        stream=f"eval-{args.split}",
        device=device,
        progress=lambda k: bar.update(1),
        transductive=args.transductive_bn,
    )
    bar.close()
    out = {
        **res.to_json(),
        "way": way,
        "shot": shot,
        "query": query,
        "split": args.split,
        "checkpoint": str(checkpoint),
        "bn": "query batch statistics" if args.transductive_bn else "support running statistics",
    }
    if args.json:
        print(json.dumps(out))
    else:
        print(
            f"{way}-way {shot}-shot, {args.split} split, {episodes} episodes of {query} "
            f"queries per class: accuracy {100 * res.accuracy:.2f}% ± {100 * res.ci95:.2f}% "
            f"(95% CI)"
        )
    return 0


# ---------------------------------------------------------------------- classify
def default_checkpoint(support: str) -> "ModelChoice":
    """The shipped model for the support folder's N-way K-shot task (engine.inference.shipped's rule;
    K by `task_shape`, the same function the try-it panel uses)."""
    from engine.inference.classify import support_shape
    from engine.inference.shipped import SHIPPED_DIR, choose_model

    way, shot = support_shape(support)
    choice = choose_model(way, shot)
    if choice is None:
        raise EngineError(f"no --checkpoint given and no shipped model in {SHIPPED_DIR}")
    log.info(
        "using the shipped model %s for %d-way %d-shot: %s",
        choice.path.name,
        way,
        shot,
        choice.reason,
    )
    return choice


def cmd_classify(args: argparse.Namespace) -> int:
    from engine.inference.classify import classify_folders
    from engine.io.checkpoint import load_model

    choice = None if args.checkpoint else default_checkpoint(args.support)
    model = load_model(checkpoint_arg(args.checkpoint) if choice is None else choice.path)
    res = classify_folders(
        model, args.support, args.query, args.head, choice, "chosen with --checkpoint"
    )
    if args.json:
        print(json.dumps(res.to_json()))
        return 0
    for note in res.skipped:
        print(f"skipped: {note}", file=sys.stderr)
    for line in res.explanation.lines() if res.explanation else []:
        print(line)
    width = max(len(Path(p.name).name) for p in res.predictions)
    for p in res.predictions:
        top = ", ".join(f"{c} {100 * v:.1f}%" for c, v in list(p.probabilities.items())[:3])
        mark = (
            ""
            if p.label is None
            else ("  ok" if p.label == p.predicted else f"  WRONG (true: {p.label})")
        )
        print(f"{Path(p.name).name:<{width}}  -> {p.predicted}   [{top}]{mark}")
    m = res.confusion()
    if res.accuracy is not None and m is not None:
        print(f"accuracy: {100 * res.accuracy:.2f}% on {len(res.predictions)} images")
        names = res.class_names
        w = max(max(len(n) for n in names), 4)
        print("confusion (rows: true, columns: predicted)")
        print(" " * w + "  " + " ".join(f"{n[:w]:>{w}}" for n in names))
        for n, row in zip(names, m):
            print(f"{n[:w]:>{w}}  " + " ".join(f"{v:>{w}}" for v in row))
    return 0
