"""Bounded metric history for the live plots (pure NumPy, no Qt).

Training may run for 100,000 episodes while the GUI redraws at up to 20 Hz, so everything here has a
fixed size: scalars keep the most recent episodes at full resolution and an evenly thinned archive of
everything older; gate heatmaps keep a fixed number of equally wide episode columns and merge pairs of
columns when full. Views compare `version` with the one they last drew and skip work when unchanged.
(MetricHistory is over 250 lines: the scalar archive and the heatmap columns thin in step and
share one version; its accessors are what every panel reads.)
"""

from __future__ import annotations

import csv
from collections import deque
from pathlib import Path
from typing import NamedTuple

import numpy as np

from engine.training.reports import EpisodeReport, ValidationReport
from mlstm_gui.common.gate_scale import SPECS, GateScale, step_values, suggest_scale

GATES: tuple[str, ...] = ("input", "forget")
# Column order of the scalar buffer; `seq` counts add_episode calls and drives the even thinning.
_SEQ, _EP, _LOSS, _ACC, _FIRST, _LAST = range(6)


class EpisodeSeries(NamedTuple):
    """Per-episode scalars as held (recent ones complete, older ones evenly thinned)."""

    episode: np.ndarray
    meta_loss: np.ndarray
    meta_acc: np.ndarray
    first_loss: np.ndarray  # support loss L_1 at θ_0 = c_0 (the learned initialisation)
    last_loss: np.ndarray  # support loss L_T at θ_{T-1}, the last inner step


class ValidationSeries(NamedTuple):
    episode: np.ndarray
    accuracy: np.ndarray  # in [0, 1]
    ci95: np.ndarray
    loss: np.ndarray
    best: np.ndarray  # bool
    split: tuple[str, ...]


class GateHeatmap(NamedTuple):
    """Gate-value distribution over training for one gate and layer.

    `density` is (columns, bins of the scale), each column summing to 1 (ImageItem's x-major order);
    `rect` = (x, y, width, height) puts column centres on episodes and bins on [0, 1]."""

    density: np.ndarray
    first_episode: np.ndarray  # (columns,) first episode merged into each column
    last_episode: np.ndarray  # (columns,) last episode merged into each column
    episodes_per_column: int
    rect: tuple[float, float, float, float]


def smoothed(values: np.ndarray, weight: float) -> np.ndarray:
    """Debiased exponential moving average, as TensorBoard draws it.

    ema_n = w·ema_{n-1} + (1-w)·x_n with ema_0 = 0, shown as ema_n / (1 - w^n) so the start is not
    pulled towards zero. Non-finite points stay NaN and do not count. Vectorised in blocks short enough
    that w^-j cannot overflow, so there is no Python loop per point."""
    x = np.asarray(values, dtype=np.float64)
    out = np.full(x.shape, np.nan)
    finite = np.isfinite(x)
    xf = x[finite]
    w = float(np.clip(weight, 0.0, 0.999999))
    if xf.size == 0:
        return out
    if w <= 0.0:
        out[finite] = xf
        return out
    n = xf.size
    block = max(1, int(50 * np.log(10) / -np.log(w)))  # w^-block <= 1e50
    ema = np.empty(n)
    last = 0.0
    for start in range(0, n, block):
        seg = xf[start : start + block]
        j = np.arange(1, seg.size + 1, dtype=np.float64)
        # ema_j = w^j·last + (1-w)·Σ_{k≤j} w^{j-k} x_k = w^j·(last + (1-w)·Σ_{k≤j} x_k w^{-k})
        part = (w**j) * (last + (1.0 - w) * np.cumsum(seg * w**-j))
        ema[start : start + seg.size] = part
        last = float(part[-1])
    out[finite] = ema / (1.0 - w ** np.arange(1, n + 1, dtype=np.float64))
    return out


