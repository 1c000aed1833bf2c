"""View → Language: English / 简体中文, remembered in QSettings. Switching installs the other
translation; Qt's LanguageChange then makes the window relabel itself (no restart)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from mlstm_gui.common import i18n


class LanguageMenu:
    """The Language submenu; `actions[lang]` are checkable, one checked (the current)."""

    def __init__(self, parent: QWidget, settings: QSettings, view_menu: QMenu) -> None:
        self.settings = settings
        view_menu.addSeparator()
        self.menu = view_menu.addMenu("&Language")
        self.menu.setObjectName("menu-language")
        self.group = QActionGroup(parent)
        self.group.setExclusive(True)
        self.actions: dict[str, QAction] = {}
        for lang, name in i18n.LANGUAGES.items():
            action = QAction(name, parent)
            action.setCheckable(True)
            action.setProperty("i18n:fixed", True)  # each language is named in itself
            action.setData(lang)
            action.triggered.connect(lambda _=False, lang=lang: self.switch(lang))
            self.group.addAction(action)
            self.menu.addAction(action)
            self.actions[lang] = action
        self.sync()

    def sync(self) -> None:
        """Check the language in use."""
        self.actions[i18n.current_language()].setChecked(True)

    def switch(self, lang: str) -> bool:
        """Use `lang` from now on and next time; False if its translation is missing."""
        app = QCoreApplication.instance()
        ok = app is not None and i18n.install(app, lang)
        if ok:
            i18n.remember_language(self.settings, lang)
        self.sync()
        return ok


__all__ = ["LanguageMenu"]
