"""brainpystate: brainpy.state's spiking-network API on a compiled engine (pure ctypes + numpy).

    import brainpystate as bp
    from brainpystate import units as u

    net = bp.Network(dt=0.1 * u.ms, seed=42)
    N = net.add(bp.LIFRef(4000, V_rest=-60 * u.mV, V_th=-50 * u.mV, V_reset=-60 * u.mV, tau=20 * u.ms,
                          tau_ref=5 * u.ms, V_initializer=bp.init.Normal(-55., 2., unit=u.mV)))
    net.add(bp.AlignPostProj(pre=N[:3200],
            comm=bp.nn.EventFixedProb(3200, 4000, conn_num=0.02, conn_weight=0.6 * u.mS, seed=1),
            syn=bp.Expon.desc(4000, tau=5 * u.ms), out=bp.COBA.desc(E=0 * u.mV), post=N))
    N.add_current_input('ext', 20 * u.mA)
    spikes = net.monitor(N, 'spike')
    net.run(1000 * u.ms, progress=True)

See bindings/python/README.md for the full API.
"""

from . import errors, init, metric, nn, optim, surrogate, units
from ._lib import ABI_VERSION, library_path
from ._base import ParamDescriber
from .errors import (BadHandleError, BadStateError, BrainpyStateError, BufferTooSmallError, Cancelled,
                     ElementTypeError, EngineMemoryError, InternalError, InvalidArgumentError,
                     LibraryNotFoundError, NullPointerError, OutOfRangeError, UnitMismatchError,
                     UnknownNameError)
from .catalogue import models
from .network import Network, SpikeMonitor, StateMonitor, Stepper
from .neurons import ALIF, IF, LIF, AdExIF, AdExIFRef, LIFRef, Neuron, PopulationView
from . import neurons_family, neurons_conductance
from .neurons_family import *  # noqa: F401,F403  (the rest of the integrate-and-fire family)
from .neurons_conductance import *  # noqa: F401,F403  (HH-type and reduced models)
from .projections import AlignPostProj, CurrentProj, DeltaProj, Projection, align_post_projection, align_pre_projection
from .gap_junctions import AsymmetryGapJunction, SymmetryGapJunction
from .inputs import (ConstantInput, OUProcessInput, RampInput, SectionInput, SinusoidalInput, StepInput,
                     WienerProcessInput)
from .inputs_spikes import PoissonEncoder, PoissonInput, PoissonSpike, SpikeTime, poisson_input
from .readout import LeakyRateReadout
from .synapses import AMPA, COBA, CUBA, GABAa, STD, STP, Alpha, BioNMDA, DualExpon, Expon, MgBlock, SynOut
from .units import Quantity, Unit
from .sequential import ParamState, Sequential

__version__ = '0.1.0'

__all__ = [
    'Network', 'IF', 'LIF', 'LIFRef', 'ALIF', 'AdExIF', 'AdExIFRef', 'Neuron', 'PopulationView', 'Expon', 'DualExpon',
    'Alpha', 'AMPA', 'GABAa', 'BioNMDA', 'STP', 'STD', 'SynOut', 'COBA', 'CUBA', 'MgBlock', 'AlignPostProj',
    'CurrentProj', 'DeltaProj', 'Projection', 'align_pre_projection', 'align_post_projection',
    'SymmetryGapJunction', 'AsymmetryGapJunction',
    'SpikeMonitor', 'StateMonitor', 'Stepper', 'ParamDescriber', 'Quantity', 'Unit',
    'SpikeTime', 'PoissonSpike', 'PoissonEncoder', 'PoissonInput', 'poisson_input', 'SectionInput',
    'ConstantInput', 'StepInput', 'RampInput', 'SinusoidalInput', 'WienerProcessInput', 'OUProcessInput',
    'LeakyRateReadout',
    'ParamState', 'Sequential', 'surrogate', 'optim', 'metric',
    'nn', 'init', 'units', 'errors', 'models', 'lib', 'engine_version', 'library_path', 'ABI_VERSION',
    'BrainpyStateError', 'InvalidArgumentError', 'NullPointerError', 'BadHandleError', 'UnknownNameError',
    'UnitMismatchError', 'OutOfRangeError', 'BufferTooSmallError', 'ElementTypeError', 'BadStateError',
    'Cancelled', 'EngineMemoryError', 'InternalError', 'LibraryNotFoundError',
] + neurons_family.__all__ + neurons_conductance.__all__


def engine_version():
    """The loaded library's version string, e.g. '0.1.0'."""
    from ._lib import lib as _l
    return _l.bps_version_string().decode()


def __getattr__(name):
    if name == 'lib':
        # the low-level ctypes library (every bps_* function with argtypes declared)
        from ._lib import lib as _l
        _l._load()
        return _l
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
