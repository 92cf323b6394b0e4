#!/bin/bash
# Two brainpystate libraries alternated on the sizes whose steps take milliseconds (sweep at
# 256 000 and 1 000 000 neurons, 2 threads, three rounds), then one perf profile of the million-neuron
# run with each, reported per thread: whether the second thread does its share.
#   tools/bench/sweep_ab.sh BEFORE.so AFTER.so      (after cmake has built .build-cmake/sweep)
set -euo pipefail
cd "$(dirname "$0")/../.."
before=$1 after=$2
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
echo "# sweep --sizes 256000,1000000 --threads 2 --large-duration 100, libraries alternated"
echo "# before: $before ; after: $after ; $(date -u)"
for r in 1 2 3; do
  for lib in before after; do
    L=${!lib}
    LD_PRELOAD=$L .build-cmake/sweep --sizes 256000,1000000 --threads 2 --large-duration 100 2>&1 \
      | grep -v SWEEP | tail -2 | sed "s/^/$lib round $r: /"
  done
done
for lib in before after; do
  L=${!lib}
  echo "# perf record -F 2000 of one million-neuron sweep run, samples per thread ($lib; the first thread also builds the network)"
  LD_PRELOAD=$L perf record -q -F 2000 -o "$data/$lib.data" .build-cmake/sweep --sizes 1000000 --threads 2 \
    --large-duration 100 2>&1 | grep -v SWEEP | tail -1 | sed "s/^/$lib: /"
  perf report -i "$data/$lib.data" --no-children --sort pid --stdio 2>/dev/null | grep -v "^#" | grep -v "^$" | head -3
done
