"""View → Language (issue 19): the main window in Chinese, switched at run time without a
restart, remembered; every action, menu, dock title and button then reads Chinese."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QComboBox, QDockWidget, QLabel, QMenu

from mlstm_gui.common import i18n
from mlstm_gui.common.settings import make_settings
from mlstm_gui.shell.main_window import MainWindow

HAN = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2}")


@pytest.fixture(autouse=True)
def _english_afterwards(qapp):
    yield
    i18n.install(qapp, i18n.ENGLISH)


def english_texts(win: MainWindow) -> list[tuple[str, str]]:
    """Texts with English words and no Chinese: actions, menus, dock titles, buttons (the
    language names excepted: each is written in itself)."""
    found: list[tuple[str, str]] = []

    def check(kind: str, text: str) -> None:
        if WORD.search(text) and not HAN.search(text):
            found.append((kind, text))

    for action in win.findChildren(QAction):
        if not action.property("i18n:fixed"):
            check("action", action.text())
    for menu in win.findChildren(QMenu):
        check("menu", menu.title())
    for dock in win.findChildren(QDockWidget):
        check("dock", dock.windowTitle())
    for button in win.findChildren(QAbstractButton):
        check("button", button.text())
    return found


class Composed(QLabel):
    """A view that composes its text from translated pieces (as How it works does)."""

    def retranslate(self) -> None:
        self.setText(i18n.ui("{n} episodes").format(n=3))


def test_switching_to_chinese_relabels_the_window_without_a_restart(qtbot, window):
    file_menu = window.menuBar().actions()[0]
    composed = Composed(window)
    composed.retranslate()
    assert file_menu.text() == "&File" and english_texts(window)
    assert window.languages.switch(i18n.CHINESE)
    qtbot.waitUntil(lambda: file_menu.text() == "文件(&F)", timeout=5000)
    assert english_texts(window) == []
    assert window.docks["loss"].windowTitle() == "损失"
    assert window.commands.start.text() == "开始(&S)"
    assert window.languages.actions[i18n.CHINESE].isChecked()
    assert make_settings().value(i18n.SETTINGS_KEY) == i18n.CHINESE  # remembered
    assert "回合" in window.status.episode.text()
    assert composed.text() == "3 个回合"  # its retranslate() was called

    window.languages.actions[i18n.ENGLISH].trigger()  # as the menu does
    qtbot.waitUntil(lambda: file_menu.text() == "&File", timeout=5000)
    assert window.docks["loss"].windowTitle() == "Loss"
    assert window.status.episode.text().startswith("episode")
    assert composed.text() == "3 episodes"
    assert make_settings().value(i18n.SETTINGS_KEY) == i18n.ENGLISH


def test_a_window_built_in_chinese_reads_chinese_from_the_start(qtbot, qapp, tiny_config):
    assert i18n.install(qapp, i18n.CHINESE)
    win = MainWindow(tiny_config)
    qtbot.addWidget(win)
    win.show()
    try:
        assert english_texts(win) == []
        assert win.languages.actions[i18n.CHINESE].isChecked()
        assert "就绪" in win.statusBar().currentMessage()
        family = i18n.cjk_family()
        assert family is None or win.font().families()[0] == family  # a font with the glyphs
    finally:
        win.close()


def test_a_run_summary_reads_in_the_language(qtbot, qapp):
    from mlstm_gui.shell.session import Ending, RunSummary

    summary = RunSummary(Ending.FINISHED, 0, 12, 12, 3.0, 0.5, 0.02, 10)
    assert summary.text().startswith("Run finished: 12 episodes (episodes 0→12 of 12) in ")
    i18n.install(qapp, i18n.CHINESE)
    text = summary.text()
    assert text.startswith("运行完成：12 个回合（回合 0→12，共 12）") and "最佳验证" in text


def _menu_texts(menu: QMenu) -> list[str]:
    """Titles, actions and the texts of the forms inside (pyqtgraph's axis and plot options)."""
    from PySide6.QtWidgets import QWidgetAction

    texts = [menu.title()]
    for action in menu.actions():
        texts.append(action.text())
        if action.menu() is not None and action.menu() is not menu:
            texts += _menu_texts(action.menu())
        form = action.defaultWidget() if isinstance(action, QWidgetAction) else None
        if form is not None:
            texts += [w.text() for w in form.findChildren(QAbstractButton)]
            texts += [w.text() for w in form.findChildren(QLabel)]
    return texts


def test_plot_menus_and_hover_read_outs_follow_the_language(qtbot, window):
    assert window.languages.switch(i18n.CHINESE)
    file_menu = window.menuBar().actions()[0]
    qtbot.waitUntil(lambda: file_menu.text() == "文件(&F)", timeout=5000)
    gates = window.panels["gates"]
    plot = gates.plots["heat_input"]
    texts = _menu_texts(plot.vb.menu) + _menu_texts(plot.ctrlMenu)  # and "Plot Options"
    english = [t for t in texts if WORD.search(t) and not HAN.search(t)]
    assert not [t for t in english if t not in ("dy/dx",)], english
    assert HAN.search(gates.crosshairs["heat_input"].text_at(10.0, 0.5))
    loss = window.panels["loss"]
    assert HAN.search(loss.crosshairs["meta_loss"].text_at(10.0, 0.5))
    acc = window.panels["accuracy"]
    name = next(iter(acc.crosshairs))
    assert HAN.search(acc.crosshairs[name].text_at(10.0, 50.0))


def _export_dialog_texts(dialog) -> list[str]:
    """What the dialog shows: its form, the format list, the item tree, and the chosen
    exporter's options (titles, the value shown, the choices; widgets of a replaced option
    tree wait for deletion and are not read)."""
    from PySide6.QtWidgets import QTreeWidgetItemIterator

    texts = [dialog.windowTitle()]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.isVisibleTo(dialog)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton) if w.isVisibleTo(dialog)]
    texts += [dialog.ui.formatList.item(i).text() for i in range(dialog.ui.formatList.count())]
    for tree in (dialog.ui.itemTree, dialog.ui.paramTree):
        it = QTreeWidgetItemIterator(tree)
        while it.value():
            item = it.value()
            texts.append(item.text(0))
            widget = getattr(item, "widget", None)
            if isinstance(widget, QComboBox):  # a list option's choices and shown value
                texts += [widget.itemText(i) for i in range(widget.count())]
                texts.append(item.displayLabel.text())
            it += 1
    return [t for t in texts if t]


