"""Load examples: Try it filled from the embedded Omniglot's evaluation alphabets (seeded), with
no files of the user's own, ready to classify; drawn classes stay."""

from __future__ import annotations

import pytest
from PySide6 import QtCore

from engine.data.omniglot import load_asset
from engine.inference.shipped import DEFAULT
from mlstm_gui.explore.jobs import snapshot_of_file
from mlstm_gui.explore.replay_worker import ReplayService
from mlstm_gui.tryit.panel import TryItPanel

TIMEOUT = 30_000


@pytest.fixture
def panel(qtbot):
    snap, _ = snapshot_of_file(str(DEFAULT))
    service = ReplayService()
    widget = TryItPanel(service, lambda task=None: (snap, ""))
    qtbot.addWidget(widget)
    widget.resize(1300, 820)
    widget.show()
    yield widget
    assert service.close()


def names(panel) -> list[str]:
    return [c.name for c in panel.cards]


def load(qtbot, panel) -> None:
    qtbot.mouseClick(panel.examples_bar.button, QtCore.Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.loading, timeout=TIMEOUT)


def test_examples_fill_an_empty_panel_ready_to_classify(qtbot, panel):
    assert panel.cards == [] and panel.examples_bar.isVisible()
    bar = panel.examples_bar
    bar.way.setValue(4)
    bar.queries.setValue(3)
    panel.shot.setValue(2)
    load(qtbot, panel)
    sets = load_asset()
    assert len(names(panel)) == 4
    assert all(n in sets["evaluation"].class_names for n in names(panel))
    assert not set(names(panel)) & set(sets["background"].class_names)
    assert [len(c.files) for c in panel.cards] == [5] * 4  # K = 2 support + 3 queries each
    assert "seed 0" in bar.note.text() and "evaluation alphabets" in bar.note.text()
    assert "Ready: 4 classes, K = 2, 12 queries" in panel.message.text()
    with qtbot.waitSignal(panel.classified, timeout=TIMEOUT) as blocker:
        assert panel.classify(), panel.message.text()
    result = blocker.args[0].result
    assert result.labelled and len(result.predictions) == 12
    assert result.accuracy > 0.5  # a real few-shot task that the shipped model mostly solves


def test_the_seed_decides_and_the_next_press_draws_anew(qtbot, panel):
    bar = panel.examples_bar
    load(qtbot, panel)
    first = names(panel)
    assert bar.seed.value() == 1
    load(qtbot, panel)
    assert names(panel) != first and len(panel.cards) == 5  # replaced, not added
    bar.seed.setValue(0)
    load(qtbot, panel)
    assert names(panel) == first


def test_drawn_classes_stay_and_impossible_examples_say_why(qtbot, panel):
    pad = panel.pad
    pad.canvas.set_strokes([[(0.2, 0.2), (0.8, 0.8)]])
    pad.commit()
    load(qtbot, panel)
    assert names(panel)[0] == "Class 1" and len(panel.cards) == 6
    assert "your 1 drawn class stays" in panel.examples_bar.note.text()
    panel.shot.setValue(10)
    panel.examples_bar.queries.setValue(15)
    assert not panel.task_cards.load_examples(5, 15, 0)
    assert (
        "Cannot load examples" in panel.message.text()
        and "25 images per class" in panel.message.text()
    )
