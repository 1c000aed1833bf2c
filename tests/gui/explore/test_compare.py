"""The Compare view against the engine: every curve, step size, input gate and prediction
on show is `compare_episode`'s for the same episode (asserted on getData()); ticking a method
or an ablation re-runs the comparison in the replay thread; the baselines that need the
pretrained learner are left out, with the reason, when there is none."""

from __future__ import annotations

import threading
from dataclasses import replace

import numpy as np
import pytest
import torch

from engine.inference.compare import compare_episode
from engine.io.checkpoint import model_from_state
from engine.io.pretrained import cached_path, save_pretrained
from engine.model.baselines import PretrainedBody
from engine.model.learner import BNState
from engine.model.methods import NEAREST
from engine.training.pretrain import PretrainSettings
from engine.training.trainer import MetaTrainer
from mlstm_gui.explore.compare_view import ALL, CURVES, LAYERED, CompareView, at_step
from mlstm_gui.explore.episode_picker import EpisodePicker, EpisodeStore
from mlstm_gui.explore.jobs import CompareJob, snapshot_of

TIMEOUT = 30_000


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture
def setup(qtbot, tiny_config, tmp_path, monkeypatch):
    """A tiny trained meta-learner, its latest training episode, and a pretrained learner
    in the user cache (where the app finds one for a config without a shipped file)."""
    cfg = tiny_config.replace(way=3, query=3, inner_steps=3, val_interval=1000)
    trainer = MetaTrainer(cfg)
    store = EpisodeStore()
    for _ in range(3):
        store.add(trainer.step())
    snap = snapshot_of(trainer.meta, cfg, trainer.preprocessing, trainer.episode, "tiny", "c1")
    picker = EpisodePicker(store)
    qtbot.addWidget(picker)
    picker.set_data(trainer.splits, trainer.preprocessing.invert, "run", 3, 1, 3)
    picked = picker.choose_latest()
    state = {k: torch.from_numpy(np.array(v)) for k, v in snap.state.items()}
    learner, meta = model_from_state(cfg, state, "tiny")
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path))
    body = learner.init_params(torch.Generator().manual_seed(1))[: learner.body_size]
    pre = PretrainedBody(body, BNState.fresh(learner.filters), classes=12, train_acc=0.5)
    save_pretrained(cached_path(cfg, PretrainSettings()), pre, learner, PretrainSettings())
    return snap, picked, learner, meta, pre, trainer


def make_view(qtbot, service, snap, picked) -> CompareView:
    view = CompareView(service, lambda: picked, lambda: (snap, ""))
    qtbot.addWidget(view)
    view.resize(1300, 900)
    view.show()
    return view


def compare(qtbot, view: CompareView):
    with qtbot.waitSignal(view.compared, timeout=TIMEOUT) as blocker:
        assert view.run()
    return blocker.args[0]


def test_the_curves_on_show_are_the_engines(qtbot, service, setup):
    snap, picked, learner, meta, pre, _ = setup
    view = make_view(qtbot, service, snap, picked)
    for m in ALL[1:]:
        view.boxes[m].setChecked(True)  # nothing on show yet: no run until asked
    assert view.job is None
    res = compare(qtbot, view)
    assert res.skipped == () and res.pretrained.endswith(".pt")
    steps = snap.config.inner_steps
    want = compare_episode(meta, learner, picked.to_episode(), ALL, steps, pretrained=pre)
    last = max(t.steps for t in want.traces)
    assert view.slider.maximum() == last and view.t == steps  # the meta-learner's last step
    for name in CURVES:
        for m in ALL:
            x, y = view.curve_data(name, m)
            engine = getattr(want[m], name)
            if m in NEAREST:  # one value, drawn across the axis
                np.testing.assert_array_equal(x, [0, last])
                np.testing.assert_allclose(y, np.repeat(engine, 2), rtol=1e-6)
            else:
                np.testing.assert_array_equal(x, np.arange(want[m].steps + 1))
                np.testing.assert_allclose(y, engine, rtol=1e-6)
    for t in (0, 1, steps, last):
        view.slider.setValue(t)
        assert view.t == t
        assert view.grid.shown() == {
            m: want[m].query_pred[at_step(want[m], t)].tolist() for m in ALL
        }
        for (plot, m), curve in view.layered.items():
            arr = getattr(want[m], LAYERED[plot][1])
            x, y = curve.getData()
            if arr is None or not 1 <= t <= want[m].steps:
                assert x is None or len(x) == 0, (plot, m, t)
                continue
            np.testing.assert_allclose(10.0**y, arr[:, t - 1], rtol=1e-5)  # log axis
    # The meta-learner's input gate beside SGD's step, which is its rate in every layer.
    view.slider.setValue(1)
    assert view.layered[("gate", "meta-lstm")].getData()[1] is not None
    sgd = view.layered[("step", "sgd-from-c0")].getData()[1]
    np.testing.assert_allclose(10.0**sgd, want["sgd-from-c0"].settings.lr, rtol=1e-5)


