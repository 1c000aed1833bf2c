"""The learning-curve script's wall-clock axis, including runs continued from a checkpoint."""

import importlib.util
from pathlib import Path

import numpy as np

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "plot_learning_curve.py"
spec = importlib.util.spec_from_file_location("plot_learning_curve", SCRIPT)
plc = importlib.util.module_from_spec(spec)
spec.loader.exec_module(plc)


def _val(episode, acc, seconds=6.0):
    return {
        "type": "validation",
        "episode": episode,
        "accuracy": acc,
        "ci95": 0.01,
        "seconds": seconds,
    }


def _ep(episode, seconds=0.5):
    return {"type": "episode", "episode": episode, "seconds": seconds}


def test_minutes_are_the_sum_of_recorded_seconds():
    records = [_ep(1), _ep(2), _val(2, 0.5), _ep(3), _ep(4), _val(4, 0.6)]
    ep, minutes, acc, ci = plc.curve(records)
    assert ep.tolist() == [2, 4] and acc.tolist() == [50.0, 60.0]
    np.testing.assert_allclose(minutes, [7.0 / 60, 14.0 / 60])


def test_a_continued_run_shifts_later_points_and_leaves_earlier_ones_untimed():
    records = [_val(2, 0.5), _val(4, 0.6), _ep(5), _ep(6), _val(6, 0.7)]
    ep, minutes, _, _ = plc.curve(records, minutes_before=30.0)
    assert ep.tolist() == [2, 4, 6]
    assert np.isnan(minutes[:2]).all()
    np.testing.assert_allclose(minutes[2], 30.0 + 7.0 / 60)


def test_the_script_writes_a_png_with_a_marked_episode(tmp_path):
    import json
    import subprocess
    import sys

    metrics = tmp_path / "metrics.jsonl"
    records = [_ep(1), _ep(2), _val(2, 0.5), _ep(3), _ep(4), _val(4, 0.7)]
    metrics.write_text("".join(json.dumps(r) + "\n" for r in records))
    out = subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            str(metrics),
            "--out",
            str(tmp_path / "curve.png"),
            "--mark",
            "3",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert (tmp_path / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "best 70.00% at episode 4" in out.stdout
