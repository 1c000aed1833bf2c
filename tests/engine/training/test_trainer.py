"""MetaTrainer: learning, exact resume, NaN handling, checkpoints and events."""

import json
import math

import numpy as np
import pytest
import torch

from engine.config import Config, load_config
from engine.data.episodes import Preprocessing
from engine.data.synthetic import synthetic_splits
from engine.errors import CheckpointError, NonFiniteLossError, RunDirError
from engine.inference.trace import trace_episode
from engine.io.checkpoint import load_model, read_checkpoint
from engine.io.runs import read_metrics
from engine.training.evaluate import episode_accuracy
from engine.training.events import Event
from engine.training.trainer import MetaTrainer

PREP = Preprocessing(28, 1, True)


def tiny(**kw):
    base = dict(
        dataset="synthetic",
        filters=8,
        inner_steps=3,
        way=5,
        shot=1,
        query=5,
        episodes=12,
        val_interval=6,
        val_episodes=5,
        checkpoint_interval=3,
        rotations=False,
        seed=3,
    )
    base.update(kw)
    return Config(**base)


@pytest.fixture(scope="module")
def splits():
    return synthetic_splits(n_classes=30, per_class=12, size=28, channels=1, seed=0)


def test_step_reports_everything(splits):
    tr = MetaTrainer(tiny(), splits, PREP)
    seen = []
    tr.add_listener(Event.EPISODE, seen.append)
    r = tr.step()
    assert seen == [r] and r.episode == 1 and tr.episode == 1
    T, L = 3, 5
    assert r.inner_loss.shape == (T,) and r.inner_acc.shape == (T,)
    assert r.layers == ("conv1", "conv2", "conv3", "conv4", "fc")
    for g in (r.input_gate, r.forget_gate):
        assert g.mean.shape == (L, T) and g.hist.shape == (L, T, 20)
        assert (g.min <= g.mean + 1e-7).all() and (g.mean <= g.max + 1e-7).all()
        counts = g.hist.sum(2)
        assert (counts == counts[:, :1]).all()  # every coordinate counted once per step
    assert counts.sum(0)[0] == tr.learner.size(5)
    assert 0.98 < r.forget_gate.mean.mean() < 1.0 and 0.005 < r.input_gate.mean.mean() < 0.02
    assert set(r.meta_grad_norms) == {"lstm", "W_F", "b_F", "W_I", "b_I", "c0"}
    assert math.isfinite(r.meta_grad_norm) and r.learner_grad_norm.shape == (T,)
    json.dumps(r.to_json())


def test_learns_synthetic_task_well_above_chance(splits):
    """A few hundred episodes lift 5-way query accuracy well above chance (20%)."""
    cfg = tiny(
        episodes=400,
        val_interval=400,
        val_episodes=40,
        filters=16,
        inner_steps=5,
        meta_lr=1e-2,
        seed=0,
    )
    tr = MetaTrainer(cfg, splits, PREP)
    before = tr.validate().accuracy
    vals = []
    tr.add_listener(Event.VALIDATION, vals.append)
    while not tr.done:
        tr.step()
    assert vals[-1].accuracy > 0.6, (before, vals[-1].accuracy)  # chance is 0.2
    assert vals[-1].accuracy > before + 0.2


def test_resume_is_exact(splits, tmp_path):
    full = MetaTrainer(tiny(), splits, PREP, run_dir=tmp_path / "a")
    while not full.done:
        full.step()
    half = MetaTrainer(tiny(episodes=6), splits, PREP, run_dir=tmp_path / "b")
    while not half.done:
        half.step()
    with open(tmp_path / "b/metrics.jsonl", "a") as fh:
        fh.write('{"type": "episode", "episo')  # a line cut short by a killed run
    resumed = MetaTrainer(tiny(), splits, PREP, run_dir=tmp_path / "b", resume=True)
    assert resumed.episode == 6
    while not resumed.done:
        resumed.step()
    a, b = read_metrics(tmp_path / "a/metrics.jsonl"), read_metrics(tmp_path / "b/metrics.jsonl")
    strip = lambda rs: [{k: v for k, v in r.items() if k != "seconds"} for r in rs]  # noqa: E731
    assert strip(a) == strip(b)
    for pa, pb in zip(full.meta.parameters(), resumed.meta.parameters()):
        assert torch.equal(pa, pb)


