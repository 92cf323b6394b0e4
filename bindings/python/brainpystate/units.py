"""Light physical units for brainpystate (a small, dependency-free stand-in for brainunit).

A :class:`Quantity` is a mantissa (a Python number or a numpy array) together with a unit string of
the engine's unit grammar (see ``include/brainpystate.h``)::

    from brainpystate import units as u
    I = 20 * u.mA                       # Quantity(20, 'mA')
    V = np.array([-60., -55.]) * u.mV   # array quantity
    (-V).to(u.volt)                      # Quantity([0.06, 0.055], 'V')
    V.to_decimal(u.mV)                   # numpy array [-60., -55.]
    I.mantissa, I.unit                   # 20, Unit('mA')

Units multiply and divide (``u.mS * u.mV``, ``1 / u.ms``, ``u.mV / u.ms``); adding quantities
converts the right operand into the left operand's unit (like brainunit); comparing quantities of
different dimensions raises :class:`~brainpystate.errors.UnitMismatchError`.

Unit conversion uses the engine's own parser (``bps_unit_convert``), so the binding and the engine
always agree on what a unit string means. brainunit ``Quantity`` objects are accepted everywhere a
quantity is (see :func:`as_quantity`).
"""

import numbers

import numpy as np

from . import errors

__all__ = [
    'Unit', 'Quantity', 'as_quantity', 'unit_string', 'convert_factor', 'is_quantity_like',
    'second', 'ms', 'msecond', 'us', 'usecond',
    'volt', 'mV', 'mvolt', 'uV', 'uvolt',
    'amp', 'ampere', 'mA', 'mamp', 'uA', 'uamp', 'nA', 'namp', 'pA', 'pamp',
    'siemens', 'mS', 'msiemens', 'uS', 'usiemens', 'nS', 'nsiemens',
    'ohm', 'kohm', 'farad', 'uF', 'ufarad', 'nF', 'nfarad', 'pF', 'pfarad',
    'Hz', 'hertz', 'kHz', 'khertz', 'molar', 'mM', 'mmolar', 'uM', 'umolar', 'UNITLESS',
]

_factor_cache = {}


def _compose(a, op, b):
    """Combine two unit strings with '*' or '/'."""
    if op == '*':
        if a in ('', '1'):
            return b
        if b in ('', '1'):
            return a
        return f'{_wrap(a)}*{_wrap(b)}'
    if b in ('', '1'):
        return a
    return f'{_wrap(a) if a not in ("", "1") else "1"}/{_wrap(b)}'


def _wrap(s):
    return f'({s})' if any(c in s for c in '*/ ') else s


def convert_factor(from_unit, to_unit):
    """The factor f with value_in_to = value_in_from * f; UnitMismatchError on a malformed unit or
    different dimensions."""
    key = (from_unit, to_unit)
    f = _factor_cache.get(key)
    if f is None:
        if from_unit == to_unit:
            f = 1.0
            # still validate the grammar once
            _raw_convert(1.0, from_unit, from_unit)
        else:
            f = _raw_convert(1.0, from_unit, to_unit)
        if len(_factor_cache) < 4096:
            _factor_cache[key] = f
    return f


def _raw_convert(value, from_unit, to_unit):
    import ctypes
    from ._lib import lib, raise_status
    out = ctypes.c_double()
    st = lib.bps_unit_convert(float(value), from_unit.encode('utf-8'), to_unit.encode('utf-8'),
                              ctypes.byref(out))
    if st:
        try:
            raise_status(st, 'bps_unit_convert')
        except errors.UnitMismatchError as exc:
            raise errors.UnitMismatchError(
                f'cannot convert "{from_unit}" to "{to_unit}": {exc.message}', exc.status, exc.status_name,
                exc.function) from None
    return out.value


def same_dimension(a, b):
    """True if unit strings a and b have the same dimension (both must be well formed)."""
    try:
        convert_factor(a, b)
        return True
    except errors.UnitMismatchError:
        convert_factor(a, a)       # re-raise if a itself is malformed
        convert_factor(b, b)
        return False


