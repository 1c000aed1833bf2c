"""Immutable per-episode and per-validation reports: NumPy copies, safe to hand across threads.

The GUI's worker forwards these objects as they are; metrics.jsonl holds `to_json()`."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.model.gates import GateStats, rounded


@dataclass(frozen=True)
class EpisodeReport:
    """What one meta-training episode did."""

    episode: int  # 1-based count of episodes done, this one included
    meta_loss: float  # query loss at θ_T
    meta_acc: float  # query accuracy at θ_T
    inner_loss: np.ndarray  # (T,) support loss L_t at θ_{t-1}, t = 1..T
    inner_acc: np.ndarray  # (T,)
    layers: tuple[str, ...]  # learner layer groups, e.g. conv1..conv4, fc
    input_gate: GateStats
    forget_gate: GateStats
    learner_grad_norm: np.ndarray  # (T,) ‖∇_t‖
    meta_grad_norm: float  # before clipping
    meta_grad_norms: dict[str, float]  # per meta-parameter group
    seconds: float  # wall time of the episode
    class_names: tuple[str, ...] = ()
    support_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    query_index: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    rotations: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    meta_lr: float = 0.0  # Adam's rate for this update (config meta_lr_hold / _halflife)

    def to_json(self) -> dict:
        return {
            "type": "episode",
            "episode": self.episode,
            "meta_lr": float(f"{self.meta_lr:.6g}"),
            "meta_loss": round(self.meta_loss, 6),
            "meta_acc": round(self.meta_acc, 6),
            "inner_loss": rounded(self.inner_loss),
            "inner_acc": rounded(self.inner_acc),
            "layers": list(self.layers),
            "input_gate": self.input_gate.summary(),
            "forget_gate": self.forget_gate.summary(),
            "meta_grad_norm": round(self.meta_grad_norm, 6),
            "seconds": round(self.seconds, 4),
        }


@dataclass(frozen=True)
class ValidationReport:
    episode: int  # meta-training episodes done when validated
    split: str
    accuracy: float  # mean over episodes, in [0, 1]
    ci95: float  # 1.96 · sd / sqrt(n)
    loss: float
    episodes: int
    best: bool  # a new best accuracy
    seconds: float

    def to_json(self) -> dict:
        return {
            "type": "validation",
            "episode": self.episode,
            "split": self.split,
            "accuracy": round(self.accuracy, 6),
            "ci95": round(self.ci95, 6),
            "loss": round(self.loss, 6),
            "episodes": self.episodes,
            "best": self.best,
            "seconds": round(self.seconds, 3),
        }


@dataclass(frozen=True)
class CheckpointEvent:
    episode: int
    path: str
    kind: str  # "last" or "best"


def mean_ci95(values: np.ndarray) -> tuple[float, float]:
    """Mean and 1.96·sd/√n, the few-shot literature's 95% interval."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return float("nan"), float("nan")
    sd = values.std(ddof=1) if values.size > 1 else 0.0
    return float(values.mean()), float(1.96 * sd / np.sqrt(values.size))
