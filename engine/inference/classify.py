"""Adapt a trained meta-learner to a user's own classes and classify query images.

Any number of classes N and shots K (shots may differ per class). The GUI's try-it panel and
`main.py classify` both call `classify_arrays`, so they give the same predictions, and both
carry the same `Explanation` of which model and head initialisation were used and why."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Sequence

import numpy as np
import torch

from engine.data.episodes import to_float_tensor
from engine.data.images import class_folders, decode_many, scan_images
from engine.errors import DataError
from engine.inference.explain import Explanation, explain
from engine.inference.shipped import ModelChoice, task_shape
from engine.io.checkpoint import LoadedModel
from engine.model.predict import DEFAULT_HEAD, check_head, predict_probs


@dataclass(frozen=True)
class Prediction:
    name: str  # file path or a label for the image
    predicted: str
    probabilities: dict[str, float]  # class -> probability, sorted high to low
    label: Optional[str] = None  # the true class when queries are labelled

    def to_json(self) -> dict:
        out: dict[str, Any] = {
            "image": self.name,
            "predicted": self.predicted,
            "probabilities": {k: round(v, 6) for k, v in self.probabilities.items()},
        }
        if self.label is not None:
            out["label"] = self.label
            out["correct"] = self.label == self.predicted
        return out


@dataclass(frozen=True)
class ClassifyResult:
    class_names: list[str]
    predictions: list[Prediction]
    probabilities: np.ndarray  # (queries, N)
    skipped: list[str] = field(default_factory=list)
    explanation: Optional[Explanation] = None
    inputs: Optional[np.ndarray] = None  # (queries, H, W, C) uint8: what the model was shown
    support: tuple[np.ndarray, ...] = ()  # per class (K_k, H, W, C) uint8, as it was shown

    @property
    def labelled(self) -> bool:
        return bool(self.predictions) and all(p.label is not None for p in self.predictions)

    @property
    def accuracy(self) -> Optional[float]:
        if not self.labelled:
            return None
        return float(np.mean([p.label == p.predicted for p in self.predictions]))

    def confusion(self) -> Optional[np.ndarray]:
        """(N, N) counts: row = true class, column = predicted class."""
        if not self.labelled:
            return None
        index = {c: k for k, c in enumerate(self.class_names)}
        m = np.zeros((len(self.class_names),) * 2, dtype=np.int64)
        for p in self.predictions:
            if p.label is not None:
                m[index[p.label], index[p.predicted]] += 1
        return m

    def per_class_accuracy(self) -> Optional[dict[str, float]]:
        m = self.confusion()
        if m is None:
            return None
        rows = m.sum(1)
        return {
            c: float(m[k, k] / rows[k]) if rows[k] else float("nan")
            for k, c in enumerate(self.class_names)
        }

    def to_json(self) -> dict:
        out: dict = {
            "classes": self.class_names,
            "predictions": [p.to_json() for p in self.predictions],
            "skipped": self.skipped,
        }
        if self.explanation is not None:
            out.update(self.explanation.to_json())
        if self.labelled:
            out["accuracy"] = self.accuracy
            out["confusion"] = self.confusion().tolist()  # type: ignore[union-attr]
            out["per_class_accuracy"] = self.per_class_accuracy()
        return out


def classify_arrays(
    model: LoadedModel,
    support: Sequence[np.ndarray],
    class_names: list[str],
    queries: np.ndarray,
    query_names: Sequence[str],
    query_labels: Optional[Sequence[Optional[str]]] = None,
    skipped: Optional[list[str]] = None,
    head: str = DEFAULT_HEAD,
    choice: Optional[ModelChoice] = None,
    picked_by: str = "chosen by you",
) -> ClassifyResult:
    """support[k]: uint8 (K_k, H, W, C) images of class k, already prepared with the model's
    preprocessing; queries: uint8 (Q, H, W, C). `head`: the head rule (engine/model/predict.py);
    `choice`: the default shipped pick that chose this model, if it was one."""
    way = len(class_names)
    if way < 2:
        raise DataError(f"need at least 2 classes to classify, got {way}")
    for name, imgs in zip(class_names, support):
        if len(imgs) == 0:
            raise DataError(f"class '{name}' has no support images")
    if len(queries) == 0:
        raise DataError("no query images to classify")
    check_head(head)
    cfg = model.config
    sx = to_float_tensor(np.concatenate(list(support)))
    sy = torch.cat(
        [torch.full((len(imgs),), k, dtype=torch.long) for k, imgs in enumerate(support)]
    )
    model.meta.eval()
    probs = predict_probs(
        model.meta, model.learner, sx, sy, way, cfg.inner_steps, to_float_tensor(queries), head
    ).numpy()
    why = explain(
        model.path.name,
        model.learner,
        (cfg.way, cfg.shot),
        task_shape([len(s) for s in support]),
        head,
        choice,
        picked_by,
    )
    preds = []
    for q, name in enumerate(query_names):
        order = np.argsort(-probs[q], kind="stable")
        preds.append(
            Prediction(
                name=str(name),
                predicted=class_names[order[0]],
                probabilities={class_names[k]: float(probs[q, k]) for k in order},
                label=None if query_labels is None else query_labels[q],
            )
        )
    return ClassifyResult(
        list(class_names), preds, probs, list(skipped or []), why, queries, tuple(support)
    )


def support_shape(support_dir: Path | str) -> tuple[int, int]:
    """(N, K) of a folder of class folders by `task_shape`, before decoding anything: what
    picks the default model."""
    return task_shape([len(scan_images(c)) for c in class_folders(support_dir)])


def classify_folders(
    model: LoadedModel,
    support_dir: Path | str,
    query_dir: Path | str,
    head: str = DEFAULT_HEAD,
    choice: Optional[ModelChoice] = None,
    picked_by: str = "chosen by you",
) -> ClassifyResult:
    """support_dir/<class>/<images>; query_dir holds images, or <class>/<images> to score."""
    support_dir, query_dir = Path(support_dir), Path(query_dir)
    folders = class_folders(support_dir)
    if not folders:
        raise DataError(
            f"no class folders in {support_dir}: expected {support_dir}/<class name>/<images>"
        )
    skipped: list[str] = []
    names = [folder.name for folder in folders]
    support_files = [[str(f) for f in scan_images(folder, skipped)] for folder in folders]
    sub = class_folders(query_dir)
    if sub:  # labelled queries
        unknown = [f.name for f in sub if f.name not in names]
        if unknown:
            raise DataError(
                f"query class folder(s) {', '.join(unknown)} in {query_dir} have no "
                f"support class of the same name in {support_dir}"
            )
        files: list[tuple[Path, Optional[str]]] = [
            (f, c.name) for c in sub for f in scan_images(c, skipped)
        ]
    else:
        files = [(f, None) for f in scan_images(query_dir, skipped)]
    if not files:
        raise DataError(f"no query images in {query_dir}")
    labels = [str(label) for _, label in files] if sub else None  # class folders: all labelled
    return classify_files(
        model,
        names,
        support_files,
        [str(f) for f, _ in files],
        labels,
        skipped,
        head,
        choice,
        picked_by,
        [f"support class folder {folder}" for folder in folders],
    )


def classify_files(
    model: LoadedModel,
    class_names: Sequence[str],
    support_files: Sequence[Sequence[str]],
    query_files: Sequence[str],
    query_labels: Optional[Sequence[Optional[str]]] = None,
    skipped: Optional[list[str]] = None,
    head: str = DEFAULT_HEAD,
    choice: Optional[ModelChoice] = None,
    picked_by: str = "chosen by you",
    class_labels: Optional[Sequence[str]] = None,
) -> ClassifyResult:
    """Decode the image files as the model's training images were, then classify_arrays: the
    one path of `main.py classify` and the app's Try it. Undecodable files are noted in
    `skipped`; `class_labels` name the classes in errors (default: "support class '<name>'")."""
    p = model.preprocessing
    notes = list(skipped or [])
    support = []
    for k, (name, files) in enumerate(zip(class_names, support_files)):
        imgs, _, bad = decode_many(list(files), p.size, p.channels, p.invert)
        notes += bad
        if len(imgs) == 0:
            what = class_labels[k] if class_labels else f"support class '{name}'"
            raise DataError(f"{what} has no usable images")
        support.append(imgs)
    queries, ok, bad = decode_many(list(query_files), p.size, p.channels, p.invert)
    notes += bad
    kept = [f for f, good in zip(query_files, ok) if good]
    labels = None if query_labels is None else [lab for lab, good in zip(query_labels, ok) if good]
    return classify_arrays(
        model, support, list(class_names), queries, kept, labels, notes, head, choice, picked_by
    )
