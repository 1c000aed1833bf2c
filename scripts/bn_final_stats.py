"""Which support pass the test-time query statistics come from: θ_{T−1} (as trained) or θ_T.

    python scripts/bn_final_stats.py [--episodes 600] [CHECKPOINT ...]

The paper's protocol scores the query set with batch-norm running statistics that the support
passes of the inner loop updated; the last of those passes ran at θ_{T−1}, before the T-th
update. This adapts each test episode once and scores the same queries two ways: with those
statistics (the shipped protocol) and after one more support pass at θ_T has updated them
(a labelled variant, not the paper's). Same episodes as `main.py eval`; prints both
accuracies ± 95 % CI per model and one JSON line. Measurement only (issue 20)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("checkpoints", nargs="*")
    p.add_argument("--episodes", type=int, default=600)
    args = p.parse_args(argv)
    import torch

    from engine.data.datasets import load_splits
    from engine.data.episodes import EpisodeSampler, episode_rng
    from engine.inference.shipped import shipped_checkpoints
    from engine.io.checkpoint import load_model
    from engine.model.adapt import adapt, query_pass
    from engine.training.reports import mean_ci95

    torch.set_num_threads(1)
    paths = args.checkpoints or [str(p) for p in shipped_checkpoints().values()]
    out = {}
    for path in paths:
        model = load_model(path)
        cfg, meta, learner = model.config, model.meta, model.learner
        meta.eval()
        splits, _ = load_splits(cfg)
        sampler = EpisodeSampler(splits["test"], cfg.way, cfg.shot, cfg.query, split="test")
        acc = {"theta_T-1": np.zeros(args.episodes), "theta_T": np.zeros(args.episodes)}
        with torch.no_grad():
            for k in range(args.episodes):
                rng = episode_rng(0, k, "eval-test")  # main.py eval's episodes
                ep = sampler.sample(rng)
                way = len(ep.class_names)
                ad = adapt(meta, learner, ep.support_x, ep.support_y, way, cfg.inner_steps)
                _, _, a = query_pass(learner, ad, ep.query_x, ep.query_y, way, training=False)
                acc["theta_T-1"][k] = float(a)
                bn = ad.bn.copy()
                learner.forward(ad.theta, ep.support_x, bn, way, training=True)  # updates bn
                _, _, a = query_pass(
                    learner, dataclasses.replace(ad, bn=bn), ep.query_x, ep.query_y, way, False
                )
                acc["theta_T"][k] = float(a)
        name = Path(path).stem
        out[name] = {}
        for key, values in acc.items():
            mean, ci = mean_ci95(values)
            out[name][key] = {"accuracy": round(mean, 5), "ci95": round(ci, 5)}
            print(
                f"{name}: statistics from the support pass at {key:<9} {100 * mean:.2f} ± {100 * ci:.2f} %"
            )
        diff = acc["theta_T"] - acc["theta_T-1"]
        d, dci = mean_ci95(diff)
        out[name]["paired_difference"] = {"mean": round(d, 5), "ci95": round(dci, 5)}
        print(f"{name}: paired difference {100 * d:+.2f} ± {100 * dci:.2f} points")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
