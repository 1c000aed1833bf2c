"""Many seeds of the GUI monkey (tests/gui/monkey.py; the suite runs two): random actions on
the real window, offscreen, every dialog answered at once. Prints one line per seed and exits
1 if any seed met an exception, an internal-error dialog or an action slower than 2 s.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/gui_monkey.py [--seeds 20] [--actions 500]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--first-seed", type=int, default=100)
    ap.add_argument("--actions", type=int, default=500)
    args = ap.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="mlstm-monkey-"))
    os.environ["MLSTM_RUNS_DIR"] = str(scratch / "runs")
    os.environ["MLSTM_SETTINGS_DIR"] = str(scratch / "settings")
    from PySide6.QtWidgets import QApplication

    from engine.config import Config
    from engine.inference.shipped import DEFAULT
    from mlstm_gui.shell.main_window import MainWindow
    from tests.gui.monkey import Monkey, MonkeyReport, answer_dialogs, monkey_files

    app = QApplication.instance() or QApplication(["mlstm-monkey"])
    config = Config(
        name="monkey",
        dataset="synthetic",
        filters=4,
        hidden=4,
        inner_steps=2,
        way=3,
        shot=1,
        query=2,
        episodes=400,
        val_interval=10,
        val_episodes=3,
        checkpoint_interval=5,
        rotations=False,
    )
    failed = 0
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        rng = random.Random(seed)
        report = MonkeyReport()
        answer_dialogs(
            lambda obj, name, value: setattr(obj, name, value),
            report,
            monkey_files(scratch / f"files-{seed}", DEFAULT),
            rng,
        )
        window = MainWindow(config)
        window.show()
        started = time.perf_counter()
        Monkey(window, seed, report, rng).run(args.actions)
        window.close()
        while window.run is not None:
            app.processEvents()
        failed += bool(report.problems)
        print(
            f"seed {seed}: {report.actions} actions in {time.perf_counter() - started:.0f} s,"
            f" slowest {report.slowest_s:.2f} s ({report.slowest}), {len(report.dialogs)} "
            f"dialogs, {len(report.problems)} problems",
            flush=True,
        )
        for problem in report.problems[:5]:
            print(f"  {problem}")
        window.deleteLater()
    print(
        f"{args.seeds} seeds x {args.actions} actions: "
        + ("no problem" if not failed else f"{failed} seeds with problems")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
