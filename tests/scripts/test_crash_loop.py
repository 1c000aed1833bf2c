"""A short crash loop (scripts/crash_loop.py): kill -9 at random moments of a real training,
resume after each; every surviving checkpoint verifies and loads, the metrics parse, and the
resumed run ends equal to an uninterrupted one. The script runs the long version."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "crash_loop.py"
spec = importlib.util.spec_from_file_location("crash_loop", SCRIPT)
crash = importlib.util.module_from_spec(spec)
spec.loader.exec_module(crash)


def test_kill_minus_nine_then_resume_equals_an_uninterrupted_run(tmp_path):
    lines: list[str] = []
    problems = crash.crash_loop(
        3, seed=2, root=tmp_path, config={**crash.CONFIG, "episodes": 160}, log=lines.append
    )
    assert problems == []
    assert len([line for line in lines if line.startswith("kill ")]) == 3


def test_the_comparison_notices_a_different_run(tmp_path):
    """The final comparison can fail: two runs with different seeds differ."""
    import json
    import subprocess
    import sys

    runs = []
    for seed in (1, 2):
        cfg = tmp_path / f"s{seed}.yaml"
        cfg.write_text(
            json.dumps({**crash.CONFIG, "episodes": 6, "val_interval": 3, "seed": seed}),
            encoding="utf-8",
        )
        out = tmp_path / f"run{seed}"
        subprocess.run(
            [
                sys.executable,
                str(crash.REPO / "main.py"),
                "train",
                "--config",
                str(cfg),
                "--out",
                str(out),
                "--quiet",
            ],
            check=True,
            timeout=120,
        )
        runs.append(out)
    assert crash.compare_runs(*runs)
    assert crash.compare_runs(runs[0], runs[0]) == []
