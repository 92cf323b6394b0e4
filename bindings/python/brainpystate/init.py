"""Initializers with braintools.init's signatures: ``Constant(value, unit=None)``,
``Normal(mean, std, unit=None)``, ``Uniform(low, high, unit=None)``.

The arguments may be numbers together with ``unit=`` (``Normal(-55., 2., unit=u.mV)``, the form of
brainpy.state's examples) or quantities (``Normal(-55 * u.mV, 2 * u.mV)``).

Used as a parameter or state initializer (``V_initializer=bp.init.Normal(...)``), the draw happens in
the engine at compile, per neuron, from a counter-based generator keyed by the network seed, the
parameter and the neuron index: reproducible for a seed, independent of the thread count, but not
the same numbers as brainstate.random. To reproduce a brainpy.state run exactly, import its drawn
values with the state setter (``N.V.value = V0``).

Calling an initializer with a size (``Normal(...)(100)``) draws on the host with numpy (for
convenience; these values are not the engine's).

braintools.init objects of the same three classes are accepted wherever these are.
"""

import numbers

import numpy as np

from . import errors
from .units import Quantity, as_quantity, unit_string

__all__ = ['Initializer', 'Constant', 'Normal', 'Uniform', 'ZeroInit', 'KaimingNormal', 'KaimingUniform',
           'XavierNormal', 'XavierUniform', 'LecunNormal', 'LecunUniform', 'TruncatedNormal']

#: "the reference's default" for Linear's w_init / b_init (brainstate: truncated KaimingNormal / ZeroInit)
DEFAULT = type('Default', (), {'__repr__': lambda self: 'DEFAULT'})()


class Initializer:
    """Base class. Subclasses define ``name`` (the engine's initializer name) and ``_args``."""

    name = None

    def _resolve(self, what='initializer'):
        """(engine name, [args], unit string) with all args in one unit."""
        raise NotImplementedError

    def __call__(self, size, rng=None):
        name, args, unit = self._resolve()
        rng = np.random.default_rng() if rng is None else rng
        size = (size,) if isinstance(size, numbers.Integral) else tuple(size)
        if name == 'Constant':
            vals = np.full(size, args[0])
        elif name == 'Normal':
            vals = rng.normal(args[0], args[1], size)
        else:
            vals = rng.uniform(args[0], args[1], size)
        return Quantity(vals, unit)


def _split(values, unit, cls_name, names):
    """Bring every argument into one unit: quantities are converted to the first quantity's unit,
    numbers take `unit`."""
    if unit is not None:
        unit = unit_string(unit)
    qs = [as_quantity(v, what=f'{cls_name}.{n}') for v, n in zip(values, names)]
    if any(q is not None for q in qs):
        if unit not in (None, ''):
            raise errors.UnitMismatchError(
                f'{cls_name}: give the arguments either as quantities or as numbers with unit=, not both')
        if any(q is None for q in qs):
            bad = [n for q, n in zip(qs, names) if q is None]
            raise errors.UnitMismatchError(f'{cls_name}: {", ".join(bad)} must be quantities like the other '
                                           'arguments')
        base = qs[0].unit.name
        out = []
        for q, n in zip(qs, names):
            m = q.to_decimal(base)
            if np.ndim(m) != 0:
                raise errors.InvalidArgumentError(f'{cls_name}.{n} must be a scalar')
            out.append(float(m))
        return out, base
    out = []
    for v, n in zip(values, names):
        if isinstance(v, bool) or not isinstance(v, (numbers.Real, np.generic)) or np.ndim(v) != 0:
            raise errors.ElementTypeError(f'{cls_name}.{n} must be a number or a quantity, got {v!r}')
        out.append(float(v))
    return out, unit or ''


class Constant(Initializer):
    """Constant(value, unit=None): every element equals `value`."""

    name = 'Constant'

    def __init__(self, value, unit=None):
        if value is None:
            raise errors.InvalidArgumentError('`value` must not be None for Constant initialization.')
        self.value = value
        self.unit = unit

    def _resolve(self, what='Constant'):
        args, unit = _split([self.value], self.unit, 'Constant', ['value'])
        return 'Constant', args, unit

    def __repr__(self):
        return f'Constant(value={self.value!r}' + (f', unit={self.unit!s}' if self.unit is not None else '') + ')'


