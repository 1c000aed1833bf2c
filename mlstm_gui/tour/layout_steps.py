"""The tour's layout step: both perspectives at a small laptop's and a desktop's screen size,
with every visible plot checked for a readable size and a screenshot of each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from mlstm_gui.common.plot_style import plot_sizes, undersized_plots
from mlstm_gui.shell.perspectives import Perspective

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.tour.driver import Tour

SCREENS = ((1366, 768), (1920, 1080))
TASK_BAR = 40  # px of the screen a desktop keeps for itself


def run_layout_steps(tour: "Tour", grab: Callable[["Tour", object, str], str]) -> dict:
    w = tour.window
    out: dict = {"layout_screenshots": [], "smallest_plot": {}}
    for width, height in SCREENS:
        w.resize(width, height - TASK_BAR)
        for p in Perspective:
            w.perspectives.switch(p)
            name = f"window-{p.value}-{width}x{height}.png"
            out["layout_screenshots"].append(grab(tour, w, name))
            sizes = plot_sizes(w)
            if sizes:
                out["smallest_plot"][name] = min(sizes.values(), key=lambda s: s[0] * s[1])
            small = undersized_plots(w)
            if small:
                tour.errors.append(f"{name}: plots below a readable size: {small}")
            if w.width() > width or w.height() > height:
                tour.errors.append(f"{name}: the window grew to {w.width()}x{w.height()}")
    w.perspectives.switch(Perspective.MONITOR)
    return out
