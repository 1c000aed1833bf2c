"""GUI memory over a long run: does the app's memory stay flat for 100,000 episodes?

    python -m bench.gui_memory [--episodes 100000] [--config configs/demo.yaml]

Trains a few real episodes of the config to get genuine reports (gates, losses, class names),
then delivers `--episodes` of them, renumbered, to the real MainWindow (offscreen) through the
same slots the worker's queued signals call (`_on_episode`, `_on_validated` every
`val_interval`), redrawing every panel as it goes. Prints the process's resident memory after
a warm-up and at the end, and the growth between them. Training itself is not repeated 100,000
times: the engine's own memory is measured by `bench.episode_speed`."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def rss_mb() -> float:
    """Current resident set size (Linux /proc), else the peak from getrusage."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:  # pragma: no cover - not Linux
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.gui_memory", description=__doc__)
    p.add_argument("--config", default=str(REPO / "configs" / "demo.yaml"))
    p.add_argument("--episodes", type=int, default=100_000)
    p.add_argument("--warmup", type=int, default=5_000, help="episodes before the first reading")
    p.add_argument("--redraw-every", type=int, default=500, help="episodes between redraws")
    args = p.parse_args(argv)
    import torch

    from bench.gui_setup import offscreen_app
    from engine.config import load_config
    from engine.training.trainer import MetaTrainer
    from mlstm_gui.shell.main_window import MainWindow

    torch.set_num_threads(1)
    app = offscreen_app("gui-memory")
    config = load_config(args.config).replace(episodes=args.episodes, val_episodes=5)
    trainer = MetaTrainer(config)
    reports = [trainer.step() for _ in range(8)]
    validation = trainer.validate(5)
    assert validation is not None
    window = MainWindow(config)
    window.resize(1600, 1000)
    window.show()
    window.redraw_timer.stop()  # redraws are driven below, every `redraw_every` episodes
    app.processEvents()

    def deliver(start: int, stop: int) -> None:
        for k in range(start, stop):
            window._on_episode(dataclasses.replace(reports[k % len(reports)], episode=k + 1))
            if (k + 1) % config.val_interval == 0:
                window._on_validated(dataclasses.replace(validation, episode=k + 1))
            if (k + 1) % args.redraw_every == 0:
                window.redraw_all()
                app.processEvents()

    started = time.perf_counter()
    deliver(0, args.warmup)
    before = rss_mb()
    deliver(args.warmup, args.episodes)
    window.redraw_all()
    app.processEvents()
    after = rss_mb()
    seconds = time.perf_counter() - started
    print(
        f"{args.episodes} episodes delivered in {seconds:.1f} s; RSS after {args.warmup}: "
        f"{before:.1f} MB, after {args.episodes}: {after:.1f} MB, growth {after - before:+.1f} MB; "
        f"history holds {len(window.history)} episodes"
    )
    print(
        json.dumps(
            {
                "episodes": args.episodes,
                "warmup": args.warmup,
                "rss_warm_mb": round(before, 1),
                "rss_end_mb": round(after, 1),
                "growth_mb": round(after - before, 1),
            }
        )
    )
    window.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
