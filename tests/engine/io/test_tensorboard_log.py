"""`main.py train --tensorboard`: scalars and gate histograms TensorBoard can read, and a clear
message when the package is missing."""

import builtins

import pytest

from engine.cli import main
from engine.config import Config


def _config(tmp_path, **changes):
    cfg = Config(
        name="tb",
        dataset="synthetic",
        filters=4,
        hidden=4,
        inner_steps=2,
        way=3,
        shot=1,
        query=2,
        episodes=4,
        val_interval=2,
        val_episodes=2,
        rotations=False,
    ).replace(**changes)
    cfg.save(tmp_path / "tb.yaml")
    return tmp_path / "tb.yaml"


def test_tensorboard_events_hold_scalars_and_gate_histograms(tmp_path, monkeypatch):
    pytest.importorskip("tensorboard")
    import tqdm

    monkeypatch.setattr(tqdm.tqdm, "monitor_interval", 0)  # no monitor thread left behind
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    out = tmp_path / "run"
    assert (
        main(
            [
                "train",
                "--config",
                str(_config(tmp_path)),
                "--out",
                str(out),
                "--quiet",
                "--tensorboard",
            ]
        )
        == 0
    )
    events = EventAccumulator(str(out / "tensorboard"))
    events.Reload()
    tags = events.Tags()
    assert [e.step for e in events.Scalars("meta/loss")] == [1, 2, 3, 4]
    assert [e.value for e in events.Scalars("meta/learning_rate")] == pytest.approx([1e-3] * 4)
    assert [e.step for e in events.Scalars("validation/accuracy_val")] == [2, 4]
    assert "gates/input/conv1" in tags["histograms"] and "gates/forget/fc" in tags["histograms"]
    hist = events.Histograms("gates/forget/fc")[0].histogram_value
    assert hist.num > 0 and 0.0 <= hist.min <= hist.max <= 1.0
    assert sum(hist.bucket) == hist.num


def test_missing_tensorboard_is_one_clear_line_before_any_work(tmp_path, monkeypatch, capsys):
    real_import = builtins.__import__

    def no_tensorboard(name, *args, **kwargs):
        if name.startswith(("tensorboard", "torch.utils.tensorboard")):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_tensorboard)
    out = tmp_path / "run"
    assert (
        main(
            [
                "train",
                "--config",
                str(_config(tmp_path)),
                "--out",
                str(out),
                "--quiet",
                "--tensorboard",
            ]
        )
        == 2
    )
    assert "pip install tensorboard" in capsys.readouterr().err
    assert not out.exists()


def test_gate_histograms_come_at_the_first_episode_and_every_50th(tmp_path):
    pytest.importorskip("tensorboard")
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    config = _config(tmp_path, episodes=101, val_interval=1000, threads=1)
    out = tmp_path / "run"
    assert (
        main(
            [
                "train",
                "--config",
                str(config),
                "--out",
                str(out),
                "--quiet",
                "--tensorboard",
            ]
        )
        == 0
    )
    events = EventAccumulator(str(out / "tensorboard"), size_guidance={"histograms": 0})
    events.Reload()
    for tag in ("gates/input/conv1", "gates/forget/fc"):
        assert [e.step for e in events.Histograms(tag)] == [1, 50, 100], tag
    assert len(events.Scalars("meta/loss")) == 101
