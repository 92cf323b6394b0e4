"""Turning user values (quantities, arrays, initializers, numbers) into engine calls."""

import numbers

import numpy as np

from . import errors
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, encode
from .init import Constant, Initializer, foreign_initializer
from .units import Quantity, Unit, as_quantity

_EXAMPLE = {'ms': '5 * u.ms', 'mV': '-60 * u.mV', 'ohm': '1 * u.ohm', 'mS': '0.6 * u.mS',
            'mA': '20 * u.mA', 'V': '1 * u.volt', '': '0.5'}


class Resolved:
    """A parameter ready for the engine: kind 'scalar' (value), 'array' (values: contiguous float
    array) or 'init' (init_name, args); all in `unit`."""

    __slots__ = ('kind', 'value', 'values', 'init_name', 'args', 'unit')

    def __init__(self, kind, unit, value=None, values=None, init_name=None, args=None):
        self.kind = kind
        self.unit = unit
        self.value = value
        self.values = values
        self.init_name = init_name
        self.args = args


def numeric_array(m, what):
    """A numeric numpy array (float32 stays float32, everything else float64)."""
    a = np.asarray(m)
    if a.dtype == np.float32 or a.dtype == np.float64:
        return np.ascontiguousarray(a)
    if a.dtype.kind in 'iub':
        if a.dtype.kind == 'b':
            raise errors.ElementTypeError(f'{what}: boolean values are not numbers of a quantity')
        return np.ascontiguousarray(a, dtype=np.float64)
    if a.dtype.kind == 'f':
        return np.ascontiguousarray(a, dtype=np.float64)
    raise errors.ElementTypeError(f'{what}: expected numbers, got an array of dtype {a.dtype}')


def float_dtype_code(a):
    return DTYPE_FLOAT32 if a.dtype == np.float32 else DTYPE_FLOAT64


def resolve(value, what, unit, dimensional=True, allow_init=True):
    """Normalise one parameter value.

    what: "LIF.tau" (for messages); unit: brainpy.state's unit for it (used for bare numbers of
    dimensionless parameters and in messages); dimensional: False for dimensionless parameters."""
    if value is None:
        raise errors.InvalidArgumentError(f'{what} must not be None')
    fi = foreign_initializer(value)
    if fi is not None:
        value = fi
    if isinstance(value, Initializer):
        if not allow_init:
            raise errors.ElementTypeError(f'{what} does not take an initializer')
        if isinstance(value, Constant):
            q = as_quantity(value.value, what=what)
            if q is not None and np.ndim(q.mantissa) > 0:
                if value.unit is not None:
                    raise errors.UnitMismatchError(f'{what}: Constant of a quantity array with unit= as well')
                return resolve(q, what, unit, dimensional, allow_init)
            if q is None and np.ndim(value.value) > 0:
                if value.unit is None and dimensional:
                    raise _bare(what, unit, value.value)
                return resolve(Quantity(numeric_array(value.value, what), value.unit or ''), what, unit,
                               dimensional, allow_init)
        name, args, u_ = value._resolve(what)
        if dimensional and u_ == '':
            raise errors.UnitMismatchError(
                f'{what}: the initializer {value!r} has no unit; give unit= (e.g. unit=u.{unit or "mV"}) '
                'or quantities as arguments')
        for a in args:
            if not np.isfinite(a):
                raise errors.InvalidArgumentError(f'{what}: initializer arguments must be finite, got {args}')
        if name == 'Constant':
            return Resolved('scalar', u_, value=float(args[0]))
        return Resolved('init', u_, init_name=name, args=[float(a) for a in args])
    q = as_quantity(value, what=what)
    if q is None:
        if callable(value):
            raise errors.ElementTypeError(
                f'{what}: only the initializers bp.init.Constant, Normal and Uniform (or braintools.init '
                f'ones) are supported, got {value!r}')
        if isinstance(value, (str, bytes)):
            raise errors.ElementTypeError(f'{what}: expected a quantity, got the string {value!r}')
        if dimensional:
            raise _bare(what, unit, value)
        q = Quantity(value, '')
    m = q.mantissa
    if isinstance(m, bool) or (isinstance(m, np.ndarray) and m.dtype.kind == 'b'):
        raise errors.ElementTypeError(f'{what}: expected a number, got a boolean')
    if isinstance(m, (numbers.Number, np.generic)) or np.ndim(m) == 0:
        try:
            v = float(m)
        except (TypeError, ValueError):
            raise errors.ElementTypeError(f'{what}: expected a number, got {m!r}') from None
        return Resolved('scalar', q.unit.name, value=v)
    a = numeric_array(m, what).ravel()
    if a.size == 1:
        return Resolved('scalar', q.unit.name, value=float(a[0]))
    if a.size == 0:
        raise errors.InvalidArgumentError(f'{what}: empty array')
    return Resolved('array', q.unit.name, values=a)


def _bare(what, unit, value):
    ex = _EXAMPLE.get(unit, f'... * u.{unit}')
    return errors.UnitMismatchError(
        f'{what} needs a quantity with a unit of the dimension of {unit!s} (e.g. {ex}); got the bare number '
        f'{value!r}. brainpy.state refuses numbers without units here as well.')


def current_value(value, what, unit='mA'):
    """An input value (scalar or per-neuron array) -> (array, dtype code, unit bytes). `unit` is the
    model's input unit (mA, mV/ms for Izhikevich, '' for the dimensionless models, which also accept
    bare numbers), for messages; the engine checks the dimension."""
    if callable(value) and not isinstance(value, (Quantity, Unit)) and not hasattr(value, 'mantissa'):
        raise errors.ElementTypeError(
            f'{what}: callable inputs are not supported by the compiled engine; give a quantity (scalar or '
            'one value per neuron) and change it with set_current_input, or drive the network step by step '
            'with net.step(x)')
    q = _bare_if_dimensionless(value, what, unit)
    if q is None:
        raise errors.UnitMismatchError(f'{what} needs a quantity with a unit of the dimension of {unit}, got {value!r}'
                                       if unit != 'mA' else
                                       f'{what} needs a current with a unit (e.g. 20 * u.mA), got {value!r}')
    a = numeric_array(q.mantissa, what).ravel()
    return a, float_dtype_code(a), encode(q.unit.name)


def _bare_if_dimensionless(value, what, unit):
    q = as_quantity(value, what=what)
    if q is None and unit == '' and not isinstance(value, (str, bytes)):
        q = Quantity(value, '')
    return q


def voltage_value(value, what, unit='mV'):
    """A delta input value -> (array, dtype code, unit bytes); `unit` (V's, or g's for CubaLIF/CobaLIF,
    '' for the dimensionless models) is for messages, the engine checks the dimension."""
    q = _bare_if_dimensionless(value, what, unit)
    if q is None:
        raise errors.UnitMismatchError(f'{what} needs a quantity with a unit of the dimension of {unit}, got {value!r}')
    a = numeric_array(q.mantissa, what).ravel()
    return a, float_dtype_code(a), encode(q.unit.name)


__all__ = ['Resolved', 'resolve', 'current_value', 'voltage_value', 'numeric_array', 'float_dtype_code']
