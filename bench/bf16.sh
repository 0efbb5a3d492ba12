#!/usr/bin/env bash
# bf16 against fp32 prediction (issue 9): predicts the ISBI 2012 validation slices with MODEL_DIR
# in both precisions through `unet predict`, then prints the pixel agreement of the label maps and
# the speed ratio. The bar for recommending bf16 is an agreement of at least 0.995.
# Usage: bench/bf16.sh MODEL_DIR [IMAGES_DIR]   (default ../shared/data/isbi2012/val/images)
# Env: THREADS (default 2), TILE (default auto; e.g. 572)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
model="${1:?usage: bench/bf16.sh MODEL_DIR [IMAGES_DIR]}"
images="${2:-$BENCH_ROOT/../shared/data/isbi2012/val/images}"
[ -d "$images" ] || images=/work/shared/data/isbi2012/val/images
[ -d "$images" ] || { echo "no images folder $images" >&2; exit 2; }
bench_build
echo "machine: $(bench_machine), ${THREADS:-2} threads; model $model; images $images"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
declare -A rate
for p in fp32 bf16 fp32 bf16; do
  line=$(bench_java org.unet4j.cli.Main predict --model "$model" --input "$images" --out "$tmp/$p" --precision "$p" \
    --tile "${TILE:-auto}" --threads "${THREADS:-2}" 2>/dev/null | grep '^predicted')
  echo "$p: $line"
  rate[$p]="${rate[$p]:-} $(sed -n 's/.*(\([0-9.]*\) MPx\/s).*/\1/p' <<<"$line")"
done
bench_java org.unet4j.bench.LabelAgreement "$tmp/fp32" "$tmp/bf16"
python3 - "${rate[fp32]}" "${rate[bf16]}" <<'PY'
import sys
f = max(float(x) for x in sys.argv[1].split())
b = max(float(x) for x in sys.argv[2].split())
print(f"speed: fp32 {f:.4f} MPx/s, bf16 {b:.4f} MPx/s (best of 2 runs each): bf16/fp32 = {b / f:.2f}x")
PY
