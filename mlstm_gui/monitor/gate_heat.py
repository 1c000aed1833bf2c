"""The gate panel's helpers: its step axes and y ranges, and what its heatmaps say under the
mouse and write as CSV, on either gate scale (common/gate_scale.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import numpy as np
import pyqtgraph as pg

from mlstm_gui.common.gate_scale import SPECS, GateScale, gate_label
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.plot_style import FOREGROUND, fmt, integer_ticks
from mlstm_gui.common.ranges import data_bounds, grown, keep, nice_range
from mlstm_gui.monitor.history import GateHeatmap

FIT_SLACK = 0.25  # a refitted y range leaves this share of the data's span free on each side


def step_axis(plot: pg.PlotItem, steps: int) -> None:
    """Whole steps 1 … T on x, set once per T."""
    if getattr(plot, "_mlstm_steps", None) != steps:
        plot._mlstm_steps = steps
        integer_ticks(plot, steps)
        plot.enableAutoRange(axis="x", enable=False)
        plot.setXRange(0.6, steps + 0.4, padding=0.02)


def fit_y(plot: pg.PlotItem, arrays: list[np.ndarray], floor: float, ceil: float) -> None:
    """Set the y range to the data's, rounded outwards (common/ranges.py's round steps) within
    [floor, ceil], only when the data leaves the current range or fills too little of it
    (`keep`, as the fitted ranges do), and then with some slack: each change repaints the
    axis, which costs more than the curves, and the latest episode's gates move a little
    every episode."""
    bounds = data_bounds(arrays)
    current = getattr(plot, "_mlstm_y", None)
    if bounds is None or keep(current, *bounds):
        return
    # room to move: early in a run the gates drift every episode
    lo, hi = nice_range(*grown(current, *bounds, slack=FIT_SLACK), floor=floor, ceil=ceil)
    if current != (lo, hi):
        plot._mlstm_y = (lo, hi)
        plot.setYRange(lo, hi, padding=0.05)


def heat_cell(
    heat: Optional[GateHeatmap], scale: GateScale, x: float, y: float
) -> tuple[int, int] | None:
    """(column, bin) of the heatmap cell at (x, y), or None outside it."""
    spec = SPECS[scale]
    if heat is None or heat.density.shape[0] == 0 or not spec.lo <= y < spec.hi:
        return None
    x0, _, width, _ = heat.rect
    col = int(np.floor((x - x0) / (width / heat.density.shape[0])))
    if not 0 <= col < heat.density.shape[0]:
        return None
    b = int((y - spec.lo) / (spec.hi - spec.lo) * spec.bins)
    return col, min(b, spec.bins - 1)


def heat_readout(heat: Optional[GateHeatmap], scale: GateScale, x: float, y: float) -> str:
    """Episode range, gate bin and density of the heatmap cell under the mouse."""
    cell = heat_cell(heat, scale, x, y)
    if cell is None or heat is None:
        text = ui("episode {x} · gate value {y}").format(x=fmt(x), y=gate_label(y, scale))
    else:
        col, b = cell
        a, z = int(heat.first_episode[col]), int(heat.last_episode[col])
        eps = ui("episode {n}").format(n=a) if a == z else ui("episodes {a}–{z}").format(a=a, z=z)
        edges = SPECS[scale].edges()
        lo, hi = gate_label(edges[b], scale), gate_label(edges[b + 1], scale)
        cell_text = ui("gate value in [{lo}, {hi})<br>density {d}")
        text = eps + "<br>" + cell_text.format(lo=lo, hi=hi, d=f"{heat.density[col, b]:.4f}")
    return f"<div style='color:{FOREGROUND}; font-size:9pt'>{text}</div>"


def write_heat_csv(heat: Optional[GateHeatmap], scale: GateScale, path: Path) -> None:
    """One row per column: its episode range and the density in every bin of the scale."""
    spec = SPECS[scale]
    density = heat.density if heat is not None else np.zeros((0, spec.bins))
    first = heat.first_episode if heat is not None else np.zeros(0)
    last = heat.last_episode if heat is not None else np.zeros(0)
    edges = spec.edges()
    name = "bin" if scale is GateScale.VALUE else "logit"  # log-odds edges on that scale
    header = ",".join(
        ["first_episode", "last_episode"]
        + [f"{name}_{lo:.2f}_{hi:.2f}" for lo, hi in zip(edges[:-1], edges[1:])]
    )
    table = (
        np.column_stack([first, last, density]) if density.size else np.zeros((0, spec.bins + 2))
    )
    fmts = ["%d", "%d"] + ["%.6g"] * spec.bins
    np.savetxt(path, table, delimiter=",", header=header, comments="", fmt=fmts, encoding="utf-8")
