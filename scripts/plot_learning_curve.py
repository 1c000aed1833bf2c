"""Plot validation accuracy against episodes and against wall-clock minutes for one run.

    python scripts/plot_learning_curve.py RUN_DIR/metrics.jsonl --out docs/results/NAME.png

Wall-clock minutes are the sum of the episodes' and validations' own `seconds`, so a run
that was stopped and resumed is plotted as if it had run in one go. A run continued from a
checkpoint whose earlier metrics kept only the validation lines: `--minutes-before M` (the
measured wall time of that earlier part) shifts the later points by M, and the validations
before the first episode line appear on the episode axis only (their times are unknown).
Prints the total wall time. Renders offscreen with pyqtgraph (no display needed)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.io.runs import read_metrics  # noqa: E402


def curve(
    records: list[dict], minutes_before: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(episode, minutes, accuracy %, ci95 %) of each validation (minutes NaN when unknown)."""
    elapsed, rows, timed = 60.0 * minutes_before, [], not minutes_before
    for r in sorted(records, key=lambda r: (r.get("episode", 0), r.get("type") != "episode")):
        timed = timed or r.get("type") == "episode"
        if timed:
            elapsed += float(r.get("seconds", 0.0))
        if r.get("type") == "validation":
            rows.append(
                (
                    r["episode"],
                    elapsed / 60 if timed else np.nan,
                    100 * r["accuracy"],
                    100 * r["ci95"],
                )
            )
    if not rows:
        raise SystemExit("no validation records in the metrics file")
    return tuple(np.array(c, dtype=float) for c in zip(*rows))  # type: ignore[return-value]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("metrics", help="a run's metrics.jsonl")
    ap.add_argument("--out", required=True, help="PNG to write")
    ap.add_argument("--title", default=None)
    ap.add_argument(
        "--minutes-before",
        type=float,
        default=0.0,
        help="wall time (min) of an earlier part whose episode lines are missing",
    )
    ap.add_argument(
        "--mark",
        type=int,
        action="append",
        default=[],
        metavar="EPISODE",
        help="a dashed line on the episode axis here, e.g. where the meta-learning "
        "rate starts to decay (repeatable)",
    )
    args = ap.parse_args()
    ep, minutes, acc, ci = curve(read_metrics(args.metrics), args.minutes_before)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg
    import pyqtgraph.exporters  # noqa: F401
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    pg.setConfigOptions(background="w", foreground="k", antialias=True)
    win = pg.GraphicsLayoutWidget()
    win.resize(1200, 450)
    title = args.title or Path(args.metrics).parent.name
    known = ~np.isnan(minutes)
    for col, (x, keep, label) in enumerate(
        (
            (ep, np.ones_like(known, dtype=bool), "meta-training episodes"),
            (minutes, known, "wall-clock minutes"),
        )
    ):
        x, acc_k, ci_k = x[keep], acc[keep], ci[keep]
        p = win.addPlot(row=0, col=col, title=f"{title}: validation accuracy")
        p.setLabel("bottom", label)
        p.setLabel("left", "accuracy (%)")
        p.showGrid(x=True, y=True, alpha=0.3)
        upper = p.plot(x, acc_k + ci_k, pen=pg.mkPen((200, 80, 80, 80)))
        lower = p.plot(x, acc_k - ci_k, pen=pg.mkPen((200, 80, 80, 80)))
        p.addItem(pg.FillBetweenItem(upper, lower, brush=(200, 80, 80, 50)))
        p.plot(
            x,
            acc_k,
            pen=pg.mkPen((180, 30, 30), width=1),
            symbol="o",
            symbolSize=5,
            symbolBrush=(180, 30, 30),
        )
        if col == 0:
            for mark in args.mark:
                p.addItem(
                    pg.InfiniteLine(
                        mark, angle=90, pen=pg.mkPen((60, 60, 160), width=1, style=Qt.DashLine)
                    )
                )
    win.show()
    for _ in range(3):
        app.processEvents()
    pg.exporters.ImageExporter(win.scene()).export(args.out)
    total = minutes[known][-1] if known.any() else float("nan")
    print(
        f"wrote {args.out}: {len(ep)} validations, best {acc.max():.2f}% at episode "
        f"{int(ep[acc.argmax()])}; wall time to the last validation {total:.1f} min"
    )
    del win
    return 0


if __name__ == "__main__":
    sys.exit(main())
