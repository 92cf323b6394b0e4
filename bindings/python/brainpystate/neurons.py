"""Neuron populations with brainpy.state's signatures: IF, LIF, LIFRef."""

import numpy as np

from . import errors
from . import _engine
from ._base import HasParams, StateRef, check_size, make_params
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, call, encode
from ._params import current_value, numeric_array, voltage_value
from .init import Constant
from .units import Quantity, as_quantity
from . import units as u

__all__ = ['Neuron', 'IF', 'LIF', 'LIFRef', 'ALIF', 'AdExIF', 'AdExIFRef', 'PopulationView']


class Neuron(HasParams):
    """Base class of the populations. Not instantiated directly.

    Life cycle: construct (a description) -> ``net.add(pop)`` (created in the engine) -> compile (on
    the first run, ``net.compile()`` or ``net.init_all_states()``) -> run / step.

    Inputs
    ------
    ``add_current_input(key, value)``: a persistent current (scalar or one value per neuron) added every
    step until changed with ``set_current_input(key, value)``. Unlike brainpy.state, where a
    non-callable value added this way is consumed by the next update, here it stays: that is what a
    constant drive such as example 103's 20 mA needs. One-shot inputs are explicit:
    ``add_current_input_once(value)`` (added to the current of the next step only) and
    ``add_delta_input_once(value)`` (a voltage added to V after the next step's integration, like a
    brainpy delta input). Several one-shot inputs before a step add up.
    """

    _model = None
    _states = {'V': 'mV'}
    _writable_states = ('V',)
    #: string options passed to the engine (brainpy constructor arguments that are not quantities)
    _options = ('spk_reset',)
    #: the unit of the model's input x (current inputs, one-shot and step inputs): brainpy's update(x) unit;
    #: '' for the dimensionless models (FitzHughNagumo, HindmarshRose), whose inputs may be bare numbers
    _input_unit = 'mA'
    #: the unit of a delta input: V's (CubaLIF/CobaLIF add delta inputs to g instead)
    _delta_unit = 'mV'

    def __getattr__(self, name):
        # every state of the model is a brainstate-style State: N.w.value, N.a.value = ...
        units = type(self)._states
        if name in units:
            return StateRef(self, name, units[name])
        raise AttributeError(f'{type(self).__name__!r} object has no attribute {name!r}')

    def _setup(self, in_size, params, spk_fun, spk_reset, name, ref_var=None):
        self.in_size, n = check_size(in_size, type(self).__name__)
        self.varshape = self.in_size
        self.size = n
        self.name = name
        self.spk_fun = spk_fun   # accepted for signature compatibility; the forward pass is a step function
        if spk_reset not in ('soft', 'hard'):
            raise errors.InvalidArgumentError(
                f'{type(self).__name__}: spk_reset must be "soft" or "hard", got {spk_reset!r}')
        self.spk_reset = spk_reset
        self.ref_var = ref_var
        self._net = None
        self._id = None
        self._inputs = {}
        self._init_params(params, n)

    # -- description ------------------------------------------------------------------------
    def __len__(self):
        return self.size

    def __repr__(self):
        where = f', id={self._id}' if self._id is not None else ''
        return f'{type(self).__name__}({self.size}{where})'

    def __getitem__(self, key):
        return PopulationView(self, 0, self.size)[key]

    @property
    def population(self):
        return self

    @property
    def start(self):
        return 0

    @property
    def stop(self):
        return self.size

    # -- engine plumbing --------------------------------------------------------------------
    def _build(self, h, pid):
        """Every engine call that creates this population's description on network handle h."""
        for k, r in self._resolved.items():
            _engine.set_population_param(h, pid, k, r)
        if 'spk_reset' in self._options:
            call('bps_population_set_option', h, pid, b'spk_reset', encode(self.spk_reset))
        if 'ref_var' in self._options:
            call('bps_population_set_option', h, pid, b'ref_var', b'true' if self.ref_var else b'false')
        for key, (a, code, unit) in self._inputs.items():
            call('bps_population_add_current_input', h, pid, encode(key), a.ctypes.data, a.size, code, unit)

    def _require_net(self, action):
        if self._net is None:
            raise errors.BadStateError(f'{self!r} is not part of a network yet: net.add(...) it before you {action}')
        return self._net

    def _handle(self, action, compile=True):
        net = self._require_net(action)
        if compile:
            net._ensure_compiled()
        return net._h

    def _engine_set(self, name, r):
        if self._net is not None:
            self._net._mutable(f'set {name}')
            _engine.set_population_param(self._net._h, self._id, name, r)

    def _engine_get(self, name):
        if self._net is None or not self._net.is_compiled or name.endswith('_initializer'):
            return None                      # before compile, and initializers: the value as given
        unit = self._param_units[name]
        vals = _engine.read_floats('bps_population_get_param', self._net._h, self._id, name, unit, self.size,
                                   np.float64)
        return Quantity(vals, unit)

    def _read_state(self, name, unit):
        h = self._handle(f'read {name}')
        values = _engine.read_floats('bps_population_get_state', h, self._id, name, unit, self.size,
                                     self._net._float)
        return Quantity(self._net._batched(values, self.size), unit)

    def _write_state(self, name, value):
        what = f'{type(self).__name__}.{name}'
        q = as_quantity(value, what=what)
        if q is None and type(self)._states.get(name) == '' and not isinstance(value, (str, bytes)):
            q = Quantity(value, '')        # a dimensionless state takes bare numbers
        if q is None:
            raise errors.UnitMismatchError(f'{what} needs a quantity (e.g. -60 * u.mV), got {value!r}')
        a = numeric_array(q.mantissa, what).ravel()
        h = self._handle(f'write {name}')
        self._net._mutable(f'write {name}')
        call('bps_population_set_state', h, self._id, encode(name), a.ctypes.data, a.size,
             DTYPE_FLOAT32 if a.dtype == np.float32 else DTYPE_FLOAT64, encode(q.unit.name))

    # -- states -----------------------------------------------------------------------------
    @property
    def V(self):
        """Membrane potential state (``N.V.value`` is a Quantity array in mV, dimensionless for the
        reduced models; assignable)."""
        return StateRef(self, 'V', type(self)._states['V'])

    def _state_unit(self, name):
        """The unit a state is read and recorded in."""
        return type(self)._states.get(name, '')

    def prefetch(self, item):
        """brainstate's ``module.prefetch('V')``: a reference to a state, the target of a PoissonInput."""
        from .inputs_spikes import Prefetch
        return Prefetch(self, item)

    def get_spike(self):
        """brainpy's ``get_spike()``: the spikes of the last step as float 0/1 (run precision)."""
        return self.spike.astype(self._net._float if self._net is not None else np.float32)

    @property
    def spike(self):
        """The spikes of the last step as a bool array."""
        h = self._handle('read spikes')
        n = self.size * max(self._net.batch_size, 1)
        return self._net._batched(_engine.population_spikes(h, self._id, n), self.size).astype(bool)

    # -- inputs -----------------------------------------------------------------------------
    @property
    def current_inputs(self):
        """The persistent current inputs: key -> Quantity (or the generator bound under that key)."""
        return {**{k: Quantity(a.copy(), unit.decode()) for k, (a, code, unit) in self._inputs.items()},
                **self._sources()}

    def _sources(self):
        return self.__dict__.get('_generator_inputs', {})

    def add_current_input(self, key, inp, label=None):
        """Register a persistent current input under `key` (brainpy's add_current_input; with a label
        the key is ``"{label} // {key}"``). `inp` is a current quantity, scalar or one per neuron.
        Re-using a key raises ValueError as in brainpy.state."""
        key = self._input_key(key, label)
        if getattr(inp, '_is_value_generator', False):
            if key in self._inputs or key in self._sources():
                raise errors.InvalidArgumentError(f'Key "{key}" has been defined and used in {self!r}.')
            inp._drive(self, key)
            self.__dict__.setdefault('_generator_inputs', {})[key] = inp
            return
        a, code, unit = current_value(inp, f'current input {key!r}', self._input_unit)
        if key in self._inputs or key in self._sources():
            raise errors.InvalidArgumentError(f'Key "{key}" has been defined and used in {self!r}.')
        # [B, N] per batch row: the engine checks B against the batch size (at compile if not yet known)
        if a.size not in (1, self.size) and a.size % self.size:
            raise errors.OutOfRangeError(f'current input {key!r}: {a.size} values for {self.size} neurons')
        if self._net is not None:
            self._net._mutable('add a current input')
            call('bps_population_add_current_input', self._net._h, self._id, encode(key), a.ctypes.data, a.size,
                 code, unit)
        self._inputs[key] = (a.copy(), code, unit)

    def set_current_input(self, key, inp, label=None):
        """Change the value of the persistent current input `key` (takes effect from the next step)."""
        key = self._input_key(key, label)
        a, code, unit = current_value(inp, f'current input {key!r}', self._input_unit)
        if key not in self._inputs:
            raise errors.UnknownNameError(f'{self!r} has no current input {key!r} '
                                          f'(known: {", ".join(map(repr, self._inputs)) or "none"})')
        if self._net is not None:
            self._net._mutable('change a current input')
            call('bps_population_set_current_input', self._net._h, self._id, encode(key), a.ctypes.data, a.size,
                 code, unit)
        self._inputs[key] = (a.copy(), code, unit)

    @staticmethod
    def _input_key(key, label):
        if not isinstance(key, str):
            raise errors.ElementTypeError(f'input key must be a str, got {key!r}')
        return key if label is None else f'{label} // {key}'

    def add_current_input_once(self, inp):
        """A one-shot current (scalar or per neuron) added to the current of the next step only
        (compiles the network if needed)."""
        a, code, unit = current_value(inp, 'one-shot current input', self._input_unit)
        h = self._handle('add a one-shot input')
        self._net._mutable('add a one-shot input')
        call('bps_population_add_one_shot_input', h, self._id, b'current', a.ctypes.data, a.size, code, unit)

    def add_delta_input_once(self, inp):
        """A one-shot voltage added to V after the next step's integration (brainpy's delta input),
        scalar or per neuron (compiles the network if needed). CubaLIF and CobaLIF add it to their
        synaptic state g instead (a current, resp. a conductance), as brainpy does."""
        a, code, unit = voltage_value(inp, 'one-shot delta input', self._delta_unit)
        h = self._handle('add a one-shot input')
        self._net._mutable('add a one-shot input')
        call('bps_population_add_one_shot_input', h, self._id, b'delta', a.ctypes.data, a.size, code, unit)


