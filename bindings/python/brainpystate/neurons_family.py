"""The rest of brainpy.state's integrate-and-fire family: ExpIF(Ref), QuaIF, AdQuaIF(Ref),
Gif(Ref), CubaLIF, CobaLIF, Izhikevich(Ref) (classes in the style of neurons.py).

Every class takes brainpy.state's constructor signature, defaults and units. ``spk_fun`` (a surrogate
gradient) has no effect on the forward simulation and is accepted for compatibility. The refractory
variants (``*Ref``) always keep the ``refractory`` state (held OR spiking at the last step), whatever
``ref_var`` says; ``ref_var`` is accepted and passed on.
"""

from ._base import make_params
from .init import Constant
from .neurons import Neuron
from . import units as u

__all__ = ['ExpIF', 'ExpIFRef', 'QuaIF', 'AdQuaIF', 'AdQuaIFRef', 'Gif', 'GifRef', 'CubaLIF', 'CobaLIF',
           'Izhikevich', 'IzhikevichRef']

_REF_STATES = {'last_spike_time': 'ms', 'refractory': ''}

_EXP_UNITS = {'R': 'ohm', 'tau': 'ms', 'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV', 'V_T': 'mV', 'delta_T': 'mV',
              'V_initializer': 'mV'}


@make_params
class ExpIF(Neuron):
    """brainpy.state.ExpIF: exponential integrate-and-fire,
    ``tau dV/dt = -(V - V_rest) + delta_T exp((V - V_T)/delta_T) + R I`` (exponent clipped at 20).

    ``ExpIF(in_size, R=1 ohm, tau=10 ms, V_th=-30 mV, V_reset=-68 mV, V_rest=-65 mV, V_T=-59.9 mV,
    delta_T=3.48 mV, V_initializer=Constant(-65 mV), spk_fun=None, spk_reset='soft', name=None)``.
    With these defaults brainpy's late spike test lets V run away to ~1e15 mV (soft reset); this is
    reproduced faithfully. State: ``V`` (mV).
    """

    _model = 'ExpIF'
    _param_units = _EXP_UNITS

    def __init__(self, in_size, R=1. * u.ohm, tau=10. * u.ms, V_th=-30. * u.mV, V_reset=-68. * u.mV,
                 V_rest=-65. * u.mV, V_T=-59.9 * u.mV, delta_T=3.48 * u.mV, V_initializer=Constant(-65. * u.mV),
                 spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, V_th=V_th, V_reset=V_reset, V_rest=V_rest, V_T=V_T, delta_T=delta_T,
                                  V_initializer=V_initializer), spk_fun, spk_reset, name)


@make_params
class ExpIFRef(Neuron):
    """brainpy.state.ExpIFRef: ExpIF holding V at its post-reset value while
    ``t - last_spike_time < tau_ref``. States ``V`` (mV), ``last_spike_time`` (ms), ``refractory``.

    ``ExpIFRef(in_size, R=1 ohm, tau=10 ms, tau_ref=1.7 ms, V_th=-30 mV, V_reset=-68 mV, V_rest=-65 mV,
    V_T=-59.9 mV, delta_T=3.48 mV, V_initializer=Constant(-65 mV), spk_fun=None, spk_reset='soft',
    ref_var=False, name=None)``.
    """

    _model = 'ExpIFRef'
    _param_units = dict(_EXP_UNITS, tau_ref='ms')
    _states = dict({'V': 'mV'}, **_REF_STATES)
    _options = ('spk_reset', 'ref_var')

    def __init__(self, in_size, R=1. * u.ohm, tau=10. * u.ms, tau_ref=1.7 * u.ms, V_th=-30. * u.mV,
                 V_reset=-68. * u.mV, V_rest=-65. * u.mV, V_T=-59.9 * u.mV, delta_T=3.48 * u.mV,
                 V_initializer=Constant(-65. * u.mV), spk_fun=None, spk_reset='soft', ref_var=False, name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_ref=tau_ref, V_th=V_th, V_reset=V_reset, V_rest=V_rest, V_T=V_T,
                                  delta_T=delta_T, V_initializer=V_initializer), spk_fun, spk_reset, name,
                    ref_var=ref_var)


