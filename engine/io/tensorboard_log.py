"""Optional TensorBoard event files for a training run (`main.py train --tensorboard`), so runs
can be compared in the tool people already use. Needs the `tensorboard` package; everything
else works without it.

Scalars every episode (meta-loss and accuracy, meta-gradient norm, the last inner loss),
validation accuracy, and every `hist_every` episodes the input and forget gates per learner
layer as histograms, rebuilt exactly from the report's fixed bins (no raw values kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from engine.errors import EngineError
from engine.model.gates import GATE_BINS, GateStats
from engine.training.reports import EpisodeReport, ValidationReport

_EDGES = np.linspace(0.0, 1.0, GATE_BINS + 1)


def require_tensorboard() -> Any:
    """torch's SummaryWriter class, or a clear error naming what to install."""
    try:
        from torch.utils.tensorboard import SummaryWriter
    except ImportError:
        raise EngineError(
            "--tensorboard needs the 'tensorboard' package: pip install "
            "tensorboard (or leave the option out)"
        ) from None
    return SummaryWriter


def open_writer(logdir: Path | str, purge_step: int | None = None) -> Any:
    """purge_step: on resume, the events from that step on (written after the checkpoint the
    run continues from) are dropped, so no step appears twice."""
    SummaryWriter = require_tensorboard()
    try:
        return SummaryWriter(log_dir=str(logdir), purge_step=purge_step)
    except OSError as exc:
        raise EngineError(
            f"cannot write TensorBoard files to {logdir}: {exc.strerror or exc}"
        ) from None


class TensorBoardLog:
    """Listener for MetaTrainer's 'episode' and 'validation' events."""

    def __init__(self, writer: Any, hist_every: int = 50) -> None:
        self.writer, self.hist_every = writer, max(1, hist_every)

    def episode(self, r: EpisodeReport) -> None:
        w, k = self.writer, r.episode
        w.add_scalar("meta/loss", r.meta_loss, k)
        w.add_scalar("meta/accuracy", r.meta_acc, k)
        w.add_scalar("meta/grad_norm", r.meta_grad_norm, k)
        w.add_scalar("meta/learning_rate", r.meta_lr, k)
        if len(r.inner_loss):
            w.add_scalar("inner/last_loss", float(r.inner_loss[-1]), k)
        if k % self.hist_every == 0 or k == 1:
            for gate, stats in (("input", r.input_gate), ("forget", r.forget_gate)):
                for layer, name in enumerate(r.layers):
                    self._histogram(f"gates/{gate}/{name}", stats, layer, k)

    def validation(self, r: ValidationReport) -> None:
        self.writer.add_scalar(f"validation/accuracy_{r.split}", r.accuracy, r.episode)
        self.writer.add_scalar(f"validation/loss_{r.split}", r.loss, r.episode)
        self.writer.flush()

    def close(self) -> None:
        self.writer.close()

    def _histogram(self, tag: str, stats: GateStats, layer: int, step: int) -> None:
        """All inner steps of one layer together, from the per-step counts and moments."""
        counts = stats.hist[layer].sum(0)
        per_step = stats.hist[layer].sum(1)
        num = float(counts.sum())
        if num <= 0:
            return
        mean, std = stats.mean[layer], stats.std[layer]
        self.writer.add_histogram_raw(
            tag,
            min=float(stats.min[layer].min()),
            max=float(stats.max[layer].max()),
            num=num,
            sum=float((mean * per_step).sum()),
            sum_squares=float(((std**2 + mean**2) * per_step).sum()),
            bucket_limits=_EDGES[1:].tolist(),
            bucket_counts=counts.tolist(),
            global_step=step,
        )
