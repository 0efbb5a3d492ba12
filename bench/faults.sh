#!/usr/bin/env bash
# Fault campaign (issue 20): kill -9 at random moments of training runs (some inside checkpoint
# writes), Ctrl-C in train and predict, kill -9 in predict, two resumes at once, a full disk and a
# read-only output (both need root: a small tmpfs). Every interrupted run is resumed to the end and
# compared, weights bit for bit, with an uninterrupted run of the same settings. Prints a table
# and a last count line; exits 1 if a checkpoint was corrupt, a run did not recover or files were
# left behind.
#   bench/faults.sh [KILLS]        (default 20; SEED=N picks the random moments)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
unet="$root/unet"
kills="${1:-20}"
RANDOM="${SEED:-1}"
work=$(mktemp -d "${TMPDIR:-/tmp}/unet4j-faults.XXXXXX")
mounts=()
cleanup() {
  for m in "${mounts[@]}"; do umount -l "$m" 2>/dev/null; done
  rm -rf "$work"
}
trap cleanup EXIT
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ); work folder $work"

iters=200
T=(--depth 2 --base 4 --tile 92 --threads 1 --workers 1 --val-fraction 0 --validate-every 0 --checkpoint-every 2 --seed 3)
"$unet" synth --style cells --n 4 --size 96 --out "$work/data" >/dev/null || exit 1
D=(--images "$work/data/images" --labels "$work/data/labels")

rows=()
total_faults=0; total_recovered=0; total_corrupt=0; total_lost=0; total_left=0
row() { # name injected recovered corrupt lost leftovers
  rows+=("| $1 | $2 | $3 | $4 | $5 | $6 |")
  total_faults=$((total_faults + $2)); total_recovered=$((total_recovered + $3)); total_corrupt=$((total_corrupt + $4))
  total_lost=$((total_lost + $5)); total_left=$((total_left + $6))
}

# corrupt checkpoints of a run: config.json's checksum against weights.pt, state.json readable
corrupt() {
  python3 - "$1" <<'EOF'
import hashlib, json, os, sys
bad = 0
for name in ("last", ".last.old", "best", ".best.old"):
    d = os.path.join(sys.argv[1], "checkpoints", name)
    if not os.path.isdir(d):
        continue
    try:
        cfg = json.load(open(os.path.join(d, "config.json")))
        h = hashlib.sha256(open(os.path.join(d, "weights.pt"), "rb").read()).hexdigest()
        if h != cfg["weights"]["sha256"]:
            bad += 1
        elif name.startswith("last") or name == ".last.old":
            json.load(open(os.path.join(d, "state.json")))
    except Exception:
        bad += 1
print(bad)
EOF
}
state_iter() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["iteration"])' "$1/checkpoints/last/state.json" 2>/dev/null || echo 0; }
csv_iter() { awk -F, 'NR > 1 && $1 ~ /^[0-9]+$/ {v = $1} END {print v + 0}' "$1/train.csv" 2>/dev/null || echo 0; }
leftovers() { find "$@" -name '.*' \( -name '*.tmp' -o -name '*.tmp-*' \) 2>/dev/null | wc -l; }
weights() { sha256sum "$1/checkpoints/last/weights.pt" 2>/dev/null | cut -d' ' -f1; }
java_child() { # the JVM the launcher started
  local c
  for _ in $(seq 1 100); do c=$(pgrep -P "$1" java | head -1); [ -n "$c" ] && { echo "$c"; return; }; sleep 0.05; done
}
# starts `unet ARGS` in the background with the default SIGINT; the launcher's pid goes to LP
start() { setsid env --default-signal=INT "$unet" "$@" >>"$work/child.log" 2>&1 & LP=$!; }

echo "reference run ($iters iterations, uninterrupted) ..."
"$unet" train "${D[@]}" "${T[@]}" --iterations "$iters" --out "$work/reference" >/dev/null 2>&1 || { echo "reference run failed"; exit 1; }
ref=$(weights "$work/reference")

