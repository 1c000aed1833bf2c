"""How long a Compare replay of one episode takes: `compare_episode` on an Omniglot 5-way 1-shot
test episode with the shipped model, per method and for a four-method set (the issue's target:
under 2 s on 2 cores, off the GUI thread). Prints one line per measurement, or JSON.

    python -m bench.compare_speed [--threads 2] [--repeats 5] [--four-only] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import torch

from engine.data.episodes import EpisodeSampler, episode_rng
from engine.data.omniglot import load_omniglot
from engine.inference.compare import compare_episode
from engine.inference.shipped import SHIPPED_DIR
from engine.io.checkpoint import load_model
from engine.io.pretrained import file_name, read_pretrained, shipped_dir
from engine.model.methods import METHODS
from engine.training.pretrain import PretrainSettings

FOUR = ("meta-lstm", "finetune", "nearest-neighbour", "sgd-from-c0")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--four-only", action="store_true", help="skip the per-method timings")
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    model = load_model(SHIPPED_DIR / "omniglot-5w1s.pt")
    cfg = model.config
    pre = read_pretrained(shipped_dir() / file_name(cfg, PretrainSettings()), model.learner)
    sampler = EpisodeSampler(load_omniglot(None)["evaluation"], 5, 1, 15, split="test")

    def timed(methods: tuple[str, ...]) -> list[float]:
        out = []
        for k in range(args.repeats + 1):  # the first run warms up and is dropped
            ep = sampler.sample(episode_rng(0, k, "bench"))
            start = time.perf_counter()
            compare_episode(model.meta, model.learner, ep, methods, cfg.inner_steps, pretrained=pre)
            out.append(time.perf_counter() - start)
        return out[1:]

    rows = {"+".join(FOUR): timed(FOUR)}
    if not args.four_only:
        rows.update({m: timed((m,)) for m in METHODS})
    result = {
        "threads": args.threads,
        "repeats": args.repeats,
        "median_s": {k: round(statistics.median(v), 4) for k, v in rows.items()},
        "max_s": {k: round(max(v), 4) for k, v in rows.items()},
        "finetune_settings": "lr 0.001, decay 1e-5, 5 passes (DEFAULT_RATES)",
    }
    if args.json:
        print(json.dumps(result))
        return
    print(f"compare_episode, Omniglot 5w1s, 15 queries per class, {args.threads} threads")
    for k in rows:
        print(f"  {k:<45} median {result['median_s'][k]:.3f} s   max {result['max_s'][k]:.3f} s")


if __name__ == "__main__":
    main()
