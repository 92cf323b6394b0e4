#!/usr/bin/env bash
# The coba_bench figures the README quotes for the shipped library, in one go (prints a log; commit
# it under tools/bench/results/). Needs a CMake build (coba_bench, test_network) and the library:
#
#   tools/bench/coba_bench_session.sh BUILD_DIR LIBRARY [OLD_LIBRARY]
#
# LIBRARY (and OLD_LIBRARY, e.g. an earlier build, alternated with it) is preloaded, so the CMake
# build's own copy does not matter. Every figure is coba_bench's own BENCH line.
set -euo pipefail
build=$1 lib=$2 old=${3:-}
bench=$build/coba_bench
net=$(find "$build" -name test_network -type f | head -n 1)
run() { local label=$1; shift; printf '%-34s ' "$label"; "$@" 2>&1 | grep '^BENCH'; }
echo "# $(date -u +%FT%TZ) $(uname -n); library sha256 $(sha256sum "$lib" | cut -c1-12)${old:+; old $(sha256sum "$old" | cut -c1-12)}"
for size in 4000 64000; do
    for t in 1 2; do
        run "$size/T$t shipped" env LD_PRELOAD="$lib" "$bench" --sizes $size --threads $t --repeats 7
        run "$size/T$t portable kernels" env BRAINPYSTATE_KERNELS=portable LD_PRELOAD="$lib" "$bench" --sizes $size --threads $t --repeats 7
    done
done
# old and new alternated: SIZE THREADS REPEATS SETS
alternate() {
    local size=$1 t=$2 repeats=$3 sets=$4 set
    for set in $(seq "$sets"); do
        run "$size/T$t old (set $set)" env LD_PRELOAD="$old" "$bench" --sizes "$size" --threads "$t" --repeats "$repeats"
        run "$size/T$t new (set $set)" env LD_PRELOAD="$lib" "$bench" --sizes "$size" --threads "$t" --repeats "$repeats"
    done
}
if [ -n "$old" ]; then
    alternate 4000 1 7 3
    alternate 64000 1 3 2
    alternate 64000 2 5 6
    for set in 1 2; do
        printf '%-34s ' "idle old (set $set)"; LD_PRELOAD="$old" "$net" 2>&1 | grep 'idle 2-thread'
        printf '%-34s ' "idle new (set $set)"; LD_PRELOAD="$lib" "$net" 2>&1 | grep 'idle 2-thread'
    done
fi