def test_ticking_an_ablation_reruns_the_comparison(qtbot, service, setup, monkeypatch):
    snap, picked, *_ = setup
    threads: list[threading.Thread] = []
    run = service.worker._handlers[CompareJob]
    monkeypatch.setitem(
        service.worker._handlers,
        CompareJob,
        lambda job: threads.append(threading.current_thread()) or run(job),
    )
    view = make_view(qtbot, service, snap, picked)
    first = compare(qtbot, view)
    assert [t.method for t in first.comparison.traces] == [
        "meta-lstm",
        "finetune",
        "nearest-neighbour",
        "sgd-from-c0",
    ]
    assert view.curve_data("query_acc", "f=1")[0].size == 0
    for ablation in ("f=1", "i=const", "random-init"):
        with qtbot.waitSignal(view.compared, timeout=TIMEOUT) as blocker:
            view.boxes[ablation].setChecked(True)  # live: no button press
        shown = [t.method for t in blocker.args[0].comparison.traces]
        assert shown[-1] == ablation and view.curve_data("query_acc", ablation)[0].size
    with qtbot.waitSignal(view.compared, timeout=TIMEOUT) as blocker:
        view.boxes["f=1"].setChecked(False)
    assert "f=1" not in [t.method for t in blocker.args[0].comparison.traces]
    assert view.curve_data("query_acc", "f=1")[0].size == 0
    assert len(threads) == 5 and threading.main_thread() not in threads  # off the GUI thread


def test_baselines_without_a_pretrained_learner_are_left_out(
    qtbot, service, setup, tmp_path, monkeypatch
):
    snap, picked, *_ = setup
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path / "empty"))
    view = make_view(qtbot, service, snap, picked)
    res = compare(qtbot, view)
    assert [t.method for t in res.comparison.traces] == ["meta-lstm", "sgd-from-c0"]
    assert [s.split(":")[0] for s in res.skipped] == ["finetune", "nearest-neighbour"]
    assert "left out: finetune" in view.summary.text()
    assert view.curve_data("query_acc", "finetune")[0].size == 0


def test_shown_again_it_follows_a_new_episode(qtbot, service, setup):
    snap, picked, *_ = setup
    current = [picked]
    view = CompareView(service, lambda: current[0], lambda: (snap, ""))
    qtbot.addWidget(view)
    view.show()
    first = compare(qtbot, view)
    handle = view.job
    assert view.run() and view.job is not handle  # a finished one is run again when asked
    again = view.job
    assert view.run() and view.job is again  # the same comparison under way: not twice
    qtbot.waitUntil(lambda: again.settled, timeout=TIMEOUT)
    view.hide()
    view.show()
    assert view.job is again  # nothing changed: no re-run
    current[0] = replace(picked, origin="another")  # another episode picked meanwhile
    view.hide()
    with qtbot.waitSignal(view.compared, timeout=TIMEOUT) as blocker:
        view.show()
    assert blocker.args[0].episode is current[0] and first.episode is picked


def test_the_replay_tabs_button_opens_compare_on_the_picked_episode(qtbot, service, setup):
    """The Explore dock's wiring: Compare is a tab beside Replay, opened on the episode picked
    and the model chosen there by the Replay tab's button."""
    from mlstm_gui.common.states import RunState
    from mlstm_gui.explore.exploration import ExploreWidget
    from mlstm_gui.explore.jobs import LoadedData
    from mlstm_gui.explore.model_choice import ModelChoice
    from mlstm_gui.explore.snapshots import LiveSnapshots

    snap, *_, trainer = setup
    snap = replace(snap, path="tiny.pt")
    choice = ModelChoice(LiveSnapshots(), lambda: RunState.IDLE)
    choice.add_file(LoadedData(snap, trainer.splits))
    widget = ExploreWidget(service, choice)
    qtbot.addWidget(widget)
    widget.show()
    picked = widget.picker.draw()
    assert picked is not None and widget.replay.isAncestorOf(widget.compare_here)
    with qtbot.waitSignal(widget.compare.compared, timeout=TIMEOUT) as blocker:
        widget.compare_here.click()
    assert widget.tabs.currentWidget() is widget.compare
    res = blocker.args[0]
    assert res.episode is picked and res.model_label == snap.label
