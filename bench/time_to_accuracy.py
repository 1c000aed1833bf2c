"""Time to accuracy: meta-train a preset from scratch until its validation accuracy reaches a
target or a wall-clock budget runs out, then test it by the paper's protocol.

    python -m bench.time_to_accuracy --preset omniglot-5w1s --target 0.97 [--budget-min 60]
        [--threads N] [--run-dir DIR] [--resume] [--test-episodes 600] [--json]
        [--set key=value ...]

The clock is wall time of the whole run, validations included (what DAWNBench and MLPerf
report), from building the trainer to the last validation. Validation follows the preset
(`val_interval`, `val_episodes`); the run stops at the first validation at or above
`--target`, or when the budget is spent. The test is then the checkpoint with the best
validation (best.pt), on the test split (Lake's evaluation alphabets for Omniglot), 600
episodes, support statistics for batch norm (the paper's protocol) and, labelled, the query's
own statistics (transductive, the protocol of the published MAML and ProtoNets figures).

With --run-dir the run writes last.pt, best.pt, metrics.jsonl and tta.json (the clock so far
and the milestones): kill it and pass --resume to continue on this or another machine; the
clock continues from the minutes already spent. Prints the minutes to each validation
milestone, episodes/s and the test accuracy ± 95% CI; --json adds one JSON object."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

MILESTONES = (0.80, 0.90, 0.95, 0.97, 0.98, 0.99, 0.993)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.time_to_accuracy", description=__doc__)
    p.add_argument("--preset", required=True, help="a config in configs/ (name without .yaml)")
    p.add_argument("--target", type=float, required=True, help="validation accuracy, e.g. 0.97")
    p.add_argument("--budget-min", type=float, default=60.0, help="wall-clock minutes")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: the preset's)")
    p.add_argument("--run-dir", type=Path, help="write checkpoints and the clock here")
    p.add_argument("--resume", action="store_true", help="continue the run in --run-dir")
    p.add_argument("--test-episodes", type=int, default=600)
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a config field (a labelled recipe change)",
    )
    p.add_argument("--json", action="store_true")
    return p


def _config(args: argparse.Namespace) -> Any:
    import yaml

    from engine.config import load_config

    config = load_config(REPO / "configs" / f"{args.preset}.yaml")
    changes = {}
    for item in args.set:
        key, _, value = item.partition("=")
        changes[key.strip()] = yaml.safe_load(value)
    if changes:
        config = config.replace(**changes)
    # room to train until the target or the budget, whatever the preset's episode count
    return config.replace(episodes=max(config.episodes, 10**7))


def _clock(run_dir: Path | None) -> dict[str, Any]:
    if run_dir is not None and (run_dir / "tta.json").is_file():
        return dict(json.loads((run_dir / "tta.json").read_text(encoding="utf-8")))
    return {"minutes": 0.0, "validations": [], "milestones": {}}


def _save_clock(run_dir: Path | None, clock: dict[str, Any]) -> None:
    if run_dir is not None:
        tmp = run_dir / "tta.json.tmp"
        tmp.write_text(json.dumps(clock, indent=1) + "\n", encoding="utf-8")
        tmp.replace(run_dir / "tta.json")


def _test(trainer: Any, best: Path | None, episodes: int) -> dict[str, Any]:
    """The best validation's weights on the test split, by both batch-norm protocols."""
    from engine.data.datasets import load_splits
    from engine.data.episodes import EpisodeSampler
    from engine.io.checkpoint import load_model
    from engine.training.evaluate import evaluate

    cfg = trainer.config
    meta, learner = trainer.meta, trainer.learner
    if best is not None and best.is_file():
        model = load_model(best)
        meta, learner = model.meta, model.learner
    splits, _ = load_splits(cfg)
    sampler = EpisodeSampler(splits["test"], cfg.way, cfg.shot, cfg.query, split="test")
    out = {}
    for name, transductive in (("test", False), ("test_transductive_bn", True)):
        res = evaluate(
            meta,
            learner,
            sampler,
            episodes,
            0,
            cfg.inner_steps,
            cfg.inner_batch,
            stream="eval-test",
            transductive=transductive,
        )
        out[name] = {"accuracy": res.accuracy, "ci95": res.ci95, "episodes": episodes}
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    import torch

    from engine.training.events import Event
    from engine.training.trainer import MetaTrainer

    config = _config(args)
    if args.threads:
        torch.set_num_threads(args.threads)
    elif config.threads:
        torch.set_num_threads(config.threads)
    if args.run_dir is not None:
        args.run_dir.mkdir(parents=True, exist_ok=True)
    clock = _clock(args.run_dir if args.resume else None)
    session = time.perf_counter()
    started = session - 60.0 * float(clock["minutes"])
    trainer = MetaTrainer(config, run_dir=args.run_dir, resume=args.resume)
    first_episode = trainer.episode
    reached = False

    def on_validation(report: Any) -> None:
        nonlocal reached
        minutes = (time.perf_counter() - started) / 60.0
        clock["minutes"] = minutes
        clock["validations"].append([round(minutes, 3), report.episode, report.accuracy])
        for m in MILESTONES:
            if report.accuracy >= m and str(m) not in clock["milestones"]:
                clock["milestones"][str(m)] = [round(minutes, 2), report.episode]
        reached = reached or report.accuracy >= args.target
        _save_clock(args.run_dir, clock)
        print(
            f"{minutes:7.2f} min  episode {report.episode:>7}  validation "
            f"{100 * report.accuracy:6.2f}% ± {100 * report.ci95:.2f}",
            flush=True,
        )

    trainer.add_listener(Event.VALIDATION, on_validation)
    over = False
    while not reached and not over:
        trainer.step()
        over = (
            time.perf_counter() - started
        ) / 60.0 >= args.budget_min and not trainer.validation_due
    now = time.perf_counter()
    minutes = (now - started) / 60.0
    if args.run_dir is not None:
        trainer.save("last")  # a --resume continues from here, with the clock saved here
        clock["minutes"] = minutes
        _save_clock(args.run_dir, clock)
    episodes_run = trainer.episode - first_episode
    best = args.run_dir / "checkpoints" / "best.pt" if args.run_dir is not None else None
    result = {
        "preset": args.preset,
        "changes": args.set,
        "target": args.target,
        "reached": reached,
        "minutes": round(minutes, 2),
        "episodes": trainer.episode,
        "episodes_per_s": round(episodes_run / max(1e-9, now - session), 3),  # this session
        "threads": torch.get_num_threads(),
        "best_validation": trainer.best_accuracy,
        "milestones_min": clock["milestones"],
        **_test(trainer, best, args.test_episodes),
    }
    t, tb = result["test"], result["test_transductive_bn"]
    print(
        f"{'reached' if reached else 'did not reach'} {100 * args.target:.1f}% validation in "
        f"{minutes:.1f} min ({trainer.episode} episodes, {result['episodes_per_s']} ep/s); "
        f"test {100 * t['accuracy']:.2f}% ± {100 * t['ci95']:.2f} "
        f"(transductive BN, labelled: {100 * tb['accuracy']:.2f}% ± {100 * tb['ci95']:.2f})"
    )
    if args.json:
        print(json.dumps(result))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
