"""Episode speed: the engine beside the learner-only floor and a straightforward reference.

    python -m bench.episode_speed [--json] [--episodes 12] [--threads N] [--preset NAME ...]
                                  [--no-data] [--memory EPISODES]

For each preset, in a fresh process of its own (so its peak memory is its own), and with the
arms interleaved episode by episode so machine drift hits them alike:
  (a) floor      the learner alone: T SGD steps (forward+backward) of an nn.Module conv net
                 on the support set, then one query forward pass (bench/reference_episode.py),
                 in the engine's convolution layout (channels-last, pool before ReLU); the
                 plain NCHW module ("plain", floor_plain_s) is timed beside it;
  (a'') learner  the floor plus the query pass's backward (learner_meta_s): the learner's
                 share of a meta-training episode, since every meta-gradient starts with
                 dL_query/dθ_T; the floor as the issue defines it leaves it out;
  (a') LSTM mm   only the three matrix products per inner step the coordinate-wise LSTM cannot
                 avoid (forward gates, weight gradient, hidden-state gradient), T steps; so
                 bound/floor = (learner + LSTM mm) / floor is what no implementation of this
                 meta-learner built on torch's float32 products beats on this machine;
  (a3) LSTM mm, coordinates first: the same products written (P, k) @ (k, 4h), with the
                 coordinates as the long M dimension (the layout BLAS kernels prefer);
  (s) sgemm      one 2048x2048 float32 product: this machine's matmul peak as torch reaches
                 it; the LSTM products' GFLOP/s are reported against it ("of peak");
  (b) reference  the full meta-training episode written straightforwardly (same file);
  (c) engine     `MetaTrainer.step()`: sampling, the inner loop, the query loss, the
                 meta-gradient, Adam, and the episode report the app receives.
Images are synthetic at the preset's size (data loading is timed separately, below). Prints
medians over the timed episodes after warm-up, the ratios engine/floor and reference/engine,
and with --json one JSON object: preset -> floor_s, reference_s, engine_s, peak_rss_mb, ...
Then data loading (cold and cached load of the full Omniglot, sampling an episode) unless
--no-data, and with --memory N the resident memory of an N-episode Omniglot 5w1s training.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

# name -> (preset config, overrides)
PRESETS: dict[str, tuple[str, dict]] = {
    "omniglot-5w1s-32f": ("omniglot-5w1s.yaml", {}),
    "omniglot-5w1s-64f": ("omniglot-5w1s.yaml", {"filters": 64}),
    "omniglot-20w1s": ("omniglot-20w1s.yaml", {}),
    "miniimagenet-5w1s": ("miniimagenet-5w1s.yaml", {}),
    "miniimagenet-5w5s": ("miniimagenet-5w5s.yaml", {}),
}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def preset_config(name: str, episodes: int):
    from engine.config import load_config

    file, overrides = PRESETS[name]
    base = load_config(REPO / "configs" / file)
    total = episodes + 1000
    return base.replace(
        dataset="synthetic",
        data_path=None,
        episodes=total,
        val_interval=total,
        checkpoint_interval=total,
        rotations=False,
        **overrides,
    )


def measure_preset(name: str, episodes: int, warmup: int, threads: int) -> dict:
    """The three arms of one preset in this process (see the module docstring)."""
    import torch

    from bench.reference_episode import FloorLearner, LSTMMatmuls, ReferenceEpisode, SquareMatmul
    from engine.data.episodes import Preprocessing
    from engine.data.synthetic import synthetic_splits
    from engine.training.trainer import MetaTrainer

    torch.set_num_threads(threads)
    torch.manual_seed(0)
    config = preset_config(name, episodes + warmup)
    # enough classes for 20-way in every split, enough images for 5 shots + 15 queries
    splits = synthetic_splits(
        n_classes=120, per_class=20, size=config.image_size, channels=config.channels, seed=0
    )
    trainer = MetaTrainer(config, splits, Preprocessing(config.image_size, config.channels, True))
    ep = trainer.sample_episode(0)
    args = (config.channels, config.filters, config.image_size, config.way, config.inner_steps)
    floor = FloorLearner(*args)
    plain = FloorLearner(*args, tuned=False)
    reference = ReferenceEpisode(*args, hidden=config.hidden, meta_lr=config.meta_lr)
    matmuls = LSTMMatmuls(trainer.meta.c0.numel(), config.inner_steps, config.hidden)
    matmuls_t = LSTMMatmuls(
        trainer.meta.c0.numel(), config.inner_steps, config.hidden, coordinates_first=True
    )
    square = SquareMatmul()
    data = (ep.support_x, ep.support_y, ep.query_x, ep.query_y)
    arms = {
        "floor": lambda: floor.episode(*data),
        "floor_plain": lambda: plain.episode(*data),
        "learner_meta": lambda: floor.episode(*data, query_backward=True),
        "reference": lambda: reference.episode(*data),
        "lstm_mm": matmuls.episode,
        "lstm_mm_t": matmuls_t.episode,
        "sgemm": square.episode,
        "engine": trainer.step,
    }
    times: dict[str, list[float]] = {k: [] for k in arms}
    for i in range(warmup + episodes):
        for arm, run in arms.items():
            started = time.perf_counter()
            run()
            if i >= warmup:
                times[arm].append(time.perf_counter() - started)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "floor_s": round(med["floor"], 5),
        "floor_plain_s": round(med["floor_plain"], 5),
        "reference_s": round(med["reference"], 5),
        "lstm_matmul_s": round(med["lstm_mm"], 5),
        "lstm_matmul_coords_first_s": round(med["lstm_mm_t"], 5),
        "lstm_gflops": round(matmuls.flops / med["lstm_mm"] / 1e9, 1),
        "lstm_coords_first_gflops": round(matmuls_t.flops / med["lstm_mm_t"] / 1e9, 1),
        "sgemm_peak_gflops": round(square.flops / med["sgemm"] / 1e9, 1),
        "lstm_share_of_peak": round(
            matmuls.flops / med["lstm_mm"] / (square.flops / med["sgemm"]), 3
        ),
        "learner_meta_s": round(med["learner_meta"], 5),
        "bound_over_floor": round((med["learner_meta"] + med["lstm_mm"]) / med["floor"], 3),
        "engine_s": round(med["engine"], 5),
        "engine_over_floor": round(med["engine"] / med["floor"], 3),
        "reference_over_engine": round(med["reference"] / med["engine"], 3),
        "parameters": int(trainer.meta.c0.numel()),
        "threads": threads,
        "episodes": episodes,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def memory_run(episodes: int, threads: int) -> dict:
    """Resident memory along an N-episode Omniglot 5w1s training on the embedded data."""
    import torch

    from engine.config import load_config
    from engine.training.trainer import MetaTrainer

    torch.set_num_threads(threads)
    config = load_config(REPO / "configs" / "omniglot-5w1s.yaml").replace(
        episodes=episodes, val_interval=episodes + 1, checkpoint_interval=episodes + 1
    )
    trainer = MetaTrainer(config)
    marks, started = {}, time.perf_counter()
    with open("/proc/self/statm") as statm:
        for k in range(1, episodes + 1):
            trainer.step()
            if k % max(1, episodes // 10) == 0:
                statm.seek(0)
                marks[k] = round(
                    int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20, 1
                )
    return {
        "episodes": episodes,
        "rss_mb_at": marks,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def data_loading() -> None:
    """Cold and cached Omniglot loads and episode sampling: bench.data_speed's figures."""
    from bench import data_speed

    data_speed.main([])


