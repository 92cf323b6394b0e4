"""The user-facing API: construction, slicing, inputs, states, monitors, closed loop, connectivity,
init_all_states, progress and cancellation."""

import os
import subprocess
import sys
import time

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u

DT = 0.1 * u.ms
E1 = np.exp(-0.1 / 5.0)          # one step of decay for tau = 5 ms


def small_net(precision=64, n=3, **kw):
    net = bp.Network(dt=DT, precision=precision, num_threads=1)
    N = net.add(bp.LIF(n, tau=5 * u.ms, V_th=1000 * u.mV, **kw))
    return net, N


def coba(n_exc=80, n_inh=20, seed=3, precision=32, weights=(0.6, 6.7)):
    net = bp.Network(dt=DT, seed=seed, precision=precision)
    num = n_exc + n_inh
    N = net.add(bp.LIFRef(num, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=20. * u.ms,
                          tau_ref=5. * u.ms, V_initializer=bp.init.Normal(-55., 2., unit=u.mV)))
    E = net.add(bp.AlignPostProj(
        pre=N[:n_exc], comm=bp.nn.EventFixedProb(n_exc, num, conn_num=0.1, conn_weight=weights[0] * u.mS, seed=1),
        syn=bp.Expon.desc(num, tau=5. * u.ms), out=bp.COBA.desc(E=0. * u.mV), post=N))
    I = net.add(bp.AlignPostProj(
        pre=N[n_exc:], comm=bp.nn.EventFixedProb(n_inh, num, conn_num=0.1, conn_weight=weights[1] * u.mS, seed=2),
        syn=bp.Expon.desc(num, tau=10. * u.ms), out=bp.COBA.desc(E=-80. * u.mV), post=N))
    N.add_current_input('ext', 20. * u.mA)
    return net, N, E, I


# ------------------------------------------------------------------------------------------------
# construction

def test_module_layout():
    for name in ('IF', 'LIF', 'LIFRef', 'Expon', 'COBA', 'CUBA', 'AlignPostProj', 'Network'):
        assert hasattr(bp, name)
    for name in ('EventFixedProb', 'Linear', 'SparseLinear'):
        assert hasattr(bp.nn, name)
    for name in ('Constant', 'Normal', 'Uniform'):
        assert hasattr(bp.init, name)
    assert bp.lib.bps_abi_version() == bp.ABI_VERSION == 1
    assert os.path.isabs(bp.library_path())
    assert bp.engine_version().count('.') == 2


def test_network_properties():
    net = bp.Network(dt=0.1 * u.ms, seed=42, precision=64, num_threads=1)
    assert net.dt.to_decimal(u.ms) == pytest.approx(0.1)
    assert net.precision == 64 and net.num_threads == 1 and net.seed == 42
    assert net.t.to_decimal(u.ms) == 0 and net.i == 0
    assert not net.is_compiled
    net2 = bp.Network(dt=100 * u.us)
    assert net2.dt.to_decimal(u.ms) == pytest.approx(0.1) and net2.precision == 32


def test_brainpy_defaults():
    net = bp.Network(dt=DT)
    a = net.add(bp.IF(2))
    b = net.add(bp.LIF(2))
    c = net.add(bp.LIFRef(2))
    net.compile()
    for pop in (a, b, c):
        assert np.allclose(pop.R.to_decimal(u.ohm), 1.0)
        assert np.allclose(pop.tau.to_decimal(u.ms), 5.0)
        assert np.allclose(pop.V_th.to_decimal(u.mV), 1.0)
        assert np.allclose(pop.V.value.to_decimal(u.mV), 0.0)
        assert pop.spk_reset == 'soft'
    assert np.allclose(c.tau_ref.to_decimal(u.ms), 5.0)
    assert np.allclose(c.last_spike_time.value.to_decimal(u.ms), -1e7)
    syn = bp.Expon(3)
    assert syn._values['tau'].to_decimal(u.ms) == 8.0
    assert bp.CUBA()._resolved['scale'].unit == 'V'
    with pytest.raises(TypeError):
        bp.COBA()                                 # E has no default in brainpy.state


def test_heterogeneous_parameters_and_initializers():
    net = bp.Network(dt=DT, seed=7, precision=64)
    tau = np.array([5., 10., 20.]) * u.ms
    N = net.add(bp.LIF(3, tau=tau, V_th=-50 * u.mV, V_initializer=bp.init.Uniform(-70., -60., unit=u.mV)))
    M = net.add(bp.LIF(1000, V_initializer=bp.init.Normal(-55 * u.mV, 2 * u.mV)))
    net.compile()
    assert np.allclose(N.tau.to_decimal(u.ms), [5, 10, 20])
    V = N.V.value.to_decimal(u.mV)
    assert np.all((V >= -70) & (V < -60)) and len(np.unique(V)) == 3
    VM = M.V.value.to_decimal(u.mV)
    assert abs(VM.mean() + 55) < 0.3 and abs(VM.std() - 2) < 0.3
    # the same seed gives the same draws (keyed by seed, population and neuron); another seed other draws
    def draw(seed):
        n2 = bp.Network(dt=DT, seed=seed, precision=64)
        n2.add(bp.LIF(3))
        P = n2.add(bp.LIF(1000, V_initializer=bp.init.Normal(-55 * u.mV, 2 * u.mV)))
        n2.compile()
        return P.V.value.to_decimal(u.mV)
    assert np.array_equal(draw(7), VM) and not np.array_equal(draw(8), VM)


