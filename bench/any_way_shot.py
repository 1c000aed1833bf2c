"""Any N, any K: accuracy of the default model choice and head rule over an N × K matrix,
beside a 1-nearest-neighbour on raw pixels for the same episodes, on two domains.

    python -m bench.any_way_shot [--episodes 40] [--domains omniglot,glyphs] [--json]
        [--glyphs runs/glyphs] [--head grouped] [--model omniglot-20w1s] [--shipped-episodes 0]
        [--markdown]

Domains: (a) the Omniglot evaluation alphabets (the embedded asset; no model saw them);
(b) glyphs rendered from this machine's fonts by scripts/make_glyph_dataset.py (written to
--glyphs when missing), all classes used as test classes. Each cell: `--episodes` episodes of
N classes, K support and 5 query images per class, the model `engine.inference.shipped.choose_model`
picks for (N, K) (or --model for all cells) adapted with the head rule --head; the same
episodes are scored by cosine 1-NN on pixels. Prints mean ± 95% CI per cell and the three
targets of issue 14: no row falls as K grows (beyond the CIs), the meta-learner is at least
the pixel 1-NN in every cell, and (with --shipped-episodes 600) each shipped model at its own
N and K reproduces `main.py eval --checkpoint ... --episodes 600`.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

from engine.data.datasets import load_splits
from engine.data.episodes import Episode, EpisodeSampler, SplitData, episode_rng
from engine.data.images import load_class_folders
from engine.inference.shipped import SHIPPED_DIR, choose_model, shipped_checkpoints
from engine.io.checkpoint import LoadedModel, load_model
from engine.training.evaluate import episode_accuracy, evaluate
from engine.training.reports import mean_ci95

WAYS = (2, 3, 5, 10, 20, 30)
SHOTS = (1, 2, 5, 10)
QUERY = 5


def pixel_nn_accuracy(ep: Episode) -> float:
    """Cosine 1-NN of each query among the support images, on raw pixels."""
    s, q = ep.support_x.flatten(1), ep.query_x.flatten(1)
    s = s / s.norm(dim=1, keepdim=True).clamp_min(1e-8)
    q = q / q.norm(dim=1, keepdim=True).clamp_min(1e-8)
    return float((ep.support_y[(q @ s.T).argmax(1)] == ep.query_y).float().mean())


def load_domain(name: str, model: LoadedModel, glyphs: Path) -> SplitData:
    """The test classes of a domain, prepared with the models' preprocessing."""
    if name == "omniglot":
        return load_splits(model.config)[0]["test"]
    if name == "glyphs":
        if not glyphs.is_dir():
            sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
            from make_glyph_dataset import make_dataset

            make_dataset(glyphs)
        p = model.preprocessing
        return load_class_folders(glyphs, p.size, p.channels, p.invert)[0]
    raise SystemExit(f"unknown domain '{name}' (omniglot, glyphs)")


def cell(
    models: dict[str, LoadedModel],
    data: SplitData,
    way: int,
    shot: int,
    episodes: int,
    seed: int,
    head: str,
    forced: str | None,
) -> dict:
    name = forced or choose_model(way, shot).path.stem  # type: ignore[union-attr]
    model = models[name]
    sampler = EpisodeSampler(data, way, shot, QUERY, split="test")
    meta, px = np.zeros(episodes), np.zeros(episodes)
    for e in range(episodes):
        rng = episode_rng(seed, e, f"any-way-shot-{way}-{shot}")
        ep = sampler.sample(rng)
        px[e] = pixel_nn_accuracy(ep)
        meta[e] = episode_accuracy(
            model.meta,
            model.learner,
            ep,
            model.config.inner_steps,
            model.config.inner_batch,
            rng,
            head=head,
        )[0]
    (m, mc), (p, pc) = mean_ci95(meta), mean_ci95(px)
    return {
        "way": way,
        "shot": shot,
        "model": name,
        "acc": 100 * m,
        "ci": 100 * mc,
        "pixel_nn": 100 * p,
        "pixel_ci": 100 * pc,
    }


def checks(rows: list[dict]) -> dict:
    """The issue's targets on one domain's cells."""
    falls, below = [], []
    for way in {r["way"] for r in rows}:
        row = sorted((r for r in rows if r["way"] == way), key=lambda r: r["shot"])
        for a, b in ((a, b) for i, a in enumerate(row) for b in row[i + 1 :]):
            if b["acc"] + b["ci"] < a["acc"] - a["ci"]:
                falls.append(f"{way}-way: K={b['shot']} below K={a['shot']}")
    below = [f"{r['way']}w{r['shot']}s" for r in rows if r["acc"] < r["pixel_nn"]]
    return {
        "monotone_in_K": not falls,
        "falls": falls,
        "at_least_pixel_nn": not below,
        "below_pixel_nn": below,
    }


