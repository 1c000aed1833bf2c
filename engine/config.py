"""Run configuration: one flat, typed, validated record loaded from YAML.

Flat on purpose: the GUI form, the CLI overrides and error messages all name a field by
one key, and a config file is readable at a glance.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Optional

import yaml

from engine.errors import ConfigError
from engine.resources import configs_dir

DATASETS = ("omniglot", "miniimagenet", "folder", "synthetic")
HEADS = ("shared", "per_class")
DEVICES = ("cpu", "auto", "cuda")


#: Upper bounds on sizes and counts: values past these are typos (an extra zero or two), and
#: would otherwise fail late, as an out-of-memory error, instead of naming the field.
_CEILINGS = {
    "image_size": 1024,
    "filters": 1024,
    "hidden": 1024,
    "inner_steps": 1000,
    "inner_batch": 1_000_000,
    "way": 100_000,
    "shot": 100_000,
    "query": 100_000,
    "episodes": 1_000_000_000,
    "val_episodes": 10_000_000,
    "test_episodes": 10_000_000,
    "meta_batch": 4096,
    "threads": 1024,
}


@dataclass(frozen=True)
class Config:
    """Everything that defines a run. Defaults are the Omniglot 5-way 1-shot preset."""

    name: str = "omniglot-5w1s"
    # --- data
    dataset: str = "omniglot"
    data_path: Optional[str] = None  # None: the embedded Omniglot asset
    image_size: int = 28
    channels: int = 1
    way: int = 5
    shot: int = 1
    query: int = 15
    rotations: bool = True  # 90/180/270 rotations as extra classes in meta-training
    # not the paper's: each meta-training image moved by up to this many whole pixels (0: off)
    augment_shift: int = 0
    # not the paper's: each meta-training image turned by up to this many degrees (0: off)
    augment_rotate: float = 0.0
    val_fraction: float = 0.15  # share of training characters held out for validation
    omniglot_split: str = "lake"  # lake: background/evaluation alphabets; vinyals: 1,200/423
    # --- learner
    filters: int = 32
    bn_eps: float = 1e-3
    bn_momentum: float = 0.9
    head: str = "per_class"  # how c_0 initialises the classifier for any N (see learner.py)
    # --- meta-learner and inner loop
    hidden: int = 20
    inner_steps: int = 5
    inner_batch: int = 0  # 0: the whole support set at every step (the paper's setting)
    meta_lr: float = 1e-3
    # after `meta_lr_hold` meta-updates the rate halves every `meta_lr_halflife` updates,
    # smoothly; meta_lr_halflife 0 keeps it constant (the paper's setting); `Config.meta_lr_at`
    meta_lr_hold: int = 0
    meta_lr_halflife: int = 0
    grad_clip: float = 0.25
    meta_batch: int = 1  # episodes per meta-update, their meta-gradients averaged (paper: 1)
    # --- schedule
    episodes: int = 20000
    val_interval: int = 500
    val_episodes: int = 100
    test_episodes: int = 600
    checkpoint_interval: int = 100
    seed: int = 0
    device: str = "cpu"
    amp: bool = False  # CUDA only: the learner's convolutions in bfloat16 autocast
    threads: int = 0  # 0: let torch decide

    # ------------------------------------------------------------------ checks
    def __post_init__(self) -> None:
        def need(ok: bool, fld: str, allowed: str) -> None:
            if not ok:
                raise ConfigError(f"field '{fld}' = {getattr(self, fld)!r}: {allowed}")

        need(self.dataset in DATASETS, "dataset", f"allowed: {', '.join(DATASETS)}")
        need(self.head in HEADS, "head", f"allowed: {', '.join(HEADS)}")
        need(self.omniglot_split in ("lake", "vinyals"), "omniglot_split", "allowed: lake, vinyals")
        need(
            self.device in DEVICES or self.device.startswith("cuda:"),
            "device",
            "allowed: cpu, auto, cuda, cuda:N",
        )
        need(self.channels in (1, 3), "channels", "allowed: 1 (grey) or 3 (RGB)")
        for name, low in (
            ("image_size", 8),
            ("way", 2),
            ("shot", 1),
            ("query", 1),
            ("filters", 1),
            ("hidden", 1),
            ("inner_steps", 1),
            ("episodes", 1),
            ("val_interval", 1),
            ("val_episodes", 1),
            ("test_episodes", 1),
            ("checkpoint_interval", 1),
            ("meta_batch", 1),
        ):
            need(getattr(self, name) >= low, name, f"must be an integer >= {low}")
        for name, high in _CEILINGS.items():  # far past any real run: a typo, not a plan
            need(getattr(self, name) <= high, name, f"must be at most {high:,}")
        for name in ("inner_batch", "seed", "threads", "meta_lr_hold", "meta_lr_halflife"):
            need(getattr(self, name) >= 0, name, "must be an integer >= 0")
        need(
            0 <= self.augment_shift <= self.image_size // 4,
            "augment_shift",
            f"must be an integer from 0 to {self.image_size // 4} (a quarter of image_size)",
        )
        need(
            0.0 <= self.augment_rotate <= 45.0,
            "augment_rotate",
            "must be a number of degrees from 0 to 45 (quarter turns are `rotations`)",
        )
        need(0.0 <= self.val_fraction < 1.0, "val_fraction", "must be in [0, 1)")
        need(0.0 < self.bn_momentum <= 1.0, "bn_momentum", "must be in (0, 1]")
        need(self.bn_eps > 0, "bn_eps", "must be > 0")
        need(self.meta_lr > 0, "meta_lr", "must be > 0")
        need(
            self.meta_lr_hold == 0 or self.meta_lr_halflife > 0,
            "meta_lr_hold",
            "only means something with meta_lr_halflife > 0 (the rate is constant otherwise)",
        )
        need(self.grad_clip > 0, "grad_clip", "must be > 0")

    def meta_lr_at(self, update: int) -> float:
        """Adam's rate for meta-update `update` (0-based): a function of the update count
        alone, so a resumed run continues the same curve."""
        if self.meta_lr_halflife == 0 or update <= self.meta_lr_hold:
            return self.meta_lr
        return self.meta_lr * 0.5 ** ((update - self.meta_lr_hold) / self.meta_lr_halflife)

    # ------------------------------------------------------------------ I/O
    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def replace(self, **changes: Any) -> "Config":
        return from_dict({**self.to_dict(), **changes})

    def save(self, path: Path | str) -> None:
        Path(path).write_text(
            yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True), encoding="utf-8"
        )


_TYPES = {f.name: f.type for f in fields(Config)}


def _coerce(name: str, value: Any, source: str) -> Any:
    kind = _TYPES[name]
    where = f"{source}: field '{name}'"
    if kind == "Optional[str]":
        if value is None or isinstance(value, str):
            return value
        raise ConfigError(f"{where} = {value!r}: must be a string path or null")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        raise ConfigError(f"{where} = {value!r}: must be true or false")
    if kind == "int":
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise ConfigError(f"{where} = {value!r}: must be an integer")
    if kind == "float":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(float(value)):
                raise ConfigError(f"{where} = {value!r}: must be a finite number")
            return float(value)
        raise ConfigError(f"{where} = {value!r}: must be a number")
    if kind == "str":
        if isinstance(value, str):
            return value
        raise ConfigError(f"{where} = {value!r}: must be a string")
    raise AssertionError(kind)  # pragma: no cover - a field with an unhandled type


def from_dict(raw: dict[str, Any], source: str = "config") -> Config:
    """Validate a mapping (from YAML, the GUI form or a checkpoint) into a Config."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{source}: expected a mapping of field: value, got {type(raw).__name__}")
    unknown = sorted(set(raw) - set(_TYPES))
    if unknown:
        raise ConfigError(
            f"{source}: unknown field(s) {', '.join(map(repr, unknown))}; "
            f"allowed: {', '.join(_TYPES)}"
        )
    values = {k: _coerce(k, v, source) for k, v in raw.items()}
    try:
        return Config(**values)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def load_config(path: Path | str) -> Config:
    """Read a YAML config file (safe_load only); every error names the file and field."""
    return read_config(path)[0]


def read_config(path: Path | str) -> tuple[Config, frozenset[str]]:
    """load_config, with the fields the file sets itself (the rest are defaults): a default
    may then adapt to the run, e.g. meta_batch to the number of torchrun processes."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    config = from_dict(raw or {}, source=str(path))  # refuses a non-mapping document
    return config, frozenset(raw or {})


def preset_dir() -> Path:
    return configs_dir()


def list_presets() -> list[Path]:
    return sorted(preset_dir().glob("*.yaml"))


__all__ = [
    "Config",
    "from_dict",
    "load_config",
    "read_config",
    "list_presets",
    "preset_dir",
    "field",
]