def test_parameter_change_after_compile():
    net, N = small_net(n=2)
    N.add_current_input('x', 1 * u.mA)
    net.compile()
    N.tau = 10 * u.ms
    assert np.allclose(N.tau.to_decimal(u.ms), 10)
    net.run(steps=1)
    assert np.allclose(N.V.value.to_decimal(u.mV), 1 - np.exp(-0.1 / 10), rtol=1e-12)


def test_describer():
    d = bp.Expon.desc(10, tau=5 * u.ms)
    assert isinstance(d, bp.ParamDescriber) and d.cls is bp.Expon
    s = d()
    assert isinstance(s, bp.Expon) and s.size == 10
    assert 'Expon.desc' in repr(d)


# ------------------------------------------------------------------------------------------------
# slicing

def test_slicing():
    N = bp.LIFRef(4000)
    E, I = N[:3200], N[3200:]
    assert (E.start, E.stop, len(E)) == (0, 3200, 3200)
    assert (I.start, I.stop, len(I)) == (3200, 4000, 800)
    assert (N[-800:].start, N[-800:].stop) == (3200, 4000)
    sub = I[100:200]
    assert (sub.start, sub.stop, sub.population) == (3300, 3400, N)
    assert (N[5].start, N[5].stop) == (5, 6)
    for bad in (slice(0, 4001), slice(3000, 2000), slice(4000, None)):
        with pytest.raises(IndexError):
            N[bad]
    with pytest.raises(IndexError):
        N[4000]
    with pytest.raises(ValueError, match='contiguous'):
        N[::2]


def test_slices_as_pre_and_monitor_targets():
    net, N, E, I = coba()
    assert E.pre.start == 0 and I.pre.start == 80 and len(I.pre) == 20
    mon = net.monitor(N[80:], 'spike')
    all_mon = net.monitor(N, 'spike')
    vmon = net.monitor(N[10:20], 'V', indices=[0, 5])
    net.run(100 * u.ms)
    assert mon.raster.shape == (1000, 20)
    assert np.array_equal(mon.raster, all_mon.raster[:, 80:])
    steps, neurons = mon.events
    assert neurons.min() >= 80                      # indices within the population
    assert vmon.values.shape == (1000, 2)
    assert np.allclose(vmon.values[-1].mantissa, N.V.value.mantissa[[10, 15]])


# ------------------------------------------------------------------------------------------------
# inputs

def test_persistent_current_input_and_change():
    net, N = small_net()
    N.add_current_input('ext', np.array([1., 2., 3.]) * u.mA)
    assert set(N.current_inputs) == {'ext'}
    with pytest.raises(ValueError, match='ext'):
        N.add_current_input('ext', 1 * u.mA)       # brainpy: "Key ... has been defined and used"
    net.run(steps=2)
    k = 1 - E1 ** 2
    assert np.allclose(N.V.value.to_decimal(u.mV), [k, 2 * k, 3 * k], rtol=1e-12)
    N.set_current_input('ext', 0 * u.mA)
    V0 = N.V.value.to_decimal(u.mV)
    net.run(steps=1)
    assert np.allclose(N.V.value.to_decimal(u.mV), V0 * E1, rtol=1e-12)
    N.add_current_input('second', 1000 * u.uA, label='lab')
    assert 'lab // second' in N.current_inputs
    with pytest.raises(KeyError, match='nope'):
        N.set_current_input('nope', 1 * u.mA)


def test_one_shot_inputs():
    net, N = small_net()
    net.compile()
    N.add_current_input_once(np.array([1., 2., 3.]) * u.mA)
    N.add_current_input_once(1 * u.mA)              # several one-shot inputs add up
    net.run(steps=1)
    V1 = N.V.value.to_decimal(u.mV)
    assert np.allclose(V1, np.array([2., 3., 4.]) * (1 - E1), rtol=1e-12)
    net.run(steps=1)                                 # consumed: only decay now
    assert np.allclose(N.V.value.to_decimal(u.mV), V1 * E1, rtol=1e-12)
    V2 = N.V.value.to_decimal(u.mV)
    N.add_delta_input_once(np.array([1., 0., -1.]) * u.mV)
    net.run(steps=1)                                 # added to V after the integration
    assert np.allclose(N.V.value.to_decimal(u.mV), V2 * E1 + [1., 0., -1.], rtol=1e-12)
    net.run(steps=1)
    assert np.allclose(N.V.value.to_decimal(u.mV), (V2 * E1 + [1., 0., -1.]) * E1, rtol=1e-12)


