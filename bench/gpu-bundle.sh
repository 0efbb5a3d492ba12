#!/usr/bin/env bash
# Prepares the folder bench/gpu-torchscript.py runs on a GPU machine without a JDK (issue 22):
# two packages from `unet export`, slimmed to rdf.yaml, the TorchScript weights and the test
# tensors (the device takes at most 64 MiB per call), plus the script itself.
#   NUCLEI_RUN=runs/nuclei PAPER16_RUN=runs/isbi16 OUT=gpu-bundle bench/gpu-bundle.sh
# Without the runs it trains two small ones first: a --preset nuclei base-16 model on DSB2018
# (400 steps) and a paper-architecture base-16 model on ISBI 2012 (20 steps; its weights only
# need to be the exported ones, not good).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
unet="${UNET:-$here/unet}"
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT="${OUT:-/tmp/gpu-bundle}"
DSB="${DSB:-$here/../shared/data/dsb2018}"
ISBI="${ISBI:-$here/../shared/data/isbi2012}"
work="$OUT.work"
mkdir -p "$OUT" "$work"
nuclei="${NUCLEI_RUN:-$work/nuclei}"
paper16="${PAPER16_RUN:-$work/paper16}"
if [ ! -f "$nuclei/config.json" ]; then
  $unet train --images "$DSB/train/images" --labels "$DSB/train/labels" --val-images "$DSB/val/images" --val-labels "$DSB/val/labels" \
    --out "$nuclei" --preset nuclei --base 16 --tile 444 --iterations 400 --validate-every 200 > "$work/nuclei.log" 2>&1
fi
if [ ! -f "$paper16/config.json" ]; then
  $unet train --images "$ISBI/train/images" --labels "$ISBI/train/labels" --val-images "$ISBI/val/images" --val-labels "$ISBI/val/labels" \
    --out "$paper16" --base 16 --iterations 20 --validate-every 20 > "$work/paper16.log" 2>&1
fi
for name in nuclei paper16; do
  run="$nuclei"; [ "$name" = paper16 ] && run="$paper16"
  $unet export --model "$run" --out "$work/$name-full.zip" --author "unet4j bench" --name "unet4j bench $name" > "$work/$name-export.log" 2>&1
  $PYTHON - "$work/$name-full.zip" "$OUT/$name.zip" <<'PY'
import sys, zipfile
keep = ("rdf.yaml", "weights.pt", "test_input.npy", "test_output.npy")
with zipfile.ZipFile(sys.argv[1]) as src, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as dst:
    for n in keep:
        dst.writestr(n, src.read(n))
PY
done
cp "$here/bench/gpu-torchscript.py" "$OUT/"
du -sh "$OUT"
echo "run on the device:  python3 gpu-torchscript.py .   (from inside $OUT)"
