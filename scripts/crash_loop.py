"""kill -9 at random moments of a real training, then resume, over and over; at the end the
run must equal one that was never interrupted.

    .venv/bin/python scripts/crash_loop.py [--kills 50] [--seed 0] [--out DIR]

Each round starts `main.py train` (resuming after the first), waits a random time, and sends
SIGKILL: no handler runs, so a kill can land anywhere, inside a checkpoint write included.
After every kill it checks what a user would find: every last.pt / best.pt present verifies
its checksum and loads, and metrics.jsonl parses up to its last complete line. The final
resume runs to the end; its metrics and checkpoints are compared with a run that was never
killed (same config, same seed). Prints one line per kill and a summary; exits 1 on any
violation. docs/RELIABILITY.md records a run of it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from engine.errors import CheckpointError  # noqa: E402
from engine.io.checkpoint import read_checkpoint  # noqa: E402
from engine.io.runs import read_metrics  # noqa: E402

CONFIG = dict(
    name="crash",
    dataset="synthetic",
    filters=4,
    hidden=4,
    inner_steps=2,
    way=3,
    shot=1,
    query=2,
    episodes=400,
    val_interval=25,
    val_episodes=4,
    checkpoint_interval=2,
    rotations=False,
    threads=1,
    seed=11,
)


def _train(config: Path, out: Path, resume: bool) -> subprocess.Popen:
    cmd = [
        sys.executable,
        str(REPO / "main.py"),
        "train",
        "--config",
        str(config),
        "--out",
        str(out),
        "--quiet",
    ] + (["--resume"] if resume else [])
    return subprocess.Popen(
        cmd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )


def check_run(out: Path) -> list[str]:
    """What a kill may not leave behind: a checkpoint that does not verify and load, or a
    metrics file that does not parse up to its last complete line."""
    problems = []
    for kind in ("last", "best"):
        path = out / "checkpoints" / f"{kind}.pt"
        if path.exists():
            try:
                read_checkpoint(path)
            except CheckpointError as exc:
                problems.append(f"{kind}.pt: {exc}")
    metrics = out / "metrics.jsonl"
    if metrics.exists():
        complete = metrics.read_bytes().split(b"\n")[:-1]
        for number, line in enumerate(complete, 1):
            try:
                json.loads(line)
            except ValueError:
                problems.append(f"metrics.jsonl line {number} does not parse")
    return problems


def _episode_of(out: Path) -> int:
    path = out / "checkpoints" / "last.pt"
    return int(read_checkpoint(path)["trainer"]["episode"]) if path.exists() else 0


def compare_runs(a: Path, b: Path) -> list[str]:
    """Differences between two finished runs: metrics records and both checkpoints."""
    import torch

    problems = []
    ma, mb = read_metrics(a / "metrics.jsonl"), read_metrics(b / "metrics.jsonl")
    strip = ("seconds",)  # wall time differs, nothing else may

    def key(r: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in r.items() if k not in strip}

    if [key(r) for r in ma] != [key(r) for r in mb]:
        diff = (
            next(i for i, (x, y) in enumerate(zip(ma, mb)) if key(x) != key(y))
            if len(ma) == len(mb)
            else f"{len(ma)} vs {len(mb)} records"
        )
        problems.append(f"metrics differ (first at record {diff})")
    for kind in ("last", "best"):
        ca = read_checkpoint(a / "checkpoints" / f"{kind}.pt")
        cb = read_checkpoint(b / "checkpoints" / f"{kind}.pt")
        if ca["trainer"] != cb["trainer"]:
            problems.append(f"{kind}.pt trainer state differs: {ca['trainer']} {cb['trainer']}")
        for name, value in ca["meta"].items():
            if not torch.equal(value, cb["meta"][name]):
                problems.append(f"{kind}.pt weight {name} differs")
                break
    return problems


def crash_loop(
    kills: int, seed: int, root: Path, config: dict[str, Any] | None = None, log=print
) -> list[str]:
    """Run the loop in `root`; returns the violations (empty: every guarantee held)."""
    rng = random.Random(seed)
    cfg_path = root / "crash.yaml"
    cfg_path.write_text(json.dumps(config or CONFIG), encoding="utf-8")  # JSON is YAML
    reference, killed = root / "reference", root / "killed"
    ref = _train(cfg_path, reference, resume=False)
    _, err = ref.communicate(timeout=1800)
    if ref.returncode != 0:
        return [f"the uninterrupted run failed: {err.decode()[-500:]}"]
    problems: list[str] = []
    for k in range(kills):
        proc = _train(cfg_path, killed, resume=(killed / "checkpoints" / "last.pt").exists())
        time.sleep(rng.uniform(0.3, 3.0))  # start-up (~1.5 s) included: kills land anywhere
        proc.kill()
        proc.wait()
        found = check_run(killed)
        problems += [f"kill {k + 1}: {p}" for p in found]
        log(
            f"kill {k + 1}/{kills}: last.pt at episode {_episode_of(killed)}"
            f"{'' if not found else '  PROBLEM: ' + '; '.join(found)}"
        )
        if _episode_of(killed) >= (config or CONFIG)["episodes"]:
            log("  the run finished between two kills; starting it afresh")
            shutil.rmtree(killed)
    final = _train(cfg_path, killed, resume=(killed / "checkpoints" / "last.pt").exists())
    _, err = final.communicate(timeout=1800)
    if final.returncode != 0:
        return problems + [f"the final resume failed: {err.decode()[-500:]}"]
    problems += compare_runs(reference, killed)
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--episodes",
        type=int,
        default=3000,
        help="length of the run (long enough that the kills land inside it)",
    )
    ap.add_argument("--out", type=Path, help="keep the runs here (default: a temp folder)")
    args = ap.parse_args()
    root = args.out or Path(tempfile.mkdtemp(prefix="crash-loop-"))
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    problems = crash_loop(args.kills, args.seed, root, {**CONFIG, "episodes": args.episodes})
    print(
        f"{args.kills} kills in {time.perf_counter() - started:.0f} s: "
        + (
            "every checkpoint verified and loaded, metrics parsed, and the resumed run "
            "equals the uninterrupted one"
            if not problems
            else f"{len(problems)} problems"
        )
    )
    for p in problems:
        print(f"  {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
