"""The File menu's commands for the main window: new run, open checkpoint / run folder, export.

A mixin so the window module stays about run control and drawing; these methods only prepare
what the next Start does (config, run folder, resume) or load data into the history."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Optional

from PySide6.QtWidgets import QFileDialog, QInputDialog

from engine.config import Config
from engine.errors import EngineError
from mlstm_gui.common.settings import runs_root
from mlstm_gui.monitor.run_files import apply_records, load_run_folder, plan_resume
from mlstm_gui.monitor.run_follow import RunFollower
from mlstm_gui.shell.run_form import RunForm

# While only following a run written elsewhere there is no training here to leave time for:
# drawing may take a quarter of the GUI thread, and no panel waits over half a second.
FOLLOW_DUTY, FOLLOW_MAX_WAIT = 0.25, 0.5

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.shell.main_window import MainWindow

log = logging.getLogger("mlstm.gui")


class FileActions:
    """Mixed into MainWindow; `self` is the window."""

    def new_run(self: "MainWindow") -> None:
        form = RunForm(self.config, self.folders, self)
        if form.exec() == RunForm.DialogCode.Accepted and form.config() is not None:
            self.use_config(form.config(), form.run_dir())  # type: ignore[arg-type]

    def use_config(self: "MainWindow", config: Config, run_dir: Optional[Path] = None) -> None:
        """The next Start trains `config` from scratch (in `run_dir`, or a new runs folder)."""
        self.stop_following()
        self.config, self.pending_run_dir, self.pending_resume = config, run_dir, False
        self.history.clear()
        self._first_draw = set(self.panels)
        self._announce_config()

    def open_checkpoint(self: "MainWindow", path: Optional[str] = None) -> bool:
        """Prepare to continue training from a checkpoint (Start continues it)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                "Open checkpoint",
                self.folders.get("checkpoints"),
                "Checkpoints (*.pt);;All files (*)",
            )
            if not path:
                return False
        self.stop_following()
        try:
            plan = plan_resume(path, runs_root())
            if plan.in_place:
                load_run_folder(plan.run_dir, self.history, upto=plan.episode)
            else:
                self.history.clear()
        except EngineError as exc:
            self.message("error", "Cannot open checkpoint", str(exc))
            return False
        self.folders.remember("checkpoints", path)
        self._first_draw = set(self.panels)
        config = plan.config
        if plan.episode >= config.episodes:  # finished: ask how far to continue
            total, ok = QInputDialog.getInt(
                self,
                "Continue training",
                f"This checkpoint finished its {config.episodes} episodes. Continue until episode:",
                plan.episode * 2,
                plan.episode + 1,
                100_000_000,
            )
            if not ok:
                return False
            config = config.replace(episodes=total)
        self.config, self.pending_run_dir, self.pending_resume = config, plan.run_dir, True
        self.status.current, self.status.total = plan.episode, config.episodes
        log.info("opened %s at episode %d (run folder %s)", path, plan.episode, plan.run_dir)
        self._announce_config()
        return True

    def open_run_folder(
        self: "MainWindow", path: Optional[str] = None, follow: bool = True
    ) -> bool:
        """Load a run folder's metrics into the plots and (by default) follow it live: lines
        that another process appends show up within a second, and its newest last.pt becomes
        a model for replay and try-it. Nothing is ever written into the folder."""
        if path is None:
            path = QFileDialog.getExistingDirectory(
                self, "Open run folder", self.folders.get("runs")
            )
            if not path:
                return False
        self.stop_following()
        follower = RunFollower(path, self)
        try:
            loaded = load_run_folder(path, self.history, tail=follower.tail)
        except EngineError as exc:
            follower.deleteLater()
            self.message("error", "Cannot open run folder", str(exc))
            return False
        self.folders.remember("runs", path)
        self._first_draw = set(self.panels)  # draw the loaded run at once
        self.status.current = loaded.last_episode
        self.status.total = loaded.config.episodes if loaded.config else loaded.last_episode
        log.info(
            "loaded %s: %d episodes, %d validations (gate heatmaps approximated from the "
            "per-layer mean and std in metrics.jsonl)",
            path,
            loaded.episodes,
            loaded.validations,
        )
        self.statusBar().showMessage(f"Loaded {path}: {loaded.episodes} episodes", 10000)
        if follow:
            self.follower = follower
            follower.records.connect(self._on_followed_records)
            follower.checkpoint.connect(self._on_followed_checkpoint)
            follower.failed.connect(self._on_follow_failed)
            self.budget.relax(FOLLOW_DUTY, FOLLOW_MAX_WAIT)
            follower.start()
            self.commands.stop_following.setEnabled(True)
        else:
            follower.deleteLater()
        return True

    def stop_following(self: "MainWindow") -> None:
        """Stop following the opened run folder (its plots stay as they are)."""
        follower = getattr(self, "follower", None)
        if follower is None:
            return
        follower.stop()
        follower.deleteLater()
        self.follower = None
        self.budget.restore()
        self.commands.stop_following.setEnabled(False)
        log.info("stopped following %s", follower.folder)

    def _on_followed_records(self: "MainWindow", records: list, restarted: bool) -> None:
        if restarted:  # the run was resumed elsewhere and rewrote its metrics
            self.history.clear()
            self._first_draw = set(self.panels)
        _, _, last = apply_records(self.history, records)
        if last:
            self.status.current = last
            self.status.total = max(self.status.total or 0, last)
            folder = self.follower.folder.name if self.follower else ""
            self.statusBar().showMessage(f"Following {folder}: episode {last}", 5000)

    def _on_followed_checkpoint(self: "MainWindow", path: str) -> None:
        exploration = getattr(self, "exploration", None)
        if exploration is not None:
            exploration.follow_checkpoint(path)

    def _on_follow_failed(self: "MainWindow", text: str) -> None:
        self.stop_following()
        self.message("warning", "Stopped following the run", text)

    def export_csv(self: "MainWindow", path: Optional[str] = None) -> bool:
        """Write the whole metric history (held episodes and all validations) as CSV."""
        if path is None:
            start = str(Path(self.folders.get("exports")) / f"{self.config.name}-metrics.csv")
            path, _ = QFileDialog.getSaveFileName(self, "Export metrics CSV", start, "CSV (*.csv)")
            if not path:
                return False
        try:
            self.history.to_csv(path)
        except OSError as exc:
            self.message("error", "Export failed", f"cannot write {path}: {exc.strerror or exc}")
            return False
        self.folders.remember("exports", path)
        self.statusBar().showMessage(f"Metrics written to {path}", 5000)
        return True
