"""Following a metrics.jsonl that another process is writing (MetricsTail)."""

import json
import os

from engine.io.runs import MetricsTail, read_metrics


def _line(k: int) -> str:
    return json.dumps({"type": "episode", "episode": k}) + "\n"


def test_tail_returns_only_new_complete_lines(tmp_path):
    path = tmp_path / "metrics.jsonl"
    tail = MetricsTail(path)
    assert tail.read() == ([], False)  # not created yet
    path.write_text(_line(1) + _line(2))
    records, restarted = tail.read()
    assert [r["episode"] for r in records] == [1, 2] and not restarted
    assert tail.read() == ([], False)
    with open(path, "a") as fh:  # a line caught half-written
        fh.write(_line(3) + _line(4)[:10])
    assert [r["episode"] for r in tail.read()[0]] == [3]
    with open(path, "a") as fh:
        fh.write(_line(4)[10:] + "{not json\n" + _line(5))
    assert [r["episode"] for r in tail.read()[0]] == [4, 5]


def test_tail_starts_over_when_the_file_is_replaced_or_shrinks(tmp_path):
    path = tmp_path / "metrics.jsonl"
    path.write_text("".join(_line(k) for k in range(1, 6)))
    tail = MetricsTail(path)
    assert len(tail.read()[0]) == 5
    tmp = tmp_path / "new.jsonl"  # a resume rewrites the file and renames it into place
    tmp.write_text(_line(1) + _line(2))
    os.replace(tmp, path)
    records, restarted = tail.read()
    assert restarted and [r["episode"] for r in records] == [1, 2]
    path.write_text(_line(1))  # truncated in place
    records, restarted = tail.read()
    assert restarted and [r["episode"] for r in records] == [1]


def test_reading_never_writes(tmp_path):
    path = tmp_path / "metrics.jsonl"
    path.write_text(_line(1))
    before = (path.stat().st_mtime_ns, sorted(os.listdir(tmp_path)))
    MetricsTail(path).read()
    read_metrics(path)
    assert (path.stat().st_mtime_ns, sorted(os.listdir(tmp_path))) == before


def test_tail_notices_a_new_run_rewriting_the_file_in_place(tmp_path):
    """A fresh run in the same folder truncates metrics.jsonl in place (same inode) and may
    grow past the old offset before the next read: the changed first line gives it away."""
    path = tmp_path / "metrics.jsonl"
    path.write_text(_line(1) + _line(2))
    tail = MetricsTail(path)
    assert len(tail.read()[0]) == 2
    with open(path, "w") as fh:  # same inode
        fh.write(
            "".join(
                json.dumps({"type": "episode", "episode": k, "run": "new"}) + "\n"
                for k in range(1, 6)
            )
        )
    records, restarted = tail.read()
    assert restarted and [r["episode"] for r in records] == [1, 2, 3, 4, 5]
    assert all(r["run"] == "new" for r in records)