class MetricHistory:
    """Everything the plot panels draw, with memory and drawing cost independent of run length.

    Call `add_episode` / `add_validation` from the GUI thread as reports arrive and `clear()` when a new
    run starts; panels call the accessors only when `version` changed since their last refresh."""

    smoothed = staticmethod(smoothed)

    def __init__(
        self,
        recent: int = 1024,
        archive: int = 2048,
        heat_columns: int = 512,
        recent_episodes: int = 32,
    ) -> None:
        """`recent`..2·`recent` newest episodes stay complete; the archive holds `archive`/2..`archive`
        evenly spaced older ones; `heat_columns` (even) bounds each heatmap; `recent_episodes` bounds the
        faint within-episode overlays."""
        if heat_columns < 2 or heat_columns % 2:
            raise ValueError("heat_columns must be an even number >= 2")
        self._recent = int(recent)
        self._archive = int(archive)
        self._heat_cap = int(heat_columns)
        self._recent_steps: deque[dict[str, np.ndarray]] = deque(maxlen=int(recent_episodes))
        self._buf = np.empty((self._archive + 2 * self._recent, 6), dtype=np.float64)
        self.version = 0
        self.clear()

    # ------------------------------------------------------------------ adding
    def clear(self) -> None:
        """Forget everything (a new run starts)."""
        self._n = 0  # rows used in _buf
        self._na = 0  # of which archive rows
        self._stride = 1  # archive keeps rows whose seq is a multiple of this
        self._seq = 0
        self._val: list[tuple[int, float, float, float, bool, str]] = []
        self.latest: EpisodeReport | None = None
        self.first_episode: int | None = None
        self._reset_gates(())
        self.version += 1

    def _reset_gates(self, layers: tuple[str, ...]) -> None:
        self.layers: tuple[str, ...] = tuple(layers)
        cap, nl = self._heat_cap, len(layers)
        self._heat = {
            (g, s): np.zeros((nl, cap, SPECS[s].bins), dtype=np.float64)
            for g in GATES
            for s in GateScale
        }
        self._heat_count = np.zeros(cap, dtype=np.int64)
        self._heat_first = np.zeros(cap, dtype=np.int64)
        self._heat_last = np.zeros(cap, dtype=np.int64)
        self._heat_n = 0
        self._heat_stride = 1
        self._heat_reports = 0
        self._heat_first_ep = 0
        self._recent_steps.clear()

    def add_episode(self, report: EpisodeReport) -> None:
        """Record one meta-training episode (O(1) amortised)."""
        inner = np.asarray(report.inner_loss, dtype=np.float64)
        first = float(inner[0]) if inner.size else np.nan
        last = float(inner[-1]) if inner.size else np.nan
        if self._n == len(self._buf):
            self._migrate()
        self._buf[self._n] = (
            self._seq,
            report.episode,
            report.meta_loss,
            report.meta_acc,
            first,
            last,
        )
        self._n += 1
        self._seq += 1
        if self.first_episode is None:
            self.first_episode = int(report.episode)
        self._add_gates(report)
        self.latest = report
        self.version += 1

    def _migrate(self) -> None:
        """Move all but the newest `recent` rows into the archive, keeping those on the stride; when the
        archive overflows, keep every other archived row and double the stride (even thinning)."""
        na, n, r = self._na, self._n, self._recent
        block = self._buf[na : n - r]
        keep = block[block[:, _SEQ] % self._stride == 0]
        newest = self._buf[n - r : n].copy()
        self._buf[na : na + len(keep)] = keep
        na += len(keep)
        while na > self._archive:
            self._stride *= 2
            arch = self._buf[:na]
            kept = arch[arch[:, _SEQ] % self._stride == 0]
            self._buf[: len(kept)] = kept
            na = len(kept)
        self._buf[na : na + r] = newest
        self._na, self._n = na, na + r

    def _add_gates(self, report: EpisodeReport) -> None:
        if tuple(report.layers) != self.layers:
            self._reset_gates(tuple(report.layers))
        if self._heat_reports == 0:
            self._heat_first_ep = int(report.episode)
        col = self._heat_n - 1
        if col < 0 or self._heat_count[col] >= self._heat_stride:
            if self._heat_n == self._heat_cap:
                self._merge_columns()
            col = self._heat_n
            self._heat_n += 1
            self._heat_first[col] = report.episode
        for gate in GATES:
            stats = getattr(report, f"{gate}_gate")
            for scale, hist in ((GateScale.VALUE, stats.hist), (GateScale.LOGIT, stats.logit_hist)):
                counts = np.asarray(hist, dtype=np.float64).sum(axis=1)  # (layers, bins)
                if counts.shape != self._heat[gate, scale][:, col].shape:
                    continue  # no log-odds in this report (a run folder's metrics)
                total = counts.sum(axis=-1, keepdims=True)
                self._heat[gate, scale][:, col] += counts / np.maximum(total, 1e-300)
        self._heat_count[col] += 1
        self._heat_last[col] = report.episode
        self._heat_reports += 1
        self._recent_steps.append(
            {
                "input": np.array(report.input_gate.mean, dtype=np.float64),
                "forget": np.array(report.forget_gate.mean, dtype=np.float64),
                "input_logit": step_values(report.input_gate, GateScale.LOGIT)[0],
                "forget_logit": step_values(report.forget_gate, GateScale.LOGIT)[0],
                "inner_loss": np.array(report.inner_loss, dtype=np.float64),
            }
        )

    def _merge_columns(self) -> None:
        """Sum adjacent column pairs (all full, so the result is the episode-weighted average)."""
        half = self._heat_cap // 2
        for h in self._heat.values():
            h[:, :half] = h[:, 0::2] + h[:, 1::2]
            h[:, half:] = 0.0
        c = self._heat_count
        c[:half] = c[0::2] + c[1::2]
        c[half:] = 0
        self._heat_first[:half] = self._heat_first[0::2]
        self._heat_last[:half] = self._heat_last[1::2]
        self._heat_n = half
        self._heat_stride *= 2

    def add_validation(self, report: ValidationReport) -> None:
        """Record a validation (or test) result; there are few, so all are kept."""
        self._val.append(
            (
                int(report.episode),
                float(report.accuracy),
                float(report.ci95),
                float(report.loss),
                bool(report.best),
                str(report.split),
            )
        )
        self.version += 1

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        """Episodes added since the last clear (not rows held)."""
        return self._seq

    @property
    def rows_held(self) -> int:
        return self._n

    def series(self) -> EpisodeSeries:
        """Copies of the held per-episode scalars, oldest first (copies: the buffer is rewritten)."""
        b = self._buf[: self._n]
        return EpisodeSeries(
            b[:, _EP].copy(),
            b[:, _LOSS].copy(),
            b[:, _ACC].copy(),
            b[:, _FIRST].copy(),
            b[:, _LAST].copy(),
        )

    def validation(self, split: str | None = None, exclude: str | None = None) -> ValidationSeries:
        """Validation points, optionally only one split or all but one (e.g. exclude="test")."""
        rows = [
            v
            for v in self._val
            if (split is None or v[5] == split) and (exclude is None or v[5] != exclude)
        ]
        if not rows:
            e = np.zeros(0)
            return ValidationSeries(e, e, e, e, np.zeros(0, bool), ())
        ep, acc, ci, loss, best, sp = zip(*rows)
        return ValidationSeries(
            np.asarray(ep, np.float64),
            np.asarray(acc),
            np.asarray(ci),
            np.asarray(loss),
            np.asarray(best, bool),
            tuple(sp),
        )

    def layer_index(self, layer: str | int) -> int:
        return layer if isinstance(layer, int) else self.layers.index(layer)

    def gate_heatmap(
        self, gate: str, layer: str | int, scale: GateScale = GateScale.VALUE
    ) -> GateHeatmap:
        """Density of `gate` ("input"/"forget") values for one layer, one column per episode
        range, on the fixed bins of `scale` (gate value on [0, 1], or log-odds)."""
        n = self._heat_n
        li = self.layer_index(layer)
        spec = SPECS[scale]
        density = self._heat[gate, scale][li, :n] / np.maximum(self._heat_count[:n], 1)[:, None]
        if n:
            # Episodes per report: 1 unless the worker skipped episodes; keeps the x axis in
            # episodes.
            span = int(self._heat_last[n - 1]) - self._heat_first_ep + 1
            per_report = span / self._heat_reports if self._heat_reports else 1.0
            width = n * self._heat_stride * per_report
            rect = (self._heat_first_ep - 0.5, spec.lo, width, spec.hi - spec.lo)
        else:
            rect = (0.0, spec.lo, 1.0, spec.hi - spec.lo)
        return GateHeatmap(
            density,
            self._heat_first[:n].copy(),
            self._heat_last[:n].copy(),
            self._heat_stride,
            rect,
        )

    @property
    def heat_columns(self) -> int:
        return self._heat_n

    def _recent_stack(self, key: str) -> np.ndarray:
        if not self._recent_steps:
            return np.zeros((0, 0))
        shape = self._recent_steps[-1][key].shape
        same = [d[key] for d in self._recent_steps if d[key].shape == shape]
        return np.stack(same)

    def recent_gate_means(self, gate: str, scale: GateScale = GateScale.VALUE) -> np.ndarray:
        """(episodes, layers, T) per-step gate means of the last few episodes, oldest first
        (of the log-odds with `scale` LOGIT)."""
        return self._recent_stack(gate if scale is GateScale.VALUE else f"{gate}_logit")

    def suggested_scale(self, gate: str, layer: str | int, columns: int = 8) -> GateScale:
        """The scale that shows the recent distribution of `gate` best (gate_scale.py)."""
        n = self._heat_n
        if not n or not self.layers:
            return GateScale.VALUE
        li = self.layer_index(layer)
        recent = self._heat[gate, GateScale.VALUE][li, max(0, n - columns) : n].sum(axis=0)
        if not self._heat[gate, GateScale.LOGIT][li, :n].any():
            return GateScale.VALUE  # no log-odds recorded
        return suggest_scale(recent)

    def recent_inner_losses(self) -> np.ndarray:
        """(episodes, T) support losses of the last few episodes, oldest first."""
        return self._recent_stack("inner_loss")

    # ------------------------------------------------------------------ export
    def to_csv(self, path: str | Path) -> Path:
        """Write the held episode scalars and all validation points, ordered by episode, as one CSV.

        Older episodes are the evenly thinned archive, not every episode (metrics.jsonl has those)."""
        path = Path(path)
        s = self.series()
        header = [
            "kind",
            "episode",
            "meta_loss",
            "meta_acc",
            "inner_loss_first",
            "inner_loss_last",
            "split",
            "accuracy",
            "ci95",
            "loss",
            "best",
        ]
        rows: list[tuple[float, int, list]] = []
        for ep, lo, ac, fi, la in zip(
            s.episode.tolist(),
            s.meta_loss.tolist(),
            s.meta_acc.tolist(),
            s.first_loss.tolist(),
            s.last_loss.tolist(),
        ):
            rows.append((ep, 0, ["episode", int(ep), lo, ac, fi, la, "", "", "", "", ""]))
        for ep, acc, ci, loss, best, split in self._val:
            rows.append(
                (ep, 1, ["validation", ep, "", "", "", "", split, acc, ci, loss, int(best)])
            )
        rows.sort(key=lambda r: (r[0], r[1]))
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(r[2] for r in rows)
        return path
