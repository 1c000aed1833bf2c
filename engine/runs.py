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
        kept = [line for line in self.metrics_path.read_text().splitlines()
                if line.strip() and json.loads(line).get("episode", 0) <= episode]
        self._write(self.metrics_path, "".join(line + "\n" for line in kept), mode="w")

    def append_metrics(self, record: dict[str, Any]) -> None:
        self._write(self.metrics_path, json.dumps(record) + "\n", mode="a")

    def _write(self, path: Path, text: str, mode: str) -> None:
        try:
            with open(path, mode) as fh:
                fh.write(text)
                fh.flush()
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