class PopulationView:
    """A contiguous slice ``N[a:b]`` of a population, used as a projection's ``pre=`` (brainpy passes
    ``spk[a:b]`` to the projection) or as a monitor target."""

    __slots__ = ('population', 'start', 'stop')

    def __init__(self, population, start, stop):
        self.population = population
        self.start = start
        self.stop = stop

    @property
    def size(self):
        return self.stop - self.start

    def __len__(self):
        return self.size

    def __repr__(self):
        return f'{self.population!r}[{self.start}:{self.stop}]'

    def __getitem__(self, key):
        n = self.size
        if isinstance(key, slice):
            if key.step not in (None, 1):
                raise errors.InvalidArgumentError(f'{self!r}: only contiguous slices (step 1) are supported, got '
                                                  f'step {key.step}')
            start = 0 if key.start is None else _index(key.start)
            stop = n if key.stop is None else _index(key.stop)
            if start < 0:
                start += n
            if stop < 0:
                stop += n
            if not (0 <= start < stop <= n):
                raise errors.OutOfRangeError(
                    f'slice [{key.start}:{key.stop}] of {self!r} (size {n}) is out of range or empty')
            return PopulationView(self.population, self.start + start, self.start + stop)
        i = _index(key)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise errors.OutOfRangeError(f'index {key} out of range for {self!r} (size {n})')
        return PopulationView(self.population, self.start + i, self.start + i + 1)

    @property
    def V(self):
        return _ViewState(self, 'V', type(self.population)._states['V'])

    @property
    def spike(self):
        return self.population.spike[self.start:self.stop]


