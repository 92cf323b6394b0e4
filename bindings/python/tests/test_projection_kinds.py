"""DualExpon, Alpha, CurrentProj and DeltaProj through the Python API (their equations are checked
step by step in Tests/BrainpyStateCoreTests/SynapseTests.swift; golden fixtures compare them with
brainpy.state in test_conformance_projections.py); every projection kind on any thread count; the
value inputs that event comms refuse."""

import numpy as np
import pytest


def pair(bp, u):
    net = bp.Network(dt=0.1 * u.ms, precision=64)
    pre = net.add(bp.LIF(1, tau=5 * u.ms))
    pre.add_current_input('x', 30 * u.mA)
    post = net.add(bp.LIF(2, tau=1e6 * u.ms, V_th=1e6 * u.mV))
    return net, pre, post


def test_dualexpon_merges_and_peaks_at_amplitude(bp, u):
    net, pre, post = pair(bp, u)
    a = net.add(bp.AlignPostProj(pre=pre, comm=bp.nn.SparseLinear(([0], [0], 1 * u.mS), shape=(1, 2)),
                                 syn=bp.DualExpon.desc(2, tau_decay=10 * u.ms, tau_rise=1 * u.ms, amplitude=2.0),
                                 out=bp.CUBA.desc(), post=post))
    b = net.add(bp.AlignPostProj(pre=pre, comm=bp.nn.SparseLinear(([0], [1], 1 * u.mS), shape=(1, 2)),
                                 syn=bp.DualExpon.desc(2, tau_decay=10 * u.ms, tau_rise=1 * u.ms, amplitude=2.0),
                                 out=bp.CUBA.desc(), post=post))
    rise = net.monitor(a, 'g_rise')
    decay = net.monitor(b, 'g_decay')
    net.run(steps=30)
    # merged: both projections see one synapse state
    assert np.array_equal(a.syn.g_decay.value.mantissa, b.syn.g_decay.value.mantissa)
    assert rise.values.shape == (30, 2) and decay.values.shape == (30, 2)
    assert np.all(decay.values.mantissa >= rise.values.mantissa - 1e-12)


def test_alpha_instances_are_not_merged(bp, u):
    net, pre, post = pair(bp, u)
    comm = lambda j: bp.nn.SparseLinear(([0], [j], 1 * u.mS), shape=(1, 2))
    a = net.add(bp.AlignPostProj(pre=pre, comm=comm(0), syn=bp.Alpha(2, tau=8 * u.ms), out=bp.CUBA(), post=post))
    b = net.add(bp.AlignPostProj(pre=pre, comm=comm(1), syn=bp.Alpha(2, tau=8 * u.ms), out=bp.CUBA(), post=post))
    net.run(steps=100)
    ga, gb = a.syn.g.value.mantissa, b.syn.g.value.mantissa
    assert ga[0] > 0 and ga[1] == 0 and gb[1] > 0 and gb[0] == 0
    with pytest.raises(TypeError, match='AlignPost'):
        bp.AlignPostProj(pre=pre, comm=comm(0), syn=bp.Alpha.desc(2), out=bp.CUBA.desc(), post=post)


def test_current_and_delta_projections(bp, u):
    net, pre, post = pair(bp, u)
    cp = net.add(bp.CurrentProj(pre=pre, comm=bp.nn.SparseLinear(([0], [0], 3 * u.mS), shape=(1, 2)),
                                out=bp.COBA(E=0 * u.mV), post=post))
    dp = net.add(bp.DeltaProj(pre=pre, comm=bp.nn.SparseLinear(([0], [1], 0.5 * u.mV), shape=(1, 2)), post=post))
    spikes = net.monitor(pre, 'spike')
    g = net.monitor(cp, 'g')
    V = net.monitor(post, 'V')
    net.run(steps=200)
    fired = spikes.raster[:, 0]
    # the conductance of step n is the comm output of the spikes of step n-1, nothing remembered
    assert np.array_equal(g.values.mantissa[1:, 0] == 3, fired[:-1])
    # each spike adds 0.5 mV to neuron 1 (no leak to speak of with tau = 1e6 ms)
    assert abs(V.values.mantissa[-1, 1] - 0.5 * fired[:-1].sum()) < 1e-3
    assert dp.connections()[2].unit.name == 'mV'
    with pytest.raises(bp.UnitMismatchError):
        net2, pre2, post2 = pair(bp, u)
        net2.add(bp.DeltaProj(pre=pre2, comm=bp.nn.SparseLinear(([0], [1], 1 * u.mS), shape=(1, 2)), post=post2))


