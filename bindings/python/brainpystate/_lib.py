"""Loading libbrainpystate and declaring the C ABI (include/brainpystate.h) for ctypes.

Library lookup, first match wins:

1. the environment variable ``BRAINPYSTATE_LIBRARY`` (a path to the shared library);
2. a ``libbrainpystate.so*`` shipped inside the package directory;
3. the repository's build directories relative to this package: ``.build-release/release/``,
   ``.build/release/``, ``.build/debug/``;
4. ``ctypes.util.find_library('brainpystate')``.

The library's ``bps_abi_version()`` must equal :data:`ABI_VERSION`.
"""

import ctypes
import ctypes.util
import glob
import os
import threading

from . import errors

__all__ = ['ABI_VERSION', 'lib', 'library_path', 'call', 'check', 'DTYPE_FLOAT32', 'DTYPE_FLOAT64',
           'DTYPE_INT32', 'DTYPE_INT64', 'DTYPE_UINT8', 'NetworkOptions', 'RunOptions',
           'ProjectionDesc', 'PROGRESS_FN', 'SequentialOptions', 'LossOptions']

ABI_VERSION = 1

DTYPE_FLOAT32 = 1
DTYPE_FLOAT64 = 2
DTYPE_INT32 = 3
DTYPE_INT64 = 4
DTYPE_UINT8 = 5

c_status = ctypes.c_int32
c_net = ctypes.c_void_p
c_str = ctypes.c_char_p
c_ptr = ctypes.c_void_p
c_i32 = ctypes.c_int32
c_i64 = ctypes.c_int64
c_dbl = ctypes.c_double
P_i32 = ctypes.POINTER(ctypes.c_int32)
P_i64 = ctypes.POINTER(ctypes.c_int64)
P_dbl = ctypes.POINTER(ctypes.c_double)
P_net = ctypes.POINTER(ctypes.c_void_p)
P_str = ctypes.POINTER(ctypes.c_char_p)


class NetworkOptions(ctypes.Structure):
    _fields_ = [('struct_size', ctypes.c_uint32), ('dt', ctypes.c_double), ('dt_unit', ctypes.c_char_p),
                ('seed', ctypes.c_uint64), ('precision', ctypes.c_int32), ('num_threads', ctypes.c_int32),
                ('batch_size', ctypes.c_int32)]


PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int32, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64)


class RunOptions(ctypes.Structure):
    _fields_ = [('struct_size', ctypes.c_uint32), ('progress', PROGRESS_FN), ('user_data', ctypes.c_void_p),
                ('progress_interval', ctypes.c_int64)]


class SequentialOptions(ctypes.Structure):
    _fields_ = [('struct_size', ctypes.c_uint32), ('dt', ctypes.c_double), ('dt_unit', ctypes.c_char_p),
                ('seed', ctypes.c_uint64), ('precision', ctypes.c_int32), ('num_threads', ctypes.c_int32)]


class LossOptions(ctypes.Structure):
    _fields_ = [('struct_size', ctypes.c_uint32), ('loss', ctypes.c_char_p), ('reduce', ctypes.c_char_p)]


class ProjectionDesc(ctypes.Structure):
    _fields_ = [('struct_size', ctypes.c_uint32), ('kind', ctypes.c_char_p), ('pre', ctypes.c_int32),
                ('pre_start', ctypes.c_int64), ('pre_stop', ctypes.c_int64), ('post', ctypes.c_int32),
                ('comm', ctypes.c_char_p), ('syn', ctypes.c_char_p), ('out', ctypes.c_char_p),
                ('label', ctypes.c_char_p), ('delay', ctypes.c_double), ('delay_unit', ctypes.c_char_p),
                ('stp', ctypes.c_char_p)]


