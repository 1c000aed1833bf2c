"""Try a trained meta-learner on your own images: classes as cards, K support images per class,
the rest as labelled queries, plus unlabelled queries; 'Adapt and classify' runs in the replay
thread through `engine.inference.classify.classify_files`, the path of `main.py classify`, so
it predicts exactly what the command predicts. (Just over 400 lines: the panel's layout, its
file dialogs and its job wiring; the cards and the results are modules of their own.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Optional

from PySide6 import QtCore, QtWidgets

from engine.errors import DataError
from engine.inference.shipped import task_shape
from mlstm_gui.common.engine_text import engine_text
from mlstm_gui.common.i18n import ui
from mlstm_gui.common.image_tiles import to_pixmap
from mlstm_gui.common.job_handle import JobHandle, JobRunner, cancel
from mlstm_gui.explore.jobs import (
    ClassifyJob,
    ClassifyOutcome,
    ClassifyRequest,
    ModelSnapshot,
    Thumbnails,
    ThumbsJob,
)
from mlstm_gui.tryit.cards import CardBoard, ClassCard, expand_drop, folder_files
from mlstm_gui.tryit.results import ResultsView
from mlstm_gui.tryit.task_cards import TaskCards, add_drawing_tabs

# (N, K) of the task, or nothing -> (model, why not)
ModelProvider = Callable[..., tuple[Optional[ModelSnapshot], str]]


class TryItPanel(QtWidgets.QWidget):
    """`cards` (ClassCard per class), `unlabelled` (its card), `notes` (skipped files),
    `message` (why classifying is blocked), `results` (ResultsView)."""

    classified = QtCore.Signal(ClassifyOutcome)  # the outcome shown

    def __init__(
        self,
        service: JobRunner,
        model_provider: ModelProvider,
        pick_provider: Optional[Callable[[], Any]] = None,
        parent: Optional[QtWidgets.QWidget] = None,
    ) -> None:
        """pick_provider: the engine.inference.shipped.ModelChoice behind the last provided model, when
        a default shipped pick chose it (its reasons are shown), else None."""
        super().__init__(parent)
        self.service, self.model_provider = service, model_provider
        self.pick_provider = pick_provider or (lambda: None)
        self.cards: list[ClassCard] = []
        self.skipped: list[str] = []
        self._pending: set[JobHandle[Thumbnails]] = set()  # thumbnails still being made
        self.classify_job: Optional[JobHandle[ClassifyOutcome]] = None
        self.last_outcome: Optional[ClassifyOutcome] = None

        outer = QtWidgets.QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        left = QtWidgets.QWidget()
        lcol = QtWidgets.QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        buttons = QtWidgets.QGridLayout()
        for k, (text, slot, tip) in enumerate(
            (
                (
                    "Add class from folder…",
                    self._ask_class_folder,
                    "A folder of images; its name becomes the class name",
                ),
                ("Load folder of classes…", self._ask_root, "A folder of class folders"),
                ("Add images as a class…", self._ask_images, "Pick image files for a new class"),
                (
                    "Add unlabelled queries…",
                    self._ask_unlabelled,
                    "Images to classify without a known class",
                ),
            )
        ):
            b = QtWidgets.QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(slot)
            buttons.addWidget(b, k // 2, k % 2)
        lcol.addLayout(buttons)
        self.board = CardBoard()
        self.board.paths_dropped.connect(self.add_paths)
        lcol.addWidget(self.board, 1)
        self.unlabelled = ClassCard("Unlabelled queries", unlabelled=True)
        self._wire(self.unlabelled)
        lcol.addWidget(self.unlabelled)
        self.notes_label = QtWidgets.QLabel()
        self.notes_label.setStyleSheet("color: #b35c00; font-weight: bold;")
        self.notes_label.hide()
        self.notes = QtWidgets.QPlainTextEdit(readOnly=True)
        self.notes.setMaximumHeight(80)
        self.notes.hide()
        lcol.addWidget(self.notes_label)
        lcol.addWidget(self.notes)
        outer.addWidget(left, 2)

        right = QtWidgets.QWidget()
        rcol = QtWidgets.QVBoxLayout(right)
        rcol.setContentsMargins(0, 0, 0, 0)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(QtWidgets.QLabel("K (support images per class)"))
        self.shot = QtWidgets.QSpinBox()
        self.shot.setRange(1, 1000)
        self.shot.setValue(1)
        self.shot.setToolTip(
            "The first K images of each class adapt the learner; the rest are labelled queries"
        )
        self.shot.valueChanged.connect(lambda _: self.update_cards())
        row.addWidget(self.shot)
        self.classify_button = QtWidgets.QPushButton("Adapt and classify")
        self.classify_button.clicked.connect(self.classify)
        row.addWidget(self.classify_button)
        self.export_button = QtWidgets.QPushButton("Export CSV…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._ask_csv)
        row.addWidget(self.export_button)
        row.addStretch(1)
        rcol.addLayout(row)
        self.message = QtWidgets.QLabel()
        self._message_checks = False
        self.message.setWordWrap(True)
        rcol.addWidget(self.message)
        self.explanation = QtWidgets.QLabel()  # which model and head rule, and why
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(QtCore.Qt.TextFormat.RichText)
        rcol.addWidget(self.explanation)
        preview = QtWidgets.QHBoxLayout()
        self.preview_original = QtWidgets.QLabel()
        self.preview_seen = QtWidgets.QLabel()
        self.preview_text = QtWidgets.QLabel("Click a thumbnail to see what the model sees.")
        self.preview_text.setWordWrap(True)
        for w in (self.preview_original, self.preview_seen):
            w.setFixedSize(100, 100)
            w.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
            preview.addWidget(w)
        preview.addWidget(self.preview_text, 1)
        rcol.addLayout(preview)
        self.results = ResultsView()
        rcol.addWidget(self.results, 1)
        outer.addWidget(right, 3)
        # The drawing pad ("Draw" tab) and "Load examples": mlstm_gui/tryit/task_cards.py.
        self.pad, self.examples_bar, self.left_tabs = add_drawing_tabs(outer, left, lcol)
        self.task_cards = TaskCards(self, self.pad, self.examples_bar)
        self.update_cards()

    # ------------------------------------------------------------------ adding images
    def _wire(self, card: ClassCard) -> None:
        card.remove_requested.connect(self.remove_card)
        card.files_dropped.connect(lambda c, paths: self.add_to_card(c, paths))
        card.renamed.connect(lambda _c: self.update_cards())
        card.thumb_clicked.connect(self.preview)

    def _unique(self, name: str) -> str:
        taken = {c.name for c in self.cards}
        out, n = name or "class", 2
        while out in taken:
            out, n = f"{name} ({n})", n + 1
        return out

    def new_class(self, name: str, files: list[str]) -> ClassCard:
        """A card now (so the order of classes is the order of adding); images load in the
        background and appear when decoded."""
        card = ClassCard(self._unique(name))
        self._wire(card)
        self.cards.append(card)
        self.board.insert(card)
        self.board.hint.hide()
        self.add_to_card(card, files)
        return card

    def add_to_card(self, card: ClassCard, paths: list[str]) -> None:
        files: list[str] = []
        for p in map(Path, paths):
            files += folder_files(p) if p.is_dir() else [str(p)]
        if files:
            job = self.service.submit(ThumbsJob(tuple(files)))
            self._pending.add(job)
            job.finished.connect(lambda th: self._on_thumbs(job, card, th))
            job.failed.connect(lambda text: self._on_thumbs_failed(job, text))
        self.update_cards()

    def add_class_folder(self, folder: str | Path) -> ClassCard:
        folder = Path(folder)
        return self.new_class(folder.name, folder_files(folder))

    def add_paths(self, paths: list[str]) -> None:
        """Dropped or chosen paths: folders become classes (a folder of class folders, all of
        them); loose image files become one new class named after their folder."""
        try:
            classes, loose = expand_drop(paths)
        except DataError as exc:
            self._note([engine_text(exc)])
            return
        for name, files in classes:
            self.new_class(name, files)
        if loose:
            self.new_class(Path(loose[0]).parent.name or "class", loose)

    def add_unlabelled(self, paths: list[str]) -> None:
        self.add_to_card(self.unlabelled, paths)

    def remove_card(self, card: ClassCard) -> None:
        if card is self.unlabelled:
            card.files.clear()
            card.thumbs.clear()
            card.strip.clear()
        else:
            self.cards.remove(card)
            card.hide()
            card.deleteLater()
            self.board.hint.setVisible(not self.cards)
        self.update_cards()

    def clear(self) -> None:
        for card in list(self.cards):
            self.remove_card(card)
        self.remove_card(self.unlabelled)

    @property
    def loading(self) -> bool:
        return bool(self._pending)

    def _on_thumbs(self, job: JobHandle[Thumbnails], card: ClassCard, th: Thumbnails) -> None:
        self._pending.discard(job)
        if card is self.unlabelled or card in self.cards:
            card.add(list(th.files), list(th.images))
        self._note(list(th.notes))
        self.update_cards()

    def _on_thumbs_failed(self, job: JobHandle[Thumbnails], text: str) -> None:
        self._pending.discard(job)
        self._note([text])
        self.update_cards()

    def _note(self, notes: list[str]) -> None:
        """Skipped files, each named, stay listed under the cards."""
        fresh = [n for n in notes if n not in self.skipped]
        if not fresh:
            return
        self.skipped += fresh
        self.notes.appendPlainText("\n".join(ui("skipped: {name}").format(name=n) for n in fresh))
        self._label_skipped()
        self.notes_label.show()
        self.notes.show()

    def _label_skipped(self) -> None:
        self.notes_label.setText(
            "⚠ "
            + ui("{n} file(s) skipped (not images, or unreadable):").format(n=len(self.skipped))
        )

    def retranslate(self) -> None:
        """Counters, the readiness line and the skipped-files note in the current language
        (a message about a finished classification stays until the next action)."""
        if self._message_checks:
            self.update_cards()
        else:
            k = self.shot.value()
            for card in [*self.cards, self.unlabelled]:
                card.update_state(k)
        if self.skipped:
            self._label_skipped()

    # ------------------------------------------------------------------ checks
    def update_cards(self) -> list[str]:
        """Refresh every card's counter and flag; returns what blocks classifying."""
        k = self.shot.value()
        problems = [p for p in (c.update_state(k) for c in self.cards) if p]
        self.unlabelled.update_state(k)
        names = [c.name for c in self.cards]
        dupes = sorted({n for n in names if names.count(n) > 1})
        if dupes:
            dupes_text = ", ".join(map(repr, dupes))
            problems.append(
                ui("two classes are named {names}: rename one").format(names=dupes_text)
            )
        if "" in names:
            problems.append(ui("a class has no name"))
        if len(self.cards) < 2:
            there = ui("add at least 2 classes (there is {n})")
            if len(self.cards) != 1:
                there = ui("add at least 2 classes (there are {n})")
            problems.append(there.format(n=len(self.cards)))
        queries = sum(max(0, len(c.files) - k) for c in self.cards) + len(self.unlabelled.files)
        if self.cards and not queries and not problems:
            problems.append(
                ui(
                    "no query images: every image is a support image at K = {k}; add "
                    "more images or unlabelled queries"
                ).format(k=k)
            )
        self.problems = problems
        if self.loading:
            self._say(ui("Loading images…"), "#555555")
        elif problems:
            why = ui("; ").join(problems)
            self._say(ui("Cannot classify yet: {why}.").format(why=why), "#d1495b")
        else:
            ready = ui("Ready: {n} classes, K = {k}, {q} queries.")
            self._say(ready.format(n=len(self.cards), k=k, q=queries), "#2a9d3f")
        self._message_checks = True  # this readiness line is composed again on a switch
        return problems

    def _say(self, text: str, color: str) -> None:
        self._message_checks = False  # update_cards says otherwise after its own message
        self.message.setText(f"<span style='color:{color}'>{text}</span>")

    # ------------------------------------------------------------------ classifying
    def task(self) -> tuple[int, int]:
        """(N, K) of the support images as classify would see them: the first K images of
        each card (fewer where a card has fewer), K by the engine's shared `task_shape`."""
        k = self.shot.value()
        return task_shape([min(k, len(c.files)) for c in self.cards])

    def classify(self) -> bool:
        """Start 'Adapt and classify' (in the replay thread); False, with the reason shown,
        when something blocks it."""
        problems = self.update_cards()
        if self.loading:
            self._say(ui("Still loading images: try again in a moment."), "#d1495b")
            return False
        if problems:
            return False
        k = self.shot.value()
        snap, why = self.model_provider(self.task())
        pick = self.pick_provider()  # the default shipped pick, with its reasons, or None
        if snap is None:
            self._say(ui("Cannot classify: {why}").format(why=why), "#d1495b")
            return False
        queries: list[tuple[str, Optional[str]]] = [
            (f, c.name) for c in self.cards for f in c.files[k:]
        ]
        queries += [(f, None) for f in self.unlabelled.files]
        req = ClassifyRequest(
            tuple(c.name for c in self.cards),
            tuple(tuple(c.files[:k]) for c in self.cards),
            tuple(f for f, _ in queries),
            tuple(lab for _, lab in queries),
            pick,
        )
        cancel(self.classify_job)
        self.classify_job = self.service.submit(ClassifyJob(snap, req))
        self.classify_job.finished.connect(self._on_classified)
        self.classify_job.failed.connect(self._on_failed)
        self.classify_button.setEnabled(False)
        self.classify_button.setText(ui("Classifying…"))
        self._say(
            f"Adapting {snap.label} to {len(self.cards)} classes and classifying "
            f"{len(queries)} images…",
            "#555555",
        )
        return True

    def _done(self) -> None:
        self.classify_button.setEnabled(True)
        self.classify_button.setText(ui("Adapt and classify"))

    def _on_classified(self, outcome: ClassifyOutcome) -> None:
        self._done()
        self.last_outcome = outcome
        thumbs = {f: th for c in self.cards + [self.unlabelled] for f, th in c.thumbs.items()}
        self.results.set_outcome(outcome, thumbs, self.shot.value())
        self._note(list(outcome.result.skipped))
        self.export_button.setEnabled(True)
        self._say(ui("Done in {s} s.").format(s=f"{outcome.seconds:.2f}"), "#2a9d3f")
        self.show_explanation(outcome.result.explanation)
        self.classified.emit(outcome)

    def show_explanation(self, why) -> None:
        """The same lines `main.py classify` prints: model, head rule, warnings (in orange)."""
        import html

        lines = why.lines() if why is not None else []
        self.explanation.setText(
            "<br>".join(
                f"<span style='color:#b35c00'><b>{html.escape(t, quote=False)}</b></span>"
                if t.startswith("warning:")
                else html.escape(t, quote=False)
                for t in lines
            )
        )

    def _on_failed(self, text: str) -> None:
        self._done()
        self._say(ui("Classification failed: {why}").format(why=text), "#d1495b")

    # ------------------------------------------------------------------ preview
    def preview(self, path: str) -> None:
        """The image next to what the model sees (resized, grey or colour, inverted or not)."""
        from engine.data.images import load_image

        thumb = next(
            (c.thumbs[path] for c in self.cards + [self.unlabelled] if path in c.thumbs), None
        )
        if thumb is not None:
            self.preview_original.setPixmap(to_pixmap(thumb, 96))
        snap, why = self.model_provider()
        if snap is None:
            self.preview_text.setText(f"{Path(path).name}: {why}")
            return
        p = snap.preprocessing
        try:
            seen = load_image(path, p.size, p.channels, p.invert)
        except DataError as exc:
            self.preview_text.setText(engine_text(exc))
            return
        self.preview_seen.setPixmap(to_pixmap(seen, 96))
        self.preview_text.setText(
            f"<b>{Path(path).name}</b><br>left: the image · right: what {snap.label} sees: "
            f"{p.size}×{p.size} {'grey' if p.channels == 1 else 'RGB'}"
            f"{', ink inverted (bright strokes)' if p.invert else ''}; "
            f"values {int(seen.min())}–{int(seen.max())} / 255"
        )
        self.preview_array = seen

    # ------------------------------------------------------------------ dialogs
    def _ask_class_folder(self) -> None:
        path = QtWidgets.QFileDialog.getExistingDirectory(self, ui("Folder of one class's images"))
        if path:
            self.add_class_folder(path)

    def _ask_root(self) -> None:
        path = QtWidgets.QFileDialog.getExistingDirectory(self, ui("Folder of class folders"))
        if path:
            self.add_paths([path])

    def _ask_images(self) -> None:
        files, _ = QtWidgets.QFileDialog.getOpenFileNames(
            self,
            ui("Images of one class"),
            "",
            ui("Images")
            + " (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.ppm *.pgm *.pbm);;"
            + ui("All files")
            + " (*)",
        )
        if files:
            self.new_class(Path(files[0]).parent.name, files)

    def _ask_unlabelled(self) -> None:
        files, _ = QtWidgets.QFileDialog.getOpenFileNames(self, ui("Unlabelled query images"))
        if files:
            self.add_unlabelled(files)

    def _ask_csv(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, ui("Export results"), "results.csv", "CSV (*.csv)"
        )
        if path:
            try:
                self.results.to_csv(path)
            except OSError as exc:
                reason = exc.strerror or str(exc)
                self._say(
                    ui("Cannot write {path}: {reason}").format(path=path, reason=reason), "#d1495b"
                )
