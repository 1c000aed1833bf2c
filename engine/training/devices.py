"""Torch device selection: CPU by default; 'auto' takes a GPU when one is present."""

from __future__ import annotations

import torch

from engine.errors import ConfigError


def resolve_device(name: str) -> torch.device:
    if name == "cpu":
        return torch.device("cpu")
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if not torch.cuda.is_available():
        raise ConfigError(
            f"field 'device' = {name!r}: no CUDA device is available here; use cpu or auto"
        )
    return torch.device(name)
