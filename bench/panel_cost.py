"""What one redraw of each live panel costs: refresh (setData, ranges) and the repaint after it.

    python -m bench.panel_cost [--history 2000] [--redraws 8]
    python -m bench.panel_cost --early 100 [--per-turn 3] [--repeats 3]

Trains 20 demo episodes for genuine reports, fills the real MainWindow (offscreen, 1600x1000)
with `--history` renumbered copies, then for each visible panel delivers one new episode and
times `refresh` + settling the auto-ranges, and the event processing that paints it. Prints
medians over the redraws after the first three. Uncontended: no training runs meanwhile.

`--early N` instead measures the start of a run, where ranges, axis widths and titles still
move (what bench.gui_throughput's timed span sees): the first N episodes of a demo run (one
thread, seed 0), delivered `--per-turn` at a time into a fresh window, each delivery followed
by what a drawing turn does (every stale panel's refresh, the tick hooks, one `paint_now`)
and an event-loop pass for whatever it left. Prints the GUI thread's CPU time for the whole
run, per turn, and how often an axis was re-rendered."""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def demo_reports(episodes: int) -> tuple[Any, Any, list[Any]]:
    """The offscreen app, the demo config (no validation) and its first `episodes` reports,
    trained at one thread (seed 0: the same reports every run)."""
    import torch

    from bench.gui_setup import offscreen_app
    from engine.config import load_config
    from engine.training.trainer import MetaTrainer

    torch.set_num_threads(1)
    app = offscreen_app("panel-cost")
    config = load_config(REPO / "configs" / "demo.yaml").replace(val_interval=100_000)
    trainer = MetaTrainer(config)
    return app, config, [trainer.step() for _ in range(episodes)]


def still_window(config: Any) -> Any:
    """The real MainWindow, shown at 1600x1000, its redraw timer stopped: the bench draws."""
    from mlstm_gui.shell.main_window import MainWindow

    window = MainWindow(config)
    window.resize(1600, 1000)
    window.show()
    window.redraw_timer.stop()
    return window


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.panel_cost", description=__doc__)
    p.add_argument("--history", type=int, default=2000)
    p.add_argument("--redraws", type=int, default=8)
    p.add_argument("--early", type=int, default=0, help="episodes of a run's start, in turns")
    p.add_argument("--per-turn", type=int, default=3, help="episodes delivered per turn (--early)")
    p.add_argument("--repeats", type=int, default=3, help="fresh windows (--early)")
    args = p.parse_args(argv)
    if args.early:
        return early(args.early, args.per_turn, args.repeats)
    app, config, reports = demo_reports(20)
    window = still_window(config)
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


def early(episodes: int, per_turn: int, repeats: int) -> int:
    """The first `episodes` of a run, drawn in turns of `per_turn` episodes (see the docstring)."""
    import pyqtgraph as pg

    from mlstm_gui.common.plot_style import paint_now

    app, config, reports = demo_reports(episodes)
    renders = [0]
    axis_paint = pg.AxisItem.paint

    def counted_paint(axis: pg.AxisItem, *args: object) -> None:
        renders[0] += axis.picture is None  # re-rendered, not a cached copy
        axis_paint(axis, *args)

    pg.AxisItem.paint = counted_paint
    totals, turns_ms = [], []
    for _ in range(repeats):
        window = still_window(config)
        for _ in range(5):
            app.processEvents()
        renders[0] = 0
        spent = []
        for start in range(0, episodes, per_turn):
            for report in reports[start : start + per_turn]:
                window._on_episode(report)
            t0 = time.thread_time()
            drawing, now = window.drawing, time.perf_counter()
            stale = drawing.stale()
            for key in stale:  # a turn's steps, as on_report takes them (also on older trees)
                drawing._draw(key, now)
            drawing._run_hooks()
            paint_now([drawing.panels[key] for key in stale])
            app.processEvents()
            spent.append(time.thread_time() - t0)
        totals.append(sum(spent) * 1e3)
        turns_ms.append(statistics.mean(spent) * 1e3)
        print(
            f"first {episodes} episodes, {len(spent)} turns: GUI CPU {totals[-1]:6.1f} ms, "
            f"{turns_ms[-1]:5.2f} ms a turn, {renders[0]} axis re-renders"
        )
        window.shutdown()
        window.close()
        for _ in range(3):
            app.processEvents()
    pg.AxisItem.paint = axis_paint
    total, turn = statistics.median(totals), statistics.median(turns_ms)
    print(f"median of {repeats}: {total:.1f} ms, {turn:.2f} ms a turn")
    return 0


if __name__ == "__main__":
    sys.exit(main())
