"""The pretrained meta-learners that ship in assets/checkpoints, and which one suits a task.

`classify` and the app's try-it panel use the one trained closest to the user's N-way K-shot
task unless told otherwise: shots first (a 5-shot model adapts differently from a 1-shot
one), then the number of classes."""
from __future__ import annotations

import math
from pathlib import Path
from typing import Optional

from engine.resources import assets_dir

SHIPPED_DIR = assets_dir() / "checkpoints"
SHIPPED: dict[tuple[int, int], str] = {  # (way, shot) trained for -> file
    (5, 1): "omniglot-5w1s.pt",
    (5, 5): "omniglot-5w5s.pt",
    (20, 1): "omniglot-20w1s.pt",
}
DEFAULT = SHIPPED_DIR / SHIPPED[(5, 1)]


def shipped_checkpoints(directory: Optional[Path] = None) -> dict[tuple[int, int], Path]:
    """The shipped checkpoints present on disk, by (way, shot)."""
    directory = directory or SHIPPED_DIR
    return {task: directory / name for task, name in SHIPPED.items()
            if (directory / name).is_file()}


def matching_checkpoint(way: int, shot: int, directory: Optional[Path] = None
                        ) -> Optional[Path]:
    """The shipped checkpoint trained closest to `way`-way `shot`-shot (log distance, shots
    first), or None when none is present."""
    present = shipped_checkpoints(directory)
    if not present:
        return None

    def distance(task: tuple[int, int]) -> tuple[float, float]:
        w, s = task
        return (abs(math.log(s) - math.log(max(shot, 1))),
                abs(math.log(w) - math.log(max(way, 1))))

    return present[min(present, key=distance)]
