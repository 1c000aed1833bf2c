"""The exploration area of the main window: episode picker, replay, parameter inspector and
try-it, in one 'Explore' dock with a shared model chooser ('current run' or an opened
checkpoint). `install_exploration(window)` adds it and wires it to the window's training runs
without the window knowing about it. (Just over 400 lines: the dock widget and its controller
share the model chooser and the status line, whose texts are composed again on a language
switch; the views themselves are modules of their own.)"""

from __future__ import annotations

import logging
from enum import Enum
from pathlib import Path
from typing import Callable, Optional

from PySide6 import QtCore, QtWidgets

from engine.inference import shipped
from engine.training.reports import EpisodeReport
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.job_handle import JobHandle, cancel
from mlstm_gui.common.scroll_tabs import ScrollTabs
from mlstm_gui.common.states import RunState, WorkerState
from mlstm_gui.explore.compare_view import CompareView
from mlstm_gui.explore.episode_picker import EpisodePicker, EpisodeStore, origin_text
from mlstm_gui.explore.how_it_works import HowItWorksView
from mlstm_gui.explore.inspector import ParameterInspector
from mlstm_gui.explore.jobs import LoadedData, OpenJob, ReplayJob, ReplayResult
from mlstm_gui.explore.model_choice import RUN, ModelChoice
from mlstm_gui.explore.replay_view import ReplayView
from mlstm_gui.explore.replay_worker import ReplayService
from mlstm_gui.explore.snapshots import LiveSnapshots, TrainingSource
from mlstm_gui.shell.session import RunSession
from mlstm_gui.tryit.panel import TryItPanel

log = logging.getLogger("mlstm.gui.explore")
DEFAULT_CHECKPOINT = shipped.DEFAULT


class Opened(Enum):
    """Why a checkpoint was opened, which decides what its model does in the list."""

    DEFAULT = "default"  # the shipped default: chosen unless a run started meanwhile
    SHIPPED = "shipped"  # the other shipped models: listed, not chosen
    FOLLOWED = "followed"  # a followed run's new last.pt
    USER = "user"  # a file the user opened


