"""Bad input from Python: each case checks the exception class, that the message names the problem,
and that the network is still usable afterwards."""

import ctypes
import gc

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u
from brainpystate._lib import DTYPE_FLOAT64, DTYPE_INT32, raise_status

DT = 0.1 * u.ms


def build(compiled=True):
    net = bp.Network(dt=DT, precision=64, num_threads=1)
    N = net.add(bp.LIF(10, tau=5 * u.ms, V_th=-50 * u.mV, V_reset=-60 * u.mV, V_rest=-60 * u.mV,
                       V_initializer=bp.init.Constant(-60 * u.mV)))
    N.add_current_input('x', 15 * u.mA)
    if compiled:
        net.compile()
    return net, N


def assert_usable(net, N=None):
    """The network still runs, advances t and produces sensible states."""
    i = net.i
    net.run(steps=3)
    assert net.i == i + 3
    if N is not None:
        assert np.all(np.isfinite(N.V.value.mantissa))


def low(name, *args):
    """Call a C function directly and raise its exception."""
    st = getattr(bp.lib, name)(*args)
    if st:
        raise_status(st, name)


# ------------------------------------------------------------------------------------------------

def test_deleted_handle():
    net, N = build()
    other, M = build()
    net.close()
    with pytest.raises(bp.BadHandleError) as e:
        net.run(steps=1)
    assert isinstance(e.value, ValueError) and 'not a live network' in str(e.value)
    with pytest.raises(bp.BadHandleError):
        N.V.value
    with pytest.raises(bp.BadHandleError):
        net.step()
    # a handle freed by `del` as well
    h = other.handle
    del M
    assert_usable(other)
    other2, N2 = build()
    h2 = other2.handle
    del other2, N2                   # the network and its population reference each other: a cycle
    gc.collect()
    with pytest.raises(bp.BadHandleError, match='not a live network'):
        low('bps_network_compile', h2)
    # a garbage pointer is refused, not dereferenced
    with pytest.raises(bp.BadHandleError):
        low('bps_network_compile', 0xdeadbeef)
    with pytest.raises(bp.BadHandleError, match='NULL'):
        low('bps_network_compile', None)
    assert_usable(other)
    assert h


def test_unknown_names():
    net, N = build(compiled=False)
    pid = ctypes.c_int32()
    with pytest.raises(bp.UnknownNameError) as e:
        low('bps_population_new', net.handle, b'HodgkinHuxleyX', 5, ctypes.byref(pid))
    assert isinstance(e.value, KeyError) and 'HodgkinHuxleyX' in str(e.value)
    with pytest.raises(bp.UnknownNameError, match='taus'):
        low('bps_population_set_param', net.handle, N._id, b'taus', 5.0, b'ms')
    with pytest.raises(bp.UnknownNameError, match='Gauss'):
        args = (ctypes.c_double * 2)(0.0, 1.0)
        low('bps_population_set_param_init', net.handle, N._id, b'tau', b'Gauss', args, 2, b'ms')
    with pytest.raises(bp.UnknownNameError, match='spike_reset'):
        low('bps_population_set_option', net.handle, N._id, b'spike_reset', b'soft')
    with pytest.raises(TypeError, match='taus'):
        bp.LIF(5, taus=5 * u.ms)                       # Python keyword check, like brainpy
    with pytest.raises(bp.UnknownNameError, match='W'):
        net.monitor(N, 'W')
    with pytest.raises(KeyError, match='nope'):
        N.set_current_input('nope', 1 * u.mA)
    net.compile()
    with pytest.raises(bp.UnknownNameError, match='g_max'):
        low('bps_population_get_state', net.handle, N._id, b'g_max', None, 0, DTYPE_FLOAT64, b'mV', None)
    with pytest.raises(bp.UnknownNameError, match='burst'):
        low('bps_population_add_one_shot_input', net.handle, N._id, b'burst',
            np.ones(1).ctypes.data, 1, DTYPE_FLOAT64, b'mA')
    assert_usable(net, N)


