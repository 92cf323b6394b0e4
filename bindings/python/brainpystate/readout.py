"""brainpy.state's LeakyRateReadout (readout.py): ``r = exp(-dt/tau)*r + x @ W``.

``readout = net.add(bp.LeakyRateReadout(100, 10, tau=5 * u.ms)); readout(N)`` reads the spikes N
emits in each step (brainpy's ``readout(N(x))``), after N's update; ``readout.r.value`` and
``net.monitor(readout, 'r')`` give the readout. The weights start from ``w_init``: an (in_size,
out_size) array or an initializer (KaimingNormal by default: Normal(0, sqrt(2/in_size)), drawn by the
engine's generator, so not brainstate's numbers); ``readout.weight.value`` reads and writes them."""

import numbers

import numpy as np

from . import errors
from . import init as _init
from ._base import ParamRef
from ._generator import Population, population_of
from ._lib import call
from ._params import numeric_array
from . import units as u

__all__ = ['LeakyRateReadout']


def _size(x, what):
    if isinstance(x, (tuple, list)):
        if len(x) != 1:
            raise errors.InvalidArgumentError(f'LeakyRateReadout: {what} must be one-dimensional, got {tuple(x)}')
        x = x[0]
    if isinstance(x, bool) or not isinstance(x, (numbers.Integral, np.integer)) or x <= 0:
        raise errors.InvalidArgumentError(f'LeakyRateReadout: {what} must be an int > 0, got {x!r}')
    return int(x)


def _weights(w_init, n_in, n_out):
    """w_init -> a value HasParams accepts: an array (row-major), Constant/Normal/Uniform, or None for
    KaimingNormal's default."""
    w_init = _init.foreign_initializer(w_init) or w_init
    if isinstance(w_init, _init.KaimingNormal):
        return None if w_init.is_default else _init.Normal(0.0, w_init.std((n_in, n_out)))
    if isinstance(w_init, _init.Initializer):
        return w_init
    if callable(w_init):
        raise errors.ElementTypeError('LeakyRateReadout: w_init must be an array or an initializer (Constant, '
                                      'Normal, Uniform, KaimingNormal)')
    a = numeric_array(w_init, 'LeakyRateReadout.w_init')
    if a.shape != (n_in, n_out) and a.ndim != 0:
        raise errors.OutOfRangeError(f'LeakyRateReadout: w_init has shape {a.shape}, expected ({n_in}, {n_out})')
    return a.reshape(-1) if a.ndim else float(a)


class _Weight:
    """``readout.weight.value``: the (in_size, out_size) weights (brainpy's ParamState)."""

    __slots__ = ('_readout',)

    def __init__(self, readout):
        self._readout = readout

    @property
    def value(self):
        r = self._readout
        got = r._engine_get('w_init')
        if got is None:
            raise errors.BadStateError('LeakyRateReadout.weight: the weights are drawn at compile (net.compile())')
        return np.asarray(got).reshape(r.in_size[0], r.out_size[0])

    @value.setter
    def value(self, w):
        r = self._readout
        r.w_init = numeric_array(w, 'weight').reshape(-1)


class LeakyRateReadout(Population):
    """brainpy.state.LeakyRateReadout: ``r = exp(-dt/tau)*r + x @ W`` with x the spikes of its source in
    the same step. ``LeakyRateReadout(in_size, out_size, tau=5 ms, w_init=KaimingNormal(), name=None)``."""

    _model = 'LeakyRateReadout'
    _param_units = {'in_size': '', 'tau': 'ms', 'w_init': ''}
    _states = {'r': ''}
    _writable_states = ('r',)
    tau = ParamRef('tau')

    def __init__(self, in_size, out_size, tau=5. * u.ms, w_init=_init.KaimingNormal(), name=None):
        n_in, n_out = _size(in_size, 'in_size'), _size(out_size, 'out_size')
        self._n_in = n_in
        params = dict(in_size=float(n_in), tau=tau)
        w = _weights(w_init, n_in, n_out)
        if w is not None:
            params['w_init'] = w
        self._setup_population(n_out, params, name)
        self.in_size = (n_in,)
        self.out_size = (n_out,)

    def _expected_count(self, name):
        return self._n_in * self._count if name == 'w_init' else super()._expected_count(name)

    @property
    def weight(self):
        return _Weight(self)

    def __call__(self, x):
        """Read the spikes of population (or slice) `x` every step (brainpy's ``readout(N(x))``). Returns
        the readout. Both join one network (the missing one is added); before compile."""
        pop, start, stop = population_of(x, 'LeakyRateReadout')
        if getattr(pop, '_is_value_generator', False) or type(pop).__name__ in ('PoissonInput', 'LeakyRateReadout'):
            raise errors.ElementTypeError(f'LeakyRateReadout reads spikes: {pop!r} emits none (use a neuron '
                                          'population, SpikeTime, PoissonSpike or PoissonEncoder)')
        if stop - start != self._n_in:
            raise errors.OutOfRangeError(f'LeakyRateReadout: in_size is {self._n_in} but {x!r} has {stop - start} '
                                         'neurons')

        def bind(net):
            net._mutable('bind a readout')
            call('bps_population_set_spike_source', net._h, self._id, pop._id, start, stop)

        self._bind_when_ready(pop, bind)
        return self
