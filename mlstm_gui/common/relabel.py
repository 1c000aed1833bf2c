"""Relabel a widget tree in the current language, without a restart and without every panel
knowing about translations.

Most of the app's texts are set once, in English, where a widget is built. `relabel(root)`
walks the tree and sets `QCoreApplication.translate(context, source)` for every text a user
reads: actions (text, tool tip, status tip), menu titles, dock titles, tab texts, labels,
buttons, group boxes, combo box items, line edits' placeholders, table headers, tool tips,
and the titles, axis labels and legends of pyqtgraph plots. Each text's English source is
remembered on its object (a dynamic property), so relabeling twice, or back into English,
starts from the source again; a text the code has changed since (a new status, a button
that now says Pause) becomes the new source, mapped back to English through the shipped
translations (`i18n.reverse_lookup`) when it arrives translated. Texts with no letters
(numbers, symbols) are left alone.

`collecting()` records every (context, source) seen: scripts/update_translations.py builds
the .ts from it."""

from __future__ import annotations

import re
from contextlib import contextmanager
from functools import partial
from typing import Callable, Iterator, Optional

import pyqtgraph as pg
from pyqtgraph.GraphicsScene.exportDialog import ExportDialog
from PySide6 import QtCore, QtGui, QtWidgets

from mlstm_gui.common import i18n

_LETTERS = re.compile(r"[A-Za-z]{2}")
_COLLECTED: Optional[set[tuple[str, str]]] = None


@contextmanager
def collecting() -> Iterator[set[tuple[str, str]]]:
    """Record the (context, source) pairs that relabel passes see."""
    global _COLLECTED
    previous, _COLLECTED = _COLLECTED, set()
    try:
        yield _COLLECTED
    finally:
        _COLLECTED = previous


def worth_translating(text: str) -> bool:
    """Words, not numbers, symbols or a lone letter (t, N, K stay symbols)."""
    return bool(text) and bool(_LETTERS.search(text))


def _text(
    obj: QtCore.QObject, key: str, get: Callable[[], str], put: Callable[[str], None]
) -> None:
    current = get()
    if not current:
        return
    rec = obj.property(f"i18n:{key}")
    if isinstance(rec, (list, tuple)) and len(rec) == 3 and rec[2] == current:
        ctx, source = str(rec[0]), str(rec[1])
    elif current in i18n.reverse_lookup():
        ctx, source = i18n.reverse_lookup()[current]
    elif worth_translating(current):
        ctx, source = i18n.CONTEXT, current
    else:
        return
    if _COLLECTED is not None and ctx == i18n.CONTEXT:
        _COLLECTED.add((ctx, source))
    new = QtCore.QCoreApplication.translate(ctx, source) or source
    if new != current:
        put(new)
    obj.setProperty(f"i18n:{key}", [ctx, source, new])


def _tip(obj: QtCore.QObject, widget_or_action: QtWidgets.QWidget | QtGui.QAction) -> None:
    _text(obj, "tip", widget_or_action.toolTip, widget_or_action.setToolTip)


def _fixed(obj: QtCore.QObject) -> bool:
    """Texts that are never translated (the language names, each in its own language)."""
    return bool(obj.property("i18n:fixed"))


def relabel_action(action: QtGui.QAction) -> None:
    if _fixed(action):
        return
    default_tip = action.text().replace("&", "")
    _text(action, "text", action.text, action.setText)
    old_status = action.statusTip()
    _text(action, "status", action.statusTip, action.setStatusTip)
    tip, keys = action.toolTip(), action.shortcut().toString()
    if old_status and tip == f"{old_status} ({keys})":  # shell/actions.py's "tip (keys)"
        action.setToolTip(f"{action.statusTip()} ({keys})")
    elif tip and tip != default_tip:
        _tip(action, action)


