#!/usr/bin/env bash
# DIC-HeLa (Cell Tracking Challenge, sequence 01), the U-Net paper's second cell benchmark, end to
# end as a user would: two training recipes, instances by 4-connected components and by the
# watershed, scored with CTC SEG, foreground IoU and AP@0.5 on manual-GT frames held out.
#
#   bench/hela.sh [--minutes M] [--out DIR] [--score-only] [--val "021 054"] [-- TRAIN OPTIONS...]
#
#   --minutes M     training wall time of each recipe (default 60), validation included
#   --out DIR       where the folders, runs and scores go (default runs/hela-<M>m)
#   --score-only    do not train: predict and score the runs already in --out
#   --val "N N"     the manual-GT frames held out for validation and scoring (default 021 054)
#   --parallel      train both recipes at once, one thread each (default: one after the other,
#                   with all cores)
#   TRAIN OPTIONS   replace the default recipe options (DEFAULT_TRAIN below)
#
# Recipes:
#   gt  the 6 other frames with manual GT (man_seg067 is partial: left out with --exclude)
#   st  every frame except the validation frames and their two neighbours on each side (those
#       would leak: consecutive frames look alike), with the manual GT where a frame has one and
#       the CTC silver truth elsewhere (74 frames)
# Needs ../shared/data/dic-hela (HELA_DATA); the independent scorer column needs Debian's
# python3-numpy/-scipy/-skimage/-pil/-tifffile (../shared/eval/README.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${HELA_DATA:-$root/../shared/data/dic-hela}"
scorer="${HELA_SCORER:-$root/../shared/eval/score.py}"
python="${PYTHON:-python3}"   # a Python with numpy/scipy/skimage for the independent scorer
minutes=60
out=""
score_only=0
parallel=0
val="021 054"
# --preset cells: batch norm after every convolution and a poly learning-rate decay (the paper's
# network without batch norm trains too, with the default warm-up and restarts; docs/RESULTS.md);
# the best checkpoint by SEG, the benchmark's metric.
DEFAULT_TRAIN=(--base 16 --preset cells --best-metric seg --validate-every 500 --iterations 1000000)
train_opts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --score-only) score_only=1; shift ;;
    --parallel) parallel=1; shift ;;
    --val) val="$2"; shift 2 ;;
    --) shift; train_opts=("$@"); break ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ ${#train_opts[@]} -gt 0 ] || train_opts=("${DEFAULT_TRAIN[@]}")
[ -n "$out" ] || out="$root/runs/hela-${minutes}m"
[ -d "$data/01_GT/SEG" ] || { echo "no DIC-HeLa data at $data (set HELA_DATA)" >&2; exit 2; }
unet="$root/unet"
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(date -u +%Y-%m-%dT%H:%MZ)"

# ---- the folders: links into the data, never copies
prepare() {
  local d="$out/data"
  rm -rf "$d"
  mkdir -p "$d/val/frames" "$d/val/labels" "$d/st/frames" "$d/st/labels"
  for n in $val; do
    ln -s "$data/01/t$n.tif" "$d/val/frames/"
    ln -s "$data/01_GT/SEG/man_seg$n.tif" "$d/val/labels/"
  done
  for f in "$data"/01/t*.tif; do
    local n i skip=0
    n=$(basename "$f" .tif); n=${n#t}; i=$((10#$n))
    for v in $val; do local dv=$((i - 10#$v)); [ ${dv#-} -le 2 ] && skip=1; done
    [ $skip = 1 ] && continue
    ln -s "$f" "$d/st/frames/"
    if [ -e "$data/01_GT/SEG/man_seg$n.tif" ] && [ "$n" != 067 ]; then
      ln -s "$data/01_GT/SEG/man_seg$n.tif" "$d/st/labels/"
    else
      ln -s "$data/01_ST/SEG/man_seg$n.tif" "$d/st/labels/"
    fi
  done
}

train() { # recipe threads
  local recipe=$1 threads=$2 images labels excl=()
  local d="$out/data"
  if [ "$recipe" = gt ]; then
    images="$data/01"; labels="$data/01_GT/SEG"
    excl=(--unlabelled skip --exclude man_seg067.tif)
    for n in $val; do excl+=(--exclude "t$n.tif"); done
  else
    images="$d/st/frames"; labels="$d/st/labels"
  fi
  rm -rf "$out/run-$recipe"
  "$unet" train --images "$images" --labels "$labels" "${excl[@]}" --val-images "$d/val/frames" --val-labels "$d/val/labels" \
    --out "$out/run-$recipe" --minutes "$minutes" --threads "$threads" "${train_opts[@]}" > "$out/train-$recipe.log" 2>&1
  echo "trained $recipe: $(grep -E '^(done|stopped)' "$out/train-$recipe.log" | head -1)"
}

if [ "$score_only" -eq 0 ]; then
  prepare
  echo "train (each recipe): ${train_opts[*]} --minutes $minutes"
  if [ "$parallel" -eq 1 ]; then
    train gt 1 & train st 1 & wait
  else
    train gt "$(nproc)"; train st "$(nproc)"
  fi
fi

[ -d "$out/data/val/frames" ] || prepare

# ---- predict the held-out frames (TTA) with both checkpoints; instances two ways; score
for recipe in gt st; do
  for ckpt in best last; do
    model="$out/run-$recipe/checkpoints/$ckpt"
    [ -d "$model" ] || continue
    for inst in cc ws; do
      p="$out/pred-$recipe-$ckpt-$inst"
      rm -rf "$p"
      flags=(--layout folders --instances --tta)
      [ "$inst" = ws ] && flags+=(--postprocess watershed --seed-threshold 0.8 --flood-threshold 0.5 --min-size 20)
      "$unet" predict --model "$model" --input "$out/data/val/frames" --out "$p" "${flags[@]}" >/dev/null
      "$unet" evaluate --pred "$p/instances" --gt "$out/data/val/labels" --metric cells --json "$p.json" >/dev/null
      if "$python" "$scorer" --help >/dev/null 2>&1; then
        "$python" "$scorer" --gt "$out/data/val/labels" --pred "$p/instances" --metric cells > "$p.score.json" 2>/dev/null || true
      fi
    done
  done
done

python3 - "$out" "$val" <<'PY'
import json, os, re, sys
out, val = sys.argv[1], sys.argv[2]
def load(p):
    try:
        with open(p) as f: return json.load(f)
    except (OSError, ValueError): return None
def v(j, k):
    if j is None: return None
    m = j.get("cells", j).get(k)
    return m.get("value") if isinstance(m, dict) else m
def steps(recipe, ckpt):
    try:
        with open(f"{out}/run-{recipe}/checkpoints/{ckpt}/config.json") as f: pass
        log = open(f"{out}/run-{recipe}/log.txt").read()
    except OSError: return "-"
    if ckpt == "last":
        m = re.findall(r"finished (\d+) iterations", log) or re.findall(r"checkpoint at iteration (\d+)", log)
        return m[-1] if m else "-"
    m = re.findall(r"iteration (\d+): .* - best so far", log)
    return m[-1] if m else "-"
print()
print(f"DIC-HeLa sequence 01, manual-GT frames {val} held out; TTA; cc = 4-connected components, ws = watershed")
print("| recipe | checkpoint (iteration) | instances | SEG | IoU | AP@0.5 | SEG (score.py) |")
print("|---|---|---|---|---|---|---|")
for recipe in ("gt", "st"):
    for ckpt in ("best", "last"):
        for inst in ("cc", "ws"):
            j = load(f"{out}/pred-{recipe}-{ckpt}-{inst}.json")
            if j is None: continue
            s = load(f"{out}/pred-{recipe}-{ckpt}-{inst}.score.json")
            f = lambda x: "-" if x is None else f"{x:.4f}"
            apv = v(j, "ap")
            print(f"| {recipe} | {ckpt} ({steps(recipe, ckpt)}) | {inst} | {f(v(j, 'seg'))} | {f(v(j, 'iou'))} | {f(apv)} | {f(v(s, 'seg'))} |")
print("| paper (U-Net, GPU, CTC test sequences) | | | | 0.7756 IoU | | |")
PY
