"""brainpy.state's value generators (inputs.py): SectionInput, ConstantInput, StepInput, RampInput,
SinusoidalInput, WienerProcessInput, OUProcessInput, with brainpy.state's signatures and units.

A generator is a population of the engine. Drive a population with it as brainpy users write
``N.add_current_input('key', lambda v: inp())`` or ``N(inp())``::

    inp = bp.SectionInput(1, [0, 10, 0] * u.mA, [50, 100, 50] * u.ms)
    N.add_current_input('stim', inp)      # the generator joins N's network when needed

Every step the generator computes its output (``inp.output.value``, recordable with
``net.monitor(inp, 'output')``) before the neurons update, and N adds it to its input x. A generator
of size 1 drives every neuron. Amplitudes may be in any unit of the driven model's input dimension
(a current for the integrate-and-fire family). Windows and times are evaluated in ms in the network
precision with t = i*dt; the noise of WienerProcessInput and OUProcessInput scales with sqrt(dt in
ms), which is brainpy.state's sqrt(dt) when its dt is given in ms. OUProcessInput's x starts at
``mean`` and is set back to it by ``net.init_all_states()`` (brainpy's reset_all_states keeps it).
"""

from . import errors
from ._base import make_params
from ._generator import Population, length, quantity_list
from ._lib import call, encode
from .units import same_dimension

__all__ = ['ValueGenerator', 'SectionInput', 'ConstantInput', 'StepInput', 'RampInput', 'SinusoidalInput',
           'WienerProcessInput', 'OUProcessInput']


class ValueGenerator(Population):
    """Base of the generators whose output is added to a population's input x."""

    _states = {'output': None}          # None: in the output unit
    _is_value_generator = True

    def _drive(self, target, key):
        """target.add_current_input(key, self): bind once both are in one network (before compile)."""
        if isinstance(target, Population):
            raise errors.ElementTypeError(f'{self!r} drives the input of a neuron population, not of {target!r}')
        unit, want = self.output_unit, target._input_unit
        if want is not None and not same_dimension(unit, want):
            raise errors.UnitMismatchError(f'{self!r} produces values in {unit or "plain numbers"}, but the input of '
                                           f'{target!r} is in {want or "plain numbers"} (give its amplitudes in a unit '
                                           'of that dimension)')
        if self.size not in (1, target.size):
            raise errors.OutOfRangeError(f'{self!r} has {self.size} elements; {target!r} has {target.size} '
                                         '(a generator drives a population of its size, or every neuron from size 1)')

        def bind(net):
            net._mutable('bind an input generator')
            call('bps_population_add_current_source', net._h, target._id, encode(key), self._id)

        self._bind_when_ready(target, bind)


def _pair(a, b, names, cls):
    if length(a) != length(b):
        raise errors.InvalidArgumentError(f'{cls}: "{names[0]}" and "{names[1]}" must be the same length, '
                                          f'got {length(a)} != {length(b)}')


@make_params
class SectionInput(ValueGenerator):
    """brainpy.state.SectionInput: ``values[k]`` for ``durations[k]``, one after the other, then 0.

    ``SectionInput(in_size, values, durations, name=None)``; a boundary instant belongs to the next
    section."""

    _model = 'SectionInput'
    _param_units = {'values': 'mA', 'durations': 'ms'}
    _amplitudes = ('values',)
    _lists = ('values', 'durations')

    def __init__(self, in_size, values, durations, name=None):
        _pair(values, durations, ('values', 'durations'), 'SectionInput')
        self._setup_population(in_size, dict(values=values, durations=quantity_list(durations, 'durations')), name)


@make_params
class ConstantInput(ValueGenerator):
    """brainpy.state.ConstantInput: ``value`` while t < duration, then 0 (value may be one per element).

    ``ConstantInput(in_size, value, duration, name=None)``."""

    _model = 'ConstantInput'
    _param_units = {'value': 'mA', 'duration': 'ms'}
    _amplitudes = ('value',)

    def __init__(self, in_size, value, duration, name=None):
        self._setup_population(in_size, dict(value=value, duration=duration), name)


