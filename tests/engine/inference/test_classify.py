"""classify: folders and file lists take one path (classify_files), unusable support classes
are named, unlabelled queries have no accuracy, and the decoded inputs come back."""

import numpy as np
import pytest
from PIL import Image

from engine.errors import DataError
from engine.inference.classify import classify_files, classify_folders
from engine.inference.shipped import DEFAULT
from engine.io.checkpoint import load_model


@pytest.fixture(scope="module")
def model():
    return load_model(DEFAULT)


def _write(root, classes=3, per_class=2):
    for c in range(classes):
        folder = root / f"c{c}"
        folder.mkdir(parents=True)
        for k in range(per_class):
            img = np.full((28, 28), 255, np.uint8)
            img[2 + 8 * c : 8 + 8 * c, 3 + k : 23 + k] = 0
            Image.fromarray(img).save(folder / f"{k}.png")
    return root


def test_folders_and_file_lists_give_the_same_predictions(model, tmp_path):
    sup, qry = _write(tmp_path / "s", per_class=1), _write(tmp_path / "q", per_class=2)
    by_folder = classify_folders(model, sup, qry)
    names = sorted(p.name for p in sup.iterdir())
    by_files = classify_files(
        model,
        names,
        [[str(sup / n / "0.png")] for n in names],
        [p.name for p in by_folder.predictions],
        [p.label for p in by_folder.predictions],
    )
    np.testing.assert_allclose(by_files.probabilities, by_folder.probabilities, atol=1e-6)
    assert by_files.inputs.shape == (6, 28, 28, 1) and by_files.inputs.dtype == np.uint8
    assert by_folder.accuracy == by_files.accuracy is not None


def test_a_support_class_without_usable_images_is_named(model, tmp_path):
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(DataError, match="support class 'ghost' has no usable images"):
        classify_files(model, ["ghost"], [[str(bad)]], [str(bad)])


def test_unlabelled_queries_have_no_accuracy(model, tmp_path):
    sup = _write(tmp_path / "s", per_class=1)
    names = sorted(p.name for p in sup.iterdir())
    res = classify_files(
        model, names, [[str(sup / n / "0.png")] for n in names], [str(sup / names[0] / "0.png")]
    )
    assert res.accuracy is None and res.confusion() is None and not res.labelled
    assert res.predictions[0].predicted in names
