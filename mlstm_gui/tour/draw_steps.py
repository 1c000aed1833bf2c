"""The tour's Try-it steps for the app's own material: "Load examples" (characters of the
embedded Omniglot's evaluation alphabets) classified, then characters drawn on the pad with
synthetic mouse events, as a hand would draw them, and classified; a PNG of each and figures
for tour.json (examples_accuracy, drawn_accuracy, the classes and queries of each)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Optional

from PySide6 import QtCore
from PySide6.QtTest import QTest

if TYPE_CHECKING:  # pragma: no cover
    from engine.inference.classify import ClassifyResult
    from mlstm_gui.explore.exploration import ExplorationController
    from mlstm_gui.tour.driver import Tour
    from mlstm_gui.tryit.drawing_canvas import StrokeCanvas
    from mlstm_gui.tryit.panel import TryItPanel

Strokes = list[list[tuple[float, float]]]
LEFT = QtCore.Qt.MouseButton.LeftButton


def glyph(kind: str, k: int) -> Strokes:
    """A circle, a cross or a T on the paper (0..1), wobbled by k like a hand's k-th try."""
    j = 0.02 * math.sin(3 * k + 1)
    if kind == "circle":
        turn = [t / 24 * 2 * math.pi for t in range(25)]
        return [[(0.5 + (0.3 + j) * math.cos(a), 0.5 + 0.3 * math.sin(a)) for a in turn]]
    if kind == "cross":
        return [[(0.2 + j, 0.2), (0.8, 0.8 - j)], [(0.8, 0.2 + j), (0.2 - j, 0.8)]]
    return [[(0.2, 0.3 + j), (0.8, 0.3)], [(0.5 + j, 0.3), (0.5, 0.85)]]


def draw(canvas: "StrokeCanvas", strokes: Strokes) -> None:
    """Each stroke as a mouse press, moves every few pixels and a release."""
    sq = canvas.square()

    def at(x: float, y: float) -> QtCore.QPoint:
        return QtCore.QPoint(round(sq.left() + x * sq.width()), round(sq.top() + y * sq.height()))

    for stroke in strokes:
        QTest.mousePress(canvas, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, at(*stroke[0]))
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) * 40))
            for i in range(1, n + 1):
                QTest.mouseMove(canvas, at(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n))
        QTest.mouseRelease(canvas, LEFT, QtCore.Qt.KeyboardModifier.NoModifier, at(*stroke[-1]))


def _classify(tour: "Tour", panel: "TryItPanel", what: str) -> Optional["ClassifyResult"]:
    """Classify, wait for the outcome; None (with an error noted) when refused or late."""
    outcomes: list = []
    panel.classified.connect(outcomes.append)
    try:
        if not panel.classify():
            tour.errors.append(f"classify of the {what} refused: {panel.message.text()}")
            return None
        if not tour.wait(lambda: bool(outcomes), f"the classification of the {what}"):
            return None
        return outcomes[0].result
    finally:
        panel.classified.disconnect(outcomes.append)


def run_draw_steps(
    tour: "Tour", ctl: "ExplorationController", grab: Callable[..., str], shots: list[str]
) -> dict:
    """Load examples and classify them, then draw three classes (a support and a query each)
    and an unlabelled query on the pad and classify those; figures for tour.json."""
    panel = ctl.tryit
    ctl.widget.tabs.setCurrentWidget(panel)
    panel.left_tabs.setCurrentIndex(0)
    out: dict = {}
    panel.examples_bar.button.click()
    if not tour.wait(lambda: not panel.loading, "the example images"):
        return out
    if len(panel.cards) != panel.examples_bar.way.value():
        tour.errors.append(
            f"Load examples gave {len(panel.cards)} classes, expected {panel.examples_bar.way.value()}"
        )
    res = _classify(tour, panel, "examples")
    if res is None:
        return out
    out["examples_classes"] = [c.name for c in panel.cards]
    out["examples_queries"] = len(res.predictions)
    if res.accuracy is None:  # Load examples always labels its queries
        tour.errors.append("the example queries came back unlabelled")
        return out
    out["examples_accuracy"] = round(float(res.accuracy), 4)
    shots.append(grab(tour, ctl.widget, "panel-tryit-examples.png"))
    # Draw: a clean slate, three classes of a support and a labelled query, one unlabelled.
    panel.clear()
    panel.shot.setValue(1)
    pad = panel.pad
    panel.left_tabs.setCurrentWidget(pad)
    for c, kind in enumerate(("circle", "cross", "tee")):
        if c:
            pad.new_class(kind)
        else:
            pad.rename(pad.target() or pad.new_class(), kind)
        for k in range(2):
            draw(pad.canvas, glyph(kind, k))
            if pad.commit() is None:
                tour.errors.append(f"the pad refused a drawing of {kind}: {pad.message.text()}")
    pad.set_target(None)
    draw(pad.canvas, glyph("cross", 7))  # on the paper, not yet added: the live previews
    shots.append(grab(tour, ctl.widget, "panel-tryit-draw.png"))
    pad.commit()
    if [c.name for c in panel.cards] != ["circle", "cross", "tee"]:
        tour.errors.append(f"drawn classes on the cards: {[c.name for c in panel.cards]}")
    res = _classify(tour, panel, "drawings")
    if res is None:
        return out
    predictions = res.predictions
    labelled = [p for p in predictions if p.label is not None]
    out["drawn_queries"] = len(predictions)
    out["drawn_accuracy"] = round(sum(p.label == p.predicted for p in labelled) / len(labelled), 4)
    out["drawn_unlabelled_predicted"] = [p.predicted for p in predictions if p.label is None]
    shots.append(grab(tour, ctl.widget, "panel-tryit-drawn-results.png"))
    return out
