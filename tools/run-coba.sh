#!/usr/bin/env bash
# The main job: brainpy.state's example 103 (COBA E/I network, 4000 LIFRef neurons, 1 s) through the
# Python binding on the shipping library. Installs what it needs, prints the rates and timings and
# writes the raster plot coba_raster.png. Extra arguments go to examples/python/coba.py
# (e.g. --weights brette, --neurons 64000, --precision 64, --threads 1).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh --examples >&2
lib=$(tools/build-release.sh)
BRAINPYSTATE_LIBRARY="$lib" exec .venv/bin/python examples/python/coba.py "$@"