def _relabel_widget(w: QtWidgets.QWidget) -> None:
    if _fixed(w) or (isinstance(w, QtWidgets.QToolButton) and w.defaultAction() is not None):
        return  # a tool bar's button shows its action's texts
    if isinstance(w, QtWidgets.QLabel):
        _text(w, "text", w.text, w.setText)
    elif isinstance(w, QtWidgets.QAbstractButton):
        _text(w, "text", w.text, w.setText)
    elif isinstance(w, QtWidgets.QGroupBox):
        _text(w, "title", w.title, w.setTitle)
    elif isinstance(w, QtWidgets.QDockWidget):
        _text(w, "title", w.windowTitle, w.setWindowTitle)
    elif isinstance(w, QtWidgets.QMenu):
        _text(w, "title", w.title, w.setTitle)
        for action in w.actions():
            relabel_action(action)
    elif isinstance(w, QtWidgets.QTabWidget):
        for i in range(w.count()):
            _text(w, f"tab{i}", partial(w.tabText, i), partial(w.setTabText, i))
            _text(w, f"tabtip{i}", partial(w.tabToolTip, i), partial(w.setTabToolTip, i))
    elif isinstance(w, QtWidgets.QComboBox):
        for i in range(w.count()):  # an item without data is its own value: left as it is
            if w.itemData(i) is not None:
                _text(w, f"item{i}", partial(w.itemText, i), partial(w.setItemText, i))
    elif isinstance(w, QtWidgets.QTabBar) and not isinstance(w.parent(), QtWidgets.QTabWidget):
        for i in range(w.count()):  # the main window's bars of tabbed docks
            _text(w, f"tab{i}", partial(w.tabText, i), partial(w.setTabText, i))
    elif isinstance(w, QtWidgets.QLineEdit):
        _text(w, "placeholder", w.placeholderText, w.setPlaceholderText)
    elif isinstance(w, QtWidgets.QTableWidget):
        for i in range(w.columnCount()):
            item = w.horizontalHeaderItem(i)
            if item is not None:
                _text(w, f"head{i}", item.text, item.setText)
    elif isinstance(w, pg.GraphicsView):
        scene = w.scene()
        if scene is not None:
            for item in scene.items():
                _relabel_plot_item(item)
            if isinstance(scene, pg.GraphicsScene):
                _follow_export_dialog(scene)
    if not isinstance(w, QtWidgets.QTabBar):
        _tip(w, w)


def _label_text(label: pg.LabelItem) -> str:
    return str(label.text or "")


def _format_text(label: pg.InfLineLabel) -> str:
    return str(label.format or "")


def _set_line_format(label: pg.InfLineLabel, text: str) -> None:
    label.setFormat(text)  # redraws only while visible: a hidden panel's label is set too
    label.setText(text.format(value=label.line.value()))


def _relabel_plot_item(item: QtWidgets.QGraphicsItem) -> None:
    if isinstance(item, pg.PlotItem):
        title = item.titleLabel
        if title.isVisible():
            _text(item, "title", partial(_label_text, title), title.setText)
        menu = getattr(item.vb, "menu", None)
        if isinstance(menu, QtWidgets.QMenu):
            _relabel_menu(menu)  # pyqtgraph's context menu: not a child of any window
        ctrl = getattr(item, "ctrlMenu", None)
        if isinstance(ctrl, QtWidgets.QMenu):
            _relabel_menu(ctrl)  # its "Plot Options" submenu (transforms, downsampling, …)
    elif isinstance(item, pg.AxisItem):
        if item.label.isVisible():
            _text(item, "label", lambda: str(item.labelText or ""), lambda s: item.setLabel(s))
    elif isinstance(item, pg.InfLineLabel):  # a line's label ("chance")
        _text(item, "label", partial(_format_text, item), partial(_set_line_format, item))
    elif isinstance(item, pg.LegendItem):
        for _sample, label in item.items:
            _text(label, "legend", partial(_label_text, label), label.setText)


def _relabel_menu(menu: QtWidgets.QMenu) -> None:
    """A menu, its submenus and the forms inside it (pyqtgraph's axis controls)."""
    _text(menu, "title", menu.title, menu.setTitle)
    for action in menu.actions():
        relabel_action(action)
        sub = action.menu()
        if isinstance(sub, QtWidgets.QMenu) and sub is not menu:
            _relabel_menu(sub)
        if isinstance(action, QtWidgets.QWidgetAction) and action.defaultWidget() is not None:
            form = action.defaultWidget()
            for w in [form, *form.findChildren(QtWidgets.QWidget)]:
                _relabel_widget(w)


