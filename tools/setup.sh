#!/usr/bin/env bash
# Install what building and testing brainpystate needs on a fresh Debian/Ubuntu machine with Swift 6.3:
#   - system packages: cmake, ninja-build, pkg-config, libopenblas-dev (apt-get, with sudo if not root);
#   - a Python virtual environment .venv with numpy, pytest, scikit-learn (+ matplotlib, tqdm for the examples)
#     and the brainpystate binding installed in editable mode.
# Idempotent: does nothing that is already done. Usage: tools/setup.sh [--examples]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in cmake ninja-build pkg-config libopenblas-dev; do
    dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
    echo "setup: installing ${need[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $($python --version)"
    $python -m venv .venv
fi
# import name:pip name (scikit-learn provides the digits the training examples and their tests use)
pkgs=(numpy:numpy pytest:pytest sklearn:scikit-learn)
[ "${1:-}" = "--examples" ] && pkgs+=(matplotlib:matplotlib tqdm:tqdm)
missing=()
for p in "${pkgs[@]}"; do
    .venv/bin/python -c "import ${p%%:*}" 2>/dev/null || missing+=("${p#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: pip install ${missing[*]}"
    .venv/bin/pip install -q --disable-pip-version-check "${missing[@]}"
fi
if ! .venv/bin/python -c "import brainpystate" 2>/dev/null; then
    .venv/bin/pip install -q --disable-pip-version-check --no-deps -e bindings/python
fi
