"""Disk cache of decoded datasets: uncompressed .npz files keyed by what they were decoded from.

Decoding thousands of PNG/JPEG files takes seconds to minutes; reading back a raw array takes
a fraction of a second. The cache is best-effort: any failure is logged and ignored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from typing import Any, Optional

import numpy as np

from engine.integrity import digest

log = logging.getLogger(__name__)

#: Bump when the decoding changes (resampling, inversion, ...) so old caches are not reused.
CACHE_VERSION = 1
#: The entry holding the SHA-256 of the other arrays: a damaged file is rebuilt, not trusted.
DIGEST_KEY = "__sha256__"


def cache_dir() -> Path:
    """$MLSTM_CACHE_DIR, else $XDG_CACHE_HOME/mlstm-explorer, else ~/.cache/mlstm-explorer."""
    env = os.environ.get("MLSTM_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg:
        return Path(xdg) / "mlstm-explorer"
    try:
        return Path.home() / ".cache" / "mlstm-explorer"
    except (RuntimeError, KeyError):  # no home directory (some service accounts)
        return Path(tempfile.gettempdir()) / "mlstm-explorer-cache"


def cache_disabled() -> bool:
    """MLSTM_CACHE_DIR set to an empty-ish marker ('0', 'off', 'none') disables the disk cache."""
    return os.environ.get("MLSTM_CACHE_DIR", "").strip().lower() in ("0", "off", "none")


def make_key(*parts: Any) -> str:
    """A short stable hex key from reprs of parts (paths, sizes, mtimes, parameters)."""
    h = hashlib.sha256(repr((CACHE_VERSION,) + parts).encode("utf-8"))
    return h.hexdigest()[:24]


def cache_path(kind: str, key: str) -> Path:
    return cache_dir() / f"{kind}-{key}.npz"


def load(kind: str, key: str) -> Optional[dict[str, np.ndarray]]:
    """The arrays stored under (kind, key), or None when absent/unreadable (never raises)."""
    if cache_disabled():
        return None
    path = cache_path(kind, key)
    if not path.is_file() and path.parent in _FALLBACK:
        path = _FALLBACK[path.parent] / path.name
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except Exception as exc:  # a truncated or foreign file: ignore it, it will be rewritten
        log.warning("ignoring unreadable cache file %s: %s", path, exc)
        return None
    stored = arrays.pop(DIGEST_KEY, None)
    if stored is None or str(stored) != digest(arrays):
        log.warning(
            "ignoring damaged cache file %s (its checksum does not match); it will be rebuilt", path
        )
        return None
    return arrays


def _fallback_dir() -> Path:
    """A private temporary cache, for a session whose cache folder cannot be written (a
    read-only home, a full disk, a service account)."""
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"mlstm-explorer-cache-{uid}"


#: cache folder -> the temporary one used instead, once it proved unwritable in this process
_FALLBACK: dict[Path, Path] = {}


def _write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    tmp_name = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            payload: dict[str, Any] = {**arrays, DIGEST_KEY: np.array(digest(arrays))}
            np.savez(fh, **payload)
        os.replace(tmp_name, path)
        tmp_name = None
    finally:
        if tmp_name:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def save(kind: str, key: str, arrays: dict[str, np.ndarray]) -> Optional[Path]:
    """Store arrays atomically (temp file + rename). If the cache folder cannot be written,
    say so once and use a temporary one for the rest of the session; if that fails too,
    log it and return None (the data is simply decoded again next time)."""
    if cache_disabled():
        return None
    path = cache_path(kind, key)
    if path.parent not in _FALLBACK:
        try:
            _write(path, arrays)
            return path
        except OSError as exc:
            _FALLBACK[path.parent] = _fallback_dir()
            log.warning(
                "note: the cache folder %s cannot be written (%s); using %s for this "
                "session (set MLSTM_CACHE_DIR to choose another)",
                path.parent,
                exc.strerror or exc,
                _FALLBACK[path.parent],
            )
    path = _FALLBACK[path.parent] / path.name
    try:
        _write(path, arrays)
        return path
    except OSError as exc:
        log.warning("data cache not written (%s): %s", path, exc)
        return None


def file_signature(path: Path) -> tuple[str, int, int]:
    """(resolved path, byte size, mtime in ns): changes whenever the file is replaced."""
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)
