"""Which weights replay and try-it use: the current run (a copy taken while the trainer
rests) or one of the opened checkpoints, and, for try-it's task, the shipped model that fits
it best (loaded on the spot when the background load has not finished)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Mapping, Optional

from PySide6 import QtCore

from engine.data.episodes import SplitData
from engine.inference import shipped
from mlstm_gui.common.states import RunState
from mlstm_gui.explore.jobs import LoadedData, ModelSnapshot
from mlstm_gui.explore.snapshots import LiveSnapshots

RUN = "run"  # the choice "current run" in the model list


class ModelChoice(QtCore.QObject):
    """Which weights replay and try-it use: the current run (a copy taken while paused or after
    it ended) or one of the opened checkpoints."""

    changed = QtCore.Signal()

    def __init__(self, snapshots: LiveSnapshots, run_state: Callable[[], RunState]) -> None:
        super().__init__()
        self.snapshots, self.run_state = snapshots, run_state
        self.files: dict[str, ModelSnapshot] = {}
        self.file_data: dict[str, Optional[Mapping[str, SplitData]]] = {}
        self.current = RUN
        self.user_chose = False  # picked in the list or opened: never swapped for a shipped one
        self.last_pick: Optional[shipped.ModelChoice] = None  # provide(task)'s shipped pick

    def select(self, key: str, by_user: bool = False) -> None:
        self.user_chose = self.user_chose or by_user
        if key != self.current and (key == RUN or key in self.files):
            self.current = key
            self.changed.emit()

    def add_file(self, loaded: LoadedData, select: bool = True) -> None:
        snap = loaded.snapshot
        assert snap is not None and snap.path is not None
        self.files[snap.path] = snap
        self.file_data[snap.path] = loaded.splits
        if select:
            self.current = snap.path
        self.changed.emit()

    def provide(
        self, task: Optional[tuple[int, int]] = None
    ) -> tuple[Optional[ModelSnapshot], str]:
        """(weights, '') or (None, why not). With an N-way K-shot `task` and a shipped model
        chosen by default (not by the user), the shipped model `engine.inference.shipped.choose_model`
        picks for it (kept in `last_pick`, with its reasons, for try-it to show); a pick that
        has not finished loading in the background is loaded now, never silently replaced
        by the current one."""
        self.last_pick = None
        if self.current != RUN:
            if task is not None and not self.user_chose and self._is_shipped(self.current):
                pick = shipped.choose_model(*task)
                if pick is not None:
                    snap, why = self._shipped_snapshot(str(pick.path))
                    self.last_pick = pick if snap is not None else None
                    return snap, why
            return self.files[self.current], ""
        state = self.run_state()
        if state.busy:
            return None, (
                "training is running: pause it (F6) to use the current meta-learner, "
                "or open a checkpoint"
            )
        snap = self.snapshots.latest()
        if snap is None:
            return None, "no run yet: train a few episodes, or open a checkpoint"
        return snap, ""

    def _shipped_snapshot(self, path: str) -> tuple[Optional[ModelSnapshot], str]:
        """The shipped model at path: as loaded in the background, or loaded here and now
        (379 kB, tens of milliseconds) when that has not finished yet."""
        if path in self.files:
            return self.files[path], ""
        from engine.errors import EngineError
        from mlstm_gui.explore.jobs import snapshot_of_file

        try:
            snap, _ = snapshot_of_file(path)
        except EngineError as exc:
            return None, f"the shipped model chosen for this task cannot be loaded: {exc}"
        self.files[path], self.file_data[path] = snap, None
        return snap, ""

    @staticmethod
    def _is_shipped(path: str) -> bool:
        return Path(path) in shipped.shipped_checkpoints().values()

    def data(self) -> tuple[Optional[Mapping[str, SplitData]], bool, str]:
        """(splits to draw episodes from, ink inverted, source label) for the current choice."""
        if self.current == RUN:
            snap = self.snapshots.latest()
            return (
                self.snapshots.splits(),
                bool(snap and snap.preprocessing.invert),
                "the current run",
            )
        snap = self.files[self.current]
        return self.file_data.get(self.current), snap.preprocessing.invert, snap.label
