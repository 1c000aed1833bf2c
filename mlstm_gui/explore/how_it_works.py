"""'How it works': the method of Ravi & Larochelle (ICLR 2017) on the episode just replayed.

Four sections in tabs, all following the replay slider: the update of one weight with its
numbers beside the loop it runs in; the structure of the two-layer meta-learner with this
model's shapes and sizes; the classes separating in the learner's feature space; the
comparison with MAML. The numbers come from the replay's trace, features and structure
(engine/inference/coordinate.py, features.py, structure.py); nothing is computed here."""

from __future__ import annotations

from typing import Optional

from PySide6 import QtCore, QtGui, QtWidgets

from engine.inference.coordinate import layer_index
from engine.training.reports import EpisodeReport
from mlstm_gui.explore import explain_texts
from mlstm_gui.explore.class_projection import ClassProjection
from mlstm_gui.explore.episode_picker import origin_text
from mlstm_gui.explore.jobs import ReplayResult
from mlstm_gui.explore.structure_diagram import StructureDiagram
from mlstm_gui.explore.update_panel import UpdatePanel


def _rich_label() -> QtWidgets.QLabel:
    label = QtWidgets.QLabel()
    label.setTextFormat(QtCore.Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setAlignment(QtCore.Qt.AlignmentFlag.AlignTop | QtCore.Qt.AlignmentFlag.AlignLeft)
    label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class HowItWorksView(QtWidgets.QWidget):
    """Tabs "The update" (`update_panel` beside `algorithm`), "Structure" (`diagram`, `counts`, `questions`),
    "Classes" (`classes`) and "vs MAML" (`maml`). `set_result` takes a replay, `set_step`
    follows the replay slider, `select_coordinate` shows one weight of θ."""

    step_requested = QtCore.Signal(int)  # the user asked for step t (the replay slider follows)

    def __init__(self, parent: Optional[QtWidgets.QWidget] = None) -> None:
        super().__init__(parent)
        self.result: Optional[ReplayResult] = None
        self.t = 0
        self._invert, self._pending = False, False
        self._report: Optional[EpisodeReport] = None
        lay = QtWidgets.QVBoxLayout(self)
        lay.setContentsMargins(2, 2, 2, 2)
        self.summary = _rich_label()
        self.summary.setText(self.tr("Replay an episode (tab Replay) to fill in the numbers."))
        lay.addWidget(self.summary)
        self.tabs = QtWidgets.QTabWidget()
        lay.addWidget(self.tabs, 1)
        # the update, with numbers, beside the loop it runs in
        self.update_panel = UpdatePanel()
        self.update_panel.step_requested.connect(self.step_requested.emit)
        self.idea = _rich_label()
        self.idea.setText(explain_texts.idea_html())
        self.algorithm = _rich_label()
        side = QtWidgets.QWidget()
        side_lay = QtWidgets.QVBoxLayout(side)
        side_lay.addWidget(self.idea)
        side_lay.addWidget(self.algorithm)
        self.training = _rich_label()  # the followed run's latest episode, while it trains
        side_lay.addWidget(self.training)
        side_lay.addStretch(1)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        split.addWidget(self.update_panel)
        split.addWidget(scroll)
        split.setSizes([820, 420])
        self.tabs.addTab(split, self.tr("The update"))
        # the structure
        self.diagram = StructureDiagram()
        self.counts = _rich_label()
        box = QtWidgets.QWidget()
        box_lay = QtWidgets.QVBoxLayout(box)
        self.diagram.setMaximumHeight(380)
        box_lay.addWidget(self.diagram, 1)
        box_lay.addWidget(self.counts)
        self.questions = _rich_label()
        self.questions.setText(explain_texts.questions_html())
        box_lay.addWidget(self.questions)
        box_lay.addStretch(1)
        self.tabs.addTab(box, self.tr("Structure"))
        # the classes
        self.classes = ClassProjection()
        self.tabs.addTab(self.classes, self.tr("Classes"))
        # MAML
        self.maml = _rich_label()
        self.tabs.addTab(self._scrolled(self.maml), self.tr("vs MAML"))
        self._fill_texts()

    @staticmethod
    def _scrolled(widget: QtWidgets.QWidget) -> QtWidgets.QScrollArea:
        scroll = QtWidgets.QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(widget)
        return scroll

    # ------------------------------------------------------------------ data
    def set_result(self, result: ReplayResult, invert: bool = False) -> None:
        """A new replay: every section once, then the replay's current step. While the app
        shows another tab, only remembered (drawn when shown): no stall after a replay."""
        self.result, self._invert = result, invert
        self._pending = self.window().isVisible() and not self.isVisible()
        if not self._pending:
            self._apply()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._pending:
            self._apply()
        self._fill_training()

    def note_episode(self, report: EpisodeReport) -> None:
        """A meta-training episode of the followed run ended: the loop as it ran (drawn only
        while shown, so a fast run costs nothing here)."""
        self._report = report
        if self.isVisible():
            self._fill_training()

    def _fill_training(self) -> None:
        if self._report is not None:
            self.training.setText(explain_texts.training_html(self._report))

    def _apply(self) -> None:
        result, self._pending = self.result, False
        if result is None:
            return
        self.update_panel.set_trace(result.trace)
        self.classes.set_result(result, self._invert)
        self.diagram.set_structure(result.structure)
        self._fill_texts()
        self.set_step(self.t)

    def retranslate(self) -> None:
        """The composed texts again in the current language (the main window calls this on a
        language switch; the update table and the class plane have their own)."""
        self.idea.setText(explain_texts.idea_html())
        self.questions.setText(explain_texts.questions_html())
        if not self._pending:
            self.diagram.set_structure(self.result.structure if self.result else None)
            self._fill_texts()
        self._fill_training()

    def _fill_texts(self) -> None:
        res = self.result
        s = res.structure if res is not None else None
        if res is not None:
            self.summary.setText(
                self.tr("<b>{origin}</b> with {model}: T = {T} inner steps, {N}-way.").format(
                    origin=origin_text(res.episode.origin),
                    model=res.model_label,
                    T=res.trace.steps,
                    N=res.episode.way,
                )
            )
        self.counts.setText(
            explain_texts.counts_html(s)
            if s is not None
            else self.tr("Replay an episode to see this model's sizes.")
        )
        self.maml.setText(explain_texts.maml_html(s, res.trace if res else None))
        self._fill_algorithm()

    def _fill_algorithm(self) -> None:
        res = self.result
        if res is None:
            self.algorithm.setText(explain_texts.algorithm_html(5, 0))
            return
        tr, t = res.trace, self.t
        self.algorithm.setText(
            explain_texts.algorithm_html(
                tr.steps,
                t,
                float(tr.support_loss[t - 1]) if t > 0 else None,
                float(tr.query_loss[tr.steps]),
            )
        )

    def set_step(self, t: int) -> None:
        """Follow the replay slider (ReplayView.step_changed)."""
        if self.result is None:
            return
        self.t = int(max(0, min(t, self.result.trace.steps)))
        if self._pending:
            return
        self.update_panel.set_step(self.t)
        self.classes.set_step(self.t)
        self._fill_algorithm()

    def select_coordinate(self, layer: str, within: int) -> None:
        """Show the `within`-th weight of a layer (a click on a filter tile in the inspector)
        and bring the update into view."""
        if self.result is None:
            return
        if self._pending:
            self._apply()
        self.update_panel.select(layer_index(self.result.trace, layer, within))
        self.tabs.setCurrentIndex(0)