class Unit:
    """A unit: a string of the engine's grammar, e.g. ``Unit('mV')``, ``u.mS * u.mV``, ``1 / u.ms``."""

    __slots__ = ('name',)
    __array_ufunc__ = None          # numpy defers ``array * unit`` to Unit.__rmul__

    def __init__(self, name=''):
        if isinstance(name, Unit):
            name = name.name
        if not isinstance(name, str):
            raise errors.ElementTypeError(f'a unit is a string such as "mV", got {type(name).__name__}')
        self.name = name.strip()

    def __str__(self):
        return self.name

    def __repr__(self):
        return f'Unit({self.name!r})'

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        if isinstance(other, (Unit, str)):
            o = str(other).strip()
            if o == self.name:
                return True
            try:
                return same_dimension(self.name, o) and convert_factor(self.name, o) == 1.0
            except errors.UnitMismatchError:
                return False
        return NotImplemented

    @property
    def is_unitless(self):
        return same_dimension(self.name, '')

    def __mul__(self, other):
        if isinstance(other, Unit):
            return Unit(_compose(self.name, '*', other.name))
        if isinstance(other, Quantity):
            return Quantity(other.mantissa, _compose(self.name, '*', other.unit.name))
        if _is_number_or_array(other):
            return Quantity(_mantissa(other), self.name)
        return NotImplemented

    def __rmul__(self, other):
        if _is_number_or_array(other):
            return Quantity(_mantissa(other), self.name)
        return NotImplemented

    def __truediv__(self, other):
        if isinstance(other, Unit):
            return Unit(_compose(self.name, '/', other.name))
        if isinstance(other, Quantity):
            return Quantity(1.0 / other.mantissa, _compose(self.name, '/', other.unit.name))
        if _is_number_or_array(other):
            return Quantity(1.0 / _mantissa(other), self.name)
        return NotImplemented

    def __rtruediv__(self, other):
        if _is_number_or_array(other):
            return Quantity(_mantissa(other), _compose('1', '/', self.name))
        return NotImplemented

    def __pow__(self, n):
        if not isinstance(n, numbers.Integral):
            raise errors.InvalidArgumentError(f'unit powers must be integers, got {n!r}')
        if n == 1:
            return Unit(self.name)
        return Unit(f'{_wrap(self.name)}^{int(n)}' if self.name not in ('', '1') else '')


def _is_number_or_array(x):
    return isinstance(x, (numbers.Number, np.ndarray, np.generic, list, tuple)) and not isinstance(x, bool)


def _mantissa(x):
    if isinstance(x, (list, tuple)):
        return np.asarray(x, dtype=float)
    return x


