#!/usr/bin/env bash
# The CUDA path, on a machine with a GPU (the project never needs one): the CUDA cases of the
# engine tests, a short Omniglot 5w1s training on cuda in float32 and with bfloat16 autocast,
# and the shipped checkpoint evaluated on cuda beside cpu. Writes logs under $OUT.
#     OUT=/tmp/cuda-check bash scripts/cuda_check.sh
set -uo pipefail
OUT=${OUT:-/tmp/cuda-check}
mkdir -p "$OUT"
PY=${PY:-python3}
export PYTHONUNBUFFERED=1
$PY -c "import torch; print('torch', torch.__version__, torch.cuda.get_device_name(0))"
$PY -m pytest -q -p no:cacheprovider -rs tests/engine/test_devices.py tests/engine/test_fused_cell.py \
    tests/engine/test_metalearner.py tests/engine/test_distributed.py 2>&1 | tail -15
for amp in false true; do
    cfg="$OUT/omniglot-5w1s-amp-$amp.yaml"
    { cat configs/omniglot-5w1s.yaml; echo "amp: $amp"; } > "$cfg"
    start=$(date +%s.%N)
    $PY main.py train --config "$cfg" --device cuda --episodes 300 --out "$OUT/run-amp-$amp" --quiet \
        > "$OUT/train-amp-$amp.log" 2>&1 || { echo "train amp=$amp failed"; tail -5 "$OUT/train-amp-$amp.log"; }
    end=$(date +%s.%N)
    $PY - "$OUT/run-amp-$amp/metrics.jsonl" "$amp" "$start" "$end" <<'PYEOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
eps = [r for r in rows if r.get("type") != "validation"]
val = [r for r in rows if r.get("type") == "validation"]
sec = statistics.median(r["seconds"] for r in eps[20:])
print(f"cuda train amp={sys.argv[2]}: {len(eps)} episodes in {float(sys.argv[4]) - float(sys.argv[3]):.1f} s "
      f"wall, median {sec * 1000:.1f} ms/episode, last meta-loss {eps[-1]['meta_loss']:.3f}, "
      f"validation {[round(v['accuracy'], 4) for v in val]}")
PYEOF
done
for dev in cuda cpu; do
    echo -n "eval shipped 5w1s on $dev (200 episodes): "
    $PY main.py eval --checkpoint assets/checkpoints/omniglot-5w1s.pt --episodes 200 --device $dev --json 2>&1 | tail -1
done