def test_meta_lr_schedule_holds_then_halves_and_resumes_on_the_same_curve(splits, tmp_path):
    cfg = tiny(meta_lr=1e-2, meta_lr_hold=4, meta_lr_halflife=2)
    assert [cfg.meta_lr_at(k) for k in (0, 4, 6, 8)] == pytest.approx([1e-2, 1e-2, 5e-3, 2.5e-3])
    assert tiny().meta_lr_at(10**6) == tiny().meta_lr  # the default is constant
    rates, reported = [], []
    full = MetaTrainer(cfg, splits, PREP, run_dir=tmp_path / "a")
    while not full.done:
        reported.append(full.step().meta_lr)
        rates.append(full.optimizer.param_groups[0]["lr"])
    assert rates == pytest.approx([cfg.meta_lr_at(k) for k in range(12)])
    assert reported == rates
    logged = [
        r["meta_lr"] for r in read_metrics(tmp_path / "a/metrics.jsonl") if r["type"] == "episode"
    ]
    assert logged == pytest.approx(rates, rel=1e-5)  # the run's record says which rate it used
    # a run trained at a constant rate can be extended with a decay from where it stopped:
    # the same numbers as a run that had that schedule from the start
    half = MetaTrainer(tiny(meta_lr=1e-2, episodes=6), splits, PREP, run_dir=tmp_path / "b")
    while not half.done:
        half.step()
    decayed = tiny(meta_lr=1e-2, meta_lr_hold=6, meta_lr_halflife=2, episodes=8)
    later = MetaTrainer(decayed, splits, PREP, run_dir=tmp_path / "b", resume=True)
    assert later.resumed_changes == {
        "episodes": (6, 8),
        "meta_lr_hold": (0, 6),
        "meta_lr_halflife": (0, 2),
    }
    assert load_config(tmp_path / "b/config.yaml") == decayed  # the record follows the run
    while not later.done:
        later.step()
    assert later.optimizer.param_groups[0]["lr"] == pytest.approx(1e-2 * 0.5**0.5)
    outright = MetaTrainer(decayed, splits, PREP)
    constant = MetaTrainer(tiny(meta_lr=1e-2, episodes=8), splits, PREP)
    for tr in (outright, constant):
        while not tr.done:
            tr.step()
    for a, b in zip(later.meta.parameters(), outright.meta.parameters()):
        assert torch.equal(a, b)
    assert any(
        not torch.equal(a, b) for a, b in zip(later.meta.parameters(), constant.meta.parameters())
    )


def test_resume_in_the_middle_of_a_decay_is_exact(splits, tmp_path):
    cfg = tiny(meta_lr=1e-2, meta_lr_hold=2, meta_lr_halflife=3)
    full = MetaTrainer(cfg, splits, PREP)
    while not full.done:
        full.step()
    part = MetaTrainer(cfg.replace(episodes=6), splits, PREP, run_dir=tmp_path)
    while not part.done:
        part.step()
    resumed = MetaTrainer(cfg, splits, PREP, run_dir=tmp_path, resume=True)
    while not resumed.done:
        resumed.step()
    for a, b in zip(full.meta.parameters(), resumed.meta.parameters()):
        assert torch.equal(a, b)


def test_resume_refuses_a_different_config(splits, tmp_path):
    tr = MetaTrainer(tiny(episodes=3), splits, PREP, run_dir=tmp_path)
    while not tr.done:
        tr.step()
    with pytest.raises(CheckpointError, match="filters"):
        MetaTrainer(tiny(filters=4), splits, PREP, run_dir=tmp_path, resume=True)


