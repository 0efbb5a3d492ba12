#!/usr/bin/env bash
# Soak test: STEPS training steps of a base-16 U-Net at 572 (forward, weighted softmax
# cross-entropy, backward, SGD momentum 0.99), printing the resident memory (and JavaCPP's count
# of live native bytes) every 100 steps. Passes when the process finishes without a native crash
# and RSS grows < 5 % between step FROM and the last step.
#   bench/soak.sh [STEPS] [BASE] [FROM]      (defaults 5000, 16 and 500; THREADS=N sets --threads)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
steps="${1:-5000}"
base="${2:-16}"
from="${3:-500}"
log=$(mktemp)
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ)"
"$root/unet" bench --mode train --base "$base" --tile 572 --iterations "$steps" --warmup 0 --rss-every 100 \
  --threads "${THREADS:-$(nproc)}" | tee "$log"
first=$(awk -v f="$from" '$1=="step" && $2==f {print $4}' "$log")
last=$(awk '$1=="step" {v=$4} END {print v}' "$log")
growth=$(awk -v a="$first" -v b="$last" 'BEGIN {printf "%.2f", 100 * (b - a) / a}')
echo
echo "| steps | RSS at step $from | RSS at step $steps | growth |"
echo "|---|---|---|---|"
echo "| $steps | $first MiB | $last MiB | $growth % |"
rm -f "$log"
awk -v g="$growth" 'BEGIN {exit !(g < 5)}'
