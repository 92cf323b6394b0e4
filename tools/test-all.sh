#!/usr/bin/env bash
# Every test of brainpystate, on a fresh machine: installs what it needs (tools/setup.sh), then
#   1. Swift: one debug build, then `swift test` (engine core, C ABI from Swift, Swift API);
#   2. the shipping libbrainpystate.so, built once in .build-release (tools/build-release.sh);
#   3. CMake: install into a staging prefix and run the C tests and the C example against the
#      installed tree, through find_package and pkg-config (ctest), reusing the library of step 2;
#   4. pytest: the Python binding against the same library, including the golden-fixture
#      conformance tests against brainpy.state (fixtures/reference, no brainpy needed).
set -euo pipefail
cd "$(dirname "$0")/.."
section() { printf '\n== %s ==\n' "$*"; }

section "setup"
tools/setup.sh

section "swift build (debug) and swift test"
# BPS_TARGET_CPU=generic: the engine for the default CPU as in a plain `swift build`, and the AVX-512
# kernels compiled for AVX-512 (Package.swift), so that AVX512KernelTests compares the two builds.
BPS_TARGET_CPU=generic swift build --build-tests
BPS_TARGET_CPU=generic swift test --skip-build

section "shipping library (release, static Swift runtime)"
lib=$(tools/build-release.sh)
echo "library: $lib"

section "CMake build, install and C tests (ctest)"
cmake -S . -B .build-cmake -G Ninja -DBPS_PREBUILT_LIBRARY="$lib" >/dev/null
cmake --build .build-cmake
ctest --test-dir .build-cmake --output-on-failure

section "Python binding (pytest)"
set +e
BRAINPYSTATE_LIBRARY="$lib" .venv/bin/python -m pytest bindings/python/tests -q -rA -p no:cacheprovider
status=$?
set -e
if [ $status -eq 5 ]; then
    echo "pytest collected no tests: the Python test suite is missing" >&2
    exit 1
fi
[ $status -eq 0 ] || exit $status
section "all tests passed"
