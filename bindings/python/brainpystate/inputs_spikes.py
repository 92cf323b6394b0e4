"""brainpy.state's spike generators and Poisson input (inputs.py): SpikeTime, PoissonSpike,
PoissonEncoder, PoissonInput and poisson_input, with brainpy.state's signatures and units.

SpikeTime, PoissonSpike and PoissonEncoder are populations that emit spikes at the start of each step:
use them as a projection's ``pre`` (their spikes of step i are delivered in step i, as brainpy's
``proj(gen())`` before ``N()``), as a readout's source, or record them with ``net.monitor(g, 'spike')``.
PoissonEncoder's rates are its input x: ``enc.add_current_input('rate', 20 * u.Hz)`` (every step),
``enc.add_current_input_once(rates)`` (next step) or ``net.step(rates * u.Hz, pop=enc, out=N)``.

PoissonInput adds K·weight to a state of its target just before the target updates. The random draws
come from the engine's counter-based generator (seed, generator, step, element): the statistics are
brainpy.state's, the numbers are not JAX's.
"""

import numbers

import numpy as np

from . import errors
from ._base import ParamRef, make_params
from ._generator import Population, quantity_list, set_list
from ._lib import call, encode
from ._params import numeric_array
from .neurons import Neuron
from .units import Quantity, as_quantity, same_dimension

__all__ = ['SpikeTime', 'PoissonSpike', 'PoissonEncoder', 'PoissonInput', 'poisson_input', 'Prefetch']


class SpikeTime(Population):
    """brainpy.state.SpikeTime: spikes at given (neuron, time) events.

    ``SpikeTime(in_size, indices, times, weights=1.0, time_as_step='round', name=None)``. The step of
    an event is rounding(time/dt) ('round' is half to even, in the network precision); events of one
    neuron in one step add their weights; a step below 0 is refused at compile. The ``spike`` state
    holds this step's summed weights (projections see a spike where it is nonzero; readouts read the
    weights, as brainpy's returned row)."""

    _model = 'SpikeTime'
    _param_units = {}
    _states = {'spike': ''}

    def __init__(self, in_size, indices, times, weights=1.0, time_as_step='round', name=None):
        if len(indices) != len(times):
            raise errors.InvalidArgumentError(f'The length of "indices" and "times" must be the same. '
                                              f'However, we got {len(indices)} != {len(times)}.')
        if callable(time_as_step):
            raise errors.ElementTypeError('SpikeTime: a callable time_as_step is not supported by the compiled '
                                          'engine; use "floor", "round" or "ceil"')
        if time_as_step not in ('floor', 'round', 'ceil'):
            raise errors.InvalidArgumentError(f'"time_as_step" must be one of "floor", "round", "ceil". '
                                              f'Got {time_as_step!r}.')
        self._setup_population(in_size, {}, name)
        idx = np.asarray(indices)
        if idx.size and (idx.dtype.kind not in 'iuf' or not np.all(idx == np.round(idx))):
            raise errors.ElementTypeError('SpikeTime: indices must be integers')
        idx = idx.astype(np.int64).reshape(-1)
        if idx.size and (idx.min() < 0 or idx.max() >= self.size):
            raise errors.OutOfRangeError(f'SpikeTime: index {int(idx.max() if idx.max() >= self.size else idx.min())} '
                                         f'is out of bounds for {self.size} neurons')
        self.indices = idx
        self.times = quantity_list(times, 'SpikeTime.times') if len(times) else Quantity(np.zeros(0), 'ms')
        if not same_dimension(self.times.unit.name, 'ms'):
            raise errors.UnitMismatchError(f'SpikeTime.times must be times, got unit "{self.times.unit.name}"')
        if not np.all(np.isfinite(self.times.mantissa)):
            raise errors.InvalidArgumentError('SpikeTime.times must be finite')
        w = weights
        if isinstance(w, (bool, np.bool_)):
            w = float(w)
        if isinstance(w, numbers.Number) or np.ndim(w) == 0:
            self.weights = float(w)
        else:
            self.weights = numeric_array(w, 'SpikeTime.weights').reshape(-1)
            if self.weights.size != len(times):
                raise errors.InvalidArgumentError(f'Length of "weights" must match "indices"/"times". '
                                                  f'Got {self.weights.size} != {len(times)}.')
        if not np.all(np.isfinite(self.weights)):
            raise errors.InvalidArgumentError('SpikeTime.weights must be finite')
        self.time_as_step = time_as_step
        self.num_times = len(times)

    @property
    def value(self):
        """The row of the last step: per neuron the summed weights of its events (brainpy's update())."""
        return np.asarray(self._read_state('spike', '').mantissa)

    def _build(self, h, pid):
        set_list(h, pid, 'indices', self.indices, '')
        set_list(h, pid, 'times', self.times.mantissa, self.times.unit.name)
        if isinstance(self.weights, float):
            call('bps_population_set_param', h, pid, b'weights', self.weights, b'')
        else:
            set_list(h, pid, 'weights', self.weights, '')
        call('bps_population_set_option', h, pid, b'time_as_step', encode(self.time_as_step))


