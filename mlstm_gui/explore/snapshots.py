"""Copies of the live run's meta-learner for replay and try-it, taken in the training thread
while the trainer rests (paused, stopped, finished, or after a Step), so a replay never
touches the weights that training updates."""

from __future__ import annotations

import threading
import time
from typing import Any, Mapping, Optional, Protocol

from PySide6.QtCore import Qt

from engine.data.episodes import (
    SplitData,
)
from mlstm_gui.common.states import WorkerState
from mlstm_gui.explore.jobs import ModelSnapshot, snapshot_of


class TrainingSource(Protocol):
    """What LiveSnapshots follows: the training worker's signals, its announced state and,
    while its loop runs, its trainer (read only while the trainer rests)."""

    ready: Any
    state_changed: Any
    episode_done: Any

    @property
    def state(self) -> Optional[WorkerState]: ...

    trainer: Optional[Any]


class LiveSnapshots:
    """Copies of a training run's meta-learner for replay and try-it.

    The copies are taken in the training thread (slots connected with DirectConnection), at
    moments when it is between episodes: when the trainer is ready, when the run pauses, stops
    or finishes, and after each single Step while paused. So the GUI never reads the live
    meta-learner, and a copy is never half-updated. While training runs freely no copy is
    taken (it would cost every episode)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snap: Optional[ModelSnapshot] = None
        self._splits: Optional[Mapping[str, SplitData]] = None
        self._worker: Optional[TrainingSource] = None
        self._runs = 0

    def attach(self, worker: TrainingSource) -> None:
        """Follow a TrainingWorker (before its thread starts, to get the first copy)."""
        direct = Qt.ConnectionType.DirectConnection
        with self._lock:
            self._worker = worker
            self._runs += 1
        worker.ready.connect(lambda _info: self._take(worker), direct)
        worker.state_changed.connect(lambda state: self._on_state(worker, state), direct)
        worker.episode_done.connect(lambda _r: self._on_episode(worker), direct)

    def _on_state(self, worker: TrainingSource, state: WorkerState) -> None:
        if state.resting:
            self._take(worker)

    def _on_episode(self, worker: TrainingSource) -> None:
        if worker.state is WorkerState.PAUSED:  # a Step while paused
            self._take(worker)

    def _take(self, worker: TrainingSource) -> None:
        trainer = worker.trainer
        if trainer is None:
            return
        cfg = trainer.config
        snap = snapshot_of(
            trainer.meta,
            cfg,
            trainer.preprocessing,
            trainer.episode,
            f"run '{cfg.name}' @ episode {trainer.episode}",
            f"run{self._runs}:{trainer.episode}:{time.monotonic_ns()}",
        )
        with self._lock:
            if worker is self._worker:
                self._snap = snap
                self._splits = trainer.splits

    def latest(self) -> Optional[ModelSnapshot]:
        with self._lock:
            return self._snap

    def splits(self) -> Optional[Mapping[str, SplitData]]:
        with self._lock:
            return self._splits