class Normal(Initializer):
    """Normal(mean, std, unit=None): independent normal draws (std >= 0)."""

    name = 'Normal'

    def __init__(self, mean, std, unit=None):
        self.mean = mean
        self.std = std
        self.unit = unit
        args, _ = _split([mean, std], unit, 'Normal', ['mean', 'std'])
        if not args[1] >= 0:
            raise errors.InvalidArgumentError(f'Normal: std must be >= 0, got {std!r}')

    def _resolve(self, what='Normal'):
        args, unit = _split([self.mean, self.std], self.unit, 'Normal', ['mean', 'std'])
        return 'Normal', args, unit

    def __repr__(self):
        return f'Normal(mean={self.mean!r}, std={self.std!r}' + (
            f', unit={self.unit!s}' if self.unit is not None else '') + ')'


class Uniform(Initializer):
    """Uniform(low, high, unit=None): independent uniform draws in [low, high)."""

    name = 'Uniform'

    def __init__(self, low, high, unit=None):
        self.low = low
        self.high = high
        self.unit = unit
        args, _ = _split([low, high], unit, 'Uniform', ['low', 'high'])
        if not args[0] <= args[1]:
            raise errors.InvalidArgumentError(f'Uniform: low must be <= high, got low={low!r}, high={high!r}')

    def _resolve(self, what='Uniform'):
        args, unit = _split([self.low, self.high], self.unit, 'Uniform', ['low', 'high'])
        return 'Uniform', args, unit

    def __repr__(self):
        return f'Uniform(low={self.low!r}, high={self.high!r}' + (
            f', unit={self.unit!s}' if self.unit is not None else '') + ')'


class KaimingNormal(Initializer):
    """braintools.init.KaimingNormal for weight matrices (LeakyRateReadout's w_init): Normal(0, std)
    with std**2 = scale / fan, scale = 2 for 'relu' (2 / (1 + negative_slope**2) for 'leaky_relu'),
    fan = in (mode 'fan_in'), out ('fan_out') or their mean ('fan_avg') of an (in, out) matrix."""

    name = 'KaimingNormal'

    def __init__(self, scale=None, mode='fan_in', nonlinearity='relu', negative_slope=0.01, unit=None,
                 in_axis=-2, out_axis=-1):
        if mode not in ('fan_in', 'fan_out', 'fan_avg'):
            raise errors.InvalidArgumentError(f'KaimingNormal: invalid mode {mode!r}')
        if scale is None:
            if nonlinearity == 'relu':
                scale = 2.0
            elif nonlinearity == 'leaky_relu':
                scale = 2.0 / (1 + negative_slope ** 2)
            else:
                raise errors.InvalidArgumentError(f'KaimingNormal: unsupported nonlinearity {nonlinearity!r}')
        self.scale = float(scale)
        self.mode = mode
        self.unit = unit
        self.in_axis, self.out_axis = in_axis, out_axis

    @property
    def is_default(self):
        """The engine's default for w_init (scale 2, fan_in, dimensionless)."""
        return self.scale == 2.0 and self.mode == 'fan_in' and self.unit is None and (self.in_axis, self.out_axis) == (-2, -1)

    def std(self, shape):
        n_in, n_out = shape[self.in_axis], shape[self.out_axis]
        fan = {'fan_in': n_in, 'fan_out': n_out, 'fan_avg': (n_in + n_out) / 2}[self.mode]
        return float(np.sqrt(self.scale / max(1.0, fan)))

    def _resolve(self, what='KaimingNormal'):
        raise errors.ElementTypeError(f'{what}: KaimingNormal needs a weight shape; it is for LeakyRateReadout(w_init=...)')

    def __call__(self, size, rng=None):
        shape = (size,) if isinstance(size, numbers.Integral) else tuple(size)
        rng = np.random.default_rng() if rng is None else rng
        std = self.std(shape) if len(shape) >= 2 else float(np.sqrt(self.scale / max(1, shape[0])))
        return rng.normal(0.0, std, shape)

    def __repr__(self):
        return f'KaimingNormal(scale={self.scale}, mode={self.mode!r})'


