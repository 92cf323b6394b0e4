"""Thin helpers over the C functions (handles are Python ints, names are str)."""

import ctypes

import numpy as np

from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, call, encode, lib, raise_status
from ._params import Resolved

_b = encode


def set_population_param(h, pid, name, r: Resolved):
    if r.kind == 'scalar':
        call('bps_population_set_param', h, pid, _b(name), r.value, _b(r.unit))
    elif r.kind == 'array':
        a = r.values
        call('bps_population_set_param_array', h, pid, _b(name), a.ctypes.data, a.size,
             DTYPE_FLOAT32 if a.dtype == np.float32 else DTYPE_FLOAT64, _b(r.unit))
    else:
        args = (ctypes.c_double * len(r.args))(*r.args)
        call('bps_population_set_param_init', h, pid, _b(name), _b(r.init_name), args, len(r.args), _b(r.unit))


def set_projection_param(h, jid, part, name, r: Resolved):
    if r.kind == 'scalar':
        call('bps_projection_set_param', h, jid, _b(part), _b(name), r.value, _b(r.unit))
    elif r.kind == 'array':
        a = r.values
        call('bps_projection_set_param_array', h, jid, _b(part), _b(name), a.ctypes.data, a.size,
             DTYPE_FLOAT32 if a.dtype == np.float32 else DTYPE_FLOAT64, _b(r.unit))
    else:
        args = (ctypes.c_double * len(r.args))(*r.args)
        call('bps_projection_set_param_init', h, jid, _b(part), _b(name), _b(r.init_name), args, len(r.args),
             _b(r.unit))


def read_floats(fn_name, h, ident, name, unit, n, dtype):
    """Read n values with a get_* function of the (net, id, name, out, cap, dtype, unit, out_len)
    shape; grows the buffer if the engine reports a larger length."""
    code = DTYPE_FLOAT32 if dtype == np.float32 else DTYPE_FLOAT64
    fn = getattr(lib, fn_name)
    out_len = ctypes.c_int64(0)
    while True:
        out = np.empty(max(n, 0), dtype=dtype)
        st = fn(h, ident, _b(name), out.ctypes.data if n > 0 else None, n, code, _b(unit), ctypes.byref(out_len))
        if out_len.value > n and (st == 7 or (st == 0 and n == 0)):
            n = out_len.value                   # too small (or a length query): retry with the needed length
            continue
        if st:
            raise_status(st, fn_name)
        return out[:out_len.value]


def get_time(h):
    t = ctypes.c_double()
    i = ctypes.c_int64()
    call('bps_network_get_time', h, b'ms', ctypes.byref(t), ctypes.byref(i))
    return t.value, i.value


def is_compiled(h):
    c = ctypes.c_int32()
    call('bps_network_is_compiled', h, ctypes.byref(c))
    return bool(c.value)


def population_spikes(h, pid, n):
    out = np.empty(n, dtype=np.uint8)
    out_len = ctypes.c_int64()
    call('bps_population_get_spikes', h, pid, out.ctypes.data, n, ctypes.byref(out_len))
    return out[:out_len.value]


__all__ = ['set_population_param', 'set_projection_param', 'read_floats', 'get_time', 'is_compiled',
           'population_spikes']
