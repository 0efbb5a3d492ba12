#!/usr/bin/env bash
# DSB2018 nuclei (issue 19): train on train/ with validation on val/, predict val/ with instances
# (connected components and watershed, with and without TTA), score with `unet evaluate` and the
# independent numpy/scipy script bench/cell_metrics.py, print one table.
#   MINUTES=60 SEED=1 THREADS=1 EXTRA="--w0 0" OUT=/tmp/dsb bench/dsb2018.sh
#   ITERATIONS=1800 ... trains a fixed number of steps instead (fair comparisons on a shared machine)
#   PRESET=cells ... the two-class target of the paper (with batch norm + poly) instead of nuclei
# Recipe and why: base 16 (a 60-minute CPU budget), tile 444 = output 260 >= 256 so each step sees
# one whole image with mirrored context, --preset nuclei (batch norm + poly: intensities vary a lot
# between acquisitions; background / interior / contour target: touching nuclei come apart;
# square-root class weights: full balancing of 4 % foreground inflated every nucleus, none left the
# contour class too weak), validation every 500 iterations
# on the 40 val images, checkpoints chosen by AP@0.5.
# Prediction variants: a two-class model by 4-connected components and by the watershed (seeds 0.8,
# flood 0.5), each with and without TTA; a contour model by its interiors grown into its objects
# (thresholds: SEED_T/FLOOD_T, default the contour model's own, 0.8/0.6), with and without TTA.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
D="${DATA:-$here/../shared/data/dsb2018}"
OUT="${OUT:-/tmp/dsb2018-bench}"
MINUTES="${MINUTES:-60}"; ITERATIONS="${ITERATIONS:-}"; SEED="${SEED:-1}"; THREADS="${THREADS:-1}"; EXTRA="${EXTRA:-}"; PRESET="${PRESET:-nuclei}"
PYTHON="${PYTHON:-/usr/bin/python3}"
unet="${UNET:-$here/unet}"  # UNET="java -jar /tmp/unet4j.jar" to use a copied jar
mkdir -p "$OUT"
run="$OUT/run"
budget="--minutes $MINUTES --iterations 1000000"  # the time budget alone ends the run
[ -n "$ITERATIONS" ] && budget="--iterations $ITERATIONS --minutes 0"
if [ ! -f "$run/checkpoints/best/weights.pt" ]; then
  # shellcheck disable=SC2086  # options and $unet split on purpose
  $unet train --images "$D/train/images" --labels "$D/train/labels" --val-images "$D/val/images" \
    --val-labels "$D/val/labels" --preset "$PRESET" --base 16 --tile 444 --best-metric ap --validate-every 500 \
    $budget --seed "$SEED" --threads "$THREADS" $EXTRA --out "$run"
fi
printf '%-22s %8s %8s %8s %8s %8s %8s %s\n' variant ap@0.5 ap@0.75 mean_ap pq f1@0.5 merged golden_mean_ap
if grep -q '"target" *: *"CONTOURS"' "$run/config.json"; then
  th="${SEED_T:+--seed-threshold $SEED_T} ${FLOOD_T:+--flood-threshold $FLOOD_T}"  # else the model's defaults
  variants=("grow:$th" "grow+tta:--tta $th")
else
  variants=("cc:" "cc+tta:--tta" "ws:--postprocess watershed --seed-threshold 0.8 --flood-threshold 0.5"
            "ws+tta:--tta --postprocess watershed --seed-threshold 0.8 --flood-threshold 0.5")
fi
for v in "${variants[@]}"; do
  name=${v%%:*}; opts=${v#*:}
  p="$OUT/pred-$name"; inst="$OUT/inst-$name"
  rm -rf "$p" "$inst"; mkdir -p "$inst"
  # shellcheck disable=SC2086  # options and $unet split on purpose
  $unet predict --model "$run" --input "$D/val/images" --out "$p" --instances --threads "$THREADS" $opts > "$OUT/$name.predict.log" 2>&1 || { cat "$OUT/$name.predict.log" >&2; exit 1; }
  for f in "$p"/*_instances.tif; do cp "$f" "$inst/$(basename "$f" _instances.tif).tif"; done
  $unet evaluate --pred "$inst" --gt "$D/val/labels" --metric cells --json "$OUT/$name.json" > /dev/null
  golden=$("$PYTHON" "$here/bench/cell_metrics.py" "$inst" "$D/val/labels" 2>/dev/null | sed -n 's/^mean_ap = //p' || true)
  "$PYTHON" - "$OUT/$name.json" "$name" "${golden:-n/a}" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))["cells"]
m = c["merged_pairs"]
print("%-22s %8.4f %8.4f %8.4f %8.4f %8.4f %8s %s" % (sys.argv[2], c["ap@0.5"], c["ap@0.75"], c["mean_ap"], c["pq"],
      c["ap"]["f1"], "%d/%d" % (m["merged"], m["touching_gt_pairs"]), sys.argv[3]))
PY
done