def ZeroInit(unit=None):
    """ZeroInit(unit): Constant(0 unit)."""
    return Constant(0.0, unit=unit)


def foreign_initializer(obj):
    """A braintools.init Constant/Normal/Uniform -> our initializer (None if `obj` is not one)."""
    cls = type(obj).__name__
    mod = type(obj).__module__ or ''
    if isinstance(obj, Initializer) or not mod.startswith('braintools'):
        return None
    unit = getattr(obj, 'unit', None)
    if unit is not None and str(unit).strip() in ('', '1'):
        unit = None
    if cls == 'Constant':
        return Constant(obj.value, unit=unit)
    if cls == 'Normal':
        return Normal(obj.mean, obj.std, unit=unit)
    if cls == 'Uniform':
        return Uniform(obj.low, obj.high, unit=unit)
    if cls == 'KaimingNormal':
        return KaimingNormal(scale=float(np.asarray(getattr(obj, 'scale', 2.0))), mode=getattr(obj, 'mode', 'fan_in'),
                             in_axis=getattr(obj, 'in_axis', -2), out_axis=getattr(obj, 'out_axis', -1))
    return None


def keyword_arguments(owner, defaults, args, kwargs):
    """braintools-style constructor arguments: positional ones in the order of ``defaults``, then
    keywords; an unknown keyword is an error naming the known ones. Returns the full dict."""
    names = list(defaults)
    if len(args) > len(names):
        raise errors.InvalidArgumentError(f'{owner} takes at most {len(names)} arguments ({", ".join(names)})')
    values = dict(defaults)
    values.update(zip(names, args))
    for k, v in kwargs.items():
        if k not in values:
            raise errors.UnknownNameError(f'{owner} has no argument {k!r} (it has: {", ".join(names)})')
        values[k] = v
    return values


class TrainingInitializer:
    """Initializers drawn by the training engine for a Sequential's arrays (braintools.init's variance
    scaling family and TruncatedNormal): the engine draws them from the network's seed."""

    _engine = None
    _keys = ()

    def __init__(self, *args, unit=None, **kwargs):
        self.unit = unit
        self.kwargs = keyword_arguments(type(self).__name__, dict(self._keys), args, kwargs)

    def _training(self):
        kw = {k: float(v) for k, v in self.kwargs.items() if v is not None}
        return self._engine, kw, unit_string(self.unit) if self.unit is not None else ''

    def __repr__(self):
        return f'{type(self).__name__}(' + ', '.join(f'{k}={v!r}' for k, v in self.kwargs.items()) + ')'


def _variance_scaling(name, scale, doc):
    return type(name, (TrainingInitializer,), {'_engine': name, '_keys': (('scale', scale),), '__doc__': doc,
                                               '__module__': __name__})


KaimingUniform = _variance_scaling('KaimingUniform', 2.0, 'U(±sqrt(3·scale/fan_in))')
XavierNormal = _variance_scaling('XavierNormal', 1.0, 'N(0, sqrt(scale/fan_avg))')
XavierUniform = _variance_scaling('XavierUniform', 1.0, 'U(±sqrt(3·scale/fan_avg))')
LecunNormal = _variance_scaling('LecunNormal', 1.0, 'N(0, sqrt(scale/fan_in))')
LecunUniform = _variance_scaling('LecunUniform', 1.0, 'U(±sqrt(3·scale/fan_in))')


class TruncatedNormal(TrainingInitializer):
    """N(mean, std) restricted to [low, high] (None: unbounded)."""
    _engine = 'TruncatedNormal'
    _keys = (('mean', 0.0), ('std', 1.0), ('low', None), ('high', None))


class BrainstateKaimingNormal(TrainingInitializer):
    """brainstate.nn.init.KaimingNormal (Linear's default there): a normal truncated at ±2σ with the
    variance scale/fan_in (σ corrected for the truncation)."""
    _engine = 'brainstate.KaimingNormal'
    _keys = (('scale', 2.0),)

