"""scripts/method_table.py turns eval --method's JSON into docs/RESULTS.md's table: one column
per task, one row per method, a rate-0.1 pretraining's rows named apart."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "method_table.py"


def _run(way, shot, methods, pretrain_lr=0.01):
    return {
        "way": way,
        "shot": shot,
        "episodes": 600,
        "seed": 0,
        "pretrained": {"settings": {"lr": pretrain_lr}},
        "methods": [
            {"method": m, "accuracy": acc, "ci95": 0.005, "settings": s} for m, acc, s in methods
        ],
    }


def test_rows_columns_and_settings(tmp_path):
    a = tmp_path / "a.json"
    b = tmp_path / "b.json"
    c = tmp_path / "c.json"
    a.write_text(
        json.dumps(_run(5, 1, [("meta-lstm", 0.9479, {}), ("sgd-from-c0", 0.9, {"lr": 0.1})]))
    )
    b.write_text(json.dumps(_run(5, 5, [("meta-lstm", 0.98, {})])))
    c.write_text(json.dumps(_run(5, 1, [("nearest-neighbour", 0.96, {})], pretrain_lr=0.1)))
    out = subprocess.run(
        [sys.executable, str(SCRIPT), str(a), str(b), str(c)], capture_output=True, text=True
    ).stdout
    lines = [x for x in out.splitlines() if x.startswith("|")]
    assert lines[0] == "| method | 5-way 1-shot | 5-way 5-shot |"
    assert "| meta-lstm | 94.79 ± 0.50 | 98.00 ± 0.50 |" in lines
    assert "| sgd-from-c0 | 90.00 ± 0.50 | – |" in lines
    assert "| nearest-neighbour (pretrained at lr 0.1) | 96.00 ± 0.50 | – |" in lines
    assert "- sgd-from-c0, 5-way 1-shot: {'lr': 0.1}" in out
