"""How often the forget gate is exactly 1.0 in float32, where its sigmoid has no gradient.

    python scripts/forget_saturation.py [--episodes 50] [CHECKPOINT ...]

For each model (default: the three shipped ones), adapts `--episodes` test episodes (the
paper's protocol, T of the model) and prints, per inner step t, the share of learner
coordinates whose forget gate σ(f̂_t) rounds to exactly 1.0 in float32 (f̂_t > ~16.6), and the
share of the input gate at exactly 0.0 or 1.0. At such a coordinate σ'(f̂_t) = σ(1 − σ) is 0,
so no meta-gradient reaches W_F, b_F (or the f̂ state of earlier steps) through it.
Measurement only (issue 20's numerical points); prints a table and one JSON line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("checkpoints", nargs="*")
    p.add_argument("--episodes", type=int, default=50)
    args = p.parse_args(argv)
    import torch

    from engine.data.datasets import load_splits
    from engine.data.episodes import EpisodeSampler, episode_rng
    from engine.inference.shipped import shipped_checkpoints
    from engine.inference.trace import trace_episode
    from engine.io.checkpoint import load_model

    torch.set_num_threads(1)
    paths = args.checkpoints or [str(p) for p in shipped_checkpoints().values()]
    out = {}
    for path in paths:
        model = load_model(path)
        cfg = model.config
        splits, _ = load_splits(cfg)
        sampler = EpisodeSampler(splits["test"], cfg.way, cfg.shot, cfg.query, split="test")
        f_one, i_edge = [], []
        for k in range(args.episodes):
            ep = sampler.sample(episode_rng(cfg.seed, k, "eval-test"))
            tr = trace_episode(model.meta, model.learner, ep, cfg.inner_steps)
            f_one.append((tr.forget == np.float32(1.0)).mean(axis=1))
            i_edge.append(((tr.input == 0.0) | (tr.input == 1.0)).mean(axis=1))
        f, i = np.mean(f_one, axis=0), np.mean(i_edge, axis=0)
        name = Path(path).stem
        out[name] = {
            "forget_exactly_1": f.round(4).tolist(),
            "input_at_0_or_1": i.round(4).tolist(),
        }
        print(f"{name}: {args.episodes} test episodes, {tr.forget.shape[1]:,} coordinates")
        for t in range(len(f)):
            print(
                f"  t = {t + 1}: f = 1.0 exactly {100 * f[t]:6.2f} %   i at 0 or 1 {100 * i[t]:5.2f} %"
            )
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