@make_params
class PoissonSpike(Population):
    """brainpy.state.PoissonSpike: independent Poisson spikes, P(spike) = 1 - exp(-freqs*dt) per
    element and step.

    ``PoissonSpike(in_size, freqs, spk_type=bool, name=None)`` (freqs one value or one per element;
    spk_type is accepted for compatibility: spikes read as bool, ``get_spike()`` as floats)."""

    _model = 'PoissonSpike'
    _param_units = {'freqs': 'Hz'}
    _states = {'spike': ''}

    def __init__(self, in_size, freqs, spk_type=bool, name=None):
        self.spk_type = spk_type
        self._setup_population(in_size, dict(freqs=freqs), name)


class PoissonEncoder(Population):
    """brainpy.state.PoissonEncoder: Poisson spikes at the rates given each step as its input x.

    ``PoissonEncoder(in_size, spk_type=bool, name=None)``. brainpy calls ``encoder(freqs)``; here the
    rates are an input: ``add_current_input(key, f)`` (persistent), ``add_current_input_once(f)``
    (the next step) or ``net.step(f, pop=encoder)``."""

    _model = 'PoissonEncoder'
    _param_units = {}
    _states = {'spike': ''}
    _input_unit = 'Hz'

    def __init__(self, in_size, spk_type=bool, name=None):
        self.spk_type = spk_type
        self._setup_population(in_size, {}, name)


class Prefetch:
    """A reference to a state of a population (brainstate's ``neuron.prefetch('V')``)."""

    __slots__ = ('module', 'item')

    def __init__(self, module, item):
        self.module = module
        self.item = item

    def __repr__(self):
        return f'{self.module!r}.prefetch({self.item!r})'


def _target(target, what):
    if isinstance(target, Prefetch):
        return target.module, target.item
    owner, name = getattr(target, '_owner', None), getattr(target, '_name', None)
    if isinstance(owner, Neuron) and isinstance(name, str):       # a StateRef such as N.V
        return owner, name
    raise errors.ElementTypeError(f'{what}: target must be a state of a population such as N.prefetch("V") or N.V, '
                                  f'got {target!r}')


