"""Shared helpers of the brainpystate tests (run from the repository root:
``python -m pytest bindings/python/tests -q``)."""

import json
import os
import sys

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PKG_ROOT = os.path.dirname(HERE)                      # bindings/python
REPO = os.path.dirname(os.path.dirname(PKG_ROOT))
FIXTURES = os.path.join(REPO, 'fixtures', 'reference')

if PKG_ROOT not in sys.path:                           # works without `pip install -e bindings/python`
    sys.path.insert(0, PKG_ROOT)


def load_fixture(name):
    path = os.path.join(FIXTURES, name + '.npz')
    if not os.path.exists(path):
        pytest.skip(f'fixture {path} not present')
    z = np.load(path, allow_pickle=False)
    arrays = {k: z[k] for k in z.files if k != 'meta'}
    meta = json.loads(str(z['meta']))
    return arrays, meta


@pytest.fixture
def bp():
    import brainpystate
    return brainpystate


@pytest.fixture
def u():
    from brainpystate import units
    return units
