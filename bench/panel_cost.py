"""What one redraw of each live panel costs: refresh (setData, ranges) and the repaint after it.

    python -m bench.panel_cost [--history 2000] [--redraws 8]

Trains 20 demo episodes for genuine reports, fills the real MainWindow (offscreen, 1600x1000)
with `--history` renumbered copies, then for each visible panel delivers one new episode and
times `refresh` + settling the auto-ranges, and the event processing that paints it. Prints
medians over the redraws after the first three. Uncontended: no training runs meanwhile."""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.panel_cost", description=__doc__)
    p.add_argument("--history", type=int, default=2000)
    p.add_argument("--redraws", type=int, default=8)
    args = p.parse_args(argv)
    import torch

    from bench.gui_setup import offscreen_app
    from engine.config import load_config
    from engine.training.trainer import MetaTrainer
    from mlstm_gui.shell.main_window import MainWindow

    torch.set_num_threads(1)
    app = offscreen_app("panel-cost")
    config = load_config(REPO / "configs" / "demo.yaml").replace(val_interval=100_000)
    trainer = MetaTrainer(config)
    reports = [trainer.step() for _ in range(20)]
    window = MainWindow(config)
    window.resize(1600, 1000)
    window.show()
    window.redraw_timer.stop()
    episode = 0

    def deliver() -> None:
        nonlocal episode
        window._on_episode(dataclasses.replace(reports[episode % 20], episode=episode + 1))
        episode += 1

    for _ in range(args.history):
        deliver()
    for _ in range(5):
        app.processEvents()
    for key, panel in window.panels.items():
        if not panel.isVisible():
            continue
        refresh, paint = [], []
        for _ in range(args.redraws):
            deliver()
            t0 = time.perf_counter()
            panel.refresh(window.history)
            panel.graphics.scene().prepareForPaint()
            t1 = time.perf_counter()
            for _ in range(3):
                app.processEvents()
            t2 = time.perf_counter()
            refresh.append(t1 - t0)
            paint.append(t2 - t1)
        r, q = statistics.median(refresh[3:]) * 1e3, statistics.median(paint[3:]) * 1e3
        print(f"{key:<9} refresh {r:5.1f} ms  paint {q:5.1f} ms  total {r + q:5.1f} ms")
    window.shutdown()
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
