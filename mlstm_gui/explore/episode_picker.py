"""Choose an episode to replay: one of the recent training episodes, or a new one drawn from the
training, validation or test split with a chosen seed, N, K and Q. Shows its support and query
images in rows labelled by class.

The recent list follows training on its host's clock (`refresh_due`, which the main window
runs among the redraw scheduler's tick hooks): while the worker fills every core, that is inside
the worker's drawing turns, so the list costs no training time beyond the turn."""

from __future__ import annotations

import re
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Mapping, Optional

import numpy as np
from PySide6 import QtCore, QtWidgets

from engine.data.episodes import EpisodeSampler, SplitData, episode_rng
from engine.errors import DataError
from engine.training.reports import EpisodeReport
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.image_tiles import ImageRows, display_image
from mlstm_gui.explore.jobs import PickedEpisode, picked_from_indices

RECENT = 100  # training episodes kept for browsing
LIST_INTERVAL_S = 0.5  # the recent list follows training at 2 Hz, not per episode


@dataclass(frozen=True)
class EpisodeRecord:
    """What is needed to rebuild a training episode: its classes and image indices."""

    episode: int
    class_names: tuple[str, ...]
    support_index: np.ndarray
    query_index: np.ndarray
    rotations: np.ndarray
    meta_loss: float
    meta_acc: float

    @classmethod
    def from_report(cls, report: EpisodeReport) -> "EpisodeRecord":
        r = report
        return cls(
            r.episode,
            tuple(r.class_names),
            r.support_index,
            r.query_index,
            r.rotations,
            float(r.meta_loss),
            float(r.meta_acc),
        )

    def describe(self) -> str:
        names = ", ".join(self.class_names[:3]) + (", …" if len(self.class_names) > 3 else "")
        return ui("episode {n} · query acc {acc}% · loss {loss} · {names}").format(
            n=self.episode,
            acc=f"{100 * self.meta_acc:.0f}",
            loss=f"{self.meta_loss:.2f}",
            names=names,
        )


_DRAWN = re.compile(r"(\w+) split, seed (\d+)")
_TRAINING = re.compile(r"training episode (\d+)")
SPLIT_NAMES = {
    "train": QtCore.QT_TRANSLATE_NOOP("App", "training"),
    "val": QtCore.QT_TRANSLATE_NOOP("App", "validation"),
    "test": QtCore.QT_TRANSLATE_NOOP("App", "test"),
}


def origin_text(origin: str) -> str:
    """Where a picked episode came from, in the current language. The origin itself stays
    English data (it travels with the episode into traces and exports)."""
    drawn, training = _DRAWN.fullmatch(origin), _TRAINING.fullmatch(origin)
    if drawn is not None:
        split = drawn.group(1)
        name = ui(str(SPLIT_NAMES[split])) if split in SPLIT_NAMES else split
        return ui("{split} split, seed {seed}").format(split=name, seed=drawn.group(2))
    if training is not None:
        return ui("training episode {n}").format(n=training.group(1))
    return origin


class EpisodeStore:
    """The last RECENT training episodes (bounded: a long run costs nothing extra)."""

    def __init__(self, size: int = RECENT) -> None:
        self.records: deque[EpisodeRecord] = deque(maxlen=size)
        self.version = 0

    def add(self, report: EpisodeReport) -> None:
        if len(report.support_index) == 0:
            return  # a report without image indices (e.g. loaded from metrics.jsonl)
        self.records.append(EpisodeRecord.from_report(report))
        self.version += 1

    def clear(self) -> None:
        self.records.clear()
        self.version += 1

    def __len__(self) -> int:
        return len(self.records)


