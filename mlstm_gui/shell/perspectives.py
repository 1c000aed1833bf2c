"""Two arrangements of the window's docks, switched with one click or Ctrl+1 / Ctrl+2:
**Monitor** (the live plots large, Explore a tab beside the gates) and **Explore** (the picker,
replay, inspector and try-it large, the live plots as tabs beside them). Each keeps the
user's changes in QSettings, so switching back restores what they made of it; Reset layout
puts the current one back to its built-in arrangement."""

from __future__ import annotations

from enum import Enum
from typing import Mapping, Optional

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QToolBar

LAYOUT_VERSION = 2  # saved states of an older layout are not restored
Area = Qt.DockWidgetArea


class Perspective(str, Enum):
    MONITOR = "monitor"
    EXPLORE = "explore"


TITLES = {Perspective.MONITOR: "&Monitor", Perspective.EXPLORE: "E&xplore"}
KEYS = {Perspective.MONITOR: "Ctrl+1", Perspective.EXPLORE: "Ctrl+2"}
TIPS = {
    Perspective.MONITOR: "The live training plots large (Ctrl+1)",
    Perspective.EXPLORE: "Episodes, replay, inspector and try-it large (Ctrl+2)",
}


class Perspectives:
    """Owns the perspective actions; `docks` by key: loss, accuracy, gates, log, explore."""

    def __init__(
        self,
        window: QMainWindow,
        docks: Mapping[str, QDockWidget],
        settings: QSettings,
        toolbar: Optional[QToolBar] = None,
        menu: Optional[QMenu] = None,
    ) -> None:
        self.window, self.docks, self.settings = window, docks, settings
        saved = str(settings.value("perspective/current", Perspective.MONITOR.value))
        self.current = (
            Perspective(saved) if saved in {p.value for p in Perspective} else (Perspective.MONITOR)
        )
        self.group = QActionGroup(window)
        self.group.setExclusive(True)
        self.actions: dict[Perspective, QAction] = {}
        for p in Perspective:
            action = QAction(TITLES[p], window)
            action.setCheckable(True)
            action.setShortcut(QKeySequence(KEYS[p]))
            action.setToolTip(TIPS[p])
            action.setChecked(p is self.current)
            action.triggered.connect(lambda _=False, p=p: self.switch(p))
            self.group.addAction(action)
            self.actions[p] = action
        if toolbar is not None:
            toolbar.addSeparator()
            for action in self.actions.values():
                toolbar.addAction(action)
        if menu is not None:
            menu.addSeparator()
            for action in self.actions.values():
                menu.addAction(action)

    # ------------------------------------------------------------------ built-in arrangements
    def arrange(self, p: Perspective) -> None:
        w, d = self.window, self.docks
        for dock in d.values():
            dock.setFloating(False)
            dock.show()
        width, height = max(w.width(), 800), max(w.height(), 600)
        sizes: list[tuple[list[QDockWidget], list[int], bool]] = []
        if p is Perspective.MONITOR:  # loss down the left; accuracy over the gates on the right
            w.addDockWidget(Area.LeftDockWidgetArea, d["loss"])
            w.addDockWidget(Area.RightDockWidgetArea, d["accuracy"])
            w.splitDockWidget(d["accuracy"], d["gates"], Qt.Orientation.Vertical)
            w.tabifyDockWidget(d["accuracy"], d["log"])
            if "explore" in d:
                w.tabifyDockWidget(d["gates"], d["explore"])
            d["accuracy"].raise_()
            d["gates"].raise_()
            sizes = [
                ([d["loss"], d["accuracy"]], [int(width * 0.46), int(width * 0.54)], True),
                ([d["accuracy"], d["gates"]], [int(height * 0.4), int(height * 0.6)], False),
            ]
        else:  # Explore large on the left, the live plots as tabs on the right
            if "explore" in d:
                w.addDockWidget(Area.LeftDockWidgetArea, d["explore"])
            w.addDockWidget(Area.RightDockWidgetArea, d["loss"])
            for key in ("accuracy", "gates", "log"):
                w.tabifyDockWidget(d["loss"], d[key])
            d["loss"].raise_()
            if "explore" in d:
                d["explore"].raise_()
                sizes = [([d["explore"], d["loss"]], [int(width * 0.6), int(width * 0.4)], True)]
        # Sizes once the docks have their places (the layout settles in the event loop).
        self._resize(sizes)
        QTimer.singleShot(0, lambda: self._resize(sizes))

    def _resize(self, sizes: list[tuple[list[QDockWidget], list[int], bool]]) -> None:
        for docks, lengths, across in sizes:
            orient = Qt.Orientation.Horizontal if across else Qt.Orientation.Vertical
            self.window.resizeDocks(docks, lengths, orient)

    # ------------------------------------------------------------------ switching
    def _key(self, p: Perspective) -> str:
        return f"perspective/{p.value}"

    def save(self) -> None:
        """Remember the current perspective as the user left it."""
        self.settings.setValue(self._key(self.current), self.window.saveState(LAYOUT_VERSION))
        self.settings.setValue("perspective/current", self.current.value)

    def restore(self, p: Perspective) -> None:
        """The user's version of `p` if there is one, else its built-in arrangement."""
        state = self.settings.value(self._key(p))
        if not (isinstance(state, QByteArray) and self.window.restoreState(state, LAYOUT_VERSION)):
            self.arrange(p)
        self.current = p
        self.actions[p].setChecked(True)

    def switch(self, p: Perspective) -> None:
        if p is self.current:
            self.actions[p].setChecked(True)
            return
        self.save()
        self.restore(p)
        self.settings.setValue("perspective/current", p.value)

    def reset(self) -> None:
        """Reset layout: the current perspective's built-in arrangement, forgetting the user's."""
        self.settings.remove(self._key(self.current))
        self.arrange(self.current)


__all__ = ["LAYOUT_VERSION", "Perspective", "Perspectives"]
