"""Replay, classification and image loading off the GUI thread.

A `ReplayWorker` (QObject) lives in its own QThread and runs one job at a time, handed over by a
queued signal. Jobs and results hold only immutable data: NumPy arrays, frozen dataclasses,
strings. The weights it uses are copies (`ModelSnapshot`: a checkpoint's tensors, or a copy of
the live run's meta-learner taken in the training thread between episodes by `LiveSnapshots`),
so a replay never touches the meta-learner that training updates."""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, Callable, Mapping, Optional, Sequence

import numpy as np
import torch
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from engine.config import Config
from engine.data.episodes import (
    SplitData,
)
from engine.errors import DataError, EngineError
from mlstm_gui.explore.jobs import (
    THUMB,
    ClassifyOutcome,
    ClassifyRequest,
    LoadedData,
    ModelSnapshot,
    PickedEpisode,
    ReplayResult,
    Thumbnails,
    _frozen,
    snapshot_of_file,
)

log = logging.getLogger("mlstm.gui.replay")


class JobKind(Enum):
    """The jobs the worker runs; each has one handler and one result signal."""

    REPLAY = "replay"  # -> traced(ReplayResult)
    CLASSIFY = "classify"  # -> classified(ClassifyOutcome)
    THUMBS = "thumbs"  # -> thumbnails(Thumbnails)
    OPEN = "open"  # -> loaded(LoadedData), with a snapshot
    DATA = "data"  # -> loaded(LoadedData), data only


@dataclass(frozen=True)
class _Job:
    kind: JobKind
    token: int
    args: tuple = field(default_factory=tuple)


