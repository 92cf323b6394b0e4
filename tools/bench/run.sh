#!/usr/bin/env bash
# Side-by-side COBA benchmark (brainpy.state example 103): brainpystate vs brainpy.state (JAX),
# Brian2 (cpp_standalone) and NEST. See tools/bench/README.md.
#
#   tools/bench/run.sh [--sizes 4000,64000] [--repeats 5] [--duration 1000] [--quick] [more bench.py options]
#
#   --sizes LIST     network sizes (default 4000,64000; 80 % E, 20 % I, 80 outgoing connections each)
#   --repeats R      runs per tool and size, one process each, tools alternated round-robin (default 5)
#   --duration MS    simulated time per run (default 1000)
#   --quick          sizes 4000, 200 ms, 2 repeats: a test of the harness (results file *_quick.md)
#   --tools LIST     subset of brainpystate,brainpy,brian2,nest (default all)
#   --threads LIST   thread counts (default 1,2)
#   --no-native      skip the -target-cpu native build of brainpystate
#   --no-install     do not touch the virtual environment (it must exist)
#   -h, --help       this text; `python3 tools/bench/bench.py --help` lists the rest
#
# Steps: (1) the virtual environment .venv-bench (Python 3.12) with the pinned peers, installed only
# when a pin is missing; (2) brainpystate's shipping library (tools/build-release.sh: haswell, with
# AVX-512 kernels chosen at run time; also measured with BRAINPYSTATE_KERNELS=portable) and a
# native build (.build-native), both no-ops when up to date; (3) tools/bench/bench.py, which runs the
# measurements, prints the table and writes tools/bench/results/coba_<date>.md and .json.
set -euo pipefail

die() { echo "run.sh: $*" >&2; exit 1; }

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
venv=${BENCH_VENV:-$repo/.venv-bench}
py_version=${BENCH_PYTHON_VERSION:-3.12.1}
native=1
install=1
pass=()

while [ $# -gt 0 ]; do
    case $1 in
        --no-native) native=0; shift ;;
        --no-install) install=0; shift ;;
        -h|--help) awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) pass+=("$1"); shift ;;
    esac
done

# -- 1. peers ------------------------------------------------------------------------------------
pins=(brainpy==2.9.0 brainstate==0.6.0 brainunit==0.6.0 braintools==0.4.0 brainevent==0.3.0
      jax==0.12.0.1 jaxlib==0.12.0.1)
unpinned=(numba numpy brian2 nest-simulator)
py=$venv/bin/python

if [ ! -x "$py" ]; then
    [ $install = 1 ] || die "$venv does not exist (drop --no-install)"
    echo "run.sh: creating $venv (Python $py_version)" >&2
    if command -v pyenv >/dev/null 2>&1 || [ -n "${PYENV_ROOT:-}" ]; then
        PYENV_VERSION=$py_version python3.12 -m venv "$venv"
    else
        python3.12 -m venv "$venv"
    fi
fi

# every pin at its version and every other package importable -> nothing to install
missing=$("$py" - "${pins[@]}" "${unpinned[@]}" <<'EOF'
import sys
from importlib import metadata
for spec in sys.argv[1:]:
    name, _, want = spec.partition('==')
    try:
        have = metadata.version(name)
    except metadata.PackageNotFoundError:
        print(spec); continue
    if want and have != want:
        print(spec)
EOF
)
if [ -n "$missing" ]; then
    [ $install = 1 ] || die "missing in $venv: $(echo $missing)"
    echo "run.sh: installing into $venv: $(echo $missing)" >&2
    "$py" -m pip install --quiet --upgrade pip >&2
    "$py" -m pip install --quiet "${pins[@]}" "${unpinned[@]}" >&2
else
    echo "run.sh: peers already installed in $venv" >&2
fi
command -v g++ >/dev/null || die "g++ is needed by Brian2's cpp_standalone device"

# -- 2. brainpystate libraries ------------------------------------------------------------------
libs=()
lib=$("$repo/tools/build-release.sh" | tail -n 1) || die "tools/build-release.sh failed"
[ -f "$lib" ] || die "tools/build-release.sh printed '$lib', which does not exist"
libs+=(--lib "shipped=$lib" --portable-kernels)
if [ $native = 1 ]; then
    nlib=$("$repo/tools/build-release.sh" --cpu native --scratch "$repo/.build-native" | tail -n 1) \
        || die "native build failed"
    [ -f "$nlib" ] || die "native build printed '$nlib', which does not exist"
    libs+=(--lib "native=$nlib")
fi

# -- 3. measure ----------------------------------------------------------------------------------
exec "$py" "$repo/tools/bench/bench.py" --python "$py" "${libs[@]}" "${pass[@]}"