class ExploreWidget(QtWidgets.QWidget):
    """Model chooser on top of the tabs Episode, Replay, Inspector, How it works, Try it."""

    open_requested = QtCore.Signal(str)  # a checkpoint's path, for the controller to open

    def __init__(
        self,
        service: ReplayService,
        choice: ModelChoice,
        parent: Optional[QtWidgets.QWidget] = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.choice = service, choice
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        bar = QtWidgets.QHBoxLayout()
        bar.addWidget(QtWidgets.QLabel("Model:"))
        self.model_combo = QtWidgets.QComboBox()
        self.model_combo.setMinimumWidth(260)
        self.model_combo.activated.connect(
            lambda i: choice.select(self.model_combo.itemData(i), by_user=True)
        )
        bar.addWidget(self.model_combo)
        self.open_button = QtWidgets.QPushButton("Open checkpoint…")
        self.open_button.setToolTip("Replay and classify with a saved meta-learner")
        self.open_button.clicked.connect(self._ask_checkpoint)
        bar.addWidget(self.open_button)
        self.status = QtWidgets.QLabel()
        self._say: Optional[Callable[[], str]] = None  # composes the status line again
        self.status.setWordWrap(True)
        bar.addWidget(self.status, 1)
        lay.addLayout(bar)
        self.store = EpisodeStore()
        self.picker = EpisodePicker(self.store)
        self.replay_here = QtWidgets.QPushButton("Replay this episode ▶")
        self.picker.outer.insertWidget(1, self.replay_here)
        self.replay = ReplayView()
        # Compare (issue 16): the Replay area's duel, on the same picked episode.
        self.compare = CompareView(service, lambda: self.picker.current, choice.provide)
        self.compare_here = QtWidgets.QPushButton("Compare methods ▶")
        self.compare_here.setToolTip("The same episode adapted by other methods, side by side")
        self.compare_here.clicked.connect(self.show_compare)
        self.replay.controls.addWidget(self.compare_here)
        self.inspector = ParameterInspector()
        self.how = HowItWorksView()
        self.tryit = TryItPanel(
            service,
            choice.provide,  # with (N, K): the matching model
            lambda: choice.last_pick,
        )
        self.tabs = ScrollTabs()  # pages scroll on a small screen
        for w, title in (
            (self.picker, "Episode"),
            (self.replay, "Replay"),
            (self.compare, "Replay: compare"),
            (self.inspector, "Inspector"),
            (self.how, self.tr("How it works")),
            (self.tryit, "Try it"),
        ):
            self.tabs.add_page(w, title)
        lay.addWidget(self.tabs, 1)
        choice.changed.connect(self._choice_changed)
        self._choice_changed()

    def _choice_changed(self) -> None:
        self._fill_models()
        self.refresh_data()

    def _fill_models(self) -> None:
        self.model_combo.clear()
        self.model_combo.addItem(ui("Current run (while paused or after it ends)"), RUN)
        for path, snap in self.choice.files.items():
            self.model_combo.addItem(
                ui("{name} (episode {n})").format(name=snap.label, n=snap.episode), path
            )
        self.model_combo.setCurrentIndex(max(0, self.model_combo.findData(self.choice.current)))

    def say(self, text: str | Callable[[], str], error: bool = False) -> None:
        """The status line; a callable composes it again after a language switch."""
        compose = text if callable(text) else (lambda: text)
        color = "#d1495b" if error else "#2b2b2b"
        self._say = lambda: f"<span style='color:{color}'>{compose()}</span>"
        self.status.setText(self._say())

    def retranslate(self) -> None:
        """The texts composed here (model list, status line) in the current language."""
        self._fill_models()
        if self._say is not None:
            self.status.setText(self._say())

    def refresh_data(self) -> None:
        splits, invert, source = self.choice.data()
        snap = self.choice.files.get(self.choice.current) or self.choice.snapshots.latest()
        cfg = snap.config if snap is not None else None
        self.compare.invert = invert
        if splits is not self.picker.splits or not self.picker.splits:
            self.picker.set_data(
                splits,
                invert,
                source,
                *((cfg.way, cfg.shot, min(cfg.query, 15)) if cfg else (5, 1, 5)),
            )

    def show_compare(self) -> bool:
        """Open the Compare tab and compare on the picked episode."""
        self.tabs.setCurrentWidget(self.compare)
        return self.compare.run()

    def _ask_checkpoint(self) -> None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            ui("Open checkpoint"),
            "",
            ui("Checkpoints") + " (*.pt);;" + ui("All files") + " (*)",
        )
        if path:
            self.open_checkpoint(path)

    def open_checkpoint(self, path: str) -> None:
        self.say(lambda: ui("Opening {name} and its data…").format(name=Path(path).name))
        self.open_requested.emit(path)


