#!/usr/bin/env bash
# Evaluation speed (issue 7): the ISBI 2012 metrics on a 30-slice 512x512 stack (the 25 ISBI label
# slices of ../shared/data/isbi2012, 5 of them twice) with a seeded noisy probability map, each
# metric alone on one thread, then all five on 1 thread and on all cores.
#   bench/evaluate.sh [--data DIR] [--write DIR]   (--write saves gt.tif/pred.tif for score.py)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
echo "machine: $(bench_machine)"
bench_java org.unet4j.bench.EvalBench "$@"
