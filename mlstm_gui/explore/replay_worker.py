"""Replay, classification and image loading off the GUI thread.

A `ReplayWorker` (QObject) lives in its own QThread and runs one job at a time, handed over by a
queued signal. Jobs and results hold only immutable data: NumPy arrays, frozen dataclasses,
strings. The weights it uses are copies (`ModelSnapshot`: a checkpoint's tensors, or a copy of
the live run's meta-learner taken in the training thread between episodes by `LiveSnapshots`),
so a replay never touches the meta-learner that training updates."""
from __future__ import annotations

import logging
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import torch
from PySide6.QtCore import QObject, QThread, Qt, Signal, Slot

from engine.config import Config
from engine.data.episodes import (ROTATION_SUFFIX, Episode, Preprocessing, SplitData, gather_rotated,
                             to_float_tensor)
from engine.errors import DataError, EngineError

log = logging.getLogger("mlstm.gui.replay")
THUMB = 64  # thumbnail size of try-it images


# ---------------------------------------------------------------------------- data
def _frozen(a: np.ndarray) -> np.ndarray:
    a = np.ascontiguousarray(a)
    a.flags.writeable = False
    return a


@dataclass(frozen=True)
class ModelSnapshot:
    """Weights to adapt with: `state` is a copy of a meta-learner's state_dict as NumPy."""

    label: str  # what the user reads: "run demo @ episode 30", a checkpoint's file name
    config: Config
    preprocessing: Preprocessing
    state: Mapping[str, np.ndarray]
    episode: int
    key: str  # identifies these exact weights (the worker caches built models by it)
    path: Optional[str] = None


def snapshot_of(meta: torch.nn.Module, config: Config, preprocessing: Preprocessing, episode: int,
                label: str, key: str, path: Optional[str] = None) -> ModelSnapshot:
    """Copy a meta-learner's weights (call in the thread that owns it)."""
    state = {k: _frozen(v.detach().cpu().numpy().copy()) for k, v in meta.state_dict().items()}
    return ModelSnapshot(label, config, preprocessing, state, episode, key, path)


@dataclass(frozen=True)
class PickedEpisode:
    """An episode as uint8 images (class-major) plus where it came from."""

    origin: str
    split: str
    class_names: tuple[str, ...]
    support_images: np.ndarray  # (N*K, H, W, C) uint8
    support_y: np.ndarray  # (N*K,)
    query_images: np.ndarray  # (N*Q, H, W, C)
    query_y: np.ndarray

    @property
    def way(self) -> int:
        return len(self.class_names)

    @property
    def image_shape(self) -> tuple[int, ...]:
        return tuple(self.support_images.shape[1:])

    def to_episode(self) -> Episode:
        return Episode(to_float_tensor(self.support_images),
                       torch.from_numpy(self.support_y.copy()),
                       to_float_tensor(self.query_images), torch.from_numpy(self.query_y.copy()),
                       list(self.class_names), np.zeros(0, np.int64), np.zeros(0, np.int64),
                       np.zeros(self.way, np.int64), self.split)


def picked_from_indices(data: SplitData, split: str, class_names: Sequence[str],
                        support_index: np.ndarray, query_index: np.ndarray,
                        rotations: np.ndarray, origin: str) -> PickedEpisode:
    """Rebuild an episode from image indices and quarter turns, exactly as the sampler built it
    (class-major, K and Q images per class, each class's images rotated alike)."""
    way = len(class_names)
    k, q = len(support_index) // way, len(query_index) // way
    rot = np.asarray(rotations if len(rotations) == way else np.zeros(way), dtype=np.int64)

    def take(index: np.ndarray, per: int) -> np.ndarray:
        imgs = gather_rotated(data, np.asarray(index).reshape(way, per), rot)
        return _frozen(imgs.reshape(way * per, *data.image_shape))

    labels = np.arange(way, dtype=np.int64)
    return PickedEpisode(origin, split, tuple(class_names), take(support_index, k),
                         _frozen(labels.repeat(k)), take(query_index, q), _frozen(labels.repeat(q)))


def episode_names(data: SplitData, classes: Sequence[int], rotations: Sequence[int]) -> list[str]:
    return [data.class_names[c] + ROTATION_SUFFIX[int(r)] for c, r in zip(classes, rotations)]


@dataclass(frozen=True)
class ReplayResult:
    token: int
    trace: Any  # engine.inference.trace.AdaptationTrace (frozen, NumPy arrays)
    episode: PickedEpisode
    model_label: str
    seconds: float


