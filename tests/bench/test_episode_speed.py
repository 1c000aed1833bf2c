"""The speed bench runs from a clean checkout and reports what BENCHMARKS.md quotes."""
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_prints_every_arm_for_a_preset():
    out = subprocess.run(
        [sys.executable, "-m", "bench.episode_speed", "--preset", "omniglot-5w1s-32f",
         "--episodes", "2", "--warmup", "1", "--threads", "1", "--no-data", "--json"],
        cwd=REPO, capture_output=True, text=True, timeout=300, check=True)
    r = json.loads(out.stdout.strip().splitlines()[-1])["omniglot-5w1s-32f"]
    for key in ("floor_s", "floor_plain_s", "learner_meta_s", "reference_s", "engine_s",
                "lstm_matmul_s", "peak_rss_mb"):
        assert r[key] > 0, key
    # the ratios are the medians' ratios, and the bound includes the query backward
    assert abs(r["engine_over_floor"] - r["engine_s"] / r["floor_s"]) < 0.01 * r["engine_over_floor"]
    bound = (r["learner_meta_s"] + r["lstm_matmul_s"]) / r["floor_s"]
    assert abs(r["bound_over_floor"] - bound) < 0.01 * bound
    assert r["parameters"] == 28485 and r["threads"] == 1