def _every_kind(bp, u, threads, chunks):
    """One network with every projection kind, comm layout and stage before comm, on posts large
    enough to be cut into several tiles; returns every recording."""
    rs = np.random.RandomState(0)
    net = bp.Network(dt=0.1 * u.ms, precision=32, num_threads=threads, seed=3)
    pre = net.add(bp.LIF(120, tau=8 * u.ms, V_th=-50 * u.mV, V_reset=-60 * u.mV, V_rest=-60 * u.mV,
                         V_initializer=bp.init.Uniform(-60., -50., unit=u.mV)))
    pre.add_current_input('x', rs.uniform(10.5, 30.0, 120) * u.mA)
    post = net.add(bp.LIF(100, tau=10 * u.ms, V_th=-50 * u.mV, V_reset=-60 * u.mV, V_rest=-60 * u.mV,
                          V_initializer=bp.init.Uniform(-60., -50., unit=u.mV)))
    post.add_current_input('x', rs.uniform(5.0, 11.0, 100) * u.mA)
    W = lambda n, m, lo, hi: np.where(rs.rand(n, m) < 0.1, rs.uniform(lo, hi, (n, m)), 0.0)   # noqa: E731
    projs = [
        bp.AlignPostProj(pre, bp.STP(120, U=0.2), comm=bp.nn.Linear(120, 100, w_init=W(120, 100, 20, 80) * u.mS),
                         syn=bp.Expon.desc(100, tau=5 * u.ms), out=bp.COBA.desc(E=0 * u.mV), post=post),
        bp.AlignPostProj(pre=pre,
                         comm=bp.nn.EventFixedProb(120, 100, 0.1, rs.uniform(0.5, 2, (120, 10)) * u.mS, seed=1),
                         syn=bp.DualExpon.desc(100), out=bp.CUBA.desc(), post=post,
                         delay=np.round(rs.uniform(0, 1.5, 120), 2) * u.ms),
        bp.align_pre_projection(pre, syn=bp.AMPA(120), out=bp.COBA(E=0 * u.mV), post=post,
                                comm=bp.nn.FixedNumConn(120, 100, 0.1, rs.uniform(50, 200, (120, 10)) * u.mS, seed=2)),
        bp.align_pre_projection(pre[100:], syn=bp.GABAa(20), out=bp.COBA(E=-80 * u.mV), post=post, stp=bp.STD(20),
                                comm=bp.nn.AllToAll(20, 100, w_init=3 * u.mS, include_self=False)),
        bp.AlignPostProj(pre=pre[:100], comm=bp.nn.OneToOne(100, w_init=rs.uniform(0, 2, 100) * u.mS),
                         syn=bp.Alpha(100), out=bp.CUBA(), post=post),
        bp.CurrentProj(pre=pre, comm=bp.nn.EventLinear(120, 100, W(120, 100, 10, 60) * u.mS), out=bp.COBA(E=0 * u.mV),
                       post=post, delay=0.25 * u.ms),
        bp.DeltaProj(pre=pre, comm=bp.nn.SparseLinear((rs.randint(0, 120, 500), rs.randint(0, 100, 500),
                                                       rs.uniform(0, 0.5, 500) * u.mV)), post=post),
    ]
    net.add(*projs)
    mons = [net.monitor(post, 'V'), net.monitor(post, 'spike')]
    mons += [net.monitor(p, v) for p in projs for v in _states(p)]
    for c in chunks:
        net.run(steps=c)
    return [m.raster if isinstance(m, bp.SpikeMonitor) else m.values.mantissa for m in mons]


def _states(p):
    """Every recordable state of a projection: its synapse's, its plasticity module's, a CurrentProj's g."""
    names = [f'{part}.{s}' for part, owner in (('syn', p.syn), ('stp', p.stp)) if owner is not None
             for s in type(owner)._states]
    return names + (['g'] if type(p).__name__ == 'CurrentProj' else [])


def test_every_projection_kind_is_independent_of_threads_and_chunking(bp, u):
    base = _every_kind(bp, u, 1, [300])
    assert base[1].sum() > 50 and all(np.any(r != 0) for r in base)
    for threads, chunks in ((2, [100, 200]), (3, [7, 93, 200])):
        other = _every_kind(bp, u, threads, chunks)
        for k, (a, b) in enumerate(zip(base, other)):
            assert np.array_equal(a, b), f'recording {k} differs with {threads} threads, chunks {chunks}'


def test_value_inputs_into_event_comms_are_refused(bp, u):
    """brainpy's event comms binarise a float input: STP amplitudes or an align-pre synapse's trace
    would each count as one spike (its value dropped; an align-pre g is nonzero on almost every step).
    That is never what the model means, so compile refuses it and names the value-weighted comms
    (a deliberate deviation, README)."""
    for make in (lambda pre, post: bp.AlignPostProj(pre, bp.STP(2), syn=bp.Expon.desc(2), out=bp.CUBA.desc(), post=post,
                                                    comm=bp.nn.EventFixedProb(2, 2, 1, 1 * u.mS, seed=1)),
                 lambda pre, post: bp.align_pre_projection(pre, syn=bp.AMPA(2), out=bp.COBA(E=0 * u.mV), post=post,
                                                           comm=bp.nn.EventLinear(2, 2, 1 * u.mS))):
        net = bp.Network(dt=0.1 * u.ms)
        pre, post = net.add(bp.LIF(2), bp.LIF(2))
        net.add(make(pre, post))
        with pytest.raises(bp.InvalidArgumentError, match='FixedNumConn'):
            net.compile()
