"""The wheel installs like an app: built from the repo, installed into a fresh virtual
environment, its `mlstm-explorer` command works from any folder and finds the embedded
Omniglot, the presets and the shipped models inside the installed package.

The new environment reuses this one's third-party packages (torch, PySide6, ...) through a
.pth line, so nothing is downloaded; the project itself comes only from the wheel."""

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[2]


def _run(
    cmd: list[str], cwd: Path, env: dict | None = None, timeout: int = 180
) -> subprocess.CompletedProcess:
    out = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert out.returncode == 0, f"{cmd}\n{out.stdout[-2000:]}\n{out.stderr[-3000:]}"
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin/ folder of a fresh venv with the wheel installed."""
    root = tmp_path_factory.mktemp("wheel")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(root / "dist"),
            str(REPO),
        ],
        cwd=root,
    )
    wheel = next((root / "dist").glob("mlstm_explorer-*.whl"))
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(
        _run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            cwd=root,
        ).stdout.strip()
    )
    (site / "third_party.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "-q",
            "--no-deps",
            str(wheel),
        ],
        cwd=root,
    )
    return env_dir / "bin"


@pytest.fixture
def outside(tmp_path) -> tuple[Path, dict]:
    """A working folder outside the checkout, and an environment with a private cache."""
    import os

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(MLSTM_CACHE_DIR=str(tmp_path / "cache"), HOME=str(tmp_path))
    work = tmp_path / "work"
    work.mkdir()
    return work, env


def test_the_installed_package_is_the_wheel_and_not_the_checkout(installed, outside):
    work, env = outside
    code = (
        "import engine, mlstm_gui; from engine.resources import assets_dir, configs_dir; "
        "print(engine.__file__); print(assets_dir()); print(configs_dir())"
    )
    lines = _run([str(installed / "python"), "-c", code], cwd=work, env=env).stdout.split()
    venv_root = str(installed.parent)
    assert all(line.startswith(venv_root) for line in lines), lines
    assert (Path(lines[1]) / "omniglot28.npz").is_file()
    assert (Path(lines[2]) / "omniglot-5w1s.yaml").is_file()


def test_the_wheel_ships_the_pretrained_learner(installed, outside):
    """The baselines of `eval --method` need no pretraining for the Omniglot presets."""
    work, env = outside
    code = (
        "from engine.config import load_config, preset_dir; "
        "from engine.io.pretrained import file_name, shipped_dir; "
        "from engine.training.pretrain import PretrainSettings; "
        "cfg = load_config(preset_dir() / 'omniglot-5w1s.yaml'); "
        "print(shipped_dir() / file_name(cfg, PretrainSettings()))"
    )
    path = Path(_run([str(installed / "python"), "-c", code], cwd=work, env=env).stdout.strip())
    assert path.is_file() and str(path).startswith(str(installed.parent))


def test_the_wheel_ships_the_translations(installed, outside):
    """View → Language finds the compiled Chinese translation (and its source) installed."""
    work, env = outside
    code = "from mlstm_gui.common.i18n import qm_path, ts_path; print(qm_path()); print(ts_path())"
    paths = _run([str(installed / "python"), "-c", code], cwd=work, env=env).stdout.split()
    assert all(Path(p).is_file() and p.startswith(str(installed.parent)) for p in paths), paths


def test_help(installed, outside):
    work, env = outside
    out = _run([str(installed / "mlstm-explorer"), "--help"], cwd=work, env=env).stdout
    assert out.startswith("usage: mlstm-explorer")
    for word in ("train", "eval", "classify", "tour", "--install-desktop"):
        assert word in out


def test_eval_a_shipped_model_by_name(installed, outside):
    work, env = outside
    out = _run(
        [
            str(installed / "mlstm-explorer"),
            "eval",
            "--checkpoint",
            "omniglot-5w1s",
            "--episodes",
            "5",
            "--json",
        ],
        cwd=work,
        env=env,
    ).stdout
    res = json.loads(out.strip().splitlines()[-1])
    assert res["episodes"] == 5 and res["way"] == 5 and res["shot"] == 1
    assert res["accuracy"] > 0.5  # the shipped 5w1s model, far above 20 % chance
    assert "mlstm_assets" in res["checkpoint"]


def test_classify_a_generated_folder_set(installed, outside):
    work, env = outside
    rng = np.random.default_rng(0)
    for split, count in (("support", 2), ("query", 2)):
        for c, (r0, c0) in enumerate([(2, 2), (2, 16), (16, 9)]):
            folder = work / split / f"class{c}"
            folder.mkdir(parents=True)
            for k in range(count):
                img = np.full((28, 28), 255, np.uint8)
                img[r0 : r0 + 10, c0 : c0 + 10] = 0  # a dark square, one place per class
                img = np.clip(img + rng.integers(-20, 20, img.shape), 0, 255).astype(np.uint8)
                Image.fromarray(img).save(folder / f"{k}.png")
    out = _run(
        [
            str(installed / "mlstm-explorer"),
            "classify",
            "--support",
            "support",
            "--query",
            "query",
            "--json",
        ],
        cwd=work,
        env=env,
    ).stdout
    res = json.loads(out.strip().splitlines()[-1])
    assert len(res["predictions"]) == 6
    assert {p["predicted"] for p in res["predictions"]} <= {"class0", "class1", "class2"}
    assert res["accuracy"] >= 2 / 3
