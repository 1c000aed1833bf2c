"""The New-run dialog: start from a preset or a YAML file, edit the main fields, save as YAML.

Numbers are typed into line edits rather than spin boxes on purpose: every value, however
wrong, reaches `engine.config.from_dict`, whose ConfigError names the field, so the dialog and
the CLI report bad values the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.config import DATASETS, Config, from_dict, list_presets, load_config
from engine.errors import ConfigError
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.relabel import relabel
from mlstm_gui.common.settings import Folders

# (config field, label, kind) for the fields the form edits; the rest come from the preset.
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("way", "N-way (classes per episode)", "int"),
    ("shot", "K-shot (support images per class)", "int"),
    ("query", "Queries per class", "int"),
    ("inner_steps", "Inner steps T", "int"),
    ("inner_batch", "Inner batch (0 = whole support set)", "int"),
    ("filters", "Learner filters", "int"),
    ("meta_lr", "Meta learning rate", "float"),
    ("meta_lr_halflife", "Meta-LR half-life (updates, 0 = constant)", "int"),
    ("episodes", "Episodes", "int"),
    ("val_interval", "Validation interval (episodes)", "int"),
    ("seed", "Seed", "int"),
)
OTHER_FILE = "Other YAML file…"
ERROR_STYLE = "QLineEdit { border: 1px solid #c0392b; }"


def _parse(name: str, kind: str, text: str) -> Any:
    """Text -> int/float, or a ConfigError naming the field (like from_dict's)."""
    text = text.strip()
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        need = "an integer" if kind == "int" else "a number"
        raise ConfigError(f"form: field '{name}' = {text!r}: must be {need}") from None


class RunForm(QDialog):
    """Edits a Config. `config()` and `run_dir()` hold the accepted values."""

    def __init__(
        self, config: Config, folders: Optional[Folders] = None, parent: Optional[QWidget] = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New run")
        self.setMinimumWidth(480)
        self.folders = folders
        self._base = config
        self._accepted: Optional[Config] = None
        self.edits: dict[str, QLineEdit] = {}

        self.preset = QComboBox()
        self.preset.addItem(ui("(current: {name})").format(name=config.name), None)
        for path in list_presets():
            self.preset.addItem(path.stem, str(path))
        self.preset.addItem(OTHER_FILE, OTHER_FILE)
        self.preset.activated.connect(self._on_preset)

        self.dataset = QComboBox()
        self.dataset.addItems(list(DATASETS))
        self.data_path = QLineEdit()
        self.data_path.setPlaceholderText("empty: the embedded Omniglot copy")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse_data)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_path, 1)
        data_row.addWidget(browse)

        self.run_folder = QLineEdit()
        self.run_folder.setPlaceholderText("empty: a new folder under the runs folder")
        browse_run = QPushButton("Browse…")
        browse_run.clicked.connect(self._browse_run)
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_folder, 1)
        run_row.addWidget(browse_run)

        form = QFormLayout()
        form.addRow("Preset", self.preset)
        form.addRow("Dataset", self.dataset)
        form.addRow("Dataset path", data_row)
        for name, label, _kind in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.textEdited.connect(self._clear_error)
            self.edits[name] = edit
            form.addRow(label, edit)
        form.addRow("Run folder", run_row)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Use this config")
        save = buttons.addButton("Save as YAML…", QDialogButtonBox.ButtonRole.ActionRole)
        save.clicked.connect(self._save_dialog)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.set_config(config)
        relabel(self)  # built in English: now in the installed language

    # ------------------------------------------------------------------ values
    def set_config(self, config: Config) -> None:
        """Fill the fields from a config (preset, file or the current one)."""
        self._base = config
        self.dataset.setCurrentText(config.dataset)
        self.data_path.setText(config.data_path or "")
        for name, _label, _kind in FIELDS:
            self.edits[name].setText(str(getattr(config, name)))
        self._clear_error()

    def values(self) -> dict[str, Any]:
        """The edited fields over the base config, parsed; ConfigError names a bad field."""
        raw = self._base.to_dict()
        raw["dataset"] = self.dataset.currentText()
        raw["data_path"] = self.data_path.text().strip() or None
        for name, _label, kind in FIELDS:
            raw[name] = _parse(name, kind, self.edits[name].text())
        return raw

    def build_config(self) -> Config:
        return from_dict(self.values(), source="form")

    def config(self) -> Optional[Config]:
        """The accepted config (None until the dialog was accepted)."""
        return self._accepted

    def run_dir(self) -> Optional[Path]:
        text = self.run_folder.text().strip()
        return Path(text).expanduser() if text else None

    # ------------------------------------------------------------------ errors
    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
        for name, edit in self.edits.items():
            bad = f"'{name}'" in message
            edit.setStyleSheet(ERROR_STYLE if bad else "")
            if bad:
                edit.setFocus()

    def _clear_error(self, *_: object) -> None:
        self.error.hide()
        self.error.clear()
        for edit in self.edits.values():
            edit.setStyleSheet("")

    def error_text(self) -> str:
        return self.error.text() if self.error.isVisibleTo(self) else ""

    # ------------------------------------------------------------------ actions
    def accept(self) -> None:
        try:
            self._accepted = self.build_config()
        except ConfigError as exc:
            self.show_error(engine_text(exc))
            return
        super().accept()

    def load_file(self, path: str | Path) -> bool:
        try:
            self.set_config(load_config(path))
        except ConfigError as exc:
            self.show_error(engine_text(exc))
            return False
        if self.folders:
            self.folders.remember("configs", path)
        return True

    def save_yaml(self, path: str | Path) -> bool:
        """Validate, then write the edited config; False (with the message shown) if invalid."""
        try:
            config = self.build_config()
            config.save(path)
        except ConfigError as exc:
            self.show_error(engine_text(exc))
            return False
        except OSError as exc:
            self.show_error(
                ui("cannot write {path}: {why}").format(path=path, why=exc.strerror or exc)
            )
            return False
        if self.folders:
            self.folders.remember("configs", path)
        return True

    def _on_preset(self, index: int) -> None:
        data = self.preset.itemData(index)
        if data == OTHER_FILE:
            start = self.folders.get("configs") if self.folders else ""
            path, _ = QFileDialog.getOpenFileName(
                self, ui("Open config"), start, ui("YAML config (*.yaml *.yml);;All files (*)")
            )
            if path:
                self.load_file(path)
        elif data:
            self.load_file(data)

    def _save_dialog(self) -> None:
        start = self.folders.get("configs") if self.folders else ""
        name = str(Path(start) / f"{self._base.name}.yaml")
        path, _ = QFileDialog.getSaveFileName(
            self, ui("Save config as YAML"), name, ui("YAML config (*.yaml *.yml)")
        )
        if path:
            self.save_yaml(path)

    def _browse_data(self) -> None:
        start = self.data_path.text() or (self.folders.get("data") if self.folders else "")
        path = QFileDialog.getExistingDirectory(self, ui("Dataset folder"), start)
        if path:
            self.data_path.setText(path)
            if self.folders:
                self.folders.remember("data", path)

    def _browse_run(self) -> None:
        start = self.folders.get("runs") if self.folders else ""
        path = QFileDialog.getExistingDirectory(self, ui("Run folder"), start)
        if path:
            self.run_folder.setText(path)
            if self.folders:
                self.folders.remember("runs", path)
