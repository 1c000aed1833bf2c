"""What the replay/classify thread is given and gives back: immutable data only (NumPy
arrays, frozen dataclasses, strings), so it crosses threads by queued signals. Views import
these types, never the worker module."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Sequence

import numpy as np
import torch

from engine.config import Config
from engine.data.episodes import (
    ROTATION_SUFFIX,
    Episode,
    Preprocessing,
    SplitData,
    gather_rotated,
    to_float_tensor,
)
from engine.inference.classify import ClassifyResult
from engine.inference.compare import Comparison
from engine.inference.features import Projection
from engine.inference.nearest_scores import BaselineScore
from engine.inference.structure import MetaStructure
from engine.inference.trace import AdaptationTrace
from mlstm_gui.common.job_handle import Job

THUMB = 64  # thumbnail size of try-it images


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


def snapshot_of(
    meta: torch.nn.Module,
    config: Config,
    preprocessing: Preprocessing,
    episode: int,
    label: str,
    key: str,
    path: Optional[str] = None,
) -> ModelSnapshot:
    """Copy a meta-learner's weights (call in the thread that owns it)."""
    state = {k: _frozen(v.detach().cpu().numpy().copy()) for k, v in meta.state_dict().items()}
    return ModelSnapshot(label, config, preprocessing, state, episode, key, path)


def snapshot_of_file(path: str) -> tuple[ModelSnapshot, Config]:
    """Load a checkpoint as a snapshot keyed by the file's version (its mtime, read before
    loading: a followed run may replace the file meanwhile). Raises the engine's error."""
    from engine.io.checkpoint import load_model

    try:
        version = Path(path).stat().st_mtime_ns
    except OSError:
        version = 0  # load_model says clearly what is wrong with the path
    model = load_model(path)
    episode = int((model.bundle.get("trainer") or {}).get("episode", 0))
    snap = snapshot_of(
        model.meta,
        model.config,
        model.preprocessing,
        episode,
        Path(path).name,
        f"file:{path}:{version}",
        path,
    )
    return snap, model.config


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
        return Episode(
            to_float_tensor(self.support_images),
            torch.from_numpy(self.support_y.copy()),
            to_float_tensor(self.query_images),
            torch.from_numpy(self.query_y.copy()),
            list(self.class_names),
            np.zeros(0, np.int64),
            np.zeros(0, np.int64),
            np.zeros(self.way, np.int64),
            self.split,
        )


def picked_from_indices(
    data: SplitData,
    split: str,
    class_names: Sequence[str],
    support_index: np.ndarray,
    query_index: np.ndarray,
    rotations: np.ndarray,
    origin: str,
) -> PickedEpisode:
    """Rebuild an episode from image indices and quarter turns, exactly as the sampler built it
    (class-major, K and Q images per class, each class's images rotated alike)."""
    way = len(class_names)
    k, q = len(support_index) // way, len(query_index) // way
    rot = np.asarray(rotations if len(rotations) == way else np.zeros(way), dtype=np.int64)

    def take(index: np.ndarray, per: int) -> np.ndarray:
        imgs = gather_rotated(data, np.asarray(index).reshape(way, per), rot)
        return _frozen(imgs.reshape(way * per, *data.image_shape))

    labels = np.arange(way, dtype=np.int64)
    return PickedEpisode(
        origin,
        split,
        tuple(class_names),
        take(support_index, k),
        _frozen(labels.repeat(k)),
        take(query_index, q),
        _frozen(labels.repeat(q)),
    )


def episode_names(data: SplitData, classes: Sequence[int], rotations: Sequence[int]) -> list[str]:
    return [data.class_names[c] + ROTATION_SUFFIX[int(r)] for c, r in zip(classes, rotations)]


@dataclass(frozen=True)
class ReplayResult:
    trace: AdaptationTrace  # frozen, NumPy arrays
    episode: PickedEpisode
    model_label: str
    seconds: float
    # for "How it works": the features' PCA plane per step, the meta-learner's anatomy
    projection: Optional[Projection] = None
    structure: Optional[MetaStructure] = None


@dataclass(frozen=True)
class CompareResult:
    """One episode adapted by the meta-learner and the methods asked for (frozen arrays)."""

    comparison: Comparison
    episode: PickedEpisode
    model_label: str
    skipped: tuple[str, ...]  # "method: why" for each method asked for that could not run
    pretrained: str  # the pretrained learner's file for finetune / nearest-neighbour, or ""
    seconds: float


@dataclass(frozen=True)
class ClassifyRequest:
    """Files per class (support, in order), labelled and unlabelled query files."""

    class_names: tuple[str, ...]
    support_files: tuple[tuple[str, ...], ...]
    query_files: tuple[str, ...]
    query_labels: tuple[Optional[str], ...]  # None: an unlabelled query
    choice: Any = (
        None  # engine.inference.shipped.ModelChoice when a default shipped pick chose the model
    )
    head: str = "grouped"  # head rule (engine/model/predict.py)


@dataclass(frozen=True)
class ClassifyOutcome:
    result: ClassifyResult
    query_files: tuple[str, ...]  # kept (decodable) queries, aligned with result.predictions
    query_inputs: np.ndarray  # (Q, H, W, C) uint8: what the model saw
    model_label: str
    invert: bool
    seconds: float
    # the nearest-neighbour baselines on the same images (labelled queries only)
    baselines: tuple[BaselineScore, ...] = ()


@dataclass(frozen=True)
class Thumbnails:
    files: tuple[str, ...]  # the usable images, in the order given
    images: tuple[np.ndarray, ...]  # THUMB x THUMB RGB thumbnails
    notes: tuple[str, ...]  # one line per skipped file, naming it


@dataclass(frozen=True)
class LoadedData:
    snapshot: Optional[ModelSnapshot]  # set when a checkpoint was opened
    splits: Optional[Mapping[str, SplitData]]
    note: str = ""


# ---------------------------------------------------------------------------- the jobs
@dataclass(frozen=True)
class ReplayJob(Job[ReplayResult]):
    """Adapt on a picked episode and trace every inner step."""

    snapshot: ModelSnapshot
    episode: PickedEpisode
    transductive: bool = False


@dataclass(frozen=True)
class CompareJob(Job[CompareResult]):
    """Adapt one episode by each method (engine/inference/compare.py); `methods` names them
    in the engine's spelling, the meta-learner first."""

    snapshot: ModelSnapshot
    episode: PickedEpisode
    methods: tuple[str, ...]
    transductive: bool = False
    seed: int = 0


@dataclass(frozen=True)
class ClassifyJob(Job[ClassifyOutcome]):
    """Try it: adapt on the user's support images and classify the queries."""

    snapshot: ModelSnapshot
    request: ClassifyRequest


@dataclass(frozen=True)
class ThumbsJob(Job[Thumbnails]):
    files: tuple[str, ...]


@dataclass(frozen=True)
class OpenJob(Job[LoadedData]):
    """Open a checkpoint as a snapshot, with the data it was trained on unless told not to."""

    path: str
    with_data: bool = True


@dataclass(frozen=True)
class DataJob(Job[LoadedData]):
    """Load a config's data only."""

    config: Config