_QUA_UNITS = {'R': 'ohm', 'tau': 'ms', 'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV', 'V_c': 'mV', 'c': '1/mV',
              'V_initializer': 'mV'}


@make_params
class QuaIF(Neuron):
    """brainpy.state.QuaIF: quadratic integrate-and-fire,
    ``tau dV/dt = c (V - V_rest)(V - V_c) + R I``.

    ``QuaIF(in_size, R=1 ohm, tau=10 ms, V_th=-30 mV, V_reset=-68 mV, V_rest=-65 mV, V_c=-50 mV,
    c=0.07 /mV, V_initializer=Constant(-65 mV), spk_fun=None, spk_reset='soft', name=None)``. State: ``V``.
    """

    _model = 'QuaIF'
    _param_units = _QUA_UNITS

    def __init__(self, in_size, R=1. * u.ohm, tau=10. * u.ms, V_th=-30. * u.mV, V_reset=-68. * u.mV,
                 V_rest=-65. * u.mV, V_c=-50. * u.mV, c=0.07 / u.mV, V_initializer=Constant(-65. * u.mV),
                 spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, V_th=V_th, V_reset=V_reset, V_rest=V_rest, V_c=V_c, c=c,
                                  V_initializer=V_initializer), spk_fun, spk_reset, name)


_ADQUA_UNITS = dict(_QUA_UNITS, tau_w='ms', a='S', b='mA', w_initializer='mA')


@make_params
class AdQuaIF(Neuron):
    """brainpy.state.AdQuaIF: quadratic integrate-and-fire with adaptation,
    ``tau dV/dt = c (V - V_rest)(V - V_c) - R w + R I``, ``tau_w dw/dt = a (V - V_rest) - w``, ``w += b``
    per spike (w follows the new V).

    ``AdQuaIF(in_size, R=1 ohm, tau=10 ms, tau_w=10 ms, V_th=-30 mV, V_reset=-68 mV, V_rest=-65 mV,
    V_c=-50 mV, c=0.07 /mV, a=1 S, b=0.1 mA, V_initializer=Constant(-65 mV), w_initializer=Constant(0 mA),
    spk_fun=None, spk_reset='soft', name=None)``. States: ``V`` (mV), ``w`` (mA).
    """

    _model = 'AdQuaIF'
    _param_units = _ADQUA_UNITS
    _states = {'V': 'mV', 'w': 'mA'}

    def __init__(self, in_size, R=1. * u.ohm, tau=10. * u.ms, tau_w=10. * u.ms, V_th=-30. * u.mV,
                 V_reset=-68. * u.mV, V_rest=-65. * u.mV, V_c=-50. * u.mV, c=0.07 / u.mV, a=1. * u.siemens,
                 b=0.1 * u.mA, V_initializer=Constant(-65. * u.mV), w_initializer=Constant(0. * u.mA), spk_fun=None,
                 spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_w=tau_w, V_th=V_th, V_reset=V_reset, V_rest=V_rest, V_c=V_c, c=c,
                                  a=a, b=b, V_initializer=V_initializer, w_initializer=w_initializer),
                    spk_fun, spk_reset, name)


@make_params
class AdQuaIFRef(Neuron):
    """brainpy.state.AdQuaIFRef: AdQuaIF holding V and w at their post-reset values while
    ``t - last_spike_time < tau_ref``. States ``V``, ``w``, ``last_spike_time``, ``refractory``.

    ``AdQuaIFRef(in_size, R=1 ohm, tau=10 ms, tau_w=10 ms, tau_ref=1.7 ms, V_th=-30 mV, V_reset=-68 mV,
    V_rest=-65 mV, V_c=-50 mV, c=0.07 /mV, a=1 S, b=0.1 mA, V_initializer=Constant(-65 mV),
    w_initializer=Constant(0 mA), spk_fun=None, spk_reset='soft', ref_var=False, name=None)``.
    """

    _model = 'AdQuaIFRef'
    _param_units = dict(_ADQUA_UNITS, tau_ref='ms')
    _states = dict({'V': 'mV', 'w': 'mA'}, **_REF_STATES)
    _options = ('spk_reset', 'ref_var')

    def __init__(self, in_size, R=1. * u.ohm, tau=10. * u.ms, tau_w=10. * u.ms, tau_ref=1.7 * u.ms, V_th=-30. * u.mV,
                 V_reset=-68. * u.mV, V_rest=-65. * u.mV, V_c=-50. * u.mV, c=0.07 / u.mV, a=1. * u.siemens,
                 b=0.1 * u.mA, V_initializer=Constant(-65. * u.mV), w_initializer=Constant(0. * u.mA), spk_fun=None,
                 spk_reset='soft', ref_var=False, name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_w=tau_w, tau_ref=tau_ref, V_th=V_th, V_reset=V_reset,
                                  V_rest=V_rest, V_c=V_c, c=c, a=a, b=b, V_initializer=V_initializer,
                                  w_initializer=w_initializer), spk_fun, spk_reset, name, ref_var=ref_var)


