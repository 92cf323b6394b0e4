"""Post-aligned synapse (Expon) and synaptic outputs (COBA, CUBA) with brainpy.state's signatures."""

import numpy as np

from . import errors
from . import _engine
from ._base import Describable, HasParams, StateRef, check_size, make_params
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, call, encode
from ._params import numeric_array
from .init import Constant
from .units import Quantity, as_quantity
from . import units as u

__all__ = ['Expon', 'COBA', 'CUBA']


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


@make_params
class Expon(_Part):
    """brainpy.state.Expon: ``dg/dt = -g/tau``; an incoming spike adds its weight to g in the same step.

    ``Expon(in_size, name=None, tau=8 ms, g_initializer=Constant(0 mS))``. Used through
    ``Expon.desc(n_post, tau=...)`` in an AlignPostProj; ``proj.syn.g.value`` reads the conductance.
    """

    _part = 'syn'
    _param_units = {'tau': 'ms', 'g_initializer': 'mS'}

    def __init__(self, in_size, name=None, tau=8.0 * u.ms, g_initializer=Constant(0. * u.mS)):
        self.in_size, n = check_size(in_size, 'Expon')
        self.varshape = self.in_size
        self.size = n
        self.name = name
        self._bind_init()
        self._init_params(dict(tau=tau, g_initializer=g_initializer), n)

    @property
    def g(self):
        """The synaptic conductance (``.value``: Quantity array in mS, one per post neuron; assignable)."""
        return StateRef(self, 'g', 'mS')

    def _read_state(self, name, unit):
        p = self._require_proj()
        p._net._ensure_compiled()
        return Quantity(_engine.read_floats('bps_projection_get_state', p._net._h, p._id, name, unit, self.size,
                                            p._net._float), unit)

    def _write_state(self, name, value):
        q = as_quantity(value, what=f'Expon.{name}')
        if q is None:
            raise errors.UnitMismatchError(f'Expon.{name} needs a conductance quantity (e.g. 0 * u.mS), got {value!r}')
        a = numeric_array(q.mantissa, f'Expon.{name}').ravel()
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

    def __repr__(self):
        return f'Expon({self.size}, tau={self._values["tau"]!r})'


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