@make_params
class StepInput(ValueGenerator):
    """brainpy.state.StepInput: ``amplitudes[k]`` from ``step_times[k]`` on (times sorted; the last
    amplitude is held), 0 before the first.

    ``StepInput(in_size, amplitudes, step_times, name=None)``."""

    _model = 'StepInput'
    _param_units = {'amplitudes': 'mA', 'step_times': 'ms'}
    _amplitudes = ('amplitudes',)
    _lists = ('amplitudes', 'step_times')

    def __init__(self, in_size, amplitudes, step_times, name=None):
        _pair(amplitudes, step_times, ('amplitudes', 'step_times'), 'StepInput')
        self._setup_population(in_size, dict(amplitudes=amplitudes,
                                             step_times=quantity_list(step_times, 'step_times')), name)


@make_params
class RampInput(ValueGenerator):
    """brainpy.state.RampInput: ``c_start + (c_end - c_start)*(t - t_start)/duration`` inside
    [t_start, t_start + duration), 0 outside.

    ``RampInput(in_size, c_start, c_end, duration, t_start=None, name=None)``."""

    _model = 'RampInput'
    _param_units = {'c_start': 'mA', 'c_end': 'mA', 'duration': 'ms', 't_start': 'ms'}
    _amplitudes = ('c_start', 'c_end')

    def __init__(self, in_size, c_start, c_end, duration, t_start=None, name=None):
        params = dict(c_start=c_start, c_end=c_end, duration=duration)
        if t_start is not None:
            params['t_start'] = t_start
        self._setup_population(in_size, params, name)


@make_params
class SinusoidalInput(ValueGenerator):
    """brainpy.state.SinusoidalInput: ``amplitude*sin(2*pi*frequency*t) + bias`` inside [0, duration),
    0 outside (evaluated with t in seconds, as the reference does).

    ``SinusoidalInput(in_size, amplitude, frequency, duration, bias=None, name=None)``."""

    _model = 'SinusoidalInput'
    _param_units = {'amplitude': 'mA', 'frequency': 'Hz', 'duration': 'ms', 'bias': 'mA'}
    _amplitudes = ('amplitude', 'bias')

    def __init__(self, in_size, amplitude, frequency, duration, bias=None, name=None):
        params = dict(amplitude=amplitude, frequency=frequency, duration=duration)
        if bias is not None:
            params['bias'] = bias
        self._setup_population(in_size, params, name)


@make_params
class WienerProcessInput(ValueGenerator):
    """brainpy.state.WienerProcessInput: ``sigma*sqrt(dt)*N(0, 1)`` per element and step while
    t < duration, then 0 (dt's number in ms; brainpy's when its dt is in ms).

    ``WienerProcessInput(in_size, sigma, duration, name=None)``."""

    _model = 'WienerProcessInput'
    _param_units = {'sigma': 'mA', 'duration': 'ms'}
    _amplitudes = ('sigma',)

    def __init__(self, in_size, sigma, duration, name=None):
        self._setup_population(in_size, dict(sigma=sigma, duration=duration), name)


@make_params
class OUProcessInput(ValueGenerator):
    """brainpy.state.OUProcessInput: ``x += (mean - x)*dt/tau + sigma*sqrt(dt)*N(0, 1)`` while
    t < duration (output x), then x is frozen and the output is 0. State ``x`` starts at mean.

    ``OUProcessInput(in_size, mean, sigma, tau, duration, name=None)``."""

    _model = 'OUProcessInput'
    _param_units = {'mean': 'mA', 'sigma': 'mA', 'tau': 'ms', 'duration': 'ms'}
    _amplitudes = ('mean', 'sigma')
    _states = {'x': None, 'output': None}
    _writable_states = ('x',)

    def __init__(self, in_size, mean, sigma, tau, duration, name=None):
        self._setup_population(in_size, dict(mean=mean, sigma=sigma, tau=tau, duration=duration), name)

