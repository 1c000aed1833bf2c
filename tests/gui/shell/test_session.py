"""The run session is Qt-free and its typed signals fire once per change, in order, and can
be disconnected: what lets the Explore dock follow the window without reading its fields."""

import subprocess
import sys
from pathlib import Path

from engine.config import Config
from mlstm_gui.common.states import RunState
from mlstm_gui.shell.session import NextRun, RunSession

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
    session = RunSession(Config())
    seen: list[RunState] = []
    started: list[object] = []
    disconnect = session.state_changed.connect(seen.append)
    session.run_started.connect(started.append)
    session.set_state(RunState.STARTING)
    session.set_state(RunState.STARTING)  # no change: no signal
    session.set_state(RunState.RUNNING)
    worker = object()
    session.started(worker, Path("runs/a"))
    disconnect()
    session.set_state(RunState.IDLE)
    assert seen == [RunState.STARTING, RunState.RUNNING]
    assert started == [worker] and session.state is RunState.IDLE
    assert RunState.RUNNING.busy and not RunState.PAUSED.busy


def test_the_next_run_plan_is_used_up_by_a_start_and_set_again_by_a_resumable_end():
    """An opened checkpoint plans a resume in its folder; starting uses that plan, and a
    stop with a checkpoint plans to resume the same folder; a finished run plans nothing."""
    session = RunSession(Config())
    plans: list[NextRun] = []
    session.next_run_changed.connect(plans.append)
    longer = Config().replace(episodes=50)
    session.plan(NextRun(longer, Path("runs/x"), resume=True))
    session.plan(NextRun(longer, Path("runs/x"), resume=True))  # the same plan: no signal
    session.started(object(), Path("runs/x"))
    assert session.run_dir == Path("runs/x") and session.next_run == NextRun(longer)
    session.ended(resumable=True)
    assert session.next_run == NextRun(longer, Path("runs/x"), True)
    session.started(object(), Path("runs/x"))
    session.ended(resumable=False)
    assert session.next_run == NextRun(longer) and session.config is longer
    # the plan, each start, the resumable end; the final end changes nothing
    assert [p.resume for p in plans] == [True, False, True, False]


def test_following_a_folder_is_announced_once_per_change():
    session = RunSession(Config())
    seen: list[object] = []
    session.following_changed.connect(seen.append)
    session.follow(Path("runs/other"))
    session.follow(Path("runs/other"))
    session.follow(None)
    assert seen == [Path("runs/other"), None] and session.following is None