# name: (restype, argtypes); restype None means bps_status.
_SIGNATURES = {
    'bps_abi_version': (ctypes.c_uint32, []),
    'bps_version_string': (c_str, []),
    'bps_model_count': (None, [P_i32]),
    'bps_model_info': (None, [c_i32, P_str, P_str, P_str, P_i32, P_i32, P_i32]),
    'bps_model_param_info': (None, [c_i32, c_i32, P_str, P_str, P_dbl, P_i32, P_i32, P_str]),
    'bps_model_state_info': (None, [c_i32, c_i32, P_str, P_str, P_str]),
    'bps_model_option_info': (None, [c_i32, c_i32, P_str, P_str, P_str]),
    'bps_last_error_message': (c_str, []),
    'bps_status_name': (c_str, [c_status]),
    'bps_unit_convert': (None, [c_dbl, c_str, c_str, P_dbl]),
    'bps_network_options_init': (None, [ctypes.POINTER(NetworkOptions)]),
    'bps_network_new': (None, [ctypes.POINTER(NetworkOptions), P_net]),
    'bps_network_delete': (None, [c_net]),
    'bps_network_get_dt': (None, [c_net, c_str, P_dbl]),
    'bps_network_get_precision': (None, [c_net, P_i32]),
    'bps_network_get_num_threads': (None, [c_net, P_i32]),
    'bps_network_set_batch_size': (None, [c_net, c_i32]),
    'bps_network_get_batch_size': (None, [c_net, P_i32]),
    'bps_network_get_time': (None, [c_net, c_str, P_dbl, P_i64]),
    'bps_network_compile': (None, [c_net]),
    'bps_network_is_compiled': (None, [c_net, P_i32]),
    'bps_network_init_states': (None, [c_net]),
    'bps_run_options_init': (None, [ctypes.POINTER(RunOptions)]),
    'bps_network_run': (None, [c_net, c_i64, ctypes.POINTER(RunOptions)]),
    'bps_network_run_for': (None, [c_net, c_dbl, c_str, ctypes.POINTER(RunOptions)]),
    'bps_network_step': (None, [c_net, c_i32, c_ptr, c_i64, c_i32, c_str, c_i32, c_ptr, c_i64, P_i64]),
    'bps_population_new': (None, [c_net, c_str, c_i64, P_i32]),
    'bps_population_size': (None, [c_net, c_i32, P_i64]),
    'bps_population_set_param': (None, [c_net, c_i32, c_str, c_dbl, c_str]),
    'bps_population_set_param_array': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str]),
    'bps_population_set_param_init': (None, [c_net, c_i32, c_str, c_str, P_dbl, c_i32, c_str]),
    'bps_population_set_option': (None, [c_net, c_i32, c_str, c_str]),
    'bps_population_get_param': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str, P_i64]),
    'bps_population_get_state': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str, P_i64]),
    'bps_population_set_state': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str]),
    'bps_population_get_spikes': (None, [c_net, c_i32, c_ptr, c_i64, P_i64]),
    'bps_population_add_current_input': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str]),
    'bps_population_set_current_input': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str]),
    'bps_population_add_one_shot_input': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str]),
    'bps_population_add_current_source': (None, [c_net, c_i32, c_str, c_i32]),
    'bps_population_add_state_source': (None, [c_net, c_i32, c_str, c_i32, c_ptr, c_i64]),
    'bps_population_set_spike_source': (None, [c_net, c_i32, c_i32, c_i64, c_i64]),
    'bps_projection_desc_init': (None, [ctypes.POINTER(ProjectionDesc)]),
    'bps_projection_new': (None, [c_net, ctypes.POINTER(ProjectionDesc), P_i32]),
    'bps_projection_set_param': (None, [c_net, c_i32, c_str, c_str, c_dbl, c_str]),
    'bps_projection_set_param_array': (None, [c_net, c_i32, c_str, c_str, c_ptr, c_i64, c_i32, c_str]),
    'bps_projection_set_param_init': (None, [c_net, c_i32, c_str, c_str, c_str, P_dbl, c_i32, c_str]),
    'bps_projection_set_option': (None, [c_net, c_i32, c_str, c_str, c_str]),
    'bps_projection_set_connections': (None, [c_net, c_i32, c_ptr, c_ptr, c_ptr, c_i64, c_i32, c_str]),
    'bps_projection_num_connections': (None, [c_net, c_i32, P_i64]),
    'bps_projection_get_connections': (None, [c_net, c_i32, c_ptr, c_ptr, c_ptr, c_i64, c_i32, c_str, P_i64]),
    'bps_projection_get_state': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str, P_i64]),
    'bps_projection_set_state': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, c_str]),
    'bps_monitor_spikes': (None, [c_net, c_i32, c_ptr, c_i64, P_i32]),
    'bps_monitor_state': (None, [c_net, c_i32, c_str, c_ptr, c_i64, P_i32]),
    'bps_monitor_projection_state': (None, [c_net, c_i32, c_str, c_ptr, c_i64, P_i32]),
    'bps_monitor_shape': (None, [c_net, c_i32, P_i64, P_i64]),
    'bps_monitor_get_events': (None, [c_net, c_i32, c_ptr, c_ptr, c_i64, P_i64]),
    'bps_monitor_get_event_rows': (None, [c_net, c_i32, c_ptr, c_i64, P_i64]),
    'bps_monitor_get_raster': (None, [c_net, c_i32, c_ptr, c_i64, P_i64]),
    'bps_monitor_get_values': (None, [c_net, c_i32, c_ptr, c_i64, c_i32, c_str, P_i64]),
    'bps_monitor_get_times': (None, [c_net, c_i32, c_ptr, c_i64, c_str, P_i64]),
    'bps_monitor_clear': (None, [c_net, c_i32]),
    'bps_surrogate_eval': (None, [c_str, c_i64, P_str, P_dbl, c_ptr, c_i64, c_ptr, c_ptr]),
    'bps_sequential_options_init': (None, [ctypes.POINTER(SequentialOptions)]),
    'bps_sequential_new': (None, [ctypes.POINTER(SequentialOptions), P_net]),
    'bps_sequential_delete': (None, [c_net]),
    'bps_sequential_add_layer': (None, [c_net, c_str, c_i64, c_i64, P_i32]),
    'bps_sequential_num_layers': (None, [c_net, P_i32]),
    'bps_sequential_get_num_threads': (None, [c_net, P_i32]),
    'bps_sequential_layer_info': (None, [c_net, c_i32, P_str, P_i64, P_i64]),
    'bps_sequential_array_info': (None, [c_net, c_i32, c_i32, P_str, P_i64, P_i32]),
    'bps_sequential_set_param': (None, [c_net, c_i32, c_str, c_dbl, c_str]),
    'bps_sequential_get_param': (None, [c_net, c_i32, c_str, c_str, P_dbl]),
    'bps_sequential_set_option': (None, [c_net, c_i32, c_str, c_str]),
    'bps_sequential_set_surrogate': (None, [c_net, c_i32, c_str, c_i64, P_str, P_dbl]),
    'bps_sequential_init_array': (None, [c_net, c_i32, c_str, c_str, c_i64, P_str, P_dbl]),
    'bps_sequential_set_array': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32]),
    'bps_sequential_get_array': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, P_i64]),
    'bps_sequential_set_trainable': (None, [c_net, c_i32, c_str, c_i32]),
    'bps_sequential_set_connections': (None, [c_net, c_i32, c_ptr, c_ptr, c_i64]),
    'bps_sequential_set_checkpointing': (None, [c_net, c_i32]),
    'bps_sequential_forward': (None, [c_net, c_ptr, c_i32, c_i64, c_i64]),
    'bps_sequential_get_output': (None, [c_net, c_i32, c_ptr, c_i64, c_i32, P_i64]),
    'bps_loss_options_init': (None, [ctypes.POINTER(LossOptions)]),
    'bps_sequential_grad': (None, [c_net, c_ptr, c_i32, c_i64, c_i64, ctypes.POINTER(LossOptions), c_ptr, c_i64,
                                   c_i32, P_dbl, P_dbl]),
    'bps_sequential_evaluate': (None, [c_net, c_ptr, c_i32, c_i64, c_i64, ctypes.POINTER(LossOptions), c_ptr,
                                       c_i64, c_i32, P_dbl, P_dbl]),
    'bps_sequential_get_grad': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32, P_i64]),
    'bps_sequential_set_grad': (None, [c_net, c_i32, c_str, c_ptr, c_i64, c_i32]),
    'bps_sequential_set_regularizer': (None, [c_net, c_i32, c_str, c_dbl, c_dbl]),
    'bps_sequential_set_optimizer': (None, [c_net, c_str, c_i64, P_str, P_dbl]),
    'bps_sequential_set_scheduler': (None, [c_net, c_str, c_i64, P_str, P_dbl]),
    'bps_sequential_optimizer_step': (None, [c_net]),
    'bps_sequential_scheduler_step': (None, [c_net]),
    'bps_sequential_get_lr': (None, [c_net, P_dbl]),
    'bps_sequential_get_step_count': (None, [c_net, P_i64]),
}