class Quantity:
    """A number or numpy array with a unit, e.g. ``Quantity(20., 'mA')`` or ``20 * u.mA``."""

    __slots__ = ('_mantissa', '_unit')
    __array_ufunc__ = None          # numpy defers ``array * quantity`` etc. to Quantity
    __array_priority__ = 1000

    def __init__(self, mantissa, unit=''):
        if isinstance(mantissa, Quantity):
            raise errors.ElementTypeError('Quantity(...) of a Quantity: use .to(unit) instead')
        if isinstance(mantissa, (list, tuple)):
            mantissa = np.asarray(mantissa, dtype=float)
        self._mantissa = mantissa
        self._unit = unit if isinstance(unit, Unit) else Unit(unit_string(unit))

    # -- basic access -------------------------------------------------------------------------
    @property
    def mantissa(self):
        """The numbers, in :attr:`unit`."""
        return self._mantissa

    @property
    def unit(self):
        return self._unit

    @property
    def shape(self):
        return np.shape(self._mantissa)

    @property
    def ndim(self):
        return np.ndim(self._mantissa)

    @property
    def size(self):
        return int(np.size(self._mantissa))

    @property
    def dtype(self):
        return np.asarray(self._mantissa).dtype

    def __len__(self):
        return len(self._mantissa)

    def __getitem__(self, idx):
        return Quantity(np.asarray(self._mantissa)[idx], self._unit)

    def __setitem__(self, idx, value):
        q = as_quantity(value, what='value')
        if q is None:
            raise errors.UnitMismatchError(f'cannot assign a bare number into a quantity in {self._unit}')
        self._mantissa[idx] = q.to_decimal(self._unit)

    def __iter__(self):
        for m in np.asarray(self._mantissa):
            yield Quantity(m, self._unit)

    def __repr__(self):
        return f'Quantity({self._mantissa!r}, {self._unit.name!r})'

    def __str__(self):
        return f'{self._mantissa} {self._unit.name}'.rstrip()

    def __float__(self):
        if not self._unit.is_unitless:
            raise errors.UnitMismatchError(f'only dimensionless quantities convert to float, this one is in '
                                           f'"{self._unit.name}"; use .to_decimal(unit)')
        return float(self._mantissa) * convert_factor(self._unit.name, '')

    # -- conversion ---------------------------------------------------------------------------
    def to(self, unit):
        """The same quantity expressed in `unit` (a Unit or a unit string)."""
        target = unit_string(unit)
        return Quantity(self.to_decimal(target), target)

    def to_decimal(self, unit=''):
        """The mantissa converted to `unit` (numbers without unit)."""
        target = unit_string(unit)
        f = convert_factor(self._unit.name, target)
        m = self._mantissa
        if f == 1.0:
            return m
        if isinstance(m, np.ndarray):
            if m.dtype.kind != 'f':
                m = m.astype(float)
            return m * m.dtype.type(f) if m.dtype == np.float32 else m * f
        return m * f

    in_unit = to

    def astype(self, dtype):
        return Quantity(np.asarray(self._mantissa).astype(dtype), self._unit)

    def reshape(self, *shape):
        return Quantity(np.reshape(self._mantissa, *shape), self._unit)

    def ravel(self):
        return Quantity(np.ravel(self._mantissa), self._unit)

    def copy(self):
        return Quantity(np.copy(self._mantissa) if isinstance(self._mantissa, np.ndarray) else self._mantissa,
                        self._unit)

    def sum(self, *a, **k):
        return Quantity(np.sum(self._mantissa, *a, **k), self._unit)

    def mean(self, *a, **k):
        return Quantity(np.mean(self._mantissa, *a, **k), self._unit)

    def min(self, *a, **k):
        return Quantity(np.min(self._mantissa, *a, **k), self._unit)

    def max(self, *a, **k):
        return Quantity(np.max(self._mantissa, *a, **k), self._unit)

    # -- arithmetic ---------------------------------------------------------------------------
    def _other_in_my_unit(self, other, op):
        q = as_quantity(other, what=f'right operand of {op}')
        if q is None:
            if self._unit.is_unitless:
                return _mantissa(other) / convert_factor(self._unit.name, '')
            raise errors.UnitMismatchError(
                f'cannot {op} a quantity in "{self._unit.name}" and a bare number; give the number a unit')
        try:
            return q.to_decimal(self._unit)
        except errors.UnitMismatchError:
            raise errors.UnitMismatchError(
                f'cannot {op} quantities in "{self._unit.name}" and "{q.unit.name}" (different dimensions)') from None

    def __neg__(self):
        return Quantity(-self._mantissa, self._unit)

    def __pos__(self):
        return self

    def __abs__(self):
        return Quantity(abs(self._mantissa), self._unit)

    def __add__(self, other):
        return Quantity(self._mantissa + self._other_in_my_unit(other, 'add'), self._unit)

    def __radd__(self, other):
        return Quantity(self._other_in_my_unit(other, 'add') + self._mantissa, self._unit)

    def __sub__(self, other):
        return Quantity(self._mantissa - self._other_in_my_unit(other, 'subtract'), self._unit)

    def __rsub__(self, other):
        return Quantity(self._other_in_my_unit(other, 'subtract') - self._mantissa, self._unit)

    def __mul__(self, other):
        if isinstance(other, Unit):
            return Quantity(self._mantissa, _compose(self._unit.name, '*', other.name))
        q = as_quantity(other, what='right operand of *')
        if q is None:
            return Quantity(self._mantissa * _mantissa(other), self._unit)
        return Quantity(self._mantissa * q.mantissa, _compose(self._unit.name, '*', q.unit.name))

    def __rmul__(self, other):
        if isinstance(other, Unit):
            return Quantity(self._mantissa, _compose(other.name, '*', self._unit.name))
        q = as_quantity(other, what='left operand of *')
        if q is None:
            return Quantity(_mantissa(other) * self._mantissa, self._unit)
        return Quantity(q.mantissa * self._mantissa, _compose(q.unit.name, '*', self._unit.name))

    def __truediv__(self, other):
        if isinstance(other, Unit):
            return Quantity(self._mantissa, _compose(self._unit.name, '/', other.name))
        q = as_quantity(other, what='right operand of /')
        if q is None:
            return Quantity(self._mantissa / _mantissa(other), self._unit)
        if same_dimension(self._unit.name, q.unit.name):
            return Quantity(self._mantissa / q.to_decimal(self._unit), '')
        return Quantity(self._mantissa / q.mantissa, _compose(self._unit.name, '/', q.unit.name))

    def __rtruediv__(self, other):
        q = as_quantity(other, what='left operand of /')
        if q is None:
            return Quantity(_mantissa(other) / self._mantissa, _compose('1', '/', self._unit.name))
        return Quantity(q.mantissa / self._mantissa, _compose(q.unit.name, '/', self._unit.name))

    def __pow__(self, n):
        return Quantity(self._mantissa ** n, (self._unit ** n).name)

    def _cmp(self, other, op):
        return op(self._mantissa, self._other_in_my_unit(other, 'compare'))

    def __eq__(self, other):
        try:
            return self._cmp(other, np.equal)
        except errors.UnitMismatchError:
            return False

    def __ne__(self, other):
        r = self.__eq__(other)
        return np.logical_not(r) if isinstance(r, np.ndarray) else not r

    def __lt__(self, other):
        return self._cmp(other, np.less)

    def __le__(self, other):
        return self._cmp(other, np.less_equal)

    def __gt__(self, other):
        return self._cmp(other, np.greater)

    def __ge__(self, other):
        return self._cmp(other, np.greater_equal)

    __hash__ = None