def test_wrong_units():
    with pytest.raises(bp.UnitMismatchError) as e:
        bp.LIF(10, tau=10 * u.mV)
    assert isinstance(e.value, ValueError) and 'tau' in str(e.value) and 'mV' in str(e.value)
    with pytest.raises(bp.UnitMismatchError, match='V_th'):
        bp.LIFRef(10, V_th=-50.)                       # a bare number for a voltage
    with pytest.raises(bp.UnitMismatchError, match='conn_weight'):
        bp.nn.EventFixedProb(10, 10, 0.1, 0.6)
    with pytest.raises(bp.UnitMismatchError, match='unit='):
        bp.LIF(10, V_initializer=bp.init.Normal(-55., 2.))
    net, N = build()
    with pytest.raises(bp.UnitMismatchError, match='current'):
        N.set_current_input('x', 5 * u.mV)
    with pytest.raises(bp.UnitMismatchError):
        N.V.value = np.zeros(10) * u.ms
    with pytest.raises(bp.UnitMismatchError):
        net.run(10 * u.mV)
    with pytest.raises(bp.UnitMismatchError, match='unit'):
        net.step(np.ones(10))                          # raw numbers need a unit
    with pytest.raises(bp.UnitMismatchError):
        net.step(np.ones(10), unit='mV')
    with pytest.raises(bp.UnitMismatchError, match='wrong dimension'):
        low('bps_population_set_param', net.handle, N._id, b'tau', 10.0, b'mV')
    with pytest.raises(bp.UnitMismatchError, match='time'):
        bp.AlignPostProj(pre=N, comm=bp.nn.Linear(10, 10, w_init=1 * u.mS), syn=bp.Expon.desc(10),
                         out=bp.CUBA.desc(), post=N, delay=1 * u.mV)
    assert np.allclose(N.tau.to_decimal(u.ms), 5.0)    # nothing changed
    assert_usable(net, N)


def test_malformed_unit_strings():
    for bad in ('mVV', 'm/', '(ms', 'ms^', 'ms^x', 'Mv', 'kg'):
        with pytest.raises(bp.UnitMismatchError) as e:
            u.Quantity(1.0, bad).to('ms')
        assert bad in str(e.value) or 'unit' in str(e.value)
    with pytest.raises(bp.UnitMismatchError):
        bp.LIF(10, tau=u.Quantity(5.0, 'msec'))
    net, N = build()
    out = ctypes.c_double()
    with pytest.raises(bp.UnitMismatchError, match='mmV|unknown|unit'):
        low('bps_unit_convert', 1.0, b'mmV', b'mV', ctypes.byref(out))
    with pytest.raises(bp.UnitMismatchError):
        low('bps_population_set_param', net.handle, N._id, b'tau', 5.0, b'm s')
    assert_usable(net, N)


def test_nan_and_inf():
    with pytest.raises(bp.InvalidArgumentError, match='finite'):
        bp.LIF(10, tau=np.nan * u.ms)
    with pytest.raises(ValueError, match='element 1'):
        bp.LIF(3, V_th=np.array([1., np.inf, 2.]) * u.mV)
    with pytest.raises(ValueError, match='finite'):
        bp.nn.SparseLinear(([0], [0], np.array([np.nan]) * u.mS))
    net, N = build()
    V_before = N.V.value.mantissa.copy()
    t_before = net.i
    with pytest.raises(bp.InvalidArgumentError, match='finite|NaN'):
        N.V.value = np.full(10, np.nan) * u.mV
    with pytest.raises(bp.InvalidArgumentError, match='finite|NaN'):
        N.set_current_input('x', np.inf * u.mA)
    with pytest.raises(bp.InvalidArgumentError, match='finite|NaN'):
        net.step(np.array([np.nan] * 10) * u.mA)
    with pytest.raises(bp.InvalidArgumentError, match='finite|NaN'):
        N.add_delta_input_once(np.inf * u.mV)
    with pytest.raises(bp.InvalidArgumentError, match='finite'):
        net.run(np.inf * u.ms)
    with pytest.raises(bp.InvalidArgumentError, match='finite'):
        low('bps_population_set_param', net.handle, N._id, b'V_th', float('nan'), b'mV')
    assert net.i == t_before and np.array_equal(N.V.value.mantissa, V_before)   # nothing was applied
    assert_usable(net, N)


