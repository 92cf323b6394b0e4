"""SymmetryGapJunction and AsymmetryGapJunction through the Python API: brainpy.state's signatures and
conn forms, the currents of one step by hand, and every bad input as a clear error that leaves the
network usable (their equations over many steps: Tests/BrainpyStateCoreTests/GapJunctionTests.swift
and the golden fixtures in test_conformance_junctions.py)."""

import numpy as np
import pytest


def lif(bp, u, n, x, V0):
    pop = bp.LIF(n, tau=10 * u.ms, V_rest=-60 * u.mV, V_reset=-60 * u.mV, V_th=-50 * u.mV,
                 V_initializer=np.asarray(V0, dtype=float) * u.mV)
    return pop, x


def one_step_currents(pre_ids, post_ids, g_post, g_pre, Vpre, Vpost, npre, npost):
    Ipre, Ipost = np.zeros(npre), np.zeros(npost)
    for k in range(len(pre_ids)):
        d = Vpre[pre_ids[k]] - Vpost[post_ids[k]]
        Ipost[post_ids[k]] += g_post[k] * d
        Ipre[pre_ids[k]] -= g_pre[k] * d
    return Ipre, Ipost


@pytest.mark.parametrize('form', ['callable', 'pair', 'connection_result'])
def test_symmetric_pair_first_step_by_hand(bp, u, form):
    """One step from known V: V1 = V0 + dt*exprel(-dt/tau)*(-V0 + V_rest + R*I)/tau with I the junction
    current in µA (x 1e-3 into mA), including a repeated pair."""
    net = bp.Network(dt=0.1 * u.ms, precision=64, num_threads=1)
    a = net.add(lif(bp, u, 3, 0, [-52., -58., -55.])[0])
    b = net.add(lif(bp, u, 2, 0, [-60., -51.])[0])
    pre_ids, post_ids = np.array([0, 0, 2, 1]), np.array([1, 1, 0, 0])
    w = np.array([100., 200., 300., 50.])

    class Result:                      # braintools.conn-like: .pre_indices / .post_indices
        pre_indices, post_indices = pre_ids, post_ids
    conn = {'callable': lambda pre_size, post_size: (pre_ids, post_ids), 'pair': (pre_ids, post_ids),
            'connection_result': Result()}[form]
    gj = net.add(bp.SymmetryGapJunction(couples=(a, b), states=('V', 'V'), conn=conn, weight=w * u.mS))
    assert gj.pre is a and gj.post is b and gj.pre_state == 'V' == gj.post_state
    assert np.array_equal(gj.pre_ids, pre_ids) and np.array_equal(gj.post_ids, post_ids)
    net.run(steps=1)
    Ia, Ib = one_step_currents(pre_ids, post_ids, w, w, [-52., -58., -55.], [-60., -51.], 3, 2)
    dt, tau = 0.1, 10.
    phi = np.expm1(-dt / tau) / (-dt / tau)
    for pop, V0, I in ((a, [-52., -58., -55.], Ia), (b, [-60., -51.], Ib)):
        V0 = np.asarray(V0)
        expected = V0 + dt * phi * (-V0 - 60 + 1e-3 * I) / tau
        assert np.allclose(pop.V.value.to_decimal(u.mV), expected, rtol=0, atol=1e-12)
    pre, post, weight = gj.connections()
    assert np.array_equal(pre, pre_ids) and np.array_equal(post, post_ids)
    assert np.array_equal(weight.to_decimal(u.mS), w)
    assert gj.num_connections == 4


def test_asymmetric_self_coupling_uses_g_pre_on_the_post_side(bp, u):
    net = bp.Network(dt=0.1 * u.ms, precision=64, num_threads=1)
    V0 = [-52., -58., -55., -60.]
    N = net.add(lif(bp, u, 4, 0, V0)[0])
    pre_ids, post_ids = [0, 1, 3], [1, 2, 0]
    gj = net.add(bp.AsymmetryGapJunction(N, 'V', N, 'V', conn=lambda p, q: (pre_ids, post_ids),
                                         weight=np.array([0.4, 0.1]) * u.siemens))   # [g_pre, g_post], in S
    net.run(steps=1)
    g_pre, g_post = [400.] * 3, [100.] * 3                                          # mS
    Ipre, Ipost = one_step_currents(pre_ids, post_ids, g_pre, g_post, V0, V0, 4, 4)
    I = Ipre + Ipost
    dt, tau = 0.1, 10.
    phi = np.expm1(-dt / tau) / (-dt / tau)
    V0 = np.asarray(V0)
    assert np.allclose(N.V.value.to_decimal(u.mV), V0 + dt * phi * (-V0 - 60 + 1e-3 * I) / tau, rtol=0, atol=1e-12)
    assert gj.connections()[2].to_decimal(u.mS).tolist() == [400.] * 3


def test_weight_is_a_parameter_state(bp, u):
    net = bp.Network(dt=0.1 * u.ms, precision=32, num_threads=1)
    a = net.add(lif(bp, u, 2, 0, [-52., -58.])[0])
    gj = net.add(bp.SymmetryGapJunction(a, 'V', ([0, 1], [1, 0]), weight=0.5 * u.mS))
    assert gj.weight.value.to_decimal(u.mS) == 0.5
    net.run(steps=5)
    gj.weight.value = 2 * u.mS                        # after compile: still one value
    assert gj.weight.value.to_decimal(u.mS) == 2
    with pytest.raises(bp.BadStateError, match='switch'):
        gj.weight.value = np.array([1., 2.]) * u.mS   # one per connection: another layout
    with pytest.raises(bp.UnitMismatchError):
        gj.weight.value = 1 * u.mV
    assert gj.weight.value.to_decimal(u.mS) == 2       # unchanged by the failed writes
    net.run(steps=5)


