"""One light (dark-on-light) theme for every plot. Pens are width 1 and opaque ("faded" colours
are blended with the background rather than made transparent) because that is what pyqtgraph
draws fastest."""

from __future__ import annotations

from functools import lru_cache

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

BACKGROUND = "#ffffff"
FOREGROUND = "#2b2b2b"
GRID_ALPHA = 0.18
COLORS: dict[str, str] = {
    "loss": "#1f6fb4",
    "acc": "#2a9d3f",
    "val": "#d1495b",
    "test": "#6a3d9a",
    "first": "#8e5ac8",
    "last": "#e8871e",
    "cross": "#7a7a7a",
    "chance": "#9a9a9a",
}
# One colour per learner layer (conv1..conv4, fc, then any further ones), in order.
LAYER_COLORS: tuple[str, ...] = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#17becf",
)
HEATMAP_CMAP = "viridis"
_theme_applied = False


def apply_theme() -> None:
    """Set pyqtgraph's global options for this app's theme (idempotent; call before creating plots)."""
    global _theme_applied
    if _theme_applied:
        return
    pg.setConfigOptions(background=BACKGROUND, foreground=FOREGROUND, antialias=False)
    _theme_applied = True


def blend(color: str, amount: float, background: str = BACKGROUND) -> QtGui.QColor:
    """`color` moved `amount` (0..1) of the way to the background: an opaque faded colour."""
    c, b = QtGui.QColor(color), QtGui.QColor(background)
    mix = lambda x, y: int(round(x + (y - x) * amount))  # noqa: E731
    return QtGui.QColor(mix(c.red(), b.red()), mix(c.green(), b.green()), mix(c.blue(), b.blue()))


def layer_color(index: int) -> str:
    return LAYER_COLORS[index % len(LAYER_COLORS)]


@lru_cache(maxsize=None)
def pen(color: str, faded: float = 0.0, style: str = "solid") -> QtGui.QPen:
    """Width-1 cosmetic pen, created once per (colour, fade, style) and shared."""
    qcolor = blend(color, faded) if faded else QtGui.QColor(color)
    p = pg.mkPen(qcolor, width=1)
    if style == "dash":
        p.setStyle(QtCore.Qt.PenStyle.DashLine)
    elif style == "dot":
        p.setStyle(QtCore.Qt.PenStyle.DotLine)
    p.setCosmetic(True)
    return p


@lru_cache(maxsize=None)
def brush(color: str, alpha: int = 255) -> QtGui.QBrush:
    c = QtGui.QColor(color)
    c.setAlpha(alpha)
    return pg.mkBrush(c)
