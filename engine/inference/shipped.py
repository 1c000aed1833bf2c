"""The pretrained meta-learners that ship in assets/checkpoints, and which one suits a task.

`classify` and the app's try-it panel use `choose_model` unless told otherwise. The rule,
measured on two domains (docs/RESULTS.md, `python -m bench.any_way_shot`):

1. a model trained for exactly the task's N-way K-shot is used;
2. otherwise the model with the smallest training N that still covers the task's N (so that
   every class starts from one of its learned head rows; above its training N a model
   falls to chance: every class gets the same mean row), preferring, among models of that
   N, the 1-shot one (the 5-shot 5-way model is clearly worse than the 1-shot one at N < 5,
   whatever K, and no better at 5-way K = 2 or 10);
3. when no model covers N, the one with the largest training N, whose "grouped" head rule
   (engine/model/predict.py) splits the classes into groups it does cover.

The choice comes with why, and with a warning when N or K is far (more than 2x) from every
shipped model's training task."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from engine.resources import assets_dir

SHIPPED_DIR = assets_dir() / "checkpoints"
SHIPPED: dict[tuple[int, int], str] = {  # (way, shot) trained for -> file
    (5, 1): "omniglot-5w1s.pt",
    (5, 5): "omniglot-5w5s.pt",
    (20, 1): "omniglot-20w1s.pt",
}
DEFAULT = SHIPPED_DIR / SHIPPED[(5, 1)]
FAR = 2.0  # a task N or K more than this factor away from every trained one gets a warning


@dataclass(frozen=True)
class ModelChoice:
    """A shipped model for a task, and the reasons a user is shown."""

    path: Path
    trained: tuple[int, int]  # (way, shot) it was meta-trained for
    task: tuple[int, int]
    reason: str
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {
            "model": self.path.name,
            "trained_for": {"way": self.trained[0], "shot": self.trained[1]},
            "why": self.reason,
            "warnings": list(self.warnings),
        }


def task_shape(shots: Sequence[int]) -> tuple[int, int]:
    """(N, K) of a support set with shots[c] images in class c: K is the median class's
    shots (the lower median, so 1,1,5 is 1-shot). classify and try-it both use this, so the
    same support images always choose the same model."""
    counts = sorted(max(0, int(s)) for s in shots)
    if not counts:
        return 0, 0
    return len(counts), max(1, counts[(len(counts) - 1) // 2])


def shipped_checkpoints(directory: Optional[Path] = None) -> dict[tuple[int, int], Path]:
    """The shipped checkpoints present on disk, by (way, shot)."""
    directory = directory or SHIPPED_DIR
    return {
        task: directory / name for task, name in SHIPPED.items() if (directory / name).is_file()
    }


def far_warnings(way: int, shot: int, trained: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """Warnings when the task's N or K is more than FAR times from every trained one."""
    out = []
    ways = sorted({w for w, _ in trained})
    shots = sorted({s for _, s in trained})
    if ways and all(max(way / w, w / way) > FAR for w in ways):
        out.append(
            f"{way} classes is far (over {FAR:g}x) from what the model(s) were trained "
            f"for ({', '.join(map(str, ways))}-way); docs/RESULTS.md measures the shipped "
            f"models at 2 to 30 classes"
        )
    if shots and all(max(shot / s, s / shot) > FAR for s in shots):
        out.append(
            f"{shot} shots per class is far (over {FAR:g}x) from what the model(s) were "
            f"trained for ({', '.join(map(str, shots))}-shot); docs/RESULTS.md measures "
            f"the shipped models at 1 to 10 shots"
        )
    return tuple(out)


def choose_model(way: int, shot: int, directory: Optional[Path] = None) -> Optional[ModelChoice]:
    """The shipped model for an N-way K-shot task by the rule in the module docstring, or
    None when none is present."""
    present = shipped_checkpoints(directory)
    if not present:
        return None
    way, shot = max(way, 1), max(shot, 1)
    warn = far_warnings(way, shot, list(present))
    if (way, shot) in present:
        return ModelChoice(
            present[(way, shot)],
            (way, shot),
            (way, shot),
            f"trained for exactly {way}-way {shot}-shot",
            warn,
        )
    covering = [t for t in present if t[0] >= way]
    if covering:
        n = min(w for w, _ in covering)
        same_n = [t for t in covering if t[0] == n]
        pick = min(same_n, key=lambda t: (t[1] != 1, abs(t[1] - shot)))
        why = (
            f"the smallest shipped training N ({n}-way) that covers {way} classes, so "
            f"each class starts from a learned head row; of those, the {pick[1]}-shot "
            f"model (measured best away from its own task)"
        )
        return ModelChoice(present[pick], pick, (way, shot), why, warn)
    n = max(w for w, _ in present)
    pick = min((t for t in present if t[0] == n), key=lambda t: abs(t[1] - shot))
    groups = -(-way // n)
    why = (
        f"no shipped model covers {way} classes; the {n}-way one adapts to {groups} "
        f"groups of at most {n} classes and each image takes the most confident group's "
        f"class (head rule 'grouped')"
    )
    return ModelChoice(present[pick], pick, (way, shot), why, warn)


def matching_checkpoint(way: int, shot: int, directory: Optional[Path] = None) -> Optional[Path]:
    """The path of `choose_model`'s pick, or None when no shipped model is present."""
    choice = choose_model(way, shot, directory)
    return None if choice is None else choice.path
