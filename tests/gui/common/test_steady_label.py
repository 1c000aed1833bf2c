"""Steady labels: a new text that fits needs no new layout of the window; a longer one grows
the label once; a new language lets it shrink again."""

from __future__ import annotations

from PySide6 import QtCore, QtWidgets

from mlstm_gui.common.steady_label import release, set_steady_text


class LayoutRequests(QtCore.QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_new_texts_that_fit_never_relayout_the_parent(qtbot):
    bar = QtWidgets.QStatusBar()
    qtbot.addWidget(bar)
    label = QtWidgets.QLabel("episode –")
    bar.addPermanentWidget(label)
    bar.show()
    set_steady_text(label, "episode 100 / 600")
    qtbot.waitUntil(lambda: label.width() >= label.minimumWidth() > 0)
    for _ in range(3):  # the one relayout the first fixed width asked for
        QtWidgets.QApplication.processEvents()
    width = label.width()
    requests = LayoutRequests()
    bar.installEventFilter(requests)
    for n in range(101, 160):
        set_steady_text(label, f"episode {n} / 600")
        QtWidgets.QApplication.processEvents()
    assert requests.count == 0 and label.width() == width
    assert label.text() == "episode 159 / 600"
    set_steady_text(label, "episode 1000 / 60000")  # longer: the label grows, once
    QtWidgets.QApplication.processEvents()
    assert label.minimumWidth() == label.maximumWidth() > width
    grown = label.minimumWidth()
    set_steady_text(label, "e 1")  # shorter: the width stays
    assert label.minimumWidth() == grown
    release(label)  # a new language: natural size again
    assert label.minimumWidth() == 0 and label.maximumWidth() > grown
