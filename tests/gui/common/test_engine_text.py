"""Engine messages in the interface's language (common/engine_text.py): a message the engine
raised is matched against the templates collected from engine/, translated with its values,
a quoted cause translated in turn; unknown messages and English stay as they are."""

from __future__ import annotations

import pytest

from engine.data.images import load_image
from engine.errors import DataError
from mlstm_gui.common import i18n
from mlstm_gui.common.engine_text import engine_text


@pytest.fixture
def chinese(qapp):
    assert i18n.install(qapp, i18n.CHINESE)
    yield
    i18n.install(qapp, i18n.ENGLISH)


def test_a_raised_engine_message_reads_in_chinese_with_its_values(chinese, tmp_path):
    bad = tmp_path / "not-a-picture.png"
    bad.write_bytes(b"this is text, not a PNG")
    with pytest.raises(DataError) as caught:
        load_image(bad, 28, 1, False)
    english = str(caught.value)
    text = engine_text(caught.value)
    assert text != english and str(bad) in text  # translated, the path kept
    assert "图像" in text


def test_a_quoted_cause_is_translated_too_and_unknown_text_stays(chinese):
    inner = "folder not found: /x/y"
    outer = f"cannot read config file /a.yaml: {inner}"
    text = engine_text(outer)
    assert text.startswith("无法读取配置文件 /a.yaml：") and "找不到文件夹：/x/y" in text
    assert engine_text("something the engine never says") == "something the engine never says"


def test_english_is_left_alone(qapp):
    assert i18n.current_language() == i18n.ENGLISH
    assert engine_text("folder not found: /x") == "folder not found: /x"


@pytest.mark.parametrize(
    ("what", "word"),
    [(None, "元损失"), ("meta-gradient", "元梯度"), ("a loss of meta-update 7", "第 7 次")],
)
def test_the_nan_stop_composed_inside_its_error_class_reads_chinese(chinese, what, word):
    from engine.errors import NonFiniteLossError

    exc = NonFiniteLossError(12) if what is None else NonFiniteLossError(12, what)
    text = engine_text(exc)
    assert word in text and "12" in text and "NaN" in text
    assert not any(w in text for w in ("became", "training stopped", "meta-loss"))