@dataclass(frozen=True)
class ClassifyRequest:
    """Files per class (support, in order), labelled and unlabelled query files."""

    class_names: tuple[str, ...]
    support_files: tuple[tuple[str, ...], ...]
    query_files: tuple[str, ...]
    query_labels: tuple[Optional[str], ...]  # None: an unlabelled query
    choice: Any = None  # engine.inference.shipped.ModelChoice when a default shipped pick chose the model
    head: str = "grouped"  # head rule (engine/model/predict.py)


@dataclass(frozen=True)
class ClassifyOutcome:
    token: int
    result: Any  # engine.inference.classify.ClassifyResult
    query_files: tuple[str, ...]  # kept (decodable) queries, aligned with result.predictions
    query_inputs: np.ndarray  # (Q, H, W, C) uint8: what the model saw
    model_label: str
    invert: bool
    seconds: float


@dataclass(frozen=True)
class Thumbnails:
    token: int
    files: tuple[str, ...]  # the usable images, in the order given
    images: tuple[np.ndarray, ...]  # THUMB x THUMB RGB thumbnails
    notes: tuple[str, ...]  # one line per skipped file, naming it


@dataclass(frozen=True)
class LoadedData:
    token: int
    snapshot: Optional[ModelSnapshot]  # set when a checkpoint was opened
    splits: Optional[Mapping[str, SplitData]]
    note: str = ""