def shipped_own_task(models: dict[str, LoadedModel], episodes: int, head: str) -> list[dict]:
    """Each shipped model at its own N and K, exactly as `main.py eval` draws the episodes."""
    out = []
    for (way, shot), path in shipped_checkpoints().items():
        model = models[path.stem]
        cfg = model.config
        test = load_splits(cfg)[0]["test"]
        res = evaluate(
            model.meta,
            model.learner,
            EpisodeSampler(test, way, shot, cfg.query, split="test"),
            episodes,
            0,
            cfg.inner_steps,
            cfg.inner_batch,
            stream="eval-test",
            head=head,
        )
        out.append(
            {
                "model": path.stem,
                "way": way,
                "shot": shot,
                "episodes": episodes,
                "acc": 100 * res.accuracy,
                "ci": 100 * res.ci95,
            }
        )
    return out


def print_domain(name: str, rows: list[dict], ok: dict) -> None:
    print(f"\n{name}\ncell: meta-learner % ± 95% CI / pixel 1-NN % (model)")
    print("N \\ K | " + " | ".join(f"K={k}" for k in SHOTS))
    for way in sorted({r["way"] for r in rows}):
        cells = {r["shot"]: r for r in rows if r["way"] == way}
        print(
            f"{way:>5} | "
            + " | ".join(
                f"{c['acc']:.1f}±{c['ci']:.1f} / {c['pixel_nn']:.1f} "
                f"({c['model'].removeprefix('omniglot-')})"
                for k in SHOTS
                if (c := cells.get(k))
            )
        )
    print(
        f"targets: monotone in K: {ok['monotone_in_K']} {ok['falls'] or ''}; "
        f">= pixel 1-NN everywhere: {ok['at_least_pixel_nn']} {ok['below_pixel_nn'] or ''}"
    )


def markdown(name: str, rows: list[dict]) -> str:
    """One domain's matrix as a Markdown table (what docs/RESULTS.md keeps)."""
    shots = sorted({r["shot"] for r in rows})
    out = [
        f"| {name}: N \\ K | " + " | ".join(f"K = {k}" for k in shots) + " |",
        "|---|" + "---|" * len(shots),
    ]
    for way in sorted({r["way"] for r in rows}):
        cells = {r["shot"]: r for r in rows if r["way"] == way}
        out.append(
            f"| {way}-way | "
            + " | ".join(
                f"**{c['acc']:.1f}** ± {c['ci']:.1f} / {c['pixel_nn']:.1f} "
                f"({c['model'].removeprefix('omniglot-')})"
                for k in shots
                if (c := cells.get(k))
            )
            + " |"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--episodes", type=int, default=40)
    ap.add_argument("--domains", default="omniglot,glyphs")
    ap.add_argument("--glyphs", default="runs/glyphs")
    ap.add_argument("--head", default="grouped", choices=("grouped", "paper", "prototype"))
    ap.add_argument("--model", help="one shipped model for every cell (default: the choice rule)")
    ap.add_argument("--ways", default=",".join(map(str, WAYS)))
    ap.add_argument("--shots", default=",".join(map(str, SHOTS)))
    ap.add_argument(
        "--shipped-episodes",
        type=int,
        default=0,
        help="also each shipped model at its own task (600 = main.py eval)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    models = {p.stem: load_model(p) for p in shipped_checkpoints().values()}
    if not models:
        raise SystemExit(f"no shipped models in {SHIPPED_DIR}")
    first = next(iter(models.values()))
    report: dict = {
        "episodes": args.episodes,
        "query": QUERY,
        "head": args.head,
        "seed": args.seed,
        "domains": {},
    }
    for domain in args.domains.split(","):
        data = load_domain(domain, first, Path(args.glyphs))
        started = time.perf_counter()
        rows = [
            cell(models, data, w, k, args.episodes, args.seed, args.head, args.model)
            for w in map(int, args.ways.split(","))
            for k in map(int, args.shots.split(","))
        ]
        ok = checks(rows)
        report["domains"][domain] = {
            "classes": data.n_classes,
            "cells": rows,
            "targets": ok,
            "seconds": round(time.perf_counter() - started, 1),
        }
        if not args.json:
            print_domain(
                f"{domain} ({data.n_classes} test classes, {args.episodes} episodes "
                f"per cell, {report['domains'][domain]['seconds']} s)",
                rows,
                ok,
            )
            if args.markdown:
                print("\n" + markdown(domain, rows))
    if args.shipped_episodes:
        report["shipped_own_task"] = shipped_own_task(models, args.shipped_episodes, args.head)
        if not args.json:
            print("\nshipped models at their own task (main.py eval protocol):")
            for r in report["shipped_own_task"]:
                print(f"  {r['model']}: {r['acc']:.2f} ± {r['ci']:.2f} % ({r['episodes']} ep)")
    if args.json:
        print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