def test_one_shot_input_compiles_on_first_use():
    net, N = small_net()
    N.add_current_input_once(1 * u.mA)
    assert net.is_compiled
    net.run(steps=1)
    assert np.allclose(N.V.value.to_decimal(u.mV), 1 - E1)


# ------------------------------------------------------------------------------------------------
# states

def test_state_get_set():
    net = bp.Network(dt=DT, precision=32)
    N = net.add(bp.LIFRef(4, V_th=-50 * u.mV, V_reset=-60 * u.mV, V_rest=-60 * u.mV,
                          V_initializer=bp.init.Constant(-60 * u.mV)))
    net.compile()
    V = N.V.value
    assert isinstance(V, bp.Quantity) and str(V.unit) == 'mV' and V.mantissa.dtype == np.float32
    N.V.value = np.array([-40., -60., -45., -51.]) * u.mV      # two at or above threshold
    assert np.array_equal(N.spike, [True, False, True, False])  # get_spike() reads V
    assert N.get_spike().dtype == np.float32 and list(N.get_spike()) == [1, 0, 1, 0]
    N.V.value = -0.055 * u.volt                                  # a scalar for every neuron, any voltage unit
    assert np.allclose(N.V.value.to_decimal(u.mV), -55.0)
    N.last_spike_time.value = np.array([0., 1., 2., 3.]) * u.ms
    assert np.allclose(N.last_spike_time.value.to_decimal(u.ms), [0, 1, 2, 3])
    assert 'V=' in repr(N.V)


def test_synapse_state_and_merging():
    net = bp.Network(dt=DT, precision=64)
    pre = net.add(bp.LIF(2, V_th=1 * u.mV))
    post = net.add(bp.LIF(3, V_th=1000 * u.mV))
    W = np.array([[1., 0., 2.], [0., 3., 0.]]) * u.mS
    p1 = net.add(bp.AlignPostProj(pre=pre, comm=bp.nn.Linear(2, 3, w_init=W), syn=bp.Expon.desc(3, tau=5 * u.ms),
                                  out=bp.CUBA.desc(), post=post))
    p2 = net.add(bp.AlignPostProj(pre=pre, comm=bp.nn.Linear(2, 3, w_init=W), syn=bp.Expon.desc(3, tau=5 * u.ms),
                                  out=bp.CUBA.desc(), post=post))
    p3 = net.add(bp.AlignPostProj(pre=pre, comm=bp.nn.Linear(2, 3, w_init=W), syn=bp.Expon.desc(3, tau=5 * u.ms),
                                  out=bp.CUBA.desc(), post=post, label='other'))
    net.compile()
    pre.V.value = np.array([5., 0.]) * u.mV          # neuron 0 spikes (pending) -> row 0 of W arrives
    net.run(steps=1)
    g1, g2, g3 = (p.syn.g.value.to_decimal(u.mS) for p in (p1, p2, p3))
    assert np.allclose(g1, [2., 0., 4.])               # p1 and p2 share one synapse (merged)
    assert np.allclose(g2, g1)
    assert np.allclose(g3, [1., 0., 2.])               # a different label does not merge
    p3.syn.g.value = np.array([0.5, 0.5, 0.5]) * u.mS
    assert np.allclose(p3.syn.g.value.to_decimal(u.mS), 0.5)


# ------------------------------------------------------------------------------------------------
# monitors

def test_monitors_spikes_and_values():
    net, N, E, I = coba()
    sp = net.monitor(N, 'spike')
    V = net.monitor(N, 'V', indices=[0, 1, 2])
    g = net.monitor(E, 'g', indices=[4])
    net.run(50 * u.ms)
    T = 500
    assert sp.raster.shape == (T, 100) and sp.raster.dtype == bool
    steps, neurons = sp.events
    assert steps.dtype == np.int64 and np.all(np.diff(steps) >= 0)
    R = np.zeros((T, 100), dtype=bool)
    R[steps, neurons] = True
    assert np.array_equal(R, sp.raster) and sp.count == steps.size > 0
    assert np.allclose(sp.times.to_decimal(u.ms), np.arange(T, dtype=np.float32) * np.float32(0.1))
    assert np.array_equal(sp.steps, np.arange(T))
    assert np.allclose(sp.spike_times.to_decimal(u.ms), sp.times.to_decimal(u.ms)[steps])
    assert V.values.shape == (T, 3) and str(V.values.unit) == 'mV'
    assert np.array_equal(V.values.mantissa[-1], N.V.value.mantissa[:3])
    assert g.values.shape == (T, 1) and str(g.values.unit) == 'mS'
    assert np.array_equal(g.values.mantissa[-1], E.syn.g.value.mantissa[[4]])
    # a monitor added after compile records from then on
    late = net.monitor(N, 'V')
    net.run(steps=3)
    assert late.values.shape == (3, 100)
    assert np.allclose(late.times.to_decimal(u.ms), [50.0, 50.1, 50.2], atol=1e-4)
    assert np.array_equal(late.steps, [500, 501, 502])
    late.clear()
    assert late.values.shape == (0, 100)
    assert V.values.shape == (T + 3, 3)