def is_quantity_like(x):
    """True for our Quantity, a Unit, and objects with ``.mantissa`` and ``.unit`` (brainunit)."""
    if isinstance(x, (Quantity, Unit)):
        return True
    return hasattr(x, 'mantissa') and hasattr(x, 'unit')


def _foreign_unit_string(unit):
    """A brainunit Unit (or anything printing like one) -> a string of our grammar."""
    s = str(unit).strip()
    if s.startswith('1 ') and not s[2:].lstrip().startswith(('/', '*')):
        s = s[2:].strip()
    s = s.replace(' * ', '*').replace(' / ', '/').replace('\u00b7', '*')
    if s in ('1', 'UNITLESS', 'Unit(1)', 'dimensionless'):
        s = ''
    return s


def _si_fallback(unit):
    """(factor, unit string) of a brainunit-like unit via SI exponents: unit.dim._dims (or .dim as a
    sequence) in the order m, kg, s, A, K, mol, cd, and the value factor * base**scale."""
    dim = getattr(unit, 'dim', None)
    dims = getattr(dim, '_dims', dim)
    try:
        e = [int(round(float(v))) for v in np.asarray(dims, dtype=float).ravel()]
    except (TypeError, ValueError):
        return None
    if len(e) < 6:
        return None
    m, kg, s, A, K, mol = e[:6]
    cd = e[6] if len(e) > 6 else 0
    if K or cd or m != 2 * kg - 3 * mol:
        return None
    try:
        value = float(getattr(unit, 'factor', 1.0)) * float(getattr(unit, 'base', 10.0)) ** float(getattr(unit, 'scale', 0))
    except (TypeError, ValueError):
        return None
    # kg m^2 s^-3 A^-1 = V; mol m^-3 = 1e-3 M
    parts = []
    for sym, p in (('V', kg), ('A', A + kg), ('s', s + 3 * kg), ('M', mol)):
        if p:
            parts.append(sym if p == 1 else f'{sym}^{p}')
    return value * (1e-3 ** mol), '*'.join(parts)


