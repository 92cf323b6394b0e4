"""Synapses (Expon, DualExpon, Alpha, AMPA, GABAa, BioNMDA), short-term plasticity (STP, STD) and
synaptic outputs (COBA, CUBA, MgBlock) with brainpy.state's signatures."""

import numpy as np

from . import errors
from . import _engine
from ._base import Describable, HasParams, StateRef, check_size, make_params
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, call, encode
from ._params import numeric_array
from .init import Constant
from .units import Quantity, as_quantity
from . import units as u

__all__ = ['Expon', 'DualExpon', 'Alpha', 'AMPA', 'GABAa', 'BioNMDA', 'STP', 'STD', 'SynOut', 'COBA', 'CUBA', 'MgBlock']


#: Expon/DualExpon/Alpha's g: a conductance in a projection; in a training Sequential it carries what its
#: input carries (a current, or nothing), so those units are accepted too (a network refuses them).
_G0_UNITS = ('', 'mS', 'mA')


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
            call('bps_projection_set_option', h, jid, encode(self._part), encode(k), encode(v))

    def _read_state(self, name, unit):
        p = self._require_proj()
        p._net._ensure_compiled()
        values = p._net._batched(_engine.read_floats('bps_projection_get_state', p._net._h, p._id,
                                                     f'{self._part}.{name}', unit, self.size, p._net._float),
                                 self.size)
        return Quantity(values, unit) if unit else values

    def _write_state(self, name, value):
        what = f'{type(self).__name__}.{name}'
        unit = type(self)._states[name]
        q = as_quantity(value, what=what)
        if q is None:
            if unit:
                raise errors.UnitMismatchError(f'{what} needs a quantity in {unit} (e.g. 0 * u.{unit}), got {value!r}')
            q = Quantity(numeric_array(value, what), '')
        a = numeric_array(q.mantissa, what).ravel()
        p = self._require_proj()
        p._net._mutable(f'write {name}')
        p._net._ensure_compiled()
        call('bps_projection_set_state', p._net._h, p._id, encode(f'{self._part}.{name}'), a.ctypes.data, a.size,
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

    _param_units = {'tau': 'ms', 'g_initializer': _G0_UNITS}
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

    _param_units = {'tau_decay': 'ms', 'tau_rise': 'ms', 'amplitude': '', 'g_initializer': _G0_UNITS}
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

    _param_units = {'tau': 'ms', 'g_initializer': _G0_UNITS}
    _states = {'g': 'mS', 'h': 'mS'}

    def __init__(self, in_size, name=None, tau=8. * u.ms, g_initializer=Constant(0. * u.mS)):
        self._setup(in_size, name, dict(tau=tau, g_initializer=g_initializer))

    def __repr__(self):
        return f'Alpha({self.size}, tau={self._values["tau"]!r})'


class _Kinetic(_Synapse):
    """AMPA and GABAa (spec synapses §3.4): a square transmitter pulse of T for T_dur after each
    presynaptic spike drives the open fraction g toward α·T/(α·T + β). They follow each presynaptic
    train, so they are the syn of an ``align_pre_projection`` (brainpy.state cannot post-align them).
    States ``g`` (mS, as brainpy.state labels it) and ``spike_arrival_time`` (ms)."""

    _param_units = {'alpha': '1/(mM*ms)', 'beta': 'kHz', 'T': 'mM', 'T_dur': 'ms', 'g_initializer': 'mS'}
    _states = {'g': 'mS', 'spike_arrival_time': 'ms'}

    def __repr__(self):
        return f'{type(self).__name__}({self.size})'


@make_params
class AMPA(_Kinetic):
    """brainpy.state.AMPA(in_size, name=None, alpha=0.98/(ms*mM), beta=0.18 kHz, T=0.5 mM, T_dur=0.5 ms,
    g_initializer=Constant(0 mS))."""

    def __init__(self, in_size, name=None, alpha=0.98 / (u.mM * u.ms), beta=0.18 * u.kHz, T=0.5 * u.mM,
                 T_dur=0.5 * u.ms, g_initializer=Constant(0. * u.mS)):
        self._setup(in_size, name, dict(alpha=alpha, beta=beta, T=T, T_dur=T_dur, g_initializer=g_initializer))


@make_params
class GABAa(_Kinetic):
    """brainpy.state.GABAa(in_size, name=None, alpha=0.53/(ms*mM), beta=0.18 kHz, T=1 mM, T_dur=1 ms,
    g_initializer=Constant(0 mS))."""

    def __init__(self, in_size, name=None, alpha=0.53 / (u.mM * u.ms), beta=0.18 * u.kHz, T=1. * u.mM,
                 T_dur=1. * u.ms, g_initializer=Constant(0. * u.mS)):
        self._setup(in_size, name, dict(alpha=alpha, beta=beta, T=T, T_dur=T_dur, g_initializer=g_initializer))


@make_params
class BioNMDA(_Synapse):
    """brainpy.state.BioNMDA: second-order NMDA kinetics, x first, then g with the new x; no Mg²⁺
    block inside (pair it with MgBlock). The syn of an ``align_pre_projection``.

    ``BioNMDA(in_size, name=None, alpha1=2 kHz, beta1=0.01 kHz, alpha2=1/(ms*mM), beta2=0.5 kHz, T=1 mM,
    T_dur=0.5 ms, g_initializer=Constant(0 mS), x_initializer=Constant(0.))``. States ``g``, ``x``,
    ``spike_arrival_time``."""

    _param_units = {'alpha1': 'kHz', 'beta1': 'kHz', 'alpha2': '1/(mM*ms)', 'beta2': 'kHz', 'T': 'mM',
                    'T_dur': 'ms', 'g_initializer': 'mS', 'x_initializer': ''}
    _states = {'g': 'mS', 'x': '', 'spike_arrival_time': 'ms'}

    def __init__(self, in_size, name=None, alpha1=2. * u.kHz, beta1=0.01 * u.kHz, alpha2=1. / (u.mM * u.ms),
                 beta2=0.5 * u.kHz, T=1. * u.mM, T_dur=0.5 * u.ms, g_initializer=Constant(0. * u.mS),
                 x_initializer=Constant(0.)):
        self._setup(in_size, name, dict(alpha1=alpha1, beta1=beta1, alpha2=alpha2, beta2=beta2, T=T, T_dur=T_dur,
                                        g_initializer=g_initializer, x_initializer=x_initializer))

    def __repr__(self):
        return f'BioNMDA({self.size})'


@make_params
class STP(_Synapse):
    """brainpy.state.STP (Tsodyks-Markram) in presynaptic space: a spike releases u⁺·x. Its amplitudes
    need a value-weighted comm (FixedNumConn, Linear, SparseLinear, AllToAll, OneToOne,
    EventLinear(float_as_event=False)) or an align-pre synapse. Give it to a projection as a module
    (``AlignPostProj(pre, stp, comm=...)``) or as ``stp=`` of the align_*_projection wrappers.

    ``STP(in_size, name=None, U=0.15, tau_f=1500 ms, tau_d=200 ms)``. States ``u``, ``x``."""

    _part = 'stp'
    _param_units = {'U': '', 'tau_f': 'ms', 'tau_d': 'ms'}
    _states = {'u': '', 'x': ''}

    def __init__(self, in_size, name=None, U=0.15, tau_f=1500. * u.ms, tau_d=200. * u.ms):
        self._setup(in_size, name, dict(U=U, tau_f=tau_f, tau_d=tau_d))

    def __repr__(self):
        return f'STP({self.size})'


@make_params
class STD(_Synapse):
    """brainpy.state.STD: short-term depression in presynaptic space (a spike releases x and uses U·x).

    ``STD(in_size, name=None, tau=200 ms, U=0.07)``. State ``x``."""

    _part = 'stp'
    _param_units = {'tau': 'ms', 'U': ''}
    _states = {'x': ''}

    def __init__(self, in_size, name=None, tau=200. * u.ms, U=0.07):
        self._setup(in_size, name, dict(tau=tau, U=U))

    def __repr__(self):
        return f'STD({self.size})'


class SynOut(_Part):
    """brainpy.state.SynOut: what turns a projection's conductance into a current of the post
    neurons (COBA, CUBA, MgBlock); the ``out`` of every projection kind but DeltaProj."""

    _part = 'out'


@make_params
class COBA(SynOut):
    """brainpy.state.COBA: conductance-based output ``I = g * (E - V)``, evaluated inside the neuron's
    exponential-Euler step. ``COBA(E)``; E is required (no default, as in brainpy.state)."""

    _param_units = {'E': 'mV'}

    def __init__(self, E):
        self._bind_init()
        self._init_params(dict(E=E), None)

    def __repr__(self):
        return f'COBA(E={self._values["E"]!r})'


@make_params
class CUBA(SynOut):
    """brainpy.state.CUBA: current-based output ``I = g * scale``. ``CUBA(scale=1 V)``."""

    _param_units = {'scale': 'V'}

    def __init__(self, scale=u.volt):
        self._bind_init()
        self._init_params(dict(scale=scale), None)

    def __repr__(self):
        return f'CUBA(scale={self._values["scale"]!r})'


@make_params
class MgBlock(SynOut):
    """brainpy.state.MgBlock: NMDA-type output with a voltage-dependent magnesium block,
    ``I = g * (E - V) / (1 + cc_Mg / beta * exp(alpha * (V_offset - V)))``, evaluated like COBA inside
    the post neuron's exponential-Euler step with the post-reset V of the step start; its derivative
    in V enters the linearisation.

    ``MgBlock(E=0 mV, cc_Mg=1.2 mM, alpha=0.062/mV, beta=3.57 mM, V_offset=0 mV)``. brainpy.state's
    defaults are bare numbers, which its unit system rejects next to a neuron's V in mV; here a bare
    number is read in the unit brainpy.state documents for the parameter (E and V_offset in mV, alpha in
    1/mV, cc_Mg and beta in mM), so ``MgBlock()`` and ``MgBlock(E=0 * u.mV, cc_Mg=1.2)`` mean what they
    say. Quantities are checked for their dimension as everywhere else.
    """

    _param_units = {'E': 'mV', 'cc_Mg': 'mM', 'alpha': '1/mV', 'beta': 'mM', 'V_offset': 'mV'}

    def __init__(self, E=0., cc_Mg=1.2, alpha=0.062, beta=3.57, V_offset=0.):
        self._bind_init()
        self._init_params(dict(E=E, cc_Mg=cc_Mg, alpha=alpha, beta=beta, V_offset=V_offset), None)

    def _check(self, name, value):
        # a bare number (or numeric array) stands for brainpy.state's documented unit of the parameter
        if as_quantity(value, what=f'MgBlock.{name}') is None and _is_numeric(value):
            value = Quantity(numeric_array(value, f'MgBlock.{name}'), self._param_units[name])
        return super()._check(name, value)

    def __repr__(self):
        return 'MgBlock(' + ', '.join(f'{k}={v!r}' for k, v in self._values.items()) + ')'


def _is_numeric(value):
    if isinstance(value, (bool, np.bool_, str, bytes)):
        return False
    try:
        return np.asarray(value).dtype.kind in 'iuf'
    except (TypeError, ValueError):
        return False
