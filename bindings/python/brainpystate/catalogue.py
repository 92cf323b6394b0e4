"""What the loaded engine accepts, from its own discovery calls (bps_model_*): every model with its
parameters (brainpy.state names, units, defaults), states and options. `brainpystate.models()` is
the programmatic form of docs/models.md."""

import ctypes
from typing import NamedTuple, Optional

from ._lib import call


class ParamInfo(NamedTuple):
    name: str
    unit: str                 # '' when dimensionless
    default: Optional[float]  # in `unit`; None when the parameter is required
    is_initializer: bool      # the default is an initializer (a state's initial value)
    doc: str


class StateInfo(NamedTuple):
    name: str
    unit: str
    doc: str


class OptionInfo(NamedTuple):
    name: str
    default: str
    allowed: tuple


class ModelInfo(NamedTuple):
    name: str                 # the brainpy.state class name
    role: str                 # 'neuron', 'synapse', 'plasticity', 'output', 'comm', 'projection', 'input', 'readout'
    doc: str
    params: tuple
    states: tuple
    options: tuple


def _text(p):
    return p.value.decode() if p.value is not None else ''


def _model(m):
    s = ctypes.c_char_p
    name, role, doc = s(), s(), s()
    counts = [ctypes.c_int32() for _ in range(3)]
    call('bps_model_info', m, ctypes.byref(name), ctypes.byref(role), ctypes.byref(doc),
         *(ctypes.byref(c) for c in counts))
    params = []
    for k in range(counts[0].value):
        pn, pu, pd = s(), s(), s()
        default, has, init = ctypes.c_double(), ctypes.c_int32(), ctypes.c_int32()
        call('bps_model_param_info', m, k, ctypes.byref(pn), ctypes.byref(pu), ctypes.byref(default),
             ctypes.byref(has), ctypes.byref(init), ctypes.byref(pd))
        params.append(ParamInfo(_text(pn), _text(pu), default.value if has.value else None, bool(init.value),
                                _text(pd)))
    states = []
    for k in range(counts[1].value):
        sn, su, sd = s(), s(), s()
        call('bps_model_state_info', m, k, ctypes.byref(sn), ctypes.byref(su), ctypes.byref(sd))
        states.append(StateInfo(_text(sn), _text(su), _text(sd)))
    options = []
    for k in range(counts[2].value):
        on, od, oa = s(), s(), s()
        call('bps_model_option_info', m, k, ctypes.byref(on), ctypes.byref(od), ctypes.byref(oa))
        options.append(OptionInfo(_text(on), _text(od), tuple(_text(oa).split(','))))
    return ModelInfo(_text(name), _text(role), _text(doc), tuple(params), tuple(states), tuple(options))


def models(role=None):
    """Every model the engine implements (optionally only one role), in the engine's order."""
    count = ctypes.c_int32()
    call('bps_model_count', ctypes.byref(count))
    found = [_model(m) for m in range(count.value)]
    return [m for m in found if role is None or m.role == role]


__all__ = ['models', 'ModelInfo', 'ParamInfo', 'StateInfo', 'OptionInfo']
