"""The headless training driver of `main.py train`: signals that stop between two
meta-updates, the progress bar, the end-of-run messages. The trainer itself knows nothing of
terminals; this module is its command-line front end (the GUI's is its training worker)."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from engine.errors import NonFiniteLossError

if TYPE_CHECKING:
    from engine.config import Config
    from engine.training.distributed import Ranks
    from engine.training.reports import ValidationReport
    from engine.training.trainer import MetaTrainer


class StopOnSignal:
    """Ctrl-C (SIGINT) or SIGTERM (kill, a scheduler, torchrun) asks training to stop after
    the current step, so that last.pt is saved at a consistent point; a running validation is
    cut short and stays due (resume redoes it). A second signal stops at once, but never
    inside an update of the saved state (`trainer.updating`: Adam's step and the episode
    count, a validation's saves): there it waits for the update to end. Before training has
    started there is nothing to save, and a signal stops at once."""

    def __init__(self) -> None:
        self.requested = False
        self.abort = False
        self.trainer: Optional["MetaTrainer"] = None
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> "StopOnSignal":
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *_exc: Any) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def _handle(self, signum: int, _frame: Any) -> None:
        if self.trainer is None:
            raise KeyboardInterrupt
        self.trainer.interrupt()  # a running validation is cut short
        if self.requested:
            self.abort = True
            if not self.trainer.updating:
                raise KeyboardInterrupt  # the state is whole here: it is saved as it is
            return  # inside an update: the loop stops as soon as it returns
        self.requested = True
        print(
            "\nstopping after this step (Ctrl-C again to stop at once)", file=sys.stderr, flush=True
        )


def train_loop(
    args: argparse.Namespace, config: "Config", out: Path, ranks: "Ranks", stop: StopOnSignal
) -> int:
    """One process's training (the only one, or one rank of a torchrun job)."""
    from engine.io.tensorboard_log import TensorBoardLog, open_writer, require_tensorboard
    from engine.training.events import Event
    from engine.training.trainer import MetaTrainer

    want_board = args.tensorboard and ranks.is_main
    if want_board:
        require_tensorboard()  # a missing package is said before the data is loaded
    if ranks.is_main:
        print(
            f"loading data for '{config.name}' ..."
            + (f" ({ranks.world} processes)" if ranks.active else ""),
            file=sys.stderr,
            flush=True,
        )
    trainer = MetaTrainer(config, run_dir=out, resume=args.resume, ranks=ranks)
    stop.trainer = trainer
    if ranks.is_main and trainer.resumed_changes:
        print(
            "resuming with "
            + ", ".join(
                f"{k} {a!r} -> {b!r}" for k, (a, b) in sorted(trainer.resumed_changes.items())
            ),
            file=sys.stderr,
        )
    board = (
        TensorBoardLog(
            open_writer(
                out / "tensorboard", purge_step=trainer.episode + 1 if args.resume else None
            )
        )
        if want_board
        else None
    )
    if board is not None:
        trainer.add_listener(Event.EPISODE, board.episode)
        trainer.add_listener(Event.VALIDATION, board.validation)
    try:
        return _run_to_end(args, trainer, out, ranks, stop)
    finally:
        if board is not None:
            board.close()


def progress_bar(**options: Any) -> Any:
    """A tqdm bar on stderr, without tqdm's monitor thread (the loops here update the bar
    every episode; the thread would outlive a command run inside another program)."""
    from tqdm import tqdm

    tqdm.monitor_interval = 0
    return tqdm(file=sys.stderr, **options)


def _run_to_end(
    args: argparse.Namespace, trainer: "MetaTrainer", out: Path, ranks: "Ranks", stop: StopOnSignal
) -> int:
    from engine.training.events import Event

    config = trainer.config
    bar = progress_bar(
        total=config.episodes,
        initial=trainer.episode,
        unit="ep",
        dynamic_ncols=True,
        disable=args.quiet or not ranks.is_main,
        smoothing=0.1,
    )
    last_val = {"text": ""}

    def on_val(r: "ValidationReport") -> None:
        last_val["text"] = f"{100 * r.accuracy:.1f}±{100 * r.ci95:.1f}%"
        bar.write(
            f"episode {r.episode}: validation accuracy {100 * r.accuracy:.2f}% "
            f"± {100 * r.ci95:.2f}% ({r.episodes} episodes){'  (best)' if r.best else ''}"
        )

    trainer.add_listener(Event.VALIDATION, on_val)
    try:
        return _steps(args, trainer, out, ranks, stop, bar, last_val)
    finally:
        bar.close()  # also on a full disk or any other error: no monitor thread left behind


def _steps(
    args: argparse.Namespace,
    trainer: "MetaTrainer",
    out: Path,
    ranks: "Ranks",
    stop: StopOnSignal,
    bar: Any,
    last_val: dict[str, str],
) -> int:
    config = trainer.config
    try:
        while not trainer.done:
            if ranks.any(stop.requested, trainer.device):  # every rank stops at this step
                raise KeyboardInterrupt
            r = trainer.step()
            if r is None:  # the validation a stop had cut short, done now
                continue
            bar.update(1)
            lr = f" lr {r.meta_lr:.2g}" if config.meta_lr_halflife else ""
            bar.set_postfix_str(
                f"loss {r.meta_loss:.3f} acc {100 * r.meta_acc:.0f}%{lr} "
                f"val {last_val['text'] or '-'}",
                refresh=False,
            )
    except NonFiniteLossError as exc:
        bar.close()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        bar.close()
        if ranks.is_main:
            path = trainer.save("last")
            print(
                f"interrupted at episode {trainer.episode}; saved {path} "
                f"(continue with --resume --out {out})",
                file=sys.stderr,
            )
        return 130
    bar.close()
    if not ranks.is_main:
        return 0
    print(
        f"done: {trainer.episode} episodes, best validation accuracy "
        f"{100 * trainer.best_accuracy:.2f}% at episode {trainer.best_episode}; run in {out}"
    )
    return 0
