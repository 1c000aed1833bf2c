"""The training worker on its own: commands, episode counts, stop latency, errors, NaN."""

from __future__ import annotations

import pytest

from engine.errors import DataError
from engine.training import trainer as trainer_mod
from engine.training.trainer import MetaTrainer
from mlstm_gui.monitor.worker import TrainingRun, TrainingWorker

TIMEOUT = 20_000


class Recorder:
    """Collects what the worker sends (in the GUI thread, by queued signals)."""

    def __init__(self, worker: TrainingWorker) -> None:
        self.episodes: list[int] = []
        self.states: list[str] = []
        self.failed: list[str] = []
        self.nonfinite: list[str] = []
        self.validations: list[int] = []
        self.checkpoints: list[str] = []
        worker.episode_done.connect(lambda r: self.episodes.append(r.episode))
        worker.state_changed.connect(self.states.append)
        worker.failed.connect(self.failed.append)
        worker.nonfinite.connect(self.nonfinite.append)
        worker.validated.connect(lambda r: self.validations.append(r.episode))
        worker.checkpointed.connect(lambda e: self.checkpoints.append(e.kind))

    @property
    def state(self) -> str:
        return self.states[-1] if self.states else ""


def make_run(config, **kwargs) -> tuple[TrainingRun, Recorder, dict]:
    """A run whose trainer the test can inspect after the thread has ended."""
    holder: dict = {}

    def factory(cfg, run_dir, resume):
        holder["trainer"] = MetaTrainer(cfg, run_dir=run_dir, resume=resume)
        return holder["trainer"]

    worker = TrainingWorker(config, trainer_factory=factory, **kwargs)
    return TrainingRun(worker), Recorder(worker), holder


def finish(qtbot, run: TrainingRun) -> None:
    if run.is_running():
        with qtbot.waitSignal(run.thread.finished, timeout=TIMEOUT):
            run.worker.stop()
    assert run.join()


def test_start_pause_step_resume_stop_counts_episodes(qtbot, tiny_config):
    run, rec, holder = make_run(tiny_config.replace(episodes=10_000, val_interval=10_000))
    run.start()
    qtbot.waitUntil(lambda: len(rec.episodes) >= 3, timeout=TIMEOUT)
    run.worker.pause()
    qtbot.waitUntil(lambda: rec.state == "paused", timeout=TIMEOUT)
    paused_at = len(rec.episodes)  # every episode before "paused" has been delivered
    assert holder["trainer"].episode == paused_at

    for k in (1, 2, 3):  # each Step trains exactly one episode and stays paused
        run.worker.step()
        qtbot.waitUntil(lambda k=k: len(rec.episodes) == paused_at + k, timeout=TIMEOUT)
    assert rec.state == "paused"
    assert holder["trainer"].episode == paused_at + 3

    run.worker.resume()
    qtbot.waitUntil(lambda: len(rec.episodes) >= paused_at + 6, timeout=TIMEOUT)
    with qtbot.waitSignal(run.thread.finished, timeout=TIMEOUT):
        run.worker.stop()
    assert run.join()
    assert rec.states == ["running", "paused", "running", "stopped"]
    assert rec.episodes == list(range(1, len(rec.episodes) + 1))
    assert holder["trainer"].episode == len(rec.episodes)


def test_stop_takes_effect_within_one_episode(qtbot, tiny_config):
    run, rec, holder = make_run(tiny_config.replace(episodes=10_000, val_interval=10_000))
    run.start()
    qtbot.waitUntil(lambda: len(rec.episodes) >= 5, timeout=TIMEOUT)
    with qtbot.waitSignal(run.thread.finished, timeout=TIMEOUT):
        at_stop = holder["trainer"].episode  # the worker may be inside episode at_stop + 1
        run.worker.stop()
    assert holder["trainer"].episode <= at_stop + 1
    assert rec.state == "stopped"


def test_step_from_a_paused_start_and_finish(qtbot, tiny_config):
    run, rec, holder = make_run(tiny_config.replace(episodes=4, val_interval=2), start_paused=True)
    run.worker.step(2)
    run.start()
    qtbot.waitUntil(lambda: len(rec.episodes) == 2 and rec.state == "paused", timeout=TIMEOUT)
    assert rec.validations == [2]
    with qtbot.waitSignal(run.thread.finished, timeout=TIMEOUT):
        run.worker.resume()
    assert rec.episodes == [1, 2, 3, 4]
    assert rec.states[-1] == "finished"
    assert rec.validations == [2, 4]


def test_stop_keeps_a_checkpoint_in_the_run_folder(qtbot, tiny_config, tmp_path):
    cfg = tiny_config.replace(episodes=10_000, val_interval=10_000, checkpoint_interval=10_000)
    run, rec, _ = make_run(cfg, run_dir=tmp_path / "run")
    run.start()
    qtbot.waitUntil(lambda: len(rec.episodes) >= 2, timeout=TIMEOUT)
    finish(qtbot, run)
    assert "last" in rec.checkpoints
    assert (tmp_path / "run" / "checkpoints" / "last.pt").is_file()


