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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

import numpy as np
import torch
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from engine.config import Config
from engine.data.episodes import (
    SplitData,
)
from engine.errors import DataError, EngineError
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.job_handle import Job, JobHandle, R
from mlstm_gui.explore.jobs import (
    THUMB,
    ClassifyJob,
    ClassifyOutcome,
    CompareJob,
    CompareResult,
    DataJob,
    LoadedData,
    ModelSnapshot,
    OpenJob,
    ReplayJob,
    ReplayResult,
    Thumbnails,
    ThumbsJob,
    _frozen,
    snapshot_of_file,
)

log = logging.getLogger("mlstm.gui.replay")


@dataclass(frozen=True)
class _Submitted:
    number: int  # the service's key for the job's handle
    job: Job[Any]


# ---------------------------------------------------------------------------- the worker
class ReplayWorker(QObject):
    """Runs jobs in its thread; every job ends with `finished(number, result)` or
    `job_failed(number, message)`, which the service hands to the job's handle."""

    finished = Signal(int, object)  # job number, the job's result type (see jobs.py)
    job_failed = Signal(int, str)  # job number, readable message
    busy = Signal(bool)

    def __init__(self, threads: Optional[int] = None) -> None:
        super().__init__()
        self.threads = threads or 1
        # (kind, perf_counter at its start) of the job running now, or None: read by the GUI
        # thread when a close times out, to name what held the thread
        self.running: Optional[tuple[str, float]] = None
        self._models: dict[str, tuple[Any, Any]] = {}
        self._pretrained: dict[str, Any] = {}  # snapshot key -> (PretrainedBody, Path) or None
        self._handlers: dict[type, Callable[[Any], object]] = {
            ReplayJob: self._replay,
            ClassifyJob: self._classify,
            CompareJob: self._compare,
            ThumbsJob: self._thumbs,
            OpenJob: self._open,
            DataJob: self._data,
        }

    @Slot(_Submitted)
    def run_job(self, submitted: _Submitted) -> None:
        job, number = submitted.job, submitted.number
        what = type(job).__name__.removesuffix("Job").lower()
        self.busy.emit(True)
        self.running = (what, time.perf_counter())
        try:
            # One thread: replays take a fraction of a second, and a second OpenMP team alive
            # beside the training worker's would slow training (see prepare_engine).
            torch.set_num_threads(self.threads)
            self.finished.emit(number, self._handlers[type(job)](job))
        except EngineError as exc:
            self.job_failed.emit(number, engine_text(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must reach the user, not kill the thread
            log.error("%s failed:\n%s", what, traceback.format_exc())
            self.job_failed.emit(number, f"{what} failed: {type(exc).__name__}: {exc}")
        finally:
            self.running = None
            self.busy.emit(False)

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

    def _replay(self, job: ReplayJob) -> ReplayResult:
        from engine.inference.features import episode_features, project
        from engine.inference.structure import structure_of
        from engine.inference.trace import trace_episode

        snap, picked = job.snapshot, job.episode
        self._check_shape(snap, picked.image_shape, "the episode")
        started = time.perf_counter()
        learner, meta = self._model(snap)
        episode = picked.to_episode()
        trace = trace_episode(meta, learner, episode, snap.config.inner_steps, job.transductive)
        seconds = time.perf_counter() - started  # the replay itself, as before
        features = episode_features(learner, trace.theta, episode, job.transductive)
        return ReplayResult(
            trace,
            picked,
            snap.label,
            seconds,
            projection=project(features),
            structure=structure_of(meta, learner, picked.way),
        )

    def _pretrained_for(self, snap: ModelSnapshot) -> Any:
        """(PretrainedBody, its file) for the baselines, or None: looked up once per model."""
        from engine.io.pretrained import find_pretrained

        if snap.key not in self._pretrained:
            while len(self._pretrained) >= 2:
                self._pretrained.pop(next(iter(self._pretrained)))
            self._pretrained[snap.key] = find_pretrained(snap.config, self._model(snap)[0])
        return self._pretrained[snap.key]

    def _compare(self, job: CompareJob) -> CompareResult:
        from engine.inference.compare import compare_episode
        from engine.model.methods import PRETRAINED

        snap, picked = job.snapshot, job.episode
        self._check_shape(snap, picked.image_shape, "the episode")
        started = time.perf_counter()
        learner, meta = self._model(snap)
        found = self._pretrained_for(snap) if set(job.methods) & set(PRETRAINED) else None
        methods = tuple(m for m in job.methods if found is not None or m not in PRETRAINED)
        skipped = tuple(
            f"{m}: no pretrained learner for this model's data (main.py eval --method {m} "
            f"makes one)"
            for m in job.methods
            if m not in methods
        )
        result = compare_episode(
            meta,
            learner,
            picked.to_episode(),
            methods,
            snap.config.inner_steps,
            pretrained=found[0] if found else None,
            transductive=job.transductive,
            seed=job.seed,
        )
        for trace in result.traces:  # results cross threads: nobody may write to them
            for value in vars(trace).values():
                if isinstance(value, np.ndarray):
                    value.flags.writeable = False
        return CompareResult(
            result,
            picked,
            snap.label,
            skipped,
            found[1].name if found else "",
            time.perf_counter() - started,
        )

    def _classify(self, job: ClassifyJob) -> ClassifyOutcome:
        from engine.inference.classify import classify_files
        from engine.io.checkpoint import LoadedModel

        snap, req = job.snapshot, job.request
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
        seconds = time.perf_counter() - started  # the meta-learner's classification alone
        return ClassifyOutcome(
            result,
            kept,
            _frozen(result.inputs),
            snap.label,
            p.invert,
            seconds,
            self._baselines(snap, result),
        )

    def _baselines(self, snap: ModelSnapshot, result: Any) -> tuple[Any, ...]:
        """nearest-neighbour and pixel-NN on the images the meta-learner was shown."""
        from engine.inference.nearest_scores import nearest_scores

        index = {c: k for k, c in enumerate(result.class_names)}
        labels = [index.get(p.label, -1) if p.label else -1 for p in result.predictions]
        if not result.support or max(labels, default=-1) < 0:
            return ()
        found = self._pretrained_for(snap)
        return nearest_scores(
            self._model(snap)[0],
            found[0] if found else None,
            result.support,
            result.inputs,
            labels,
            found[1].name if found else "",
        )

    def _thumbs(self, job: ThumbsJob) -> Thumbnails:
        from engine.data.images import image_paths, load_image

        good, images = [], []
        notes: list[str] = []
        named = set(image_paths([Path(f) for f in job.files], notes))
        for f in job.files:
            if Path(f) not in named:
                continue  # noted above: not an image file by its extension
            try:
                images.append(_frozen(load_image(f, THUMB, 3, False)))
            except DataError as exc:
                notes.append(engine_text(exc))
                continue
            good.append(f)
        return Thumbnails(tuple(good), tuple(images), tuple(notes))

    def _open(self, job: OpenJob) -> LoadedData:
        snap, config = snapshot_of_file(job.path)
        splits, note = None, ""
        if job.with_data:
            splits, note = self._splits(config)
        return LoadedData(snap, splits, note)

    def _data(self, job: DataJob) -> LoadedData:
        splits, note = self._splits(job.config)
        return LoadedData(None, splits, note)

    @staticmethod
    def _splits(config: Config) -> tuple[Optional[Mapping[str, SplitData]], str]:
        from engine.data.datasets import load_splits

        try:
            splits, _ = load_splits(config)
        except EngineError as exc:
            return None, f"episodes cannot be drawn: the model's data is unavailable ({exc})"
        return {k: v for k, v in splits.items() if len(v)}, ""


class ReplayService(QObject):
    """The GUI side: owns the worker's thread. `submit(job)` returns the job's typed handle,
    whose `finished`/`failed` fire in the GUI thread; `close()` joins the thread."""

    _submit = Signal(_Submitted)

    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self.worker = ReplayWorker()
        self.worker_thread = QThread()
        self.worker_thread.setObjectName("mlstm-replay")
        self.worker.moveToThread(self.worker_thread)
        queued = Qt.ConnectionType.QueuedConnection  # results arrive in the GUI thread
        self._submit.connect(self.worker.run_job, queued)
        self.worker.finished.connect(self._on_finished, queued)
        self.worker.job_failed.connect(self._on_failed, queued)
        self._handles: dict[int, JobHandle[Any]] = {}
        self._count = 0
        self.worker_thread.start()

    def submit(self, job: Job[R]) -> JobHandle[R]:
        handle: JobHandle[R] = JobHandle(job)
        self._count += 1
        self._handles[self._count] = handle
        self._submit.emit(_Submitted(self._count, job))
        return handle

    @Slot(int, object)
    def _on_finished(self, number: int, result: object) -> None:
        handle = self._handles.pop(number, None)
        if handle is not None:
            handle.deliver(result)

    @Slot(int, str)
    def _on_failed(self, number: int, message: str) -> None:
        handle = self._handles.pop(number, None)
        if handle is not None:
            handle.fail(message)

    def close(self, timeout_ms: int = 30_000) -> bool:
        """Finish the current job, drop queued ones, and join the thread."""
        if self.worker_thread.isRunning():
            self.worker_thread.quit()
            return bool(self.worker_thread.wait(timeout_ms))
        return True

    def still_running(self) -> str:
        """What keeps the thread busy, for a close that timed out: "a replay job, 31.2 s"."""
        running = self.worker.running
        if running is None:
            return "no job (the thread's event loop did not return)"
        what, started = running
        return f"a {what} job, running for {time.perf_counter() - started:.1f} s"


# ---------------------------------------------------------------------------- live run copies
