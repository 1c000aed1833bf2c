"""The main window end to end, offscreen: toolbar actions drive a real worker thread, the plots
receive data, errors reach the user, closing joins the thread, the form names bad fields."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox

from engine.training.trainer import MetaTrainer
from mlstm_gui.shell.main_window import MainWindow
from mlstm_gui.shell.run_form import RunForm

TIMEOUT = 30_000


@pytest.fixture
def dialogs(monkeypatch) -> list[tuple[str, str]]:
    """Record QMessageBox calls instead of blocking on a modal dialog."""
    seen: list[tuple[str, str]] = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(
            QMessageBox,
            kind,
            staticmethod(lambda parent, title, text, *a, **k: seen.append((title, text))),
        )
    return seen


def data_of(curve) -> np.ndarray:
    x, y = curve.getData()
    return np.asarray([] if y is None else y)


def wait_idle(qtbot, win: MainWindow) -> None:
    qtbot.waitUntil(lambda: win.state == "idle" and win.run is None, timeout=TIMEOUT)


def test_training_from_the_toolbar_fills_every_plot(qtbot, window, tiny_config):
    window.commands.start.trigger()
    qtbot.waitUntil(
        lambda: len(window.history) >= 12 and len(window.history.validation()[0]), timeout=TIMEOUT
    )
    loss, acc, gates = (window.panels[k] for k in ("loss", "accuracy", "gates"))

    def plotted() -> bool:
        return (
            data_of(loss.raw_curve).size >= 12
            and data_of(loss.smooth_curve).size >= 12
            and data_of(loss.inner_curve).size == tiny_config.inner_steps
            and data_of(acc.train_curve).size >= 12
            and data_of(acc.val_curve).size >= 1
            and gates.heatmaps["input"].image is not None
            and gates.heatmaps["forget"].image is not None
        )

    qtbot.waitUntil(plotted, timeout=TIMEOUT)  # drawn by the redraw timer, not per episode
    heat = gates.heatmaps["input"].image
    assert heat.size > 0 and np.isfinite(heat).all()
    assert any(data_of(c).size == tiny_config.inner_steps for c in gates.step_curves.values())
    assert window.redraws >= 1
    wait_idle(qtbot, window)
    assert window.status.current == tiny_config.episodes
    assert "best val" in window.status.best.text() and "%" in window.status.best.text()
    assert window.status.lr.text() == f"meta-lr {tiny_config.meta_lr:.2g}"
    run_dir = Path(os.environ["MLSTM_RUNS_DIR"])
    assert list(run_dir.glob("*/checkpoints/last.pt"))
    # the status says how it ended, not "Ready", and keeps saying it until the next action
    outcome = window.status.outcome
    n = tiny_config.episodes
    assert not outcome.isHidden() and window.statusBar().currentMessage() == ""
    assert outcome.text().startswith(f"Run finished: {n} episodes (episodes 0→{n} of {n}) in ")
    assert "best validation" in outcome.text() and str(window.run_dir) in outcome.text()
    assert window.session.last_summary.ending.value == "finished"
    window.use_config(tiny_config)
    assert outcome.isHidden() and "Ready" in window.statusBar().currentMessage()


def test_pause_step_resume_stop_from_the_toolbar(qtbot, window, tiny_config):
    window.use_config(tiny_config.replace(episodes=10_000, val_interval=10_000))
    a = window.commands
    a.start.trigger()
    qtbot.waitUntil(lambda: len(window.history) >= 2, timeout=TIMEOUT)
    a.pause.trigger()
    qtbot.waitUntil(lambda: window.state == "paused", timeout=TIMEOUT)
    assert a.pause.isChecked() and a.step.isEnabled() and a.pause.text() == "&Resume"
    at = len(window.history)
    a.step.trigger()
    qtbot.waitUntil(lambda: len(window.history) == at + 1, timeout=TIMEOUT)
    a.pause.trigger()  # resume
    qtbot.waitUntil(lambda: len(window.history) >= at + 3, timeout=TIMEOUT)
    assert window.state == "running"
    a.stop.trigger()
    wait_idle(qtbot, window)
    assert a.start.isEnabled() and not a.stop.isEnabled()
    text = window.status.outcome.text()
    assert text.startswith("Run stopped:") and "Start (F5) continues it." in text
    # Start now continues the stopped run from its last checkpoint.
    assert window.pending_resume
    done = len(window.history)
    a.start.trigger()
    qtbot.waitUntil(lambda: len(window.history) >= done + 2, timeout=TIMEOUT)
    a.stop.trigger()
    wait_idle(qtbot, window)


def test_closing_mid_training_joins_the_thread_and_keeps_a_checkpoint(qtbot, tiny_config):
    win = MainWindow(
        tiny_config.replace(episodes=10_000, val_interval=10_000, checkpoint_interval=10_000)
    )
    qtbot.addWidget(win)
    win.show()
    win.commands.start.trigger()
    qtbot.waitUntil(lambda: len(win.history) >= 3, timeout=TIMEOUT)
    thread, run_dir = win.run.thread, win.run_dir
    win.close()
    assert not thread.isRunning()
    assert win.run is None
    assert (run_dir / "checkpoints" / "last.pt").is_file()


def test_engine_exception_shows_an_error_and_the_app_stays_usable(
    qtbot, window, dialogs, monkeypatch
):
    original = MetaTrainer.step

    def broken(self):
        if self.episode == 1:
            raise RuntimeError("the engine broke")
        return original(self)

    monkeypatch.setattr(MetaTrainer, "step", broken)
    window.commands.start.trigger()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=TIMEOUT)
    wait_idle(qtbot, window)
    title, text = dialogs[0]
    assert title == "Training failed" and "RuntimeError: the engine broke" in text
    assert "the engine broke" in window.log_view.toPlainText()
    assert window.commands.start.isEnabled() and window.commands.new_run.isEnabled()
    assert not window.commands.stop.isEnabled()
    text = window.status.outcome.text()
    assert text.startswith("Run failed: 1 episode (episodes 0→1") and "the engine broke" in text

    monkeypatch.setattr(MetaTrainer, "step", original)
    window.commands.start.trigger()
    qtbot.waitUntil(lambda: len(window.history) >= 3, timeout=TIMEOUT)
    window.commands.stop.trigger()
    wait_idle(qtbot, window)
    assert len(dialogs) == 1


def test_worker_signals_reach_the_window_in_the_gui_thread(qtbot, window, dialogs, monkeypatch):
    """Every report, state change and warning is handled in the GUI thread (queued), never in
    the worker thread that emits it: widgets touched from another thread can deadlock Qt."""
    import threading

    from mlstm_gui.monitor.worker import TrainingWorker

    seen: set[int] = set()
    add = window.history.add_episode
    window.history.add_episode = lambda r: (seen.add(threading.get_ident()), add(r))[1]
    real_message = window.message
    monkeypatch.setattr(
        window, "message", lambda *a: (seen.add(threading.get_ident()), real_message(*a))[1]
    )

    def save_fails(self, trainer, path):
        self.warning.emit("Checkpoint not saved: disk full")

    monkeypatch.setattr(TrainingWorker, "_save", save_fails)
    window.commands.start.trigger()
    qtbot.waitUntil(lambda: len(window.history) >= 3, timeout=TIMEOUT)
    window.commands.save_checkpoint.trigger()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=TIMEOUT)
    window.commands.stop.trigger()
    wait_idle(qtbot, window)
    assert dialogs[0] == ("Checkpoint", "Checkpoint not saved: disk full")
    assert seen == {threading.get_ident()}


def test_bad_config_in_the_form_names_the_field(qtbot, tiny_config):
    form = RunForm(tiny_config)
    qtbot.addWidget(form)
    form.edits["way"].setText("1")
    form.accept()
    assert form.result() != RunForm.DialogCode.Accepted and form.config() is None
    assert "'way'" in form.error_text()
    form.edits["way"].setText("5")
    form.edits["meta_lr"].setText("fast")
    form.accept()
    assert "'meta_lr'" in form.error_text() and "number" in form.error_text()
    form.edits["meta_lr"].setText("0.01")
    form.edits["meta_lr_halflife"].setText("-3")
    form.accept()
    assert "'meta_lr_halflife'" in form.error_text()
    form.edits["meta_lr_halflife"].setText("2000")
    form.accept()
    assert form.result() == RunForm.DialogCode.Accepted
    assert form.config().way == 5 and form.config().meta_lr == 0.01
    assert form.config().meta_lr_halflife == 2000


def test_form_saves_yaml_and_loads_presets(qtbot, tiny_config, tmp_path):
    from engine.config import load_config

    form = RunForm(tiny_config)
    qtbot.addWidget(form)
    form.edits["episodes"].setText("123")
    assert form.save_yaml(tmp_path / "edited.yaml")
    assert load_config(tmp_path / "edited.yaml") == tiny_config.replace(episodes=123)
    assert form.load_file(Path(__file__).resolve().parents[3] / "configs" / "demo.yaml")
    assert form.dataset.currentText() == "omniglot"
    (tmp_path / "bad.yaml").write_text("way: many\n")
    assert not form.load_file(tmp_path / "bad.yaml")
    assert "'way'" in form.error_text()


def test_open_checkpoint_continues_and_run_folder_loads(qtbot, window, tiny_config, tmp_path):
    window.commands.start.trigger()
    wait_idle(qtbot, window)
    run_dir = window.run_dir
    assert window.export_csv(str(tmp_path / "metrics.csv"))
    assert (tmp_path / "metrics.csv").read_text().count("\n") > tiny_config.episodes

    window.history.clear()
    assert window.open_run_folder(str(run_dir))
    assert len(window.history) == tiny_config.episodes
    assert len(window.history.validation()[0]) == tiny_config.episodes // tiny_config.val_interval

    # A checkpoint copied elsewhere seeds a new run folder; Start continues from its episode.
    longer = tiny_config.replace(episodes=tiny_config.episodes + 4)
    from engine.io.checkpoint import read_checkpoint, save_checkpoint

    bundle = read_checkpoint(run_dir / "checkpoints" / "last.pt")
    trainer = MetaTrainer(longer)
    trainer.meta.load_state_dict(bundle["meta"])
    save_checkpoint(
        tmp_path / "mine.pt",
        config=longer,
        preprocessing=trainer.preprocessing,
        meta=trainer.meta,
        trainer=bundle["trainer"],
    )
    assert window.open_checkpoint(str(tmp_path / "mine.pt"))
    assert window.pending_resume and window.config.episodes == longer.episodes
    window.commands.start.trigger()
    wait_idle(qtbot, window)
    assert len(window.history) == 4
    assert int(window.history.series().episode[0]) == tiny_config.episodes + 1


def test_open_bad_checkpoint_shows_a_readable_error(qtbot, window, dialogs, tmp_path):
    bad = tmp_path / "broken.pt"
    bad.write_bytes(b"not a checkpoint")
    assert not window.open_checkpoint(str(bad))
    assert dialogs and "broken.pt" in dialogs[0][1]
    assert window.commands.start.isEnabled()


def test_layout_is_remembered_in_the_private_settings(qtbot, tiny_config):
    win = MainWindow(tiny_config)
    qtbot.addWidget(win)
    win.show()
    win.docks["gates"].hide()
    win.close()
    assert Path(os.environ["MLSTM_SETTINGS_DIR"], "settings.ini").is_file()
    again = MainWindow(tiny_config)
    qtbot.addWidget(again)
    again.show()
    assert again.docks["gates"].isHidden()
    again.reset_layout()
    assert not again.docks["gates"].isHidden()
    again.close()


def test_nan_loss_pauses_with_a_message_and_stop_still_works(
    qtbot, window, dialogs, monkeypatch, tiny_config
):
    from engine.training import trainer as trainer_mod

    original = trainer_mod.query_pass
    calls = {"n": 0}

    def poisoned(*args, **kwargs):
        logits, loss, acc = original(*args, **kwargs)
        calls["n"] += 1
        return logits, (loss * float("inf") if calls["n"] == 4 else loss), acc

    monkeypatch.setattr(trainer_mod, "query_pass", poisoned)
    window.use_config(tiny_config.replace(val_interval=1000))
    window.commands.start.trigger()
    qtbot.waitUntil(lambda: bool(dialogs) and window.state == "paused", timeout=TIMEOUT)
    assert dialogs[0][0] == "Training paused" and "episode 4" in dialogs[0][1]
    assert window.commands.stop.isEnabled() and window.commands.pause.text() == "&Resume"
    window.commands.stop.trigger()
    wait_idle(qtbot, window)
    assert len(window.history) == 3
