"""Content checksums for what the program writes and reads back: checkpoints, the embedded
Omniglot asset and the decoded-image cache.

Torch's zip reader does not check the data it maps, so a checkpoint with flipped bits loads
and gives silently wrong weights. A SHA-256 over a canonical walk of the saved structure
(every tensor's dtype, shape and bytes; every plain value's repr) is stored beside it and
recomputed on load; any difference refuses the file.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any, Optional

import numpy as np

ALGORITHM = "sha256"


def _feed(h: "hashlib._Hash", obj: Any) -> None:
    torch = sys.modules.get("torch")  # no tensor can exist before torch is imported
    if torch is not None and isinstance(obj, torch.Tensor):
        t = obj.detach().cpu()
        h.update(f"T{t.dtype}{tuple(t.shape)}".encode())
        # a fresh flat copy: a damaged file can carry any strides (a stride of 0 on a size-1
        # dimension passes as contiguous, and a byte view of it would fail)
        flat = torch.empty(t.numel(), dtype=t.dtype).copy_(t.reshape(-1))
        h.update(flat.view(torch.uint8).numpy().tobytes())
    elif isinstance(obj, np.ndarray):
        a = np.ascontiguousarray(obj)
        h.update(f"A{a.dtype.str}{a.shape}".encode())
        h.update(a.tobytes())
    elif isinstance(obj, dict):
        h.update(f"D{len(obj)}".encode())
        for key in sorted(obj, key=repr):
            _feed(h, key)
            _feed(h, obj[key])
    elif isinstance(obj, (list, tuple)):
        h.update(f"{'L' if isinstance(obj, list) else 'U'}{len(obj)}".encode())
        for item in obj:
            _feed(h, item)
    else:  # str, int, float, bool, None: repr tells 1, 1.0 and True apart, floats exactly
        h.update(f"S{type(obj).__name__}:{obj!r}".encode("utf-8"))


def digest(obj: Any) -> str:
    """The hex SHA-256 of a structure of tensors, arrays, containers and plain values."""
    h = hashlib.sha256()
    _feed(h, obj)
    return h.hexdigest()


def file_digest(path: Path | str, chunk: int = 1 << 20) -> str:
    """The hex SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def seal(bundle: dict[str, Any]) -> dict[str, Any]:
    """`bundle` with an 'integrity' entry over everything else in it."""
    body = {k: v for k, v in bundle.items() if k != "integrity"}
    return {**body, "integrity": {"algorithm": ALGORITHM, "digest": digest(body)}}


def verify(bundle: dict[str, Any]) -> Optional[bool]:
    """True when the bundle matches its seal, False when it does not, None when it has none
    (written before checksums existed)."""
    seal_ = bundle.get("integrity")
    if seal_ is None:
        return None
    if not isinstance(seal_, dict) or seal_.get("algorithm") != ALGORITHM:
        return False
    body = {k: v for k, v in bundle.items() if k != "integrity"}
    return seal_.get("digest") == digest(body)


__all__ = ["digest", "file_digest", "seal", "verify", "ALGORITHM"]
