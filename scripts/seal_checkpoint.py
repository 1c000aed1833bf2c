"""Add a content checksum to checkpoints written before checksums existed (the tensors and
metadata are unchanged), so that later loads verify them instead of noting them unverified:

    .venv/bin/python scripts/seal_checkpoint.py assets/checkpoints/*.pt
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine.errors import CheckpointError  # noqa: E402
from engine.integrity import seal, verify  # noqa: E402
from engine.io.checkpoint import load_model, write_bundle  # noqa: E402


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for name in paths:
        try:
            model = load_model(name)  # refuses damaged, foreign or unusable files
        except CheckpointError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        if verify(model.bundle):
            print(f"{name}: already sealed")
            continue
        write_bundle(Path(name), seal(model.bundle), keep_previous=False)
        print(f"{name}: sealed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
