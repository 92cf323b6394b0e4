"""DualExpon, Alpha, CurrentProj and DeltaProj through the Python API (their equations are checked
step by step in Tests/BrainpyStateCoreTests/SynapseTests.swift; golden fixtures compare them with
brainpy.state in test_conformance.py when present)."""

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
