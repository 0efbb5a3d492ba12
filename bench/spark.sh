#!/usr/bin/env bash
# Spark throughput (issue 23): one stack of SLICES synthetic slices predicted by single-process
# 'unet predict' and by 'unet spark-predict' on local[1] and local[2], at equal total threads
# (THREADS, default 2: predict --threads 2; local[1] one task of 2 threads; local[2] two tasks of
# 1 thread). Prints a table: wall time of the whole command (JVM and Spark start included), the
# prediction time each reports, slices/s, Spark's overhead against 'unet predict', and whether the
# outputs are byte-identical to those of 'unet predict' with the same threads per task.
#   bench/spark.sh [SLICES] [SIZE]      (default 200 slices of 128x128)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
unet="$root/unet"
slices="${1:-200}"
size="${2:-128}"
threads="${THREADS:-2}"
work=$(mktemp -d "${TMPDIR:-/tmp}/unet4j-spark-bench.XXXXXX")
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
echo "machine: $(nproc) cores ($(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)), $(date -u +%Y-%m-%dT%H:%MZ); work folder $work"

# build both jars first if sources changed, so that no build falls into a timed run
"$unet" --version >/dev/null 2>&1; "$unet" spark-predict --help >/dev/null 2>&1
"$unet" synth --style cells --n 4 --size 128 --out "$work/train" >/dev/null || exit 1
"$unet" train --images "$work/train/images" --labels "$work/train/labels" --depth 2 --base 4 --tile 92 --threads 1 --workers 1 \
  --val-fraction 0 --validate-every 0 --iterations 10 --seed 3 --out "$work/run" >/dev/null 2>&1 || { echo "training failed"; exit 1; }
"$unet" synth --style cells --n "$slices" --size "$size" --seed 5 --out "$work/data" >/dev/null || exit 1
# the slices as one multi-page 8-bit TIFF
cat >"$work/MakeStack.java" <<'JAVA'
import java.nio.file.*; import java.util.*; import org.unet4j.data.*; import org.unet4j.io.*;
public class MakeStack { public static void main(String[] a) throws Exception {
  List<LabelImage> pages = new ArrayList<>();
  for (Path f : ImageFiles.listImages(Path.of(a[0]))) { Image im = ImageFiles.readImage(f); float[] px = im.pixels(); int[] v = new int[px.length];
    for (int i = 0; i < v.length; i++) v[i] = Math.round(px[i]); pages.add(new LabelImage(im.height(), im.width(), v)); }
  ImageFiles.writeLabelImages(Path.of(a[1]), pages, TiffCompression.NONE); } }
JAVA
java -cp "$root/unet4j-cli/target/unet4j.jar" "$work/MakeStack.java" "$work/data/images" "$work/stack.tif" || exit 1

P=(--model "$work/run" --input "$work/stack.tif" --tile auto)
rows=()
declare -A wall_of pred_of
run() { # name tasks-x-threads baseline-name reference-dir command...
  local name="$1" shape="$2" base="$3" ref="$4" key out t0 t1 wall pred log same="-" vs_wall="" vs_pred=""
  shift 4
  key="${name//[^a-z0-9]/}"
  out="$work/out-$key"
  log="$work/$key.log"
  t0=$(date +%s.%N)
  "$@" --out "$out" >"$log" 2>&1 || { echo "$name failed:"; tail -5 "$log"; exit 1; }
  t1=$(date +%s.%N)
  wall=$(echo "$t1 - $t0" | bc -l)
  pred=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$log" | tail -1)
  wall_of[$name]=$wall; pred_of[$name]=$pred
  if [ -n "$ref" ]; then
    same=yes
    for f in "$work/out-${ref//[^a-z0-9]/}"/*.tif; do cmp -s "$f" "$out/$(basename "$f")" || same=no; done
  fi
  if [ -n "$base" ]; then
    vs_wall=$(printf '%+.0f %%' "$(echo "(${wall_of[$base]} / $wall - 1) * 100" | bc -l)")
    vs_pred=$(printf '%+.0f %%' "$(echo "(${pred_of[$base]} / $pred - 1) * 100" | bc -l)")
  fi
  rows+=("$(printf '| %s | %s | %.1f | %.1f | %.1f | %s | %s | %s |' "$name" "$shape" "$wall" "$pred" \
    "$(echo "$slices / $pred" | bc -l)" "${vs_wall:-}" "${vs_pred:-}" "$same")")
}
up="unet predict --threads $threads"
u1="unet predict --threads 1"
run "$up" "1 x $threads" "" "" "$unet" predict "${P[@]}" --threads "$threads"
run "spark-predict local[1] --threads $threads" "1 x $threads" "$up" "$up" "$unet" spark-predict --master "local[1]" "${P[@]}" --threads "$threads"
[ "$threads" -ne 1 ] && run "$u1" "1 x 1" "" "" "$unet" predict "${P[@]}" --threads 1
run "spark-predict local[$threads] --threads 1" "$threads x 1" "$up" "$u1" "$unet" spark-predict --master "local[$threads]" "${P[@]}" --threads 1
[ "$threads" -ne 1 ] && run "spark-predict local[1] --threads 1" "1 x 1" "$u1" "$u1" "$unet" spark-predict --master "local[1]" "${P[@]}" --threads 1

echo
echo "$slices slices of ${size}x${size} (one 8-bit TIFF stack), U-Net depth 2 base 4, tile auto, $threads threads in all"
echo
echo "throughput against 'unet predict' at equal total threads (negative: Spark slower); bytes: equal to 'unet predict' with the same threads per task"
echo
echo "| run | tasks x threads | wall s | predict s | slices/s (predict) | throughput vs unet predict (wall) | (predict) | bytes = unet predict |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
