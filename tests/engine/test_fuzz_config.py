"""Property-based: the config loader on generated mappings and YAML documents gives a Config
or a ConfigError naming the file and the field; never another exception, and a YAML tag
never builds an object."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.config import Config, from_dict, load_config
from engine.errors import ConfigError

FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FIELDS = list(Config.__dataclass_fields__)
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12))


@FUZZ
@given(st.dictionaries(keys, values, max_size=8))
def test_generated_mappings(raw):
    try:
        config = from_dict(raw, source="fuzz.yaml")
    except ConfigError as exc:
        text = str(exc)
        assert text.startswith("fuzz.yaml")
        assert any(f"'{k}'" in text or repr(k) in text for k in raw)  # names the field
        return
    assert isinstance(config, Config)


DOCUMENTS = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda k, v: f"{k}: {v}\n",
        st.sampled_from(FIELDS),
        st.sampled_from(
            [
                "1e999",
                "-1e999",
                ".nan",
                ".inf",
                "99999999999999999999999",
                "-3",
                "0",
                "[1, 2]",
                "{a: 1}",
                "null",
                "yes",
                "'x'",
                "~",
                "0x1F",
                "!!python/object/apply:os.system ['touch /tmp/owned']",
                "!!binary aGVsbG8=",
                "&a [*a]",
                "!!set {a, b}",
            ]
        ),
    ),
    st.sampled_from(
        [
            "- 1\n- 2\n",
            "42\n",
            "'just text'\n",
            "!!python/name:os.system\n",
            "a: &x 1\nb: *y\n",
            "\t: bad\n",
            "way: 5\nway: 6\n",
        ]
    ),
)


@FUZZ
@given(DOCUMENTS)
def test_generated_yaml_documents(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("cfg") / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        config = load_config(path)
    except ConfigError as exc:
        assert str(path) in str(exc)
        return
    assert isinstance(config, Config)