@pytest.mark.parametrize('dtype', [np.float64, np.float32])
def test_refused_step_input_leaves_no_one_shot_current_behind(dtype):
    """The closed loop writes a step input and checks it in one pass: a NaN after finite values is
    refused all the same, and the values already written are gone, so the next steps run as in a
    network that never saw it. A one-shot current given before the step still adds to its input."""
    net, N = build()
    ref, R = build()
    x = np.full(10, 30.0, dtype=dtype)
    x[7] = np.nan
    with pytest.raises(bp.InvalidArgumentError, match='element 7'):
        net.step(x, unit='mA')
    with pytest.raises(bp.InvalidArgumentError, match='element 7'):
        net.stepper(N, out=N, unit='mA')(x)
    for _ in range(3):
        assert np.array_equal(net.step(), ref.step())
    assert np.array_equal(N.V.value.mantissa, R.V.value.mantissa)
    N.add_current_input_once(10 * u.mA)
    a = net.step(np.full(10, 20.0, dtype=dtype), unit='mA')
    b = ref.step(np.full(10, 30.0, dtype=dtype), unit='mA')
    assert np.array_equal(a, b) and np.array_equal(N.V.value.mantissa, R.V.value.mantissa)
    assert not np.array_equal(N.V.value.mantissa, np.full(10, -60.0))


def test_negative_and_zero_sizes():
    for bad in (0, -3):
        with pytest.raises(ValueError, match='in_size'):
            bp.LIF(bad)
    with pytest.raises(TypeError, match='in_size'):
        bp.LIF(2.5)
    with pytest.raises(ValueError, match='one-dimensional'):
        bp.LIF((3, 4))
    with pytest.raises(ValueError):
        bp.nn.EventFixedProb(0, 10, 0.1, 1 * u.mS)
    with pytest.raises(ValueError, match='probability'):
        bp.nn.EventFixedProb(10, 10, 1.5, 1 * u.mS)
    with pytest.raises(ValueError, match='conn_num'):
        bp.nn.EventFixedProb(10, 10, -2, 1 * u.mS)
    net, N = build(compiled=False)
    pid = ctypes.c_int32()
    for bad in (0, -1):
        with pytest.raises(bp.InvalidArgumentError, match='size'):
            low('bps_population_new', net.handle, b'LIF', bad, ctypes.byref(pid))
    with pytest.raises(bp.InvalidArgumentError, match='steps'):
        net.run(steps=-5)
    with pytest.raises(bp.InvalidArgumentError, match='negative|>= 0'):
        low('bps_network_run_for', net.handle, -1.0, b'ms', None)
    assert_usable(net, N)
    assert len(net.populations) == 1


def test_out_of_range():
    net, N = build(compiled=False)
    with pytest.raises(IndexError, match='out of range'):
        N[5:20]
    with pytest.raises(IndexError):
        N[-11]
    with pytest.raises(bp.OutOfRangeError, match='monitor index|outside'):
        net.monitor(N, 'V', indices=[3, 10])
    with pytest.raises(IndexError, match='outside'):
        bp.AlignPostProj(pre=N[:4], comm=bp.nn.SparseLinear(([0, 4], [0, 1], 1 * u.mS)), syn=bp.Expon.desc(10),
                         out=bp.CUBA.desc(), post=N)
    with pytest.raises(bp.OutOfRangeError, match='values'):
        bp.LIF(10, tau=np.ones(3) * u.ms)
    net.compile()
    with pytest.raises(bp.OutOfRangeError) as e:
        N.V.value = np.zeros(7) * u.mV
    assert isinstance(e.value, IndexError) and '7' in str(e.value)
    with pytest.raises(bp.OutOfRangeError, match='population id 99'):
        low('bps_population_get_state', net.handle, 99, b'V', None, 0, DTYPE_FLOAT64, b'mV', None)
    with pytest.raises(bp.OutOfRangeError, match='monitor'):
        low('bps_monitor_clear', net.handle, 42)
    with pytest.raises(bp.OutOfRangeError, match='projection'):
        low('bps_projection_num_connections', net.handle, 3, ctypes.byref(ctypes.c_int64()))
    assert_usable(net, N)