def test_monitor_last_spike_time_and_raster_subset():
    net = bp.Network(dt=DT, precision=64)
    N = net.add(bp.LIFRef(3, V_th=-50 * u.mV, V_reset=-60 * u.mV, V_rest=-60 * u.mV, tau_ref=1 * u.ms,
                          V_initializer=bp.init.Constant(-60 * u.mV)))
    N.add_current_input('x', np.array([0., 15., 30.]) * u.mA)
    L = net.monitor(N, 'last_spike_time')
    s = net.monitor(N, 'spike', indices=[2, 1])
    net.run(20 * u.ms)
    assert s.raster.shape == (200, 2)
    steps, neurons = s.events
    assert set(neurons) == {1, 2}
    col = {2: 0, 1: 1}
    assert np.all(s.raster[steps, [col[k] for k in neurons]])
    # last_spike_time jumps to the step time at every spike
    for n_, k in zip(steps, neurons):
        assert L.values.mantissa[n_, k] == pytest.approx(n_ * 0.1)
    assert np.all(L.values.mantissa[:, 0] == -1e7)


# ------------------------------------------------------------------------------------------------
# closed loop

def test_closed_loop_step_matches_run():
    def build():
        net = bp.Network(dt=DT, precision=32, num_threads=1)
        N = net.add(bp.LIF(5, V_th=-50 * u.mV, V_reset=-60 * u.mV, V_rest=-60 * u.mV,
                           V_initializer=bp.init.Constant(-60 * u.mV)))
        return net, N
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 40, (200, 5)).astype(np.float32)
    net, N = build()
    stepper = net.stepper(N, out=N, unit='mA')
    a = np.array([stepper(x[n]).copy() for n in range(200)])
    net2, N2 = build()
    b = np.array([net2.step(x[n] * u.mA) for n in range(200)])        # Quantity form
    net3, N3 = build()
    mon = net3.monitor(N3, 'spike')
    for n in range(200):
        N3.add_current_input_once(x[n] * u.mA)
        net3.run(steps=1)
    assert a.dtype == bool and a.shape == (200, 5) and a.any()
    assert np.array_equal(a, b) and np.array_equal(a, mon.raster)
    assert np.array_equal(N.V.value.mantissa, N3.V.value.mantissa)
    assert net.i == 200 and net.t.to_decimal(u.ms) == pytest.approx(np.float32(200) * np.float32(0.1))
    # raw numbers with a unit; a scalar for every neuron; no input at all
    s1 = net.step(np.full(5, 30.0), unit='mA')
    s2 = net.step(30000.0, unit='uA')
    s3 = net.step()
    assert s1.shape == s2.shape == s3.shape == (5,)
    # the stepper reuses its output buffer; net.step returns fresh arrays
    r1 = stepper(None)
    r2 = stepper(None)
    assert r1 is r2 or np.shares_memory(r1, r2)
    assert stepper.spike_count == int(r2.sum())


def test_stepper_spikes_of_a_large_population_match_the_monitor():
    """The spike bytes are copied in vector-sized chunks: 1 003 neurons cover whole chunks and a
    tail; the stepper's output, its count and the population's spike read all match the monitor."""
    def build():
        net = bp.Network(dt=DT, precision=32, num_threads=1, seed=5)
        N = net.add(bp.LIF(1003, V_th=-50 * u.mV, V_reset=-60 * u.mV, V_rest=-60 * u.mV,
                           V_initializer=bp.init.Uniform(-60., -50., unit=u.mV)))
        return net, N
    x = np.random.default_rng(1).uniform(0, 60, (50, 1003))
    net, N = build()
    stepper = net.stepper(N, out=N, unit='mA')
    a, counts = [], []
    for n in range(50):
        a.append(stepper(x[n]).copy())
        counts.append(stepper.spike_count)
    net2, N2 = build()
    mon = net2.monitor(N2, 'spike')
    for n in range(50):
        N2.add_current_input_once(x[n] * u.mA)
        net2.run(steps=1)
    a = np.array(a)
    assert a.any() and not a.all()
    assert np.array_equal(a, mon.raster)
    assert counts == [int(r.sum()) for r in a]
    assert np.array_equal(np.asarray(N.spike), a[-1])


def test_step_between_populations():
    net = bp.Network(dt=DT, precision=64)
    A = net.add(bp.LIF(2, V_th=1 * u.mV))
    B = net.add(bp.LIF(3, V_th=1000 * u.mV))
    net.add(bp.AlignPostProj(pre=A, comm=bp.nn.Linear(2, 3, w_init=1 * u.mS), syn=bp.Expon.desc(3),
                             out=bp.CUBA.desc(), post=B))
    with pytest.raises(ValueError, match='several populations'):
        net.step(1 * u.mA)
    s = net.step(np.array([100., 0.]) * u.mA, pop=A, out=A)
    assert list(s) == [True, False]
    s = net.step(pop=A, out=B)
    assert s.shape == (3,)


