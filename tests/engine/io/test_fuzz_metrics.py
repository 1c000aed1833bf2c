"""Property-based: reading a run's metrics.jsonl (MetricsTail, read_metrics) on partial lines,
random bytes, and a file replaced or truncated between reads returns the complete records
and never raises anything but RunDirError; it never writes into the run."""

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.io.runs import MetricsTail, read_metrics

FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
record = st.fixed_dictionaries(
    {
        "type": st.sampled_from(["episode", "validation"]),
        "episode": st.integers(0, 10**6),
        "meta_loss": st.floats(allow_nan=False, allow_infinity=False),
    }
)


@FUZZ
@given(
    st.lists(
        st.one_of(record.map(lambda r: json.dumps(r).encode()), st.binary(max_size=80)), max_size=12
    ),
    st.binary(max_size=40),
)
def test_partial_lines_and_random_bytes(tmp_path_factory, lines, tail):
    path = tmp_path_factory.mktemp("m") / "metrics.jsonl"
    path.write_bytes(b"\n".join(lines) + (b"\n" if lines else b"") + tail)
    before = path.read_bytes()
    records = read_metrics(path)
    assert all(isinstance(r, dict) for r in records)
    good = sum(1 for line in lines if line.startswith(b'{"type"'))
    assert len(records) >= good - sum(1 for line in lines if b"\n" in line)
    assert path.read_bytes() == before and os.listdir(path.parent) == ["metrics.jsonl"]


@FUZZ
@given(
    st.lists(
        st.tuples(st.sampled_from(["append", "truncate", "replace", "partial"]), record),
        min_size=1,
        max_size=10,
    )
)
def test_a_file_changing_between_reads(tmp_path_factory, actions):
    """After any sequence of appends, truncations, replacements and half-written lines, a
    reader that starts over when told so holds exactly the file's complete records."""
    path = tmp_path_factory.mktemp("m") / "metrics.jsonl"
    path.write_bytes(b"")
    tail, shown = MetricsTail(path), []
    for action, rec in actions:
        line = json.dumps(rec).encode() + b"\n"
        if action == "append":
            with open(path, "ab") as fh:
                fh.write(line)
        elif action == "truncate":
            data = path.read_bytes()
            path.write_bytes(data[: len(data) // 2])
        elif action == "replace":
            tmp = path.with_suffix(".new")
            tmp.write_bytes(line)
            os.replace(tmp, path)
        else:
            with open(path, "ab") as fh:
                fh.write(line[: len(line) // 2])
        got, restarted = tail.read()
        shown = got if restarted else shown + got
    expected = []
    for raw in path.read_bytes().split(b"\n")[:-1]:  # complete lines only
        try:
            expected.append(json.loads(raw))
        except ValueError:
            pass  # a line a truncation cut and an append completed: damaged, skipped
    assert shown == expected
