#!/usr/bin/env bash
# Weight-map speed (issue 5): WeightMaps.apply on synthetic packed cells, one thread.
# Usage: bench/weightmap.sh [runs]   (default 20 timed runs per row after 5 warm-up runs)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
echo "machine: $(bench_machine)"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -XX:ActiveProcessorCount=1" bench_java org.unet4j.bench.WeightMapBench "$@"
