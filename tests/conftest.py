"""Shared test setup: offscreen Qt, seeded RNGs, private settings/runs folders, and a check
that no test leaves a thread running (napari-style: a dangling QThread fails the test)."""

from __future__ import annotations

import gc
import os
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

# Tests check behaviour, not speed: one intra-op thread keeps them fast and stable when the
# 2-core machine is shared (OpenMP threads spin-waiting on a busy core were measured to slow
# small episodes ~70x). Workers that choose their own thread count still do.
torch.set_num_threads(1)


def _running_qthreads() -> list:
    try:
        from PySide6.QtCore import QThread
    except ImportError:  # pragma: no cover - engine-only environments
        return []
    return [o for o in gc.get_objects() if issubclass(type(o), QThread) and o.isRunning()]


@pytest.fixture(autouse=True)
def _seeded() -> None:
    torch.manual_seed(0)
    np.random.seed(0)


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory, monkeypatch) -> None:
    """Every test gets its own QSettings file and runs folder: the user's are never touched."""
    base = tmp_path_factory.mktemp("appdata")
    monkeypatch.setenv("MLSTM_SETTINGS_DIR", str(base / "settings"))
    monkeypatch.setenv("MLSTM_RUNS_DIR", str(base / "runs"))
    try:
        from PySide6.QtCore import QSettings

        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(QSettings.Format.IniFormat, scope, str(base / "qsettings"))
            QSettings.setPath(QSettings.Format.NativeFormat, scope, str(base / "qsettings"))
    except ImportError:  # pragma: no cover
        pass


@pytest.fixture(autouse=True)
def _no_dangling_threads():
    """Fail a test that leaves a running QThread or Python thread behind (then clean up, so
    one leak does not cascade into the next tests)."""
    py_before = set(threading.enumerate())
    qt_before = {id(t) for t in _running_qthreads()}
    yield
    deadline = time.monotonic() + 2.0
    while True:
        qt = [t for t in _running_qthreads() if id(t) not in qt_before]
        # _DummyThread: Python's stand-in for a foreign (here: Qt) thread that ran Python
        # code; it never goes away, and QThreads are checked above.
        py = [
            t
            for t in threading.enumerate()
            if t not in py_before and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        if not (qt or py) or time.monotonic() > deadline:
            break
        time.sleep(0.01)  # a thread that is just returning: poll briefly
    for t in qt:
        t.quit()
        t.wait(5000)
    if qt or py:
        names = [f"QThread {t.objectName() or t!r}" for t in qt] + [repr(t) for t in py]
        pytest.fail(f"test left running thread(s): {', '.join(names)}")


@pytest.fixture
def tiny_config():
    """A config that trains in ~10 ms per episode on 2 cores (synthetic data, 4 filters, T=2)."""
    from engine.config import Config

    return Config(
        name="tiny",
        dataset="synthetic",
        filters=4,
        hidden=4,
        inner_steps=2,
        image_size=28,
        way=3,
        shot=1,
        query=2,
        episodes=40,
        val_interval=10,
        val_episodes=3,
        checkpoint_interval=5,
        seed=0,
    )
