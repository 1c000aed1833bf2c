"""The heatmap image with a kept colour table: the same pixels as pyqtgraph's own render."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402

from mlstm_gui.common.heat_image import HeatImage  # noqa: E402


def pixels(item: pg.ImageItem) -> np.ndarray:
    image = item.qimage
    return np.array(
        [[image.pixel(x, y) for x in range(image.width())] for y in range(image.height())]
    )


def rendered(cls: type, data: np.ndarray, levels: tuple[float, float], cmap: str) -> np.ndarray:
    item = cls(axisOrder="col-major")
    item.setImage(data, autoLevels=False, levels=levels)
    item.setColorMap(pg.colormap.get(cmap))
    item.render()
    return pixels(item)


def test_it_draws_the_pixels_pyqtgraph_draws():
    rng = np.random.default_rng(0)
    data = rng.random((30, 12)) * 1.2 - 0.1  # some values beyond the levels on both sides
    for levels, cmap in (
        ((0.0, 1.0), "viridis"),
        ((-4.0, 0.0), "inferno"),
        ((0.2, 0.2), "viridis"),
    ):
        ours = rendered(
            HeatImage, data if levels[0] >= 0 else np.log10(data.clip(1e-4)), levels, cmap
        )
        theirs = rendered(
            pg.ImageItem, data if levels[0] >= 0 else np.log10(data.clip(1e-4)), levels, cmap
        )
        assert ours.shape == (12, 30)  # col-major: x is the first axis
        assert np.array_equal(ours, theirs)


def test_the_colour_table_follows_a_new_colour_map_and_odd_images_fall_back():
    data = np.linspace(0, 1, 20).reshape(5, 4)
    item = HeatImage(axisOrder="col-major")
    item.setImage(data, autoLevels=False, levels=(0.0, 1.0))
    item.setColorMap(pg.colormap.get("viridis"))
    item.render()
    first = pixels(item)
    item.setColorMap(pg.colormap.get("inferno"))
    item.render()
    assert not np.array_equal(first, pixels(item))
    with_nan = data.copy()
    with_nan[0, 0] = np.nan
    item.setImage(with_nan, autoLevels=False, levels=(0.0, 1.0))
    item.render()  # pyqtgraph's own path: NaN is transparent
    assert item.qimage is not None and item.qimage.width() == 5