def test_run_dir_layout_and_checkpoints(splits, tmp_path):
    tr = MetaTrainer(tiny(), splits, PREP, run_dir=tmp_path)
    events = []
    tr.add_listener(Event.CHECKPOINT, events.append)
    while not tr.done:
        tr.step()
    assert (tmp_path / "config.yaml").exists()
    recs = read_metrics(tmp_path / "metrics.jsonl")
    assert [r["episode"] for r in recs if r["type"] == "episode"] == list(range(1, 13))
    assert [r["episode"] for r in recs if r["type"] == "validation"] == [6, 12]
    assert {e.kind for e in events} == {"last", "best"}
    model = load_model(tmp_path / "checkpoints/best.pt")
    assert model.config == tiny() and model.preprocessing == PREP
    bundle = read_checkpoint(tmp_path / "checkpoints/last.pt")
    assert bundle["trainer"]["episode"] == 12


def test_nan_loss_stops_before_update_and_keeps_checkpoint(splits, tmp_path, monkeypatch):
    tr = MetaTrainer(tiny(), splits, PREP, run_dir=tmp_path)
    for _ in range(3):
        tr.step()  # checkpoint_interval 3: last.pt at episode 3
    before = {n: p.detach().clone() for n, p in tr.meta.named_parameters() if n != "c0"}
    saved = (tmp_path / "checkpoints/last.pt").read_bytes()
    with torch.no_grad():
        tr.meta.c0[0] = float("nan")
    with pytest.raises(NonFiniteLossError, match="episode 4"):
        tr.step()
    assert tr.episode == 3
    assert torch.isnan(tr.meta.c0[0])  # untouched by an optimizer step
    after = dict(tr.meta.named_parameters())
    assert all(torch.equal(before[n], after[n]) for n in before)
    assert (tmp_path / "checkpoints/last.pt").read_bytes() == saved