_GIF_UNITS = {'R': 'ohm', 'tau': 'ms', 'V_rest': 'mV', 'V_reset': 'mV', 'V_th_inf': 'mV', 'V_th_reset': 'mV',
              'V_th_initializer': 'mV', 'a': '1/ms', 'b': '1/ms', 'k1': '1/ms', 'k2': '1/ms', 'R1': '', 'R2': '',
              'A1': 'mA', 'A2': 'mA', 'V_initializer': 'mV', 'I1_initializer': 'mA', 'I2_initializer': 'mA'}
_GIF_STATES = {'V': 'mV', 'I1': 'mA', 'I2': 'mA', 'V_th': 'mV'}


@make_params
class Gif(Neuron):
    """brainpy.state.Gif: generalized integrate-and-fire with two spike-triggered currents I1, I2
    (``I_k <- R_k I_k + A_k`` at a spike, decaying with k_k) and a dynamic threshold state ``V_th``
    (``dV_th/dt = a (V - V_rest) - b (V_th - V_th_inf)``, raised to at least V_th_reset at a spike).

    ``Gif(in_size, R=20 ohm, tau=20 ms, V_rest=-70 mV, V_reset=-70 mV, V_th_inf=-50 mV, V_th_reset=-60 mV,
    V_th_initializer=Constant(-50 mV), a=0 /ms, b=0.01 /ms, k1=0.2 /ms, k2=0.02 /ms, R1=0., R2=1., A1=0 mA,
    A2=0 mA, V_initializer=Constant(-70 mV), I1_initializer=Constant(0 mA), I2_initializer=Constant(0 mA),
    spk_fun=None, spk_reset='soft', name=None)``. States: ``V``, ``I1``, ``I2`` (mA), ``V_th`` (mV).
    """

    _model = 'Gif'
    _param_units = _GIF_UNITS
    _states = _GIF_STATES

    def __init__(self, in_size, R=20. * u.ohm, tau=20. * u.ms, V_rest=-70. * u.mV, V_reset=-70. * u.mV,
                 V_th_inf=-50. * u.mV, V_th_reset=-60. * u.mV, V_th_initializer=Constant(-50. * u.mV), a=0. / u.ms,
                 b=0.01 / u.ms, k1=0.2 / u.ms, k2=0.02 / u.ms, R1=0., R2=1., A1=0. * u.mA, A2=0. * u.mA,
                 V_initializer=Constant(-70. * u.mV), I1_initializer=Constant(0. * u.mA),
                 I2_initializer=Constant(0. * u.mA), spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, V_rest=V_rest, V_reset=V_reset, V_th_inf=V_th_inf,
                                  V_th_reset=V_th_reset, V_th_initializer=V_th_initializer, a=a, b=b, k1=k1, k2=k2,
                                  R1=R1, R2=R2, A1=A1, A2=A2, V_initializer=V_initializer,
                                  I1_initializer=I1_initializer, I2_initializer=I2_initializer),
                    spk_fun, spk_reset, name)