# ---------------------------------------------------------------------------- the worker
class ReplayWorker(QObject):
    """Runs jobs in its thread; every job ends with its result signal or `failed`."""

    traced = Signal(object)  # ReplayResult
    classified = Signal(object)  # ClassifyOutcome
    thumbnails = Signal(object)  # Thumbnails
    loaded = Signal(object)  # LoadedData
    failed = Signal(str)  # readable message
    job_failed = Signal(int, str)  # token, message: lets the panel that asked reset itself
    busy = Signal(bool)

    def __init__(self, threads: Optional[int] = None) -> None:
        super().__init__()
        self.threads = threads or 1
        self._models: dict[str, tuple[Any, Any]] = {}
        self._handlers: dict[JobKind, Callable[..., None]] = {
            JobKind.REPLAY: self._replay,
            JobKind.CLASSIFY: self._classify,
            JobKind.THUMBS: self._thumbs,
            JobKind.OPEN: self._open,
            JobKind.DATA: self._data,
        }

    @Slot(object)
    def run_job(self, job: _Job) -> None:
        self.busy.emit(True)
        try:
            # One thread: replays take a fraction of a second, and a second OpenMP team alive
            # beside the training worker's would slow training (see prepare_engine).
            torch.set_num_threads(self.threads)
            self._handlers[job.kind](job.token, *job.args)
        except EngineError as exc:
            self._fail(job.token, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must reach the user, not kill the thread
            log.error("%s failed:\n%s", job.kind.value, traceback.format_exc())
            self._fail(job.token, f"{job.kind.value} failed: {type(exc).__name__}: {exc}")
        finally:
            self.busy.emit(False)

    def _fail(self, token: int, text: str) -> None:
        self.job_failed.emit(token, text)
        self.failed.emit(text)

    def _model(self, snap: ModelSnapshot) -> tuple[Any, Any]:
        """(learner, meta) built from the snapshot once, kept for the last two snapshots."""
        if snap.key not in self._models:
            from engine.io.checkpoint import model_from_state

            state = {k: torch.from_numpy(np.array(v)) for k, v in snap.state.items()}
            learner, meta = model_from_state(snap.config, state, snap.label)
            while len(self._models) >= 2:
                self._models.pop(next(iter(self._models)))
            self._models[snap.key] = (learner, meta)
        return self._models[snap.key]

    @staticmethod
    def _check_shape(snap: ModelSnapshot, shape: tuple[int, ...], what: str) -> None:
        p = snap.preprocessing
        if tuple(shape) != (p.size, p.size, p.channels):
            raise DataError(
                f"{what} has {shape[0]}x{shape[1]}x{shape[2]} images but "
                f"{snap.label} expects {p.size}x{p.size}x{p.channels}: pick an "
                f"episode from its data"
            )

    def _replay(
        self, token: int, snap: ModelSnapshot, picked: PickedEpisode, transductive: bool
    ) -> None:
        from engine.inference.trace import trace_episode

        self._check_shape(snap, picked.image_shape, "the episode")
        started = time.perf_counter()
        learner, meta = self._model(snap)
        trace = trace_episode(
            meta, learner, picked.to_episode(), snap.config.inner_steps, transductive
        )
        self.traced.emit(
            ReplayResult(token, trace, picked, snap.label, time.perf_counter() - started)
        )

    def _classify(self, token: int, snap: ModelSnapshot, req: ClassifyRequest) -> None:
        from engine.inference.classify import classify_files
        from engine.io.checkpoint import LoadedModel

        started = time.perf_counter()
        p = snap.preprocessing
        learner, meta = self._model(snap)
        model = LoadedModel(Path(snap.path or snap.label), snap.config, p, learner, meta)
        result = classify_files(
            model,
            req.class_names,
            req.support_files,
            req.query_files,
            req.query_labels,
            head=req.head,
            choice=req.choice,
            picked_by="selected in the Explore dock's model list",
        )
        assert result.inputs is not None
        kept = tuple(pred.name for pred in result.predictions)
        self.classified.emit(
            ClassifyOutcome(
                token,
                result,
                kept,
                _frozen(result.inputs),
                snap.label,
                p.invert,
                time.perf_counter() - started,
            )
        )

    def _thumbs(self, token: int, files: Sequence[str]) -> None:
        from engine.data.images import image_paths, load_image

        good, images = [], []
        notes: list[str] = []
        named = set(image_paths([Path(f) for f in files], notes))
        for f in files:
            if Path(f) not in named:
                continue  # noted above: not an image file by its extension
            try:
                images.append(_frozen(load_image(f, THUMB, 3, False)))
            except DataError as exc:
                notes.append(str(exc))
                continue
            good.append(f)
        self.thumbnails.emit(Thumbnails(token, tuple(good), tuple(images), tuple(notes)))

    def _open(self, token: int, path: str, with_data: bool) -> None:
        snap, config = snapshot_of_file(path)
        splits, note = None, ""
        if with_data:
            splits, note = self._splits(config)
        self.loaded.emit(LoadedData(token, snap, splits, note))

    def _data(self, token: int, config: Config) -> None:
        splits, note = self._splits(config)
        self.loaded.emit(LoadedData(token, None, splits, note))

    @staticmethod
    def _splits(config: Config) -> tuple[Optional[Mapping[str, SplitData]], str]:
        from engine.data.datasets import load_splits

        try:
            splits, _ = load_splits(config)
        except EngineError as exc:
            return None, f"episodes cannot be drawn: the model's data is unavailable ({exc})"
        return {k: v for k, v in splits.items() if len(v)}, ""


class ReplayService(QObject):
    """The GUI side: owns the worker's thread; submit jobs, connect to the worker's signals,
    `close()` to join the thread."""

    _submit = Signal(object)

    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.worker = ReplayWorker()
        self.thread = QThread()
        self.thread.setObjectName("mlstm-replay")
        self.worker.moveToThread(self.thread)
        self._submit.connect(self.worker.run_job, Qt.ConnectionType.QueuedConnection)
        self._token = 0
        self.thread.start()

    def _job(self, kind: JobKind, *args: Any) -> int:
        self._token += 1
        self._submit.emit(_Job(kind, self._token, args))
        return self._token

    def replay(self, snap: ModelSnapshot, picked: PickedEpisode, transductive: bool = False) -> int:
        return self._job(JobKind.REPLAY, snap, picked, transductive)

    def classify(self, snap: ModelSnapshot, request: ClassifyRequest) -> int:
        return self._job(JobKind.CLASSIFY, snap, request)

    def thumbs(self, files: Sequence[str]) -> int:
        return self._job(JobKind.THUMBS, tuple(str(f) for f in files))

    def open_checkpoint(self, path: str, with_data: bool = True) -> int:
        return self._job(JobKind.OPEN, str(path), with_data)

    def load_data(self, config: Config) -> int:
        return self._job(JobKind.DATA, config)

    def close(self, timeout_ms: int = 30_000) -> bool:
        """Finish the current job, drop queued ones, and join the thread."""
        if self.thread.isRunning():
            self.thread.quit()
            return bool(self.thread.wait(timeout_ms))
        return True


# ---------------------------------------------------------------------------- live run copies
