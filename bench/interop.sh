#!/usr/bin/env bash
# Model exchange (issue 17): a unet4j model exported as a bioimage.io package and run by others,
# a package of others run by unet4j. Prints one table.
#   bench/interop.sh                      trains a small DSB2018 nuclei model first (400 steps, ~6 min on 2 cores)
#   RUN=runs/nuclei bench/interop.sh      exports that run instead
# Needs Debian's python3-yaml python3-jsonschema python3-numpy python3-torch python3-opencv python3-tifffile
# (apt-get install -y ...); PyTorch 1.13 is older than every consumer, OpenCV's DNN module is QuPath's ONNX route.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
D="${DATA:-$here/../shared/data/dsb2018}"
BIO="${BIO:-$here/../shared/bioimageio}"
OUT="${OUT:-/tmp/interop-bench}"
PYTHON="${PYTHON:-/usr/bin/python3}"
unet="${UNET:-$here/unet}"
mkdir -p "$OUT"
run="${RUN:-$OUT/run}"
if [ -z "${RUN:-}" ] && [ ! -f "$run/checkpoints/last/weights.pt" ]; then
  $unet train --images "$D/train/images" --labels "$D/train/labels" --val-images "$D/val/images" --val-labels "$D/val/labels" \
    --out "$run" --preset nuclei --base 16 --tile 444 --iterations 400 --validate-every 200 > "$OUT/train.log" 2>&1
fi
zip="$OUT/unet4j-nuclei.zip"
$unet export --model "$run" --out "$zip" --name "U-Net nuclei (DSB 2018)" --author "unet4j bench;unet4j" --tag nuclei > "$OUT/export.log" 2>&1
rows=()
row() { rows+=("$(printf '%-44s %s' "$1" "$2")"); }
row "unet export" "$(tail -1 "$OUT/export.log" | sed 's/.*(TorchScript vs unet4j: //; s/)$//')"
row "validate.py (unet4j package)" "$($PYTHON "$BIO/validate.py" "$zip" | tail -1)"
others="$($PYTHON "$here/bench/interop.py" "$zip" 2>/dev/null || true)"
row "validate.py (unet2d_nuclei_broad)" "$($PYTHON "$BIO/validate.py" "$BIO/unet2d_nuclei_broad" | tr "\n" " " | cut -c1-150)"
# the foreign package through unet4j: its test input as a TIFF, predicted, compared with its test output
$PYTHON - "$BIO/unet2d_nuclei_broad/test_input.npy" "$OUT/foreign-in.tif" <<'PY'
import sys, numpy as np, tifffile
tifffile.imwrite(sys.argv[2], np.load(sys.argv[1])[0, 0].astype(np.float32))
PY
rm -rf "$OUT/foreign-pred"
$unet predict --model "$BIO/unet2d_nuclei_broad" --input "$OUT/foreign-in.tif" --out "$OUT/foreign-pred" > "$OUT/foreign.log" 2>&1
row "unet predict unet2d_nuclei_broad (test input)" "$($PYTHON - "$BIO/unet2d_nuclei_broad/test_output.npy" "$OUT/foreign-pred/foreign-in_fg.tif" <<'PY'
import sys, numpy as np, tifffile
print(f"max |diff| {np.abs(tifffile.imread(sys.argv[2]) - np.load(sys.argv[1])[0, 0]).max():.2e}")
PY
)"
# the round trip: predicting with the package gives the run's files, byte for byte
rm -rf "$OUT/via-run" "$OUT/via-zip"
$unet predict --model "$run" --input "$D/val/images" --out "$OUT/via-run" --instances > /dev/null 2>&1
$unet predict --model "$zip" --input "$D/val/images" --out "$OUT/via-zip" --instances > /dev/null 2>&1
same=0; total=0
for f in "$OUT"/via-run/*.tif; do total=$((total+1)); cmp -s "$f" "$OUT/via-zip/$(basename "$f")" && same=$((same+1)); done
row "predict --model ZIP vs --model RUN ($(ls "$D/val/images" | wc -l) images)" "$same of $total files identical"
echo "bench/interop.sh  $(date -u +%F)  $(nproc) cores  package: $zip"
printf '%s\n' "${rows[@]}"
echo
echo "the unet4j package's test tensors in other runtimes (bench/interop.py):"
echo "$others"