class PoissonInput(Population):
    """brainpy.state.PoissonInput: adds the summed effect of ``num_input`` Poisson sources of rate
    ``freq`` (each spike adding ``weight``) to a state of its target, every step, just before the
    target updates: K ~ Binomial(num_input, 1 - exp(-freq*dt)), by its normal approximation
    max(round(N(a, sqrt(b*p))), 0) when a = N*p > 5 and b = N*(1-p) > 5, as in the reference.

    ``PoissonInput(target, indices, num_input, freq, weight, name=None)``; target is
    ``N.prefetch('V')`` (or ``N.V``), indices None (every element) or element indices (repeats add).
    Add it to the target's network with ``net.add(...)``. Its ``output`` state is the K*weight of the
    last step."""

    _model = 'PoissonInput'
    _param_units = {'num_input': '', 'freq': 'Hz', 'weight': 'mV'}
    _amplitudes = ('weight',)
    _array_params = ('weight',)
    _states = {'output': None}
    freq = ParamRef('freq')
    weight = ParamRef('weight')

    def __init__(self, target, indices, num_input, freq, weight, name=None):
        self.target_population, self.target_state = _target(target, 'PoissonInput')
        if indices is not None:
            idx = np.asarray(indices).reshape(-1)
            if idx.dtype.kind not in 'iu':
                raise errors.ElementTypeError(f'PoissonInput: indices must be integers, got dtype {idx.dtype}')
            if idx.size == 0:
                raise errors.InvalidArgumentError('PoissonInput: indices are empty (None drives every element)')
            n = self.target_population.size
            if idx.min() < -n or idx.max() >= n:
                raise errors.OutOfRangeError(f'PoissonInput: an index is out of range for {n} elements')
            indices = np.ascontiguousarray(np.where(idx < 0, idx + n, idx), dtype=np.int64)
        self.indices = indices
        if isinstance(num_input, bool) or not isinstance(num_input, (numbers.Integral, np.integer)) or num_input < 0:
            raise errors.InvalidArgumentError(f'PoissonInput: num_input must be an int >= 0, got {num_input!r}')
        self.num_input = int(num_input)
        size = self.target_population.size if indices is None else indices.size
        self._setup_population(size, dict(num_input=float(num_input), freq=freq, weight=weight), name)

    def _attach(self, net):
        """Bind to the target once added (the target must already be in this network)."""
        target = self.target_population
        if target._net is not net:
            raise errors.BadStateError(f'PoissonInput: its target {target!r} is not part of this network; '
                                       'net.add(...) the target first')
        idx = self.indices
        call('bps_population_add_state_source', net._h, target._id, encode(self.target_state), self._id,
             idx.ctypes.data if idx is not None else None, 0 if idx is None else idx.size)

    def _check_binding(self, scratch, pid):
        """The binding, tried on the scratch network first (so a bad one leaves the network as it was)."""
        from ._lib import lib
        import ctypes
        t = self.target_population
        tid = ctypes.c_int32()
        call('bps_population_new', scratch, encode(t._model), t.size, ctypes.byref(tid))
        idx = self.indices
        st = lib.bps_population_add_state_source(scratch, tid.value, encode(self.target_state), pid,
                                                 idx.ctypes.data if idx is not None else None,
                                                 0 if idx is None else idx.size)
        if st:
            from ._lib import raise_status
            raise_status(st, 'bps_population_add_state_source')


def poisson_input(freq, num_input, weight, target, indices=None, refractory=None):
    """brainpy.state.poisson_input, declaratively: registers a PoissonInput on the target's network,
    applied every step from now on (brainpy calls the function inside each update). ``refractory``:
    None, or a constant bool mask of elements that keep their value (they are left out)."""
    population, item = _target(target, 'poisson_input')
    net = population._net
    if net is None:
        raise errors.BadStateError('poisson_input: add the target population to a network first')
    if refractory is not None:
        mask = np.asarray(refractory)
        if mask.dtype != bool or mask.shape != (population.size,):
            raise errors.InvalidArgumentError('poisson_input: refractory must be a constant bool array, one per element '
                                              '(a state-dependent mask is not supported)')
        chosen = np.arange(population.size) if indices is None else np.asarray(indices).reshape(-1)
        chosen = chosen[~mask[chosen]]
        if chosen.size == 0:
            return None
        indices = chosen
    return net.add(PoissonInput(Prefetch(population, item), indices, num_input, freq, weight))
