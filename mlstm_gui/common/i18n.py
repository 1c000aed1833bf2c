"""The interface's language: English (the source texts) or Simplified Chinese (issue 19).

Qt's translation system does the work: `install(app, lang)` loads assets/i18n/mlstm_<lang>.qm
(and Qt's own qtbase translation, for the standard buttons) into QTranslators, which makes Qt
send every widget a LanguageChange event; the main window then relabels itself
(`common/relabel.py`). A text without a translation stays English, never empty. The choice is
stored in QSettings; with none stored, the system locale decides. The CLI never loads this.

`ui(text)` is the one call for the shared context "App"; code that formats numbers into a
message translates a template (`ui("Loaded {path}: {n} episodes").format(...)`)."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Optional

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QWidget

from engine.resources import assets_dir

log = logging.getLogger("mlstm.gui.i18n")

ENGLISH, CHINESE = "en", "zh_CN"
LANGUAGES = {ENGLISH: "English", CHINESE: "简体中文"}  # each named in itself
SETTINGS_KEY = "view/language"
CONTEXT = "App"  # the relabeler's context, and ui()'s
# Fonts with Simplified Chinese glyphs, best first (Debian/Ubuntu: fonts-noto-cjk; Fedora:
# google-noto-sans-cjk-fonts; WenQuanYi: fonts-wqy-microhei); the last resorts ship with
# Windows, macOS and Android.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "Droid Sans Fallback",
)


def ui(text: str) -> str:
    """`text` in the current language (context "App"), or `text` itself."""
    return QCoreApplication.translate(CONTEXT, text) or text


def translations_dir() -> Path:
    """assets/i18n in a checkout, mlstm_assets/i18n in the wheel."""
    return assets_dir() / "i18n"


def ts_path(lang: str = CHINESE) -> Path:
    return translations_dir() / f"mlstm_{lang}.ts"


def qm_path(lang: str = CHINESE) -> Path:
    return translations_dir() / f"mlstm_{lang}.qm"


def system_language(locale: Optional[QLocale] = None) -> str:
    """zh_CN for any Chinese system locale, else English (the only two languages shipped)."""
    loc = locale or QLocale.system()
    return CHINESE if loc.language() == QLocale.Language.Chinese else ENGLISH


def stored_language(settings: QSettings) -> str:
    """The language the user chose last, else the system's."""
    value = str(settings.value(SETTINGS_KEY, "") or "")
    return value if value in LANGUAGES else system_language()


def remember_language(settings: QSettings, lang: str) -> None:
    settings.setValue(SETTINGS_KEY, lang)


def cjk_family(families: Optional[list[str]] = None) -> Optional[str]:
    """The first installed font of CJK_FONTS, or None (then Qt's fallback decides)."""
    have = set(QFontDatabase.families() if families is None else families)
    return next((f for f in CJK_FONTS if f in have), None)


class _State:
    """What is installed now; one per process, like QCoreApplication's translators."""

    def __init__(self) -> None:
        self.lang = ENGLISH
        self.translators: list[QTranslator] = []
        self.reverse: dict[str, tuple[str, str]] = {}  # translation -> (context, source)


_STATE = _State()


def current_language() -> str:
    return _STATE.lang


def reverse_lookup() -> dict[str, tuple[str, str]]:
    """Every shipped translation -> (context, English source), so a text shown in Chinese
    can be relabeled back into English (or another language) without the code's help."""
    if not _STATE.reverse:
        _STATE.reverse = read_ts(ts_path())[1]
    return _STATE.reverse


def read_ts(path: Path) -> tuple[dict[tuple[str, str], str], dict[str, tuple[str, str]]]:
    """The finished messages of a .ts file: {(context, source): translation} and its
    reverse. A missing or broken file gives empty maps (English everywhere)."""
    forward: dict[tuple[str, str], str] = {}
    reverse: dict[str, tuple[str, str]] = {}
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return forward, reverse
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            source = msg.findtext("source") or ""
            tr = msg.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            text = tr.text or ""
            if source and text:
                forward[(name, source)] = text
                reverse.setdefault(text, (name, source))
    return forward, reverse


def install(app: QCoreApplication, lang: str) -> bool:
    """Switch the running app to `lang`: replace the translators (Qt then sends every
    widget a LanguageChange; windows then relabel themselves and `apply_font`). Returns whether
    the language's translation loaded (English always does)."""
    for old in _STATE.translators:
        QCoreApplication.removeTranslator(old)
    _STATE.translators = []
    lang = lang if lang in LANGUAGES else ENGLISH
    loaded = True
    if lang != ENGLISH:
        # No Qt parent: Python owns the translators, so neither side deletes them twice
        # when the application object goes before the interpreter (a crash at exit).
        ours = QTranslator()
        loaded = ours.load(str(qm_path(lang)))
        if loaded:
            QCoreApplication.installTranslator(ours)
            _STATE.translators.append(ours)
        else:
            log.warning("no translation at %s; the interface stays English", qm_path(lang))
        qt = QTranslator()  # Qt's own: OK / Cancel, the file dialogs
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if qt.load(f"qtbase_{lang}", qt_dir):
            QCoreApplication.installTranslator(qt)
            _STATE.translators.append(qt)
        reverse_lookup()
    _STATE.lang = lang if loaded else ENGLISH
    return loaded


def apply_font(widget: QWidget) -> None:
    """Chinese: the window's font puts a CJK family first (Latin text keeps the usual font
    as its fallback); English: the application's font again. Set on the window rather than
    the application, so no plot item is left with a font change pending at exit."""
    family = cjk_family() if _STATE.lang == CHINESE else None
    if family is None:
        widget.setFont(QFont())  # inherit the application's
        return
    font = QFont(QGuiApplication.font())
    font.setFamilies([family, *font.families()])
    widget.setFont(font)


__all__ = [
    "CHINESE",
    "CJK_FONTS",
    "CONTEXT",
    "ENGLISH",
    "apply_font",
    "LANGUAGES",
    "cjk_family",
    "current_language",
    "install",
    "qm_path",
    "read_ts",
    "remember_language",
    "reverse_lookup",
    "stored_language",
    "system_language",
    "ts_path",
    "ui",
]