class ExplorationController(QtCore.QObject):
    """Wires the Explore dock to the window: follows its training runs (recent episodes and
    copies of the meta-learner), runs replays and joins the replay thread when the window
    closes."""

    def __init__(
        self,
        window: QtWidgets.QMainWindow,
        session: Optional[RunSession] = None,
        notify: Optional[Callable[[str, str, str], None]] = None,
    ) -> None:
        super().__init__(window)
        self.window, self.notify = window, notify
        self.service = ReplayService()
        self.snapshots = LiveSnapshots()
        self.choice = ModelChoice(
            self.snapshots, (lambda: session.state) if session else (lambda: RunState.IDLE)
        )
        self.widget = ExploreWidget(self.service, self.choice)
        self.picker, self.replay = self.widget.picker, self.widget.replay
        self.inspector, self.tryit = self.widget.inspector, self.widget.tryit
        self.last_result: Optional[ReplayResult] = None
        self._attached: Optional[TrainingSource] = None
        self.dock: Optional[QtWidgets.QDockWidget] = None  # set by install_exploration
        self._replay_job: Optional[JobHandle[ReplayResult]] = None
        self.widget.open_requested.connect(lambda path: self._open(path, Opened.USER))
        self.replay.replay_requested.connect(self.replay_current)
        self.widget.replay_here.clicked.connect(lambda: self.replay_current(show=True))
        self.replay.step_changed.connect(self.inspector.set_step)
        self.how = self.widget.how  # "How it works" follows the slider; a filter tile picks
        self.replay.step_changed.connect(self.how.set_step)
        self.how.step_requested.connect(self.replay.set_step)
        self.inspector.filter_clicked.connect(self._show_weight)
        window.installEventFilter(self)
        if session is not None:
            session.run_started.connect(self.follow_run)
        self._following: Optional[JobHandle[LoadedData]] = None  # one followed load at a time
        self._follow_again: Optional[str] = None
        if DEFAULT_CHECKPOINT.is_file():  # the shipped model, until a run or another file
            self.widget.status.setText(
                ui("Opening {name} and its data…").format(name=DEFAULT_CHECKPOINT.name)
            )
            self._open(str(DEFAULT_CHECKPOINT), Opened.DEFAULT)
        # the other shipped models (weights only): try-it picks the one closest to its task
        for path in shipped.shipped_checkpoints().values():
            if path != DEFAULT_CHECKPOINT:
                self._open(str(path), Opened.SHIPPED, with_data=False)

    # ------------------------------------------------------------------ training runs
    def follow_run(self, worker: TrainingSource) -> None:
        """Follow a new training run of the window (called before its thread starts)."""
        if worker is self._attached:
            return
        self._attached = worker
        self.snapshots.attach(worker)
        self.store.clear()
        queued = QtCore.Qt.ConnectionType.QueuedConnection
        worker.episode_done.connect(self._on_episode, queued)
        worker.ready.connect(self._on_run_ready, queued)
        worker.state_changed.connect(self._on_run_state, queued)

    @property
    def store(self) -> EpisodeStore:
        return self.widget.store

    @QtCore.Slot(object)
    def _on_episode(self, report: EpisodeReport) -> None:
        self.store.add(report)
        self.how.note_episode(report)

    @QtCore.Slot(object)
    def _on_run_ready(self, _info: object) -> None:
        self.choice.select(RUN)
        self.widget.refresh_data()

    @QtCore.Slot(object)
    def _on_run_state(self, state: WorkerState) -> None:
        if self.choice.current == RUN:
            self.widget.refresh_data()

    # ------------------------------------------------------------------ replay
    def replay_current(self, show: bool = False) -> bool:
        """Replay the picked episode with the chosen model (in the replay thread)."""
        picked = self.picker.current
        if picked is None:
            self._status(lambda: ui("Pick an episode first (tab Episode)."), error=True)
            return False
        snap, why = self.choice.provide()
        if snap is None:
            self._status(lambda: ui("Cannot replay: {why}.").format(why=why), error=True)
            return False
        cancel(self._replay_job)  # a newer request supersedes a replay still under way
        self._replay_job = self.service.submit(ReplayJob(snap, picked))
        self._replay_job.finished.connect(self._on_traced)
        self._replay_job.failed.connect(self._on_replay_failed)
        self.replay.set_busy(True)
        self._status(
            lambda: ui("Replaying {origin} with {model}…").format(
                origin=origin_text(picked.origin), model=snap.label
            )
        )
        if show:
            self.widget.tabs.setCurrentWidget(self.replay)
        return True

    def _on_traced(self, result: ReplayResult) -> None:
        self.replay.set_busy(False)
        self.last_result = result
        _, invert, _ = self.choice.data()
        self.replay.set_result(result, invert)
        self.inspector.set_trace(result.trace, int(result.episode.image_shape[-1]))
        self.inspector.set_step(self.replay.t)
        self.how.set_result(result, invert)
        self.how.set_step(self.replay.t)
        self._status(
            lambda: ui("Replayed {origin} with {model} in {s} s.").format(
                origin=origin_text(result.episode.origin),
                model=result.model_label,
                s=f"{result.seconds:.2f}",
            )
        )

    def _show_weight(self, layer: str, index: int) -> None:
        self.how.select_coordinate(layer, index)
        self.widget.tabs.setCurrentWidget(self.how)

    def _on_replay_failed(self, text: str) -> None:
        self.replay.set_busy(False)
        self._report(text)

    def follow_checkpoint(self, path: str) -> Optional[JobHandle[LoadedData]]:
        """A followed run wrote a new last.pt: (re)open it as a model. The first one becomes
        the chosen model; later ones replace it in the list without taking the choice away
        from another model the user picked meanwhile. One load at a time: a newer file that
        arrives during a load is read once that load is done. Its data is loaded once."""
        if self._following is not None:
            self._follow_again = path
            return None
        self._follow_again = None
        self._following = self._open(path, Opened.FOLLOWED, path not in self.choice.files)
        return self._following

    def _follow_done(self) -> None:
        self._following = None
        if self._follow_again is not None:
            self.follow_checkpoint(self._follow_again)

    def _open(self, path: str, why: Opened, with_data: bool = True) -> JobHandle[LoadedData]:
        handle = self.service.submit(OpenJob(path, with_data))
        handle.finished.connect(lambda loaded: self._on_loaded(loaded, why))
        handle.failed.connect(lambda text: self._on_open_failed(text, why))
        return handle

    def _on_loaded(self, loaded: LoadedData, why: Opened) -> None:
        snap = loaded.snapshot
        assert snap is not None  # an OpenJob's result always has one
        if why is Opened.SHIPPED:  # listed, not chosen
            self.choice.add_file(loaded, select=False)
            return
        # The shipped model does not take over from a run that started meanwhile.
        select = not (why is Opened.DEFAULT and self._attached is not None)
        followed = why is Opened.FOLLOWED
        if followed and snap.path in self.choice.files:
            select = self.choice.current == snap.path
            if loaded.splits is None:  # a reload without data: keep the data loaded first
                loaded = LoadedData(snap, self.choice.file_data.get(snap.path), loaded.note)
        self.choice.add_file(loaded, select=select)
        if select and why is not Opened.DEFAULT:
            self.choice.user_chose = True  # a checkpoint or run folder the user opened
        if followed:
            self._status(
                lambda: ui("Model from the followed run: {path} (episode {n}).").format(
                    path=snap.path, n=snap.episode
                )
            )
            self._follow_done()
        else:
            note = loaded.note
            self._status(
                lambda: (
                    ui("Opened {name}.").format(name=snap.label)
                    + (" " + engine_text(note) if note else "")
                ),
                error=bool(note),
            )

    def _on_open_failed(self, text: str, why: Opened) -> None:
        if why is Opened.FOLLOWED:
            self._follow_done()  # the next new last.pt is tried again
        self._report(text)

    def _report(self, text: str) -> None:
        self._status(text, error=True)
        if self.notify is not None:
            self.notify("warning", "Explore", text)

    def _status(self, text: str | Callable[[], str], error: bool = False) -> None:
        self.widget.say(text, error)

    # ------------------------------------------------------------------ closing
    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:
        if obj is self.window and event.type() == QtCore.QEvent.Type.Close:
            self.shutdown()
        return False

    def shutdown(self) -> None:
        self.replay._play(False)
        if not self.service.close():
            log.error("the replay thread did not stop in time: %s", self.service.still_running())


def install_exploration(
    window: QtWidgets.QMainWindow,
    session: Optional[RunSession] = None,
    docks: Optional[dict[str, QtWidgets.QDockWidget]] = None,
    view_menu: Optional[QtWidgets.QMenu] = None,
    notify: Optional[Callable[[str, str, str], None]] = None,
) -> ExplorationController:
    """Add the Explore dock to `window` (tabbed with the Gates dock when `docks` has one, and
    added to `docks`) with a toggle in `view_menu`; it follows `session`'s runs and reports
    problems through `notify(kind, title, text)`. Returns the controller."""
    ctl = ExplorationController(window, session, notify)
    dock = QtWidgets.QDockWidget("Explore", window)
    dock.setObjectName("dock-explore")
    dock.setWidget(ctl.widget)
    window.addDockWidget(QtCore.Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    if docks is not None:
        if "gates" in docks:
            window.tabifyDockWidget(docks["gates"], dock)
            docks["gates"].raise_()
        docks["explore"] = dock
    if view_menu is not None:
        view_menu.addAction(dock.toggleViewAction())
    ctl.dock = dock
    return ctl
