"""Text files are UTF-8 whatever the locale: a config, the run's metrics and config copy,
written and read back by a process whose locale encoding is ASCII, with non-ASCII names in
the config and in the paths."""

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
ASCII_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}


def _ascii_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    return {**env, **ASCII_LOCALE, "OMP_NUM_THREADS": "1"}


def test_the_subprocess_really_has_an_ascii_locale():
    out = subprocess.run(
        [sys.executable, "-c", "import locale; print(locale.getpreferredencoding(False))"],
        env=_ascii_env(),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert out.stdout.strip().lower() in ("ansi_x3.4-1968", "ascii", "us-ascii")


def test_training_with_non_ascii_names_under_an_ascii_locale(tmp_path):
    config = {
        "name": "θ-Übung-训练",
        "dataset": "synthetic",
        "filters": 4,
        "hidden": 4,
        "inner_steps": 2,
        "way": 3,
        "shot": 1,
        "query": 2,
        "episodes": 2,
        "val_interval": 2,
        "val_episodes": 2,
        "rotations": False,
        "threads": 1,
    }
    cfg_path = tmp_path / "配置.yaml"
    cfg_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "运行"
    # a str command line with non-ASCII paths cannot even be passed under ASCII: bytes can
    cmd = [
        os.fsencode(sys.executable),
        os.fsencode(REPO / "main.py"),
        b"train",
        b"--config",
        os.fsencode(cfg_path),
        b"--out",
        os.fsencode(out),
        b"--quiet",
    ]
    done = subprocess.run(cmd, env=_ascii_env(), capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")[-2000:]
    saved = yaml.safe_load((out / "config.yaml").read_text(encoding="utf-8"))
    assert saved["name"] == "θ-Übung-训练"
    lines = (out / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["type"] for line in lines] == ["episode", "episode", "validation"]


def test_classify_with_non_ascii_class_names(tmp_path, capsys):
    """Class folders named in Greek, Chinese and with accents: listed, predicted and written
    to JSON as they are."""
    import numpy as np
    from PIL import Image

    from engine.cli import main
    from engine.inference.shipped import DEFAULT

    names = ["Ωmega", "猫", "café"]
    for split in ("support", "query"):
        for c, name in enumerate(names):
            folder = tmp_path / split / name
            folder.mkdir(parents=True)
            img = np.full((28, 28), 255, np.uint8)
            img[3 + 8 * c : 9 + 8 * c, 4:24] = 0
            Image.fromarray(img).save(folder / "ü.png")
    assert (
        main(
            [
                "classify",
                "--checkpoint",
                str(DEFAULT),
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
    assert out["classes"] == sorted(names, key=str.casefold)
    assert {p["label"] for p in out["predictions"]} == set(names)
    assert all(p["image"].endswith("ü.png") for p in out["predictions"])
