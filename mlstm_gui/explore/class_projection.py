"""'Watch the classes separate': the learner's penultimate features of the support and query
images in one 2-D PCA plane per episode, at the replay slider's step t.

The plane and the axes are fixed for the whole episode (engine/inference/features.py fits them
on every step at once), so moving the slider shows the adaptation pulling the classes apart.
Points are coloured by class (squares: support, circles: query), with the images as small
sprites framed in their class colour; beside it the classes' separation against t."""

from __future__ import annotations

import html
from typing import Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from engine.inference.features import Projection
from mlstm_gui.common.image_tiles import display_image
from mlstm_gui.common.plot_style import (
    COLORS,
    FOREGROUND,
    LAYER_COLORS,
    PlotPanel,
    brush,
    pen,
    set_curve,
)
from mlstm_gui.explore.inspector import plain
from mlstm_gui.explore.jobs import ReplayResult

SPRITES_MAX = 160  # images drawn as sprites (all support images first, then queries evenly)
SPRITE_FRACTION = 0.055  # sprite side, as a share of the plane's larger extent


def class_color(k: int, n: int) -> str:
    if n <= len(LAYER_COLORS):
        return LAYER_COLORS[k]
    return str(pg.intColor(k, hues=n).name())


def framed_sprite(image: np.ndarray, color: str, width: int) -> np.ndarray:
    """(H, W) or (H, W, C) uint8 -> (H, W, 4) RGBA with a frame in `color`, flipped for a
    plot whose y axis points up."""
    img = image[:, :, 0] if image.ndim == 3 and image.shape[2] == 1 else image
    rgb = np.repeat(img[:, :, None], 3, 2) if img.ndim == 2 else img[:, :, :3]
    out = np.empty((*rgb.shape[:2], 4), np.uint8)
    out[:, :, :3], out[:, :, 3] = rgb, 255
    c = QtGui.QColor(color)
    frame = (c.red(), c.green(), c.blue(), 255)
    for sl in (np.s_[:width], np.s_[-width:]):
        out[sl, :] = frame
        out[:, sl] = frame
    return np.ascontiguousarray(out[::-1])


