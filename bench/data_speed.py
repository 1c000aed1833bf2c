"""Data-layer timings: `python -m bench.data_speed [--src ../shared/data/omniglot]`.

Prints the cold Omniglot load from the zips (fresh temporary disk cache), the cached load, the
embedded-asset load, and the median time to sample 5w1s15q and 20w1s15q episodes.
Targets: cold <= 10 s, cached <= 1 s, an episode <= 1 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def _cpu_seconds() -> float:
    """User+system CPU of this process and its finished children (the decoding workers)."""
    import resource

    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="data-layer timings")
    ap.add_argument("--src", type=Path, default=ROOT.parent / "shared" / "data" / "omniglot")
    ap.add_argument("--episodes", type=int, default=500)
    args = ap.parse_args(argv)

    import numpy as np
    import torch

    from engine.data import omniglot
    from engine.data.episodes import EpisodeSampler, episode_rng

    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["MLSTM_CACHE_DIR"] = cache
        if (args.src / "images_background.zip").is_file():
            omniglot.clear_memory_cache()
            cpu0 = _cpu_seconds()
            sets, cold = _timed(lambda: omniglot.load_omniglot(args.src))
            cpu = _cpu_seconds() - cpu0
            n = sum(len(s) for s in sets.values())
            print(
                f"cold load from zips ({n} images, fresh cache): {cold:6.2f} s "
                f"(CPU {cpu:.1f} s in this process and its workers; load average "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
            )
            omniglot.clear_memory_cache()
            _, warm = _timed(lambda: omniglot.load_omniglot(args.src))
            print(f"load from the disk cache:                     {warm:6.2f} s")
            _, mem = _timed(lambda: omniglot.load_omniglot(args.src))
            print(f"load again (in-memory cache):                 {mem * 1e3:6.2f} ms")
        else:
            print(f"(no zips in {args.src}: skipping the zip timings)")
        omniglot.clear_memory_cache()
        _, asset = _timed(lambda: omniglot.load_omniglot(None))
        print(f"embedded asset load:                          {asset:6.2f} s")

    train = omniglot.omniglot_splits(None)["train"]
    for way, rot in ((5, False), (5, True), (20, False), (20, True)):
        sampler = EpisodeSampler(train, way, 1, 15, rotations=rot)
        times = []
        for i in range(args.episodes):
            rng = episode_rng(0, i)
            t = time.perf_counter()
            sampler.sample(rng)
            times.append(time.perf_counter() - t)
        label = f"{way}w1s15q{' +rotations' if rot else ''}"
        t0 = time.perf_counter()
        for i in range(200):
            episode_rng(0, i)
        rng_cost = (time.perf_counter() - t0) / 200
        print(
            f"sample {label:<22} median {statistics.median(times) * 1e3:6.3f} ms "
            f"(p95 {np.percentile(times, 95) * 1e3:.3f} ms; "
            f"+ episode_rng {rng_cost * 1e3:.3f} ms)"
        )


if __name__ == "__main__":
    main()
