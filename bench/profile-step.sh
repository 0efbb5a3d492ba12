#!/usr/bin/env bash
# Per-layer profile of a training step, unet4j against the PyTorch reference (Debian's python3-torch,
# the reference net of ../shared/bench/torch_unet.py) on the same machine, in one run, alternating:
# `unet bench --mode profile` and bench/profile_pytorch.py measure the same things on the paper
# net at 572 (forward and backward of every layer in the instrumented step, and of every layer
# alone on inputs of the shapes the step feeds it; loss, optimizer, copies; the whole step).
# Prints one side-by-side table per layer and one per group (see bench/profile_table.py).
#   bench/profile-step.sh
# Env: THREADS (default: all cores), BASE (64), REPS (timed repetitions per run, default 5; 2 for
# base 64), WARMUP (2; 1 for base 64), ROUNDS (runs of each tool, alternating, default 1; the
# tables take the median over the rounds), LAYOUT (nchw|nhwc, default nchw), PRECISION (fp32|bf16,
# default fp32), CPU_TIME=1 (time with the thread's CPU time: with THREADS=1 on a busy machine),
# PROFILER=1 (add torch.profiler's top operators of one PyTorch step), TASKSET
# (e.g. "taskset -c 0" to pin both tools), OUT (folder for the JSON lines, default a new temp dir).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ncpu=$(getconf _NPROCESSORS_ONLN)   # the machine's (nproc follows OMP_NUM_THREADS)
threads="${THREADS:-$ncpu}"
base="${BASE:-64}"
if [ "$base" -ge 64 ]; then dreps=2; dwarm=1; else dreps=5; dwarm=2; fi
reps="${REPS:-$dreps}"
warmup="${WARMUP:-$dwarm}"
rounds="${ROUNDS:-1}"
layout="${LAYOUT:-nchw}"
precision="${PRECISION:-fp32}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
pin=(${TASKSET:-})
export OMP_NUM_THREADS="$threads"
"$root/unet" info >/dev/null   # build once before timing

common=(--base "$base" --depth 4 --tile 572 --threads "$threads" --layout "$layout" --precision "$precision"
        --iterations "$reps" --warmup "$warmup")
[ "${CPU_TIME:-0}" = 1 ] && common+=(--cpu-time)

busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }   # jiffies, all CPUs
# runs "$@" with stdout to $1's file; prints the share of the machine other processes used meanwhile
measured() {
  local file="$1"; shift
  local b0 b1 t
  b0=$(busy)
  /usr/bin/time -o "$file.time" -f "%e %U %S" "$@" >"$file" 2>"$file.err"
  t=$(tail -1 "$file.time")
  b1=$(busy)
  awk -v b0="$b0" -v b1="$b1" -v t="$t" -v hz="$(getconf CLK_TCK)" -v n="$ncpu" 'BEGIN {
    split(t, a, " "); others = ((b1 - b0) / hz - a[2] - a[3]) / (n * a[1]); if (others < 0) others = 0;
    printf "%.0f s, others used %.0f %% of the machine", a[1], 100 * others }'
}

echo "machine: $ncpu cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%Y-%m-%dT%H:%MZ)," \
  "$threads threads${TASKSET:+ ($TASKSET)}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "config: base $base, depth 4, tile 572, $layout, $precision, $reps timed after $warmup warm-up per run, $rounds round(s)," \
  "$([ "${CPU_TIME:-0}" = 1 ] && echo "thread CPU time" || echo "wall clock")"
ufiles=(); pfiles=()
for r in $(seq 1 "$rounds"); do
  u="$out/unet4j-$r.json"; p="$out/pytorch-$r.json"
  echo "round $r: unet4j $(measured "$u" "${pin[@]}" "$root/unet" bench --mode profile --device cpu "${common[@]}")" >&2
  pargs=("${common[@]}")
  [ "${PROFILER:-0}" = 1 ] && pargs+=(--torch-profiler)
  echo "round $r: pytorch $(measured "$p" "${pin[@]}" /usr/bin/python3 "$root/bench/profile_pytorch.py" "${pargs[@]}")" >&2
  ufiles+=("$u"); pfiles+=("$p")
done
echo "JSON lines and logs: $out" >&2
echo
/usr/bin/python3 "$root/bench/profile_table.py" --unet4j "${ufiles[@]}" --pytorch "${pfiles[@]}"