def test_engine_exception_emits_failed_and_the_thread_ends(qtbot, tiny_config, monkeypatch):
    original = MetaTrainer.step

    def flaky(self):
        if self.episode == 2:
            raise RuntimeError("boom in the engine")
        return original(self)

    monkeypatch.setattr(MetaTrainer, "step", flaky)
    run, rec, _ = make_run(tiny_config)
    with qtbot.waitSignal(run.thread.finished, timeout=TIMEOUT):
        run.start()
    assert run.join()
    assert rec.failed == ["RuntimeError: boom in the engine (the full traceback is in the log)"]
    assert rec.episodes == [1, 2]
    assert rec.state == "stopped"


def test_engine_error_message_reaches_the_user_as_is(qtbot, tiny_config, tmp_path):
    cfg = tiny_config.replace(dataset="folder", data_path=str(tmp_path / "missing"))
    run, rec, _ = make_run(cfg)
    with qtbot.waitSignal(run.thread.finished, timeout=TIMEOUT):
        run.start()
    assert len(rec.failed) == 1
    with pytest.raises(DataError) as exc:
        from engine.data.datasets import load_splits

        load_splits(cfg)
    assert rec.failed[0] == str(exc.value)


def test_nan_loss_pauses_with_a_message_naming_the_episode(qtbot, tiny_config, monkeypatch):
    original = trainer_mod.query_pass
    calls = {"n": 0}

    def poisoned(*args, **kwargs):
        logits, loss, acc = original(*args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 3:  # the third training episode's query loss
            loss = loss * float("nan")
        return logits, loss, acc

    monkeypatch.setattr(trainer_mod, "query_pass", poisoned)
    run, rec, holder = make_run(tiny_config.replace(episodes=100, val_interval=1000))
    run.start()
    qtbot.waitUntil(lambda: bool(rec.nonfinite) and rec.state == "paused", timeout=TIMEOUT)
    assert "episode 3" in rec.nonfinite[0]
    assert rec.episodes == [1, 2]
    assert holder["trainer"].episode == 2
    assert not rec.failed
    finish(qtbot, run)


def test_the_worker_keeps_its_threads_when_another_thread_sets_one(qtbot, tiny_config):
    """torch hands a thread its count at its first parallel op, from the last count any thread
    set: a replay job setting 1 while the trainer was built left training on one thread."""
    import threading

    import torch

    before = torch.get_num_threads()
    seen: dict = {}

    def factory(cfg, run_dir, resume):
        other = threading.Thread(target=torch.set_num_threads, args=(1,))  # the replay worker
        other.start()
        other.join()
        trainer = MetaTrainer(cfg, run_dir=run_dir, resume=resume)
        seen["threads"] = torch.get_num_threads()  # in the worker thread
        return trainer

    config = tiny_config.replace(threads=0)  # the worker decides: 2 here
    worker = TrainingWorker(config, threads=2, trainer_factory=factory, start_paused=True)
    run = TrainingRun(worker)
    try:
        with qtbot.waitSignal(worker.ready, timeout=TIMEOUT) as ready:
            run.start()
        assert seen["threads"] == 2 and ready.args[0].threads == 2
    finally:
        finish(qtbot, run)
        torch.set_num_threads(before)


def test_drawing_in_turns_the_worker_holds_its_reports_and_waits_at_a_safe_point(
    qtbot, tiny_config
):
    """Engaged (the GUI draws in turns), the worker sends its reports in batches, not one
    signal per episode; asked for a turn, it hands them over at a safe point and trains no
    further until the GUI releases it."""
    run, rec, holder = make_run(tiny_config.replace(episodes=100_000, val_interval=100_000))
    turns = run.worker.turns
    turns.timeout_s = 60.0  # a turn ends by the release only
    turns.engage(True)
    handovers: list[tuple[int, bool]] = []  # (reports delivered so far, a turn was wanted)
    run.worker.handed_over.connect(lambda: handovers.append((len(rec.episodes), turns.wanted)))
    run.start()
    qtbot.waitUntil(lambda: len(rec.episodes) >= 20, timeout=TIMEOUT)
    assert len(handovers) <= len(rec.episodes) // 2  # batches (one every HOLD_S), not one each
    turns.want()
    qtbot.waitUntil(lambda: any(wanted for _n, wanted in handovers), timeout=TIMEOUT)
    trainer = holder["trainer"]
    at_turn = trainer.episode
    qtbot.waitUntil(lambda: turns.held == 0 and len(rec.episodes) == at_turn, timeout=TIMEOUT)
    assert trainer.episode == at_turn and turns.wanted  # waiting for the drawing
    turns.release()
    qtbot.waitUntil(lambda: trainer.episode > at_turn, timeout=TIMEOUT)
    assert turns.turns >= 1
    finish(qtbot, run)
    assert rec.episodes == list(range(1, len(rec.episodes) + 1))  # in order, none lost
