#!/usr/bin/env bash
# Synthetic data speed (issue 10): SyntheticData.generate per style and size, one thread.
# Usage: bench/synth.sh [runs]   (default 10 timed samples per row after 3 warm-up samples)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_build
echo "machine: $(bench_machine)"
BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -XX:ActiveProcessorCount=1" bench_java org.unet4j.bench.SynthBench "$@"
