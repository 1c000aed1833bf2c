"""The drawing pad of Try it, driven by synthetic mouse (and pen) events: drawn classes become
cards, classify as `classify` classifies the saved drawn set, and undo, clear, the counter,
saving and opening behave."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6 import QtCore, QtGui

from engine.data.images import load_image
from engine.inference.classify import classify_folders
from engine.inference.shipped import DEFAULT
from engine.io.checkpoint import load_model
from mlstm_gui.explore.jobs import snapshot_of_file
from mlstm_gui.explore.replay_worker import ReplayService
from mlstm_gui.tryit.panel import TryItPanel

TIMEOUT = 30_000
LEFT = QtCore.Qt.MouseButton.LeftButton


def shape(kind: str, k: int) -> list[list[tuple[float, float]]]:
    """Strokes (in 0..1 of the paper) of a few recognisably different characters; k wobbles
    them a little, as a hand would."""
    j = 0.02 * math.sin(3 * k + 1)
    if kind == "circle":
        return [
            [
                (
                    0.5 + (0.3 + j) * math.cos(t / 20 * 2 * math.pi),
                    0.5 + 0.3 * math.sin(t / 20 * 2 * math.pi),
                )
                for t in range(21)
            ]
        ]
    if kind == "cross":
        return [[(0.2 + j, 0.2), (0.8, 0.8 - j)], [(0.8, 0.2 + j), (0.2 - j, 0.8)]]
    return [[(0.2, 0.3 + j), (0.8, 0.3)], [(0.5 + j, 0.3), (0.5, 0.85)]]  # a T


def draw(qtbot, canvas, strokes) -> None:
    """Each stroke as a press, moves every few pixels, a release: what a mouse sends."""
    sq = canvas.square()

    def at(x: float, y: float) -> QtCore.QPoint:
        return QtCore.QPoint(round(sq.left() + x * sq.width()), round(sq.top() + y * sq.height()))

    for stroke in strokes:
        dense = []
        for (x0, y0), (x1, y1) in zip(stroke, stroke[1:]):
            n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) * 40))
            dense += [(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n) for i in range(n)]
        dense.append(stroke[-1])
        qtbot.mousePress(canvas, LEFT, pos=at(*dense[0]))
        for x, y in dense[1:]:
            qtbot.mouseMove(canvas, at(x, y))
        qtbot.mouseRelease(canvas, LEFT, pos=at(*dense[-1]))


@pytest.fixture
def panel(qtbot):
    snap, _ = snapshot_of_file(str(DEFAULT))  # the shipped 5-way 1-shot Omniglot model
    service = ReplayService()
    widget = TryItPanel(service, lambda task=None: (snap, ""))
    qtbot.addWidget(widget)
    widget.resize(1300, 820)
    widget.show()
    widget.left_tabs.setCurrentWidget(widget.pad)
    qtbot.waitExposed(widget)
    yield widget
    assert service.close()


def test_drawn_classes_classify_like_classify_on_the_saved_folder(qtbot, panel, tmp_path):
    pad = panel.pad
    kinds = ("circle", "cross", "tee")
    for c, kind in enumerate(kinds):
        if c:
            pad.new_class(kind)
        else:
            pad.rename(pad.classes[0], kind)
        for k in range(3):  # K = 1 support, then 2 labelled queries
            draw(qtbot, pad.canvas, shape(kind, k))
            assert all(len(s) > 10 for s in pad.canvas.strokes)  # the moves were drawn
            assert pad.commit() is not None
    pad.set_target(None)
    for k, kind in enumerate(("cross", "circle")):  # two unlabelled queries
        draw(qtbot, pad.canvas, shape(kind, 5 + k))
        pad.commit()
    assert [c.name for c in panel.cards] == list(kinds)
    assert [len(c.files) for c in panel.cards] == [3, 3, 3] and len(panel.unlabelled.files) == 2
    assert "3 classes" in pad.counter.text() and "6 labelled queries" in pad.counter.text()
    # The last drawing is previewed as the model sees it: decoded like every file.
    p = load_model(DEFAULT).preprocessing
    assert np.array_equal(panel.preview_array, load_image(pad.unlabelled[-1].path, p.size, 1, True))
    with qtbot.waitSignal(panel.classified, timeout=TIMEOUT) as blocker:
        assert panel.classify(), panel.message.text()
    got = blocker.args[0].result.predictions
    assert len(got) == 8
    # Distinct shapes, drawn as Omniglot's are, are told apart by the shipped Omniglot model.
    assert [p.predicted for p in got[:6]] == [p.label for p in got[:6]]
    # Saved, and classified by the engine from the folder, as `main.py classify` would.
    task = pad.save(tmp_path / "drawn")
    model = load_model(DEFAULT)
    labelled = classify_folders(model, task.root / "support", task.root / "query").predictions
    loose = classify_folders(model, task.root / "support", task.root / "unlabelled").predictions
    ref = labelled + loose
    assert [p.label for p in got] == [p.label for p in ref]
    assert [p.predicted for p in got] == [p.predicted for p in ref]
    for a, b in zip(got, ref):
        assert list(a.probabilities) == list(b.probabilities)
        assert np.allclose(
            list(a.probabilities.values()), list(b.probabilities.values()), atol=1e-6
        )
    # The saved PNGs are the very images the cards held.
    for card, (_, files) in zip(panel.cards, task.classes):
        assert [Image.open(f).tobytes() for f in card.files] == [
            Image.open(f).tobytes() for f in files
        ]


def test_undo_clear_and_the_counter(qtbot, panel):
    pad = panel.pad
    draw(qtbot, pad.canvas, shape("cross", 0))
    assert len(pad.canvas.strokes) == 2
    assert pad.undo() and len(pad.canvas.strokes) == 1  # one stroke back
    pad.clear_canvas()
    assert pad.canvas.strokes == []
    assert pad.undo() and len(pad.canvas.strokes) == 1  # the clear undone
    pad.commit()
    assert len(pad.classes[0].drawings) == 1 and panel.cards[0].files
    assert (
        "1 of 1 support" in pad.counter.text()
        and "next one is a labelled query" in pad.counter.text()
    )
    assert pad.undo()  # the addition: back onto the paper, the card gone
    assert pad.classes[0].drawings == [] and len(pad.canvas.strokes) == 1 and not panel.cards
    pad.new_class("second")
    assert pad.undo() and [c.name for c in pad.classes] == ["Class 1"]  # the empty new class
    pad.canvas.set_strokes([])
    assert pad.commit() is None and "Draw a character first" in pad.message.text()


def test_cards_follow_the_pad_and_the_pad_follows_its_cards(qtbot, panel):
    pad = panel.pad
    for name in ("a", "b"):
        if name == "b":
            pad.new_class("b")
        else:
            pad.rename(pad.classes[0], "a")
        draw(qtbot, pad.canvas, shape("tee" if name == "a" else "circle", 0))
        pad.commit()
    card = panel.cards[0]
    card.name_edit.setText("alpha")
    card.renamed.emit(card)
    assert pad.classes[0].name == "alpha"
    panel.cards[1].remove_requested.emit(panel.cards[1])  # the card's Remove button
    assert [c.name for c in pad.classes] == ["alpha"] and len(panel.cards) == 1
    panel.shot.setValue(3)
    assert pad.shot == 3 and "K = 3" in pad.counter.text()


def test_a_saved_drawn_set_opens_again(qtbot, panel, tmp_path):
    pad = panel.pad
    for c, kind in enumerate(("circle", "tee")):
        if c:
            pad.new_class(kind)
        for k in range(2):
            draw(qtbot, pad.canvas, shape(kind, k))
            pad.commit()
    panel.shot.setValue(2)
    before = [(c.name, [Image.open(f).tobytes() for f in c.files]) for c in panel.cards]
    pad.save(tmp_path / "set")
    pad.new_class("extra")
    panel.shot.setValue(1)
    assert panel.task_cards.open(tmp_path / "set")
    assert panel.shot.value() == 2 and [c.name for c in pad.classes] == ["Class 1", "tee"]
    after = [(c.name, [Image.open(f).tobytes() for f in c.files]) for c in panel.cards]
    assert after == before
    # Not a drawn set and not a task: the pad says why, naming the folder.
    assert not panel.task_cards.open(tmp_path)
    assert "not a task folder" in pad.message.text() and str(tmp_path) in pad.message.text()
    # Saving an empty drawn class is refused by name.
    pad.new_class("empty one")
    with pytest.raises(Exception, match="drawn class 'empty one' has no drawings"):
        pad.save(tmp_path / "again")


def test_a_pen_draws_once(qtbot, panel):
    """Tablet events are the pen's: each becomes one stroke, not a second one from mouse events."""
    canvas = panel.pad.canvas
    device = QtGui.QPointingDevice.primaryPointingDevice()
    sq = canvas.square()
    for kind, x in (
        (QtCore.QEvent.Type.TabletPress, 0.2),
        (QtCore.QEvent.Type.TabletMove, 0.5),
        (QtCore.QEvent.Type.TabletMove, 0.8),
        (QtCore.QEvent.Type.TabletRelease, 0.8),
    ):
        pos = QtCore.QPointF(sq.left() + x * sq.width(), sq.center().y())
        event = QtGui.QTabletEvent(
            kind,
            device,
            pos,
            canvas.mapToGlobal(pos),
            0.5,
            0.0,
            0.0,
            0.0,
            0.0,
            0.0,
            QtCore.Qt.KeyboardModifier.NoModifier,
            LEFT,
            LEFT,
        )
        QtCore.QCoreApplication.sendEvent(canvas, event)
    assert len(canvas.strokes) == 1
    xs = [p[0] for p in canvas.strokes[0]]
    assert xs[0] == pytest.approx(0.2, abs=0.01) and xs[-1] == pytest.approx(0.8, abs=0.01)


