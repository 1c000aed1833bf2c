"""Plot exports: PNG through pyqtgraph's ImageExporter, CSV by our own writer (UTF-8 whatever
the locale; pyqtgraph's CSVExporter writes in the locale's encoding)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters as pg_exporters

from mlstm_gui.common.path_items import Dots, PathCurve


def export_png(
    item: pg.PlotItem | pg.GraphicsLayout, path: str | Path, width: int | None = None
) -> Path:
    """Render one plot (or a whole layout) to PNG with pyqtgraph's ImageExporter."""
    path = Path(path)
    exporter = pg_exporters.ImageExporter(item)
    params = exporter.parameters()
    if width is None:
        width = max(int(item.sceneBoundingRect().width()), 400)
    params["width"] = int(width)
    if int(params["height"]) == 0:  # never laid out (hidden widget): keep a 3:2 aspect
        params["height"] = int(width * 2 / 3)
    exporter.export(str(path))
    return path


def export_csv(plot_item: pg.PlotItem, path: str | Path) -> Path:
    """Every curve's original (not downsampled) data as (x, y) column pairs, error bars as
    x, y and their half-widths; UTF-8 whatever the locale, since names hold θ and the
    user's class names (pyqtgraph's CSVExporter writes in the locale's encoding)."""
    header: list[str] = []
    columns: list[np.ndarray] = []
    for index, item in enumerate(plot_item.items):
        if isinstance(item, pg.ErrorBarItem):
            opts = item.opts
            if opts.get("x") is None or opts.get("y") is None:
                continue
            keys = ["x", "y"] + [k for k in ("top", "bottom") if opts.get(k) is not None]
            header += [f"errorbar{index}_{k}" for k in keys]
            columns += [
                np.broadcast_to(np.asarray(opts[k], float), np.shape(opts["x"])) for k in keys
            ]
        elif isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem, PathCurve, Dots)):
            x, y = (
                item.getData() if isinstance(item, pg.PlotCurveItem) else item.getOriginalDataset()
            )
            if x is None or y is None:
                continue
            name = item.name() or f"curve{index}"
            header += [f"{name}_x", f"{name}_y"]
            columns += [np.asarray(x, float), np.asarray(y, float)]
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in itertools.zip_longest(*columns, fillvalue=""):
            writer.writerow(
                [
                    v
                    if isinstance(v, str)
                    else np.format_float_positional(v, precision=8, trim="-")
                    for v in row
                ]
            )
    return path
