"""scripts/update_translations.py: what it collects from the source, and that the shipped .ts
holds every string the code translates."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "update_translations.py"
spec = importlib.util.spec_from_file_location("update_translations", SCRIPT)
upd = importlib.util.module_from_spec(spec)
spec.loader.exec_module(upd)

SAMPLE = """
from PySide6.QtCore import QCoreApplication, QT_TRANSLATE_NOOP
from mlstm_gui.common.i18n import ui

def _tr(text):
    return QCoreApplication.translate("Explain", text)

NAMES = (QT_TRANSLATE_NOOP("App", "idle"),)

class Panel:
    def build(self, window):
        self.tr("Panel title")
        ui("Loaded {path}: {n} episodes").format(path=1, n=2)
        _tr("The idea " "in two pieces")
        QCoreApplication.translate("Status", "Ready")
        window.message("error", "Cannot open checkpoint", str(1))
        ui(some_variable)  # not a literal: not collected
"""


def test_the_source_scan_finds_every_kind_of_translation_call(tmp_path):
    f = tmp_path / "sample.py"
    f.write_text(SAMPLE, encoding="utf-8")
    assert set(upd.scan_sources([f])) == {
        ("App", "idle"),
        ("Panel", "Panel title"),
        ("App", "Loaded {path}: {n} episodes"),
        ("Explain", "The idea in two pieces"),
        ("Status", "Ready"),
        ("App", "Cannot open checkpoint"),
    }


def test_names_and_composed_texts_are_not_collected():
    names = upd.engine_names()
    assert not upd.keep(("App", "omniglot"), names)
    assert not upd.keep(("App", "conv1"), names)
    assert not upd.keep(("App", "omniglot-5w1s.pt (episode 31000)"), names)
    assert upd.keep(("App", "Replay episode"), names)


def test_every_string_the_code_translates_is_in_the_shipped_ts():
    """A new tr()/ui()/translate() string needs `make translations` and its Chinese."""
    from mlstm_gui.common.i18n import read_ts, ts_path

    files = sorted((upd.ROOT / "mlstm_gui").rglob("*.py"))
    shipped = set(read_ts(ts_path())[0])
    missing = sorted({k for k in upd.scan_sources(files) if k[1].strip()} - shipped)
    assert not missing, f"run `make translations` and translate: {missing[:10]}"