def test_buffer_too_small():
    net, N = build()
    buf = np.zeros(2)
    n = ctypes.c_int64()
    with pytest.raises(bp.BufferTooSmallError) as e:
        low('bps_population_get_state', net.handle, N._id, b'V', buf.ctypes.data, 2, DTYPE_FLOAT64, b'mV',
            ctypes.byref(n))
    assert isinstance(e.value, ValueError) and '10' in str(e.value)
    assert n.value == 10                                   # the needed length is reported
    out = np.zeros(3, dtype=np.uint8)
    with pytest.raises(bp.BufferTooSmallError, match='10'):
        low('bps_network_step', net.handle, -1, None, 0, DTYPE_FLOAT64, None, N._id, out.ctypes.data, 3, None)
    with pytest.raises(bp.BufferTooSmallError):
        low('bps_population_get_spikes', net.handle, N._id, out.ctypes.data, 3, ctypes.byref(n))
    # capacity 0 with a NULL buffer is the length query: OK and the length in *out_len
    n.value = -1
    low('bps_population_get_state', net.handle, N._id, b'V', None, 0, DTYPE_FLOAT64, b'mV', ctypes.byref(n))
    assert n.value == 10
    # a real buffer with capacity 0 is too small
    with pytest.raises(bp.BufferTooSmallError):
        low('bps_population_get_state', net.handle, N._id, b'V', buf.ctypes.data, 0, DTYPE_FLOAT64, b'mV',
            ctypes.byref(n))
    assert_usable(net, N)


def test_wrong_element_type():
    net, N = build()
    vals = np.zeros(10)
    with pytest.raises(bp.ElementTypeError) as e:
        low('bps_population_set_state', net.handle, N._id, b'V', vals.ctypes.data, 10, 99, b'mV')
    assert isinstance(e.value, TypeError) and 'type' in str(e.value)
    out = np.zeros(10, dtype=np.int32)
    with pytest.raises(bp.ElementTypeError, match='FLOAT'):
        low('bps_population_get_state', net.handle, N._id, b'V', out.ctypes.data, 10, DTYPE_INT32, b'mV', None)
    with pytest.raises(TypeError, match='dtype'):
        N.V.value = np.array(['a'] * 10) * u.mV
    with pytest.raises(TypeError):
        net.step('a lot of current')
    with pytest.raises(TypeError, match='callable'):
        N.add_current_input('f', lambda t: 1 * u.mA)
    with pytest.raises(TypeError):
        bp.nn.EventFixedProb(10, 10, True, 1 * u.mS)
    with pytest.raises(TypeError, match='syn and out'):
        bp.AlignPostProj(pre=N, comm=bp.nn.Linear(10, 10, w_init=1 * u.mS), syn=bp.Expon.desc(10),
                         out=bp.CUBA(), post=N)
    with pytest.raises(TypeError, match='post'):
        bp.AlignPostProj(pre=N, comm=bp.nn.Linear(10, 10, w_init=1 * u.mS), syn=bp.Expon.desc(10),
                         out=bp.CUBA.desc(), post=N[:5])
    assert_usable(net, N)


def test_structural_change_after_compile():
    net, N = build()
    with pytest.raises(bp.BadStateError) as e:
        net.add(bp.LIF(5))
    assert isinstance(e.value, RuntimeError) and 'after compile' in str(e.value)
    with pytest.raises(bp.BadStateError, match='after compile'):
        net.add(bp.AlignPostProj(pre=N, comm=bp.nn.Linear(10, 10, w_init=1 * u.mS), syn=bp.Expon.desc(10),
                                 out=bp.CUBA.desc(), post=N))
    pid = ctypes.c_int32()
    with pytest.raises(bp.BadStateError, match='after compile'):
        low('bps_population_new', net.handle, b'LIF', 5, ctypes.byref(pid))
    with pytest.raises(bp.BadStateError):
        low('bps_population_set_option', net.handle, N._id, b'spk_reset', b'hard')
    with pytest.raises(bp.BadStateError, match='compiled'):
        net.compile()
    with pytest.raises(bp.BadStateError, match='initializer'):
        N.tau = bp.init.Normal(5., 1., unit=u.ms)
    assert len(net.populations) == 1 and len(net.projections) == 0
    assert_usable(net, N)


