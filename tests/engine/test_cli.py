"""Headless commands: the documented outputs, and clear one-line errors for bad input."""

import json

import numpy as np
import pytest
from PIL import Image

from engine.cli import main
from engine.config import Config, load_config
from engine.data.synthetic import synthetic_splits
from engine.errors import NonFiniteLossError


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A tiny synthetic run trained once through the CLI."""
    root = tmp_path_factory.mktemp("cli")
    cfg = Config(
        name="tiny",
        dataset="synthetic",
        filters=8,
        inner_steps=2,
        way=3,
        shot=1,
        query=3,
        episodes=6,
        val_interval=3,
        val_episodes=4,
        test_episodes=5,
        rotations=False,
    )
    cfg.save(root / "tiny.yaml")
    out = root / "run"
    assert main(["train", "--config", str(root / "tiny.yaml"), "--out", str(out), "--quiet"]) == 0
    return root, out


def test_train_writes_run_dir(run):
    _, out = run
    assert (out / "config.yaml").exists() and (out / "checkpoints/last.pt").exists()
    assert (out / "checkpoints/best.pt").exists()
    lines = [json.loads(x) for x in (out / "metrics.jsonl").read_text().splitlines()]
    assert sum(r["type"] == "episode" for r in lines) == 6
    assert sum(r["type"] == "validation" for r in lines) == 2


def test_resume_continues(run, capsys):
    root, out = run
    assert (
        main(
            [
                "train",
                "--config",
                str(root / "tiny.yaml"),
                "--out",
                str(out),
                "--resume",
                "--episodes",
                "8",
                "--quiet",
            ]
        )
        == 0
    )
    lines = [json.loads(x) for x in (out / "metrics.jsonl").read_text().splitlines()]
    assert [r["episode"] for r in lines if r["type"] == "episode"] == list(range(1, 9))
    assert "resuming with episodes 6 -> 8" in capsys.readouterr().err


def test_resume_may_add_a_learning_rate_decay_and_says_so(run, capsys, tmp_path):
    root, out = run
    cfg = load_config(root / "tiny.yaml").replace(episodes=10, meta_lr_hold=8, meta_lr_halflife=4)
    cfg.save(tmp_path / "decay.yaml")
    assert (
        main(
            [
                "train",
                "--config",
                str(tmp_path / "decay.yaml"),
                "--out",
                str(out),
                "--resume",
                "--quiet",
            ]
        )
        == 0
    )
    err = capsys.readouterr().err
    assert "meta_lr_halflife 0 -> 4" in err and "meta_lr_hold 0 -> 8" in err
    assert load_config(out / "config.yaml") == cfg
    rates = [
        r["meta_lr"]
        for r in map(json.loads, (out / "metrics.jsonl").read_text().splitlines())
        if r["type"] == "episode"
    ]
    assert rates[8:] == pytest.approx([cfg.meta_lr_at(8), cfg.meta_lr_at(9)], rel=1e-5)


def test_eval_json(run, capsys):
    _, out = run
    capsys.readouterr()
    assert main(["eval", "--checkpoint", str(out / "checkpoints/best.pt"), "--json"]) == 0
    res = json.loads(capsys.readouterr().out)
    assert res["episodes"] == 5 and 0 <= res["accuracy"] <= 1 and res["ci95"] >= 0
    assert (res["way"], res["shot"], res["split"]) == (3, 1, "test")
    # the figure is the engine's own evaluation of those seeded episodes, not any number
    from engine.data.datasets import load_splits
    from engine.data.episodes import EpisodeSampler
    from engine.io.checkpoint import load_model
    from engine.training.evaluate import evaluate

    model = load_model(out / "checkpoints/best.pt")
    cfg = model.config
    splits, _ = load_splits(cfg)
    direct = evaluate(
        model.meta,
        model.learner,
        EpisodeSampler(splits["test"], 3, 1, 3, split="test"),
        5,
        0,
        cfg.inner_steps,
        cfg.inner_batch,
        stream="eval-test",
    )
    assert res["accuracy"] == pytest.approx(direct.accuracy, abs=1e-9)
    assert res["ci95"] == pytest.approx(direct.ci95, abs=1e-9)
    assert (
        main(
            [
                "eval",
                "--checkpoint",
                str(out / "checkpoints/best.pt"),
                "--episodes",
                "3",
                "--way",
                "2",
                "--shot",
                "2",
                "--split",
                "val",
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "2-way 2-shot" in text and "accuracy" in text and "95% CI" in text


def test_eval_with_query_batch_statistics_is_labelled_and_differs(run, capsys):
    """--transductive-bn scores the same episodes with the query's own BN statistics."""
    _, out = run
    capsys.readouterr()
    results = []
    for extra in ([], ["--transductive-bn"]):
        assert (
            main(
                [
                    "eval",
                    "--checkpoint",
                    str(out / "checkpoints/best.pt"),
                    "--json",
                    "--episodes",
                    "5",
                    *extra,
                ]
            )
            == 0
        )
        results.append(json.loads(capsys.readouterr().out))
    assert [r["bn"] for r in results] == ["support running statistics", "query batch statistics"]
    assert results[0]["loss"] != results[1]["loss"]


