"""The GUI's views never import the worker modules (the training worker, the replay/classify
worker): they see the job API's immutable types and the snapshot types only. The controllers
that own a worker (the window, the Explore controller, Try it's panel, the tour) may."""

from tests.engine.test_import_contracts import _imports_of

WORKERS = ("mlstm_gui.monitor.worker", "mlstm_gui.explore.replay_worker")
CONTROLLERS = {"shell", "tour", "explore/exploration.py", "tryit/panel.py"}


def test_views_never_import_the_worker_modules():
    breaches = []
    for file, names in _imports_of("mlstm_gui").items():
        owner = file.split("/")[0]
        if (
            owner in CONTROLLERS
            or file in CONTROLLERS
            or file in ("monitor/worker.py", "explore/replay_worker.py")
        ):
            continue
        breaches += [f"{file}: {n}" for n in names if n.startswith(WORKERS)]
    assert breaches == []


def test_the_contract_sees_the_controllers_imports():
    imports = _imports_of("mlstm_gui")
    assert any(n.startswith(WORKERS) for n in imports["explore/exploration.py"])
