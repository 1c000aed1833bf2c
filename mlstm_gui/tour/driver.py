"""`python main.py tour --out DIR [--episodes N]`: a scripted, offscreen tour of the real app.

Trains the demo config for exactly N episodes through the toolbar actions a user would press
(Start, Pause, Step, Resume, Pause, Step…, Stop), measures the GUI thread's event-loop latency
meanwhile, saves PNGs of the window and of each panel, and writes DIR/tour.json. Then explores
(mlstm_gui/tour/explore.py): picks the latest training episode, replays it through every step,
opens the parameter inspector and runs the try-it panel on images it builds from the embedded
Omniglot (replay_s, classify_s). Exits 1 if anything failed (an error dialog, an empty plot, a
wrong episode count, an empty exploration panel)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from mlstm_gui.common.states import RunState

if TYPE_CHECKING:  # pragma: no cover - Qt loads only when the tour runs
    from PySide6.QtWidgets import QWidget

P99_TARGET_MS, MAX_TARGET_MS = 50.0, 150.0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="main.py tour", description=__doc__.splitlines()[0])
    p.add_argument("--out", required=True, help="folder for the PNGs and tour.json")
    p.add_argument("--episodes", type=int, default=30, help="episodes to train (>= 6)")
    p.add_argument("--timeout", type=float, default=100.0, help="give up after this many s")
    return p


class Tour:
    """Drives a MainWindow like a user; collects figures and errors."""

    def __init__(self, episodes: int, out: Path, timeout_s: float) -> None:
        from mlstm_gui.common.latency import LatencyProbe
        from mlstm_gui.shell.main_window import MainWindow, default_config

        self.n, self.out, self.deadline = episodes, out, time.monotonic() + timeout_s
        self.errors: list[str] = []
        demo = default_config()
        # N + 10 so the run never ends by itself: the tour ends it with Stop at exactly N.
        self.config = demo.replace(
            episodes=episodes + 10, val_interval=min(demo.val_interval, max(1, episodes // 2))
        )
        self.window = MainWindow(self.config)
        self.window.message_hook = lambda kind, title, text: self.errors.append(
            f"{kind}: {title}: {text}"
        )
        self.window.resize(1600, 1000)
        self.window.show()
        self.probe = LatencyProbe(10)
        self.ready_at: Optional[float] = None
        self.episode_seconds: list[float] = []

    # ------------------------------------------------------------------ waiting
    def wait(self, cond: Callable[[], bool], what: str) -> bool:
        """Run the event loop until cond() holds (checked every 5 ms) or the tour times out."""
        from mlstm_gui.common.waiting import wait_until

        if not wait_until(cond, self.deadline):
            self.errors.append(f"timed out waiting for {what}")
            return False
        return True

    @property
    def done(self) -> int:
        return len(self.window.history)

    def press(self, name: str) -> None:
        a = self.window.commands
        actions = {"start": a.start, "pause": a.pause, "step": a.step, "stop": a.stop}
        actions[name].trigger()

    def step_once(self) -> bool:
        before = self.done
        self.press("step")
        return self.wait(lambda: self.done == before + 1, f"step to episode {before + 1}")

    # ------------------------------------------------------------------ the script
    def run(self) -> dict:
        w, n = self.window, self.n
        # Like a user, press Start once the window is on screen: its first paint is start-up.
        from PySide6.QtTest import QTest

        QTest.qWaitForWindowExposed(w, 5000)
        settle = time.monotonic() + 0.5
        self.wait(lambda: time.monotonic() > settle, "the window to settle")
        self.probe.start()
        t_start = time.perf_counter()
        self.press("start")
        if w.run is None:
            self.errors.append("Start did not start a run")
            return self.report(t_start, t_start)
        w.run.worker.ready.connect(lambda _: setattr(self, "ready_at", time.perf_counter()))
        w.run.worker.episode_done.connect(lambda r: self.episode_seconds.append(r.seconds))
        ok = self.wait(lambda: self.done >= max(1, n // 3), "the first episodes")
        ok = ok and self._pause()
        ok = ok and self.step_once()
        if ok:
            self.press("pause")  # checked -> unchecked: Resume
            ok = self.wait(lambda: self.done >= n - 2, f"episode {n - 2}")
            ok = ok and self._pause()
        while ok and self.done < n:
            ok = self.step_once()
        t_stop = time.perf_counter()
        self.press("stop")
        self.wait(lambda: w.state is RunState.IDLE and w.run is None, "the thread to end")
        self.probe.stop()
        return self.report(t_start, t_stop)

    def _pause(self) -> bool:
        self.press("pause")
        return self.wait(lambda: self.window.state is RunState.PAUSED, "the pause")

    # ------------------------------------------------------------------ results
    def check_plots(self) -> None:
        """Every plot must hold data (asserted on arrays, as the tests do)."""
        import numpy as np

        self.window.redraw_all()
        w = self.window
        curves = {
            "loss: meta-loss": w.loss_panel.raw_curve,
            "loss: inner loss": w.loss_panel.inner_curve,
            "loss: first/last step": w.loss_panel.first_curve,
            "accuracy: training": w.accuracy_panel.train_curve,
            "accuracy: validation": w.accuracy_panel.val_curve,
        }
        for name, curve in curves.items():
            y = curve.getData()[1]
            if y is None or not np.size(y):
                self.errors.append(f"plot empty: {name}")
        for gate, img in w.gate_panel.heatmaps.items():
            if img.image is None or not img.image.size:
                self.errors.append(f"plot empty: gates heatmap {gate}")
        if not any(
            np.size(c.getData()[1] if c.getData()[1] is not None else [])
            for c in w.gate_panel.step_curves.values()
        ):
            self.errors.append("plot empty: gates within the latest episode")

    def screenshots(self) -> list[str]:
        shots: dict[str, QWidget] = {"window.png": self.window}
        shots.update({f"panel-{key}.png": panel for key, panel in self.window.panels.items()})
        saved = []
        for name, widget in shots.items():
            if not widget.grab().save(str(self.out / name)):
                self.errors.append(f"could not save {name}")
            saved.append(name)
        return saved

    def report(self, t_start: float, t_stop: float) -> dict:
        lat = self.probe.summary()
        # From the trainer being ready (data loaded) to Stop; the tour presses the next button
        # within 5 ms of a pause, so paused time is negligible.
        active = max(1e-9, t_stop - (self.ready_at or t_start))
        episodes = int(self.window.status.current)
        if episodes != self.n:
            self.errors.append(f"trained {episodes} episodes, expected {self.n}")
        return {
            "episodes": episodes,
            "episodes_per_s": round(episodes / active, 3),
            "episode_seconds_mean": round(
                sum(self.episode_seconds) / max(1, len(self.episode_seconds)), 4
            ),
            "redraws": self.window.redraws,
            "validations": len(self.window.history.validation()[0]),
            "max_ui_stall_ms": lat["max_ms"],
            "p99_ui_stall_ms": lat["p99_ms"],
            "p50_ui_stall_ms": lat["p50_ms"],
            "latency_ticks": lat["ticks"],
            "targets_met": {
                "p99_ui_stall_ms<=50": lat["p99_ms"] <= P99_TARGET_MS,
                "max_ui_stall_ms<=150": lat["max_ms"] <= MAX_TARGET_MS,
            },
            "device": self.window.status.device.text(),
            "config": self.config.name,
            "training_wall_s": round(t_stop - t_start, 2),
        }


def main(argv: Optional[list[str]] = None) -> int:
    args = _parser().parse_args(argv)
    if args.episodes < 6:
        print("tour: --episodes must be at least 6", file=sys.stderr)
        return 2
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before the QApplication exists
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="mlstm-tour-"))
    os.environ["MLSTM_RUNS_DIR"] = str(scratch / "runs")  # a temp run dir, private settings
    os.environ["MLSTM_SETTINGS_DIR"] = str(scratch / "settings")
    from PySide6.QtWidgets import QApplication

    from mlstm_gui.monitor.worker import prepare_engine
    from mlstm_gui.shell.app import apply_identity
    from mlstm_gui.tour.explore import run_exploration

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["mlstm-tour"])
    apply_identity(app)
    t0 = time.perf_counter()
    result: dict = {"errors": []}
    try:
        prepare_engine()  # imports before measuring: they are start-up cost, not training
        tour = Tour(args.episodes, out, args.timeout)
        result = tour.run()
        tour.check_plots()
        result["screenshots"] = tour.screenshots()
        explored = run_exploration(tour, scratch)
        result["screenshots"] += explored.pop("screenshots", [])
        result.update(explored)
        from mlstm_gui.tour.explore import _grab
        from mlstm_gui.tour.layout_steps import run_layout_steps

        layouts = run_layout_steps(tour, _grab)
        result["screenshots"] += layouts.pop("layout_screenshots")
        result.update(layouts)
        from mlstm_gui.tour.language_steps import run_language_steps

        languages = run_language_steps(tour, _grab)
        result["screenshots"] += languages.pop("language_screenshots")
        result.update(languages)
        result["errors"] = tour.errors
        tour.window.close()
    except Exception as exc:  # noqa: BLE001 - the tour reports, never hangs
        import traceback

        traceback.print_exc()
        result.setdefault("errors", []).append(f"{type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    result["tour_wall_s"] = round(time.perf_counter() - t0, 2)
    (out / "tour.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 1 if result["errors"] else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