def test_the_plot_export_dialog_follows_the_language(qtbot, window):
    """pyqtgraph's own Export dialog (right-click → 导出...): its form, the exporters' names,
    their option titles and the item tree read Chinese, and English again after a switch."""
    scene = window.panels["loss"].graphics.scene()
    assert window.languages.switch(i18n.CHINESE)
    file_menu = window.menuBar().actions()[0]
    qtbot.waitUntil(lambda: file_menu.text() == "文件(&F)", timeout=5000)
    scene.contextMenuItem = window.panels["loss"].plots["meta_loss"]
    scene.contextMenu[0].trigger()
    dialog = scene.exportDialog
    assert dialog is not None and dialog.isVisible()
    texts = _export_dialog_texts(dialog)
    assert "整个场景" in texts and "导出格式" in texts
    assert any(t.startswith("图像文件") for t in texts)
    english = [t for t in texts if WORD.search(t) and not HAN.search(t)]
    assert not english, english
    assert "逗号" in texts  # the CSV exporter's separator choices, its own values kept:
    assert dialog.currentExporter.params["separator"] == "comma"
    assert window.languages.switch(i18n.ENGLISH)
    qtbot.waitUntil(lambda: file_menu.text() == "&File", timeout=5000)
    texts = _export_dialog_texts(dialog)
    assert "Entire Scene" in texts and "Export format" in texts
    assert not [t for t in texts if HAN.search(t)], texts
    dialog.close()


def test_explore_texts_composed_at_run_time_follow_a_switch(qtbot, window):
    """The Explore dock's texts composed with data (status line, episode summary, replay
    summary, model list, Try it's readiness line) are composed again in Chinese."""
    ctl = window.exploration
    qtbot.waitUntil(lambda: bool(ctl.picker.splits), timeout=60_000)
    ctl.picker.draw()
    assert ctl.replay_current()
    qtbot.waitUntil(lambda: ctl.last_result is not None, timeout=60_000)
    composed = {
        "status": ctl.widget.status.text,
        "picker": ctl.picker.info.text,
        "replay": ctl.replay.summary.text,
        "model": lambda: ctl.widget.model_combo.itemText(0),
        "tryit": ctl.tryit.message.text,
    }
    before = {k: f() for k, f in composed.items()}
    assert all(WORD.search(t) and not HAN.search(t) for t in before.values()), before
    assert window.languages.switch(i18n.CHINESE)
    qtbot.waitUntil(lambda: HAN.search(ctl.widget.status.text()) is not None, timeout=5000)
    after = {k: f() for k, f in composed.items()}
    assert all(HAN.search(t) for t in after.values()), after
    assert "测试集" in after["picker"] and "测试集" in after["replay"]  # the episode's origin
