#!/usr/bin/env bash
# fp32 vs bf16 training at equal steps (issue 21): the same ISBI 2012 run (fixed seed) in fp32 and
# bf16, and fp32 with a second seed for the run-to-run noise; prints the last validation of each.
#   ITERATIONS=400 BASE=16 bench/bf16-accuracy.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
D="${DATA:-$here/../shared/data/isbi2012}"
OUT="${OUT:-/tmp/bf16-accuracy}"
ITERATIONS="${ITERATIONS:-400}"; BASE="${BASE:-16}"
unet="${UNET:-$here/unet}"
mkdir -p "$OUT"
train() { # name precision seed core
  [ -f "$OUT/$1/checkpoints/last/weights.pt" ] && return
  taskset -c "$4" $unet train --images "$D/train/images" --labels "$D/train/labels" --val-images "$D/val/images" \
    --val-labels "$D/val/labels" --out "$OUT/$1" --base "$BASE" --iterations "$ITERATIONS" --validate-every "$ITERATIONS" \
    --precision "$2" --seed "$3" --threads 1 --workers 1 > "$OUT/$1.log" 2>&1
}
train fp32-s1 fp32 1 0 & train fp32-s2 fp32 2 1 & wait
train bf16-s1 bf16 1 0
printf '%-10s %10s %10s %10s %12s\n' run seconds val_loss rand_error pixel_error
for r in fp32-s1 fp32-s2 bf16-s1; do
  python3 - "$OUT/$r/train.csv" "$r" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
last = [r for r in rows if r.get("val_loss")][-1]
print(f"{sys.argv[2]:10s} {float(last['seconds']):10.0f} {float(last['val_loss']):10.4f} {float(last.get('val_rand_error') or 'nan'):10.4f} {float(last.get('val_pixel_error') or 'nan'):12.4f}")
PY
done
