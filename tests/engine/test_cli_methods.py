"""main.py eval --method: one row per method (or one JSON object), the meta-lstm row equal to
plain eval's figure, and a bad name refused in one line that names the allowed values."""

import json

import pytest
import torch

from engine.cli import main
from engine.config import Config
from engine.data.episodes import Preprocessing
from engine.io.checkpoint import build_models, save_checkpoint
from engine.model.methods import METHODS


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory):
    cfg = Config(
        name="tiny", dataset="synthetic", filters=4, hidden=4, inner_steps=2, way=3, shot=1, query=2
    )
    _, meta = build_models(cfg, torch.Generator().manual_seed(0))
    path = tmp_path_factory.mktemp("methods") / "tiny.pt"
    return save_checkpoint(path, config=cfg, preprocessing=Preprocessing(28, 1, True), meta=meta)


def test_a_bad_method_names_the_allowed_values(checkpoint, capsys):
    assert main(["eval", "--checkpoint", str(checkpoint), "--method", "meta-lstm,sgd"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: unknown method 'sgd'") and len(err.splitlines()) == 1
    assert all(m in err for m in METHODS) and "Traceback" not in err


def test_rows_and_json(checkpoint, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("MLSTM_CACHE_DIR", str(tmp_path / "cache"))
    base = ["eval", "--checkpoint", str(checkpoint), "--episodes", "3", "--json"]
    assert main(base) == 0
    plain = json.loads(capsys.readouterr().out)
    methods = "meta-lstm,pixel-nn,sgd-from-c0,finetune,nearest-neighbour"
    extra = ["--method", methods, "--tune-episodes", "1", "--pretrain-iterations", "10"]
    assert main(base + extra) == 0
    out = json.loads(capsys.readouterr().out)
    assert [r["method"] for r in out["methods"]] == methods.split(",")
    assert out["methods"][0]["accuracy"] == pytest.approx(plain["accuracy"])
    assert (
        "lr" in out["methods"][2]["settings"] and out["methods"][2]["tuning"]["val_episodes"] == 1
    )
    assert set(out["methods"][3]["settings"]) == {"lr", "decay", "passes"}
    assert list((tmp_path / "cache" / "pretrained").glob("synthetic-*.pt"))  # cached
    assert main(base[:-1] + ["--method", "pixel-nn,meta-lstm"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "3 episodes" in lines[0] and len(lines) == 3
    assert lines[1].split()[0] == "pixel-nn" and "%" in lines[1]
