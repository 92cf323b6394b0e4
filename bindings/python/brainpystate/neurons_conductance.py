"""brainpy.state's conductance-based and reduced neurons: HH, WangBuzsakiHH, MorrisLecar,
FitzHughNagumo, HindmarshRose (classes in the style of neurons.py).

None of them resets: V follows its own dynamics and a step's spike is the rising edge, 1 only on
the step where V crosses V_th upward (brainpy.state returns ``H((V'-V_th)/V_th) * (1 - H((V-V_th)/V_th))``).
``spk_reset`` is accepted and validated as in brainpy.state and has no effect.

Units as in brainpy.state: HH, WangBuzsakiHH and MorrisLecar take currents (brainpy writes them in
uA, with conductances in mS and C in uF); FitzHughNagumo and HindmarshRose are dimensionless, so
their inputs, delta inputs and states are plain numbers.

The default V_initializer of HH and MorrisLecar is Uniform(-70 mV, -60 mV): the engine draws it from
its own counter-based generator, so the values differ from those of JAX's generator.
"""

from . import errors
from ._base import make_params
from .init import Constant, Uniform
from .neurons import Neuron
from . import units as u

__all__ = ['HH', 'WangBuzsakiHH', 'MorrisLecar', 'FitzHughNagumo', 'HindmarshRose']


class _NonResetNeuron(Neuron):
    """The common part: rising-edge spikes, spk_reset validated but unused."""

    _input_unit = 'uA'

    def _setup_optional(self, in_size, params, optional, spk_fun, spk_reset, name):
        """_setup with initializers that may be None (HH's gates: steady state at the initial V).
        A None is not sent to the engine, which then computes the steady state."""
        self._setup(in_size, params, spk_fun, spk_reset, name)
        for k, v in optional.items():
            if v is None:
                self._values[k] = None
            else:
                self._resolved[k] = self._check(k, v)
                self._values[k] = v

    def _set_param(self, name, value):
        if value is None and name in type(self)._optional:
            if self._net is not None:
                raise errors.InvalidArgumentError(
                    f'{type(self).__name__}.{name}: None (steady state) can only be chosen before net.add; '
                    'the population already has an initializer')
            self._resolved.pop(name, None)
            self._values[name] = None
            return
        super()._set_param(name, value)

    _optional = ()


@make_params
class HH(_NonResetNeuron):
    """brainpy.state.HH: the Hodgkin-Huxley neuron,
    ``C dV/dt = -(gNa m^3 h (V - ENa) + gK n^4 (V - EK) + gL (V - EL)) + I``,
    ``dx/dt = alpha_x (1 - x) - beta_x x`` for x in m, h, n; spikes on the upward crossing of V_th.

    ``HH(in_size, ENa=50 mV, gNa=120 mS, EK=-77 mV, gK=36 mS, EL=-54.387 mV, gL=0.03 mS, V_th=20 mV,
    C=1 uF, V_initializer=Uniform(-70 mV, -60 mV), m_initializer=None, h_initializer=None,
    n_initializer=None, spk_fun=None, spk_reset='soft', name=None)``. A gate initializer of None
    starts the gate at its steady state x_inf(V0) = alpha/(alpha + beta) at the initial V. The input
    is a current (brainpy.state writes it in uA). States: ``V`` (mV), ``m``, ``h``, ``n``.
    """

    _model = 'HH'
    _param_units = {'ENa': 'mV', 'gNa': 'mS', 'EK': 'mV', 'gK': 'mS', 'EL': 'mV', 'gL': 'mS', 'V_th': 'mV',
                    'C': 'uF', 'V_initializer': 'mV', 'm_initializer': '', 'h_initializer': '', 'n_initializer': ''}
    _states = {'V': 'mV', 'm': '', 'h': '', 'n': ''}
    _optional = ('m_initializer', 'h_initializer', 'n_initializer')

    def __init__(self, in_size, ENa=50. * u.mV, gNa=120. * u.msiemens, EK=-77. * u.mV, gK=36. * u.msiemens,
                 EL=-54.387 * u.mV, gL=0.03 * u.msiemens, V_th=20. * u.mV, C=1.0 * u.ufarad,
                 V_initializer=Uniform(-70., -60., unit=u.mV), m_initializer=None, h_initializer=None,
                 n_initializer=None, spk_fun=None, spk_reset='soft', name=None):
        self._setup_optional(in_size, dict(ENa=ENa, gNa=gNa, EK=EK, gK=gK, EL=EL, gL=gL, V_th=V_th, C=C,
                                           V_initializer=V_initializer),
                             dict(m_initializer=m_initializer, h_initializer=h_initializer,
                                  n_initializer=n_initializer), spk_fun, spk_reset, name)