# The export dialog's item tree, which pyqtgraph fills with untranslated names at every show.
_EXPORT_ITEMS = {
    "Entire Scene": QtCore.QT_TRANSLATE_NOOP("App", "Entire Scene"),
    "Plot": QtCore.QT_TRANSLATE_NOOP("App", "Plot"),
    "ViewBox": QtCore.QT_TRANSLATE_NOOP("App", "ViewBox"),
}


def _follow_export_dialog(scene: pg.GraphicsScene) -> None:
    """pyqtgraph's Export dialog translates itself (contexts "Form" and "Exporter", shipped in
    the .ts) when it is built; relabel an existing one now, and its item tree after each show
    (the slot is connected after pyqtgraph's own, so it runs once the dialog is filled)."""
    if not scene.property("i18n:export-followed"):
        scene.setProperty("i18n:export-followed", True)
        for action in scene.contextMenu:
            action.triggered.connect(partial(_translate_export_dialog, scene))
    if scene.exportDialog is not None:
        dialog = scene.exportDialog
        dialog.ui.retranslateUi(dialog)
        dialog.updateFormatList()  # the format names, and the chosen format's option titles
        _translate_export_dialog(scene)


def _translate_export_dialog(scene: pg.GraphicsScene, *_: object) -> None:
    dialog = scene.exportDialog
    if dialog is None:
        return
    if not dialog.property("i18n:options-followed"):
        dialog.setProperty("i18n:options-followed", True)
        dialog.ui.formatList.currentItemChanged.connect(partial(_translate_export_options, dialog))
        _translate_export_options(dialog)
    tree = dialog.ui.itemTree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while items:
        item = items.pop()
        source = item.data(0, QtCore.Qt.ItemDataRole.UserRole) or item.text(0)
        if source in _EXPORT_ITEMS:
            item.setData(0, QtCore.Qt.ItemDataRole.UserRole, source)
            item.setText(0, QtCore.QCoreApplication.translate("App", source))
        items.extend(item.child(i) for i in range(item.childCount()))


def _translate_export_options(dialog: ExportDialog, *_: object) -> None:
    """The chosen exporter's option tree: its root title, and the choices of its list options
    shown translated while the exporter still reads its own values (dict limits)."""
    exporter = dialog.currentExporter
    params = exporter.parameters() if exporter is not None else None
    if params is None:
        return
    tr = partial(QtCore.QCoreApplication.translate, "Exporter")
    params.setOpts(title=tr(_EXPORT_ROOT))
    for param in params.children():
        limits = param.opts.get("limits")
        if param.type() == "list" and isinstance(limits, list):
            if all(isinstance(v, str) for v in limits):
                value = param.value()
                param.setLimits({tr(v): v for v in limits})
                for item in list(param.items):  # pyqtgraph reselects by name, not value
                    item.setValue(value)
                    item.updateDisplayLabel()


_EXPORT_ROOT = str(QtCore.QT_TRANSLATE_NOOP("Exporter", "params"))
# the exporters' list choices (pyqtgraph shows them as they are)
_EXPORT_CHOICES = (
    QtCore.QT_TRANSLATE_NOOP("Exporter", "comma"),
    QtCore.QT_TRANSLATE_NOOP("Exporter", "tab"),
    QtCore.QT_TRANSLATE_NOOP("Exporter", "(x,y) per plot"),
    QtCore.QT_TRANSLATE_NOOP("Exporter", "(x,y,y,y) for all plots"),
)


def relabel(root: QtWidgets.QWidget) -> None:
    """Every text under `root` (itself included) in the current language."""
    widgets = [root, *root.findChildren(QtWidgets.QWidget)]
    for w in widgets:
        _relabel_widget(w)
    seen: set[int] = set()
    for w in widgets:
        for action in w.actions():
            if id(action) not in seen:
                seen.add(id(action))
                relabel_action(action)
    for action in root.findChildren(QtGui.QAction):
        if id(action) not in seen:
            seen.add(id(action))
            relabel_action(action)


__all__ = ["collecting", "relabel", "relabel_action", "worth_translating"]
