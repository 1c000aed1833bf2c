"""'How it works' against the engine: the numbers shown for one coordinate are the trace's,
they satisfy the θ-cell's update, the PCA plane follows the replay slider, a filter tile in the
inspector picks its weight, and the Explore dock feeds the view every replay."""

from __future__ import annotations

import numpy as np
import pytest

from engine.inference.coordinate import coordinate_steps
from engine.training.trainer import MetaTrainer
from mlstm_gui.common.job_handle import JobState
from mlstm_gui.explore.episode_picker import EpisodePicker, EpisodeStore
from mlstm_gui.explore.explain_texts import marked_lines
from mlstm_gui.explore.how_it_works import HowItWorksView
from mlstm_gui.explore.inspector import ParameterInspector, filter_mosaic, mosaic_index
from mlstm_gui.explore.jobs import ReplayJob, snapshot_of
from mlstm_gui.explore.replay_view import ReplayView
from mlstm_gui.explore.replay_worker import ReplayService

TIMEOUT = 20_000


@pytest.fixture
def replayed(qtbot, tiny_config):
    """A replay of a tiny trainer's latest episode, run by the replay service's thread."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    cfg = tiny_config.replace(way=3, query=3, inner_steps=3, val_interval=1000)
    trainer = MetaTrainer(cfg)
    store = EpisodeStore()
    for _ in range(3):
        store.add(trainer.step())
    snap = snapshot_of(trainer.meta, cfg, trainer.preprocessing, trainer.episode, "tiny", "k1")
    picker = EpisodePicker(store)
    qtbot.addWidget(picker)
    picker.set_data(trainer.splits, trainer.preprocessing.invert, "run")
    service = ReplayService()
    job = service.submit(ReplayJob(snap, picker.choose_latest()))
    qtbot.waitUntil(lambda: job.settled, timeout=TIMEOUT)
    assert service.close()
    torch.set_num_threads(before)
    assert job.state is JobState.DONE, job.error
    return trainer, job.result


@pytest.fixture
def views(qtbot, replayed):
    _, result = replayed
    replay, how = ReplayView(), HowItWorksView()
    for w in (replay, how):
        qtbot.addWidget(w)
    replay.step_changed.connect(how.set_step)
    how.set_result(result)
    replay.set_result(result)
    return replay, how, result


def test_the_numbers_shown_for_one_coordinate_are_the_traces(views):
    replay, how, result = views
    tr, panel = result.trace, how.update_panel
    for layer in ("fc", "conv2"):
        panel.layer_combo.setCurrentText(layer)
        panel.index_spin.setValue(3)
        k = tr.layer_slices[layer].start + 3
        assert panel.steps_shown.index == k and panel.steps_shown.layer == layer
        want = {
            "theta_prev": tr.theta[:-1, k],
            "grad": tr.grad[:, k],
            "loss": tr.support_loss[:-1],
            "input": tr.input[:, k],
            "forget": tr.forget[:, k],
            "one_minus_f": 1 - tr.forget[:, k],
            "candidate": -tr.grad[:, k],
            "theta": tr.theta[1:, k],
        }
        for key, arr in want.items():
            np.testing.assert_array_equal(panel.values[key], arr, err_msg=key)
            np.testing.assert_allclose(panel.table_column(key), arr, rtol=1e-6, atol=1e-12)
        # the update holds for the numbers as shown, and SGD with α = i_t differs by (f − 1)θ
        f, i, prev = (np.array(panel.table_column(c)) for c in ("forget", "input", "theta_prev"))
        cand, theta = np.array(panel.table_column("candidate")), panel.table_column("theta")
        np.testing.assert_allclose(theta, f * prev + i * cand, rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(panel.table_column("sgd"), prev + i * cand, rtol=1e-5, atol=1e-7)
        x, y = panel.curves["theta"].getData()
        np.testing.assert_array_equal(y, tr.theta[:, k])
    assert panel.table.rowCount() == tr.steps == 3


def test_every_view_follows_the_replay_slider(views):
    replay, how, result = views
    tr, pr, panel = result.trace, result.projection, how.update_panel
    assert pr is not None and pr.support.shape[0] == tr.steps + 1
    for t in range(tr.steps + 1):
        replay.slider.setValue(t)
        assert how.t == panel.t == how.classes.t == t
        sup, qry = how.classes.positions()
        np.testing.assert_allclose(sup, pr.support[t], rtol=1e-6)
        np.testing.assert_allclose(qry, pr.query[t], rtol=1e-6)
        assert sup.shape == (len(result.episode.support_y), 2)
        centres = how.classes.sprite_centres()
        assert len(centres) == len(sup) + len(qry)  # few images: every one a sprite
        np.testing.assert_allclose(centres[: len(sup)], pr.support[t], atol=1e-4)
        x, y = how.classes.separation_marker.getData()
        assert x[0] == t and y[0] == pytest.approx(pr.separation[t])
        text = panel.equation.text()
        if t == 0:
            assert "c<sub>0</sub>" in text
        else:
            c = panel.steps_shown
            assert f"{c.theta[t - 1]:.7g}" in text and f"{c.forget[t - 1]:.7g}" in text
        assert marked_lines(tr.steps, t) == ((0,) if t == 0 else (1, 2, 3, 4)[: 3 + (t == 3)])
        assert ("now t = %d" % t in how.algorithm.text()) == (t > 0)


def test_structure_and_maml_give_this_models_numbers(views):
    _, how, result = views
    s = result.structure
    assert s is not None and s.coordinates == result.trace.theta.shape[1]
    lstm = how.diagram.label_text("lstm")
    assert f"LSTM 4 → {s.hidden}" in lstm and f"{s.coordinates:,}" in lstm
    assert f"{s.lstm_params:,}" in lstm
    assert "p = 10" in how.diagram.label_text("preprocess")
    assert f"R{s.hidden + 2}" in how.diagram.label_text("cell")
    assert f"{s.shared_params:,}" in how.counts.text() and f"{s.c0_params:,}" in how.counts.text()
    maml = how.maml.text()
    assert "second-order" in maml and f"{s.shared_params:,}" in maml
    assert f"<td>{result.trace.steps}</td>" in maml


def test_a_filter_tile_picks_its_weight(qtbot, views):
    _, how, result = views
    insp = ParameterInspector()
    qtbot.addWidget(insp)
    insp.set_trace(result.trace, 1)
    insp.filter_clicked.connect(how.select_coordinate)
    shape = insp.conv1_weights(0).shape
    mosaic = filter_mosaic(insp.conv1_weights(0))
    w = insp.conv1_weights(0).reshape(-1)
    seen = set()
    for r in range(mosaic.shape[0]):
        for c in range(mosaic.shape[1]):
            k = mosaic_index(shape, r, c)
            assert (k is None) == np.isnan(mosaic[r, c])
            if k is not None:
                assert mosaic[r, c] == w[k]
                seen.add(k)
    assert seen == set(range(w.size))

    class Click:  # what pyqtgraph hands to mouseClickEvent
        def __init__(self, pos):
            self.pos, self.accepted = pos, False

        def scenePos(self):
            return self.pos

        def accept(self):
            self.accepted = True

    img = insp.filter_images["filters_t"]
    r, c = shape[2] + 2, 1  # the centre of the second row's first tile
    k = mosaic_index(shape, r, c)
    assert k is not None and k > 0
    click = Click(img.mapToScene(c + 0.5, r + 0.5))
    img.mouseClickEvent(click)
    shown = how.update_panel.steps_shown
    assert click.accepted and shown.index == result.trace.layer_slices["conv1"].start + k
    np.testing.assert_array_equal(shown.theta, coordinate_steps(result.trace, k).theta)
    assert how.update_panel.name_label.text().startswith("<b>conv1.weight[")


def test_the_explore_dock_feeds_every_replay_to_how_it_works(
    qtbot, replayed, tmp_path, monkeypatch
):
    from PySide6.QtWidgets import QMainWindow

    from mlstm_gui.explore import exploration

    trainer, _ = replayed
    monkeypatch.setattr(exploration, "DEFAULT_CHECKPOINT", trainer.save("last", tmp_path / "m.pt"))
    win = QMainWindow()
    qtbot.addWidget(win)
    ctl = exploration.install_exploration(win)
    qtbot.waitUntil(lambda: bool(ctl.picker.splits), timeout=TIMEOUT)
    assert ctl.widget.tabs.tabText(ctl.widget.tabs.indexOf(ctl.how)) == "How it works"
    win.show()
    ctl.picker.draw()
    assert ctl.replay_current(show=True)
    qtbot.waitUntil(lambda: ctl.last_result is not None, timeout=TIMEOUT)
    # drawn only when its tab is shown: the replay's results arrive without a stall
    assert ctl.how.result is ctl.last_result and ctl.how.update_panel.trace is None
    ctl.widget.tabs.setCurrentWidget(ctl.how)
    qtbot.waitUntil(lambda: ctl.how.update_panel.trace is ctl.last_result.trace, timeout=TIMEOUT)
    assert ctl.how.t == ctl.replay.t == ctl.how.update_panel.t
    ctl.widget.tabs.setCurrentWidget(ctl.replay)
    ctl.replay.slider.setValue(1)
    assert ctl.how.t == 1 and ctl.how.update_panel.t == 1
    table = ctl.how.update_panel.table  # a row of the table moves the replay to its step
    table.cellClicked.emit(table.rowCount() - 1, 0)
    assert ctl.replay.t == ctl.how.t == ctl.replay.slider.value() == table.rowCount()
    ctl.inspector.filter_clicked.emit("conv1", 5)
    assert ctl.widget.tabs.currentWidget() is ctl.how
    assert (
        ctl.how.update_panel.steps_shown.index
        == ctl.last_result.trace.layer_slices["conv1"].start + 5
    )
    win.close()
    assert not ctl.service.worker_thread.isRunning()


def test_the_algorithm_shows_the_followed_runs_latest_episode(qtbot, replayed):
    trainer, result = replayed
    how = HowItWorksView()
    qtbot.addWidget(how)
    report = trainer.step()
    how.note_episode(report)  # hidden: remembered, not drawn
    assert how.training.text() == ""
    how.show()
    qtbot.waitUntil(lambda: f"episode {report.episode} " in how.training.text(), timeout=TIMEOUT)
    assert f"{report.meta_loss:.4f}" in how.training.text()


def test_a_language_switch_recomposes_the_texts(views):
    """retranslate() (called by the main window on a language switch) sets the same texts
    again in English, with the numbers of the step on show."""
    replay, how, result = views
    replay.slider.setValue(2)
    before = (how.update_panel.equation.text(), how.classes.info.text(), how.maml.text())
    for w in (how, how.update_panel, how.classes):
        w.retranslate()
    after = (how.update_panel.equation.text(), how.classes.info.text(), how.maml.text())
    assert after == before and "<b>t = 2</b>" in after[0]
    assert how.update_panel.t == how.classes.t == 2