@make_params
class WangBuzsakiHH(_NonResetNeuron):
    """brainpy.state.WangBuzsakiHH: the Wang-Buzsaki interneuron, an HH-type model whose sodium
    activation is instantaneous (m = m_inf(V)) and whose h, n kinetics are scaled by ``phi``.

    ``WangBuzsakiHH(in_size, ENa=55 mV, gNa=35 mS, EK=-90 mV, gK=9 mS, EL=-65 mV, gL=0.1 mS, V_th=20 mV,
    phi=5.0, C=1 uF, V_initializer=Constant(-65 mV), h_initializer=Constant(0.6),
    n_initializer=Constant(0.32), spk_fun=None, spk_reset='soft', name=None)``.
    States: ``V`` (mV), ``h``, ``n``.
    """

    _model = 'WangBuzsakiHH'
    _param_units = {'ENa': 'mV', 'gNa': 'mS', 'EK': 'mV', 'gK': 'mS', 'EL': 'mV', 'gL': 'mS', 'V_th': 'mV',
                    'phi': '', 'C': 'uF', 'V_initializer': 'mV', 'h_initializer': '', 'n_initializer': ''}
    _states = {'V': 'mV', 'h': '', 'n': ''}

    def __init__(self, in_size, ENa=55. * u.mV, gNa=35. * u.msiemens, EK=-90. * u.mV, gK=9. * u.msiemens,
                 EL=-65. * u.mV, gL=0.1 * u.msiemens, V_th=20. * u.mV, phi=5.0, C=1.0 * u.ufarad,
                 V_initializer=Constant(-65. * u.mV), h_initializer=Constant(0.6), n_initializer=Constant(0.32),
                 spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(ENa=ENa, gNa=gNa, EK=EK, gK=gK, EL=EL, gL=gL, V_th=V_th, phi=phi, C=C,
                                  V_initializer=V_initializer, h_initializer=h_initializer,
                                  n_initializer=n_initializer), spk_fun, spk_reset, name)


@make_params
class MorrisLecar(_NonResetNeuron):
    """brainpy.state.MorrisLecar:
    ``C dV/dt = -g_Ca M_inf (V - V_Ca) - g_K W (V - V_K) - g_leak (V - V_leak) + I``,
    ``dW/dt = (W_inf - W)/tau_W`` with M_inf, W_inf = (1 + tanh((V - V1)/V2 | (V - V3)/V4))/2 and
    ``tau_W = 1/(phi cosh((V - V3)/(2 V4)))``; spikes on the upward crossing of V_th.

    ``MorrisLecar(in_size, V_Ca=130 mV, g_Ca=4.4 mS, V_K=-84 mV, g_K=8 mS, V_leak=-60 mV, g_leak=2 mS,
    C=20 uF, V1=-1.2 mV, V2=18 mV, V3=2 mV, V4=30 mV, phi=0.04/ms, V_th=10 mV,
    V_initializer=Uniform(-70 mV, -60 mV), W_initializer=Constant(0.02), spk_fun=None, spk_reset='soft',
    name=None)``. States: ``V`` (mV), ``W``.
    """

    _model = 'MorrisLecar'
    _param_units = {'V_Ca': 'mV', 'g_Ca': 'mS', 'V_K': 'mV', 'g_K': 'mS', 'V_leak': 'mV', 'g_leak': 'mS',
                    'C': 'uF', 'V1': 'mV', 'V2': 'mV', 'V3': 'mV', 'V4': 'mV', 'phi': '1/ms', 'V_th': 'mV',
                    'V_initializer': 'mV', 'W_initializer': ''}
    _states = {'V': 'mV', 'W': ''}

    def __init__(self, in_size, V_Ca=130. * u.mV, g_Ca=4.4 * u.msiemens, V_K=-84. * u.mV, g_K=8. * u.msiemens,
                 V_leak=-60. * u.mV, g_leak=2. * u.msiemens, C=20. * u.ufarad, V1=-1.2 * u.mV, V2=18. * u.mV,
                 V3=2. * u.mV, V4=30. * u.mV, phi=0.04 / u.ms, V_th=10. * u.mV,
                 V_initializer=Uniform(-70., -60., unit=u.mV), W_initializer=Constant(0.02), spk_fun=None,
                 spk_reset='soft', name=None):
        self._setup(in_size, dict(V_Ca=V_Ca, g_Ca=g_Ca, V_K=V_K, g_K=g_K, V_leak=V_leak, g_leak=g_leak, C=C,
                                  V1=V1, V2=V2, V3=V3, V4=V4, phi=phi, V_th=V_th, V_initializer=V_initializer,
                                  W_initializer=W_initializer), spk_fun, spk_reset, name)


