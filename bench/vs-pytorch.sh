#!/usr/bin/env bash
# unet4j against the PyTorch reference (../shared/bench, Debian's python3-torch) on the same
# configurations, alternating, in one run: the 4096^2 matmul (the machine's practical fp32 peak),
# forward passes and training steps of the paper's U-Net at 572 with base 16 and base 64.
#   bench/vs-pytorch.sh [CONFIG...]    (default: matmul fwd16 train16 fwd64 train64)
# Env: THREADS (default: all cores), REPS (timed iterations, default 5), GATE (reference's wait
# for a quiet machine, default 300 s).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ref="$root/../shared/bench/run-reference.sh"
threads="${THREADS:-$(nproc)}"
reps="${REPS:-5}"
export OMP_NUM_THREADS="$threads"
configs=("$@")
[ ${#configs[@]} -gt 0 ] || configs=(matmul fwd16 train16 fwd64 train64)
"$root/unet" info >/dev/null   # build once before timing

unet_json() { # config -> JSON line of unet bench
  case "$1" in
    matmul)  "$root/unet" bench --mode matmul --size 4096 --iterations "$reps" --threads "$threads" ;;
    fwd16)   "$root/unet" bench --mode forward --base 16 --iterations "$reps" --threads "$threads" ;;
    train16) "$root/unet" bench --mode train --base 16 --iterations "$reps" --threads "$threads" ;;
    fwd64)   "$root/unet" bench --mode forward --base 64 --iterations "$reps" --threads "$threads" ;;
    train64) "$root/unet" bench --mode train --base 64 --iterations "$reps" --warmup 1 --threads "$threads" ;;
  esac | grep '^{' | tail -1
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%Y-%m-%dT%H:%MZ), $threads threads"
rows=()
peak=""
for c in "${configs[@]}"; do
  r=$(REPS="$reps" "$ref" "$c" | tail -1)
  u=$(unet_json "$c")
  rm=$(jq -r '.median_s' <<<"$r"); um=$(jq -r '.median_s' <<<"$u")
  rg=$(jq -r '.gflops' <<<"$r");   ug=$(jq -r '.gflops' <<<"$u")
  [ "$c" = matmul ] && peak="$ug"
  frac="-"
  if [ -n "$peak" ] && [ "$c" != matmul ]; then frac=$(awk -v g="$ug" -v p="$peak" 'BEGIN {printf "%.0f %%", 100 * g / p}'); fi
  ratio=$(awk -v a="$rm" -v b="$um" 'BEGIN {printf "%.2f", a / b}')
  rows+=("$(printf '| %s | %.3f s (%.0f GFLOP/s) | %.3f s (%.0f GFLOP/s) | %sx | %s |' "$c" "$rm" "$rg" "$um" "$ug" "$ratio" "$frac")")
  echo "$c: pytorch $r" >&2
  echo "$c: unet4j  $u" >&2
done
echo
echo "| config | PyTorch reference (median) | unet4j (median) | unet4j speed-up | unet4j / libtorch matmul peak |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
