"""engine.io.task_folders: a task on disk in the layout `main.py classify` reads; drawn sets
saved with their strokes and opened again; examples written as a user's images would be."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from engine.data.examples import sample_examples
from engine.data.images import load_class_folders, load_image
from engine.errors import DataError
from engine.io import task_folders as tf


def drawing(k: int) -> tf.Drawing:
    """A distinct little character: k+1 strokes."""
    return [[(0.1 * i, 0.2 * i + 0.05 * k), (0.9 - 0.1 * i, 0.5 + 0.1 * k)] for i in range(k + 1)]


def drawn_set() -> tf.DrawnSet:
    return tf.DrawnSet(
        [("alpha", [drawing(0), drawing(1), drawing(2)]), ("beta/β", [drawing(3)])],
        [drawing(4), drawing(5)],
    )


def test_a_drawn_set_saves_as_class_folders_and_opens_again(tmp_path):
    root = tmp_path / "set"
    task = tf.save_drawn_set(drawn_set(), root, shot=1)
    assert sorted(p.name for p in root.iterdir()) == [
        "query",
        "strokes.json",
        "support",
        "unlabelled",
    ]
    assert [n for n, _ in task.classes] == ["alpha", "beta/β"]  # true names kept
    assert task.support_counts == [1, 1] and len(task.unlabelled) == 2
    # support/ is a class-folder dataset (the folder name made safe), 1-bit PNGs like Omniglot's
    data, skipped = load_class_folders(root / "support", 28, 1, True)
    assert data.class_names == ["alpha", "beta_β"] and not skipped
    assert Image.open(root / "support" / "alpha" / "01.png").mode == "1"
    assert len(list((root / "query" / "alpha").iterdir())) == 2
    assert not (root / "query" / "beta_β").exists()  # its one drawing is its support
    again, shot = tf.load_drawn_set(root)
    assert shot == 1
    assert again.classes[0][0] == "alpha" and again.classes[1][0] == "beta/β"
    assert again.classes == drawn_set().classes and again.unlabelled == drawn_set().unlabelled
    read = tf.read_task(root)
    assert [len(files) for _, files in read.classes] == [3, 1] and read.shot == 1
    assert [p.name for p in read.classes[0][1]] == ["01.png", "01.png", "02.png"]
    # Saved again over itself: the same files, byte for byte.
    before = {p: p.read_bytes() for p in root.rglob("*.png")}
    tf.save_drawn_set(again, root, shot=1)
    assert {p: p.read_bytes() for p in root.rglob("*.png")} == before


def test_saving_never_deletes_other_files(tmp_path):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(DataError, match=r"holds other files \(mine.txt\)"):
        tf.save_drawn_set(drawn_set(), tmp_path, shot=1)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


@pytest.mark.parametrize(
    "drawn, words",
    [
        (tf.DrawnSet([("a", [drawing(0)]), ("b", [])]), "drawn class 'b' has no drawings"),
        (tf.DrawnSet([("a", [drawing(0)]), (" ", [drawing(1)])]), "has no name"),
        (tf.DrawnSet([("a/b", [drawing(0)]), ("a:b", [drawing(1)])]), "share the folder 'a_b'"),
        (tf.DrawnSet([("a", [[]])]), "has no strokes"),
        (tf.DrawnSet(), "no classes"),
    ],
)
def test_bad_drawn_sets_are_refused_by_name(tmp_path, drawn, words):
    with pytest.raises(DataError, match=words):
        tf.save_drawn_set(drawn, tmp_path / "x", shot=1)


@pytest.mark.parametrize(
    "edit, words",
    [
        (lambda r: r.update(format="other"), "field 'format'"),
        (lambda r: r.update(shot=0), "field 'shot'"),
        (lambda r: r.update(version=99), "field 'version'"),
        (lambda r: r["classes"][1].update(name=""), r"classes\[1\].name"),
        (
            lambda r: r["classes"][0].update(drawings=[]),
            r"classes\[0\] \('alpha'\) has no drawings",
        ),
        (lambda r: r["classes"][0]["drawings"][1][0].append("x"), r"classes\[0\].drawings\[1\]"),
        (lambda r: r.update(unlabelled="x"), "unlabelled must be a list"),
    ],
)
def test_a_damaged_strokes_file_is_named_with_its_field(tmp_path, edit, words):
    tf.save_drawn_set(drawn_set(), tmp_path, shot=1)
    path = tmp_path / "strokes.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    edit(record)
    path.write_text(json.dumps(record), encoding="utf-8")
    with pytest.raises(DataError, match=words) as err:
        tf.load_drawn_set(tmp_path)
    assert "strokes.json" in str(err.value)


def test_not_a_drawn_set_or_task(tmp_path):
    with pytest.raises(DataError, match="strokes.json not found"):
        tf.load_drawn_set(tmp_path)
    with pytest.raises(DataError, match="no support/ folder"):
        tf.read_task(tmp_path)
    (tmp_path / "support" / "a").mkdir(parents=True)
    (tmp_path / "query" / "zz").mkdir(parents=True)
    with pytest.raises(DataError, match="no support class"):
        tf.read_task(tmp_path)


def test_examples_decode_back_to_the_embedded_pixels(tmp_path):
    ex = sample_examples(3, 2, 2, seed=1)
    task = tf.write_examples(ex, tmp_path)
    assert [n for n, _ in task.classes] == [e.name for e in ex] and task.shot == 2
    for e, (_, files) in zip(ex, task.classes):
        got = np.stack([load_image(str(f), 28, 1, True) for f in files])
        assert np.array_equal(got, np.concatenate([e.support, e.queries]))
