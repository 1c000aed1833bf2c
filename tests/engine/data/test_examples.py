"""engine.data.examples: seeded example tasks from the evaluation alphabets only."""

from __future__ import annotations

import numpy as np
import pytest

from engine.data.examples import evaluation_set, sample_examples
from engine.data.omniglot import load_asset
from engine.errors import DataError


def test_examples_come_from_the_evaluation_alphabets_never_from_training():
    sets = load_asset()
    background = {n.split("/")[0] for n in sets["background"].class_names}
    ex = sample_examples(5, 2, 3, seed=7)
    assert len({e.name for e in ex}) == 5
    assert all(e.name in sets["evaluation"].class_names for e in ex)
    assert not {e.name.split("/")[0] for e in ex} & background
    for e in ex:
        assert e.support.shape == (2, 28, 28, 1) and e.queries.shape == (3, 28, 28, 1)
        assert e.support.dtype == np.uint8
        both = np.concatenate([e.support, e.queries]).reshape(5, -1)
        assert len({row.tobytes() for row in both}) == 5  # five different drawings
        data = evaluation_set()
        own = data.images[data.indices_of(data.class_names.index(e.name))].reshape(20, -1)
        assert {r.tobytes() for r in both} <= {r.tobytes() for r in own}  # of that character


def test_the_seed_decides():
    a, b = sample_examples(4, 1, 2, seed=0), sample_examples(4, 1, 2, seed=0)
    assert [e.name for e in a] == [e.name for e in b]
    assert all(np.array_equal(x.queries, y.queries) for x, y in zip(a, b))
    names = {tuple(e.name for e in sample_examples(4, 1, 2, seed=s)) for s in range(5)}
    assert len(names) == 5


@pytest.mark.parametrize(
    "args, words",
    [
        ((1, 1, 1), "at least 2 classes"),
        ((3, 0, 1), "K >= 1"),
        ((3, 10, 11), "21 images per class"),
        ((700, 1, 1), "more than the 659 characters"),
    ],
)
def test_impossible_examples_say_why(args, words):
    with pytest.raises(DataError, match=words):
        sample_examples(*args, seed=0)