def _candidates():
    env = os.environ.get('BRAINPYSTATE_LIBRARY')
    if env:
        yield os.path.abspath(os.path.expanduser(env))
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, 'libbrainpystate.so*'))):
        yield path
    repo = os.path.dirname(os.path.dirname(os.path.dirname(here)))
    for sub in ('.build-release/release', '.build/release', '.build/debug'):
        path = os.path.join(repo, sub, 'libbrainpystate.so')
        if os.path.exists(path):
            yield path
    found = ctypes.util.find_library('brainpystate')
    if found:
        yield found


class _Library:
    """The loaded library with declared signatures; attribute access gives the ctypes functions."""

    def __init__(self):
        self._cdll = None
        self.path = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._cdll is not None:
                return self._cdll
            tried = []
            env = os.environ.get('BRAINPYSTATE_LIBRARY')
            for path in _candidates():
                if not os.path.isabs(path) and os.sep not in path and env is None:
                    target = path          # a find_library soname
                else:
                    target = os.path.abspath(path)
                    if not os.path.exists(target):
                        tried.append(f'{target} (missing)')
                        continue
                try:
                    cdll = ctypes.CDLL(target)
                except OSError as exc:
                    tried.append(f'{target} ({exc})')
                    continue
                for name, (restype, argtypes) in _SIGNATURES.items():
                    try:
                        fn = getattr(cdll, name)
                    except AttributeError:
                        raise errors.LibraryNotFoundError(
                            f'{target} does not export {name}: not a libbrainpystate of ABI version '
                            f'{ABI_VERSION}') from None
                    fn.restype = c_status if restype is None else restype
                    fn.argtypes = argtypes
                abi = cdll.bps_abi_version()
                if abi != ABI_VERSION:
                    raise errors.LibraryNotFoundError(
                        f'{target} has ABI version {abi}; this binding needs ABI version {ABI_VERSION}')
                self._cdll = cdll
                self.path = target
                return cdll
            hint = '; '.join(tried) if tried else 'no candidate found'
            raise errors.LibraryNotFoundError(
                'libbrainpystate not found (set BRAINPYSTATE_LIBRARY to the library path, or build it with '
                '`swift build -c release --product brainpystate --scratch-path .build-release`): ' + hint)

    def __getattr__(self, name):
        cdll = self._cdll if self._cdll is not None else self._load()
        fn = getattr(cdll, name)
        object.__setattr__(self, name, fn)     # cache the function object on the instance
        return fn


