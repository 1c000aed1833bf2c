"""Open run folder follows a run that another process writes: new lines reach the plots within
a second, its newest checkpoint becomes a model to replay with, and nothing is written into it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from mlstm_gui.shell.main_window import MainWindow

REPO = Path(__file__).resolve().parents[3]
TIMEOUT = 60_000


def plotted(win: MainWindow) -> int:
    _, y = win.panels["loss"].raw_curve.getData()
    return 0 if y is None else int(np.asarray(y).size)


def listing(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): p.stat().st_mtime_ns for p in root.rglob("*")}


def test_follows_a_headless_run_in_another_process(qtbot, window, tmp_path):
    config = tmp_path / "run.yaml"
    episodes = 120
    config.write_text(
        json.dumps(
            dict(
                name="followed",
                dataset="synthetic",
                filters=4,
                hidden=4,
                inner_steps=2,
                way=3,
                shot=1,
                query=2,
                episodes=episodes,
                val_interval=40,
                val_episodes=3,
                checkpoint_interval=20,
                seed=0,
                threads=1,
            )
        )
    )
    run = tmp_path / "run"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "main.py"),
            "train",
            "--config",
            str(config),
            "--out",
            str(run),
            "--quiet",
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        qtbot.waitUntil(lambda: (run / "metrics.jsonl").is_file(), timeout=TIMEOUT)
        assert window.open_run_folder(str(run))
        assert window.follower is not None and window.commands.stop_following.isEnabled()
        qtbot.waitUntil(lambda: plotted(window) == episodes, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=TIMEOUT)  # never block the GUI
        assert proc.returncode == 0, proc.stderr.read().decode()[-2000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert len(window.history.validation()[0]) == episodes // 40
    # its newest last.pt (episode 120) is the chosen model for replay and try-it
    last = str(run / "checkpoints" / "last.pt")
    ctl = window.exploration
    qtbot.waitUntil(
        lambda: ctl.choice.current == last and ctl.choice.files[last].episode == episodes,
        timeout=TIMEOUT,
    )
    snap, why = ctl.choice.provide()
    assert snap is not None and why == ""

    # a line appended by the (other) writer reaches the loss plot within a second
    before = listing(run)
    record = json.loads((run / "metrics.jsonl").read_text().splitlines()[-2])
    assert record["type"] == "episode"
    record["episode"] = episodes + 1
    with open(run / "metrics.jsonl", "a") as fh:
        fh.write(json.dumps(record) + "\n")
    appended = time.perf_counter()
    qtbot.waitUntil(lambda: plotted(window) == episodes + 1, timeout=1000)
    assert time.perf_counter() - appended < 1.0
    window.stop_following()
    assert window.follower is None and not window.commands.stop_following.isEnabled()
    after = listing(run)
    previous = {"checkpoints/last.pt.bak", "checkpoints/best.pt.bak"}  # kept by each save
    assert set(after) - previous == {
        "config.yaml",
        "metrics.jsonl",
        "checkpoints",
        "checkpoints/last.pt",
        "checkpoints/best.pt",
    }
    assert {k: v for k, v in after.items() if k != "metrics.jsonl"} == {
        k: v for k, v in before.items() if k != "metrics.jsonl"
    }


def test_a_resumed_run_rewriting_its_metrics_is_shown_afresh(qtbot, window, tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    line = {
        "type": "episode",
        "meta_loss": 1.0,
        "meta_acc": 0.5,
        "inner_loss": [1.0, 0.9],
        "inner_acc": [0.3, 0.4],
    }
    (run / "metrics.jsonl").write_text(
        "".join(json.dumps({**line, "episode": k}) + "\n" for k in range(1, 11))
    )
    assert window.open_run_folder(str(run))
    assert len(window.history) == 10
    tmp = run / "rewrite.tmp"
    tmp.write_text("".join(json.dumps({**line, "episode": k}) + "\n" for k in range(1, 4)))
    os.replace(tmp, run / "metrics.jsonl")
    qtbot.waitUntil(lambda: len(window.history) == 3 and plotted(window) == 3, timeout=5000)


def test_starting_a_run_stops_following(qtbot, window, tmp_path):
    run = tmp_path / "run"
    run.mkdir()
    (run / "metrics.jsonl").write_text("")
    assert window.open_run_folder(str(run))
    assert window.budget.relaxed  # redraws promptly while following
    window.commands.start.trigger()
    assert window.follower is None and not window.budget.relaxed
    qtbot.waitUntil(lambda: window.state == "idle" and window.run is None, timeout=TIMEOUT)
