#!/usr/bin/env bash
# Paired A/B of libraries (or environment switches) on coba_bench, for differences of a few per cent
# on a noisy host: every round runs each variant once, in a random order, and the summary compares
# the variants within rounds (the ratio to the first variant: median, geometric mean, rounds won).
#
#   tools/bench/paired_ab.sh BUILD_DIR ROUNDS SIZE THREADS REPEATS LABEL=LIBRARY[,ENV=VALUE...] ...
#
# e.g. tools/bench/paired_ab.sh .build-cmake 20 4000 1 7 old=/tmp/old.so new=.build-release/release/libbrainpystate.so
# Each figure is the run_s_min of one coba_bench invocation (minimum of REPEATS runs), preloaded.
# COBA_ARGS: more coba_bench arguments for every run (e.g. COBA_ARGS="--populations 2").
set -euo pipefail
build=$1 rounds=$2 size=$3 threads=$4 repeats=$5
shift 5
bench=$build/coba_bench
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "# $(date -u +%FT%TZ) $(uname -n): coba_bench --sizes $size --threads $threads --repeats $repeats ${COBA_ARGS:-}, $rounds rounds"
for round in $(seq "$rounds"); do
    for variant in $(printf '%s\n' "$@" | shuf); do
        label=${variant%%=*} rest=${variant#*=}
        lib=${rest%%,*} envs=()
        [ "$rest" != "$lib" ] && IFS=, read -r -a envs <<< "${rest#*,}"
        # shellcheck disable=SC2086 # COBA_ARGS is a list of arguments
        figure=$(env "${envs[@]}" LD_PRELOAD="$lib" "$bench" --sizes "$size" --threads "$threads" --repeats "$repeats" ${COBA_ARGS:-} 2>&1 |
                 sed -n 's/^BENCH.*"run_s_min": \([0-9.]*\).*/\1/p')
        echo "$round $label $figure" | tee -a "$log"
    done
done
python3 - "$log" "${1%%=*}" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if len(line.split()) == 3]
base = sys.argv[2]
rounds = {}
for r, label, figure in rows:
    rounds.setdefault(r, {})[label] = float(figure)
labels = sorted({label for _, label, _ in rows}, key=lambda l: (l != base, l))
for label in labels:
    values = sorted(x[label] for x in rounds.values() if label in x)
    line = f"{label:14s} n={len(values):3d} min {values[0]:.4f} median {statistics.median(values):.4f}"
    if label != base:
        ratios = [x[label] / x[base] for x in rounds.values() if label in x and base in x]
        line += (f"   ratio to {base}: median {statistics.median(ratios):.3f}, geometric mean "
                 f"{statistics.geometric_mean(ratios):.3f}, faster in {sum(r < 1 for r in ratios)}/{len(ratios)}")
    print(line)
PY
