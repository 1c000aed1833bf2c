"""The in-app figure of a Compare replay: a four-method `CompareJob` through the app's own
`ReplayService` (its worker thread and torch thread count), on Omniglot 5-way 1-shot test
episodes with 15 queries per class and the shipped model, with the GUI thread's event-loop
stalls meanwhile; then the Compare view's own cost in the GUI thread (drawing a nine-method
result, moving the slider). bench/compare_speed.py times `compare_episode` alone.

    QT_QPA_PLATFORM=offscreen python -m bench.compare_app_speed [--repeats 5] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import numpy as np

FOUR = ("meta-lstm", "finetune", "nearest-neighbour", "sgd-from-c0")


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--json", action="store_true")
    args = p.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from engine.data.episodes import EpisodeSampler, episode_rng
    from engine.data.omniglot import load_omniglot
    from engine.inference.shipped import SHIPPED_DIR
    from mlstm_gui.common.latency import LatencyProbe
    from mlstm_gui.common.waiting import wait_until
    from mlstm_gui.explore.compare_view import ALL, CompareView
    from mlstm_gui.explore.jobs import CompareJob, PickedEpisode, snapshot_of_file
    from mlstm_gui.explore.replay_worker import ReplayService

    snap, _ = snapshot_of_file(str(SHIPPED_DIR / "omniglot-5w1s.pt"))
    sampler = EpisodeSampler(load_omniglot(None)["evaluation"], 5, 1, 15, split="test")

    def picked(k: int) -> PickedEpisode:
        ep = sampler.sample(episode_rng(0, k, "bench"))

        def u8(x) -> np.ndarray:
            return np.ascontiguousarray((x.permute(0, 2, 3, 1).numpy() * 255).round()).astype(
                np.uint8
            )

        return PickedEpisode(
            f"bench {k}",
            "test",
            tuple(ep.class_names),
            u8(ep.support_x),
            ep.support_y.numpy(),
            u8(ep.query_x),
            ep.query_y.numpy(),
        )

    def run(methods: tuple[str, ...], k: int):
        handle = svc.submit(CompareJob(snap, picked(k), methods))
        if not wait_until(lambda: handle.settled, time.monotonic() + 120) or handle.result is None:
            raise SystemExit(f"compare failed: {handle.error or 'timed out'}")
        return handle.result

    svc = ReplayService()
    probe = LatencyProbe(10)
    probe.start()
    worker, wall = [], []
    for k in range(args.repeats + 1):  # the first warms up and is dropped
        start = time.perf_counter()
        res = run(FOUR, k)
        if k:
            worker.append(res.seconds)
            wall.append(time.perf_counter() - start)
    stall = probe.summary()
    probe.stop()
    nine = run(ALL, 1)
    view = CompareView(svc, lambda: None, lambda: (None, ""))
    view.resize(1400, 880)
    view.show()
    app.processEvents()
    draws = []
    for _ in range(3):
        start = time.perf_counter()
        view.set_result(nine)
        app.processEvents()
        draws.append(time.perf_counter() - start)
    steps = []
    for t in range(view.slider.maximum() + 1):
        start = time.perf_counter()
        view.slider.setValue(t)
        app.processEvents()
        steps.append(time.perf_counter() - start)
    svc.close()
    out = {
        "four_methods_worker_s": {"median": statistics.median(worker), "max": max(worker)},
        "four_methods_wall_s": {"median": statistics.median(wall), "max": max(wall)},
        "gui_stall_ms_during": {"p99": stall["p99_ms"], "max": stall["max_ms"]},
        "nine_methods_worker_s": nine.seconds,
        "view_draw_ms": {"first": 1e3 * draws[0], "then": 1e3 * min(draws[1:])},
        "view_step_ms": {"median": 1e3 * statistics.median(steps), "max": 1e3 * max(steps)},
        "pretrained": nine.pretrained,
    }
    if args.json:
        print(json.dumps(out))
        return
    for k, v in out.items():
        print(f"{k:<24} {v}")


if __name__ == "__main__":
    main()