# --- kill -9 during training ---
n=0; during=0; lost=0; corrupt_n=0; runs=(); r=0
run="$work/killed-$r"; runs+=("$run")
while [ "$n" -lt "$kills" ]; do
  if [ -f "$run/config.json" ]; then start train --resume "$run"; lp=$LP; else start train "${D[@]}" "${T[@]}" --iterations "$iters" --out "$run"; lp=$LP; fi
  jp=$(java_child "$lp")
  if [ $((n % 3)) -eq 2 ]; then
    # aimed: the moment a checkpoint's temporary folder appears
    for _ in $(seq 1 3000); do compgen -G "$run/checkpoints/.last.tmp-*" >/dev/null && break; kill -0 "$jp" 2>/dev/null || break; done
  else
    sleep "$(awk -v r=$RANDOM 'BEGIN {printf "%.2f", 1.5 + 4.5 * r / 32767}')"
  fi
  if kill -0 "$jp" 2>/dev/null; then
    kill -9 "$jp" 2>/dev/null; wait "$lp" 2>/dev/null
    # a checkpoint folder that was being written is still there until the next run sweeps it
    compgen -G "$run/checkpoints/.*.tmp-*" >/dev/null && during=$((during + 1))
    n=$((n + 1))
    c=$(corrupt "$run"); corrupt_n=$((corrupt_n + c))
    at=$(csv_iter "$run"); ck=$(state_iter "$run"); [ "$at" -gt "$ck" ] && lost=$((lost + at - ck))
  else
    wait "$lp" 2>/dev/null
  fi
  if [ "$(state_iter "$run")" -ge "$iters" ]; then r=$((r + 1)); run="$work/killed-$r"; runs+=("$run"); fi
done
recovered=0
for run in "${runs[@]}"; do
  [ -f "$run/config.json" ] || continue
  [ "$(state_iter "$run")" -lt "$iters" ] && "$unet" train --resume "$run" >/dev/null 2>&1
  [ "$(weights "$run")" = "$ref" ] && recovered=$((recovered + 1))
done
nruns=0; for run in "${runs[@]}"; do [ -f "$run/config.json" ] && nruns=$((nruns + 1)); done
echo "kill -9 in train: $n kills ($during during a checkpoint write) over $nruns runs; $recovered of $nruns runs end bit-identical to the reference"
row "kill -9 during training ($during in a checkpoint write, $nruns runs)" "$n" "$([ "$recovered" -eq "$nruns" ] && echo "$n" || echo 0)" \
  "$corrupt_n" "$lost" "$(leftovers "${runs[@]}")"

# --- Ctrl-C during training, then resume ---
run="$work/ctrl-c"
start train "${D[@]}" "${T[@]}" --iterations "$iters" --out "$run"; lp=$LP; jp=$(java_child "$lp")
for _ in $(seq 1 600); do [ "$(csv_iter "$run")" -ge 3 ] && break; sleep 0.1; done
kill -INT "$jp" 2>/dev/null; wait "$lp"; code=$?
at=$(csv_iter "$run"); ck=$(state_iter "$run")
"$unet" train --resume "$run" >/dev/null 2>&1
ok=$([ "$code" -eq 130 ] && [ "$(weights "$run")" = "$ref" ] && echo 1 || echo 0)
row "Ctrl-C during training (exit $code at iteration $at)" 1 "$ok" "$(corrupt "$run")" "$((at > ck ? at - ck : 0))" "$(leftovers "$run")"

# --- two resumes at once ---
run="$work/twice"
"$unet" train "${D[@]}" "${T[@]}" --iterations 4 --out "$run" >/dev/null 2>&1
before=$(sha256sum "$run/config.json" | cut -d' ' -f1)
start train --resume "$run" --iterations "$iters"; lp=$LP
for _ in $(seq 1 200); do grep -q "training from iteration 4" "$run/log.txt" 2>/dev/null && break; sleep 0.1; done
mid=$(sha256sum "$run/config.json" | cut -d' ' -f1)
"$unet" train --resume "$run" --iterations 400 >"$work/second.log" 2>&1; code=$?
after=$(sha256sum "$run/config.json" | cut -d' ' -f1)
wait "$lp"
ok=$([ "$code" -eq 2 ] && grep -q "another training is writing" "$work/second.log" && [ "$mid" = "$after" ] && [ "$(weights "$run")" = "$ref" ] && echo 1 || echo 0)
row "second resume while one runs (exit $code, config.json unchanged: $([ "$mid" = "$after" ] && echo yes || echo no))" 1 "$ok" \
  "$(corrupt "$run")" 0 "$(leftovers "$run")"

