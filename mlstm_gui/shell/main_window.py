"""The main window: dockable plot panels, run controls, status bar, and the training thread.

The window's `RunControl` (run_control.py) owns at most one `TrainingRun` (worker + QThread).
Reports arrive by queued signals and only go into the bounded `MetricHistory`; the
`RedrawScheduler` (monitor/redraw.py) redraws the visible panels on its timer when the history
changed, so drawing never runs once per episode. The run control, file commands, actions,
session, perspectives, redraws and Explore dock are objects of their own; the window's methods
for them are one-line delegations."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QPlainTextEdit, QWidget

from engine.config import Config, load_config, preset_dir
from engine.errors import EngineError
from engine.model.learner import LAYERS
from engine.training.reports import EpisodeReport, ValidationReport
from mlstm_gui.common.i18n import apply_font, ui
from mlstm_gui.common.plot_style import PlotPanel
from mlstm_gui.common.relabel import relabel
from mlstm_gui.common.settings import APP, Folders, make_settings
from mlstm_gui.common.states import RunState
from mlstm_gui.explore.exploration import install_exploration
from mlstm_gui.monitor.accuracy_plots import AccuracyPanel
from mlstm_gui.monitor.gate_plots import GatePanel
from mlstm_gui.monitor.history import MetricHistory
from mlstm_gui.monitor.loss_plots import LossPanel
from mlstm_gui.monitor.redraw import DrawBudget, RedrawScheduler
from mlstm_gui.monitor.run_follow import RunFollower
from mlstm_gui.monitor.worker import TrainingRun
from mlstm_gui.shell import actions as act
from mlstm_gui.shell.file_commands import FileCommands
from mlstm_gui.shell.language_menu import LanguageMenu
from mlstm_gui.shell.perspectives import Perspectives
from mlstm_gui.shell.run_control import RunControl
from mlstm_gui.shell.session import RunSession
from mlstm_gui.shell.status import LogBridge, QtLogHandler, StatusPanel

log = logging.getLogger("mlstm.gui")
DRAW_DUTY = 0.03  # share of the GUI thread's time for drawing beyond the 4 Hz floor; see
#                   DrawBudget and docs/BENCHMARKS.md ("GUI")
MessageHook = Callable[[str, str, str], None]  # (kind, title, text)


def initial_size(wanted: tuple[int, int] = (1400, 900)) -> tuple[int, int]:
    """The first window size: as wanted, but inside the screen's free area (a 1366×768
    laptop gets a window that fits, status bar included)."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return wanted
    free = screen.availableGeometry()
    return min(wanted[0], int(free.width() * 0.96)), min(wanted[1], int(free.height() * 0.92))


def default_config() -> Config:
    """The demo preset (embedded Omniglot, learns visibly within a minute); engine defaults if
    the preset is missing or broken."""
    try:
        return load_config(preset_dir() / "demo.yaml")
    except EngineError as exc:
        log.warning("demo preset unavailable (%s); using the default config", exc)
        return Config()


