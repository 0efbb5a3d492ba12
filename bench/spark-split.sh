#!/usr/bin/env bash
# Spark on one large image (issue 23, --split-above): a single SIZE x SIZE image predicted by
# 'unet predict' and by 'unet spark-predict --split-above PIXELS' on local[1] and local[N] at equal
# total threads (THREADS, default 2). Prints a table: wall time of the whole command (JVM and
# Spark start included), the prediction time each reports, megapixels/s, throughput against
# 'unet predict', and whether the outputs are byte-identical to those of 'unet predict' with the
# same threads per task.
#   bench/spark-split.sh [SIZE] [PIXELS]     (default an 8192x8192 image, parts of 4,000,000 pixels)
#   TILE=auto|N (default 252)  TTA=1 (test-time augmentation)  KEEP=1 (keep the work folder)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
unet="$root/unet"
size="${1:-8192}"
split="${2:-4000000}"
threads="${THREADS:-2}"
tile="${TILE:-252}"
tta=(); [ -n "${TTA:-}" ] && tta=(--tta)
work=$(mktemp -d "${TMPDIR:-/tmp}/unet4j-spark-split.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $(date -u +%Y-%m-%dT%H:%MZ); work folder $work"

"$unet" --version >/dev/null 2>&1; "$unet" spark-predict --help >/dev/null 2>&1
"$unet" synth --style cells --n 4 --size 128 --out "$work/train" >/dev/null || exit 1
"$unet" train --images "$work/train/images" --labels "$work/train/labels" --depth 2 --base 4 --tile 92 --threads 1 --workers 1 \
  --val-fraction 0 --validate-every 0 --iterations 10 --seed 3 --out "$work/run" >/dev/null 2>&1 || { echo "training failed"; exit 1; }
"$unet" synth --style cells --n 1 --size 512 --seed 5 --out "$work/data" >/dev/null || exit 1
# the synthetic 512^2 image, mirrored into one SIZE x SIZE 8-bit TIFF
cat >"$work/MakeLarge.java" <<'JAVA'
import java.nio.file.*; import java.util.*; import org.unet4j.data.*; import org.unet4j.io.*;
public class MakeLarge { public static void main(String[] a) throws Exception {
  Image im = ImageFiles.readImage(ImageFiles.listImages(Path.of(a[0])).get(0)); int n = Integer.parseInt(a[2]);
  Image big = Mirror.window(im, 0, 0, n, n); float[] px = big.pixels(); int[] v = new int[px.length];
  for (int i = 0; i < v.length; i++) v[i] = Math.round(px[i]);
  ImageFiles.writeLabelImages(Path.of(a[1]), List.of(new LabelImage(n, n, v)), TiffCompression.NONE); } }
JAVA
java -cp "$root/unet4j-cli/target/unet4j.jar" "$work/MakeLarge.java" "$work/data/images" "$work/large.tif" "$size" || exit 1

P=(--model "$work/run" --input "$work/large.tif" --tile "$tile" "${tta[@]}")
rows=()
declare -A wall_of pred_of
run() { # name tasks-x-threads baseline-name reference-name command...
  local name="$1" shape="$2" base="$3" ref="$4" key out t0 t1 wall pred log same="-" vs_wall="" vs_pred="" parts
  shift 4
  key="${name//[^a-z0-9]/}"
  out="$work/out-$key"
  log="$work/$key.log"
  t0=$(date +%s.%N)
  "$@" --out "$out" >"$log" 2>&1 || { echo "$name failed:"; tail -5 "$log"; exit 1; }
  t1=$(date +%s.%N)
  wall=$(echo "$t1 - $t0" | bc -l)
  pred=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$log" | tail -1)
  parts=$(sed -n 's/.*split into parts of whole tiles, \([0-9]*\) part.*/\1/p' "$log" | tail -1)
  wall_of[$name]=$wall; pred_of[$name]=$pred
  if [ -n "$ref" ]; then
    same=yes
    for f in "$work/out-${ref//[^a-z0-9]/}"/*.tif; do cmp -s "$f" "$out/$(basename "$f")" || same=no; done
  fi
  if [ -n "$base" ]; then
    vs_wall=$(printf '%+.0f %%' "$(echo "(${wall_of[$base]} / $wall - 1) * 100" | bc -l)")
    vs_pred=$(printf '%+.0f %%' "$(echo "(${pred_of[$base]} / $pred - 1) * 100" | bc -l)")
  fi
  rows+=("$(printf '| %s | %s | %s | %.1f | %.1f | %.2f | %s | %s | %s |' "$name" "$shape" "${parts:--}" "$wall" "$pred" \
    "$(echo "$size * $size / 1000000 / $pred" | bc -l)" "${vs_wall:-}" "${vs_pred:-}" "$same")")
}
up="unet predict --threads $threads"
u1="unet predict --threads 1"
S=(--split-above "$split")
run "$up" "1 x $threads" "" "" "$unet" predict "${P[@]}" --threads "$threads"
[ "$threads" -ne 1 ] && run "$u1" "1 x 1" "" "" "$unet" predict "${P[@]}" --threads 1
run "spark-predict local[$threads] --threads 1" "$threads x 1" "$up" "$u1" "$unet" spark-predict --master "local[$threads]" "${P[@]}" "${S[@]}" --threads 1
[ "$threads" -ne 1 ] && run "spark-predict local[1] --threads $threads" "1 x $threads" "$up" "$up" "$unet" spark-predict --master "local[1]" "${P[@]}" "${S[@]}" --threads "$threads"

echo
echo "one ${size}x${size} 8-bit TIFF, U-Net depth 2 base 4, tile $tile${TTA:+, TTA}, --split-above $split, $threads threads in all"
echo
echo "| run | tasks x threads | parts | wall s | predict s | MPx/s (predict) | throughput vs unet predict (wall) | (predict) | bytes = unet predict |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