def _write_images(folder, images, names):
    folder.mkdir(parents=True, exist_ok=True)
    for img, n in zip(images, names):
        Image.fromarray(255 - img[:, :, 0]).save(folder / n)


@pytest.fixture(scope="module")
def image_sets(run):
    root, _ = run
    data = synthetic_splits(n_classes=40, per_class=20, size=28, channels=1, seed=0)["test"]
    sup, qry = root / "support", root / "query"
    for c in range(3):
        idx = data.indices_of(c)
        _write_images(sup / f"class{c}", data.images[idx[:2]], ["a.png", "b.png"])
        _write_images(qry / f"class{c}", data.images[idx[2:5]], ["q1.png", "q2.jpg", "q3.bmp"])
    (qry / "class0" / "broken.png").write_bytes(b"not a png")
    (sup / "class1" / "notes.txt").write_text("hello")
    return sup, qry


def test_classify_json_labelled(run, image_sets, capsys):
    _, out = run
    sup, qry = image_sets
    capsys.readouterr()
    assert (
        main(
            [
                "classify",
                "--checkpoint",
                str(out / "checkpoints/best.pt"),
                "--support",
                str(sup),
                "--query",
                str(qry),
                "--json",
            ]
        )
        == 0
    )
    res = json.loads(capsys.readouterr().out)
    assert len(res["predictions"]) == 9 and 0 <= res["accuracy"] <= 1
    assert np.array(res["confusion"]).sum() == 9
    # accuracy, correctness flags and the confusion matrix tell the same story
    correct = [p["predicted"] == p["label"] for p in res["predictions"]]
    assert [p["correct"] for p in res["predictions"]] == correct
    assert res["accuracy"] == pytest.approx(sum(correct) / 9)
    assert np.trace(np.array(res["confusion"])) == sum(correct)
    assert any("broken.png" in s for s in res["skipped"])
    assert any("notes.txt" in s for s in res["skipped"])
    p = res["predictions"][0]
    assert abs(sum(p["probabilities"].values()) - 1) < 1e-4
    assert p["predicted"] == max(p["probabilities"], key=p["probabilities"].get)


