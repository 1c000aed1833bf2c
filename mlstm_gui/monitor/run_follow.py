"""Following a run folder that another process writes (a headless `main.py train`, a torchrun
job, a run on a mounted share or one being copied over): new metrics.jsonl lines and each new
checkpoints/last.pt are reported within POLL_MS. Polling, not file-system notifications:
those do not reach across network shares. Nothing here ever writes into the run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QObject, QTimer, Signal

from engine.errors import EngineError
from engine.io.runs import MetricsTail, RunDir
from mlstm_gui.common.engine_text import engine_text

POLL_MS = 250  # new lines reach the plots well within a second


class RunFollower(QObject):
    """Polls one run folder from the GUI thread (a stat and the new bytes: well under 1 ms)."""

    records = Signal(list, bool)  # (new records, restarted: they replace all earlier ones)
    checkpoint = Signal(str)  # path of a new or rewritten checkpoints/last.pt
    failed = Signal(str)

    def __init__(self, folder: Path | str, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self.run = RunDir(self.folder)
        self.tail = MetricsTail(self.run.metrics_path)
        self._checkpoint_seen: Optional[tuple[int, int]] = None
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.poll)

    @property
    def active(self) -> bool:
        return self.timer.isActive()

    def start(self) -> None:
        self.timer.start()
        self.poll()

    def stop(self) -> None:
        self.timer.stop()

    def poll(self) -> None:
        try:
            records, restarted = self.tail.read()
        except EngineError as exc:
            self.stop()
            self.failed.emit(engine_text(exc))
            return
        if records or restarted:
            self.records.emit(records, restarted)
        path = self.run.checkpoint("last")
        try:
            stat = os.stat(path)
        except OSError:
            return  # none yet (or unreadable for now): look again next time
        seen = (stat.st_mtime_ns, stat.st_ino)
        if seen != self._checkpoint_seen:
            self._checkpoint_seen = seen
            self.checkpoint.emit(str(path))