# ------------------------------------------------------------------------------------------------
# init_all_states

def test_init_all_states_resets():
    net, N, E, I = coba(seed=11)
    mon = net.monitor(N, 'spike')
    net.compile()
    V0 = N.V.value.mantissa.copy()
    g0 = E.syn.g.value.mantissa.copy()
    net.run(30 * u.ms)
    first = mon.events
    assert net.i == 300 and not np.array_equal(N.V.value.mantissa, V0)
    N.add_current_input_once(1000 * u.mA)           # pending one-shot inputs are dropped by init
    net.init_all_states()
    assert net.i == 0 and net.t.to_decimal(u.ms) == 0
    assert np.array_equal(N.V.value.mantissa, V0)   # the same draws as at compile
    assert np.array_equal(E.syn.g.value.mantissa, g0)
    assert np.all(N.last_spike_time.value.to_decimal(u.ms) == -1e7)
    assert len(mon) == 0 and mon.events[0].size == 0
    net.run(30 * u.ms)
    again = mon.events
    assert np.array_equal(first[0], again[0]) and np.array_equal(first[1], again[1])


# ------------------------------------------------------------------------------------------------
# connectivity read-back

def test_eventfixedprob_readback_matches_numpy():
    net, N, E, I = coba(n_exc=40, n_inh=10)
    assert E.comm.conn_num == 5                      # int(50 * 0.1)
    net.compile()
    ref = np.random.RandomState(1).randint(0, 50, size=(40, 5))
    assert np.array_equal(E.comm.indices, ref)
    assert np.array_equal(E.comm.conn.indices, ref)
    assert E.comm.conn.data.to_decimal(u.mS) == pytest.approx(0.6)
    pre, post, w = E.connections()
    assert np.array_equal(pre, np.repeat(np.arange(40), 5)) and np.array_equal(post, ref.ravel())
    assert np.allclose(w.to_decimal(u.uS), 600.0)
    assert E.num_connections == 200
    # an int conn_num is a count; heterogeneous (n_pre, K) weights are kept in order
    net2 = bp.Network(dt=DT)
    A = net2.add(bp.IF(4))
    W = np.arange(12, dtype=float).reshape(4, 3) * u.mS
    p = net2.add(bp.AlignPostProj(pre=A, comm=bp.nn.EventFixedProb(4, 4, 3, W, seed=9), syn=bp.Expon.desc(4),
                                  out=bp.CUBA.desc(), post=A))
    assert p.comm.conn_num == 3
    pre, post, w = p.connections()
    assert np.array_equal(post.reshape(4, 3), np.random.RandomState(9).randint(0, 4, size=(4, 3)))
    assert np.allclose(w.mantissa, np.arange(12))


def test_sparse_and_dense_readback():
    net = bp.Network(dt=DT, precision=64)
    A = net.add(bp.LIF(4))
    B = net.add(bp.LIF(3))
    pre = np.array([3, 0, 0, 2])
    post = np.array([1, 2, 0, 2])
    w = np.array([0.5, 1.5, 2.5, 3.5]) * u.mS
    ps = net.add(bp.AlignPostProj(pre=A, comm=bp.nn.SparseLinear((pre, post, w)), syn=bp.Expon.desc(3),
                                  out=bp.CUBA.desc(), post=B))
    ps2 = net.add(bp.AlignPostProj(pre=A[1:3], comm=bp.nn.SparseLinear(([0, 1], [2, 2], 7 * u.uS)),
                                   syn=bp.Expon.desc(3), out=bp.CUBA.desc(), post=B))
    Wd = np.arange(12, dtype=float).reshape(4, 3) * u.mS
    pd = net.add(bp.AlignPostProj(pre=A, comm=bp.nn.Linear(4, 3, w_init=Wd, w_mask=np.eye(4, 3)),
                                  syn=bp.Expon.desc(3), out=bp.CUBA.desc(), post=B))
    net.compile()
    got_pre, got_post, got_w = ps.connections()
    order = np.argsort(pre, kind='stable')          # grouped by presynaptic neuron, stable
    assert np.array_equal(got_pre, pre[order]) and np.array_equal(got_post, post[order])
    assert np.allclose(got_w.to_decimal(u.mS), w.mantissa[order])
    p2, q2, w2 = ps2.connections(unit='uS')
    assert list(p2) == [0, 1] and list(q2) == [2, 2] and np.allclose(w2.mantissa, 7.0)
    assert np.allclose(pd.comm.weight.to_decimal(u.mS), Wd.mantissa * np.eye(4, 3))


