"""A log-scale axis that keeps its ticks when the range spans less than a decade.

pyqtgraph's log axis puts ticks only at 10^k and k·10^k. The meta-training loss moves
between 1.3 and 1.5 nats for hundreds of episodes, and no such value lies in that range, so
the axis (and its grid) showed no tick at all with "Log y" on. Here a range with fewer than
two of those ticks gets round values in the data's own units (on the log axis), labelled with
enough digits to tell them apart ("1.35", not pyqtgraph's one-digit "1")."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg

from mlstm_gui.common.ranges import round_step


def linear_ticks(lo: float, hi: float) -> list[float]:
    """Round values in [lo, hi] (lo > 0), about 3 to 10 of them."""
    step = round_step(hi - lo)
    while (hi - lo) / step > 10:
        step *= 2
    first = math.ceil(lo / step) * step
    return [v for v in np.arange(first, hi + step * 1e-9, step) if v > 0]


class LogAxis(pg.AxisItem):
    def logTickValues(  # noqa: N802 - pyqtgraph's name
        self,
        minVal: float,
        maxVal: float,
        size: float,
        stdTicks: Any,  # noqa: N803
    ) -> list[tuple[Any, list[float]]]:
        ticks = super().logTickValues(minVal, maxVal, size, stdTicks)
        inside = [v for _, values in ticks for v in values if minVal <= v <= maxVal]
        if len(inside) >= 2:
            return ticks
        values = linear_ticks(10.0**minVal, 10.0**maxVal)
        return [(None, [math.log10(v) for v in values])]

    def logTickStrings(  # noqa: N802 - pyqtgraph's name
        self, values: list[float], scale: float, spacing: Any
    ) -> list[str]:
        powers = super().logTickStrings(values, scale, spacing)
        return [
            text if abs(v - round(v)) < 1e-9 else f"{10.0**v * scale:.3g}"
            for v, text in zip(values, powers)
        ]


__all__ = ["LogAxis", "linear_ticks"]
