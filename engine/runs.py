"""A run directory: config.yaml, metrics.jsonl and checkpoints/{last,best}.pt.

The same layout for the CLI, the GUI and (later) multi-process runs, so any of them can be
followed or resumed by the others."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from engine.config import Config
from engine.errors import RunDirError


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
            probe = self.root / ".write-test"
            probe.write_text("ok")
            probe.unlink()
            if not resume:
                config.save(self.config_path)
                self.metrics_path.write_text("")
        except OSError as exc:
            raise RunDirError(f"cannot write to run directory {self.root}: "
                              f"{exc.strerror or exc}") from None

    def truncate_metrics(self, episode: int) -> None:
        """On resume, drop lines written after the checkpoint so metrics match the run."""
        if not self.metrics_path.exists():
            return
        kept = [json.dumps(r) for r in read_metrics(self.metrics_path)
                if r.get("episode", 0) <= episode]
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
            with open(path, mode) as fh:
                fh.write(text)
                fh.flush()
                if sync:
                    os.fsync(fh.fileno())
        except OSError as exc:
            raise RunDirError(f"cannot write {path}: {exc.strerror or exc}") from None


def read_metrics(path: Path | str) -> list[dict[str, Any]]:
    """All complete records of a metrics.jsonl (a partly written last line is ignored)."""
    out = []
    for line in Path(path).read_text().splitlines():
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out