def test_sparse_from_scipy():
    sp = pytest.importorskip('scipy.sparse')
    M = sp.csr_matrix(np.array([[0., 1.5, 0.], [2.0, 0., 0.5]]))
    net = bp.Network(dt=DT, precision=64)
    A = net.add(bp.LIF(2))
    B = net.add(bp.LIF(3))
    p = net.add(bp.AlignPostProj(pre=A, comm=bp.nn.SparseLinear(M, unit=u.mS), syn=bp.Expon.desc(3),
                                 out=bp.CUBA.desc(), post=B))
    pre, post, w = p.connections()
    assert list(pre) == [0, 1, 1] and list(post) == [1, 0, 2] and np.allclose(w.mantissa, [1.5, 2.0, 0.5])
    with pytest.raises(bp.UnitMismatchError, match='unit='):
        bp.nn.SparseLinear(M)


def test_delay_shifts_arrival():
    """brainpy.state's InputDelay: steps = delay/dt in the network precision, the input split between
    floor and ceil by the fraction. Probed on the reference (brainpy.state.delay.InputDelay) with one
    input at step 0: 0.3 ms arrives whole after 3 steps in float32; in float64 0.3/0.1 = 2.9999999999999996,
    so 4.4e-16 arrives after 2 steps and the rest after 3; 0.25 ms splits 0.5/0.5 over steps 2 and 3."""
    def g_trace(delay, precision):
        net = bp.Network(dt=DT, precision=precision)
        A = net.add(bp.LIF(1, V_th=1 * u.mV, spk_reset='hard'))
        B = net.add(bp.LIF(1, V_th=1000 * u.mV))
        p = net.add(bp.AlignPostProj(pre=A, comm=bp.nn.Linear(1, 1, w_init=1 * u.mS), syn=bp.Expon.desc(1, tau=1e9 * u.ms),
                                     out=bp.CUBA.desc(), post=B, delay=delay))
        g = net.monitor(p, 'g')
        s = net.monitor(A, 'spike')
        net.compile()
        A.add_delta_input_once(10 * u.mV)           # A spikes in step 0; its spike is read in step 1
        net.run(steps=10)
        assert list(s.events[0]) == [0]
        return g.values.mantissa[:, 0]
    for precision in (32, 64):
        assert int(np.argmax(g_trace(None, precision) > 0)) == 1
        assert int(np.argmax(g_trace(500 * u.us, precision) > 0)) == 6
        half = g_trace(0.25 * u.ms, precision)
        assert half[2] == 0 and abs(half[3] - 0.5) < 1e-6 and abs(half[4] - 1) < 1e-6
    g32 = g_trace(0.3 * u.ms, 32)
    assert g32[3] == 0 and g32[4] == 1
    g64 = g_trace(0.3 * u.ms, 64)
    assert 0 < g64[3] < 1e-15 and abs(g64[4] - 1) < 1e-12


# ------------------------------------------------------------------------------------------------
# run: progress and cancellation

def test_run_by_duration_or_steps():
    net, N = small_net()
    net.run(1 * u.ms)
    assert net.i == 10
    net.run(steps=5)
    assert net.i == 15 and net.t.to_decimal(u.ms) == pytest.approx(1.5)
    with pytest.raises(ValueError, match='whole number of steps'):
        net.run(0.25 * u.ms)
    with pytest.raises(ValueError, match='either'):
        net.run()
    assert net.compile_time is not None and net.last_run_time is not None


def test_progress_hook_is_called():
    net, N, E, I = coba()
    calls = []
    net.run(steps=1000, progress=lambda done, total: calls.append((done, total)), progress_interval=100)
    assert calls[-1] == (1000, 1000)
    assert [c[0] for c in calls[:10]] == list(range(100, 1001, 100))
    assert all(t == 1000 for _, t in calls)


def test_progress_true_prints(capsys):
    net, N = small_net()
    net.run(steps=200, progress=True)
    err = capsys.readouterr().err
    try:
        import tqdm  # noqa: F401
        assert '200' in err
    except ImportError:
        assert '100%' in err


def test_cancel_with_keyboard_interrupt_from_hook():
    net, N, E, I = coba()
    mon = net.monitor(N, 'V', indices=[0])

    def hook(done, total):
        if done >= 300:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        net.run(steps=1000, progress=hook, progress_interval=100)
    assert net.i == 300                              # stopped at the step boundary after the callback
    assert net.t.to_decimal(u.ms) == pytest.approx(30.0, abs=1e-4)
    assert mon.values.shape == (300, 1)              # recordings agree with t
    net.run(steps=50)                                # still usable
    assert net.i == 350 and mon.values.shape == (350, 1)


def test_cancel_hook_raises_cancelled():
    net, N, E, I = coba()
    state = {'n': 0}

    def cancel():
        state['n'] += 1
        return state['n'] >= 3

    with pytest.raises(bp.Cancelled) as e:
        net.run(steps=1000, cancel=cancel, progress_interval=50)
    assert isinstance(e.value, RuntimeError) and e.value.status_name == 'BPS_ERR_CANCELLED'
    assert net.i == 150
    net.run(steps=10)
    assert net.i == 160


