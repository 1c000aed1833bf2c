"""GUI benchmark: training throughput headless vs with the app open, and GUI event-loop latency.

    python -m bench.gui_throughput [--config configs/demo.yaml] [--episodes 40] [--rounds 2]

For each torch thread count (1 and 2): a headless arm, then per round an app arm and another
headless arm, each app arm compared with the mean of the headless arms before and after it, so
that a host whose speed drifts over a round moves both sides alike. Each arm runs in a fresh
process of its own (as a user runs them; torch's OpenMP teams of one arm must not linger in
the other's process):
  headless  MetaTrainer.step() in a loop in the main thread (what `main.py train` does), ep/s;
  app       the real MainWindow (offscreen) training the same config through its worker thread,
            with the redraw timer on; episodes/s from the worker's episode count, read at both
            ends of the timed span, and the lateness of a timer in the GUI thread (p50, p99, max; every 50 ms,
            --probe-ms: a finer probe wakes the GUI thread more often than the app does).
  --alternate N  also the app with its drawing switched on and off every N episodes, in one
            process: the two rates, measured minutes apart in separate processes, move with the
            host's drift (±15 points between rounds on a shared 2-core host); measured seconds
            apart in one process, the drift cancels. Each episode's end is timed in the worker
            thread; a window's rate runs from the end of the episode that straddles the switch.
Validation is off in both (val_interval beyond the run) so only meta-training is compared.
Prints one table and a JSON line; the medians over rounds (app/headless: of the paired ratios)
are what docs/BENCHMARKS.md records."""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


# The bench's own instruments wake the GUI thread, as nothing in the app does this often; each
# wake-up, on 2 cores with 2 torch threads, preempts training (docs/BENCHMARKS.md, session 11).
PROBE_MS = 50  # the latency probe's tick (the redraw timer's own is 50 ms)
POLL_MS = 1000  # the bench's wait for the arm's episodes; it also wakes on each episode report


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.gui_throughput", description=__doc__)
    p.add_argument("--config", default=str(REPO / "configs" / "demo.yaml"))
    p.add_argument("--episodes", type=int, default=40, help="timed episodes per measurement")
    p.add_argument("--warmup", type=int, default=3, help="untimed episodes first")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--threads", default="1,2", help="worker torch thread counts to compare")
    p.add_argument(
        "--duty",
        type=float,
        default=None,
        help="override the app's drawing budget (mlstm_gui.shell.main_window.DRAW_DUTY)",
    )
    p.add_argument(
        "--no-draw",
        action="store_true",
        help="also time the app with its redraw timer stopped: what the window costs besides drawing",
    )
    p.add_argument(
        "--probe-ms",
        type=int,
        default=PROBE_MS,
        help="interval of the GUI-latency probe's timer (each tick wakes the GUI thread)",
    )
    p.add_argument(
        "--poll-ms",
        type=int,
        default=POLL_MS,
        help="how often the bench's own wait checks whether the arm is done (it wakes the GUI "
        "thread too; the rate is taken from the worker's episode count, not from the wait)",
    )
    p.add_argument(
        "--alternate",
        type=int,
        default=0,
        metavar="N",
        help="also time the app drawing and not drawing, N episodes at a time, in one process",
    )
    p.add_argument("--cycles", type=int, default=6, help="on/off cycles of --alternate")
    p.add_argument(
        "--arm", choices=("headless", "app", "app-nodraw", "app-alternate"), help=argparse.SUPPRESS
    )
    return p


def headless(config, threads: int, warmup: int, episodes: int) -> float:
    """Episodes/s of a bare MetaTrainer loop in this thread."""
    import torch

    from engine.training.trainer import MetaTrainer

    torch.set_num_threads(threads)
    trainer = MetaTrainer(config)
    for _ in range(warmup):
        trainer.step()
    started = time.perf_counter()
    for _ in range(episodes):
        trainer.step()
    return episodes / (time.perf_counter() - started)


def refresh_rate(windows: list[list[float]]) -> float:
    """Refreshes per second from the refresh times seen in each window: intervals between
    refreshes over the time they span. Counting refreshes over a window's length instead would
    miss up to one interval at each end, several percent of a few seconds at 4 Hz."""
    intervals = sum(max(0, len(w) - 1) for w in windows)
    spanned = sum(w[-1] - w[0] for w in windows if len(w) > 1)
    return intervals / spanned if spanned > 0 else 0.0