def _child(args: argparse.Namespace, extra: list[str]) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "bench.episode_speed",
        "--threads",
        str(args.threads),
        "--episodes",
        str(args.episodes),
        "--warmup",
        str(args.warmup),
        *extra,
    ]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(extra)} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench.episode_speed",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--json", action="store_true", help="print one JSON object at the end")
    p.add_argument("--episodes", type=int, default=12, help="timed episodes per arm (>= 10)")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    p.add_argument(
        "--preset",
        action="append",
        choices=sorted(PRESETS),
        help="only these presets (repeatable); default all",
    )
    p.add_argument("--no-data", action="store_true", help="skip the data-loading timings")
    p.add_argument(
        "--memory",
        type=int,
        default=0,
        metavar="EPISODES",
        help="also measure memory over an Omniglot 5w1s training this long",
    )
    p.add_argument("--one", help=argparse.SUPPRESS)  # child: measure this preset
    p.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.one:
        print(json.dumps(measure_preset(args.one, args.episodes, args.warmup, args.threads)))
        return 0
    if args.memory_child:
        print(json.dumps(memory_run(args.memory_child, args.threads)))
        return 0
    import torch

    print(
        f"torch {torch.__version__}, {os.cpu_count()} cores, {args.threads} thread(s), "
        f"{args.episodes} timed episodes per arm after {args.warmup} warm-up, "
        f"{time.strftime('%Y-%m-%d')}",
        flush=True,
    )
    results: dict[str, dict] = {}
    print(
        f"{'preset':<20} {'params':>8} {'floor s':>8} {'plain s':>8} {'learner s':>10} "
        f"{'reference s':>12} {'engine s':>9} {'LSTM mm s':>10} {'bound/floor':>12} "
        f"{'engine/floor':>13} {'reference/engine':>17} {'peak RSS MB':>12} "
        f"{'LSTM GF/s':>10} {'(P,k) GF/s':>11} {'sgemm GF/s':>11} {'of peak':>8}",
        flush=True,
    )
    for name in args.preset or list(PRESETS):
        r = _child(args, ["--one", name])
        results[name] = r
        print(
            f"{name:<20} {r['parameters']:>8} {r['floor_s']:>8.4f} {r['floor_plain_s']:>8.4f} "
            f"{r['learner_meta_s']:>10.4f} {r['reference_s']:>12.4f} {r['engine_s']:>9.4f} "
            f"{r['lstm_matmul_s']:>10.4f} "
            f"{r['bound_over_floor']:>12.2f} {r['engine_over_floor']:>13.2f} "
            f"{r['reference_over_engine']:>17.2f} {r['peak_rss_mb']:>12.0f} "
            f"{r['lstm_gflops']:>10.1f} {r['lstm_coords_first_gflops']:>11.1f} "
            f"{r['sgemm_peak_gflops']:>11.1f} {100 * r['lstm_share_of_peak']:>7.0f}%",
            flush=True,
        )
    if args.memory:
        m = _child(args, ["--memory-child", str(args.memory)])
        results["memory_omniglot-5w1s"] = m
        print(
            f"memory over {m['episodes']} Omniglot 5w1s episodes ({m['seconds']} s): RSS MB "
            f"{m['rss_mb_at']}, peak {m['peak_rss_mb']}",
            flush=True,
        )
    if not args.no_data:
        print("data loading:", flush=True)
        data_loading()
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
