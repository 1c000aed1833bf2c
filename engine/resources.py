"""Where the files that ship with the program live, from a checkout or from an installed wheel.

The repository keeps them at its top level (`assets/`, `configs/`); the wheel carries the same
folders as the data packages `mlstm_assets` and `mlstm_configs` (mapped in setup.py). Both
layouts resolve here, so no other module builds a path relative to the source tree.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from engine.errors import EngineError

_CHECKOUT = Path(__file__).resolve().parent.parent
_PACKAGES = {"assets": "mlstm_assets", "configs": "mlstm_configs"}


def _folder(name: str) -> Path:
    """`name` ('assets' or 'configs'): the checkout's folder when running from the repository,
    else the installed data package's folder. Never raises: a missing folder shows up as a
    missing file, named, where a file is first needed."""
    local = _CHECKOUT / name
    if (_CHECKOUT / "pyproject.toml").is_file() and local.is_dir():
        return local
    spec = importlib.util.find_spec(_PACKAGES[name])
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else local


def assets_dir() -> Path:
    """The embedded Omniglot, the shipped checkpoints and the application icon."""
    return _folder("assets")


def configs_dir() -> Path:
    """The YAML presets."""
    return _folder("configs")


def resolve_named(text: str, folder: Path, suffix: str, what: str) -> Path:
    """A user's path, or the name of a file that ships in `folder` (with or without `suffix`).
    An existing path always wins, so a local file is never shadowed by a shipped one."""
    path = Path(text).expanduser()
    if path.exists():
        return path
    if path.name == text:  # a bare name, not a path: look among the shipped files
        for candidate in (folder / text, folder / f"{text}{suffix}"):
            if candidate.is_file():
                return candidate
    shipped = ", ".join(sorted(p.stem for p in folder.glob(f"*{suffix}")))
    raise EngineError(
        f"{what} not found: {text} (no such file; shipped names: {shipped or 'none'})"
    )


__all__ = ["assets_dir", "configs_dir", "resolve_named"]
