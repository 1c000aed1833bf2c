"""`classify` names the model and head rule and why (text and --json), warns far from the
training task, and takes classes with unequal numbers of shots."""

import json

import pytest
import torch
from PIL import Image

from engine.cli import main
from engine.config import Config
from engine.data.synthetic import synthetic_splits
from engine.training.trainer import MetaTrainer

SHOTS = (1, 3, 2)  # unequal support images per class: K is the median class's, 2


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    cfg = Config(
        name="tiny-explain",
        dataset="synthetic",
        filters=4,
        hidden=4,
        inner_steps=2,
        way=3,
        shot=1,
        query=2,
        episodes=4,
        val_interval=1000,
        seed=0,
    )
    trainer = MetaTrainer(cfg, run_dir=tmp_path_factory.mktemp("run"))
    for _ in range(3):
        trainer.step()
    path = trainer.save("last")
    torch.set_num_threads(threads)
    return path


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("explain")
    test = synthetic_splits(size=28, channels=1, seed=0)["test"]
    for c, shots in enumerate(SHOTS):
        idx = test.indices_of(c)
        for split, picks in (("support", idx[:shots]), ("query", idx[shots : shots + 2])):
            folder = root / split / f"class{c}"
            folder.mkdir(parents=True)
            for i in picks:
                Image.fromarray(255 - test.images[i][:, :, 0]).save(folder / f"{i}.png")
    return root / "support", root / "query"


def run_json(capsys, *args):
    capsys.readouterr()
    assert main(["classify", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_names_model_head_and_task_with_unequal_shots(checkpoint, folders, capsys):
    sup, qry = folders
    out = run_json(
        capsys, "--checkpoint", str(checkpoint), "--support", str(sup), "--query", str(qry)
    )
    assert out["model"] == checkpoint.name and out["why_model"] == "chosen with --checkpoint"
    assert out["trained_for"] == {"way": 3, "shot": 1}
    assert out["task"] == {"way": 3, "shot": 2}
    assert out["head"]["rule"] == "grouped" and "one per class" in out["head"]["why"]
    assert out["warnings"] == [] and len(out["predictions"]) == 6
    paper = run_json(
        capsys,
        "--checkpoint",
        str(checkpoint),
        "--support",
        str(sup),
        "--query",
        str(qry),
        "--head",
        "paper",
    )
    assert paper["head"]["rule"] == "paper"
    # at the training N the two rules are the same computation
    assert [p["probabilities"] for p in paper["predictions"]] == [
        p["probabilities"] for p in out["predictions"]
    ]


def test_text_output_explains_the_choice(checkpoint, folders, capsys):
    sup, qry = folders
    capsys.readouterr()
    assert (
        main(
            [
                "classify",
                "--checkpoint",
                str(checkpoint),
                "--support",
                str(sup),
                "--query",
                str(qry),
            ]
        )
        == 0
    )
    text = capsys.readouterr().out
    assert f"model: {checkpoint.name} (trained for 3-way 1-shot; task 3-way 2-shot)" in text
    assert "head initialisation 'grouped'" in text


def test_default_shipped_model_is_named_with_its_reason(folders, capsys):
    from engine.inference.shipped import shipped_checkpoints

    if not shipped_checkpoints():
        pytest.skip("no shipped models in this checkout")
    sup, qry = folders
    out = run_json(capsys, "--support", str(sup), "--query", str(qry))
    assert out["model"] == "omniglot-5w1s.pt"
    assert "smallest shipped training N (5-way) that covers 3 classes" in out["why_model"]
    assert "3 of the model's 5 learned head rows" in out["head"]["why"]


def test_a_task_far_from_the_model_is_warned(checkpoint, tmp_path, capsys):
    test = synthetic_splits(size=28, channels=1, seed=0)["test"]
    for c in range(8):  # 8-way 1-shot against a 3-way model: more than 2x its N
        for split, k in (("support", 0), ("query", 1)):
            folder = tmp_path / split / f"c{c}"
            folder.mkdir(parents=True)
            i = test.indices_of(c)[k]
            Image.fromarray(255 - test.images[i][:, :, 0]).save(folder / "x.png")
    out = run_json(
        capsys,
        "--checkpoint",
        str(checkpoint),
        "--support",
        str(tmp_path / "support"),
        "--query",
        str(tmp_path / "query"),
    )
    assert any("8 classes is far" in w for w in out["warnings"])
    assert "3 groups" in out["head"]["why"]
    assert len(out["predictions"]) == 8
    for p in out["predictions"]:
        assert abs(sum(p["probabilities"].values()) - 1) < 1e-4