def _wait(
    cond: Callable[[], bool], timeout_s: float, poll_ms: int = POLL_MS, wake: Any = None
) -> bool:
    from mlstm_gui.common.waiting import wait_until

    return wait_until(cond, time.monotonic() + timeout_s, poll_ms, wake)


def with_app(
    config,
    threads: int,
    warmup: int,
    episodes: int,
    draw: bool = True,
    probe_ms: int = PROBE_MS,
    poll_ms: int = POLL_MS,
) -> dict:
    """Episodes/s and GUI latency while the real window trains `config`."""
    from mlstm_gui.common.latency import LatencyProbe
    from mlstm_gui.shell.main_window import MainWindow

    window = MainWindow(config)
    window.worker_threads = threads
    window.resize(1600, 1000)
    window.show()
    if not draw:
        window.drawing.stop()
    arrivals: list[float] = []
    probe = LatencyProbe(probe_ms)
    window.commands.start.trigger()
    window.run.worker.episode_done.connect(lambda _: arrivals.append(time.perf_counter()))
    _wait(lambda: len(arrivals) >= warmup, 300)
    probe.start()
    worker = window.run.worker
    turns = worker.turns
    turns0, waited0 = turns.turns, turns.waited_s
    # the worker's own episode count at both ends: reports reach the GUI in batches (at
    # drawing turns), so their arrival times would blur the ends by up to a batch
    e0 = worker.trainer.episode if worker.trainer is not None else 0
    t0, gui0, cpu0 = time.perf_counter(), time.thread_time(), time.process_time()
    _wait(lambda: len(arrivals) >= warmup + episodes, 600, poll_ms, worker.episode_done)
    e1 = worker.trainer.episode if worker.trainer is not None else 0
    t1, gui1, cpu1 = time.perf_counter(), time.thread_time(), time.process_time()
    probe.stop()
    # each live panel's refreshes while the timed episodes ran: its rate and longest gap
    panel_hz, panel_gap = {}, {}
    for key, times in window.drawing.refreshes.items():
        inside = [t for t in times if t0 <= t <= t1]
        panel_hz[key] = refresh_rate([inside])
        gaps = [b - a for a, b in zip([t0, *inside], [*inside, t1])]
        panel_gap[key] = max(gaps)
    window.commands.stop.trigger()
    _wait(lambda: window.run is None, 120)
    redraws = window.redraws
    window.close()
    rate = (e1 - e0) / (t1 - t0)
    return {
        "eps": rate,
        **probe.summary(),
        "redraws": redraws,
        "min_panel_hz": min(panel_hz.values()),
        "max_panel_gap_s": max(panel_gap.values()),
        # where the time went, as shares of the timed wall time: the GUI thread's CPU, the
        # whole process's CPU (of 100 % per core), and the worker's waits for drawing turns
        "gui_cpu": (gui1 - gui0) / (t1 - t0),
        "process_cpu": (cpu1 - cpu0) / (t1 - t0),
        "turn_wait": (turns.waited_s - waited0) / (t1 - t0),
        "turns_per_s": (turns.turns - turns0) / (t1 - t0),
    }


