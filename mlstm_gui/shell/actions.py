"""The main window's actions, toolbar and menus, and which actions a run state enables.

Every command a user can give is one QAction (toolbar, menu and shortcut share it), so the tour
and the tests press exactly what a user presses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QToolBar

from mlstm_gui.common.i18n import ui
from mlstm_gui.common.states import RunState

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.shell.main_window import MainWindow


ABOUT = str(
    QT_TRANSLATE_NOOP(
        "App",
        """<h3>Meta-LSTM Explorer</h3>
<p>Meta-Learner LSTM (Ravi &amp; Larochelle, ICLR 2017): an LSTM <i>is</i> the optimiser of a
small CNN learner. Its cell state holds the learner's parameters θ, updated per inner step as
θ<sub>t</sub> = f<sub>t</sub>·θ<sub>t−1</sub> − i<sub>t</sub>·∇L<sub>t</sub>.<br>
The <b>input gate i<sub>t</sub></b> is a learned, per-parameter learning rate.<br>
The <b>forget gate f<sub>t</sub></b> is a learned weight decay (f = 1: keep θ; f &lt; 1: shrink it).<br>
The initial cell state <b>c<sub>0</sub></b> is a learned initialisation of the learner.<br>
Meta-training backpropagates the query loss after T inner steps into the gates and c<sub>0</sub>.</p>
""",
    )
)


@dataclass
class Actions:
    new_run: QAction
    start: QAction
    pause: QAction  # checkable: checked = paused; text switches Pause/Resume
    step: QAction
    stop: QAction
    save_checkpoint: QAction
    open_checkpoint: QAction
    open_run: QAction
    stop_following: QAction
    export_csv: QAction
    quit: QAction
    reset_layout: QAction
    about: QAction
    toolbar: QToolBar = field(init=False)
    view_menu: QMenu = field(init=False)


def _action(
    window: "MainWindow",
    text: str,
    shortcut: str | QKeySequence.StandardKey,
    tip: str,
    icon: QStyle.StandardPixmap | None = None,
) -> QAction:
    act = QAction(text, window)
    act.setShortcut(QKeySequence(shortcut))
    act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    act.setToolTip(f"{tip} ({QKeySequence(shortcut).toString()})")
    act.setStatusTip(tip)
    if icon is not None:
        act.setIcon(window.style().standardIcon(icon))
    return act


def build_actions(window: "MainWindow") -> Actions:
    """Create the actions, connect them to the window's slots, fill toolbar and menus."""
    sp = QStyle.StandardPixmap
    a = Actions(
        new_run=_action(
            window,
            "&New run…",
            QKeySequence.StandardKey.New,
            "Choose a preset and edit the run's config",
            sp.SP_FileDialogNewFolder,
        ),
        start=_action(
            window, "&Start", "F5", "Start training (or continue when paused)", sp.SP_MediaPlay
        ),
        pause=_action(window, "&Pause", "F6", "Pause / resume training", sp.SP_MediaPause),
        step=_action(
            window, "S&tep", "F10", "Train exactly one episode while paused", sp.SP_MediaSkipForward
        ),
        stop=_action(
            window,
            "St&op",
            "Shift+F5",
            "Stop training and keep the last checkpoint",
            sp.SP_MediaStop,
        ),
        save_checkpoint=_action(
            window,
            "&Save checkpoint",
            QKeySequence.StandardKey.Save,
            "Save a checkpoint of the run now",
            sp.SP_DialogSaveButton,
        ),
        open_checkpoint=_action(
            window,
            "&Open checkpoint…",
            QKeySequence.StandardKey.Open,
            "Continue training from a checkpoint",
            sp.SP_DialogOpenButton,
        ),
        open_run=_action(
            window,
            "Open &run folder…",
            "Ctrl+Shift+O",
            "Show a run folder's metrics and follow it live while another process trains",
            sp.SP_DirOpenIcon,
        ),
        stop_following=_action(
            window, "Stop &following run", "Ctrl+Shift+F", "Stop following the opened run folder"
        ),
        export_csv=_action(
            window, "&Export metrics CSV…", "Ctrl+E", "Write the metric history as CSV"
        ),
        quit=_action(window, "&Quit", QKeySequence.StandardKey.Quit, "Quit (stops training)"),
        reset_layout=_action(
            window, "&Reset layout", "Ctrl+Shift+R", "Put every panel back where it started"
        ),
        about=_action(window, "&About", "F1", "What the Meta-Learner LSTM does"),
    )
    a.pause.setCheckable(True)
    a.new_run.triggered.connect(window.new_run)
    a.start.triggered.connect(window.start)
    a.pause.triggered.connect(window.toggle_pause)
    a.step.triggered.connect(window.step)
    a.stop.triggered.connect(window.stop)
    a.save_checkpoint.triggered.connect(window.save_checkpoint)
    # these slots take an optional path: triggered(bool) would hand them `checked` as one
    a.open_checkpoint.triggered.connect(lambda: window.open_checkpoint())
    a.open_run.triggered.connect(lambda: window.open_run_folder())
    a.stop_following.triggered.connect(window.stop_following)
    a.stop_following.setEnabled(False)  # enabled while a run folder is followed
    a.export_csv.triggered.connect(lambda: window.export_csv())
    a.quit.triggered.connect(window.close)
    a.reset_layout.triggered.connect(window.reset_layout)
    a.about.triggered.connect(window.about)

    bar = QToolBar("Training", window)
    bar.setObjectName("toolbar-training")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for act in (a.new_run, a.start, a.pause, a.step, a.stop):
        bar.addAction(act)
    bar.addSeparator()
    for act in (a.save_checkpoint, a.open_checkpoint, a.open_run):
        bar.addAction(act)
    window.addToolBar(bar)
    a.toolbar = bar

    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    for act in (
        a.new_run,
        a.open_checkpoint,
        a.open_run,
        a.stop_following,
        a.save_checkpoint,
        a.export_csv,
    ):
        file_menu.addAction(act)
    file_menu.addSeparator()
    file_menu.addAction(a.quit)
    run_menu = menu.addMenu("&Run")
    for act in (a.start, a.pause, a.step, a.stop):
        run_menu.addAction(act)
    a.view_menu = menu.addMenu("&View")  # the window adds its docks' toggles
    help_menu = menu.addMenu("&Help")
    help_menu.addAction(a.about)
    return a


def apply_state(a: Actions, state: RunState, has_run_dir: bool) -> None:
    """Enable what makes sense in `state`; keep the Pause toggle in step with the worker."""
    idle = state is RunState.IDLE
    live = state in (RunState.RUNNING, RunState.PAUSED)
    a.new_run.setEnabled(idle)
    a.open_checkpoint.setEnabled(idle)
    a.open_run.setEnabled(idle)
    a.start.setEnabled(idle or state is RunState.PAUSED)
    a.start.setText(ui("&Continue") if state is RunState.PAUSED else ui("&Start"))
    a.pause.setEnabled(live)
    a.pause.blockSignals(True)
    a.pause.setChecked(state is RunState.PAUSED)
    a.pause.blockSignals(False)
    a.pause.setText(ui("&Resume") if state is RunState.PAUSED else ui("&Pause"))
    style = QApplication.style()
    if style is not None:
        a.pause.setIcon(
            style.standardIcon(
                QStyle.StandardPixmap.SP_MediaPlay
                if state is RunState.PAUSED
                else QStyle.StandardPixmap.SP_MediaPause
            )
        )
    a.step.setEnabled(idle or state is RunState.PAUSED)
    a.stop.setEnabled(live or state is RunState.STARTING)
    a.save_checkpoint.setEnabled(live and has_run_dir)
