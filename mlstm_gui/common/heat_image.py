"""An ImageItem for heatmaps redrawn every episode: its colour table is built once per colour map.

pyqtgraph renders a one-channel float image with a lookup table as an indexed 8-bit QImage and
builds that QImage's colour table anew on every render: 256 Python calls to `qRgb`, about as
long as the rest of the render for the gate panel's small heatmaps (docs/BENCHMARKS.md). Here
the table is kept while the lookup table stays the same, and the image is quantised with one
NumPy expression. Anything else (several channels, NaNs, no levels, a callable or long lookup
table, auto-downsampling) is left to pyqtgraph's own render."""

from __future__ import annotations

from typing import Any, Optional

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui


class HeatImage(pg.ImageItem):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._table_key: Optional[bytes] = None
        self._table: list[int] = []

    def _color_table(self, lut: np.ndarray) -> list[int]:
        key = lut.tobytes() + repr(lut.shape).encode()
        if key != self._table_key:
            rgba = lut if lut.shape[1] == 4 else np.column_stack([lut, np.full(len(lut), 255)])
            self._table = [QtGui.qRgba(*c) for c in rgba.astype(int).tolist()]
            self._table_key = key
        return self._table

    def _fast_input(self) -> Optional[tuple[np.ndarray, np.ndarray, float, float]]:
        image, lut, levels = self.image, self.lut, self.levels
        if image is None or getattr(image, "ndim", 0) != 2 or image.size == 0:
            return None
        if not isinstance(lut, np.ndarray) or lut.dtype != np.uint8 or lut.ndim != 2:
            return None
        if lut.shape[1] not in (3, 4) or not 0 < len(lut) <= 256 or self.autoDownsample:
            return None
        if levels is None or np.ndim(levels) != 1 or image.dtype.kind != "f":
            return None
        if not np.isfinite(image).all():
            return None
        return image, lut, float(levels[0]), float(levels[1])

    def render(self) -> None:
        fast = self._fast_input()
        if fast is None:
            super().render()
            return
        image, lut, lo, hi = fast
        n = len(lut)
        scale = n / ((hi - lo) or 1.0)  # pyqtgraph's rescale: n colours over the levels
        index = np.clip((image - lo) * scale, 0, n - 1).astype(np.uint8)
        if self.axisOrder == "col-major":
            index = index.T
        index = np.ascontiguousarray(index)
        qimage = QtGui.QImage(
            index.data,
            index.shape[1],
            index.shape[0],
            index.strides[0],
            QtGui.QImage.Format.Format_Indexed8,
        ).copy()  # owns its pixels: `index` goes away with this call
        qimage.setColorTable(self._color_table(lut))
        # converted once here, not by every paint: Qt draws an indexed image scaled by
        # converting it to 32 bits first, each time (0.36 → 0.1 ms a heatmap a paint)
        self.qimage = qimage.convertToFormat(QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        self._renderRequired = False
        self._unrenderable = False


__all__ = ["HeatImage"]