@dataclass
class _Job:
    kind: str
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

    @Slot(object)
    def run_job(self, job: _Job) -> None:
        self.busy.emit(True)
        try:
            # One thread: replays take a fraction of a second, and a second OpenMP team alive
            # beside the training worker's would slow training (see prepare_engine).
            torch.set_num_threads(self.threads)
            getattr(self, f"_{job.kind}")(job.token, *job.args)
        except EngineError as exc:
            self._fail(job.token, str(exc))
        except Exception as exc:  # noqa: BLE001 - a bug must reach the user, not kill the thread
            log.error("%s failed:\n%s", job.kind, traceback.format_exc())
            self._fail(job.token, f"{job.kind} failed: {type(exc).__name__}: {exc}")
        finally:
            self.busy.emit(False)

    def _fail(self, token: int, text: str) -> None:
        self.job_failed.emit(token, text)
        self.failed.emit(text)

    def _model(self, snap: ModelSnapshot) -> tuple[Any, Any]:
        """(learner, meta) built from the snapshot once, kept for the last two snapshots."""
        if snap.key not in self._models:
            from engine.io.checkpoint import build_models
            learner, meta = build_models(snap.config)
            try:
                meta.load_state_dict({k: torch.from_numpy(np.array(v))
                                      for k, v in snap.state.items()})
            except (RuntimeError, KeyError) as exc:
                raise DataError(f"{snap.label}: weights do not fit its config "
                                f"({str(exc).splitlines()[0][:160]})") from None
            meta.eval()
            while len(self._models) >= 2:
                self._models.pop(next(iter(self._models)))
            self._models[snap.key] = (learner, meta)
        return self._models[snap.key]

    @staticmethod
    def _check_shape(snap: ModelSnapshot, shape: tuple[int, ...], what: str) -> None:
        p = snap.preprocessing
        if tuple(shape) != (p.size, p.size, p.channels):
            raise DataError(f"{what} has {shape[0]}x{shape[1]}x{shape[2]} images but "
                            f"{snap.label} expects {p.size}x{p.size}x{p.channels}: pick an "
                            f"episode from its data")

    def _replay(self, token: int, snap: ModelSnapshot, picked: PickedEpisode,
                transductive: bool) -> None:
        from engine.inference.trace import trace_episode
        self._check_shape(snap, picked.image_shape, "the episode")
        started = time.perf_counter()
        learner, meta = self._model(snap)
        trace = trace_episode(meta, learner, picked.to_episode(), snap.config.inner_steps,
                              transductive)
        self.traced.emit(ReplayResult(token, trace, picked, snap.label,
                                      time.perf_counter() - started))

    def _classify(self, token: int, snap: ModelSnapshot, req: ClassifyRequest) -> None:
        from engine.io.checkpoint import LoadedModel
        from engine.inference.classify import classify_arrays
        from engine.data.images import decode_many
        started = time.perf_counter()
        p = snap.preprocessing
        learner, meta = self._model(snap)
        model = LoadedModel(Path(snap.path or snap.label), snap.config, p, learner, meta, {})
        notes: list[str] = []
        support = []
        for name, files in zip(req.class_names, req.support_files):
            imgs, _, bad = decode_many(list(files), p.size, p.channels, p.invert)
            notes += bad
            if len(imgs) == 0:
                raise DataError(f"class '{name}' has no usable support images")
            support.append(imgs)
        queries, ok, bad = decode_many(list(req.query_files), p.size, p.channels, p.invert)
        notes += bad
        kept = tuple(f for f, good in zip(req.query_files, ok) if good)
        labels = [lab for lab, good in zip(req.query_labels, ok) if good]
        result = classify_arrays(model, support, list(req.class_names), queries, list(kept),
                                 labels, notes, req.head, req.choice,
                                 "selected in the Explore dock's model list")
        self.classified.emit(ClassifyOutcome(token, result, kept, _frozen(queries), snap.label,
                                             p.invert, time.perf_counter() - started))

    def _thumbs(self, token: int, files: Sequence[str]) -> None:
        from engine.data.images import IMAGE_EXTENSIONS, load_image
        good, images, notes = [], [], []
        for f in files:
            if Path(f).suffix.lower() not in IMAGE_EXTENSIONS:
                notes.append(f"not an image file (by its extension): {f}")
                continue
            try:
                images.append(_frozen(load_image(f, THUMB, 3, False)))
            except DataError as exc:
                notes.append(str(exc))
                continue
            good.append(f)
        self.thumbnails.emit(Thumbnails(token, tuple(good), tuple(images), tuple(notes)))

    def _open(self, token: int, path: str, with_data: bool) -> None:
        from engine.io.checkpoint import load_model
        try:  # before loading: a followed run may replace the file meanwhile
            version = Path(path).stat().st_mtime_ns
        except OSError:
            version = 0  # load_model says clearly what is wrong with the path
        model = load_model(path)
        snap = snapshot_of(model.meta, model.config, model.preprocessing,
                           int((model.bundle.get("trainer") or {}).get("episode", 0)),
                           Path(path).name, f"file:{path}:{version}", path)
        splits, note = None, ""
        if with_data:
            splits, note = self._splits(model.config)
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

    def _job(self, kind: str, *args: Any) -> int:
        self._token += 1
        self._submit.emit(_Job(kind, self._token, args))
        return self._token

    def replay(self, snap: ModelSnapshot, picked: PickedEpisode, transductive: bool = False) -> int:
        return self._job("replay", snap, picked, transductive)

    def classify(self, snap: ModelSnapshot, request: ClassifyRequest) -> int:
        return self._job("classify", snap, request)

    def thumbs(self, files: Sequence[str]) -> int:
        return self._job("thumbs", tuple(str(f) for f in files))

    def open_checkpoint(self, path: str, with_data: bool = True) -> int:
        return self._job("open", str(path), with_data)

    def load_data(self, config: Config) -> int:
        return self._job("data", config)

    def close(self, timeout_ms: int = 30_000) -> bool:
        """Finish the current job, drop queued ones, and join the thread."""
        if self.thread.isRunning():
            self.thread.quit()
            return bool(self.thread.wait(timeout_ms))
        return True


# ---------------------------------------------------------------------------- live run copies
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
        self._worker: Optional[QObject] = None
        self._runs = 0

    def attach(self, worker: QObject) -> None:
        """Follow a TrainingWorker (before its thread starts, to get the first copy)."""
        direct = Qt.ConnectionType.DirectConnection
        with self._lock:
            self._worker = worker
            self._runs += 1
        worker.ready.connect(lambda _info: self._take(worker), direct)
        worker.state_changed.connect(lambda state: self._on_state(worker, state), direct)
        worker.episode_done.connect(lambda _r: self._on_episode(worker), direct)

    def _on_state(self, worker: QObject, state: str) -> None:
        if state in ("paused", "stopped", "finished"):
            self._take(worker)

    def _on_episode(self, worker: QObject) -> None:
        if getattr(worker, "state", "") == "paused":  # a Step while paused
            self._take(worker)

    def _take(self, worker: QObject) -> None:
        trainer = getattr(worker, "trainer", None)
        if trainer is None:
            return
        cfg = trainer.config
        snap = snapshot_of(trainer.meta, cfg, trainer.preprocessing, trainer.episode,
                           f"run '{cfg.name}' @ episode {trainer.episode}",
                           f"run{self._runs}:{trainer.episode}:{time.monotonic_ns()}")
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