def test_classify_unlabelled_text(run, image_sets, capsys, tmp_path):
    _, out = run
    sup, qry = image_sets
    flat = tmp_path / "flat"
    flat.mkdir()
    for f in (qry / "class2").iterdir():
        (flat / f.name).write_bytes(f.read_bytes())
    assert (
        main(
            [
                "classify",
                "--checkpoint",
                str(out / "checkpoints/best.pt"),
                "--support",
                str(sup),
                "--query",
                str(flat),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert "q1.png" in text and "->" in text and "accuracy" not in text


def test_classify_empty_class_is_a_clear_error(run, image_sets, capsys, tmp_path):
    _, out = run
    sup, qry = image_sets
    bad = tmp_path / "sup"
    for c in ("x", "y"):
        (bad / c).mkdir(parents=True)
    (bad / "x" / "a.png").write_bytes((sup / "class0" / "a.png").read_bytes())
    assert (
        main(
            [
                "classify",
                "--checkpoint",
                str(out / "checkpoints/best.pt"),
                "--support",
                str(bad),
                "--query",
                str(qry / "class0"),
            ]
        )
        == 2
    )
    assert "no usable images" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args,needle",
    [
        (["train", "--config", "nope.yaml"], "nope.yaml"),
        (["eval", "--checkpoint", "missing.pt"], "missing.pt"),
    ],
)
def test_missing_files_are_one_line_errors(args, needle, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert needle in err and "Traceback" not in err


def test_bad_config_and_data(tmp_path, capsys):
    f = tmp_path / "c.yaml"
    f.write_text("dataset: folder\ndata_path: /does/not/exist\n")
    assert main(["train", "--config", str(f), "--out", str(tmp_path / "r"), "--quiet"]) == 2
    assert "/does/not/exist" in capsys.readouterr().err
    f.write_text("dataset: synthetic\nshot: 15\nquery: 15\nrotations: false\n")
    assert main(["train", "--config", str(f), "--out", str(tmp_path / "r2"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "K+Q" in err and "Traceback" not in err
    f.write_text("filters: many\n")
    assert main(["train", "--config", str(f), "--quiet"]) == 2
    assert "'filters'" in capsys.readouterr().err


def test_nan_loss_stops_with_message(run, monkeypatch, capsys, tmp_path):
    root, _ = run

    def boom(self):
        raise NonFiniteLossError(self.episode + 1)

    monkeypatch.setattr("engine.training.trainer.MetaTrainer.step", boom)
    assert (
        main(
            ["train", "--config", str(root / "tiny.yaml"), "--out", str(tmp_path / "r"), "--quiet"]
        )
        == 1
    )
    assert "episode 1" in capsys.readouterr().err


def _training_process(tmp_path, name: str, checkpoint_interval: int, lines: int):
    """`main.py train` on an endless tiny config in a subprocess, once `lines` metrics lines
    are written (the run is past start-up and training)."""
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    cfg = Config(
        name=name,
        dataset="synthetic",
        filters=4,
        hidden=4,
        inner_steps=2,
        way=3,
        shot=1,
        query=2,
        episodes=100000,
        val_interval=100000,
        checkpoint_interval=checkpoint_interval,
        rotations=False,
        threads=1,
    )
    cfg.save(tmp_path / f"{name}.yaml")
    out = tmp_path / "run"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-X",
            "faulthandler",  # a hang killed by `_finish` prints every thread's stack
            str(repo / "main.py"),
            "train",
            "--config",
            str(tmp_path / f"{name}.yaml"),
            "--out",
            str(out),
            "--quiet",
        ],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": "1"},
    )
    metrics = out / "metrics.jsonl"
    deadline = time.monotonic() + 60
    while (not metrics.exists() or metrics.read_text().count("\n") < lines) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.02)
    return proc, out


def _finish(proc, timeout: float = 60) -> str:
    """Wait for the process; one that hangs is aborted so that faulthandler prints where
    each of its threads was, and that goes into the failure message."""
    import signal
    import subprocess

    try:
        return proc.communicate(timeout=timeout)[1]
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)
        err = proc.communicate(timeout=30)[1]
        raise AssertionError(f"no exit within {timeout} s; its threads:\n{err[-6000:]}") from None


def test_sigterm_saves_the_last_checkpoint_like_ctrl_c(tmp_path):
    import signal

    from engine.io.checkpoint import read_checkpoint

    proc, out = _training_process(tmp_path, "term", checkpoint_interval=1000, lines=5)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err[-2000:]
    assert "interrupted at episode" in err
    episode = read_checkpoint(out / "checkpoints" / "last.pt")["trainer"]["episode"]
    assert 5 <= episode < 1000  # saved at the signal, not at a checkpoint interval


@pytest.mark.parametrize("shots, model", [(1, "omniglot-5w1s.pt"), (5, "omniglot-5w5s.pt")])
def test_classify_without_a_checkpoint_uses_the_matching_shipped_model(
    tmp_path, capsys, caplog, shots, model
):
    """Characters of unseen alphabets, written as ordinary black-on-white PNGs: the shipped
    model for the task's shots is used, and it recognises them far above chance."""
    from engine.data.omniglot import load_omniglot
    from engine.inference.shipped import SHIPPED_DIR

    if not (SHIPPED_DIR / model).is_file():
        pytest.skip(f"{model} is not shipped in this checkout")
    test = load_omniglot(None)["evaluation"]
    classes = [0, 40, 80, 120, 160]
    for c in classes:
        images = test.images[test.indices_of(c)]
        for split, picks in (("support", range(shots)), ("query", range(shots, shots + 3))):
            folder = tmp_path / split / f"char{c}"
            folder.mkdir(parents=True)
            for i in picks:
                Image.fromarray(255 - images[i, :, :, 0]).save(folder / f"{i}.png")
    caplog.set_level("INFO", logger="mlstm")
    assert (
        main(
            [
                "classify",
                "--support",
                str(tmp_path / "support"),
                "--query",
                str(tmp_path / "query"),
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert model in caplog.text
    correct = [p["correct"] for p in out["predictions"]]
    assert len(correct) == 15 and sum(correct) >= 10  # chance is 3 of 15


class _FakeTrainer:
    def __init__(self) -> None:
        self.updating = False
        self.interrupts = 0

    def interrupt(self) -> None:
        self.interrupts += 1


def test_a_second_signal_never_lands_inside_an_update():
    """First signal: stop after this step (a validation is cut short). Second: stop at once,
    except inside an update of the saved state, where it waits for the update's end."""
    import signal as sig

    from engine.training.headless import StopOnSignal

    stop = StopOnSignal()
    with pytest.raises(KeyboardInterrupt):
        stop._handle(sig.SIGINT, None)  # before training: nothing to save
    trainer = _FakeTrainer()
    stop.trainer = trainer  # type: ignore[assignment]
    stop._handle(sig.SIGTERM, None)
    assert stop.requested and not stop.abort and trainer.interrupts == 1
    trainer.updating = True
    stop._handle(sig.SIGINT, None)  # inside Adam's step: deferred, no exception
    assert stop.abort and trainer.interrupts == 2
    trainer.updating = False
    with pytest.raises(KeyboardInterrupt):
        stop._handle(sig.SIGTERM, None)


def test_two_quick_signals_save_a_consistent_last_pt(tmp_path):
    """Adam's step count in last.pt equals its episode count: the save never holds a state
    updated for an episode it does not count."""
    import signal
    import time

    from engine.io.checkpoint import read_checkpoint

    proc, out = _training_process(tmp_path, "twice", checkpoint_interval=7, lines=9)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.001)
    proc.send_signal(signal.SIGINT)
    err = _finish(proc)
    assert proc.returncode == 130, err[-2000:]
    bundle = read_checkpoint(out / "checkpoints" / "last.pt")
    steps = {float(s["step"]) for s in bundle["optimizer"]["state"].values()}
    assert steps == {float(bundle["trainer"]["episode"])}