lib = _Library()


_raw = {}


def raw_function(name):
    """An unprototyped ctypes function object (no argtypes; restype int32) for hot paths: every argument
    must be passed as a ctypes instance of the exact C type."""
    fn = _raw.get(name)
    if fn is None:
        lib._load()
        cdll = ctypes.CDLL(lib.path)          # the same loaded library, fresh function objects
        fn = getattr(cdll, name)
        fn.restype = c_status
        _raw[name] = fn
    return fn


def library_path():
    """The absolute path of the loaded library (loads it if needed)."""
    lib._load()
    return lib.path


def raise_status(status, function):
    """Raise the exception for a nonzero status, with the engine's message."""
    msg = lib.bps_last_error_message()
    msg = msg.decode('utf-8', 'replace') if msg else ''
    name = lib.bps_status_name(status)
    name = name.decode() if name else str(status)
    cls = errors.error_class(status)
    text = f'{msg} [{name} from {function}]' if msg else f'{name} from {function}'
    if cls is errors.BufferTooSmallError:
        raise cls(text, status, name, function)
    raise cls(text, status, name, function)


def call(name, *args):
    """Call a C function by name and raise on a nonzero status."""
    status = getattr(lib, name)(*args)
    if status:
        raise_status(status, name)


def check(status, name):
    if status:
        raise_status(status, name)


def encode(s):
    """str -> bytes for a const char* argument (None stays None)."""
    if s is None:
        return None
    if isinstance(s, bytes):
        return s
    return str(s).encode('utf-8')
