"""Common machinery of model objects: parameter descriptors, checks, state references, describers."""

import numbers

import numpy as np

from . import errors
from ._params import resolve
from .units import same_dimension

_DIM_NAMES = {'ms': 'time', 'mV': 'voltage', 'ohm': 'resistance', 'mS': 'conductance', 'mA': 'current',
              'V': 'voltage', '': 'dimensionless number'}


class ParamRef:
    """Data descriptor for a model parameter: reading gives the value as given (or, once the network is
    compiled, the engine's per-element values as a Quantity array); assigning changes it (after compile
    the engine accepts homogeneous changes; initializers take effect at the next init_all_states)."""

    def __init__(self, name):
        self.name = name

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return obj._get_param(self.name)

    def __set__(self, obj, value):
        obj._set_param(self.name, value)


class HasParams:
    """Objects with brainpy-style parameters. Subclasses define ``_param_units`` (name -> unit of
    brainpy.state, '' for dimensionless) and implement ``_engine_set`` / ``_engine_get``."""

    _param_units = {}
    _array_params = None      # None = all may be arrays

    def _init_params(self, params, count):
        self._count = count
        self._values = {}
        self._resolved = {}
        for k, v in params.items():
            self._resolved[k] = self._check(k, v)
            self._values[k] = v

    def _owner_name(self):
        return type(self).__name__

    def _check(self, name, value):
        unit = self._param_units[name]
        what = f'{self._owner_name()}.{name}'
        # A tuple lists the units a parameter may come in (comm weights: a conductance, or a voltage in
        # a DeltaProj); the engine checks the one the projection needs.
        units = unit if isinstance(unit, tuple) else (unit,)
        unit = units[0]
        r = resolve(value, what, unit, dimensional=(unit != ''))
        if len(units) > 1 and any(same_dimension(r.unit, x) for x in units):
            pass
        elif r.unit != '' or unit != '':
            if not same_dimension(r.unit, unit):
                dim = _DIM_NAMES.get(unit, f'quantity in {unit}')
                raise errors.UnitMismatchError(
                    f'{what}: unit "{r.unit}" has the wrong dimension; {name} is a {dim} (e.g. in {unit or "1"})')
        if r.kind == 'scalar':
            if not np.isfinite(r.value):
                raise errors.InvalidArgumentError(f'{what} must be finite, got {r.value}')
        elif r.kind == 'array':
            bad = ~np.isfinite(r.values)
            if bad.any():
                raise errors.InvalidArgumentError(
                    f'{what}: element {int(np.argmax(bad))} is not finite ({r.values[int(np.argmax(bad))]})')
            if self._array_params is not None and name not in self._array_params:
                raise errors.InvalidArgumentError(f'{what} takes one value, got {r.values.size}')
            count = self._expected_count(name)
            if count is not None and r.values.size != count:
                raise errors.OutOfRangeError(f'{what}: {r.values.size} values given for {count} elements '
                                             f'(give one value or one per element)')
        return r

    def _expected_count(self, name):
        return self._count

    def _get_param(self, name):
        got = self._engine_get(name)
        return self._values[name] if got is None else got

    def _set_param(self, name, value):
        r = self._check(name, value)
        self._engine_set(name, r)
        self._resolved[name] = r
        self._values[name] = value

    def _engine_set(self, name, r):     # pragma: no cover - overridden
        pass

    def _engine_get(self, name):        # pragma: no cover - overridden
        return None


def make_params(cls):
    """Class decorator: one ParamRef per entry of _param_units."""
    for name in cls._param_units:
        if name not in cls.__dict__:          # an explicit property of the class wins
            setattr(cls, name, ParamRef(name))
    return cls


def check_size(in_size, what):
    """brainpy's in_size (an int or a 1-element tuple) -> (size tuple, n)."""
    if isinstance(in_size, (tuple, list)):
        if len(in_size) != 1:
            raise errors.InvalidArgumentError(
                f'{what}: only one-dimensional populations are supported, got in_size={tuple(in_size)}')
        in_size = in_size[0]
    if isinstance(in_size, bool) or not isinstance(in_size, (numbers.Integral, np.integer)):
        raise errors.ElementTypeError(f'{what}: in_size must be an int, got {in_size!r}')
    n = int(in_size)
    if n <= 0:
        raise errors.InvalidArgumentError(f'{what}: in_size must be > 0, got {n}')
    return (n,), n


class StateRef:
    """brainstate-style state handle: ``.value`` reads (a Quantity numpy array) and writes the state."""

    __slots__ = ('_owner', '_name', '_unit')

    def __init__(self, owner, name, unit):
        self._owner = owner
        self._name = name
        self._unit = unit

    @property
    def value(self):
        return self._owner._read_state(self._name, self._unit)

    @value.setter
    def value(self, v):
        self._owner._write_state(self._name, v)

    @property
    def name(self):
        return self._name

    def __repr__(self):
        try:
            return f'State({self._name}={self.value!r})'
        except errors.BrainpyStateError:
            return f'State({self._name}, not allocated yet)'


class ParamDescriber:
    """``Cls.desc(*args, **kwargs)``: a description of a model, instantiated later (brainpy's
    ParamDescriber). Calling it instantiates ``Cls(*args, *more, **{**kwargs, **more_kwargs})``."""

    def __init__(self, cls, *args, **kwargs):
        self.cls = cls
        self.args = args
        self.kwargs = kwargs

    def __call__(self, *args, **kwargs):
        return self.cls(*self.args, *args, **{**self.kwargs, **kwargs})

    @property
    def identifier(self):
        return (self.cls, self.args, tuple(sorted((k, str(v)) for k, v in self.kwargs.items())))

    def __repr__(self):
        parts = [repr(a) for a in self.args] + [f'{k}={v!r}' for k, v in self.kwargs.items()]
        return f'{self.cls.__name__}.desc({", ".join(parts)})'


class Describable:
    @classmethod
    def desc(cls, *args, **kwargs):
        """A describer of this model (brainpy.state's ``.desc``), e.g. ``Expon.desc(4000, tau=5 * u.ms)``."""
        return ParamDescriber(cls, *args, **kwargs)


__all__ = ['ParamRef', 'HasParams', 'make_params', 'check_size', 'StateRef', 'ParamDescriber', 'Describable']
