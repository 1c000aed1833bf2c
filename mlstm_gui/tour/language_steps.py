"""The tour's language step (issue 19): View → Language → 简体中文 on the trained window,
a screenshot of it in Chinese, the texts still in English counted, then English again."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QMenu

from mlstm_gui.common import i18n
from mlstm_gui.shell.perspectives import Perspective

if TYPE_CHECKING:  # pragma: no cover
    from mlstm_gui.tour.driver import Tour

HAN = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{2}")


def english_left(root) -> list[str]:
    """Actions, menus, dock titles and buttons with English words and no Chinese."""
    texts = [a.text() for a in root.findChildren(QAction) if not a.property("i18n:fixed")]
    texts += [m.title() for m in root.findChildren(QMenu)]
    texts += [d.windowTitle() for d in root.findChildren(QDockWidget)]
    texts += [b.text() for b in root.findChildren(QAbstractButton)]
    return [t for t in texts if WORD.search(t) and not HAN.search(t)]


def run_language_steps(tour: "Tour", grab: Callable[["Tour", object, str], str]) -> dict:
    w = tour.window
    file_menu = w.menuBar().actions()[0]
    out: dict = {"language_screenshots": []}
    w.resize(1600, 1000)
    w.perspectives.switch(Perspective.MONITOR)
    if not w.languages.switch(i18n.CHINESE):
        tour.errors.append("the zh_CN translation did not load")
        return out
    if tour.wait(lambda: file_menu.text() == "文件(&F)", "the window relabeled in Chinese"):
        _settle(tour)
        w.redraw_all()
        out["language_screenshots"].append(grab(tour, w, "window-zh_CN.png"))
        out["zh_CN_english_left"] = english_left(w)  # tests/gui/shell/test_language.py: none
        out["zh_CN_font"] = w.font().family()
    w.languages.switch(i18n.ENGLISH)
    tour.wait(lambda: file_menu.text() == "&File", "the window relabeled in English")
    _settle(tour)
    return out


def _settle(tour: "Tour", seconds: float = 0.5) -> None:
    """Let the plots' relayouts after a relabel run: left pending, PySide's teardown would
    run them while the interpreter exits (a crash at exit)."""
    end = time.monotonic() + seconds
    tour.wait(lambda: time.monotonic() > end, "the relabeled window to settle")