def test_other_exception_from_hook_propagates():
    net, N = small_net()

    def hook(done, total):
        raise ZeroDivisionError('boom')

    with pytest.raises(ZeroDivisionError, match='boom'):
        net.run(steps=100, progress=hook, progress_interval=10)
    assert net.i == 10
    net.run(steps=1)
    assert net.i == 11


def test_sigint_during_run_cancels_cleanly():
    """A real SIGINT delivered while the engine runs stops the run at a step boundary."""
    import signal
    if not hasattr(signal, 'SIGINT') or os.name != 'posix':
        pytest.skip('POSIX signals needed')
    net, N, E, I = coba(n_exc=800, n_inh=200)

    def hook(done, total):
        if done == 200:
            os.kill(os.getpid(), signal.SIGINT)

    # A process started in the background by a non-interactive shell inherits SIGINT ignored, and
    # Python then keeps it ignored: give it Python's usual handler for the test.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            net.run(steps=100000, progress=hook, progress_interval=100)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert 200 <= net.i < 100000 and net.i % 100 == 0
    net.run(steps=10)


# ------------------------------------------------------------------------------------------------
# life cycle and library lookup

def test_close_and_context_manager():
    with bp.Network(dt=DT) as net:
        N = net.add(bp.LIF(3))
        net.run(steps=2)
    with pytest.raises(bp.BadHandleError):
        net.run(steps=1)
    net.close()                                      # idempotent