# --- Ctrl-C and kill -9 during predict ---
python3 - "$work/big/big.png" <<'EOF'
import os, random, struct, sys, zlib
w = h = 2500
random.seed(1)
raw = b"".join(b"\0" + bytes(random.getrandbits(8) for _ in range(w)) for _ in range(h))
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
os.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)
open(sys.argv[1], "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                              + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))
EOF
P=(--model "$work/reference" --input "$work/big" --threads 1 --tta)
wait_tmp() { for _ in $(seq 1 300); do [ -n "$(leftovers "$1")" ] && [ "$(leftovers "$1")" -gt 0 ] && return; sleep 0.1; done; }
start predict "${P[@]}" --out "$work/pred-int"; lp=$LP; jp=$(java_child "$lp"); wait_tmp "$work/pred-int"
kill -INT "$jp" 2>/dev/null; wait "$lp"; code=$?
left=$(leftovers "$work/pred-int")
row "Ctrl-C during predict (exit $code)" 1 "$([ "$left" -eq 0 ] && echo 1 || echo 0)" 0 0 "$left"
start predict "${P[@]}" --out "$work/pred-kill"; lp=$LP; jp=$(java_child "$lp"); wait_tmp "$work/pred-kill"
kill -9 "$jp" 2>/dev/null; wait "$lp"
stale=$(leftovers "$work/pred-kill")
"$unet" predict --model "$work/reference" --input "$work/data/images" --threads 1 --out "$work/pred-kill" >/dev/null 2>&1
left=$(leftovers "$work/pred-kill")
row "kill -9 during predict ($stale temporary files, swept by the next run)" 1 "$([ "$left" -eq 0 ] && echo 1 || echo 0)" 0 0 "$left"

# --- full disk and read-only output (tmpfs, root only) ---
if [ "$(id -u)" -eq 0 ] && mkdir -p "$work/full" "$work/ro" && mount -t tmpfs -o size=4m tmpfs "$work/full" 2>/dev/null; then
  mounts+=("$work/full")
  run="$work/full/run"
  "$unet" train "${D[@]}" "${T[@]}" --iterations 4 --out "$run" >/dev/null 2>&1
  avail=$(df -k --output=avail "$work/full" | tail -1)
  fallocate -l $(( (avail - 24) * 1024 )) "$work/full/filler" 2>/dev/null || head -c $(( (avail - 24) * 1024 )) /dev/zero >"$work/full/filler"
  "$unet" train --resume "$run" --iterations "$iters" >"$work/full.log" 2>&1; code=$?
  c=$(corrupt "$run"); left=$(leftovers "$run"); at=$(csv_iter "$run"); ck=$(state_iter "$run")
  rm -f "$work/full/filler"
  "$unet" train --resume "$run" --iterations "$iters" >/dev/null 2>&1
  ok=$([ "$code" -eq 2 ] && grep -q "no space left on device" "$work/full.log" && [ "$(weights "$run")" = "$ref" ] && echo 1 || echo 0)
  row "disk full during training (exit $code)" 1 "$ok" "$c" "$((at > ck ? at - ck : 0))" "$left"
  if mount -t tmpfs -o size=1m,ro tmpfs "$work/ro" 2>/dev/null; then
    mounts+=("$work/ro")
    "$unet" augment "${D[@]}" --out "$work/ro/a.png" --n 2 --tile 64 >"$work/ro.log" 2>&1; code=$?
    ok=$([ "$code" -eq 2 ] && grep -q "read-only file system writing" "$work/ro.log" && echo 1 || echo 0)
    row "read-only output (augment --out, exit $code)" 1 "$ok" 0 0 0
  fi
else
  echo "(not root or no mount: full-disk and read-only cases skipped)"
fi

echo
echo "| fault | injected | recovered | corrupt checkpoints | iterations lost | leftovers |"
echo "|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
echo
echo "faults $total_faults, recovered $total_recovered, corrupt checkpoints $total_corrupt, iterations lost $total_lost, leftovers $total_left"
[ "$total_corrupt" -eq 0 ] && [ "$total_left" -eq 0 ] && [ "$total_recovered" -eq "$total_faults" ]
