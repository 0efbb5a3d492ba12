#!/usr/bin/env bash
# Augmentation speed (issue 6): milliseconds to make one 572x572 training tile (388x388 labels,
# instances, weights) on one thread, for several transform sets. Usage: bench/augment.sh [TILES]
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
echo "machine: $(bench_machine)"
bench_build
bench_java org.unet4j.bench.AugmentBench "$@"
