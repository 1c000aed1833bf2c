"""Which model and which head initialisation a classification used, and why, in words.

`main.py classify` (text and --json) and the try-it panel show the same record, so a user
sees when a model trained far from the task is in use and that a better one may be a flag
away."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from engine.inference.shipped import ModelChoice, far_warnings
from engine.model.learner import Learner
from engine.model.predict import head_reason


@dataclass(frozen=True)
class Explanation:
    model: str  # file name (or label) of the model used
    trained_for: tuple[int, int]  # (way, shot) the model was meta-trained for
    task: tuple[int, int]  # (N, K) of the user's support set (K: the median class's shots)
    model_reason: str
    head: str  # head rule (engine/model/predict.py)
    head_reason: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {
            "model": self.model,
            "trained_for": {"way": self.trained_for[0], "shot": self.trained_for[1]},
            "task": {"way": self.task[0], "shot": self.task[1]},
            "why_model": self.model_reason,
            "head": {"rule": self.head, "why": self.head_reason},
            "warnings": list(self.warnings),
        }

    def lines(self) -> list[str]:
        """Human-readable lines (classify's text output, the try-it panel)."""
        out = [
            f"model: {self.model} (trained for {self.trained_for[0]}-way "
            f"{self.trained_for[1]}-shot; task {self.task[0]}-way {self.task[1]}-shot): "
            f"{self.model_reason}",
            f"head initialisation '{self.head}': {self.head_reason}",
        ]
        return out + [f"warning: {w}" for w in self.warnings]


def explain(
    model_name: str,
    learner: Learner,
    trained_for: tuple[int, int],
    task: tuple[int, int],
    head: str,
    choice: Optional[ModelChoice] = None,
    picked_by: str = "chosen by you",
) -> Explanation:
    """The record for one classification. With `choice` (a default shipped pick) its reason
    and warnings; otherwise the model was picked by the user, and the warnings compare the
    task with that model's own training task."""
    if choice is not None:
        reason, warns = choice.reason, choice.warnings
    else:
        reason = picked_by
        warns = far_warnings(task[0], task[1], [trained_for])
    return Explanation(
        model_name,
        trained_for,
        task,
        reason,
        head,
        head_reason(learner, task[0], head),
        tuple(warns),
    )
