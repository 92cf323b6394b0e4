"""The common machinery of input generators and readouts: populations of the engine whose parameters
may be lists (sections, events) or in any unit (amplitudes), and bindings to the populations they
drive or read (made as soon as both sides are in one network)."""

import numbers

import numpy as np

from . import errors
from . import _engine
from ._base import StateRef, check_size
from ._lib import DTYPE_FLOAT64, call, encode
from ._params import numeric_array, resolve
from .neurons import Neuron, PopulationView
from .units import Quantity, as_quantity, same_dimension


def quantity_list(values, what):
    """A Quantity array, or a list/tuple of quantities (converted to the first one's unit) -> Quantity
    (1-D numpy mantissa)."""
    q = as_quantity(values, what=what)
    if q is None and isinstance(values, (list, tuple)) and values:
        qs = [as_quantity(v, what=what) for v in values]
        if all(x is not None for x in qs):
            unit = qs[0].unit.name
            return Quantity(np.array([x.to_decimal(unit) for x in qs], dtype=np.float64), unit)
        if any(x is not None for x in qs):
            raise errors.UnitMismatchError(f'{what}: mix of quantities and bare numbers')
    if q is None:
        if isinstance(values, (list, tuple)) and not values:
            raise errors.UnitMismatchError(f'{what}: an empty list has no unit; give e.g. [] * u.ms')
        raise errors.UnitMismatchError(f'{what} needs quantities with a unit (e.g. [5, 10] * u.ms), got {values!r}')
    m = np.asarray(q.mantissa)
    return Quantity(numeric_array(m.reshape(-1), what), q.unit.name)


def length(values):
    try:
        return len(values)
    except TypeError:
        m = getattr(values, 'mantissa', None)
        return int(np.size(m)) if m is not None else 1


class Population(Neuron):
    """Base of the generators and readouts: a population of the engine without neuron options."""

    _options = ()
    _states = {}
    #: parameters in the generator's output unit: any unit, one dimension for all of them
    _amplitudes = ()
    #: parameters that take a list of any length
    _lists = ()
    #: the unit of the input x ('' when the model takes none)
    _input_unit = ''

    def _setup_population(self, in_size, params, name):
        cls = type(self).__name__
        self.in_size, n = check_size(in_size, cls)
        self.varshape = self.in_size
        self.size = n
        self.name = name
        self.spk_fun = None
        self.spk_reset = None
        self.ref_var = None
        self._net = None
        self._id = None
        self._inputs = {}
        self._pending = []
        self._init_params(params, n)

    def __getattr__(self, name):
        units = type(self)._states
        if name in units:
            return StateRef(self, name, self._state_unit(name))
        raise AttributeError(f'{type(self).__name__!r} object has no attribute {name!r}')

    @property
    def V(self):
        raise AttributeError(f'{type(self).__name__} has no membrane potential V')

    # -- units -------------------------------------------------------------------------------
    @property
    def output_unit(self):
        """The unit of the amplitudes and of the output (that of the first amplitude given)."""
        for k in self._amplitudes:
            if k in self._resolved:
                return self._resolved[k].unit
        return ''

    def _state_unit(self, name):
        unit = type(self)._states.get(name, '')
        return self.output_unit if unit is None else unit

    def _expected_count(self, name):
        return None if name in self._lists else self._count

    def _write_state(self, name, value):
        # a dimensionless state (a readout's r) takes bare numbers, as brainstate's State does
        if self._state_unit(name) == '' and as_quantity(value, what=name) is None and not isinstance(value, (str, bytes)):
            value = Quantity(numeric_array(value, f'{type(self).__name__}.{name}'), '')
        super()._write_state(name, value)

    def _check(self, name, value):
        if name not in self._amplitudes:
            return super()._check(name, value)
        what = f'{type(self).__name__}.{name}'
        if name in self._lists:
            value = quantity_list(value, what)
        r = resolve(value, what, 'mA', dimensional=True, allow_init=False)
        vals = np.atleast_1d(r.value if r.kind == 'scalar' else r.values)
        if not np.all(np.isfinite(vals)):
            raise errors.InvalidArgumentError(f'{what}: values must be finite')
        count = self._expected_count(name)
        if r.kind == 'array' and count is not None and r.values.size != count:
            raise errors.OutOfRangeError(f'{what}: {r.values.size} values given for {count} elements '
                                         f'(give one value or one per element)')
        for k in self._amplitudes:
            if k != name and k in self._resolved and not same_dimension(r.unit, self._resolved[k].unit):
                raise errors.UnitMismatchError(
                    f'{what}: unit "{r.unit}" differs in dimension from {k} ("{self._resolved[k].unit}"); the '
                    'amplitudes of a generator share one unit')
        return r

    def _engine_get(self, name):
        if self._net is None or not self._net.is_compiled:
            return None
        unit = self.output_unit if name in self._amplitudes else self._param_units[name]
        vals = _engine.read_floats('bps_population_get_param', self._net._h, self._id, name, unit, self.size,
                                   np.float64)
        return Quantity(vals, unit) if unit else vals

    # -- bindings ----------------------------------------------------------------------------
    def _bind_when_ready(self, other, bind):
        """Run bind(net) once self and `other` (a population) are in one network: now if they are (the
        missing one is added to the other's network), otherwise when either is added."""
        net = self._net or other._net
        if net is None:
            self._pending.append((other, bind))
            other._pending_of = getattr(other, '_pending_of', []) + [self]
            return
        if self._net is not None and other._net is not None and self._net is not other._net:
            raise errors.BadStateError(f'{self!r} and {other!r} belong to different networks')
        for p in (self, other):
            if p._net is None:
                net.add(p)
        bind(net)

    def _flush(self):
        pending, self._pending = self._pending, []
        for other, bind in pending:
            self._bind_when_ready(other, bind)


def flush_bindings(pop):
    """Called by Network after a population is added: bindings that waited for it."""
    if isinstance(pop, Population):
        pop._flush()
    for owner in getattr(pop, '_pending_of', []):
        owner._flush()
    pop._pending_of = []


def population_of(x, what):
    """(population, start, stop) of a population or a slice N[a:b]."""
    if isinstance(x, PopulationView):
        return x.population, x.start, x.stop
    if isinstance(x, Neuron):
        return x, 0, x.size
    raise errors.ElementTypeError(f'{what}: expected a population or a slice N[a:b], got {x!r}')


def set_list(h, pid, name, values, unit):
    """A list parameter of any length (0 included) as float64."""
    a = np.ascontiguousarray(values, dtype=np.float64).reshape(-1)
    call('bps_population_set_param_array', h, pid, encode(name), a.ctypes.data if a.size else None, a.size,
         DTYPE_FLOAT64, encode(unit))


def is_number(x):
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


__all__ = ['Population', 'quantity_list', 'length', 'flush_bindings', 'population_of', 'set_list', 'is_number']
