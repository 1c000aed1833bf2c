"""Validation accuracy against wall-clock minutes for several time-to-accuracy runs, side by side.

    python scripts/plot_time_to_accuracy.py DIR[=LABEL] ... --out docs/results/NAME.png
        [--target 0.97] [--title TEXT]

Each DIR is a `bench.time_to_accuracy --run-dir` folder; its tta.json holds the clock (wall
minutes of the whole run, validations included) at every validation. One curve per run, the
target as a dashed line. Prints each run's best validation and the minutes it took. Renders
offscreen with pyqtgraph (no display needed)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

COLORS = [
    (180, 30, 30),
    (30, 90, 180),
    (40, 150, 60),
    (150, 90, 20),
    (120, 60, 160),
    (20, 140, 150),
]


def runs(specs: list[str]) -> list[tuple[str, list[list[float]]]]:
    out = []
    for spec in specs:
        folder, _, label = spec.partition("=")
        clock = json.loads((Path(folder) / "tta.json").read_text(encoding="utf-8"))
        out.append((label or Path(folder).name, clock["validations"]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("runs", nargs="+", help="run folders, each optionally =LABEL")
    ap.add_argument("--out", required=True)
    ap.add_argument("--target", type=float, default=None, help="validation target, e.g. 0.97")
    ap.add_argument("--title", default="validation accuracy against wall-clock minutes")
    args = ap.parse_args()
    data = runs(args.runs)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import pyqtgraph as pg
    import pyqtgraph.exporters  # noqa: F401
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    pg.setConfigOptions(background="w", foreground="k", antialias=True)
    win = pg.GraphicsLayoutWidget()
    win.resize(900, 500)
    p = win.addPlot(title=args.title)
    p.setLabel("bottom", "wall-clock minutes (validations included)")
    p.setLabel("left", "validation accuracy (%)")
    p.showGrid(x=True, y=True, alpha=0.3)
    p.addLegend(offset=(-10, -10))
    for k, (label, vals) in enumerate(data):
        minutes = [v[0] for v in vals]
        acc = [100 * v[2] for v in vals]
        color = COLORS[k % len(COLORS)]
        p.plot(
            minutes,
            acc,
            pen=pg.mkPen(color, width=1),
            symbol="o",
            symbolSize=4,
            symbolBrush=color,
            symbolPen=None,
            name=label,
        )
        best = max(range(len(acc)), key=acc.__getitem__)
        print(
            f"{label}: best validation {acc[best]:.2f} % at {minutes[best]:.1f} min "
            f"(episode {int(vals[best][1])}), last at {minutes[-1]:.1f} min"
        )
    if args.target is not None:
        p.addItem(
            pg.InfiniteLine(
                100 * args.target,
                angle=0,
                pen=pg.mkPen((90, 90, 90), width=1, style=Qt.PenStyle.DashLine),
            )
        )
    p.setYRange(85, 100)
    win.show()
    for _ in range(3):
        app.processEvents()
    pg.exporters.ImageExporter(win.scene()).export(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
