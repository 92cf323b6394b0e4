"""Synapses (Expon, DualExpon, Alpha) and synaptic outputs (COBA, CUBA) with brainpy.state's signatures."""

import numpy as np

from . import errors
from . import _engine
from ._base import Describable, HasParams, StateRef, check_size, make_params
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, call, encode
from ._params import numeric_array
from .init import Constant
from .units import Quantity, as_quantity
from . import units as u

__all__ = ['Expon', 'DualExpon', 'Alpha', 'COBA', 'CUBA']


class _Part(HasParams, Describable):
    """A part of a projection ('syn' or 'out'); bound to its AlignPostProj by net.add."""

    _part = None

    def _bind_init(self):
        self._proj = None

    def _engine_set(self, name, r):
        p = self._proj
        if p is not None and p._net is not None:
            p._net._mutable(f'set {name}')
            _engine.set_projection_param(p._net._h, p._id, self._part, name, r)

    def _engine_get(self, name):
        return None

    def _build(self, h, jid):
        for k, r in self._resolved.items():
            _engine.set_projection_param(h, jid, self._part, k, r)


class _Synapse(_Part):
    """A synapse of a projection: its states are read and written through the projection."""

    _part = 'syn'
    _states = {}
    _options = {}

    def _setup(self, in_size, name, params, options=None):
        self.in_size, n = check_size(in_size, type(self).__name__)
        self.varshape = self.in_size
        self.size = n
        self.name = name
        self._bind_init()
        self._init_params(params, n)
        self._option_values = dict(options or {})

    def __getattr__(self, name):
        units = type(self)._states
        if name in units:
            return StateRef(self, name, units[name])
        raise AttributeError(f'{type(self).__name__!r} object has no attribute {name!r}')

    def _build(self, h, jid):
        super()._build(h, jid)
        for k, v in self._option_values.items():
            call('bps_projection_set_option', h, jid, b'syn', encode(k), encode(v))

    def _read_state(self, name, unit):
        p = self._require_proj()
        p._net._ensure_compiled()
        return Quantity(_engine.read_floats('bps_projection_get_state', p._net._h, p._id, name, unit, self.size,
                                            p._net._float), unit)

    def _write_state(self, name, value):
        what = f'{type(self).__name__}.{name}'
        q = as_quantity(value, what=what)
        if q is None:
            raise errors.UnitMismatchError(f'{what} needs a conductance quantity (e.g. 0 * u.mS), got {value!r}')
        a = numeric_array(q.mantissa, what).ravel()
        p = self._require_proj()
        p._net._mutable(f'write {name}')
        p._net._ensure_compiled()
        call('bps_projection_set_state', p._net._h, p._id, encode(name), a.ctypes.data, a.size,
             DTYPE_FLOAT32 if a.dtype == np.float32 else DTYPE_FLOAT64, encode(q.unit.name))

    def _require_proj(self):
        p = self._proj
        if p is None or p._net is None:
            raise errors.BadStateError('this synapse belongs to no projection of a network yet: net.add(proj) first')
        return p


@make_params
class Expon(_Synapse):
    """brainpy.state.Expon: ``dg/dt = -g/tau``; an incoming spike adds its weight to g in the same step.

    ``Expon(in_size, name=None, tau=8 ms, g_initializer=Constant(0 mS))``. Used through
    ``Expon.desc(n_post, tau=...)`` in an AlignPostProj; ``proj.syn.g.value`` reads the conductance.
    """

    _param_units = {'tau': 'ms', 'g_initializer': 'mS'}
    _states = {'g': 'mS'}

    def __init__(self, in_size, name=None, tau=8.0 * u.ms, g_initializer=Constant(0. * u.mS)):
        self._setup(in_size, name, dict(tau=tau, g_initializer=g_initializer))

    def __repr__(self):
        return f'Expon({self.size}, tau={self._values["tau"]!r})'


@make_params
class DualExpon(_Synapse):
    """brainpy.state.DualExpon: two exponentials (rise, decay) that both take the input; the output
    ``amplitude * N * (g_decay - g_rise)`` is 0 at the input's step and peaks at ``amplitude`` (with
    ``normalize=True``, N = 1 / the continuous-time peak).

    ``DualExpon(in_size, name=None, tau_decay=10 ms, tau_rise=1 ms, amplitude=1.0, normalize=True,
    g_initializer=Constant(0 mS))``. States ``g_rise``, ``g_decay`` (mS). Merged like Expon.
    """

    _param_units = {'tau_decay': 'ms', 'tau_rise': 'ms', 'amplitude': '', 'g_initializer': 'mS'}
    _states = {'g_rise': 'mS', 'g_decay': 'mS'}

    def __init__(self, in_size, name=None, tau_decay=10. * u.ms, tau_rise=1. * u.ms, amplitude=1.0, normalize=True,
                 g_initializer=Constant(0. * u.mS)):
        if not isinstance(normalize, (bool, np.bool_)):
            raise errors.ElementTypeError(f'DualExpon: normalize must be a bool, got {normalize!r}')
        self.normalize = bool(normalize)
        self._setup(in_size, name, dict(tau_decay=tau_decay, tau_rise=tau_rise, amplitude=amplitude,
                                        g_initializer=g_initializer),
                    {'normalize': 'true' if normalize else 'false'})

    def __repr__(self):
        return f'DualExpon({self.size}, tau_decay={self._values["tau_decay"]!r}, tau_rise={self._values["tau_rise"]!r})'


@make_params
class Alpha(_Synapse):
    """brainpy.state.Alpha: ``g`` follows ``h`` (which takes the input), so the output lags the input by
    one step and peaks at about x/e after tau (not normalised, as in brainpy.state).

    ``Alpha(in_size, name=None, tau=8 ms, g_initializer=Constant(0 mS))``. States ``g``, ``h`` (mS). Not
    post-alignable in brainpy.state: give an instance (``Alpha(n_post)``), not ``Alpha.desc``.
    """

    _param_units = {'tau': 'ms', 'g_initializer': 'mS'}
    _states = {'g': 'mS', 'h': 'mS'}

    def __init__(self, in_size, name=None, tau=8. * u.ms, g_initializer=Constant(0. * u.mS)):
        self._setup(in_size, name, dict(tau=tau, g_initializer=g_initializer))

    def __repr__(self):
        return f'Alpha({self.size}, tau={self._values["tau"]!r})'


@make_params
class COBA(_Part):
    """brainpy.state.COBA: conductance-based output ``I = g * (E - V)``, evaluated inside the neuron's
    exponential-Euler step. ``COBA(E)``; E is required (no default, as in brainpy.state)."""

    _part = 'out'
    _param_units = {'E': 'mV'}

    def __init__(self, E):
        self._bind_init()
        self._init_params(dict(E=E), None)

    def __repr__(self):
        return f'COBA(E={self._values["E"]!r})'


@make_params
class CUBA(_Part):
    """brainpy.state.CUBA: current-based output ``I = g * scale``. ``CUBA(scale=1 V)``."""

    _part = 'out'
    _param_units = {'scale': 'V'}

    def __init__(self, scale=u.volt):
        self._bind_init()
        self._init_params(dict(scale=scale), None)

    def __repr__(self):
        return f'CUBA(scale={self._values["scale"]!r})'
