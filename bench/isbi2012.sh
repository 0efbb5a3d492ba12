#!/usr/bin/env bash
# ISBI 2012 membranes end to end, as a user would: train with the paper's recipe on train/
# (slices 00-19), predict val/ (20-24) with overlap tiles without and with test-time
# augmentation (TTA), and with TTA plus the watershed post-processing (`--postprocess
# watershed`), score each with `unet evaluate --metric isbi2012` and with the independent Python
# scorer, and print one table next to the paper's values.
#
#   bench/isbi2012.sh [--budget-minutes M] [--run DIR] [--score-only] [-- TRAIN OPTIONS...]
#
#   --budget-minutes M   training wall time (default 90), validation included
#   --run DIR            the run folder (default runs/isbi2012-<budget>m)
#   --score-only         do not train: predict and score an existing --run
#   --table-only         only print the table from the scores an earlier run left in --run
#   TRAIN OPTIONS        replace the default network/recipe options (see DEFAULT_TRAIN below)
#
# Needs ../shared/data/isbi2012 and, for the second column of scores, Debian's python3-numpy,
# -scipy, -skimage, -pil, -tifffile (see ../shared/eval/README.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${ISBI_DATA:-$root/../shared/data/isbi2012}"
scorer="${ISBI_SCORER:-$root/../shared/eval/score.py}"
budget=90
run=""
score_only=0
# The recipe: the paper's (SGD momentum 0.99, weight maps w0 10 / sigma 5, elastic augmentation,
# one 572 tile per step, dropout 0.5) with a 4x narrower network (base 16: 1.9 M parameters instead
# of 31 M) so that a 90-minute CPU budget buys ~10,000 steps instead of ~800; see docs/RESULTS.md.
DEFAULT_TRAIN=(--depth 4 --base 16 --tile 572 --lr 0.01 --schedule poly --final-lr-fraction 0.1
               --augment paper --validate-every 1000 --checkpoint-every 500 --iterations 1000000)
train_opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --budget-minutes) budget="$2"; shift 2 ;;
    --run) run="$2"; shift 2 ;;
    --score-only) score_only=1; shift ;;
    --table-only) score_only=2; shift ;;
    --) shift; train_opts=("$@"); break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ ${#train_opts[@]} -gt 0 ] || train_opts=("${DEFAULT_TRAIN[@]}")
[ -n "$run" ] || run="$root/runs/isbi2012-${budget}m"
[ -d "$data/train/images" ] || { echo "no ISBI 2012 data at $data (set ISBI_DATA)" >&2; exit 2; }
unet="$root/unet"
threads="${THREADS:-$(nproc)}"

[ "$score_only" -eq 2 ] || echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%Y-%m-%dT%H:%MZ)"
if [ "$score_only" -eq 0 ]; then
  echo "train: ${train_opts[*]} --minutes $budget"
  start=$(date +%s)
  "$unet" train --images "$data/train/images" --labels "$data/train/labels" \
    --val-images "$data/val/images" --val-labels "$data/val/labels" \
    --out "$run" --minutes "$budget" --threads "$threads" "${train_opts[@]}"
  echo "training wall time: $(( $(date +%s) - start )) s"
fi

for tta in plain tta tta-ws; do
  [ "$score_only" -eq 2 ] && break
  out="$run/val-$tta"
  rm -rf "$out"
  flags=(--layout folders)
  case "$tta" in
    tta) flags+=(--tta) ;;
    tta-ws) flags+=(--tta --postprocess watershed) ;;
  esac
  "$unet" predict --model "$run" --input "$data/val/images" --out "$out" --threads "$threads" "${flags[@]}" >/dev/null
  "$unet" evaluate --pred "$out/fg" --gt "$data/val/labels" --metric isbi2012 --json "$run/eval-$tta.json" >/dev/null
  if python3 "$scorer" --help >/dev/null 2>&1; then
    python3 "$scorer" --gt "$data/val/labels" --pred "$out/fg" --metric isbi2012 > "$run/score-$tta.json"
  fi
done

python3 - "$run" <<'PY'
import json, os, sys
run = sys.argv[1]
names = ["warping_error", "rand_error", "pixel_error", "v_rand", "v_info"]
paper = {"warping_error": 0.000353, "rand_error": 0.0382, "pixel_error": 0.0611}
def load(p):
    try:
        with open(p) as f: return json.load(f)
    except (OSError, ValueError): return None
cols = []
for tta, title in (("plain", "no TTA"), ("tta", "TTA"), ("tta-ws", "TTA + watershed")):
    cols.append((f"unet evaluate, {title}", load(f"{run}/eval-{tta}.json")))
    cols.append((f"score.py, {title}", load(f"{run}/score-{tta}.json")))
def value(j, n):
    # both scorers write {"isbi2012": {"<metric>": {"value": ...}, ...}}
    if j is None: return None
    m = j.get("isbi2012", j).get(n)
    if isinstance(m, dict): return m.get("value")
    return m
print()
print("ISBI 2012 val slices 20-24 (the paper: challenge test slices, 7 rotations averaged)")
print("| metric | " + " | ".join(c[0] for c in cols) + " | paper |")
print("|---" * (len(cols) + 2) + "|")
for n in names:
    row = []
    for _, j in cols:
        v = value(j, n)
        row.append("-" if v is None else f"{v:.6f}")
    print(f"| {n} | " + " | ".join(row) + f" | {paper.get(n, '-')} |")
PY
