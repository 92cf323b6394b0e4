"""braintools.surrogate's spike functions: the forward pass is the Heaviside step H(x) = (x >= 0) for
every class; the class and its keyword arguments choose the derivative the engine backpropagates
(``LIF(..., spk_fun=bp.surrogate.Sigmoid(alpha=4.))``). Defaults are braintools'.

``fn(x)`` gives H(x) on the host; ``fn.surrogate_grad(x)`` gives the derivative, computed by the engine
(bps_surrogate_eval), i.e. exactly what backpropagation through a neuron uses.
"""

import ctypes

import numpy as np

from . import errors
from ._lib import call, encode
from .init import keyword_arguments

# class name -> keyword defaults, in braintools' constructor order (the engine's table, Training/Surrogate.swift)
_KINDS = {
    'Sigmoid': {'alpha': 4.0},
    'PiecewiseQuadratic': {'alpha': 1.0},
    'PiecewiseExp': {'alpha': 1.0},
    'SoftSign': {'alpha': 1.0},
    'Arctan': {'alpha': 1.0},
    'NonzeroSignLog': {'alpha': 1.0},
    'ERF': {'alpha': 1.0},
    'PiecewiseLeakyRelu': {'c': 0.01, 'w': 1.0},
    'SquarewaveFourierSeries': {'n': 2, 't_period': 8.0},
    'S2NN': {'alpha': 4.0, 'beta': 1.0, 'epsilon': 1e-8},
    'QPseudoSpike': {'alpha': 2.0},
    'LeakyRelu': {'alpha': 0.1, 'beta': 1.0},
    'LogTailedRelu': {'alpha': 0.0},
    'ReluGrad': {'alpha': 0.3, 'width': 1.0},
    'GaussianGrad': {'sigma': 0.5, 'alpha': 0.5},
    'MultiGaussianGrad': {'h': 0.15, 's': 6.0, 'sigma': 0.5, 'scale': 0.5},
    'InvSquareGrad': {'alpha': 100.0},
    'SlayerGrad': {'alpha': 1.0},
}

__all__ = ['Surrogate'] + list(_KINDS)


class Surrogate:
    """Base class: a named surrogate with its keyword arguments (``params``)."""

    name = None

    def __init__(self, *args, **kwargs):
        params = keyword_arguments(self.name, _KINDS[self.name], args, kwargs)
        self.params = {k: float(v) for k, v in params.items()}
        for k, v in self.params.items():
            setattr(self, k, v)

    def _keywords(self):
        keys = (ctypes.c_char_p * len(self.params))(*[encode(k) for k in self.params])
        values = (ctypes.c_double * len(self.params))(*self.params.values())
        return len(self.params), keys, values

    def _eval(self, x):
        x = np.ascontiguousarray(np.asarray(x, dtype=np.float64))
        fwd = np.empty_like(x)
        grad = np.empty_like(x)
        n, keys, values = self._keywords()
        call('bps_surrogate_eval', encode(self.name), n, keys, values, x.ctypes.data, x.size, fwd.ctypes.data,
             grad.ctypes.data)
        return fwd, grad

    def __call__(self, x):
        """The forward pass: H(x) = 1 where x >= 0, with x's float type."""
        x = np.asarray(x)
        dtype = x.dtype if np.issubdtype(x.dtype, np.floating) else np.float32
        return (x >= 0).astype(dtype)

    def surrogate_grad(self, x):
        """dH/dx as this surrogate defines it (the engine's formula)."""
        return self._eval(x)[1]

    def __repr__(self):
        return f'{self.name}(' + ', '.join(f'{k}={v!r}' for k, v in self.params.items()) + ')'

    def __eq__(self, other):
        return isinstance(other, Surrogate) and (self.name, self.params) == (other.name, other.params)

    def __hash__(self):
        return hash((self.name, tuple(self.params.items())))


def _make(name):
    defaults = _KINDS[name]
    doc = (f'braintools.surrogate.{name}(' + ', '.join(f'{k}={v!r}' for k, v in defaults.items()) +
           '): forward H(x), backward its surrogate derivative.')
    return type(name, (Surrogate,), {'name': name, '__doc__': doc, '__module__': __name__})


for _name in _KINDS:
    globals()[_name] = _make(_name)


def from_object(obj, what='spk_fun'):
    """A surrogate given as one of ours, a braintools.surrogate object, or None (LIF's default
    ReluGrad) -> (name, {keyword: value})."""
    if obj is None:
        return 'ReluGrad', dict(_KINDS['ReluGrad'])
    if isinstance(obj, Surrogate):
        return obj.name, dict(obj.params)
    name = type(obj).__name__
    if name in _KINDS:
        params = {}
        for k, d in _KINDS[name].items():
            v = getattr(obj, k, d)
            params[k] = float(np.asarray(v))
        return name, params
    raise errors.ElementTypeError(f'{what}: {obj!r} is not a surrogate (bp.surrogate.{", bp.surrogate.".join(_KINDS)})')
