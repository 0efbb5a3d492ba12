#!/usr/bin/env bash
# End-to-end training throughput against the bare training step, in one run: `unet bench --mode
# train` (forward, loss, backward, SGD on random data) and then `unet train` on the ISBI 2012
# slices with augmentation and weight maps for the same network and tile (validation only at the
# end, reported separately). Prints steps/s of both, the ratio, and the resident memory at the
# start and the end of the training run (from its log.txt).
#   bench/train-throughput.sh [ITERATIONS] [BASE]    (defaults 300 and 16)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${ISBI_DATA:-$root/../shared/data/isbi2012}"
n="${1:-300}"
base="${2:-16}"
threads="${THREADS:-$(nproc)}"
run=$(mktemp -d)/run
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%Y-%m-%dT%H:%MZ), $threads threads"
bare=$("$root/unet" bench --mode train --base "$base" --tile 572 --iterations 30 --warmup 3 --threads "$threads" | grep '^{')
bare_s=$(jq -r '.median_s' <<<"$bare")
"$root/unet" train --images "$data/train/images" --labels "$data/train/labels" --val-images "$data/val/images" \
  --val-labels "$data/val/labels" --out "$run" --base "$base" --tile 572 --iterations "$n" --validate-every 0 \
  --checkpoint-every 50 --threads "$threads" >/dev/null 2>&1
# steps/s over iterations 11..n from train.csv's cumulative seconds (the first 10 include warm-up)
e2e=$(awk -F, -v n="$n" 'NR>1 && $1==10 {a=$4} NR>1 && $1==n-1 {b=$4} END {printf "%.4f", (n-11)/(b-a)}' "$run/train.csv")
bare_rate=$(awk -v s="$bare_s" 'BEGIN {printf "%.4f", 1/s}')
ratio=$(awk -v a="$e2e" -v b="$bare_rate" 'BEGIN {printf "%.1f", 100*a/b}')
rss_start=$(grep -m1 -o "checkpoint at iteration 50; resident memory [0-9]* MiB" "$run/log.txt" | grep -o "[0-9]* MiB")
rss_end=$(grep -o 'resident memory [0-9]* MiB' "$run/log.txt" | tail -1 | grep -o '[0-9]* MiB')
val=$(grep -o 'validation .*(\([0-9.]*\) s)' "$run/log.txt" | tail -1 | grep -o '([0-9.]* s)' | tail -1)
echo
echo "| network | bare step (unet bench) | unet train, iterations 11-$((n - 1)) | ratio | RSS at step 50 -> end | final validation |"
echo "|---|---|---|---|---|---|"
echo "| base $base, tile 572 | $bare_rate steps/s | $e2e steps/s | $ratio % | $rss_start -> $rss_end | $val |"
rm -rf "$(dirname "$run")"
