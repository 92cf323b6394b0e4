#!/usr/bin/env bash
# Build the shipping libbrainpystate.so and print its absolute path on stdout (build output goes to
# stderr). Idempotent: on an up-to-date scratch path this is a fast no-op of `swift build`.
#
#   tools/build-release.sh [--cpu CPU] [--scratch PATH] [--swift SWIFT]
#
#   --cpu CPU       LLVM CPU the Swift code is compiled for (default: $BPS_TARGET_CPU or "haswell",
#                   i.e. AVX2+FMA, which runs on x86-64 CPUs since about 2013). "native" tunes for the
#                   build machine (not portable); "generic" means no -target-cpu flag at all. Whatever
#                   the choice, the integrate-and-fire kernels are also built for AVX-512
#                   (Sources/BrainpyStateAVX512) and that build runs on CPUs that have it.
#   --scratch PATH  SwiftPM scratch path of this build (default: <repo>/.build-release). Keep it apart
#                   from the `swift build` / `swift test` scratch path (.build).
#   --swift SWIFT   the swift driver to use (default: $SWIFT or "swift" on PATH).
#
# What makes the .so shippable (see the README / ARCHITECTURE notes):
#   -Xswiftc -static-stdlib     the Swift runtime is linked in: no libswiftCore.so NEEDED and no
#                               absolute toolchain RUNPATH (--static-swift-stdlib is ignored for
#                               dynamic products, and Package.swift must not carry this flag).
#   -Xlinker -soname=...        SwiftPM sets no SONAME; ours is libbrainpystate.so.<BPS_ABI_VERSION>.
#   -Xlinker --version-script   export only bps_* (cmake/brainpystate.map).
set -euo pipefail

die() { echo "build-release.sh: $*" >&2; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cpu=${BPS_TARGET_CPU:-haswell}
scratch=$repo/.build-release
swift=${SWIFT:-swift}

while [ $# -gt 0 ]; do
    case $1 in
        --cpu) [ $# -ge 2 ] || die "--cpu needs a value"; cpu=$2; shift 2 ;;
        --cpu=*) cpu=${1#--cpu=}; shift ;;
        --scratch) [ $# -ge 2 ] || die "--scratch needs a value"; scratch=$2; shift 2 ;;
        --scratch=*) scratch=${1#--scratch=}; shift ;;
        --swift) [ $# -ge 2 ] || die "--swift needs a value"; swift=$2; shift 2 ;;
        --swift=*) swift=${1#--swift=}; shift ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) die "unknown argument '$1' (try --help)" ;;
    esac
done
[ -n "$cpu" ] || die "--cpu must not be empty"
[ -n "$scratch" ] || die "--scratch must not be empty"
case $scratch in /*) ;; *) scratch=$PWD/$scratch ;; esac

header=$repo/include/brainpystate.h
map=$repo/cmake/brainpystate.map
[ -f "$header" ] || die "missing $header"
[ -f "$map" ] || die "missing $map"
abi=$(sed -n 's/^#define[[:space:]]\{1,\}BPS_ABI_VERSION[[:space:]]\{1,\}\([0-9]\{1,\}\).*/\1/p' "$header")
[ -n "$abi" ] || die "cannot read BPS_ABI_VERSION from $header"

flags=(-c release --package-path "$repo" --scratch-path "$scratch" --product brainpystate
       -Xswiftc -static-stdlib
       -Xlinker "-soname=libbrainpystate.so.$abi"
       -Xlinker "--version-script=$map")
# The CPU reaches the compiler through Package.swift (BPS_TARGET_CPU), not -Xswiftc: a global flag
# would also override the AVX-512 kernels' own target (Sources/BrainpyStateAVX512).
export BPS_TARGET_CPU=$cpu

bindir=$("$swift" build "${flags[@]}" --show-bin-path) || die "swift build --show-bin-path failed"
lib=$bindir/libbrainpystate.so

# SwiftPM does not track the contents of the version script, and a .so linked earlier with other
# flags (e.g. without -static-stdlib) was seen to survive a rebuild. Remember what the .so was linked
# with; when that changes, remove it so that SwiftPM links it again.
stamp=$scratch/brainpystate-link.stamp
want=$(printf '%s\n' "${flags[@]}" "cpu=$cpu"; cat "$map")
if [ -f "$lib" ] && [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    rm -f "$lib"
fi

needs_swift_runtime() { readelf -d "$1" 2>/dev/null | grep -q 'NEEDED.*libswiftCore'; }

"$swift" build "${flags[@]}" >&2 || die "swift build failed"
[ -f "$lib" ] || die "swift build succeeded but $lib is missing"
if command -v readelf >/dev/null && needs_swift_runtime "$lib"; then
    echo "build-release.sh: $lib still needs libswiftCore.so (stale link); linking again" >&2
    rm -f "$lib"
    "$swift" build "${flags[@]}" >&2 || die "swift build failed"
    ! needs_swift_runtime "$lib" || die "$lib needs libswiftCore.so despite -static-stdlib"
fi
printf '%s\n' "$want" > "$stamp"
echo "$lib"
