"""Background training: a `TrainingWorker` (QObject) in its own QThread drives `MetaTrainer`.

Why a blocking loop with a lock-protected command state rather than queued command slots: the
worker thread spends nearly all its time inside `MetaTrainer.step()`, so queued slots would only
run between episodes anyway, and pause/step/stop must be callable from any thread without
waiting for the worker. The GUI thread only flips flags under a short lock and never waits on
the worker, except `TrainingRun.join()` when the window closes.

Only immutable snapshots cross threads: EpisodeReport / ValidationReport / CheckpointEvent
(NumPy copies, frozen dataclasses) and plain strings, through queued signals. The worker never
touches a widget.

Just over 400 lines: the loop, its commands, its report hand-over at drawing turns and the
warm-up share one thread's state; split, each part would reach into the others.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Protocol

import torch
from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from engine.config import Config
from engine.errors import EngineError, NonFiniteLossError
from engine.training.events import Event, Listener
from engine.training.reports import CheckpointEvent, EpisodeReport, ValidationReport
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.states import WorkerState
from mlstm_gui.monitor.turns import DrawTurns

log = logging.getLogger("mlstm.gui.worker")


def default_worker_threads() -> int:
    """Torch intra-op threads for the training worker: what headless `train` uses (torch's
    default, one per core), measured in bench/gui_throughput.py (docs/BENCHMARKS.md, "GUI")."""
    return max(1, os.cpu_count() or 1)


def fills_cores(threads: int) -> bool:
    """Whether `threads` torch threads leave no core for the GUI (then drawing takes turns)."""
    return threads >= (os.cpu_count() or 1)


def describe_error(exc: BaseException) -> str:
    """A message fit for a dialog: EngineError messages in the interface's language, others
    with their type."""
    if isinstance(exc, EngineError):
        return engine_text(exc)
    text = str(exc) or "(no message)"
    return f"{type(exc).__name__}: {text} (the full traceback is in the log)"


@dataclass(frozen=True)
class RunInfo:
    """What the GUI needs to know once the trainer exists (sent with `ready`)."""

    episode: int  # episodes already done (non-zero when resuming)
    episodes: int  # total episodes of the config
    device: str
    threads: int
    best_accuracy: float  # -1 when not validated yet
    run_dir: Optional[str]


class Trainer(Protocol):
    """What the worker drives: `engine.training.trainer.MetaTrainer`, or a test's stand-in."""

    episode: int
    device: Any
    best_accuracy: float
    run: Any  # the run folder (engine.io.runs.RunDir) or None
    validation_due: bool  # set before the episode's report: a validation follows it

    @property
    def done(self) -> bool: ...

    def add_listener(self, event: Event, fn: Listener) -> Any: ...

    def step(self) -> Any: ...

    def save(self, kind: str = "last", path: Optional[Path | str] = None) -> Path: ...


TrainerFactory = Callable[[Config, Optional[Path], bool], Trainer]
_prepared = False


def prepare_engine() -> None:
    """Warm-up: import what training imports lazily (torch._dynamo via Adam's first
    construction, dataset readers, checkpoint I/O) and run one tiny episode, once per process.
    Done before training is measured (tour, bench) so those ~3 s of imports, which hold the GIL
    in long stretches, do not count as training or as GUI stalls."""
    global _prepared
    if _prepared:
        return
    import encodings.cp437  # noqa: F401 - zipfile (npz assets) imports it lazily
    import tempfile

    import torch._dynamo  # noqa: F401 - what Adam's first construction imports
    from PIL import Image

    import engine.data.datasets  # noqa: F401
    import engine.data.omniglot  # noqa: F401
    import engine.data.synthetic  # noqa: F401
    import engine.io.checkpoint  # noqa: F401
    import engine.training.evaluate  # noqa: F401
    from engine.io.checkpoint import read_checkpoint
    from engine.training.trainer import MetaTrainer

    Image.init()  # all image plugins (folder datasets)
    try:
        import engine.data.miniimagenet  # noqa: F401
    except ImportError:  # pragma: no cover - optional reader
        pass
    config = Config(
        name="prepare",
        dataset="synthetic",
        filters=1,
        hidden=1,
        inner_steps=1,
        way=2,
        shot=1,
        query=1,
        episodes=1,
        val_interval=1,
        val_episodes=1,
    )
    # One torch thread here: a multi-threaded op in this thread would leave an idle OpenMP team
    # behind, and with more OpenMP threads alive than cores libgomp stops spinning, which made
    # the training worker's 2-thread episodes as slow as 1-thread ones (docs/BENCHMARKS.md).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    trainer = MetaTrainer(config)
    trainer.step()  # one episode and one validation: autograd, optimiser, evaluation
    with tempfile.TemporaryDirectory() as tmp:
        read_checkpoint(trainer.save("last", Path(tmp) / "prepare.pt"))
    torch.set_num_threads(threads)
    _prepared = True


