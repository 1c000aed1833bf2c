"""Tabs whose pages scroll instead of pushing their minimum size onto the window: a dock on a
small screen shows a page's scroll bars, never a window larger than the screen or widgets
drawn over each other. Callers keep addressing the pages themselves (`setCurrentWidget(page)`,
`indexOf(page)`, `currentWidget()`); the scroll areas stay an implementation detail."""

from __future__ import annotations

from typing import Optional

from PySide6 import QtWidgets


class ScrollTabs(QtWidgets.QTabWidget):
    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self._areas: dict[QtWidgets.QWidget, QtWidgets.QScrollArea] = {}

    def add_page(self, page: QtWidgets.QWidget, title: str) -> int:
        area = QtWidgets.QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        area.setWidget(page)
        self._areas[page] = area
        return self.addTab(area, title)

    def page(self, index: int) -> Optional[QtWidgets.QWidget]:
        w = super().widget(index)
        return (
            w.widget() if isinstance(w, QtWidgets.QScrollArea) and w in self._areas.values() else w
        )

    def indexOf(self, page: QtWidgets.QWidget) -> int:  # noqa: N802 - Qt's name
        return super().indexOf(self._areas.get(page, page))

    def setCurrentWidget(self, page: QtWidgets.QWidget) -> None:  # noqa: N802 - Qt's name
        super().setCurrentWidget(self._areas.get(page, page))

    def currentWidget(self) -> QtWidgets.QWidget:  # noqa: N802 - Qt's name
        page = self.page(self.currentIndex())
        return page if page is not None else super().currentWidget()


__all__ = ["ScrollTabs"]
