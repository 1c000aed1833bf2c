"""Config files: presets load; errors name the file, the field and what is allowed."""

import pytest

from engine.config import Config, from_dict, list_presets, load_config
from engine.errors import ConfigError


def test_presets_load():
    names = {p.stem for p in list_presets()}
    assert {
        "demo",
        "omniglot-5w1s",
        "omniglot-5w5s",
        "omniglot-20w1s",
        "miniimagenet-5w1s",
        "miniimagenet-5w5s",
    } <= names
    for p in list_presets():
        assert isinstance(load_config(p), Config)
    mini = load_config([p for p in list_presets() if p.stem == "miniimagenet-5w1s"][0])
    assert (mini.inner_steps, mini.image_size, mini.channels, mini.meta_lr, mini.grad_clip) == (
        12,
        84,
        3,
        1e-3,
        0.25,
    )


def test_unknown_key_names_file_and_field(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("way: 5\nwya: 3\n")
    with pytest.raises(ConfigError) as exc:
        load_config(f)
    assert str(f) in str(exc.value) and "'wya'" in str(exc.value) and "allowed" in str(exc.value)


@pytest.mark.parametrize(
    "text,field",
    [
        ("way: five\n", "way"),
        ("meta_lr: -1\n", "meta_lr"),
        ("dataset: imagenet\n", "dataset"),
        ("rotations: 3\n", "rotations"),
        ("shot: 0\n", "shot"),
        ("head: fancy\n", "head"),
        ("meta_lr_halflife: -5\n", "meta_lr_halflife"),
        ("meta_lr_hold: 100\n", "meta_lr_hold"),
        ("augment_shift: -1\n", "augment_shift"),
        ("augment_shift: 8\n", "augment_shift"),  # more than a quarter of 28 pixels
        ("augment_rotate: -5\n", "augment_rotate"),
        ("augment_rotate: 90\n", "augment_rotate"),  # quarter turns are `rotations`
        ("augment_rotate: .nan\n", "augment_rotate"),
    ],
)
def test_wrong_values_name_the_field(tmp_path, text, field):
    f = tmp_path / "c.yaml"
    f.write_text(text)
    with pytest.raises(ConfigError, match=f"'{field}'") as exc:
        load_config(f)
    assert str(f) in str(exc.value)


def test_not_yaml_and_missing_file(tmp_path):
    f = tmp_path / "c.yaml"
    f.write_text("way: [1, 2\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(f)
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yaml")
    with pytest.raises(ConfigError, match="mapping"):
        from_dict([1, 2])


def test_roundtrip(tmp_path):
    c = Config(way=20, seed=7, data_path="/x")
    c.save(tmp_path / "c.yaml")
    assert load_config(tmp_path / "c.yaml") == c
