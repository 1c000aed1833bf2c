"""The speed bench runs from a clean checkout and reports what BENCHMARKS.md quotes."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_bench_prints_every_arm_for_a_preset():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.episode_speed",
            "--preset",
            "omniglot-5w1s-32f",
            "--episodes",
            "2",
            "--warmup",
            "1",
            "--threads",
            "1",
            "--no-data",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    r = json.loads(out.stdout.strip().splitlines()[-1])["omniglot-5w1s-32f"]
    for key in (
        "floor_s",
        "floor_plain_s",
        "learner_meta_s",
        "reference_s",
        "engine_s",
        "lstm_matmul_s",
        "peak_rss_mb",
    ):
        assert r[key] > 0, key
    # the ratios are the medians' ratios, and the bound includes the query backward
    assert (
        abs(r["engine_over_floor"] - r["engine_s"] / r["floor_s"]) < 0.01 * r["engine_over_floor"]
    )
    bound = (r["learner_meta_s"] + r["lstm_matmul_s"]) / r["floor_s"]
    assert abs(r["bound_over_floor"] - bound) < 0.01 * bound
    assert r["parameters"] == 28485 and r["threads"] == 1


def test_the_learner_arm_backpropagates_the_query_loss():
    import torch
    import torch.nn.functional as F

    from bench.reference_episode import FloorLearner
    from engine.model.learner import channels_last

    floor = FloorLearner(1, 4, 28, 5, 2)
    g = torch.Generator().manual_seed(0)
    xs, xq = torch.rand(5, 1, 28, 28, generator=g), torch.rand(10, 1, 28, 28, generator=g)
    ys, yq = torch.arange(5), torch.arange(10) % 5
    floor.episode(xs, ys, xq, yq, query_backward=True)
    got = [p.grad.clone() for p in floor.net.parameters()]
    floor.net.zero_grad()
    F.cross_entropy(floor.net(channels_last(xq)), yq).backward()  # the query loss at θ_T
    for p, g_arm in zip(floor.net.parameters(), got):
        assert torch.allclose(g_arm, p.grad, rtol=1e-4, atol=1e-6)
