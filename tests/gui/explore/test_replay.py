"""Episode picker, replay view and parameter inspector against the engine's own trace; the
live-run copies of the meta-learner through the main window (pause, step, replay)."""

from __future__ import annotations

import numpy as np
import pytest

from engine.inference.trace import trace_episode
from engine.training.trainer import MetaTrainer
from mlstm_gui.common.image_tiles import GREEN, GREY, RED
from mlstm_gui.common.job_handle import JobState
from mlstm_gui.explore.episode_picker import EpisodePicker, EpisodeStore
from mlstm_gui.explore.inspector import ParameterInspector, filter_mosaic
from mlstm_gui.explore.jobs import ReplayJob, snapshot_of
from mlstm_gui.explore.replay_view import ReplayView

TIMEOUT = 20_000


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture
def trained(tiny_config):
    """A tiny trainer after 4 episodes, its recent-episode store and a copy of its weights."""
    cfg = tiny_config.replace(way=4, query=3, inner_steps=3, val_interval=1000)
    trainer = MetaTrainer(cfg)
    store = EpisodeStore()
    for _ in range(4):
        store.add(trainer.step())
    snap = snapshot_of(trainer.meta, cfg, trainer.preprocessing, trainer.episode, "tiny", "k1")
    return trainer, store, snap


def replay(qtbot, service, snap, picked):
    job = service.submit(ReplayJob(snap, picked))
    qtbot.waitUntil(lambda: job.settled, timeout=TIMEOUT)
    assert job.state is JobState.DONE, job.error
    return job.result


def test_the_recent_list_follows_training_in_place_at_2_hz_and_keeps_the_picked_row(qtbot, trained):
    trainer, store, _ = trained
    picker = EpisodePicker(store)
    qtbot.addWidget(picker)
    picker.set_data(trainer.splits, trainer.preprocessing.invert, "run", 4, 1, 3)
    picker.show()
    picker.refresh_list(force=True)
    rows = picker.recent_list
    rows.setCurrentRow(1)  # newest first: episode 3
    assert rows.currentItem().text().startswith("episode 3 ")
    fifth, sixth = trainer.step(), trainer.step()  # before the clock starts
    store.add(fifth)
    picker.refresh_due()
    texts = [rows.item(i).text() for i in range(rows.count())]
    assert texts == [r.describe() for r in reversed(store.records)] and len(texts) == 5
    assert rows.currentItem().text().startswith("episode 3 ")  # pushed down, still picked
    store.add(sixth)
    picker.refresh_due()  # within LIST_INTERVAL_S of the last: not yet
    assert rows.count() == 5
    picker.refresh_list()
    assert rows.count() == 6 and rows.item(0).text().startswith("episode 6 ")
    rows.setCurrentRow(0)  # episode 6 of this run
    store.clear()  # a new run: its episodes only, none of them picked
    store.add(sixth)
    picker.refresh_list()
    assert [rows.item(i).text() for i in range(rows.count())] == [store.records[0].describe()]
    assert rows.item(0).text().startswith("episode 6 ") and rows.currentRow() == -1


def test_picker_rebuilds_training_episodes_and_draws_reproducibly(qtbot, trained):
    trainer, store, _ = trained
    picker = EpisodePicker(store)
    qtbot.addWidget(picker)
    picker.set_data(trainer.splits, trainer.preprocessing.invert, "run", 4, 1, 3)
    latest = picker.choose_latest()
    assert latest.origin == "training episode 4"
    ep = trainer.sample_episode(3)  # episode 4 is index 3
    assert latest.class_names == tuple(ep.class_names)
    np.testing.assert_array_equal(latest.to_episode().support_x.numpy(), ep.support_x.numpy())
    np.testing.assert_array_equal(latest.to_episode().query_x.numpy(), ep.query_x.numpy())
    assert picker.recent_list.count() == 4
    assert len(picker.support_rows.tiles) == 4 and len(picker.query_rows.tiles) == 12
    assert [h.toolTip() for h in picker.query_rows.headers] == [
        f"[{i + 1}] {c}" for i, c in enumerate(ep.class_names)
    ]
    picker.split_combo.setCurrentText("test")
    picker.seed.setValue(7)
    a = picker.draw()
    b = picker.draw()
    assert a.split == "test" and a.class_names == b.class_names
    np.testing.assert_array_equal(a.query_images, b.query_images)
    picker.way.setValue(50)  # more classes than the split has: a note, no crash
    assert picker.draw() is None and "classes" in picker.info.text()