class _ViewState:
    __slots__ = ('_view', '_name', '_unit')

    def __init__(self, view, name, unit):
        self._view = view
        self._name = name
        self._unit = unit

    @property
    def value(self):
        return self._view.population._read_state(self._name, self._unit)[self._view.start:self._view.stop]


def _index(k):
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)):
        raise errors.ElementTypeError(f'indices must be integers, got {k!r}')
    return int(k)


@make_params
class IF(Neuron):
    """brainpy.state.IF: ``dV/dt = (-V + R*I)/tau``; spike when ``(V - V_th)/V_th >= 0``.

    ``IF(in_size, R=1 ohm, tau=5 ms, V_th=1 mV, V_initializer=Constant(0 mV), spk_fun=None,
    spk_reset='soft', name=None)``. Every parameter may be a Quantity scalar, a Quantity array (one
    value per neuron) or an initializer. ``spk_fun`` (a surrogate gradient) has no effect on the
    forward simulation and is accepted for compatibility.
    """

    _model = 'IF'
    _param_units = {'R': 'ohm', 'tau': 'ms', 'V_th': 'mV', 'V_initializer': 'mV'}

    def __init__(self, in_size, R=1. * u.ohm, tau=5. * u.ms, V_th=1. * u.mV,
                 V_initializer=Constant(0. * u.mV), spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, V_th=V_th, V_initializer=V_initializer), spk_fun, spk_reset, name)


