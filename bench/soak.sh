#!/usr/bin/env bash
# Soak test: 2,000 training steps of a base-16 U-Net at 572 (forward, weighted softmax
# cross-entropy, backward, SGD momentum 0.99), printing the resident memory every 100 steps.
# Passes when the process finishes without a native crash and RSS grows < 5 % between step 100
# and the last step.
#   bench/soak.sh [STEPS] [BASE]      (defaults 2000 and 16)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
steps="${1:-2000}"
base="${2:-16}"
log=$(mktemp)
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
"$root/unet" bench --mode train --base "$base" --tile 572 --iterations "$steps" --warmup 0 --rss-every 100 \
  --threads "${THREADS:-$(nproc)}" | tee "$log"
first=$(awk '$1=="step" && $2==100 {print $4}' "$log")
last=$(awk '$1=="step" {v=$4} END {print v}' "$log")
growth=$(awk -v a="$first" -v b="$last" 'BEGIN {printf "%.2f", 100 * (b - a) / a}')
echo
echo "| steps | RSS at step 100 | RSS at step $steps | growth |"
echo "|---|---|---|---|"
echo "| $steps | $first MiB | $last MiB | $growth % |"
rm -f "$log"
awk -v g="$growth" 'BEGIN {exit !(g < 5)}'