def _build_trainer(config: Config, run_dir: Optional[Path], resume: bool) -> Trainer:
    from engine.training.trainer import MetaTrainer  # heavy imports happen in the worker thread

    return MetaTrainer(config, run_dir=run_dir, resume=resume)


class TrainingWorker(QObject):
    """Owns one MetaTrainer, built and driven in the worker thread.

    Commands (`pause`, `resume`, `step`, `stop`, `request_save`) are safe from any thread and
    take effect between episodes, so stop is honoured within one episode."""

    ready = Signal(RunInfo)
    episode_done = Signal(EpisodeReport)
    # the held reports are all out (after their episode_done), and if the GUI asked for a
    # turn, the worker now waits for it to draw (turns.py)
    handed_over = Signal()
    validated = Signal(ValidationReport)
    checkpointed = Signal(CheckpointEvent)
    state_changed = Signal(WorkerState)
    failed = Signal(str)  # the run ended on an error; readable message
    nonfinite = Signal(str)  # NaN/inf loss: training paused; message names the episode
    warning = Signal(str)  # a non-fatal problem (e.g. a checkpoint could not be written)
    finished = Signal()  # the loop has returned; the thread is about to end

    def __init__(
        self,
        config: Config,
        run_dir: Optional[Path | str] = None,
        resume: bool = False,
        threads: Optional[int] = None,
        start_paused: bool = False,
        trainer_factory: Optional[TrainerFactory] = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.run_dir = Path(run_dir) if run_dir is not None else None
        self.resume_run = resume
        self.threads = config.threads or threads or default_worker_threads()
        self._factory = trainer_factory or _build_trainer
        self._cond = threading.Condition()
        self._paused = start_paused
        self._steps = 0
        self._stop = False
        self._saves: list[Optional[str]] = []
        self._state: Optional[WorkerState] = None
        self._last_saved = -1
        # drawing's turns at safe points; used while the torch threads fill every core
        self.turns = DrawTurns()
        self._held: list[EpisodeReport] = []  # reports waiting for the next turn (worker thread)
        self._held_since = 0.0
        self.trainer: Optional[Trainer] = None  # only used in the worker thread while running

    # ------------------------------------------------------------------ commands (any thread)
    def pause(self) -> None:
        with self._cond:
            self._paused = True
            self._cond.notify_all()

    def resume(self) -> None:
        with self._cond:
            self._paused, self._steps = False, 0
            self._cond.notify_all()

    def step(self, count: int = 1) -> None:
        """Train exactly `count` more episodes; only meaningful while paused."""
        with self._cond:
            if self._paused:
                self._steps += count
                self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self.turns.close()
        trainer = self.trainer
        if trainer is not None and hasattr(trainer, "interrupt"):
            trainer.interrupt()  # a validation in progress ends early: stop stays prompt

    def request_save(self, path: Optional[str] = None) -> None:
        """Save a checkpoint between episodes (to the run's last.pt, or to `path`)."""
        with self._cond:
            self._saves.append(path)
            self._cond.notify_all()

    @property
    def state(self) -> Optional[WorkerState]:
        """None until the loop has announced its first state."""
        return self._state

    # ------------------------------------------------------------------ the loop (worker thread)
    @Slot()
    def run(self) -> None:
        """Entry point, connected to QThread.started; always ends with `finished`."""
        try:
            self._run()
        except Exception as exc:  # noqa: BLE001 - anything must reach the user, not kill Qt
            self._fail(exc)
        finally:
            self.trainer = None  # free the models and data with the thread
            self.finished.emit()

    def _announce(self, state: WorkerState) -> None:
        if state != self._state:
            self._hand_over(force=True)  # the episodes before the news
            self._state = state
            self.state_changed.emit(state)

    def _fail(self, exc: BaseException) -> None:
        if isinstance(exc, EngineError):
            log.error("training failed: %s", exc)
        else:
            log.error(
                "training failed:\n%s",
                "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
            )
        self._hand_over(force=True)
        self.failed.emit(describe_error(exc))
        self._announce(WorkerState.STOPPED)

    def _next_action(self) -> tuple[str, Optional[str]]:
        """Block while paused with nothing to do; otherwise say what to do next."""
        while True:
            with self._cond:
                if self._stop:
                    return "stop", None
                if self._saves:
                    return "save", self._saves.pop(0)
                if not self._paused:
                    action = "episode"
                elif self._steps:
                    self._steps -= 1
                    return "step", None
                elif self._state is not WorkerState.PAUSED:
                    action = "announce-paused"
                else:
                    self._cond.wait()
                    continue
            if action == "episode":
                self._announce(WorkerState.RUNNING)
                return action, None
            self._announce(WorkerState.PAUSED)  # outside the lock: emitting never waits on the GUI

    def _run(self) -> None:
        torch.set_num_threads(self.threads)
        # ...and fix it for this thread now. torch gives a thread its count lazily, at its
        # first parallel operation, from the count last set by *any* thread; the replay
        # worker sets 1 for its jobs, and one that ran while the trainer was being built left
        # this worker training on one thread in two runs of three (docs/BENCHMARKS.md).
        torch.get_num_threads()
        trainer = self._factory(self.config, self.run_dir, self.resume_run)
        self.trainer = trainer
        trainer.add_listener(Event.EPISODE, self._hold)
        trainer.add_listener(Event.VALIDATION, self._on_validated)
        trainer.add_listener(Event.CHECKPOINT, self._on_checkpoint)
        trainer.add_listener(Event.SAFE_POINT, self._take_turn)
        self._last_saved = trainer.episode if self.resume_run else -1
        run = trainer.run
        self.ready.emit(
            RunInfo(
                trainer.episode,
                self.config.episodes,
                str(trainer.device),
                torch.get_num_threads(),
                trainer.best_accuracy,
                str(run.root) if run is not None else None,
            )
        )
        while True:
            if trainer.done:
                self._hand_over(force=True)
                self._announce(WorkerState.FINISHED)
                return
            action, path = self._next_action()
            if action == "stop":
                self._save_on_stop(trainer)
                self._announce(WorkerState.STOPPED)
                return
            if action == "save":
                self._save(trainer, path)
                continue
            try:
                trainer.step()
                self._hand_over(force=action == "step")
                self._take_turn()
            except NonFiniteLossError as exc:
                self._hand_over(force=True)
                log.warning("%s", exc)
                with self._cond:
                    self._paused, self._steps = True, 0
                self.nonfinite.emit(
                    ui(
                        "Training paused: {reason}. Continuing would repeat the same episode: "
                        "stop, and start a new run with a lower meta learning rate."
                    ).format(reason=engine_text(exc))
                )

    def _hold(self, report: EpisodeReport) -> None:
        if not self._held:
            self._held_since = time.perf_counter()
        self._held.append(report)
        self.turns.hold(len(self._held))
        trainer = self.trainer
        if trainer is not None and trainer.validation_due:
            self._hand_over(force=True)  # a validation (seconds, or minutes) comes first

    def _hand_over(self, force: bool = False) -> None:
        """Send the held reports, in order, when due (turns.py) or when `force`d: before any
        other news (a validation, a checkpoint, a state) so the GUI gets them in order."""
        if self._held and (force or self.turns.hand_over_due(self._held_since)):
            self._send_held()

    def _send_held(self) -> None:
        held, self._held = self._held, []
        self.turns.hold(0)
        for report in held:
            self.episode_done.emit(report)
        self.handed_over.emit()

    def _take_turn(self, _update: object = None) -> None:
        """At a safe point (between or inside meta-updates): if the GUI asked for a turn, send
        it the held reports, even none (it draws on `handed_over`), and wait while it draws."""
        self.turns.give_way(self._send_held)

    def _on_validated(self, report: ValidationReport) -> None:
        self._hand_over(force=True)
        self.validated.emit(report)

    def _on_checkpoint(self, event: CheckpointEvent) -> None:
        self._hand_over(force=True)
        if event.kind == "last":
            self._last_saved = event.episode
        self.checkpointed.emit(event)

    def _save(self, trainer: Trainer, path: Optional[str]) -> None:
        try:
            if path is None and trainer.run is None:
                raise EngineError("this run has no run folder: choose a file to save to")
            trainer.save("last", path)
        except EngineError as exc:
            self.warning.emit(ui("Checkpoint not saved: {reason}").format(reason=engine_text(exc)))

    def _save_on_stop(self, trainer: Trainer) -> None:
        """Keep the last checkpoint: save one if the run has a folder and episodes since."""
        if trainer.run is not None and trainer.episode > max(self._last_saved, 0):
            self._save(trainer, None)


class TrainingRun:
    """One worker in its own QThread, with start and join. Lives in the GUI thread."""

    def __init__(self, worker: TrainingWorker) -> None:
        self.worker = worker
        self.thread = QThread()
        self.thread.setObjectName("mlstm-training")
        worker.moveToThread(self.thread)
        self.thread.started.connect(worker.run)
        # Direct: quit() is thread-safe, and a queued quit would never run while the GUI
        # thread is blocked in join().
        worker.finished.connect(self.thread.quit, Qt.ConnectionType.DirectConnection)

    def start(self) -> None:
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def join(self, timeout_ms: int = 60_000) -> bool:
        """Stop the worker and wait for its thread; True when the thread has ended."""
        self.worker.stop()
        if self.thread.isRunning():
            return bool(self.thread.wait(timeout_ms))
        return True