def test_slider_positions_match_the_engine_trace(qtbot, service, trained, tmp_path):
    trainer, store, snap = trained
    picker = EpisodePicker(store)
    qtbot.addWidget(picker)
    picker.set_data(trainer.splits, True, "run")
    picked = picker.choose_latest()
    result = replay(qtbot, service, snap, picked)
    ref = trace_episode(
        trainer.meta, trainer.learner, picked.to_episode(), trainer.config.inner_steps
    )
    np.testing.assert_allclose(result.trace.theta, ref.theta, rtol=1e-5, atol=1e-6)

    view, insp = ReplayView(), ParameterInspector()
    qtbot.addWidget(view)
    qtbot.addWidget(insp)
    view.step_changed.connect(insp.set_step)
    view.set_result(result)
    insp.set_trace(result.trace, 1)
    tr = result.trace
    assert view.slider.maximum() == tr.steps == 3 and view.t == tr.steps
    for t in range(tr.steps + 1):
        view.slider.setValue(t)
        assert view.t == insp.t == t
        for key, expect in (
            ("support_loss", ref.support_loss[t]),
            ("support_acc", ref.support_acc[t]),
            ("query_acc", ref.query_acc[t]),
        ):
            x, y = view.markers[key].getData()
            assert x[0] == t and y[0] == pytest.approx(float(expect), rel=1e-5, abs=1e-6)
        pred = ref.query_probs[t].argmax(1)
        shown, prob = view.predictions_at(t)
        np.testing.assert_array_equal(shown, pred)
        ties = view.ties_at(t)
        for i, tile in enumerate(view.query_rows.tiles):
            if ties[i]:  # all classes alike: neither right nor wrong
                assert tile.color == GREY and "tie" in tile.caption.text()
                continue
            assert tile.color == (GREEN if pred[i] == ref.query_y[i] else RED)
            assert f"[{pred[i] + 1}] {prob[i]:.0%}" in tile.caption.text()
        for gate in ("input", "forget"):
            x, y = view.gate_points[gate].getData()
            if t == 0:
                assert len(y) == 0
            else:
                # on the scale the view chose for the gate: values, or the log-odds f̂, î
                scale = view.plots[f"gate_{gate}"].getAxis("left").gate_scale
                arr = getattr(ref, gate if scale.value == "value" else f"{gate}_logit")
                want = [
                    arr[t - 1][sl].astype(np.float64).mean() for sl in ref.layer_slices.values()
                ]
                np.testing.assert_allclose(y, want, rtol=1e-5)
        # The inspector's Δθ is θ_t − θ_0 of the trace, for every layer.
        for name in tr.layers:
            insp.layer_combo.setCurrentText(name)
            delta = ref.layer(name, t) - ref.layer(name, 0)
            np.testing.assert_allclose(insp.delta, delta, rtol=1e-5, atol=1e-7)
            assert insp.hist_counts.sum() == delta.size
        rows = {r[0]: r for r in insp.table_values()}
        for name in tr.layers:
            norm = float(np.linalg.norm(ref.layer(name, t) - ref.layer(name, 0)))
            assert float(rows[name][4]) == pytest.approx(norm, rel=1e-3, abs=1e-9)
        w0, wt = insp.conv1_weights(0), insp.conv1_weights(t)
        np.testing.assert_allclose(
            insp.filter_images["filters_delta"].image, filter_mosaic(wt - w0), equal_nan=True
        )
    path = insp.export_npz(tmp_path / "trace.npz")
    with np.load(path) as z:
        np.testing.assert_array_equal(z["theta"], tr.theta)
        assert list(z["layers"]) == list(tr.layers)


def test_replay_rejects_an_episode_of_the_wrong_image_size(qtbot, service, trained):
    trainer, store, snap = trained
    picker = EpisodePicker(store)
    qtbot.addWidget(picker)
    picker.set_data(trainer.splits, True, "run")
    picked = picker.choose_latest()
    other = snap.__class__(
        snap.label,
        snap.config,
        snap.preprocessing.__class__(32, 1, True),
        snap.state,
        snap.episode,
        "k2",
    )
    job = service.submit(ReplayJob(other, picked))
    failures: list[str] = []
    job.failed.connect(failures.append)
    qtbot.waitUntil(lambda: job.settled, timeout=TIMEOUT)
    assert job.state is JobState.FAILED and failures == [job.error]
    assert "28x28x1" in job.error and "32x32x1" in job.error


def test_the_service_routes_each_result_to_its_own_handle(qtbot, service, trained):
    """Two replays of different episodes: each handle gets its own trace; a cancelled one
    gets nothing, although the worker ran it."""
    trainer, store, snap = trained
    picker = EpisodePicker(store)
    picker.set_data(trainer.splits, True, "run")
    first, second = picker.choose_latest(), picker.draw()
    dropped = service.submit(ReplayJob(snap, first))
    a, b = service.submit(ReplayJob(snap, first)), service.submit(ReplayJob(snap, second))
    got: list[object] = []
    dropped.finished.connect(got.append)
    dropped.cancel()
    qtbot.waitUntil(lambda: a.settled and b.settled, timeout=TIMEOUT)
    assert a.result.episode is first and b.result.episode is second
    assert got == [] and dropped.state is JobState.CANCELLED


