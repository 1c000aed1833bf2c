"""Which shipped model suits a task."""
from engine.shipped import SHIPPED, matching_checkpoint


def test_the_closest_shipped_model_is_chosen(tmp_path):
    for name in SHIPPED.values():
        (tmp_path / name).write_bytes(b"x")
    pick = lambda way, shot: matching_checkpoint(way, shot, tmp_path).name  # noqa: E731
    assert pick(5, 1) == "omniglot-5w1s.pt"
    assert pick(3, 1) == "omniglot-5w1s.pt"
    assert pick(5, 5) == "omniglot-5w5s.pt" and pick(10, 4) == "omniglot-5w5s.pt"
    assert pick(20, 1) == "omniglot-20w1s.pt" and pick(12, 1) == "omniglot-20w1s.pt"
    assert pick(8, 1) == "omniglot-5w1s.pt"
    assert pick(30, 2) == "omniglot-20w1s.pt"  # 2 shots are closer to 1 than to 5


def test_missing_models_are_skipped(tmp_path):
    assert matching_checkpoint(5, 1, tmp_path) is None
    (tmp_path / "omniglot-5w1s.pt").write_bytes(b"x")
    assert matching_checkpoint(20, 5, tmp_path).name == "omniglot-5w1s.pt"