@make_params
class GifRef(Neuron):
    """brainpy.state.GifRef: Gif holding V, I1, I2 and V_th at their post-reset values while
    ``t - last_spike_time < tau_ref``. As in brainpy, its V equation uses the undecayed (post-reset)
    I1, I2 where Gif uses the decayed ones. States as Gif plus ``last_spike_time``, ``refractory``.

    ``GifRef(in_size, R=20 ohm, tau=20 ms, tau_ref=1.7 ms, V_rest=-70 mV, ...`` (then as Gif)
    ``..., spk_fun=None, spk_reset='soft', ref_var=False, name=None)``.
    """

    _model = 'GifRef'
    _param_units = dict(_GIF_UNITS, tau_ref='ms')
    _states = dict(_GIF_STATES, **_REF_STATES)
    _options = ('spk_reset', 'ref_var')

    def __init__(self, in_size, R=20. * u.ohm, tau=20. * u.ms, tau_ref=1.7 * u.ms, V_rest=-70. * u.mV,
                 V_reset=-70. * u.mV, V_th_inf=-50. * u.mV, V_th_reset=-60. * u.mV,
                 V_th_initializer=Constant(-50. * u.mV), a=0. / u.ms, b=0.01 / u.ms, k1=0.2 / u.ms, k2=0.02 / u.ms,
                 R1=0., R2=1., A1=0. * u.mA, A2=0. * u.mA, V_initializer=Constant(-70. * u.mV),
                 I1_initializer=Constant(0. * u.mA), I2_initializer=Constant(0. * u.mA), spk_fun=None,
                 spk_reset='soft', ref_var=False, name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_ref=tau_ref, V_rest=V_rest, V_reset=V_reset, V_th_inf=V_th_inf,
                                  V_th_reset=V_th_reset, V_th_initializer=V_th_initializer, a=a, b=b, k1=k1, k2=k2,
                                  R1=R1, R2=R2, A1=A1, A2=A2, V_initializer=V_initializer,
                                  I1_initializer=I1_initializer, I2_initializer=I2_initializer),
                    spk_fun, spk_reset, name, ref_var=ref_var)


@make_params
class CubaLIF(Neuron):
    """brainpy.state.CubaLIF: LIF with a built-in exponential synaptic current ``g`` (mA, decaying with
    tau_syn): ``tau dV/dt = -(V - V_rest) + R (g + I)``. Delta inputs (``add_delta_input_once``) are
    currents added to g, not voltages added to V; g is integrated first, so a kick drives V in the same step.

    ``CubaLIF(in_size, R=1 ohm, tau=5 ms, tau_syn=5 ms, V_th=1 mV, V_reset=0 mV, V_rest=0 mV,
    V_initializer=Constant(0 mV), g_initializer=Constant(0 mA), spk_fun=None, spk_reset='soft', name=None)``.
    """

    _model = 'CubaLIF'
    _param_units = {'R': 'ohm', 'tau': 'ms', 'tau_syn': 'ms', 'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV',
                    'V_initializer': 'mV', 'g_initializer': 'mA'}
    _states = {'V': 'mV', 'g': 'mA'}
    _delta_unit = 'mA'

    def __init__(self, in_size, R=1. * u.ohm, tau=5. * u.ms, tau_syn=5. * u.ms, V_th=1. * u.mV, V_reset=0. * u.mV,
                 V_rest=0. * u.mV, V_initializer=Constant(0. * u.mV), g_initializer=Constant(0. * u.mA), spk_fun=None,
                 spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_syn=tau_syn, V_th=V_th, V_reset=V_reset, V_rest=V_rest,
                                  V_initializer=V_initializer, g_initializer=g_initializer), spk_fun, spk_reset, name)


@make_params
class CobaLIF(Neuron):
    """brainpy.state.CobaLIF: LIF with a built-in exponential synaptic conductance ``g`` (S, decaying
    with tau_syn): ``tau dV/dt = -(V - V_rest) + R (g (E - V) + I)``. Delta inputs are conductances added
    to g. With the default E = 0 mV (below V_th = 1 mV) the synapse cannot excite.

    ``CobaLIF(in_size, R=1 ohm, tau=5 ms, tau_syn=5 ms, E=0 mV, V_th=1 mV, V_reset=0 mV, V_rest=0 mV,
    V_initializer=Constant(0 mV), g_initializer=Constant(0 S), spk_fun=None, spk_reset='soft', name=None)``.
    """

    _model = 'CobaLIF'
    _param_units = {'R': 'ohm', 'tau': 'ms', 'tau_syn': 'ms', 'E': 'mV', 'V_th': 'mV', 'V_reset': 'mV',
                    'V_rest': 'mV', 'V_initializer': 'mV', 'g_initializer': 'S'}
    _states = {'V': 'mV', 'g': 'S'}
    _delta_unit = 'S'

    def __init__(self, in_size, R=1. * u.ohm, tau=5. * u.ms, tau_syn=5. * u.ms, E=0. * u.mV, V_th=1. * u.mV,
                 V_reset=0. * u.mV, V_rest=0. * u.mV, V_initializer=Constant(0. * u.mV),
                 g_initializer=Constant(0. * u.siemens), spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(R=R, tau=tau, tau_syn=tau_syn, E=E, V_th=V_th, V_reset=V_reset, V_rest=V_rest,
                                  V_initializer=V_initializer, g_initializer=g_initializer), spk_fun, spk_reset, name)