def test_a_task_folder_without_strokes_opens_as_images(qtbot, panel, tmp_path):
    from engine.data.examples import sample_examples
    from engine.io.task_folders import write_examples

    task = write_examples(sample_examples(3, 2, 1, seed=4), tmp_path / "task")
    assert panel.task_cards.open(task.root)
    qtbot.waitUntil(lambda: not panel.loading, timeout=TIMEOUT)
    assert panel.shot.value() == 2 and [len(c.files) for c in panel.cards] == [3, 3, 3]
    assert [Path(c.files[0]).parts[-3] for c in panel.cards] == ["support"] * 3
    assert "no strokes to edit" in panel.pad.message.text()


def test_the_paper_is_previewed_as_omniglot_and_as_the_model_sees_it(qtbot, panel):
    pad = panel.pad
    assert pad.live.pixmap().isNull()
    draw(qtbot, pad.canvas, shape("tee", 0))
    assert not pad.live.pixmap().isNull() and not pad.live_seen.pixmap().isNull()
    pad.clear_canvas()
    assert pad.live.pixmap().isNull()


def test_a_finger_draws_too(qtbot, panel):
    """Touches reach the paper as the mouse events Qt makes of them."""
    from PySide6.QtTest import QTest

    canvas = panel.pad.canvas
    device = QTest.createTouchDevice()
    sq = canvas.square().toRect()
    points = [sq.topLeft() + QtCore.QPoint(20 + 8 * i, 30 + 5 * i) for i in range(15)]
    QTest.touchEvent(canvas, device).press(0, points[0], canvas).commit()
    for p in points[1:]:
        QTest.touchEvent(canvas, device).move(0, p, canvas).commit()
    QTest.touchEvent(canvas, device).release(0, points[-1], canvas).commit()
    qtbot.waitUntil(lambda: len(canvas.strokes) == 1 and len(canvas.strokes[0]) >= 10)