class MainWindow(QMainWindow):
    """Meta-LSTM Explorer's window. `message_hook`, when set, receives errors instead of
    modal dialogs (used by the scripted tour)."""

    def __init__(self, config: Optional[Config] = None, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP)
        self.resize(*initial_size())
        self.settings = make_settings()
        self.folders = Folders(self.settings)
        self.history = MetricHistory()
        self.message_hook: Optional[MessageHook] = None
        self.session = RunSession(config or default_config())
        self.runs = RunControl(self, self)  # the training run and its worker's signals

        self.loss_panel, self.accuracy_panel = LossPanel(), AccuracyPanel()
        self.gate_panel = GatePanel()
        self.gate_panel.prepare(LAYERS)
        self.panels: dict[str, PlotPanel] = {
            "loss": self.loss_panel,
            "accuracy": self.accuracy_panel,
            "gates": self.gate_panel,
        }
        self.log_view = QPlainTextEdit(readOnly=True)
        self.log_view.setMaximumBlockCount(5000)
        self.commands = act.build_actions(self)
        self.docks = self._build_docks()
        self.status = StatusPanel(self.statusBar())
        self._shown = False
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)

        self._bridge = LogBridge(self)
        self._bridge.line.connect(self.log_view.appendPlainText)
        self._log_handler = QtLogHandler(self._bridge)
        app_log = logging.getLogger("mlstm")
        app_log.addHandler(self._log_handler)
        if app_log.level == logging.NOTSET:
            app_log.setLevel(logging.INFO)  # the log panel shows progress, not only problems

        self.budget = DrawBudget(DRAW_DUTY)
        self.drawing = RedrawScheduler(
            self.panels, self.history, self.budget, self.status.tick, self
        )
        self.redraw_timer = self.drawing.timer
        self.set_state(RunState.IDLE)
        self.announce_config()
        # the Explore dock: episodes, replay, inspector, try it
        self.exploration = install_exploration(
            self, self.session, self.docks, self.commands.view_menu, self.message
        )
        self.drawing.tick_hooks.append(self.exploration.picker.refresh_due)
        self.files = FileCommands(self)  # the File menu's commands
        self.perspectives = Perspectives(
            self, self.docks, self.settings, self.commands.toolbar, self.commands.view_menu
        )
        self.languages = LanguageMenu(self, self.settings, self.commands.view_menu)
        # A switch sends a LanguageChange per translator: one relabel after them all. A child
        # timer, not a singleShot functor, so none is left pending when the window goes.
        self._relabel_timer = QTimer(self)
        self._relabel_timer.setSingleShot(True)
        self._relabel_timer.setInterval(0)
        self._relabel_timer.timeout.connect(self.retranslate)
        apply_font(self)
        relabel(self)  # built in English: now in the installed language (common/i18n.py)

    # ------------------------------------------------------------------ file commands
    def new_run(self) -> None:
        self.files.new_run()

    def use_config(self, config: Config, run_dir: Optional[Path] = None) -> None:
        self.files.use_config(config, run_dir)

    def open_checkpoint(self, path: Optional[str] = None) -> bool:
        return self.files.open_checkpoint(path)

    def open_run_folder(self, path: Optional[str] = None, follow: bool = True) -> bool:
        return self.files.open_run_folder(path, follow)

    def stop_following(self) -> None:
        self.files.stop_following()

    def export_csv(self, path: Optional[str] = None) -> bool:
        return self.files.export_csv(path)

    @property
    def follower(self) -> Optional[RunFollower]:
        """The run folder followed live, if any (File → Open run folder)."""
        return self.files.follower

    # ------------------------------------------------------------------ what FileHost asks
    def widget(self) -> QWidget:
        return self

    def draw_all_next(self) -> None:
        """Draw every panel at the next ticks, ahead of the budget (after a clear or load)."""
        self.drawing.draw_all_next()

    # ------------------------------------------------------------------ layout
    def _build_docks(self) -> dict[str, QDockWidget]:
        self.setDockNestingEnabled(True)
        placement = {
            "loss": ("Loss", Qt.DockWidgetArea.LeftDockWidgetArea),
            "accuracy": ("Accuracy", Qt.DockWidgetArea.RightDockWidgetArea),
            "gates": ("Gates", Qt.DockWidgetArea.BottomDockWidgetArea),
            "log": ("Log", Qt.DockWidgetArea.BottomDockWidgetArea),
        }
        docks: dict[str, QDockWidget] = {}
        for key, (title, area) in placement.items():
            dock = QDockWidget(title, self)
            dock.setObjectName(f"dock-{key}")
            dock.setWidget(self.panels.get(key, self.log_view))
            self.addDockWidget(area, dock)
            self.commands.view_menu.addAction(dock.toggleViewAction())
            docks[key] = dock
        self.tabifyDockWidget(docks["accuracy"], docks["log"])
        docks["accuracy"].raise_()
        self.resizeDocks([docks["loss"], docks["accuracy"]], [760, 640], Qt.Orientation.Horizontal)
        self.resizeDocks([docks["loss"], docks["gates"]], [430, 470], Qt.Orientation.Vertical)
        self.commands.view_menu.addSeparator()
        self.commands.view_menu.addAction(self.commands.reset_layout)
        return docks

    def showEvent(self, event: QShowEvent) -> None:
        """First show: the last perspective, as the user left it (or built in)."""
        super().showEvent(event)
        if not self._shown:
            self._shown = True
            self.perspectives.restore(self.perspectives.current)

    def reset_layout(self) -> None:
        self.perspectives.reset()

    def save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.perspectives.save()
        self.settings.sync()

    # ------------------------------------------------------------------ language
    def changeEvent(self, event: QEvent) -> None:
        """A translator came or went (View → Language): relabel once the switch is done."""
        super().changeEvent(event)
        timer = getattr(self, "_relabel_timer", None)
        if event.type() == QEvent.Type.LanguageChange and timer is not None:
            timer.start()

    def retranslate(self) -> None:
        """Every text in the current language: the static ones by the relabeler, the status
        bar's and the plots' (numbers in them) by setting them again; a view that composes
        its texts (How it works) says so with a `retranslate()` method of its own."""
        for child in self.findChildren(QWidget):
            hook = getattr(child, "retranslate", None)
            if callable(hook):
                hook()
        apply_font(self)
        relabel(self)
        self.languages.sync()
        act.apply_state(self.commands, self.state, True)
        self.status.set_state(self.state)
        self.status.retranslate()
        if self.session.last_summary is not None and self.status.outcome.isVisible():
            self.status.show_outcome(self.session.last_summary)
        elif self.state is RunState.IDLE:
            self.announce_config()
        if len(self.history):
            for panel in self.panels.values():
                panel.invalidate()
                panel.refresh(self.history)

    # ------------------------------------------------------------------ messages
    def message(self, kind: str, title: str, text: str) -> None:
        """Tell the user: a dialog (or the hook), the log, and the status bar."""
        title = ui(title)  # callers name the title in English
        (log.error if kind == "error" else log.warning)("%s: %s", title, text)
        self.statusBar().showMessage(f"{title}: {text}", 15000)
        if self.message_hook is not None:
            self.message_hook(kind, title, text)
        elif kind == "error":
            QMessageBox.critical(self, title, text)
        else:
            QMessageBox.warning(self, title, text)

    def announce_config(self) -> None:
        self.status.clear_outcome()
        c = self.config
        data = c.data_path or (ui("embedded Omniglot") if c.dataset == "omniglot" else c.dataset)
        ready = (
            ui(
                "Ready: {name} — {way}-way {shot}-shot on {data}, {episodes} episodes. "
                "Press Start (F5) to continue."
            )
            if self.pending_resume
            else ui(
                "Ready: {name} — {way}-way {shot}-shot on {data}, {episodes} episodes. "
                "Press Start (F5) to train."
            )
        )
        self.statusBar().showMessage(
            ready.format(name=c.name, way=c.way, shot=c.shot, data=data, episodes=c.episodes)
        )
        self.setWindowTitle(f"{APP} — {c.name}")

    # ------------------------------------------------------------------ run control
    @property
    def state(self) -> RunState:
        return self.session.state

    @property
    def config(self) -> Config:
        return self.session.config

    @property
    def run_dir(self) -> Optional[Path]:
        return self.session.run_dir

    @property
    def pending_resume(self) -> bool:
        """Whether Start continues a run (an opened checkpoint, a stopped run)."""
        return self.session.next_run.resume

    def set_state(self, state: RunState) -> None:
        self.session.set_state(state)
        act.apply_state(self.commands, state, True)
        self.status.set_state(state)

    def start(self) -> None:
        """Start a run when idle; continue when paused."""
        self.runs.start()

    def toggle_pause(self, checked: bool = False) -> None:
        self.runs.toggle_pause()

    def step(self) -> None:
        """Exactly one episode: while paused, or as the first episode of a new paused run."""
        self.runs.step()

    def stop(self) -> None:
        self.runs.stop()

    def save_checkpoint(self) -> None:
        self.runs.save_checkpoint()

    @property
    def run(self) -> Optional[TrainingRun]:
        """The training run (worker + thread), while there is one."""
        return self.runs.run

    @property
    def worker_threads(self) -> Optional[int]:
        return self.runs.worker_threads

    @worker_threads.setter
    def worker_threads(self, threads: Optional[int]) -> None:
        self.runs.worker_threads = threads

    def _on_episode(self, report: EpisodeReport) -> None:
        """A report as the worker's signal delivers it (the memory and panel benches call it)."""
        self.runs._on_episode(report)

    def _on_validated(self, report: ValidationReport) -> None:
        self.runs._on_validated(report)

    # ------------------------------------------------------------------ drawing
    @property
    def redraws(self) -> int:
        return self.drawing.redraws

    def redraw(self) -> None:
        """One tick of the redraw timer (monitor/redraw.py says when a panel draws)."""
        self.drawing.tick()

    def redraw_all(self) -> None:
        """Bring every panel up to date now (before a screenshot or an export)."""
        self.drawing.redraw_all()

    def about(self) -> None:
        QMessageBox.about(self, ui("About {app}").format(app=APP), ui(act.ABOUT))

    # ------------------------------------------------------------------ closing
    def shutdown(self) -> None:
        """Stop and join the training thread (the worker keeps the last checkpoint)."""
        self.redraw_timer.stop()
        self.stop_following()
        self.runs.shutdown()
        logging.getLogger("mlstm").removeHandler(self._log_handler)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._shown:  # never shown: nothing worth remembering
            self.save_layout()
        self.shutdown()
        super().closeEvent(event)
