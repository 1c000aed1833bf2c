"""A run directory: config.yaml, metrics.jsonl and checkpoints/{last,best}.pt.

The same layout for the CLI, the GUI and (later) multi-process runs, so any of them can be
followed or resumed by the others."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
from pathlib import Path
from typing import Any

from engine.config import Config
from engine.errors import RunDirError


def new_run_dir(name: str, root: Path) -> Path:
    """A fresh, not yet existing run folder in root named <timestamp>-<config name>: the
    one naming of the CLI and the app, sorting by time."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-") or "run"
    path, n = root / f"{stamp}-{safe}", 1
    while path.exists():
        n += 1
        path = root / f"{stamp}-{safe}-{n}"
    return path


class RunDir:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    @property
    def config_path(self) -> Path:
        return self.root / "config.yaml"

    @property
    def metrics_path(self) -> Path:
        return self.root / "metrics.jsonl"

    def checkpoint(self, kind: str) -> Path:
        return self.root / "checkpoints" / f"{kind}.pt"

    def prepare(self, config: Config, resume: bool) -> None:
        """Create the folders and write config.yaml; fail early and clearly if unwritable."""
        try:
            (self.root / "checkpoints").mkdir(parents=True, exist_ok=True)
            for stale in (self.root / "checkpoints").glob(".*.tmp"):
                stale.unlink()  # a write a crash (kill -9, power) cut short; never a checkpoint
            probe = self.root / ".write-test"
            probe.write_text("ok", encoding="utf-8")
            probe.unlink()
            if not resume:
                config.save(self.config_path)
                self.metrics_path.write_text("", encoding="utf-8")
        except OSError as exc:
            raise RunDirError(
                f"cannot write to run directory {self.root}: {exc.strerror or exc}"
            ) from None

    def truncate_metrics(self, episode: int) -> None:
        """On resume, drop lines written after the checkpoint so metrics match the run."""
        if not self.metrics_path.exists():
            return
        kept = [
            json.dumps(r) for r in read_metrics(self.metrics_path) if r.get("episode", 0) <= episode
        ]
        tmp = self.metrics_path.with_suffix(".jsonl.tmp")
        self._write(tmp, "".join(line + "\n" for line in kept), mode="w", sync=True)
        try:
            os.replace(tmp, self.metrics_path)  # a crash mid-rewrite keeps the old file
        except OSError as exc:
            raise RunDirError(f"cannot write {self.metrics_path}: {exc.strerror or exc}") from None

    def append_metrics(self, record: dict[str, Any]) -> None:
        """Flushed at once (followers see it) but not fsynced: that would cost every episode
        a disk round trip; a crash loses at most the lines after the last checkpoint, which
        resume truncates anyway."""
        self._write(self.metrics_path, json.dumps(record) + "\n", mode="a", sync=False)

    def _write(self, path: Path, text: str, mode: str, sync: bool) -> None:
        try:
            with open(path, mode, encoding="utf-8") as fh:
                fh.write(text)
                fh.flush()
                if sync:
                    os.fsync(fh.fileno())
        except OSError as exc:
            raise RunDirError(f"cannot write {path}: {exc.strerror or exc}") from None


def read_metrics(path: Path | str) -> list[dict[str, Any]]:
    """All complete records of a metrics.jsonl (a partly written last line is ignored)."""
    return MetricsTail(path).read()[0]


class MetricsTail:
    """Reads what was appended to a metrics.jsonl since the last call, for following a run that
    another process (or machine, over a share) is writing. Opens the file read-only and never
    writes anything into the run.

    A last line without its newline is still being written: it is left for the next call. When
    the file shrinks or is replaced (a resumed run rewrites it), `read()` starts over and says
    so, and the caller rebuilds what it showed."""

    HEAD = 256  # bytes compared to notice a file rewritten in place (same inode, same size+)

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.offset = 0
        self._identity: tuple[int, int] | None = None  # (device, inode) of the file read
        self._head = b""  # its first bytes, as read

    def read(self) -> tuple[list[dict[str, Any]], bool]:
        """(new complete records, restarted): restarted means they replace all earlier ones."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return [], False
        except OSError as exc:
            raise RunDirError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        identity = (stat.st_dev, stat.st_ino)
        try:
            with open(self.path, "rb") as fh:
                head = fh.read(self.HEAD)
                restarted = self._identity is not None and (
                    identity != self._identity
                    or stat.st_size < self.offset
                    or head[: len(self._head)] != self._head
                )
                if restarted or self._identity is None:
                    self.offset, self._identity = 0, identity
                if len(head) > len(self._head) or restarted:
                    self._head = head
                if stat.st_size == self.offset:
                    return [], restarted
                fh.seek(self.offset)
                chunk = fh.read(stat.st_size - self.offset)
        except OSError as exc:
            raise RunDirError(f"cannot read {self.path}: {exc.strerror or exc}") from None
        end = chunk.rfind(b"\n")
        if end < 0:
            return [], restarted  # only a partial line so far
        self.offset += end + 1
        out = []
        for line in chunk[:end].splitlines():
            try:
                record = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError):
                continue  # a damaged line: skip it rather than refuse the run
            if isinstance(record, dict):
                out.append(record)
        return out, restarted
