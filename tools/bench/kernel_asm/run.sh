#!/usr/bin/env bash
# Counts the instructions of the LIF kernel's block loop as the COBA benchmark runs it: compiles the
# kernel's source files with Driver.swift as one optimised module (the release build's flags:
# whole-module, -O, -target-cpu haswell) and walks the hot path of the assembly (hot_path.py).
#
#   tools/bench/kernel_asm/run.sh [SOURCE_ROOT] [-v]
#
# SOURCE_ROOT defaults to this checkout; another commit's tree compares, e.g.
#   git archive a87b26c Sources | tar -x -C /tmp/old && tools/bench/kernel_asm/run.sh /tmp/old
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
verbose=
[ "${1:-}" != "" ] && [ "${1:-}" != "-v" ] && { root=$(cd "$1" && pwd); shift; }
[ "${1:-}" = "-v" ] && verbose=-v
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
core=$root/Sources/BrainpyStateCore
cp "$core"/Numerics/{Lanes,SimFloat}.swift "$core"/Runtime/{LaneAccess,LIFKernel,SynapticDrive,BlockSpikes}.swift \
   "$here/Driver.swift" "$work/"
mkdir "$work/shims"
cp "$root/Sources/_BrainpyStateShims/include/bps_shims.h" "$work/shims/"
printf 'module _BrainpyStateShims {\n    header "bps_shims.h"\n    export *\n}\n' > "$work/shims/module.modulemap"
(cd "$work" && swiftc -O -wmo -target-cpu haswell -parse-as-library -module-name BrainpyStateCore -I shims \
    -c ./*.swift -o kernel.o)
objdump -d --no-show-raw-insn "$work/kernel.o" > "$work/kernel.txt"
python3 "$here/hot_path.py" "$work/kernel.txt" $verbose