class _Dimensionless(_NonResetNeuron):
    """The reduced models: input x, delta inputs and every state are plain numbers."""

    _input_unit = ''
    _delta_unit = ''


@make_params
class FitzHughNagumo(_Dimensionless):
    """brainpy.state.FitzHughNagumo: ``tau dV/dt = V - V^3/3 - w + I``, ``tau_w dw/dt = V + a - b w``
    (dimensionless); spikes on the upward crossing of V_th.

    ``FitzHughNagumo(in_size, a=0.7, b=0.8, tau=1 ms, tau_w=12.5 ms, V_th=1.0, V_initializer=Constant(-1.2),
    w_initializer=Constant(-0.62), spk_fun=None, spk_reset='soft', name=None)``. States: ``V``, ``w``.
    """

    _model = 'FitzHughNagumo'
    _param_units = {'a': '', 'b': '', 'tau': 'ms', 'tau_w': 'ms', 'V_th': '', 'V_initializer': '',
                    'w_initializer': ''}
    _states = {'V': '', 'w': ''}

    def __init__(self, in_size, a=0.7, b=0.8, tau=1. * u.ms, tau_w=12.5 * u.ms, V_th=1.0,
                 V_initializer=Constant(-1.2), w_initializer=Constant(-0.62), spk_fun=None, spk_reset='soft',
                 name=None):
        self._setup(in_size, dict(a=a, b=b, tau=tau, tau_w=tau_w, V_th=V_th, V_initializer=V_initializer,
                                  w_initializer=w_initializer), spk_fun, spk_reset, name)


@make_params
class HindmarshRose(_Dimensionless):
    """brainpy.state.HindmarshRose: ``tau dV/dt = y - a V^3 + b V^2 - z + I``, ``tau dy/dt = c - d V^2 - y``,
    ``tau dz/dt = r (s (V - V_r) - z)`` (dimensionless, bursting); spikes on the upward crossing of V_th.

    ``HindmarshRose(in_size, a=1.0, b=3.0, c=1.0, d=5.0, r=0.006, s=4.0, V_r=-1.6, tau=1 ms, V_th=1.0,
    V_initializer=Constant(-1.6), y_initializer=Constant(-10.), z_initializer=Constant(0.), spk_fun=None,
    spk_reset='soft', name=None)``. States: ``V``, ``y``, ``z``.
    """

    _model = 'HindmarshRose'
    _param_units = {'a': '', 'b': '', 'c': '', 'd': '', 'r': '', 's': '', 'V_r': '', 'tau': 'ms', 'V_th': '',
                    'V_initializer': '', 'y_initializer': '', 'z_initializer': ''}
    _states = {'V': '', 'y': '', 'z': ''}

    def __init__(self, in_size, a=1.0, b=3.0, c=1.0, d=5.0, r=0.006, s=4.0, V_r=-1.6, tau=1. * u.ms, V_th=1.0,
                 V_initializer=Constant(-1.6), y_initializer=Constant(-10.), z_initializer=Constant(0.),
                 spk_fun=None, spk_reset='soft', name=None):
        self._setup(in_size, dict(a=a, b=b, c=c, d=d, r=r, s=s, V_r=V_r, tau=tau, V_th=V_th,
                                  V_initializer=V_initializer, y_initializer=y_initializer,
                                  z_initializer=z_initializer), spk_fun, spk_reset, name)