def test_run_before_compile_at_c_level():
    net, N = build(compiled=False)
    with pytest.raises(bp.BadStateError) as e:
        low('bps_network_run', net.handle, 10, None)
    assert isinstance(e.value, RuntimeError) and 'compile' in str(e.value)
    with pytest.raises(bp.BadStateError, match='compile'):
        low('bps_network_step', net.handle, -1, None, 0, DTYPE_FLOAT64, None, -1, None, 0, None)
    with pytest.raises(bp.BadStateError, match='compile'):
        low('bps_network_init_states', net.handle)
    with pytest.raises(bp.BadStateError, match='compile'):
        low('bps_population_get_state', net.handle, N._id, b'V', None, 0, DTYPE_FLOAT64, b'mV', None)
    assert net.i == 0
    assert_usable(net, N)                                   # the Python run compiles on first use


def test_cancel_from_the_callback_at_c_level():
    net, N = build()
    seen = []

    @bp._lib.PROGRESS_FN
    def progress(user, done, total):
        seen.append(done)
        return 1 if done >= 20 else 0

    opts = bp._lib.RunOptions()
    low('bps_run_options_init', ctypes.byref(opts))
    opts.progress = progress
    opts.progress_interval = 10
    with pytest.raises(bp.Cancelled) as e:
        low('bps_network_run', net.handle, 100, ctypes.byref(opts))
    assert isinstance(e.value, RuntimeError) and e.value.status_name == 'BPS_ERR_CANCELLED'
    assert seen == [10, 20] and net.i == 20
    assert_usable(net, N)


def test_failed_add_leaves_the_network_untouched():
    net = bp.Network(dt=DT, precision=64)
    A = net.add(bp.LIF(4))
    bad = bp.LIF(3, tau=-5 * u.ms)                        # only the engine knows tau must be > 0
    with pytest.raises(bp.InvalidArgumentError, match='tau'):
        net.add(bad)
    assert len(net.populations) == 1 and bad._net is None
    B = net.add(bp.LIF(2))
    assert B._id == 1                                     # no orphan population was created
    W = np.ones((4, 2)) * u.mS
    proj = bp.AlignPostProj(pre=A, comm=bp.nn.Linear(4, 2, w_init=W), syn=bp.Expon.desc(2, tau=-1 * u.ms),
                            out=bp.CUBA.desc(), post=B)
    with pytest.raises(bp.InvalidArgumentError, match='tau'):
        net.add(proj)
    ok = net.add(bp.AlignPostProj(pre=A, comm=bp.nn.Linear(4, 2, w_init=W), syn=bp.Expon.desc(2),
                                  out=bp.CUBA.desc(), post=B))
    assert ok._id == 0 and len(net.projections) == 1
    lone = bp.LIF(2)
    with pytest.raises(bp.BadStateError, match='not part of this network'):
        net.add(bp.AlignPostProj(pre=lone, comm=bp.nn.Linear(2, 2, w_init=W[:2]), syn=bp.Expon.desc(2),
                                 out=bp.CUBA.desc(), post=B))
    with pytest.raises(bp.InvalidArgumentError, match='already'):
        net.add(A)
    net.run(steps=2)
    assert ok.num_connections == 8
    with pytest.raises(bp.InvalidArgumentError, match='tau'):
        B.tau = -1 * u.ms                                 # rejected after compile too; value unchanged
    assert np.allclose(B.tau.to_decimal(u.ms), 5.0)
    assert_usable(net, B)


def test_every_error_is_a_brainpystate_error():
    for cls in (bp.InvalidArgumentError, bp.NullPointerError, bp.BadHandleError, bp.UnknownNameError,
                bp.UnitMismatchError, bp.OutOfRangeError, bp.BufferTooSmallError, bp.ElementTypeError,
                bp.BadStateError, bp.Cancelled, bp.EngineMemoryError, bp.InternalError):
        assert issubclass(cls, bp.BrainpyStateError)
    assert issubclass(bp.UnknownNameError, KeyError) and issubclass(bp.OutOfRangeError, IndexError)
    assert issubclass(bp.ElementTypeError, TypeError) and issubclass(bp.EngineMemoryError, MemoryError)
    for status, cls in ((1, ValueError), (2, ValueError), (3, ValueError), (4, KeyError), (5, ValueError),
                        (6, IndexError), (7, ValueError), (8, TypeError), (9, RuntimeError), (10, RuntimeError),
                        (11, MemoryError), (12, RuntimeError)):
        assert issubclass(bp.errors.error_class(status), cls)
    with pytest.raises(bp.NullPointerError, match='NULL'):
        low('bps_network_new', None, None)
