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
# old and new in paired rounds (paired_ab.sh: ROUNDS SIZE THREADS REPEATS)
if [ -n "$old" ]; then
    paired=$(dirname "$0")/paired_ab.sh
    "$paired" "$build" 3 4000 1 7 old="$old" new="$lib"
    "$paired" "$build" 2 64000 1 3 old="$old" new="$lib"
    "$paired" "$build" 6 64000 2 5 old="$old" new="$lib"
    for set in 1 2; do
        printf '%-34s ' "idle old (set $set)"; LD_PRELOAD="$old" "$net" 2>&1 | grep 'idle 2-thread'
        printf '%-34s ' "idle new (set $set)"; LD_PRELOAD="$lib" "$net" 2>&1 | grep 'idle 2-thread'
    done
fi