_IZH_UNITS = {'a': '1/ms', 'b': '1/ms', 'c': 'mV', 'd': 'mV/ms', 'V_th': 'mV', 'V_initializer': 'mV',
              'u_initializer': 'mV/ms'}


@make_params
class Izhikevich(Neuron):
    """brainpy.state.Izhikevich: ``dV/dt = 0.04 V^2 + 5 V + 140 - u + I``, ``du/dt = a (b V - u)``; at a
    spike V is set to c and u increases by d. The input I is in mV/ms (``add_current_input``,
    ``net.step`` and one-shot inputs take mV/ms); ``spk_reset`` is accepted and ignored, as in brainpy.

    ``Izhikevich(in_size, a=0.02 /ms, b=0.2 /ms, c=-65 mV, d=8 mV/ms, V_th=30 mV,
    V_initializer=Constant(-65 mV), u_initializer=Constant(0 mV/ms), spk_fun=None, spk_reset='hard',
    name=None)``. States: ``V`` (mV), ``u`` (mV/ms).
    """

    _model = 'Izhikevich'
    _param_units = _IZH_UNITS
    _states = {'V': 'mV', 'u': 'mV/ms'}
    _input_unit = 'mV/ms'

    def __init__(self, in_size, a=0.02 / u.ms, b=0.2 / u.ms, c=-65. * u.mV, d=8. * u.mV / u.ms, V_th=30. * u.mV,
                 V_initializer=Constant(-65. * u.mV), u_initializer=Constant(0. * u.mV / u.ms), spk_fun=None,
                 spk_reset='hard', name=None):
        self._setup(in_size, dict(a=a, b=b, c=c, d=d, V_th=V_th, V_initializer=V_initializer,
                                  u_initializer=u_initializer), spk_fun, spk_reset, name)


@make_params
class IzhikevichRef(Neuron):
    """brainpy.state.IzhikevichRef: Izhikevich holding V and u at their post-reset values while
    ``t - last_spike_time < tau_ref`` (default 0: never). States ``V``, ``u``, ``last_spike_time``,
    ``refractory``. Input in mV/ms.

    ``IzhikevichRef(in_size, a=0.02 /ms, b=0.2 /ms, c=-65 mV, d=8 mV/ms, V_th=30 mV, tau_ref=0 ms,
    V_initializer=Constant(-65 mV), u_initializer=Constant(0 mV/ms), spk_fun=None, spk_reset='hard',
    ref_var=False, name=None)``.
    """

    _model = 'IzhikevichRef'
    _param_units = dict(_IZH_UNITS, tau_ref='ms')
    _states = dict({'V': 'mV', 'u': 'mV/ms'}, **_REF_STATES)
    _options = ('spk_reset', 'ref_var')
    _input_unit = 'mV/ms'

    def __init__(self, in_size, a=0.02 / u.ms, b=0.2 / u.ms, c=-65. * u.mV, d=8. * u.mV / u.ms, V_th=30. * u.mV,
                 tau_ref=0. * u.ms, V_initializer=Constant(-65. * u.mV), u_initializer=Constant(0. * u.mV / u.ms),
                 spk_fun=None, spk_reset='hard', ref_var=False, name=None):
        self._setup(in_size, dict(a=a, b=b, c=c, d=d, V_th=V_th, tau_ref=tau_ref, V_initializer=V_initializer,
                                  u_initializer=u_initializer), spk_fun, spk_reset, name, ref_var=ref_var)
