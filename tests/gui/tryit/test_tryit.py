"""The try-it panel on a generated 3-way image set with a tiny trained checkpoint: the same
predictions as `main.py classify`, visible notes for corrupt and non-image files, flags on
under-filled classes that block classifying, confusion cells that open their images, CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image

from engine import cli
from engine.data.synthetic import synthetic_splits
from engine.io.checkpoint import load_model
from engine.training.trainer import MetaTrainer
from mlstm_gui.common.states import RunState
from mlstm_gui.explore.jobs import snapshot_of
from mlstm_gui.explore.replay_worker import ReplayService
from mlstm_gui.tryit.panel import TryItPanel

TIMEOUT = 20_000
PER_CLASS = 4


pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def images(tmp_path_factory) -> dict[str, Path]:
    """all/<class>/ (every image, plus a corrupt PNG and a .txt), and the same split for the
    command line: support/<class>/img0.png and query/<class>/ (the rest)."""
    base = tmp_path_factory.mktemp("tryit")
    test = synthetic_splits(size=28, channels=1, seed=0)["test"]
    dirs = {k: base / k for k in ("all", "support", "query")}
    for c in range(3):
        name = test.class_names[c]
        for k, i in enumerate(test.indices_of(c)[:PER_CLASS]):
            img = Image.fromarray(255 - test.images[i][:, :, 0])  # dark ink on white, as drawn
            for d in ("all", "support" if k == 0 else "query"):
                (dirs[d] / name).mkdir(parents=True, exist_ok=True)
                img.save(dirs[d] / name / f"img{k}.png")
    first, second = test.class_names[0], test.class_names[1]
    for d in ("all", "query"):
        (dirs[d] / first / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
        (dirs[d] / second / "notes.txt").write_text("not an image")
    return dirs


@pytest.fixture(scope="module")
def checkpoint(tmp_path_factory) -> Path:
    import torch

    from engine.config import Config

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    cfg = Config(
        name="tiny-tryit",
        dataset="synthetic",
        filters=4,
        hidden=4,
        inner_steps=2,
        way=3,
        shot=1,
        query=2,
        episodes=10,
        val_interval=1000,
        seed=0,
    )
    trainer = MetaTrainer(cfg, run_dir=tmp_path_factory.mktemp("run"))
    for _ in range(4):
        trainer.step()
    path = trainer.save("last")
    torch.set_num_threads(threads)
    return path


@pytest.fixture
def panel(qtbot, checkpoint):
    model = load_model(checkpoint)
    snap = snapshot_of(
        model.meta, model.config, model.preprocessing, 4, checkpoint.name, "tiny", str(checkpoint)
    )
    service = ReplayService()
    widget = TryItPanel(service, lambda task=None: (snap, ""))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    yield widget
    assert service.close()


def wait_loaded(qtbot, panel) -> None:
    qtbot.waitUntil(lambda: not panel.loading, timeout=TIMEOUT)


def classify(qtbot, panel):
    with qtbot.waitSignal(panel.classified, timeout=TIMEOUT) as blocker:
        assert panel.classify(), panel.message.text()
    return blocker.args[0]


def test_same_predictions_as_the_command_line(qtbot, panel, images, checkpoint, capsys):
    assert (
        cli.main(
            [
                "classify",
                "--checkpoint",
                str(checkpoint),
                "--support",
                str(images["support"]),
                "--query",
                str(images["query"]),
                "--json",
            ]
        )
        == 0
    )
    ref = json.loads(capsys.readouterr().out)
    panel.add_paths([str(images["all"])])  # a folder of class folders: all classes at once
    wait_loaded(qtbot, panel)
    assert [c.name for c in panel.cards] == ref["classes"]
    assert [len(c.files) for c in panel.cards] == [PER_CLASS] * 3  # broken.png, notes.txt out
    # Skipped files are named in a visible note.
    assert panel.notes.isVisible() and panel.notes_label.isVisible()
    text = panel.notes.toPlainText()
    assert "broken.png" in text and "notes.txt" in text
    out = classify(qtbot, panel)
    got = out.result.predictions
    assert len(got) == len(ref["predictions"]) == 3 * (PER_CLASS - 1)
    for p, r in zip(got, ref["predictions"]):
        assert Path(p.name).name == Path(r["image"]).name and p.label == r["label"]
        assert p.predicted == r["predicted"]
        assert list(p.probabilities) == list(r["probabilities"])  # same sorted order
        for cls, v in r["probabilities"].items():
            assert p.probabilities[cls] == pytest.approx(v, abs=1e-6)
    # Per-class accuracy and confusion match the command's.
    np.testing.assert_array_equal(panel.results.confusion_counts(), np.array(ref["confusion"]))
    for r, name in enumerate(ref["classes"]):
        acc = ref["per_class_accuracy"][name]
        assert panel.results.per_class.item(r, 0).text() == f"[{r + 1}] {name}"
        assert panel.results.per_class.item(r, 2).text() == f"{100 * acc:.1f}%"
    # A confusion cell opens the images behind it.
    r, c = np.argwhere(np.array(ref["confusion"]) > 0)[0]
    dlg = panel.results.open_cell(int(r), int(c))
    assert dlg is not None and dlg.isVisible()
    assert len(panel.results.cell_images) == ref["confusion"][r][c]
    dlg.close()
    # What the model sees: the checkpoint's preprocessing (28x28 grey, ink inverted).
    panel.preview(panel.cards[0].files[0])
    assert panel.preview_array.shape == (28, 28, 1)
    assert "ink inverted" in panel.preview_text.text()


def test_unlabelled_queries_rename_and_csv(qtbot, panel, images, tmp_path):
    for folder in sorted(images["all"].iterdir()):
        panel.add_class_folder(folder)
    extra = sorted((images["all"] / panel_name(images, 2)).glob("img*.png"))[:2]
    panel.add_unlabelled([str(p) for p in extra])
    wait_loaded(qtbot, panel)
    panel.cards[0].name_edit.setText("renamed")
    panel.cards[0].name_edit.editingFinished.emit()
    panel.shot.setValue(2)
    out = classify(qtbot, panel)
    assert out.result.class_names[0] == "renamed"
    labels = [p.label for p in out.result.predictions]
    assert labels.count(None) == 2 and len(labels) == 3 * (PER_CLASS - 2) + 2
    rows = list(csv.reader(panel.results.to_csv(tmp_path / "r.csv").open()))
    assert rows[0][:4] == ["image", "true", "predicted", "correct"] and len(rows) == len(labels) + 1
    assert sum(1 for row in rows[1:] if row[1] == "") == 2


def panel_name(images: dict[str, Path], k: int) -> str:
    return sorted(p.name for p in images["all"].iterdir())[k]


def test_empty_classes_block_and_underfilled_ones_are_flagged(qtbot, panel, images, tmp_path):
    """An empty class blocks; a class with fewer than K images adapts with all of them
    (unequal shots), flagged so the user knows it has no query."""
    empty = tmp_path / "empty class"
    empty.mkdir()
    (empty / "readme.txt").write_text("no images here")
    few = tmp_path / "few"
    few.mkdir()
    src = sorted((images["all"] / panel_name(images, 0)).glob("img*.png"))
    (few / "one.png").write_bytes(src[0].read_bytes())
    panel.add_class_folder(images["all"] / panel_name(images, 1))
    panel.add_class_folder(empty)
    panel.add_class_folder(few)
    wait_loaded(qtbot, panel)
    panel.shot.setValue(2)
    empty_card, few_card = panel.cards[1], panel.cards[2]
    assert empty_card.flag.isVisible() and "no images" in empty_card.flag.text()
    assert few_card.flag.isVisible() and "fewer than K = 2" in few_card.flag.text()
    assert "all are support images" in few_card.flag.text()
    assert not panel.cards[0].flag.isVisible()
    assert "readme.txt" in panel.notes.toPlainText()
    job = panel.classify_job
    assert not panel.classify()
    assert panel.classify_job is job  # nothing was started
    msg = panel.message.text()
    assert "Cannot classify" in msg and "'empty class'" in msg and "'few'" not in msg
    panel.remove_card(empty_card)
    assert panel.task() == (2, 1)  # shots 2 and 1: the lower median, as classify takes it
    out = classify(qtbot, panel)
    assert len(out.result.predictions) == PER_CLASS - 2  # only the full class has queries
    assert panel.export_button.isEnabled()
    panel.shot.setValue(1)
    assert not few_card.flag.isVisible()


def test_dropping_folders_and_images_makes_classes(qtbot, panel, images):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    def drop(target, paths):
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        event = QDropEvent(
            QPointF(5, 5),
            Qt.DropAction.CopyAction,
            mime,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        target.dropEvent(event)

    names = sorted(p.name for p in images["all"].iterdir())
    drop(panel.board, [images["all"] / names[0]])  # a folder: one class named after it
    loose = sorted((images["all"] / names[1]).glob("img*.png"))
    drop(panel.board, loose[:2])  # loose images: a class named after their folder
    wait_loaded(qtbot, panel)
    assert [c.name for c in panel.cards] == [names[0], names[1]]
    drop(panel.cards[1], loose[2:])  # onto a card: more images of that class
    wait_loaded(qtbot, panel)
    assert len(panel.cards[1].files) == len(loose)
    assert panel.cards[1].counter.text().startswith(f"{len(loose)} images")


def test_try_it_uses_the_shipped_model_closest_to_the_task(monkeypatch, tmp_path):
    """While a shipped model is the default choice, try-it with 20 classes gets the 20-way
    model and with 5 shots the 5-shot one; a model the user picked is never swapped."""
    from engine.inference import shipped
    from mlstm_gui.explore.model_choice import RUN, ModelChoice
    from mlstm_gui.explore.snapshots import LiveSnapshots

    monkeypatch.setattr(shipped, "SHIPPED_DIR", tmp_path)
    snaps = {}
    for name in shipped.SHIPPED.values():
        (tmp_path / name).write_bytes(b"x")
        snaps[str(tmp_path / name)] = SimpleNamespace(path=str(tmp_path / name), label=name)
    mine = str(tmp_path / "mine.pt")
    snaps[mine] = SimpleNamespace(path=mine, label="mine.pt")
    choice = ModelChoice(LiveSnapshots(), lambda: RunState.IDLE)
    for snap in snaps.values():
        choice.add_file(SimpleNamespace(snapshot=snap, splits=None), select=False)
    choice.select(str(tmp_path / "omniglot-5w1s.pt"))
    label = lambda task=None: choice.provide(task)[0].label  # noqa: E731
    assert label() == "omniglot-5w1s.pt" and label((5, 1)) == "omniglot-5w1s.pt"
    assert label((20, 1)) == "omniglot-20w1s.pt" and label((5, 5)) == "omniglot-5w5s.pt"
    assert label((10, 1)) == "omniglot-20w1s.pt" and label((3, 5)) == "omniglot-5w1s.pt"
    assert label((30, 2)) == "omniglot-20w1s.pt"
    assert "2 groups" in choice.last_pick.reason  # the pick, with why, for try-it to show
    choice.select(str(tmp_path / "omniglot-5w1s.pt"), by_user=True)
    assert label((20, 1)) == "omniglot-5w1s.pt"
    choice.select(mine, by_user=True)
    assert label((20, 1)) == "mine.pt"
    choice.select(RUN)
    assert choice.provide((20, 1))[0] is None


def test_a_shipped_model_still_loading_is_loaded_not_silently_replaced():
    """Only the default 5w1s model has arrived from the background: a 20-way task still gets
    the 20-way model (loaded on the spot), never the 5w1s one in silence."""
    from engine.inference import shipped
    from mlstm_gui.explore.model_choice import ModelChoice
    from mlstm_gui.explore.snapshots import LiveSnapshots

    present = shipped.shipped_checkpoints()
    if (20, 1) not in present or (5, 1) not in present:
        pytest.skip("the shipped models are not in this checkout")
    first = str(present[(5, 1)])
    choice = ModelChoice(LiveSnapshots(), lambda: RunState.IDLE)
    choice.add_file(
        SimpleNamespace(snapshot=SimpleNamespace(path=first, label="5w1s"), splits=None)
    )
    snap, why = choice.provide((20, 1))
    pick = choice.last_pick
    assert why == "" and snap.label == "omniglot-20w1s.pt" and snap.config.way == 20
    assert pick.path == present[(20, 1)] and "exactly 20-way 1-shot" in pick.reason
    assert choice.provide((20, 1))[0] is snap  # loaded once, then kept


def test_unequal_shots_same_predictions_as_classify(
    qtbot, panel, images, checkpoint, capsys, tmp_path
):
    """Support classes with 1, 3 and 2 images and a folder of unlabelled queries: try-it
    (K = 3, so every support image adapts) predicts what `main.py classify` predicts, and
    shows the same model and head explanation."""
    support, flat = tmp_path / "support", tmp_path / "flat"
    flat.mkdir()
    names = sorted(p.name for p in images["all"].iterdir())
    for name, shots in zip(names, (1, 3, 2)):
        files = sorted((images["all"] / name).glob("img*.png"))
        (support / name).mkdir(parents=True)
        for f in files[:shots]:
            (support / name / f.name).write_bytes(f.read_bytes())
        for f in files[shots:]:
            (flat / f"{name}-{f.name}").write_bytes(f.read_bytes())
    assert (
        cli.main(
            [
                "classify",
                "--checkpoint",
                str(checkpoint),
                "--support",
                str(support),
                "--query",
                str(flat),
                "--json",
            ]
        )
        == 0
    )
    ref = json.loads(capsys.readouterr().out)
    for folder in sorted(support.iterdir()):
        panel.add_class_folder(folder)
    panel.add_unlabelled([str(p) for p in sorted(flat.iterdir())])
    wait_loaded(qtbot, panel)
    panel.shot.setValue(3)
    assert panel.task() == (ref["task"]["way"], ref["task"]["shot"]) == (3, 2)
    out = classify(qtbot, panel)
    got = out.result.predictions
    assert [Path(p.name).name for p in got] == [Path(r["image"]).name for r in ref["predictions"]]
    for p, r in zip(got, ref["predictions"]):
        assert p.predicted == r["predicted"]
        for cls, v in r["probabilities"].items():
            assert p.probabilities[cls] == pytest.approx(v, abs=1e-6)
    text = panel.explanation.text()
    assert checkpoint.name in text and "head initialisation 'grouped'" in text
    assert out.result.explanation.task == (3, 2)
