#!/usr/bin/env bash
# Prediction throughput (issue 9): a 2048x2048 image through the paper's U-Net (base 64, random
# weights), unet4j `--tile auto` and fixed 572 tiles against the PyTorch reference with the paper's
# fixed 572 tile (../shared/bench, mode tiled2048), run alternately in one go; output megapixels/s.
# Usage: bench/predict.sh [ROUNDS]   (default 1 round: reference, unet4j auto, unet4j 572)
# Env: THREADS (default 2), PRECISION (fp32; e.g. "fp32,bf16" adds bf16 rows), MEMORY (2g),
#      GATE (seconds the reference waits for a quiet machine, default 60),
#      SHARED (the shared folder with bench/run-reference.sh, default ../shared or /work/shared)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rounds="${1:-1}"
threads="${THREADS:-2}"
shared="${SHARED:-$BENCH_ROOT/../shared}"
[ -x "$shared/bench/run-reference.sh" ] || shared=/work/shared
ref="$shared/bench/run-reference.sh"
[ -x "$ref" ] || { echo "no PyTorch reference at $ref; set SHARED" >&2; exit 2; }
bench_build
echo "machine: $(bench_machine), $threads threads"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for ((r = 1; r <= rounds; r++)); do
  echo "round $r/$rounds: PyTorch reference (572 tiles) ..." >&2
  OMP_NUM_THREADS="$threads" GATE="${GATE:-60}" REPS=1 "$ref" tiled2048 | sed "s/^/$r /" >>"$tmp/torch.txt"
  echo "round $r/$rounds: unet4j ..." >&2
  bench_java org.unet4j.bench.PredictBench size=2048 threads="$threads" tiles=auto,572 precision="${PRECISION:-fp32}" \
    memory="${MEMORY:-2g}" | sed -n 's/^RESULT //p' | sed "s/^/$r /" >>"$tmp/unet.txt"
done
python3 - "$tmp/torch.txt" "$tmp/unet.txt" <<'PY'
import json, sys, statistics
def load(path):
    rows = []
    for line in open(path):
        r, js = line.split(" ", 1)
        rows.append((int(r), json.loads(js)))
    return rows
torch, unet = load(sys.argv[1]), load(sys.argv[2])
mpx = 2048 * 2048 / 1e6
ref = {r: mpx / t["median_s"] for r, t in torch}
print(f"{'round':>5} {'implementation':<24} {'tile':>9} {'tiles':>5} {'seconds':>8} {'MPx/s':>8} {'vs PyTorch':>10}")
for r, t in torch:
    print(f"{r:>5} {'PyTorch ' + t['torch'] + ' (572)':<24} {572:>9} {'36':>5} {t['median_s']:>8.1f} {ref[r]:>8.4f} {'1.00x':>10}")
    for rr, u in unet:
        if rr == r:
            name = f"unet4j {u['mode']} {u['precision']}"
            print(f"{r:>5} {name:<24} {u['tile']:>9} {u['tiles']:>5} {u['seconds']:>8.1f} {u['mpx_per_s']:>8.4f} {u['mpx_per_s'] / ref[r]:>9.2f}x")
if len(torch) > 1:
    print("median ratios over rounds:")
    keys = sorted({(u['mode'], u['precision']) for _, u in unet})
    for k in keys:
        ratios = [u['mpx_per_s'] / ref[r] for r, u in unet if (u['mode'], u['precision']) == k]
        print(f"  unet4j {k[0]} {k[1]}: {statistics.median(ratios):.2f}x")
PY
