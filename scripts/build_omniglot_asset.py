"""Rebuild assets/omniglot28.npz, the embedded 28x28 Omniglot, from the two original archives.

    python scripts/build_omniglot_asset.py [--src ../shared/data/omniglot] \
        [--out assets/omniglot28.npz]

Decodes with engine/data/omniglot.py (the disk cache is bypassed), so the asset equals what reading
the zips at size 28 gives; prints the sha256 of the inputs and of the output for assets/README.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument(
        "--src",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "omniglot",
        help="folder with images_background.zip and images_evaluation.zip",
    )
    ap.add_argument("--out", type=Path, default=ROOT / "assets" / "omniglot28.npz")
    args = ap.parse_args(argv)

    os.environ["MLSTM_CACHE_DIR"] = "off"  # decode from the archives, never from a cache
    sys.path.insert(0, str(ROOT))
    from engine.data import omniglot
    from engine.errors import DataError

    t0 = time.perf_counter()
    try:
        found = omniglot.find_sets(args.src)
        sets = omniglot.load_omniglot(args.src, size=omniglot.ASSET_SIZE)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = omniglot.write_asset(sets, args.out)
    for name in omniglot.SETS:
        data = sets[name]
        alphabets = {c.split("/")[0] for c in data.class_names}
        digest = sha256(found[name]) if found[name].is_file() else "(a folder)"
        print(
            f"{name}: {found[name]}  sha256 {digest}"
            f"\n  {len(alphabets)} alphabets, {data.n_classes} characters, {len(data)} images"
        )
    import numpy as np

    with np.load(out) as z:
        digest = hashlib.sha256(np.ascontiguousarray(z["images"]).tobytes()).hexdigest()
    print(f"images array: sha256 of the raw uint8 bytes {digest}")
    print(
        f"wrote {out} ({out.stat().st_size:,} bytes, sha256 {sha256(out)}) "
        f"in {time.perf_counter() - t0:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