def unit_string(unit):
    """A unit given as our Unit, a string, a brainunit Unit, or None ('' = dimensionless) -> string."""
    if unit is None:
        return ''
    if isinstance(unit, Unit):
        return unit.name
    if isinstance(unit, str):
        return unit.strip()
    if hasattr(unit, 'dim') or type(unit).__name__ == 'Unit':
        s = _foreign_unit_string(unit)
        try:
            convert_factor(s, s)
            return s
        except errors.UnitMismatchError:
            fb = _si_fallback(unit)
            if fb is None or fb[0] != 1.0:
                raise errors.UnitMismatchError(
                    f'unit {str(unit)!r} cannot be expressed in the engine\'s units '
                    '(s, V, A, S, ohm, F, Hz, M and their prefixes)') from None
            return fb[1]
    raise errors.ElementTypeError(f'expected a unit (e.g. u.mV or "mV"), got {type(unit).__name__}')


def as_quantity(x, what='value'):
    """Normalise `x` to our :class:`Quantity`; None if `x` is a plain number/array without unit.

    Accepted: our Quantity; a Unit (= 1 of it, e.g. brainpy's ``scale=u.volt``); brainunit-like
    objects with ``.mantissa`` and ``.unit`` (the unit string is read with ``str(unit)`` and, if our
    grammar cannot parse it, converted through its SI exponents)."""
    if isinstance(x, Quantity):
        return x
    if isinstance(x, Unit):
        return Quantity(1.0, x)
    if hasattr(x, 'mantissa') and hasattr(x, 'unit'):
        mant = x.mantissa
        if not isinstance(mant, numbers.Number):
            mant = np.asarray(mant)
            if mant.ndim == 0:
                mant = mant.item()
        unit = x.unit
        s = _foreign_unit_string(unit)
        try:
            convert_factor(s, s)
            return Quantity(mant, s)
        except errors.UnitMismatchError:
            fb = _si_fallback(unit)
            if fb is None:
                raise errors.UnitMismatchError(
                    f'{what}: unit {str(unit)!r} cannot be expressed in the engine\'s units '
                    '(s, V, A, S, ohm, F, Hz, M and their prefixes)') from None
            factor, s2 = fb
            return Quantity(mant * factor if factor != 1.0 else mant, s2)
    if hasattr(x, 'dim') and hasattr(x, 'scale') and type(x).__name__ == 'Unit':   # a brainunit Unit
        return Quantity(1.0, unit_string(x))
    return None


UNITLESS = Unit('')
second = Unit('s')
ms = msecond = Unit('ms')
us = usecond = Unit('us')
volt = Unit('V')
mV = mvolt = Unit('mV')
uV = uvolt = Unit('uV')
amp = ampere = Unit('A')
mA = mamp = Unit('mA')
uA = uamp = Unit('uA')
nA = namp = Unit('nA')
pA = pamp = Unit('pA')
siemens = Unit('S')
mS = msiemens = Unit('mS')
uS = usiemens = Unit('uS')
nS = nsiemens = Unit('nS')
ohm = Unit('ohm')
kohm = Unit('kohm')
farad = Unit('F')
uF = ufarad = Unit('uF')
nF = nfarad = Unit('nF')
pF = pfarad = Unit('pF')
Hz = hertz = Unit('Hz')
kHz = khertz = Unit('kHz')
molar = Unit('M')
mM = mmolar = Unit('mM')
uM = umolar = Unit('uM')