def alternating(config, threads: int, warmup: int, window_episodes: int, cycles: int) -> dict:
    """The real window training `config`, its drawing on for `window_episodes`, then off (the
    redraw timer stopped, no turns) for as many, `cycles` times: ep/s of each and their ratio,
    and the slowest panel's rate while drawing."""
    from engine.training.events import Event
    from mlstm_gui.monitor.worker import fills_cores
    from mlstm_gui.shell.main_window import MainWindow

    window = MainWindow(config)
    window.worker_threads = threads
    window.resize(1600, 1000)
    window.show()
    window.commands.start.trigger()
    worker = window.run.worker
    _wait(lambda: worker.trainer is not None, 300)
    assert worker.trainer is not None
    ends: list[float] = []  # perf_counter at each episode's end, in the worker thread
    worker.trainer.add_listener(Event.EPISODE, lambda _r: ends.append(time.perf_counter()))
    _wait(lambda: len(ends) >= warmup, 300)
    spans: dict[str, list[tuple[int, float]]] = {"on": [], "off": []}
    refreshes: dict[str, list[list[float]]] = {key: [] for key in window.drawing.panels}
    # per mode: wall seconds, GUI-thread CPU seconds and the worker's waits for turns, each
    # from the bench's own look at the switch (its wait polls every POLL_MS)
    shares = {m: [0.0, 0.0, 0.0] for m in spans}
    for c in range(2 * cycles):
        mode = "on" if c % 2 == 0 else "off"
        if mode == "on":  # as the app draws: in turns only while the worker fills every core
            window.drawing.take_turns(worker.turns if fills_cores(worker.threads) else None)
            window.drawing.timer.start()
        else:
            window.drawing.stop()
            window.drawing.take_turns(None)
        first = len(ends)
        t0, gui0, waited0 = time.perf_counter(), time.thread_time(), worker.turns.waited_s
        _wait(
            lambda first=first: len(ends) > first + window_episodes, 600, wake=worker.episode_done
        )
        for k, v in enumerate(
            (time.perf_counter() - t0, time.thread_time() - gui0, worker.turns.waited_s - waited0)
        ):
            shares[mode][k] += v
        a, b = ends[first], ends[first + window_episodes]
        spans[mode].append((window_episodes, b - a))
        if mode == "on":
            for key, times in window.drawing.refreshes.items():
                refreshes[key].append([t for t in times if a <= t <= b])
    window.commands.stop.trigger()
    _wait(lambda: window.run is None, 120)
    window.close()
    rate = {m: sum(n for n, _ in v) / sum(t for _, t in v) for m, v in spans.items()}
    return {
        "on_eps": rate["on"],
        "off_eps": rate["off"],
        "ratio": rate["on"] / rate["off"],
        "windows": {m: [round(n / t, 3) for n, t in v] for m, v in spans.items()},
        "min_panel_hz_on": min(refresh_rate(windows) for windows in refreshes.values()),
        "gui_cpu": {m: round(v[1] / v[0], 4) for m, v in shares.items()},
        "turn_wait": {m: round(v[2] / v[0], 4) for m, v in shares.items()},
    }


def run_arm(args: argparse.Namespace) -> dict:
    """One measurement in this (fresh) process; `--arm` and a single `--threads` say which."""
    from bench.gui_setup import offscreen_app
    from engine.config import load_config

    base = load_config(args.config)
    timed = max(args.episodes, 2 * args.cycles * (args.alternate + 1))
    total = args.warmup + timed + 1000  # never reaches the end-of-run validation
    config = base.replace(episodes=total, val_interval=total, checkpoint_interval=total)
    threads = int(args.threads)
    if args.arm == "headless":
        return {"eps": headless(config, threads, args.warmup, args.episodes)}
    from mlstm_gui.monitor.worker import prepare_engine

    app = offscreen_app("gui-bench")  # noqa: F841
    prepare_engine()
    if args.duty is not None:
        import mlstm_gui.shell.main_window as main_window

        main_window.DRAW_DUTY = args.duty
    if args.arm == "app-alternate":
        return alternating(config, threads, args.warmup, args.alternate, args.cycles)
    return with_app(
        config,
        threads,
        args.warmup,
        args.episodes,
        draw=args.arm == "app",
        probe_ms=args.probe_ms,
        poll_ms=args.poll_ms,
    )


