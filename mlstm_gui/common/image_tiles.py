"""Small image widgets shared by the episode picker, the replay view and the try-it panel.

Images arrive as uint8 (H, W, C) NumPy arrays (what the learner sees) and become QPixmaps once;
a grid of QLabel tiles with captions is cheap for the few hundred images an episode holds."""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

TILE = 56  # on-screen size of a tile, pixels
GREEN, RED, GREY = "#2a9d3f", "#d1495b", "#c8c8c8"


def to_qimage(image: np.ndarray) -> QtGui.QImage:
    """uint8 (H, W), (H, W, 1) or (H, W, 3) -> a QImage that owns its pixels."""
    arr = np.asarray(image)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    arr = np.ascontiguousarray(arr, dtype=np.uint8)
    h, w = arr.shape[:2]
    if arr.ndim == 2:
        img = QtGui.QImage(arr.data, w, h, arr.strides[0], QtGui.QImage.Format.Format_Grayscale8)
    else:
        img = QtGui.QImage(arr.data, w, h, arr.strides[0], QtGui.QImage.Format.Format_RGB888)
    return img.copy()  # detach from the NumPy buffer


def to_pixmap(image: np.ndarray, size: int = TILE) -> QtGui.QPixmap:
    """A square pixmap of `size` px: small images scaled up without blurring (pixels stay
    visible, as the learner sees them), large ones scaled down smoothly."""
    img = to_qimage(image)
    mode = (
        QtCore.Qt.TransformationMode.FastTransformation
        if img.width() <= size
        else QtCore.Qt.TransformationMode.SmoothTransformation
    )
    return QtGui.QPixmap.fromImage(
        img.scaled(size, size, QtCore.Qt.AspectRatioMode.KeepAspectRatio, mode)
    )


def display_image(image: np.ndarray, invert: bool) -> np.ndarray:
    """Undo the ink inversion for display: Omniglot is stored ink-high, shown dark on white."""
    return 255 - image if invert else image


class Tile(QtWidgets.QFrame):
    """One image with a coloured frame and a caption underneath."""

    clicked = QtCore.Signal()

    def __init__(self, size: int = TILE, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.size_px = size
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        lay.setSpacing(1)
        self.image = QtWidgets.QLabel()
        self.image.setFixedSize(size + 6, size + 6)
        self.image.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.caption = QtWidgets.QLabel()
        self.caption.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        self.caption.setMaximumWidth(size + 30)
        font = self.caption.font()
        font.setPointSizeF(max(6.5, font.pointSizeF() - 1.5))
        self.caption.setFont(font)
        lay.addWidget(self.image, 0, QtCore.Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(self.caption)
        self.color = ""
        self.set_color(GREY)

    def set_image(self, image: np.ndarray) -> None:
        self.image.setPixmap(to_pixmap(image, self.size_px))

    def set_color(self, color: str) -> None:
        if color != self.color:
            self.color = color
            self.image.setStyleSheet(f"border: 3px solid {color}; background: white;")

    def mousePressEvent(self, event: QtGui.QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)


class ImageRows(QtWidgets.QScrollArea):
    """Rows of tiles, each row headed by a label (one row per class). Tiles are addressed by
    their overall index in row order, so callers can recolour and recaption them cheaply."""

    tile_clicked = QtCore.Signal(int)

    def __init__(
        self, title: str = "", size: int = TILE, parent: Optional[QtWidgets.QWidget] = None
    ) -> None:
        super().__init__(parent)
        self.size_px = size
        self.setWidgetResizable(True)
        self.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        self.body = QtWidgets.QWidget()
        self.grid = QtWidgets.QGridLayout(self.body)
        self.grid.setContentsMargins(2, 2, 2, 2)
        self.grid.setHorizontalSpacing(2)
        self.grid.setVerticalSpacing(2)
        self.grid.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.body)
        self.title = title
        self.tiles: list[Tile] = []
        self.headers: list[QtWidgets.QLabel] = []

    def clear(self) -> None:
        for w in self.tiles + self.headers:
            self.grid.removeWidget(w)
            w.hide()
            w.deleteLater()
        self.tiles, self.headers = [], []

    def set_rows(
        self, rows: Sequence[tuple[str, Sequence[np.ndarray], Sequence[str]]], max_columns: int = 20
    ) -> None:
        """rows: (header, images, captions). A row longer than max_columns wraps."""
        self.clear()
        r = 0
        for header, images, captions in rows:
            head = QtWidgets.QLabel(f"<b>{header}</b>" if header else "")
            head.setMaximumWidth(130)
            head.setWordWrap(True)
            head.setToolTip(header)
            self.grid.addWidget(head, r, 0, QtCore.Qt.AlignmentFlag.AlignVCenter)
            self.headers.append(head)
            for k, (img, cap) in enumerate(zip(images, captions)):
                tile = Tile(self.size_px)
                tile.set_image(img)
                tile.caption.setText(cap)
                tile.setToolTip(cap)
                index = len(self.tiles)
                tile.clicked.connect(lambda i=index: self.tile_clicked.emit(i))
                self.grid.addWidget(tile, r + k // max_columns, 1 + k % max_columns)
                self.tiles.append(tile)
            r += max(1, -(-len(images) // max_columns))
        # Show at least the first two rows without scrolling (K = 1 is a single row).
        row_h = self.size_px + 40
        self.setMinimumHeight(min(r, 2) * row_h + 8)

    def set_state(self, index: int, color: str, caption: Optional[str] = None) -> None:
        tile = self.tiles[index]
        tile.set_color(color)
        if caption is not None and tile.caption.text() != caption:
            tile.caption.setText(caption)


class BarList(QtWidgets.QWidget):
    """Sorted confidence bars: one row 'class ▇▇▇▇ 83.1%' per class, highest first."""

    def __init__(self, rows: int = 5, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.grid = QtWidgets.QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setVerticalSpacing(0)
        self.names: list[QtWidgets.QLabel] = []
        self.bars: list[QtWidgets.QProgressBar] = []
        for r in range(rows):
            name = QtWidgets.QLabel()
            bar = QtWidgets.QProgressBar()
            bar.setRange(0, 1000)
            bar.setTextVisible(True)
            bar.setMaximumHeight(14)
            bar.setMinimumWidth(120)
            self.grid.addWidget(name, r, 0)
            self.grid.addWidget(bar, r, 1)
            self.names.append(name)
            self.bars.append(bar)

    def set_values(
        self, items: Sequence[tuple[str, float]], highlight: Optional[str] = None
    ) -> None:
        """items sorted high to low; `highlight` (the true class) is drawn in bold."""
        for r, (name, bar) in enumerate(zip(self.names, self.bars)):
            if r < len(items):
                cls, p = items[r]
                name.setText(f"<b>{cls}</b>" if cls == highlight else cls)
                bar.setValue(int(round(1000 * p)))
                bar.setFormat(f"{100 * p:.1f}%")
                name.show()
                bar.show()
            else:
                name.hide()
                bar.hide()