def test_a_drawing_can_be_removed_and_put_back(qtbot, panel):
    pad = panel.pad
    for k in range(3):
        draw(qtbot, pad.canvas, shape("cross", k))
        pad.commit()
    paths = [d.path for d in pad.classes[0].drawings]
    assert pad.remove_drawing(paths[1])
    assert panel.cards[0].files == [paths[0], paths[2]]
    assert pad.undo() and panel.cards[0].files == paths


def test_images_dropped_on_a_drawn_card_stay_when_the_pad_changes(qtbot, panel, tmp_path):
    pad = panel.pad
    draw(qtbot, pad.canvas, shape("tee", 0))
    pad.commit()
    Image.new("L", (28, 28), 255).save(tmp_path / "scan.png")
    card = panel.cards[0]
    panel.add_to_card(card, [str(tmp_path / "scan.png")])
    qtbot.waitUntil(lambda: not panel.loading, timeout=TIMEOUT)
    draw(qtbot, pad.canvas, shape("tee", 1))
    pad.commit()
    drawn = [d.path for d in pad.classes[0].drawings]
    assert card.files == drawn + [str(tmp_path / "scan.png")]


def test_the_empty_board_offers_examples_and_the_pad(qtbot, panel):
    panel.left_tabs.setCurrentIndex(0)
    hint = panel.board.hint
    assert "Load examples" in hint.text() and "draw your own" in hint.text()
    hint.linkActivated.emit("draw")
    assert panel.left_tabs.currentWidget() is panel.pad
    hint.linkActivated.emit("examples")
    qtbot.waitUntil(lambda: len(panel.cards) == 5 and not panel.loading, timeout=TIMEOUT)


def test_the_dialogs_save_and_open_asking_before_replacing_drawings(
    qtbot, panel, tmp_path, monkeypatch
):
    from PySide6 import QtWidgets

    pad, box = panel.pad, QtWidgets.QMessageBox
    draw(qtbot, pad.canvas, shape("circle", 0))
    pad.commit()
    folder = tmp_path / "set"
    folder.mkdir()
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(folder))
    )
    pad.save_button.click()
    assert (folder / "strokes.json").is_file() and "Saved 1 class to" in pad.message.text()
    draw(qtbot, pad.canvas, shape("circle", 1))
    pad.commit()
    answers = [box.StandardButton.No, box.StandardButton.Yes]
    monkeypatch.setattr(box, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    pad.open_button.click()  # No: the two drawings stay
    assert len(pad.classes[0].drawings) == 2
    pad.open_button.click()  # Yes: the saved one replaces them
    assert len(pad.classes[0].drawings) == 1 and len(panel.cards[0].files) == 1