def test_unwritable_run_dir_is_a_clear_error(splits, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(RunDirError, match="not-a-folder"):
        MetaTrainer(tiny(), splits, PREP, run_dir=blocker / "run")


def test_disk_full_while_checkpointing_keeps_previous(splits, tmp_path, monkeypatch):
    tr = MetaTrainer(tiny(), splits, PREP, run_dir=tmp_path)
    for _ in range(3):
        tr.step()
    saved = (tmp_path / "checkpoints/last.pt").read_bytes()

    def full(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("engine.io.checkpoint.torch.save", full)
    with pytest.raises(RunDirError, match="No space left"):
        tr.save("last")
    assert (tmp_path / "checkpoints/last.pt").read_bytes() == saved
    assert not [p for p in (tmp_path / "checkpoints").iterdir() if p.name.endswith(".tmp")]


def test_trace_matches_evaluation(splits):
    tr = MetaTrainer(tiny(), splits, PREP)
    for _ in range(2):
        tr.step()
    ep = tr.samplers["val"].sample(np.random.default_rng(5))
    trace = trace_episode(tr.meta, tr.learner, ep, steps=3)
    acc, _ = episode_accuracy(tr.meta, tr.learner, ep, steps=3)
    assert trace.theta.shape == (4, tr.learner.size(5))
    assert trace.forget.shape == (3, tr.learner.size(5))
    assert trace.query_probs.shape == (4, 25, 5)
    assert np.allclose(trace.query_probs.sum(2), 1, atol=1e-5)
    assert trace.query_acc[-1] == pytest.approx(acc)
    # θ_1 = f_1 θ_0 − i_1 ∇_1, and θ_0 = c_0 (shared head expanded)
    assert np.allclose(trace.theta[0], tr.learner.expand(tr.meta.c0, 5).detach().numpy())
    # every later step too: θ_t = f_t θ_{t−1} − i_t ∇_t, with ∇_t recomputed here by autograd
    # on the support set at the traced θ_{t−1} (batch statistics, as in the inner loop)
    from engine.model.learner import BNState

    for t in range(1, 4):
        theta = torch.tensor(trace.theta[t - 1], requires_grad=True)
        logits = tr.learner.forward(
            theta, ep.support_x, BNState.fresh(tr.learner.filters), 5, training=True
        )
        (grad,) = torch.autograd.grad(
            torch.nn.functional.cross_entropy(logits, ep.support_y), theta
        )
        expected = trace.forget[t - 1] * trace.theta[t - 1] - trace.input[t - 1] * grad.numpy()
        assert np.allclose(trace.theta[t], expected, rtol=1e-4, atol=1e-6), t
        assert not np.allclose(trace.theta[t], trace.theta[t - 1])  # a real step was taken


def test_interrupt_cuts_a_due_validation_short(splits, tmp_path):
    tr = MetaTrainer(
        tiny(episodes=12, val_interval=3, val_episodes=50), splits, PREP, run_dir=tmp_path
    )
    vals = []
    tr.add_listener(Event.VALIDATION, vals.append)
    tr.add_listener(Event.EPISODE, lambda r: tr.interrupt() if r.episode == 3 else None)
    tr.step()
    tr.step()
    tr.step()  # validation due at 3, interrupted
    assert vals == [] and tr.episode == 3 and tr.validation_due
    assert not (tmp_path / "checkpoints/best.pt").exists()
    assert tr.step() is None  # the cut-short validation is done first, alone
    assert [v.episode for v in vals] == [3] and tr.episode == 3 and not tr.validation_due
    for _ in range(3):
        tr.step()  # the next due validation runs normally
    assert [v.episode for v in vals] == [3, 6]


def _run_to_end(tr):
    while not tr.done:
        tr.step()


def test_a_stop_during_a_validation_is_redone_on_resume_exactly(splits, tmp_path):
    """Metrics and best.pt of a run stopped inside its validation at episode 6, then resumed,
    equal an uninterrupted run's."""
    cfg = tiny(episodes=9, val_interval=3, val_episodes=6, checkpoint_interval=100)
    _run_to_end(MetaTrainer(cfg, splits, PREP, run_dir=tmp_path / "whole"))
    tr = MetaTrainer(cfg, splits, PREP, run_dir=tmp_path / "cut")
    tr.add_listener(Event.EPISODE, lambda r: tr.interrupt() if r.episode == 6 else None)
    while tr.episode < 6:
        tr.step()
    assert tr.validation_due
    tr.save("last")  # what a stop does (CLI, GUI): the state says the validation is due
    resumed = MetaTrainer(cfg, splits, PREP, run_dir=tmp_path / "cut", resume=True)
    assert resumed.validation_due and resumed.episode == 6
    _run_to_end(resumed)
    whole = read_metrics(tmp_path / "whole" / "metrics.jsonl")
    cut = read_metrics(tmp_path / "cut" / "metrics.jsonl")
    assert [(r["type"], r["episode"]) for r in cut] == [(r["type"], r["episode"]) for r in whole]
    for a, b in zip(whole, cut):
        key = "accuracy" if a["type"] == "validation" else "meta_loss"
        assert a[key] == pytest.approx(b[key], rel=1e-6, abs=1e-9)
    best_whole = read_checkpoint(tmp_path / "whole" / "checkpoints" / "best.pt")
    best_cut = read_checkpoint(tmp_path / "cut" / "checkpoints" / "best.pt")
    assert best_whole["trainer"] == best_cut["trainer"]
    for name, value in best_whole["meta"].items():
        assert torch.allclose(value, best_cut["meta"][name], rtol=1e-6, atol=1e-8), name


def test_the_last_episode_always_ends_with_a_saved_last_pt(splits, tmp_path):
    cfg = tiny(episodes=7, val_interval=5, checkpoint_interval=3, val_episodes=3)
    tr = MetaTrainer(cfg, splits, PREP, run_dir=tmp_path)
    _run_to_end(tr)
    assert read_checkpoint(tmp_path / "checkpoints" / "last.pt")["trainer"]["episode"] == 7
    # cut short at the very end, the run is not done until that validation is
    tr2 = MetaTrainer(cfg, splits, PREP, run_dir=tmp_path / "b")
    tr2.add_listener(Event.EPISODE, lambda r: tr2.interrupt() if r.episode == 7 else None)
    while tr2.episode < 7:
        tr2.step()
    assert not tr2.done and tr2.validation_due
    assert tr2.step() is None and tr2.done
    assert read_checkpoint(tmp_path / "b" / "checkpoints" / "last.pt")["trainer"] == {
        "episode": 7,
        "best_accuracy": tr2.best_accuracy,
        "best_episode": tr2.best_episode,
        "validation_due": False,
    }


def test_a_listener_handle_takes_the_listener_back(splits):
    tr = MetaTrainer(tiny(episodes=3), splits, PREP)
    kept, dropped = [], []
    tr.add_listener(Event.EPISODE, kept.append)
    handle = tr.add_listener(Event.EPISODE, dropped.append)
    tr.step()
    handle.remove()
    handle.remove()  # twice is harmless
    tr.step()
    assert [r.episode for r in kept] == [1, 2] and [r.episode for r in dropped] == [1]
    with tr.add_listener(Event.EPISODE, dropped.append):
        tr.step()
    assert len(dropped) == 2 and len(kept) == 3
    with pytest.raises(TypeError, match="Event"):
        tr.add_listener("episode", kept.append)  # type: ignore[arg-type]


def test_safe_points_come_inside_each_update_and_change_nothing(splits):
    """SAFE_POINT before each inner step, after the last and after each episode's backward:
    T + 2 per episode of a meta-batch. A listener that takes its time there (the GUI draws)
    leaves the numbers exactly as they are without one."""
    plain = MetaTrainer(tiny(meta_batch=2), splits, PREP)
    watched = MetaTrainer(tiny(meta_batch=2), splits, PREP)
    points: list[int] = []
    watched.add_listener(Event.SAFE_POINT, points.append)
    watched.add_listener(Event.SAFE_POINT, lambda _u: torch.randn(64, 64) @ torch.randn(64, 64))
    for _ in range(2):
        a, b = plain.step(), watched.step()
        assert a is not None and b is not None and a.meta_loss == b.meta_loss
    assert points == [1] * (2 * (3 + 2)) + [2] * (2 * (3 + 2))  # numbered by the update under way
    for p, q in zip(plain.meta.parameters(), watched.meta.parameters()):
        assert torch.equal(p, q)


def test_augment_rotate_turns_the_training_images_only(tiny_config):
    """Not the paper's option either: the same episodes, their training images turned."""
    plain = MetaTrainer(tiny_config)
    turning = MetaTrainer(tiny_config.replace(augment_rotate=10.0))
    a, b = plain.sample_episode(3), turning.sample_episode(3)
    assert a.class_names == b.class_names and np.array_equal(a.query_index, b.query_index)
    assert not torch.equal(a.query_x, b.query_x)
    assert turning.samplers["train"].rotate == 10.0
    assert all(s.rotate == 0.0 for name, s in turning.samplers.items() if name != "train")


def test_augment_shift_moves_the_training_images_only(tiny_config):
    """Not the paper's option: the same episodes (classes, images, labels), their images moved;
    validation episodes stay as they are."""
    plain = MetaTrainer(tiny_config)
    moved = MetaTrainer(tiny_config.replace(augment_shift=2))
    a, b = plain.sample_episode(3), moved.sample_episode(3)
    assert a.class_names == b.class_names and torch.equal(a.support_y, b.support_y)
    assert np.array_equal(a.support_index, b.support_index)
    assert not torch.equal(a.support_x, b.support_x)
    assert moved.samplers["train"].shift == 2
    assert all(s.shift == 0 for name, s in moved.samplers.items() if name != "train")
