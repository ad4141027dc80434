#!/usr/bin/env bash
# Fuzzes the contract parser and the CSV reader for longer than CI does:
#   scripts/fuzz.sh [ITERATIONS] [SEED]     (default 100000 iterations from a seed taken from the clock)
# A failure names the iteration and the seed; run again with that seed to reproduce it.
source "$(dirname "$0")/lib.sh"
iterations=${1:-100000}
seed=${2:-$(date +%s)}
echo "Fuzzing with $iterations iterations from seed $seed"
swift build --build-tests
SETTLE_FUZZ_ITERATIONS=$iterations SETTLE_FUZZ_SEED=$seed swift test --skip-build --filter FuzzTests