def _spawn(args: argparse.Namespace, arm: str, threads: int) -> dict:
    cmd = [
        sys.executable,
        "-m",
        "bench.gui_throughput",
        "--arm",
        arm,
        "--threads",
        str(threads),
        "--config",
        args.config,
        "--episodes",
        str(args.episodes),
        "--warmup",
        str(args.warmup),
        "--probe-ms",
        str(args.probe_ms),
        "--poll-ms",
        str(args.poll_ms),
        "--alternate",
        str(args.alternate),
        "--cycles",
        str(args.cycles),
    ]
    if args.duty is not None:
        cmd += ["--duty", str(args.duty)]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{arm} arm failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.arm:
        print(json.dumps(run_arm(args)))
        return 0
    from mlstm_gui.monitor.worker import default_worker_threads

    counts = [int(t) for t in args.threads.split(",")]
    rows: dict[int, dict[str, list[float]]] = {t: {} for t in counts}
    # headless before and after each app arm: the app is compared with their mean, so a host
    # whose speed drifts over the minutes of a round (±15 % here) moves both sides alike
    before = {t: _spawn(args, "headless", t)["eps"] for t in counts}
    for r in range(args.rounds):
        for t in counts:
            a = _spawn(args, "app", t)
            after = _spawn(args, "headless", t)["eps"]
            h, before[t] = (before[t] + after) / 2, after
            rows[t].setdefault("ratio", []).append(a["eps"] / h)
            if args.no_draw:
                n = _spawn(args, "app-nodraw", t)["eps"]
                rows[t].setdefault("nodraw", []).append(n)
                print(f"round {r + 1} threads {t}: app without drawing {n:.2f} ep/s", flush=True)
            if args.alternate:
                alt = _spawn(args, "app-alternate", t)
                rows[t].setdefault("alt_ratio", []).append(alt["ratio"])
                rows[t].setdefault("alt_panel_hz", []).append(alt["min_panel_hz_on"])
                print(
                    f"round {r + 1} threads {t}: one app, drawing on/off every {args.alternate} "
                    f"episodes: {alt['on_eps']:.2f} / {alt['off_eps']:.2f} ep/s = "
                    f"{alt['ratio']:.1%}, slowest panel {alt['min_panel_hz_on']:.1f} Hz while "
                    f"drawing; GUI thread {alt['gui_cpu']['on']:.1%} / {alt['gui_cpu']['off']:.1%}"
                    f" of wall, waiting for turns {alt['turn_wait']['on']:.1%}; windows "
                    f"{alt['windows']}",
                    flush=True,
                )
            print(
                f"round {r + 1} threads {t}: headless {h:.2f} ep/s (mean of the arms before and "
                f"after), app {a['eps']:.2f} ep/s = {a['eps'] / h:.1%}, "
                f"GUI p99 {a['p99_ms']:.1f} ms, max {a['max_ms']:.1f} ms, slowest panel "
                f"{a['min_panel_hz']:.1f} Hz (longest gap {a['max_panel_gap_s']:.2f} s); GUI "
                f"thread {a['gui_cpu']:.1%} of wall, turns {a['turns_per_s']:.1f}/s waiting "
                f"{a['turn_wait']:.1%}",
                flush=True,
            )
            for key, value in (
                ("headless", h),
                ("app", a["eps"]),
                ("p50", a["p50_ms"]),
                ("p99", a["p99_ms"]),
                ("max", a["max_ms"]),
                ("panel_hz", a["min_panel_hz"]),
                ("gui_cpu", a["gui_cpu"]),
                ("turn_wait", a["turn_wait"]),
            ):
                rows[t].setdefault(key, []).append(value)
    med = {t: {k: statistics.median(v) for k, v in d.items()} for t, d in rows.items()}
    worst = {t: max(d["max"]) for t, d in rows.items()}
    print()
    print(
        f"config {Path(args.config).name}: {args.episodes} timed episodes, {args.rounds} "
        f"round(s), medians; {os.cpu_count()} cores, {platform.processor() or platform.machine()}"
    )
    print(
        "app/headless: the median over rounds of each app arm against the headless arms around it"
    )
    print(
        f"{'threads':>7} {'headless ep/s':>14} {'app ep/s':>9} {'app/headless':>13} "
        f"{'GUI p50 ms':>11} {'p99 ms':>7} {'max ms':>7} {'worst max':>10} {'panel Hz':>9}"
    )
    for t in counts:
        m = med[t]
        print(
            f"{t:>7} {m['headless']:>14.2f} {m['app']:>9.2f} {m['ratio']:>13.1%} "
            f"{m['p50']:>11.1f} {m['p99']:>7.1f} {m['max']:>7.1f} {worst[t]:>10.1f} "
            f"{m['panel_hz']:>9.1f}"
        )
    for t in counts:
        m = med[t]
        if "nodraw" in m:
            print(
                f"threads {t}: the app without drawing {m['nodraw']:.2f} ep/s "
                f"({m['nodraw'] / m['headless']:.1%} of headless; drawing costs "
                f"{1 - m['app'] / m['nodraw']:.1%} of it)"
            )
        if "alt_ratio" in m:
            print(
                f"threads {t}: one app drawing against not drawing, windows of {args.alternate} "
                f"episodes: {m['alt_ratio']:.1%}, slowest panel {m['alt_panel_hz']:.1f} Hz"
            )
    default = default_worker_threads()
    best_headless = max(med[t]["headless"] for t in counts)
    if default in med:
        print(
            f"app at its default ({default} thread(s)) vs the fastest headless: "
            f"{med[default]['app'] / best_headless:.1%} (medians of the arms)"
        )
    print(
        json.dumps(
            {
                "date": _dt.date.today().isoformat(),
                "cores": os.cpu_count(),
                "config": Path(args.config).name,
                "episodes": args.episodes,
                "rounds": args.rounds,
                "probe_ms": args.probe_ms,
                "poll_ms": args.poll_ms,
                "default_threads": default,
                "medians": {str(t): {k: round(v, 3) for k, v in m.items()} for t, m in med.items()},
                "worst_max_ms": {str(t): round(v, 1) for t, v in worst.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
