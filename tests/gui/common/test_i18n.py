"""The translation files and the language plumbing (common/i18n.py, common/relabel.py)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QVBoxLayout, QWidget

from mlstm_gui.common import i18n
from mlstm_gui.common.relabel import relabel

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
TAG = re.compile(r"</?\w+[^>]*>")


@pytest.fixture
def chinese(qapp):
    """zh_CN installed for the test, English again afterwards (the state is per process)."""
    assert i18n.install(qapp, i18n.CHINESE)
    yield qapp
    i18n.install(qapp, i18n.ENGLISH)


def _messages():
    root = ET.parse(i18n.ts_path()).getroot()
    for ctx in root.iter("context"):
        for msg in ctx.iter("message"):
            yield ctx.findtext("name"), msg.findtext("source") or "", msg.find("translation")


def test_no_string_in_the_ts_is_unfinished_and_each_keeps_its_placeholders():
    messages = list(_messages())
    assert len(messages) > 300
    for ctx, source, tr in messages:
        assert tr is not None and tr.get("type") is None, (ctx, source)
        text = tr.text or ""
        assert text.strip(), (ctx, source)
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(text)), source
        assert sorted(TAG.findall(source)) == sorted(TAG.findall(text)), source


def test_the_compiled_translation_is_in_step_with_its_source(chinese):
    forward = i18n.read_ts(i18n.ts_path())[0]
    for (ctx, source), text in list(forward.items())[::7]:
        assert QCoreApplication.translate(ctx, source) == text, source
    assert i18n.ui("&File") == "文件(&F)"


def test_a_missing_translation_falls_back_to_english(chinese):
    assert i18n.ui("No such sentence in any catalogue") == "No such sentence in any catalogue"


def test_the_system_locale_decides_when_nothing_is_stored(tmp_path):
    china = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    assert i18n.system_language(china) == i18n.CHINESE
    assert i18n.system_language(QLocale(QLocale.Language.Chinese, QLocale.Country.Taiwan)) == (
        i18n.CHINESE
    )
    assert i18n.system_language(QLocale(QLocale.Language.German)) == i18n.ENGLISH
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert i18n.stored_language(settings) == i18n.system_language()
    i18n.remember_language(settings, i18n.CHINESE)
    assert i18n.stored_language(settings) == i18n.CHINESE
    settings.setValue(i18n.SETTINGS_KEY, "klingon")
    assert i18n.stored_language(settings) == i18n.system_language()


def test_a_cjk_font_is_chosen_in_order_of_preference(qtbot, qapp):
    have = ["DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]
    assert i18n.cjk_family(have) == "Noto Sans CJK SC"
    assert i18n.cjk_family(["DejaVu Sans"]) is None
    installed = i18n.cjk_family()
    w = QWidget()
    qtbot.addWidget(w)
    i18n.install(qapp, i18n.CHINESE)
    try:
        i18n.apply_font(w)
        if installed is not None:
            assert w.font().families()[0] == installed
    finally:
        i18n.install(qapp, i18n.ENGLISH)
    i18n.apply_font(w)
    assert w.font().families() == qapp.font().families()  # the application's again


def test_relabel_translates_and_goes_back_from_the_remembered_source(qtbot, qapp):
    w = QWidget()
    qtbot.addWidget(w)
    lay = QVBoxLayout(w)
    label, button, unknown = QLabel("Loss"), QPushButton("Remove"), QLabel("Zebra crossing 42")
    combo = QComboBox()
    combo.addItem("Auto", "auto")  # an item with data is translated
    combo.addItem("val")  # one without is its own value: kept
    for x in (label, button, unknown, combo):
        lay.addWidget(x)
    button.setToolTip("Class name (rename here)")
    i18n.install(qapp, i18n.CHINESE)
    try:
        relabel(w)
        assert (label.text(), button.text()) == ("损失", "移除")
        assert button.toolTip() == "类别名（在此重命名）"
        assert unknown.text() == "Zebra crossing 42"  # no translation: English, never empty
        assert (combo.itemText(0), combo.itemText(1)) == ("自动", "val")
        label.setText(i18n.ui("Accuracy"))  # the code changes a text, already translated
        relabel(w)
        assert label.text() == "准确率"
    finally:
        i18n.install(qapp, i18n.ENGLISH)
    relabel(w)
    assert (label.text(), button.text(), combo.itemText(0)) == ("Accuracy", "Remove", "Auto")
    assert button.toolTip() == "Class name (rename here)"