class ClassProjection(PlotPanel):
    """Plots "pca" (the plane at step t) and "separation" (between / within class scatter
    against t). `positions()` gives the points on show."""

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.projection: Optional[Projection] = None
        self.t = 0
        self.sprites: list[tuple[pg.ImageItem, bool, int]] = []  # item, is support, index
        self._pool: list[pg.ImageItem] = []
        self._classes: list[tuple[str, str]] = []  # (colour, name) per class
        self.sprite_box = QtWidgets.QCheckBox(self.tr("Images"))
        self.sprite_box.setChecked(True)
        self.sprite_box.setToolTip(self.tr("Draw the images as small sprites at their points"))
        self.sprite_box.toggled.connect(self._show_sprites)
        self.controls.addWidget(self.sprite_box)
        self.info = QtWidgets.QLabel(self.tr("Replay an episode to see its features."))
        self.info.setWordWrap(True)
        self.controls.addWidget(self.info, 1)
        self.key = QtWidgets.QLabel()  # the classes' colours
        self.key.setWordWrap(True)
        self.outer.insertWidget(1, self.key)
        self._build_plots()

    def _build_plots(self) -> None:
        pca = self.add_plot(
            "pca",
            0,
            0,
            title=self.tr("Penultimate features at θ<sub>t</sub>, PCA of the episode"),
            x_label=self.tr("PC 1"),
            y_label=self.tr("PC 2"),
        )
        pca.setAspectLocked(True)  # PCA axes share one unit: sprites stay square
        self.support_points = pg.ScatterPlotItem(size=13, symbol="s", pen=pen(FOREGROUND))
        self.query_points = pg.ScatterPlotItem(size=8, symbol="o", pen=pen(FOREGROUND))
        pca.addItem(self.query_points)
        pca.addItem(self.support_points)
        sep = self.add_plot(
            "separation",
            0,
            1,
            title=self.tr("Class separation"),
            x_label=self.tr("step t"),
            y_label=self.tr("between / within"),
        )
        self.graphics.ci.layout.setColumnStretchFactor(0, 3)
        self.graphics.ci.layout.setColumnStretchFactor(1, 1)
        self.separation_curve = plain(sep.plot(pen=pen(COLORS["acc"])))
        self.separation_marker = pg.ScatterPlotItem(
            size=8, pen=pen(COLORS["cross"]), brush=brush(COLORS["acc"])
        )
        sep.addItem(self.separation_marker)
        self.step_line = pg.InfiniteLine(angle=90, pen=pen(COLORS["cross"], style="dash"))
        sep.addItem(self.step_line, ignoreBounds=True)

    def _redraw(self, history: object) -> None:  # PlotPanel hook: no history here
        return

    # ------------------------------------------------------------------ data
    def set_result(self, result: ReplayResult, invert: bool = False) -> None:
        """A new replay: colours, sprites and fixed axes once, then the current step."""
        pr = result.projection
        for item, _, _ in self.sprites:
            item.setVisible(False)
        self.sprites = []
        self.projection = pr
        if pr is None:
            self.info.setText(self.tr("This replay has no features."))
            return
        ep = result.episode
        n = ep.way
        colors = [class_color(k, n) for k in range(n)]
        self._classes = list(zip(colors, ep.class_names))
        self._fill_key()
        self.support_brushes = [brush(colors[y]) for y in ep.support_y]
        self.query_brushes = [brush(colors[y], 160) for y in ep.query_y]
        plot = self.plots["pca"]
        x0, x1, y0, y1 = pr.bounds()
        self.sprite_side = max(x1 - x0, y1 - y0, 1e-6) * SPRITE_FRACTION
        pad = self.sprite_side
        plot.setXRange(x0 - pad, x1 + pad, padding=0)
        plot.setYRange(y0 - pad, y1 + pad, padding=0)
        plot.disableAutoRange()
        s = len(ep.support_y)
        room = max(0, SPRITES_MAX - s)
        queries = np.unique(np.linspace(0, len(ep.query_y) - 1, min(room, len(ep.query_y))))
        picks = [(True, i) for i in range(min(s, SPRITES_MAX))]
        picks += [(False, int(i)) for i in queries.astype(int)] if len(ep.query_y) else []
        for is_support, i in picks:
            img = (ep.support_images if is_support else ep.query_images)[i]
            y = (ep.support_y if is_support else ep.query_y)[i]
            width = max(1, img.shape[0] // (10 if is_support else 20))
            item = self._sprite(len(self.sprites))
            item.setImage(framed_sprite(display_image(img, invert), colors[int(y)], width))
            item.setZValue(5 if is_support else 4)
            self.sprites.append((item, is_support, i))
        steps = np.arange(pr.steps + 1, dtype=float)
        set_curve(self.separation_curve, steps, pr.separation.astype(float))
        self.plots["separation"].getAxis("bottom").setTicks(
            [[(k, str(k)) for k in range(0, pr.steps + 1, max(1, pr.steps // 10))]]
        )
        self._show_sprites(self.sprite_box.isChecked())
        self.set_step(self.t)

    def _fill_key(self) -> None:
        self.key.setText(
            self.tr("Support: squares, thick frames; query: circles, thin frames.")
            + " "
            + " &nbsp; ".join(
                f"<span style='color:{c}'>■</span> [{k + 1}] {html.escape(name)}"
                for k, (c, name) in enumerate(self._classes)
            )
        )

    def retranslate(self) -> None:
        """The key and the step's numbers again, in the current language."""
        if self.projection is not None:
            self._fill_key()
            self.set_step(self.t)

    def _sprite(self, k: int) -> pg.ImageItem:
        """The k-th sprite item, made once and reused by later replays (creating and adding
        80 items took most of a replay's 0.1 s in the GUI thread)."""
        while len(self._pool) <= k:
            item = pg.ImageItem(axisOrder="row-major")
            self.plots["pca"].addItem(item)
            self._pool.append(item)
        return self._pool[k]

    def set_step(self, t: int) -> None:
        """Move every point and sprite to step t."""
        pr = self.projection
        if pr is None:
            return
        self.t = t = int(np.clip(t, 0, pr.steps))
        sup, qry = pr.support[t], pr.query[t]
        self.support_points.setData(pos=sup, brush=self.support_brushes)
        self.query_points.setData(pos=qry, brush=self.query_brushes)
        side = self.sprite_side
        for item, is_support, i in self.sprites:
            x, y = (sup if is_support else qry)[i]
            item.setRect(QtCore.QRectF(float(x) - side / 2, float(y) - side / 2, side, side))
        self.separation_marker.setData([float(t)], [float(pr.separation[t])])
        self.step_line.setPos(t)
        first, last = float(pr.separation[0]), float(pr.separation[t])
        self.info.setText(
            self.tr(
                "t = {t}: separation {now:.3f} (t = 0: {first:.3f}). The axes hold {a:.0%} and "
                "{b:.0%} of the variance over all steps."
            ).format(t=t, now=last, first=first, a=pr.explained[0], b=pr.explained[1])
        )

    def _show_sprites(self, on: bool) -> None:
        for item, _, _ in self.sprites:
            item.setVisible(on)

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """(support (S, 2), query (Q, 2)) of the points on show."""
        sx, sy = self.support_points.getData()
        qx, qy = self.query_points.getData()
        return np.column_stack([sx, sy]), np.column_stack([qx, qy])

    def sprite_centres(self) -> np.ndarray:
        """(n, 2) centre of each sprite, in data coordinates."""
        out = []
        for item, _, _ in self.sprites:
            r = item.mapRectToParent(item.boundingRect())
            out.append((r.center().x(), r.center().y()))
        return np.array(out).reshape(-1, 2)
