"""Which shipped model suits a task: the documented rule (engine/inference/shipped.py, README 'Any N
at test time'), the shared (N, K) of a support set, and the warnings far from training."""

import pytest

from engine.inference.shipped import SHIPPED, choose_model, matching_checkpoint, task_shape


@pytest.fixture
def shelf(tmp_path):
    for name in SHIPPED.values():
        (tmp_path / name).write_bytes(b"x")
    return tmp_path


@pytest.mark.parametrize(
    "way, shot, model",
    [
        (5, 1, "5w1s"),
        (5, 5, "5w5s"),
        (20, 1, "20w1s"),  # each model's own task
        (2, 1, "5w1s"),
        (3, 5, "5w1s"),
        (5, 2, "5w1s"),
        (5, 10, "5w1s"),  # N <= 5: 1-shot 5-way
        (10, 1, "20w1s"),
        (10, 4, "20w1s"),
        (10, 5, "20w1s"),  # 5 < N <= 20: the 20-way model
        (8, 1, "20w1s"),
        (20, 10, "20w1s"),
        (30, 1, "20w1s"),
        (30, 10, "20w1s"),  # above every training N: the largest, grouped
    ],
)
def test_the_documented_model_is_chosen(shelf, way, shot, model):
    assert choose_model(way, shot, shelf).path.name == f"omniglot-{model}.pt"
    assert matching_checkpoint(way, shot, shelf).name == f"omniglot-{model}.pt"


def test_ten_way_one_shot_is_no_tie(shelf):
    """10-way 1-shot was an exact log-distance tie between 5w1s and 20w1s."""
    pick = choose_model(10, 1, shelf)
    assert pick.path.name == "omniglot-20w1s.pt" and "covers 10 classes" in pick.reason


def test_reasons_and_warnings(shelf):
    assert "exactly 5-way 1-shot" in choose_model(5, 1, shelf).reason
    assert choose_model(5, 1, shelf).warnings == ()
    grouped = choose_model(30, 1, shelf)
    assert "2 groups of at most 20" in grouped.reason and grouped.warnings == ()
    far = choose_model(100, 50, shelf)
    assert any("100 classes is far" in w for w in far.warnings)
    assert any("50 shots per class is far" in w for w in far.warnings)
    assert grouped.to_json()["model"] == "omniglot-20w1s.pt"


def test_missing_models_are_skipped(tmp_path):
    assert matching_checkpoint(5, 1, tmp_path) is None
    (tmp_path / "omniglot-5w1s.pt").write_bytes(b"x")
    assert matching_checkpoint(20, 5, tmp_path).name == "omniglot-5w1s.pt"
    assert "4 groups" in choose_model(20, 5, tmp_path).reason


def test_task_shape_is_the_lower_median_of_the_shots():
    assert task_shape([1, 1, 5]) == (3, 1)
    assert task_shape([5, 1]) == (2, 1)  # lower median: the 1-shot side of an even split
    assert task_shape([3, 5, 5, 7]) == (4, 5)
    assert task_shape([]) == (0, 0)