def test_library_lookup_env(tmp_path):
    code = 'import brainpystate as bp; print(bp.library_path())'
    env = dict(os.environ, BRAINPYSTATE_LIBRARY=bp.library_path(),
               PYTHONPATH=os.path.dirname(os.path.dirname(os.path.abspath(bp.__file__))))
    out = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == bp.library_path()
    env['BRAINPYSTATE_LIBRARY'] = str(tmp_path / 'missing.so')
    code = ('import brainpystate as bp\n'
            'try:\n    bp.Network()\nexcept bp.LibraryNotFoundError as e:\n    print("missing:", e)\n')
    out = subprocess.run([sys.executable, '-c', code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.startswith('missing:') and 'missing.so' in out.stdout


def test_hook_may_read_but_not_modify():
    net, N = small_net()
    N.add_current_input('x', 1 * u.mA)
    m = net.monitor(N, 'V')
    seen = []

    def reader(done, total):
        seen.append((done, net.i, N.V.value.mantissa[0], m.values.shape[0]))

    net.run(steps=30, progress=reader, progress_interval=10)
    assert [s[0] for s in seen] == [10, 20, 30] and [s[1] for s in seen] == [10, 20, 30]
    assert [s[3] for s in seen] == [10, 20, 30] and seen[0][2] < seen[1][2]
    for action in (lambda: net.run(steps=1), lambda: net.step(), lambda: N.set_current_input('x', 2 * u.mA),
                   lambda: net.init_all_states(), lambda: net.close(), lambda: m.clear(),
                   lambda: setattr(N, 'tau', 3 * u.ms)):
        i0 = net.i

        def writer(done, total, action=action):
            action()

        with pytest.raises(bp.BadStateError, match='while the network is running'):
            net.run(steps=20, progress=writer, progress_interval=10)
        assert net.i == i0 + 10                      # stopped cleanly after the first callback
    net.run(steps=1)
    assert np.allclose(N.tau.to_decimal(u.ms), 5.0)


def test_synapse_and_output_parameters_change_after_compile():
    net = bp.Network(dt=DT, precision=64)
    A = net.add(bp.LIF(1))
    B = net.add(bp.LIF(2, V_th=1000 * u.mV, V_rest=-60 * u.mV, V_initializer=bp.init.Constant(-60 * u.mV)))
    P = net.add(bp.AlignPostProj(pre=A, comm=bp.nn.Linear(1, 2, w_init=1 * u.mS), syn=bp.Expon.desc(2, tau=5 * u.ms),
                                 out=bp.COBA.desc(E=0 * u.mV), post=B))
    net.compile()
    P.syn.tau = 10 * u.ms
    P.syn.g.value = np.array([1., 2.]) * u.mS
    net.run(steps=1)
    assert np.allclose(P.syn.g.value.to_decimal(u.mS), np.array([1., 2.]) * np.exp(-0.1 / 10), rtol=1e-12)
    P.out.E = -80 * u.mV                            # the conductance now pulls V down
    V0 = B.V.value.mantissa.copy()
    net.run(steps=1)
    assert np.all(B.V.value.mantissa < V0)
    with pytest.raises(bp.BadStateError):
        P.comm.weight = 2 * u.mS                    # connectivity is frozen at compile


def test_initializer_change_after_compile_takes_effect_at_init():
    net = bp.Network(dt=DT, precision=64)
    N = net.add(bp.LIF(3, V_initializer=bp.init.Normal(-55., 2., unit=u.mV)))
    P = net.add(bp.AlignPostProj(pre=N, comm=bp.nn.Linear(3, 3, w_init=1 * u.mS), syn=bp.Expon.desc(3),
                                 out=bp.CUBA.desc(), post=N))
    net.compile()
    N.V_initializer = -60 * u.mV
    P.syn.g_initializer = 2 * u.mS
    net.init_all_states()
    assert np.allclose(N.V.value.to_decimal(u.mV), -60.0)
    assert np.allclose(P.syn.g.value.to_decimal(u.mS), 2.0)


def test_binding_declares_every_c_function():
    """The ctypes signature table and include/brainpystate.h name exactly the same functions, so no
    C function is called through ctypes' default (int) argument conversion."""
    import re
    from brainpystate import _lib
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    with open(os.path.join(root, 'include', 'brainpystate.h')) as f:
        text = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
    declared = set(re.findall(r'\b(bps_[a-z0-9_]+)\s*\(', text))
    assert declared == set(_lib._SIGNATURES), (declared ^ set(_lib._SIGNATURES))


def test_model_discovery_matches_the_python_classes():
    neurons = {m.name: m for m in bp.models('neuron')}
    lif = neurons['LIF']
    tau = next(p for p in lif.params if p.name == 'tau')
    assert (tau.unit, tau.default) == ('ms', 5.0)
    assert [s.name for s in lif.states][:1] == ['V']
    # every population class of the binding is backed by an engine model of its role, and vice versa
    # (generators and readouts are populations of the engine too, with roles input and readout)
    from brainpystate._generator import Population
    classes = {name for name in bp.__all__ if isinstance(getattr(bp, name), type)
               and issubclass(getattr(bp, name), bp.Neuron) and getattr(bp, name) is not bp.Neuron}
    others = {name for name in classes if issubclass(getattr(bp, name), Population)}
    assert classes - others == set(neurons)
    assert others == {m.name for m in bp.models('input')} | {m.name for m in bp.models('readout')}
    synapses = {m.name for m in bp.models('synapse')}
    assert {'Expon', 'DualExpon', 'Alpha'} <= synapses


def test_model_catalogue_page_is_current(tmp_path):
    """docs/models.md is generated from the engine; regenerate it (tools/docs/catalogue.py) when models change."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    out = tmp_path / 'models.md'
    subprocess.run([sys.executable, os.path.join(root, 'tools', 'docs', 'catalogue.py'), str(out)], check=True,
                   capture_output=True)
    with open(os.path.join(root, 'docs', 'models.md')) as f:
        assert out.read_text() == f.read()


@pytest.mark.skipif(not os.path.exists('/proc/self/maps'), reason='reads the mappings through /proc')
def test_narrow_linear_layers_do_not_load_openblas():
    """A Linear layer of at most 64 weights multiplies with loops, so it does not load OpenBLAS (whose
    thread pool would then stay in the host process); a wide one does. In a fresh process, since a
    library once loaded stays."""
    code = """if True:
        import numpy as np, brainpystate as bp
        from brainpystate import units as u
        def openblas():
            return any('libopenblas' in line for line in open('/proc/self/maps'))
        x = (np.random.default_rng(0).random((10, 8, 8)) < 0.2).astype(np.float32)
        bp.nn.Sequential(bp.nn.Linear(8, 4), bp.LIF(4), dt=1 * u.ms, num_threads=1)(x)
        narrow = openblas()
        bp.nn.Sequential(bp.nn.Linear(8, 16), bp.LIF(16), dt=1 * u.ms, num_threads=1)(x)
        print(narrow, openblas())
    """
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=os.environ)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ['False', 'True']


@pytest.mark.skipif(not os.path.isdir('/proc/self/task'), reason='counts threads through /proc')
def test_deleted_networks_free_their_worker_threads():
    """A network or training sequence with worker threads gives its threads (and memory) back when the
    host drops it, after having run: hosts that build many networks must not accumulate threads.
    The first round is not counted: a library loaded on first use may start threads of its own that
    stay for the life of the process (OpenBLAS's pool, one thread on 2 cores, for wide Linear layers),
    and whether an earlier test loaded it depends on the order the tests run in."""
    import gc

    def threads():
        return len(os.listdir('/proc/self/task'))

    for r in range(4):
        if r == 1:
            gc.collect()
            before = threads()
        net = bp.Network(dt=DT, num_threads=2)
        N = net.add(bp.LIF(4000, tau=5 * u.ms))
        N.add_current_input('ext', 20. * u.mA)
        net.run(2 * u.ms)
        assert net.num_threads == 2
        seq = bp.nn.Sequential(bp.nn.Linear(8, 4), bp.LIF(4), dt=1 * u.ms, num_threads=2)
        seq((np.random.default_rng(0).random((20, 64, 8)) < 0.2).astype(np.float32))
        assert seq.num_threads == 2
        del net, N, seq
        gc.collect()
    # pthread_join returns once a worker has exited, but the kernel may list it in /proc/self/task a
    # moment longer, until it is reaped (seen in about 1 round of 70 on the Zen 3 host)
    for _ in range(300):
        if threads() == before:
            break
        time.sleep(0.01)
    assert threads() == before
