#!/usr/bin/env bash
# unet4j's Java CUDA path on a machine with a JDK 17, Maven, an NVIDIA driver and the CUDA 13.1
# libraries libtorch's -gpu build links (issue 22). Not run yet: no such machine was available.
#   bench/gpu.sh            builds with -Pgpu, checks the device, runs the GPU-tagged tests, times, predicts
# Needs on the library path (LD_LIBRARY_PATH or ldconfig) what Maven Central's cuda-redist
# 13.1-9.19-1.5.13 jar lacks: cuBLAS/cuBLASLt 13, cuDNN 9, cuSPARSE 12 and NCCL 2 (a CUDA 13.1 +
# cuDNN 9 installation); the CUDA runtime itself (cudart, cuFFT, cuRAND, NVRTC, ...) comes from the jar.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${OUT:-/tmp/gpu-bench}"
mkdir -p "$OUT"
cd "$here"
mvn -B -q -Pgpu -DskipTests install
unet="java -jar $here/unet4j-cli/target/unet4j.jar"
echo "== device"
$unet bench --mode matmul --device gpu --iterations 3 | tail -3
echo "== GPU-tagged tests (device selection, CUDA memory over 200 steps, checkpoints GPU<->CPU, resume)"
mvn -B -q -Pgpu -pl unet4j-core test -Dgroups=gpu -Dsurefire.failIfNoSpecifiedTests=false -Dunet4j.test.gpu=true
echo "== forward, paper net (572 -> 388 and 1212 -> 1028), fp32 and bf16"
for tile in 572 1212; do
  for batch in 1 4; do
    $unet bench --mode forward --device gpu --tile "$tile" --batch "$batch" --iterations 20 --warmup 3 | tail -1
  done
done
echo "== training step, paper net at 572 (target: <= 50 ms with bf16 autocast)"
$unet bench --mode train --device gpu --tile 572 --iterations 20 --warmup 3 | tail -1
echo "== prediction of a 512x512 and a 2048x2048 image (target: 512x512 <= 0.1 s warm)"
python3 - "$OUT" <<'PY'
import sys, numpy as np
from PIL import Image
rng = np.random.default_rng(1)
for n in (512, 2048):
    Image.fromarray((rng.random((n, n)) * 255).astype(np.uint8)).save(f"{sys.argv[1]}/random{n}.png")
PY
$unet train --images "$here/../shared/data/isbi2012/train/images" --labels "$here/../shared/data/isbi2012/train/labels" \
  --out "$OUT/run" --iterations 20 --device gpu > "$OUT/train.log" 2>&1 || true
for n in 512 2048; do
  $unet predict --model "$OUT/run" --input "$OUT/random$n.png" --out "$OUT/pred$n" --device gpu | tail -2
done