@make_params
class LIF(Neuron):
    """brainpy.state.LIF: ``dV/dt = (-V + V_rest + R*I)/tau``; spike when V >= V_th.

    ``LIF(in_size, R=1 ohm, tau=5 ms, V_th=1 mV, V_reset=0 mV, V_rest=0 mV,
    V_initializer=Constant(0 mV), spk_fun=None, spk_reset='soft', name=None)``.
    """

    _model = 'LIF'
    _param_units = {'R': 'ohm', 'tau': 'ms', 'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV',
                    'V_initializer': 'mV'}

    def __init__(self, in_size, R=1. * u.ohm, tau=5. * u.ms, V_th=1. * u.mV, V_reset=0. * u.mV,
                 V_rest=0. * u.mV, V_initializer=Constant(0. * u.mV), spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, V_th=V_th, V_reset=V_reset, V_rest=V_rest,
                                  V_initializer=V_initializer), spk_fun, spk_reset, name)


@make_params
class LIFRef(Neuron):
    """brainpy.state.LIFRef: LIF whose V is held at its post-reset value while
    ``t - last_spike_time < tau_ref``.

    ``LIFRef(in_size, R=1 ohm, tau=5 ms, tau_ref=5 ms, V_th=1 mV, V_reset=0 mV, V_rest=0 mV,
    V_initializer=Constant(0 mV), spk_fun=None, spk_reset='soft', name=None)``.
    States: ``V`` (mV) and ``last_spike_time`` (ms, starts at -1e7 ms).
    """

    _model = 'LIFRef'
    _param_units = {'R': 'ohm', 'tau': 'ms', 'tau_ref': 'ms', 'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV',
                    'V_initializer': 'mV'}
    _states = {'V': 'mV', 'last_spike_time': 'ms'}

    def __init__(self, in_size, R=1. * u.ohm, tau=5. * u.ms, tau_ref=5. * u.ms, V_th=1. * u.mV,
                 V_reset=0. * u.mV, V_rest=0. * u.mV, V_initializer=Constant(0. * u.mV), spk_fun=None,
                 spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_ref=tau_ref, V_th=V_th, V_reset=V_reset, V_rest=V_rest,
                                  V_initializer=V_initializer), spk_fun, spk_reset, name)

    @property
    def last_spike_time(self):
        """Time of the last spike (``.value`` in ms; assignable)."""
        return StateRef(self, 'last_spike_time', 'ms')


@make_params
class ALIF(Neuron):
    """brainpy.state.ALIF: LIF whose threshold rises by ``beta`` per unit of the adaptation ``a``
    (a += 1 per spike, decaying with tau_a); spike when ``V >= V_th + beta*a``.

    ``ALIF(in_size, R=1 ohm, tau=5 ms, tau_a=100 ms, V_th=1 mV, V_reset=0 mV, V_rest=0 mV, beta=0.1 mV,
    spk_fun=None, spk_reset='soft', V_initializer=Constant(0 mV), a_initializer=Constant(0.), name=None)``.
    States: ``V`` (mV), ``a`` (dimensionless).
    """

    _model = 'ALIF'
    _param_units = {'R': 'ohm', 'tau': 'ms', 'tau_a': 'ms', 'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV',
                    'beta': 'mV', 'V_initializer': 'mV', 'a_initializer': ''}
    _states = {'V': 'mV', 'a': ''}

    def __init__(self, in_size, R=1. * u.ohm, tau=5. * u.ms, tau_a=100. * u.ms, V_th=1. * u.mV, V_reset=0. * u.mV,
                 V_rest=0. * u.mV, beta=0.1 * u.mV, spk_fun=None, spk_reset='soft',
                 V_initializer=Constant(0. * u.mV), a_initializer=Constant(0.), name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_a=tau_a, V_th=V_th, V_reset=V_reset, V_rest=V_rest, beta=beta,
                                  V_initializer=V_initializer, a_initializer=a_initializer), spk_fun, spk_reset, name)


