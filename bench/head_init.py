"""How the classifier head's initialisation from c_0 affects accuracy (config `head`).

Trains the same Omniglot 5-way 1-shot meta-learner twice, side by side in one process, once
with head=per_class (one learned row per training class, as in the paper) and once with
head=shared (one learned row broadcast to every class), then evaluates both on the evaluation
alphabets at the training N and at other N.

    python -m bench.head_init [--episodes 1500] [--eval-episodes 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import time

import torch

from engine.config import load_config, preset_dir
from engine.data.datasets import load_splits
from engine.data.episodes import EpisodeSampler
from engine.training.evaluate import evaluate
from engine.training.trainer import MetaTrainer


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", type=int, default=1500)
    ap.add_argument("--eval-episodes", type=int, default=300)
    ap.add_argument("--ways", default="5,3,20")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--heads", default="per_class,shared")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(2)
    base = load_config(preset_dir() / "omniglot-5w1s.yaml").replace(
        episodes=args.episodes, val_interval=args.episodes, val_episodes=50, seed=args.seed
    )
    splits, prep = load_splits(base)
    results = {}
    for head in args.heads.split(","):
        cfg = base.replace(head=head)
        tr = MetaTrainer(cfg, splits, prep)
        t0 = time.perf_counter()
        while not tr.done:
            tr.step()
        train_s = time.perf_counter() - t0
        row = {"train_s": round(train_s, 1)}
        for way in (int(w) for w in args.ways.split(",")):
            sampler = EpisodeSampler(splits["test"], way, 1, 15, split="test")
            res = evaluate(
                tr.meta,
                tr.learner,
                sampler,
                args.eval_episodes,
                0,
                cfg.inner_steps,
                stream="head-bench",
                head="paper",
            )  # the layouts themselves
            row[f"{way}way"] = (round(100 * res.accuracy, 2), round(100 * res.ci95, 2))
        results[head] = row
        if not args.json:
            print(head, row, flush=True)
    if args.json:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