class EpisodePicker(QtWidgets.QWidget):
    """Emits `picked(PickedEpisode)` whenever an episode is chosen or drawn."""

    picked = QtCore.Signal(PickedEpisode)

    def __init__(
        self, store: Optional[EpisodeStore] = None, parent: Optional[QtWidgets.QWidget] = None
    ) -> None:
        super().__init__(parent)
        self.store = store if store is not None else EpisodeStore()
        self.splits: Mapping[str, SplitData] = {}
        self.invert = False
        self.source = ""
        self.current: Optional[PickedEpisode] = None
        self._listed_version = -1
        self._listed: list[EpisodeRecord] = []
        self._listed_at = float("-inf")  # perf_counter of the last `refresh_due`
        self._samplers: dict[tuple, EpisodeSampler] = {}

        self.outer = outer = QtWidgets.QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setMaximumHeight(130)
        outer.addWidget(self.tabs)

        self.recent_list = QtWidgets.QListWidget()
        # rows of one height: a refresh lays out the new rows, not every row's text again
        self.recent_list.setUniformItemSizes(True)
        self.recent_list.setToolTip(
            "Training episodes of the current run, newest first; click one to show and replay it"
        )
        self.recent_list.currentRowChanged.connect(self.choose_recent)
        self.tabs.addTab(self.recent_list, "Recent training episodes")

        draw = QtWidgets.QWidget()
        form = QtWidgets.QHBoxLayout(draw)
        self.split_combo = QtWidgets.QComboBox()
        self.seed = self._spin(0, 10**9, 0, "Seed: the same seed and sizes give the same episode")
        self.way = self._spin(2, 50, 5, "N: classes in the episode")
        self.shot = self._spin(1, 50, 1, "K: support images per class")
        self.query = self._spin(1, 50, 5, "Q: query images per class")
        for label, w in (
            ("Split", self.split_combo),
            ("Seed", self.seed),
            ("N", self.way),
            ("K", self.shot),
            ("Q", self.query),
        ):
            form.addWidget(QtWidgets.QLabel(label))
            form.addWidget(w)
        self.draw_button = QtWidgets.QPushButton("Draw")
        self.draw_button.clicked.connect(self.draw)
        self.next_button = QtWidgets.QPushButton("Next seed")
        self.next_button.clicked.connect(self._next_seed)
        form.addWidget(self.draw_button)
        form.addWidget(self.next_button)
        form.addStretch(1)
        self.tabs.addTab(draw, "Draw from a split")

        self._info: Optional[Callable[[], str]] = None  # composes the summary (a language switch)
        self.info = QtWidgets.QLabel(
            "No episode yet: train a few episodes, or open a checkpoint and draw one from its data."
        )
        self.info.setWordWrap(True)
        outer.addWidget(self.info)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Vertical)
        self.support_rows = ImageRows("Support")
        self.query_rows = ImageRows("Query")
        for title, rows in (
            ("Support set (what the learner adapts on)", self.support_rows),
            ("Query set (what it is scored on)", self.query_rows),
        ):
            box = QtWidgets.QGroupBox(title)
            lay = QtWidgets.QVBoxLayout(box)
            lay.setContentsMargins(2, 2, 2, 2)
            lay.addWidget(rows)
            split.addWidget(box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        outer.addWidget(split, 1)

    @staticmethod
    def _spin(lo: int, hi: int, value: int, tip: str) -> QtWidgets.QSpinBox:
        s = QtWidgets.QSpinBox()
        s.setRange(lo, hi)
        s.setValue(value)
        s.setToolTip(tip)
        return s

    # ------------------------------------------------------------------ data
    def set_data(
        self,
        splits: Optional[Mapping[str, SplitData]],
        invert: bool,
        source: str,
        way: int = 5,
        shot: int = 1,
        query: int = 5,
    ) -> None:
        """The splits episodes are drawn from (the run's or an opened checkpoint's data)."""
        self.splits = dict(splits or {})
        self.invert, self.source = invert, source
        self._samplers.clear()
        keep = self.split_combo.currentText()
        self.split_combo.clear()
        self.split_combo.addItems(list(self.splits))
        if keep in self.splits:
            self.split_combo.setCurrentText(keep)
        elif "test" in self.splits:
            self.split_combo.setCurrentText("test")
        self.way.setValue(way)
        self.shot.setValue(shot)
        self.query.setValue(query)

    def refresh_due(self) -> None:
        """A tick of the host's clock: the list again once LIST_INTERVAL_S has passed."""
        now = time.perf_counter()
        if now - self._listed_at >= LIST_INTERVAL_S:
            self._listed_at = now
            self.refresh_list()

    def refresh_list(self, force: bool = False) -> None:
        """The recent list, newest first, when the store changed and the list can be seen.

        New episodes are inserted at the top and the oldest dropped at the bottom, not the
        list cleared and refilled: clearing hid the scroll bars and showed them again (a
        relayout of the list twice a second), rewrote every row, and lost the picked row. The
        picked episode keeps its highlight as newer ones push it down."""
        if self.store.version == self._listed_version or not (force or self.isVisible()):
            return
        self._listed_version = self.store.version
        rows = self.recent_list
        row = rows.currentRow()
        picked = self._listed[row].episode if 0 <= row < len(self._listed) else None
        listed = list(reversed(self.store.records))
        newest = self._listed[0].episode if self._listed else None
        fresh = [r for r in listed if newest is None or r.episode > newest]
        rows.blockSignals(True)
        if not all(a is b for a, b in zip(listed[len(fresh) :], self._listed)):
            rows.clear()  # not the same run's episodes further down: start again
            fresh, picked = listed, None
        for record in reversed(fresh):  # oldest first, so the newest ends on top
            rows.insertItem(0, record.describe())
        while rows.count() > len(listed):
            rows.takeItem(rows.count() - 1)
        self._listed = listed
        again = [i for i, r in enumerate(listed) if r.episode == picked]
        rows.setCurrentRow(again[0] if again else -1)
        rows.blockSignals(False)
        # the view's layout of the new rows now (it is in the caller's turn), not queued for
        # the event loop's next turn
        rows.executeDelayedItemsLayout()
        QtCore.QCoreApplication.sendPostedEvents(rows, QtCore.QEvent.Type.MetaCall)

    # ------------------------------------------------------------------ choosing
    def choose_recent(self, row: int) -> Optional[PickedEpisode]:
        """Rebuild a recent training episode (from the training split's images)."""
        if row < 0 or row >= len(self._listed):
            return None
        rec = self._listed[row]
        train = self.splits.get("train")
        if train is None:
            self._say(lambda: ui("The training split of this run is not available."))
            return None
        picked = picked_from_indices(
            train,
            "train",
            rec.class_names,
            rec.support_index,
            rec.query_index,
            rec.rotations,
            f"training episode {rec.episode}",
        )
        return self.show_episode(picked)

    def choose_latest(self) -> Optional[PickedEpisode]:
        self.refresh_list(force=True)
        self.tabs.setCurrentIndex(0)
        if not self._listed:
            return None
        self.recent_list.blockSignals(True)
        self.recent_list.setCurrentRow(0)
        self.recent_list.blockSignals(False)
        return self.choose_recent(0)

    def _next_seed(self) -> None:
        self.seed.setValue(self.seed.value() + 1)
        self.draw()

    def draw(self) -> Optional[PickedEpisode]:
        """A new episode from the chosen split; the same seed, N, K, Q always give the same one."""
        name = self.split_combo.currentText()
        if name not in self.splits:
            self._say(
                lambda: ui(
                    "No data to draw from: start a run, or open a checkpoint whose data is "
                    "available."
                )
            )
            return None
        n, k, q = self.way.value(), self.shot.value(), self.query.value()
        key = (name, n, k, q)
        try:
            if key not in self._samplers:
                import warnings

                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # short classes are simply never drawn
                    self._samplers[key] = EpisodeSampler(self.splits[name], n, k, q, split=name)
            ep = self._samplers[key].sample(episode_rng(self.seed.value(), 0, f"picker-{name}"))
        except DataError as exc:
            self._say(engine_text(exc))
            return None
        picked = picked_from_indices(
            self.splits[name],
            name,
            ep.class_names,
            ep.support_index,
            ep.query_index,
            ep.rotations,
            f"{name} split, seed {self.seed.value()}",
        )
        return self.show_episode(picked)

    def show_episode(self, picked: PickedEpisode) -> PickedEpisode:
        self.current = picked
        n = picked.way
        k, q = len(picked.support_y) // n, len(picked.query_y) // n
        origin, source = picked.origin, self.source  # no reference to self: no cycle

        def compose() -> str:
            text = ui("{origin}: {n}-way {k}-shot, {q} queries per class").format(
                origin=f"<b>{origin_text(origin)}</b>", n=n, k=k, q=q
            )
            return text + (ui(" · data of {source}").format(source=source) if source else "")

        self._info = compose
        self.info.setText(self._info())
        show = lambda imgs: [display_image(im, self.invert) for im in imgs]  # noqa: E731
        if k == 1:  # one shot: one row, each image captioned with its class
            self.support_rows.set_rows(
                [
                    (
                        "",
                        show(picked.support_images),
                        [f"[{i + 1}] {c}" for i, c in enumerate(picked.class_names)],
                    )
                ],
                max_columns=10,
            )
        else:
            self.support_rows.set_rows(
                [
                    (f"[{i + 1}] {c}", show(picked.support_images[i * k : (i + 1) * k]), [""] * k)
                    for i, c in enumerate(picked.class_names)
                ]
            )
        self.query_rows.set_rows(
            [
                (f"[{i + 1}] {c}", show(picked.query_images[i * q : (i + 1) * q]), [""] * q)
                for i, c in enumerate(picked.class_names)
            ]
        )
        self.picked.emit(picked)
        return picked

    def _say(self, text: str | Callable[[], str]) -> None:
        compose = text if callable(text) else (lambda: text)
        self._info = lambda: f"<span style='color:#d1495b'>{compose()}</span>"
        self.info.setText(self._info())

    def retranslate(self) -> None:
        """The summary and the recent-episode list in the current language."""
        if self._info is not None:
            self.info.setText(self._info())
        self._listed_version = -1
        self.refresh_list(force=True)
