#!/usr/bin/env bash
# What limits the Omniglot 5-way 1-shot accuracy: the shipped recipe beside a 64-filter learner
# and 10 inner steps, trained side by side for the same wall time on a lent GPU (an experiment
# for docs/RESULTS.md; the shipped models train on the CPU). Each arm is the shipped config
# with one change, same seed and episodes; SIGTERM at the deadline saves last.pt, and each
# arm's best checkpoint (by validation) is then tested on 600 evaluation-alphabet episodes.
#     OUT=/tmp/capacity TRAIN_S=400 bash scripts/capacity_gpu.sh
set -uo pipefail
OUT=${OUT:-/tmp/capacity}
TRAIN_S=${TRAIN_S:-400}
PY=${PY:-python3}
THREADS=${THREADS:-2}  # torch CPU threads per arm: the three arms share the CPU
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
declare -A CHANGE=([base]="" [filters64]="filters: 64" [steps10]="inner_steps: 10")
for arm in base filters64 steps10; do
    cfg="$OUT/$arm.yaml"
    grep -v -E "^(filters|inner_steps|episodes):" configs/omniglot-5w1s.yaml > "$cfg"
    { echo "episodes: 20000"; [ -n "${CHANGE[$arm]}" ] && echo "${CHANGE[$arm]}"; } >> "$cfg"
    grep -q "^filters:" "$cfg" || echo "filters: 32" >> "$cfg"
    grep -q "^inner_steps:" "$cfg" || echo "inner_steps: 5" >> "$cfg"
    timeout -s TERM "$TRAIN_S" $PY main.py train --config "$cfg" --device cuda --threads "$THREADS" --out "$OUT/run-$arm" \
        --quiet > "$OUT/train-$arm.log" 2>&1 &
done
wait
for arm in base filters64 steps10; do
    best="$OUT/run-$arm/checkpoints/best.pt"
    [ -f "$best" ] || { echo "$arm: no best.pt"; tail -3 "$OUT/train-$arm.log"; continue; }
    OMP_NUM_THREADS=$THREADS $PY main.py eval --checkpoint "$best" --episodes 600 --device cuda --json \
        > "$OUT/test-$arm.json" 2> "$OUT/test-$arm.err" &
done
wait
$PY - "$OUT" <<'PYEOF'
import json, sys
from pathlib import Path
out = Path(sys.argv[1])
for arm in ("base", "filters64", "steps10"):
    rows = [json.loads(l) for l in open(out / f"run-{arm}/metrics.jsonl")]
    eps = [r for r in rows if r.get("type") == "episode"]
    val = [(r["episode"], round(r["accuracy"], 4)) for r in rows if r.get("type") == "validation"]
    try:
        test = json.loads((out / f"test-{arm}.json").read_text().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        test = None
    print(arm, "episodes", eps[-1]["episode"] if eps else 0, "validation", val, "test", test)
PYEOF