def test_main_window_replays_the_paused_run_with_a_copy(qtbot, tiny_config):
    from mlstm_gui.shell.main_window import MainWindow

    win = MainWindow(
        tiny_config.replace(episodes=10_000, val_interval=10_000, checkpoint_interval=10_000)
    )
    seen: list[str] = []
    win.message_hook = lambda kind, title, text: seen.append(text)
    ctl = win.exploration  # installed by the window itself
    assert win.docks["explore"].widget() is ctl.widget
    qtbot.addWidget(win)
    win.show()
    win.commands.step.trigger()  # a new run, paused after one episode
    qtbot.waitUntil(lambda: len(win.history) == 1 and win.state == "paused", timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: (
            len(ctl.store) == 1
            and ctl.snapshots.latest() is not None
            and ctl.snapshots.latest().episode == 1
        ),
        timeout=TIMEOUT,
    )
    live = win.run.worker.trainer.meta.state_dict()  # the worker waits: safe to read here
    for k, v in ctl.snapshots.latest().state.items():
        np.testing.assert_array_equal(v, live[k].numpy())
    win.step()
    qtbot.waitUntil(
        lambda: ctl.snapshots.latest().episode == 2 and len(ctl.store) == 2, timeout=TIMEOUT
    )
    ctl.picker.refresh_list(force=True)
    picked = ctl.picker.choose_latest()
    assert picked is not None, ctl.picker.info.text()
    assert picked.origin == "training episode 2"
    assert ctl.replay_current(show=True)
    qtbot.waitUntil(lambda: ctl.last_result is not None, timeout=TIMEOUT)
    assert ctl.replay.trace is ctl.last_result.trace and ctl.inspector.trace is not None
    assert "episode 2" in ctl.last_result.model_label
    win.commands.pause.trigger()  # resume: the live meta-learner is not used while training
    qtbot.waitUntil(lambda: win.state == "running", timeout=TIMEOUT)
    assert not ctl.replay_current()
    assert "pause" in ctl.widget.status.text()
    win.close()
    assert not ctl.service.worker_thread.isRunning() and win.run is None
    assert not seen


def test_explore_dock_replays_with_the_shipped_or_an_opened_checkpoint(
    qtbot, trained, tmp_path, monkeypatch
):
    """Without a run, the default checkpoint is opened with its data: draw a test episode from
    it and replay; the 'current run' choice says why it cannot be used."""
    from PySide6.QtWidgets import QMainWindow

    from mlstm_gui.explore import exploration

    trainer, _, _ = trained
    path = trainer.save("last", tmp_path / "model.pt")
    monkeypatch.setattr(exploration, "DEFAULT_CHECKPOINT", path)
    win = QMainWindow()
    qtbot.addWidget(win)
    ctl = exploration.install_exploration(win)
    qtbot.waitUntil(lambda: ctl.choice.current == str(path), timeout=TIMEOUT)
    assert set(ctl.picker.splits) == {"train", "val", "test"}
    assert ctl.widget.model_combo.currentData() == str(path)
    ctl.picker.split_combo.setCurrentText("test")
    picked = ctl.picker.draw()
    assert picked.split == "test" and picked.way == trainer.config.way
    assert ctl.replay_current()
    qtbot.waitUntil(lambda: ctl.last_result is not None, timeout=TIMEOUT)
    assert ctl.last_result.model_label == "model.pt"
    ctl.choice.select(exploration.RUN)
    snap, why = ctl.choice.provide()
    assert snap is None and "no run yet" in why
    win.close()
    assert not ctl.service.worker_thread.isRunning()


def test_a_close_that_times_out_names_the_job_that_holds_the_thread(qtbot, service):
    """A stalled close must say what it waited for (the monkey test once saw one and could
    not tell which job it was)."""
    import threading

    from mlstm_gui.explore.jobs import Thumbnails, ThumbsJob

    go_on, started = threading.Event(), threading.Event()

    def slow(_job: ThumbsJob) -> Thumbnails:
        started.set()
        go_on.wait(10)
        return Thumbnails((), (), ())

    service.worker._handlers[ThumbsJob] = slow
    assert service.still_running().startswith("no job")
    service.submit(ThumbsJob(()))
    qtbot.waitUntil(started.is_set, timeout=TIMEOUT)
    assert not service.close(timeout_ms=50)
    assert service.still_running().startswith("a thumbs job, running for ")
    go_on.set()
    assert service.close()
    assert service.worker.running is None
