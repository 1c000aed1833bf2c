"""A full disk and read-only folders: a clear message naming the file, the last good
checkpoint intact and resumable. On a real tiny filesystem (a tmpfs mounted for the test,
where this machine allows it) and by an injected ENOSPC everywhere else."""

import errno
import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine.cli import main
from engine.config import Config
from engine.io.checkpoint import read_checkpoint

REPO = Path(__file__).resolve().parents[3]
TINY = dict(
    name="disk",
    dataset="synthetic",
    filters=4,
    hidden=4,
    inner_steps=2,
    way=3,
    shot=1,
    query=2,
    episodes=4000,
    val_interval=50,
    val_episodes=3,
    checkpoint_interval=5,
    rotations=False,
    threads=1,
)


def _mount(path: Path, options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    return done.returncode == 0


@pytest.fixture
def tiny_disk(tmp_path):
    """A 400 kB filesystem, or a skip where mounting is not allowed."""
    mount = tmp_path / "tiny"
    if not sys.platform.startswith("linux") or not _mount(mount, "size=400k"):
        pytest.skip("cannot mount a tmpfs here (needs root); the injected ENOSPC test runs")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_training_into_a_full_disk_says_so_and_keeps_the_last_checkpoint(tiny_disk, tmp_path):
    config = tmp_path / "disk.yaml"
    config.write_text(json.dumps(TINY), encoding="utf-8")
    out = tiny_disk / "run"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "train",
            "--config",
            str(config),
            "--out",
            str(out),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    last_line = done.stderr.strip().splitlines()[-1]
    assert last_line.startswith("error: cannot write ") and "No space left on device" in last_line
    assert "Traceback" not in done.stderr
    saved = read_checkpoint(out / "checkpoints" / "last.pt")  # verifies: intact
    assert saved["trainer"]["episode"] >= 5
    # the work is not lost: with room again, the run resumes from that checkpoint
    subprocess.run(["mount", "-o", "remount,size=20m", str(tiny_disk)], check=True)
    again = subprocess.run(
        [
            sys.executable,
            str(REPO / "main.py"),
            "train",
            "--config",
            str(config),
            "--episodes",
            str(saved["trainer"]["episode"] + 3),
            "--out",
            str(out),
            "--quiet",
            "--resume",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr[-2000:]


def test_an_injected_enospc_on_the_metrics_keeps_the_last_checkpoint(tmp_path, monkeypatch, capsys):
    config = tmp_path / "disk.yaml"
    Config(**{**TINY, "episodes": 40}).save(config)
    from engine.io import runs

    appends = {"n": 0}

    def filling_open(path, mode="r", *args, **kwargs):
        """The run directory's text writes, on a disk that fills after 12 metrics lines."""
        if "a" in mode:
            appends["n"] += 1
            if appends["n"] > 12:
                raise OSError(errno.ENOSPC, "No space left on device")
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(runs, "open", filling_open, raising=False)
    out = tmp_path / "run"
    assert main(["train", "--config", str(config), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "No space left on device" in err
    assert read_checkpoint(out / "checkpoints" / "last.pt")["trainer"]["episode"] >= 5


@pytest.fixture
def read_only(tmp_path):
    folder = tmp_path / "ro"
    if not sys.platform.startswith("linux") or not _mount(folder, "ro,size=64k"):
        pytest.skip("cannot mount a read-only tmpfs here (needs root)")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def test_a_read_only_run_directory_is_one_clear_line(read_only, tmp_path, capsys):
    config = tmp_path / "disk.yaml"
    Config(**{**TINY, "episodes": 3}).save(config)
    assert main(["train", "--config", str(config), "--out", str(read_only / "run"), "--quiet"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"error: cannot write to run directory {read_only / 'run'}")
    assert "Read-only file system" in err[-1]


def test_a_read_only_home_uses_a_temporary_cache_with_a_note(
    read_only, tmp_path, monkeypatch, caplog
):
    """HOME on a read-only filesystem and no cache variables: the decoded-image cache moves
    to a temporary folder with a note, and reads come back from there."""
    import numpy as np

    from engine.data import datacache

    for var in ("MLSTM_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(read_only))
    monkeypatch.setattr(datacache, "_fallback_dir", lambda: tmp_path / "temporary-cache")
    monkeypatch.setattr(datacache, "_FALLBACK", {})
    arrays = {"images": np.arange(12, dtype=np.uint8)}
    path = datacache.save("omniglot", "k", arrays)
    assert path == tmp_path / "temporary-cache" / "omniglot-k.npz"
    assert "cannot be written (Read-only file system)" in caplog.text
    assert np.array_equal(datacache.load("omniglot", "k")["images"], arrays["images"])