def test_bad_index_arrays(bp, u):
    net = bp.Network(dt=0.1 * u.ms)
    a = net.add(lif(bp, u, 3, 0, [-60.] * 3)[0])
    b = net.add(lif(bp, u, 2, 0, [-60.] * 2)[0])
    w = 1 * u.mS
    with pytest.raises(bp.OutOfRangeError, match='pre_ids contains 3'):
        bp.SymmetryGapJunction((a, b), 'V', ([0, 3], [0, 1]), w)
    with pytest.raises(bp.OutOfRangeError, match='post_ids contains 2'):
        bp.SymmetryGapJunction((a, b), 'V', ([0, 1], [0, 2]), w)
    with pytest.raises(bp.OutOfRangeError, match='-1'):
        bp.SymmetryGapJunction((a, b), 'V', ([-1, 1], [0, 1]), w)
    with pytest.raises(bp.InvalidArgumentError, match='differ in length'):
        bp.SymmetryGapJunction((a, b), 'V', ([0, 1, 2], [0, 1]), w)
    with pytest.raises(bp.ElementTypeError, match='integers'):
        bp.SymmetryGapJunction((a, b), 'V', ([0., 1.5], [0, 1]), w)
    with pytest.raises(bp.InvalidArgumentError, match='one-dimensional'):
        bp.SymmetryGapJunction((a, b), 'V', ([[0, 1]], [[0, 1]]), w)
    with pytest.raises(bp.ElementTypeError, match='pre_ids, post_ids'):
        bp.SymmetryGapJunction((a, b), 'V', lambda p, q: [0, 1, 2], w)
    # the engine checks them too (a C host has no Python front end)
    gj = bp.SymmetryGapJunction((a, b), 'V', ([0, 1], [0, 1]), w)
    gj.post_ids = np.array([0, 5])
    with pytest.raises(bp.OutOfRangeError, match='5'):
        net.add(gj)
    net.run(steps=2)                                  # nothing half-added


def test_bad_weights_and_units(bp, u):
    net = bp.Network(dt=0.1 * u.ms)
    a = net.add(lif(bp, u, 3, 0, [-60.] * 3)[0])
    ids = ([0, 1], [1, 2])
    with pytest.raises(bp.InvalidArgumentError, match='not finite'):
        bp.SymmetryGapJunction(a, 'V', ids, np.array([1., np.nan]) * u.mS)
    with pytest.raises(bp.UnitMismatchError):
        bp.SymmetryGapJunction(a, 'V', ids, 1 * u.mV)
    with pytest.raises(bp.UnitMismatchError):
        bp.SymmetryGapJunction(a, 'V', ids, 1.0)                     # a bare number: no unit
    with pytest.raises(bp.InvalidArgumentError, match='one per connection'):
        bp.SymmetryGapJunction(a, 'V', ids, np.array([1., 2., 3.]) * u.mS)
    with pytest.raises(bp.InvalidArgumentError, match='g_pre, g_post'):
        bp.AsymmetryGapJunction(a, 'V', a, 'V', ids, 1 * u.mS)
    with pytest.raises(bp.InvalidArgumentError, match='g_pre, g_post'):
        bp.AsymmetryGapJunction(a, 'V', a, 'V', ids, np.ones((2, 3)) * u.mS)
    with pytest.raises(bp.InvalidArgumentError, match='not finite'):
        bp.AsymmetryGapJunction(a, 'V', a, 'V', ids, np.array([1., np.inf]) * u.mS)
    adex = net.add(bp.AdExIF(3))
    with pytest.raises(NotImplementedError, match='only the membrane potential'):
        bp.SymmetryGapJunction(adex, 'w', ids, 1 * u.mS)
    with pytest.raises(bp.UnknownNameError, match="'w' not found"):
        bp.SymmetryGapJunction(a, 'w', ids, 1 * u.mS)
    with pytest.raises(bp.ElementTypeError, match='whole population'):
        bp.SymmetryGapJunction((a[0:2], a), 'V', ids, 1 * u.mS)
    net.run(steps=1)


def test_population_without_v_in_mv(bp, u):
    net = bp.Network(dt=0.1 * u.ms)
    fhn = net.add(bp.FitzHughNagumo(2))
    izh = net.add(bp.Izhikevich(2))
    a = net.add(lif(bp, u, 2, 0, [-60.] * 2)[0])
    with pytest.raises(bp.UnitMismatchError, match='FitzHughNagumo'):
        net.add(bp.SymmetryGapJunction(fhn, 'V', ([0], [1]), 1 * u.mS))
    with pytest.raises(bp.UnitMismatchError, match='Izhikevich'):
        net.add(bp.AsymmetryGapJunction(a, 'V', izh, 'V', ([0], [1]), np.array([1., 1.]) * u.mS))
    assert len(net.projections) == 0
    net.run(steps=1)


def test_asymmetric_is_not_symmetric_by_accident(bp, u):
    """[g_pre, g_post] with g_post = 0: the pre side feels nothing, the post side does."""
    net = bp.Network(dt=0.1 * u.ms, precision=64)
    a = net.add(lif(bp, u, 1, 0, [-52.])[0])
    b = net.add(lif(bp, u, 1, 0, [-60.])[0])
    net.add(bp.AsymmetryGapJunction(a, 'V', b, 'V', ([0], [0]), np.array([500., 0.]) * u.mS))
    net.run(steps=1)
    free = -52 + 0.1 * (np.expm1(-0.01) / -0.01) * (-(-52.) - 60) / 10
    assert abs(a.V.value.to_decimal(u.mV)[0] - free) < 1e-12
    assert b.V.value.to_decimal(u.mV)[0] > -60 + 1e-3
