"""The run session is Qt-free and its typed signals fire once per change, in order, and can
be disconnected: what lets the Explore dock follow the window without reading its fields."""

import subprocess
import sys
from pathlib import Path

from mlstm_gui.common.states import RunState
from mlstm_gui.shell.session import RunSession

REPO = Path(__file__).resolve().parents[3]


def test_the_session_imports_no_qt():
    code = (
        "import sys; import mlstm_gui.shell.session; "
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph'))]"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr


def test_state_changes_are_announced_once_each_and_can_be_unsubscribed():
    session = RunSession()
    seen: list[RunState] = []
    started: list[object] = []
    disconnect = session.state_changed.connect(seen.append)
    session.run_started.connect(started.append)
    session.set_state(RunState.STARTING)
    session.set_state(RunState.STARTING)  # no change: no signal
    session.set_state(RunState.RUNNING)
    worker = object()
    session.started(worker)
    disconnect()
    session.set_state(RunState.IDLE)
    assert seen == [RunState.STARTING, RunState.RUNNING]
    assert started == [worker] and session.state is RunState.IDLE
    assert RunState.RUNNING.busy and not RunState.PAUSED.busy