_ADEX_UNITS = {'R': 'ohm', 'tau': 'ms', 'tau_w': 'ms', 'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV', 'V_T': 'mV',
               'delta_T': 'mV', 'a': 'S', 'b': 'mA', 'V_initializer': 'mV', 'w_initializer': 'mA'}


@make_params
class AdExIF(Neuron):
    """brainpy.state.AdExIF: adaptive exponential integrate-and-fire,
    ``tau dV/dt = -(V - V_rest) + delta_T exp((V - V_T)/delta_T) - R w + R I`` (exponent clipped at 20),
    ``tau_w dw/dt = a (V - V_rest) - w``, ``w += b`` per spike.

    ``AdExIF(in_size, R=1 ohm, tau=10 ms, tau_w=30 ms, V_th=-55 mV, V_reset=-68 mV, V_rest=-65 mV,
    V_T=-59.9 mV, delta_T=3.48 mV, a=1 S, b=1 mA, V_initializer=Constant(-65 mV),
    w_initializer=Constant(0 mA), spk_fun=None, spk_reset='soft', name=None)``. States: ``V``, ``w`` (mA).
    """

    _model = 'AdExIF'
    _param_units = _ADEX_UNITS
    _states = {'V': 'mV', 'w': 'mA'}

    def __init__(self, in_size, R=1. * u.ohm, tau=10. * u.ms, tau_w=30. * u.ms, V_th=-55. * u.mV,
                 V_reset=-68. * u.mV, V_rest=-65. * u.mV, V_T=-59.9 * u.mV, delta_T=3.48 * u.mV, a=1. * u.siemens,
                 b=1. * u.mA, V_initializer=Constant(-65. * u.mV), w_initializer=Constant(0. * u.mA), spk_fun=None,
                 spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_w=tau_w, V_th=V_th, V_reset=V_reset, V_rest=V_rest, V_T=V_T,
                                  delta_T=delta_T, a=a, b=b, V_initializer=V_initializer, w_initializer=w_initializer),
                    spk_fun, spk_reset, name)


@make_params
class AdExIFRef(Neuron):
    """brainpy.state.AdExIFRef: AdExIF holding V and w at their reset values while
    ``t - last_spike_time < tau_ref``. Extra states ``last_spike_time`` (ms) and ``refractory``
    (kept whatever ``ref_var`` says).

    ``AdExIFRef(in_size, R=1 ohm, tau=10 ms, tau_w=30 ms, tau_ref=1.7 ms, V_th=-55 mV, V_reset=-68 mV,
    V_rest=-65 mV, V_T=-59.9 mV, delta_T=3.48 mV, a=1 S, b=1 mA, V_initializer=Constant(-65 mV),
    w_initializer=Constant(0 mA), spk_fun=None, spk_reset='soft', ref_var=False, name=None)``.
    """

    _model = 'AdExIFRef'
    _param_units = dict(_ADEX_UNITS, tau_ref='ms')
    _states = {'V': 'mV', 'w': 'mA', 'last_spike_time': 'ms', 'refractory': ''}
    _options = ('spk_reset', 'ref_var')

    def __init__(self, in_size, R=1. * u.ohm, tau=10. * u.ms, tau_w=30. * u.ms, tau_ref=1.7 * u.ms, V_th=-55. * u.mV,
                 V_reset=-68. * u.mV, V_rest=-65. * u.mV, V_T=-59.9 * u.mV, delta_T=3.48 * u.mV, a=1. * u.siemens,
                 b=1. * u.mA, V_initializer=Constant(-65. * u.mV), w_initializer=Constant(0. * u.mA), spk_fun=None,
                 spk_reset='soft', ref_var=False, name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_w=tau_w, tau_ref=tau_ref, V_th=V_th, V_reset=V_reset,
                                  V_rest=V_rest, V_T=V_T, delta_T=delta_T, a=a, b=b, V_initializer=V_initializer,
                                  w_initializer=w_initializer), spk_fun, spk_reset, name, ref_var=ref_var)
