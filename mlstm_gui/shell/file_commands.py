"""The File menu's commands: new run, open checkpoint / run folder, follow a run, export.

An object the window owns (`window.files`); it prepares what the next Start does (config, run
folder, resume) or loads data into the history, and reaches the window only through the
`FileHost` protocol, so this module does not know the window's class."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Optional, Protocol

from PySide6.QtWidgets import QFileDialog, QInputDialog, QStatusBar, QWidget

from engine.config import Config
from engine.errors import EngineError
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.settings import Folders, runs_root
from mlstm_gui.monitor.history import MetricHistory
from mlstm_gui.monitor.run_files import apply_records, load_run_folder, plan_resume
from mlstm_gui.monitor.run_follow import RunFollower
from mlstm_gui.shell.run_form import RunForm
from mlstm_gui.shell.session import NextRun, RunSession

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.explore.exploration import ExplorationController
    from mlstm_gui.shell.actions import Actions
    from mlstm_gui.shell.status import StatusPanel

# While only following a run written elsewhere there is no training here to leave time for:
# drawing may take a quarter of the GUI thread, and no panel waits over half a second.
FOLLOW_DUTY, FOLLOW_MAX_WAIT = 0.25, 0.5

log = logging.getLogger("mlstm.gui")


class Budget(Protocol):
    def relax(self, duty: float, max_wait: float) -> None: ...

    def restore(self) -> None: ...


class FileHost(Protocol):
    """What the file commands need of the window: the next run's settings (written here) and
    the views they fill (read only)."""

    @property
    def session(self) -> RunSession: ...

    @property
    def history(self) -> MetricHistory: ...

    @property
    def folders(self) -> Folders: ...

    @property
    def status(self) -> "StatusPanel": ...

    @property
    def commands(self) -> "Actions": ...

    @property
    def budget(self) -> Budget: ...

    @property
    def exploration(self) -> "ExplorationController": ...

    def message(self, kind: str, title: str, text: str) -> None: ...

    def statusBar(self) -> QStatusBar: ...

    def widget(self) -> QWidget: ...

    def draw_all_next(self) -> None: ...

    def announce_config(self) -> None: ...


class FileCommands:
    def __init__(self, host: FileHost) -> None:
        self.host = host
        self.follower: Optional[RunFollower] = None  # a run folder followed live

    def new_run(self) -> None:
        form = RunForm(self.host.session.config, self.host.folders, self.host.widget())
        if form.exec() == RunForm.DialogCode.Accepted:
            config = form.config()
            if config is not None:
                self.use_config(config, form.run_dir())

    def use_config(self, config: Config, run_dir: Optional[Path] = None) -> None:
        """The next Start trains `config` from scratch (in `run_dir`, or a new runs folder)."""
        self.stop_following()
        self.host.session.plan(NextRun(config, run_dir))
        self.host.history.clear()
        self.host.draw_all_next()
        self.host.announce_config()

    def open_checkpoint(self, path: Optional[str] = None) -> bool:
        """Prepare to continue training from a checkpoint (Start continues it)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self.host.widget(),
                ui("Open checkpoint"),
                self.host.folders.get("checkpoints"),
                ui("Checkpoints (*.pt);;All files (*)"),
            )
            if not path:
                return False
        self.stop_following()
        try:
            plan = plan_resume(path, runs_root())
            if plan.in_place:
                load_run_folder(plan.run_dir, self.host.history, upto=plan.episode)
            else:
                self.host.history.clear()
        except EngineError as exc:
            self.host.message("error", "Cannot open checkpoint", engine_text(exc))
            return False
        self.host.folders.remember("checkpoints", path)
        self.host.draw_all_next()
        config = plan.config
        if plan.episode >= config.episodes:  # finished: ask how far to continue
            total, ok = QInputDialog.getInt(
                self.host.widget(),
                ui("Continue training"),
                ui("This checkpoint finished its {n} episodes. Continue until episode:").format(
                    n=config.episodes
                ),
                plan.episode * 2,
                plan.episode + 1,
                100_000_000,
            )
            if not ok:
                return False
            config = config.replace(episodes=total)
        self.host.session.plan(NextRun(config, plan.run_dir, resume=True))
        self.host.status.current, self.host.status.total = plan.episode, config.episodes
        log.info("opened %s at episode %d (run folder %s)", path, plan.episode, plan.run_dir)
        self.host.announce_config()
        return True

    def open_run_folder(self, path: Optional[str] = None, follow: bool = True) -> bool:
        """Load a run folder's metrics into the plots and (by default) follow it live: lines
        that another process appends show up within a second, and its newest last.pt becomes
        a model for replay and try-it. Nothing is ever written into the folder."""
        if path is None:
            path = QFileDialog.getExistingDirectory(
                self.host.widget(), ui("Open run folder"), self.host.folders.get("runs")
            )
            if not path:
                return False
        self.stop_following()
        follower = RunFollower(path, self.host.widget())
        try:
            loaded = load_run_folder(path, self.host.history, tail=follower.tail)
        except EngineError as exc:
            follower.deleteLater()
            self.host.message("error", "Cannot open run folder", engine_text(exc))
            return False
        self.host.folders.remember("runs", path)
        self.host.draw_all_next()  # draw the loaded run at once
        self.host.status.current = loaded.last_episode
        self.host.status.total = loaded.config.episodes if loaded.config else loaded.last_episode
        log.info(
            "loaded %s: %d episodes, %d validations (gate heatmaps approximated from the "
            "per-layer mean and std in metrics.jsonl)",
            path,
            loaded.episodes,
            loaded.validations,
        )
        self.host.statusBar().showMessage(
            ui("Loaded {path}: {n} episodes").format(path=path, n=loaded.episodes), 10000
        )
        if follow:
            self.follower = follower
            follower.records.connect(self._on_followed_records)
            follower.checkpoint.connect(self._on_followed_checkpoint)
            follower.failed.connect(self._on_follow_failed)
            self.host.budget.relax(FOLLOW_DUTY, FOLLOW_MAX_WAIT)
            follower.start()
            self.host.session.follow(Path(path))
            self.host.commands.stop_following.setEnabled(True)
        else:
            follower.deleteLater()
        return True

    def stop_following(self) -> None:
        """Stop following the opened run folder (its plots stay as they are)."""
        follower = self.follower
        if follower is None:
            return
        follower.stop()
        follower.deleteLater()
        self.follower = None
        self.host.session.follow(None)
        self.host.budget.restore()
        self.host.commands.stop_following.setEnabled(False)
        log.info("stopped following %s", follower.folder)

    def _on_followed_records(self, records: list, restarted: bool) -> None:
        if restarted:  # the run was resumed elsewhere and rewrote its metrics
            self.host.history.clear()
            self.host.draw_all_next()
        _, _, last = apply_records(self.host.history, records)
        if last:
            self.host.status.current = last
            self.host.status.total = max(self.host.status.total or 0, last)
            folder = self.follower.folder.name if self.follower else ""
            self.host.statusBar().showMessage(
                ui("Following {folder}: episode {n}").format(folder=folder, n=last), 5000
            )

    def _on_followed_checkpoint(self, path: str) -> None:
        self.host.exploration.follow_checkpoint(path)

    def _on_follow_failed(self, text: str) -> None:
        self.stop_following()
        self.host.message("warning", "Stopped following the run", text)

    def export_csv(self, path: Optional[str] = None) -> bool:
        """Write the whole metric history (held episodes and all validations) as CSV."""
        if path is None:
            start = str(
                Path(self.host.folders.get("exports"))
                / f"{self.host.session.config.name}-metrics.csv"
            )
            path, _ = QFileDialog.getSaveFileName(
                self.host.widget(), ui("Export metrics CSV"), start, ui("CSV (*.csv)")
            )
            if not path:
                return False
        try:
            self.host.history.to_csv(path)
        except OSError as exc:
            self.host.message(
                "error",
                "Export failed",
                ui("cannot write {path}: {why}").format(path=path, why=exc.strerror or exc),
            )
            return False
        self.host.folders.remember("exports", path)
        self.host.statusBar().showMessage(ui("Metrics written to {path}").format(path=path), 5000)
        return True
