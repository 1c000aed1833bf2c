"""Meta-batches and data-parallel training: two Gloo processes started by torchrun hold
identical meta-parameters and equal one process with the same meta-batch and seeds."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import torch

from engine.config import Config
from engine.data.episodes import Preprocessing
from engine.data.synthetic import synthetic_splits
from engine.errors import ConfigError
from engine.io.checkpoint import read_checkpoint
from engine.io.runs import read_metrics
from engine.training.distributed import Ranks
from engine.training.trainer import MetaTrainer

REPO = Path(__file__).resolve().parents[3]
PREP = Preprocessing(28, 1, True)
TINY = dict(
    name="tiny-dist",
    dataset="synthetic",
    filters=4,
    inner_steps=2,
    way=3,
    shot=1,
    query=3,
    rotations=False,
    seed=5,
    meta_batch=2,
    episodes=4,
    val_interval=2,
    val_episodes=3,
    checkpoint_interval=2,
    threads=1,
)


def _env() -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "RANK",
            "WORLD_SIZE",
            "LOCAL_RANK",
            "LOCAL_WORLD_SIZE",
            "MASTER_ADDR",
            "MASTER_PORT",
        )
    }
    return {**env, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}


def _torchrun(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node",
        "2",
        *args,
    ]
    out = subprocess.run(cmd, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-3000:]
    return out


def test_meta_batch_averages_its_episodes(monkeypatch):
    """One update with meta_batch 2 reports the mean query loss of episodes 0 and 1, which a
    meta_batch-1 trainer from the same seed sees one at a time, and its meta-gradient (before
    clipping) is the mean of theirs."""
    splits = synthetic_splits(n_classes=20, per_class=8, size=28, channels=1, seed=0)
    two = MetaTrainer(Config(**{**TINY, "meta_batch": 2}), splits, PREP)
    one = MetaTrainer(Config(**{**TINY, "meta_batch": 1}), splits, PREP)
    losses, grads = [], []
    for k in (0, 1):
        one.optimizer.zero_grad(set_to_none=True)
        loss = one._episode_loss(k)[2]
        loss.backward()
        losses.append(loss.item())
        grads.append([p.grad.clone() for p in one.meta.parameters()])
    seen: list[list[torch.Tensor]] = []
    clip = torch.nn.utils.clip_grads_with_norm_

    def capture(params, *args, **kwargs):
        params = list(params)
        seen.append([p.grad.clone() for p in params])
        return clip(params, *args, **kwargs)

    monkeypatch.setattr(torch.nn.utils, "clip_grads_with_norm_", capture)
    report = two.step()
    assert report.meta_loss == pytest.approx(sum(losses) / 2, rel=1e-6)
    assert report.class_names == tuple(one.sample_episode(0).class_names)
    assert two.episode == 1
    [averaged] = seen
    for got, a, b in zip(averaged, *grads):
        assert torch.allclose(got, (a + b) / 2, rtol=1e-5, atol=1e-8)
    assert not all(torch.allclose(a, b) for a, b in zip(*grads))  # two different episodes


def test_meta_batch_must_share_out_over_the_processes():
    with pytest.raises(ConfigError, match="meta_batch"):
        Config(**{**TINY, "meta_batch": 0})
    with pytest.raises(ConfigError, match="multiple of the 2 processes"):
        Ranks(rank=0, world=2).share(3)
    assert list(Ranks(rank=1, world=2).share(4)) == [2, 3]


def test_several_processes_each_take_their_own_gpu():
    from engine.training.distributed import rank_device

    with pytest.raises(ConfigError, match="each process takes the GPU of its local rank"):
        rank_device("cuda:1", Ranks(rank=0, world=2))
    assert rank_device("cuda:1", Ranks()) == "cuda:1"
    assert rank_device("cpu", Ranks(rank=1, world=2, local_rank=1)) == "cpu"


def test_mixed_precision_is_refused_on_cpu():
    splits = synthetic_splits(n_classes=20, per_class=8, size=28, channels=1, seed=0)
    with pytest.raises(ConfigError, match="'amp'"):
        MetaTrainer(Config(**{**TINY, "amp": True}), splits, PREP)


def test_two_gloo_ranks_stay_identical_and_equal_one_process(tmp_path):
    """Each rank saves its own meta-parameters after three updates: bit-identical across the
    ranks, and equal to one process training the same meta-batch of 2 (float tolerance)."""
    script = tmp_path / "ranks.py"
    script.write_text(
        textwrap.dedent(f"""
        import sys, torch
        sys.path.insert(0, {str(REPO)!r})
        from engine.config import Config
        from engine.training.distributed import end_process, from_environment
        from engine.training.trainer import MetaTrainer
        ranks = from_environment()
        trainer = MetaTrainer(Config(**{TINY!r}), ranks=ranks)
        for _ in range(3):
            trainer.step()
        torch.save(trainer.meta.state_dict(), {str(tmp_path)!r} + f"/rank{{ranks.rank}}.pt")
        end_process(0)
        """)
    )
    _torchrun(str(script), cwd=tmp_path)
    rank0 = torch.load(tmp_path / "rank0.pt", weights_only=True)
    rank1 = torch.load(tmp_path / "rank1.pt", weights_only=True)
    single = MetaTrainer(Config(**TINY))
    for _ in range(3):
        single.step()
    for name, value in single.meta.state_dict().items():
        assert torch.equal(rank0[name], rank1[name]), name
        assert torch.allclose(rank0[name], value, rtol=1e-5, atol=1e-6), name


def test_torchrun_run_directory_looks_like_a_single_process_run(tmp_path):
    """`torchrun main.py train` on a config that leaves meta_batch to its default: one
    episode per process, said once; only rank 0 writes, one metrics line per update, and the
    checkpoint equals the one-process run's with --meta-batch 2."""
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps({k: v for k, v in TINY.items() if k != "meta_batch"}))
    multi_run = _torchrun(
        str(REPO / "main.py"),
        "train",
        "--config",
        str(config),
        "--out",
        str(tmp_path / "multi"),
        "--quiet",
        cwd=tmp_path,
    )
    assert multi_run.stderr.count("meta_batch is not set") == 1
    assert "using 2, one episode per process" in multi_run.stderr
    single = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "train",
            "--config",
            str(config),
            "--meta-batch",
            "2",
            "--out",
            str(tmp_path / "single"),
            "--quiet",
        ],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert single.returncode == 0, single.stderr[-3000:]

    def listing(root: Path) -> list[str]:
        return sorted(str(p.relative_to(root)) for p in root.rglob("*"))

    assert listing(tmp_path / "multi") == listing(tmp_path / "single")
    multi_metrics = read_metrics(tmp_path / "multi" / "metrics.jsonl")
    single_metrics = read_metrics(tmp_path / "single" / "metrics.jsonl")
    assert [r["episode"] for r in multi_metrics] == [r["episode"] for r in single_metrics]
    assert len([r for r in multi_metrics if r.get("type") != "validation"]) == 4
    for a, b in zip(multi_metrics, single_metrics):
        key = "accuracy" if a.get("type") == "validation" else "meta_loss"
        assert a[key] == pytest.approx(b[key], rel=1e-4, abs=1e-6)
    multi = read_checkpoint(tmp_path / "multi" / "checkpoints" / "last.pt")["meta"]
    one = read_checkpoint(tmp_path / "single" / "checkpoints" / "last.pt")["meta"]
    for name in one:
        assert torch.allclose(multi[name], one[name], rtol=1e-5, atol=1e-6), name


def test_torchrun_with_a_meta_batch_that_does_not_share_out_says_so_once(tmp_path):
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps({**TINY, "meta_batch": 3}))
    cmd = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        "--nproc_per_node",
        "2",
        str(REPO / "main.py"),
        "train",
        "--config",
        str(config),
        "--out",
        str(tmp_path / "run"),
        "--quiet",
    ]
    out = subprocess.run(cmd, cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert out.returncode != 0
    lines = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert lines == [
        f"error: meta_batch 3 (from {config}) must be a multiple of the 2 "
        "processes: each trains on an equal share"
    ]
    assert not (tmp_path / "run").exists()


def test_a_process_that_never_joined_ends_normally():
    """end_process only cuts short a process that joined a group; anything else returns to
    the caller (main.py then exits through sys.exit, atexit handlers included)."""
    from engine.training.distributed import end_process

    assert end_process(3) is None
