"""The training API: Sequential built from brainpy.state's classes, brainstate/braintools names and
defaults, initializers' distributions, bad input (clear errors, nothing changed), the Linear comm of
projections unchanged."""

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u


def small(precision=64, **lif):
    return bp.nn.Sequential(
        bp.nn.Linear(6, 5, w_init=bp.init.Normal(0.8, 0.6, unit=u.mA), b_init=bp.init.ZeroInit(u.mA)),
        bp.LIF(5, tau=10 * u.ms, V_th=1 * u.mV, spk_fun=bp.surrogate.Arctan(), **lif),
        bp.nn.Linear(5, 3),
        bp.Expon(3, tau=10 * u.ms, g_initializer=bp.init.ZeroInit()),
        dt=1 * u.ms, precision=precision, seed=2)


def data(T=25, B=4, n=6, seed=0):
    rng = np.random.default_rng(seed)
    return (rng.random((T, B, n)) < 0.3).astype(np.float32), rng.integers(0, 3, B)


def test_states_defaults_and_names():
    net = small()
    keys = set(net.states(bp.ParamState))
    assert keys == {(0, 'weight'), (0, 'bias'), (2, 'weight'), (2, 'bias')}
    assert (1, 'tau') in net.states() and (1, 'tau') not in keys
    np.testing.assert_array_equal(net.states()[(1, 'tau')].value, np.full(5, 10.0))
    assert net.states()[(0, 'weight')].value.shape == (6, 5)
    # brainstate's Linear default: a truncated KaimingNormal weight and a zero bias
    assert np.all(net.states()[(2, 'bias')].value == 0)
    sur = [getattr(bp.surrogate, n) for n in bp.surrogate.__all__ if n != 'Surrogate']
    assert len(sur) == 18
    assert bp.surrogate.ReluGrad().params == {'alpha': 0.3, 'width': 1.0}
    assert bp.surrogate.InvSquareGrad().params == {'alpha': 100.0}
    np.testing.assert_allclose(bp.surrogate.ReluGrad().surrogate_grad([0.5, 0, 2]), [0.15, 0.3, 0])
    assert bp.optim.Adam().kwargs['betas'] == (0.9, 0.999) and bp.optim.Adam().lr.base_lr == 1e-3
    assert bp.optim.AdamW().kwargs['weight_decay'] == 0.01
    assert bp.optim.RMSprop().lr.base_lr == 1e-2


def test_forward_outputs_and_batch_shapes():
    net = small()
    x, _ = data()
    out = net(x)
    assert out.shape == (25, 4, 3) and out.dtype == np.float64
    spikes = net.output(1)
    assert spikes.shape == (25, 4, 5) and set(np.unique(spikes)) <= {0.0, 1.0}
    assert spikes.sum() > 0
    # batch rows are independent: row 2 alone gives the same output as in the batch
    alone = net(x[:, 2:3])
    np.testing.assert_allclose(alone[:, 0], out[:, 2], rtol=1e-12)
    # a [T, in] input is one sample
    np.testing.assert_allclose(net(x[:, 2]), out[:, 2], rtol=1e-12)


def test_tau_can_be_trained():
    net = small()
    net.set_trainable(1, 'tau')
    assert (1, 'tau') in net.states(bp.ParamState)
    x, y = data()
    grads = net.grad(x, y)
    assert np.abs(grads[(1, 'tau')]).max() > 0
    opt = bp.optim.SGD(lr=10.0)
    opt.register_trainable_weights(net.states(bp.ParamState))
    before = net.states()[(1, 'tau')].value.copy()
    opt.update(grads)
    np.testing.assert_allclose(net.states()[(1, 'tau')].value, before - 10.0 * grads[(1, 'tau')])


def test_register_a_subset_freezes_the_rest():
    net = small()
    x, y = data()
    opt = bp.optim.Adam(lr=0.1)
    params = net.states(bp.ParamState)
    opt.register_trainable_weights({k: v for k, v in params.items() if k[0] == 2})
    w0 = net.states()[(0, 'weight')].value.copy()
    w2 = net.states()[(2, 'weight')].value.copy()
    opt.update(net.grad(x, y))
    np.testing.assert_array_equal(net.states()[(0, 'weight')].value, w0)
    assert not np.array_equal(net.states()[(2, 'weight')].value, w2)


@pytest.mark.parametrize('init, std, bound', [
    (bp.init.KaimingNormal(), np.sqrt(2 / 400), None),
    (bp.init.LecunNormal(), np.sqrt(1 / 400), None),
    (bp.init.XavierNormal(), np.sqrt(1 / 350), None),
    (bp.init.KaimingUniform(), np.sqrt(2 / 400), np.sqrt(3 * 2 / 400)),
    (bp.init.XavierUniform(), np.sqrt(1 / 350), np.sqrt(3 / 350)),
    (bp.init.LecunUniform(), np.sqrt(1 / 400), np.sqrt(3 / 400)),
    (bp.nn.init.KaimingNormal(), np.sqrt(2 / 400), 2 * np.sqrt(2 / 400) / 0.87962566103423978),
    (bp.init.TruncatedNormal(0.5, 2.0, low=-1.0, high=3.0), None, None),
    (bp.init.Normal(1.0, 0.5), 0.5, None),
    (bp.init.Uniform(-2.0, 1.0), np.sqrt(9 / 12), None),
])
def test_initializer_distributions(init, std, bound):
    net = bp.nn.Sequential(bp.nn.Linear(400, 300, w_init=init), dt=1 * u.ms, precision=64, seed=4)
    w = net.states()[(0, 'weight')].value
    if std is not None:
        assert w.std() == pytest.approx(std, rel=0.02), repr(init)
    if bound is not None:
        assert np.abs(w).max() <= bound and np.abs(w).max() > 0.95 * bound, repr(init)
    if isinstance(init, bp.init.TruncatedNormal):
        assert w.min() >= -1.0 and w.max() <= 3.0 and w.min() < -0.9 and w.max() > 2.9
    # the same seed draws the same weights; another seed others
    again = bp.nn.Sequential(bp.nn.Linear(400, 300, w_init=init), dt=1 * u.ms, precision=64, seed=4)
    np.testing.assert_array_equal(again.states()[(0, 'weight')].value, w)
    other = bp.nn.Sequential(bp.nn.Linear(400, 300, w_init=init), dt=1 * u.ms, precision=64, seed=5)
    assert not np.array_equal(other.states()[(0, 'weight')].value, w)


def test_bad_input_is_refused_and_changes_nothing():
    net = small()
    x, y = data()
    g0, l0 = net.grad(x, y, return_value=True)
    with pytest.raises(bp.InvalidArgumentError, match='not finite'):
        bad = x.copy()
        bad[3, 1, 2] = np.nan
        net.grad(bad, y)
    with pytest.raises(bp.OutOfRangeError, match='label 7'):
        net.grad(x, np.array([0, 1, 7, 2]))
    with pytest.raises(bp.OutOfRangeError):
        net.grad(x[:, :, :5], y)
    with pytest.raises(bp.ElementTypeError, match='integer labels'):
        net.grad(x, np.zeros((4, 3)))
    with pytest.raises(bp.UnknownNameError, match='unknown loss'):
        net.grad(x, y, loss='hinge_loss')
    with pytest.raises(bp.InvalidArgumentError, match='finite'):
        net.states()[(0, 'weight')].value = np.full((6, 5), np.inf)
    with pytest.raises(bp.InvalidArgumentError, match='positive'):
        net.states()[(1, 'tau')].value = np.zeros(5)
    with pytest.raises(bp.BadStateError, match='register_trainable_weights'):
        bp.optim.Adam().update(g0)
    g1, l1 = net.grad(x, y, return_value=True)
    assert l1 == l0
    for k in g0:
        np.testing.assert_array_equal(g1[k], g0[k])
    with pytest.raises(bp.UnknownNameError, match='has no argument'):
        bp.surrogate.Sigmoid(beta=2)
    with pytest.raises(bp.UnknownNameError, match='has no argument'):
        bp.optim.Adam(momentum=0.9)
    with pytest.raises(bp.ElementTypeError, match='training layers'):
        bp.nn.Sequential(bp.HH(3), dt=1 * u.ms)
    with pytest.raises(bp.InvalidArgumentError, match='does not match'):
        bp.nn.Sequential(bp.nn.Linear(3, 4), bp.LIF(5), dt=1 * u.ms)
    with pytest.raises(bp.InvalidArgumentError, match='one value'):
        bp.nn.Sequential(bp.nn.Linear(3, 4), bp.LIF(4, V_initializer=bp.init.Normal(0., 1., unit=u.mV)), dt=1 * u.ms)


def test_linear_in_a_projection_still_needs_conductances():
    net = bp.Network(dt=0.1 * u.ms)
    A = net.add(bp.LIF(2))
    B = net.add(bp.LIF(3))
    with pytest.raises(bp.InvalidArgumentError, match='biases are not supported'):
        net.add(bp.AlignPostProj(pre=A, comm=bp.nn.Linear(2, 3, w_init=np.ones((2, 3)) * u.mS, b_init=bp.init.ZeroInit()),
                                 syn=bp.Expon.desc(3), out=bp.CUBA.desc(), post=B))
    net2 = bp.Network(dt=0.1 * u.ms)
    A = net2.add(bp.LIF(2))
    B = net2.add(bp.LIF(3))
    with pytest.raises(bp.InvalidArgumentError, match='needs w_init'):
        net2.add(bp.AlignPostProj(pre=A, comm=bp.nn.Linear(2, 3), syn=bp.Expon.desc(3), out=bp.CUBA.desc(), post=B))


def test_regularizer_lowers_the_rate():
    x, y = data(T=40, B=8)
    rates = []
    for strength in (0.0, 0.05):
        net = small()
        net.set_regularizer(1, 'spike_count', strength)
        opt = bp.optim.Adam(lr=0.05)
        opt.register_trainable_weights(net.states(bp.ParamState))
        for _ in range(30):
            opt.update(net.grad(x, y))
        net(x)
        rates.append(net.output(1).mean())
    assert rates[1] < 0.5 * rates[0], rates


def test_checkpointing_gives_the_same_gradients():
    x, y = data(T=60)
    a, b = small(), small()
    b.set_checkpointing(8)
    ga, gb = a.grad(x, y), b.grad(x, y)
    for k in ga:
        np.testing.assert_array_equal(ga[k], gb[k])


def test_sparse_connectivity_is_trainable_and_matches_the_dense_layer():
    """A SparseLinear holding every synapse of a dense matrix gives the Linear layer's outputs and
    gradients (without bias), and it trains."""
    rng = np.random.default_rng(3)
    W = rng.normal(0.5, 0.7, (6, 5))
    pre, post = np.nonzero(np.ones((6, 5)))
    x, y = data()

    def net(first):
        return bp.nn.Sequential(first, bp.LIF(5, tau=10 * u.ms, spk_fun=bp.surrogate.Arctan()), bp.nn.Linear(5, 3),
                                bp.Expon(3, tau=10 * u.ms, g_initializer=bp.init.ZeroInit()),
                                dt=1 * u.ms, precision=64, seed=2)
    dense = net(bp.nn.Linear(6, 5, w_init=W * u.mA, b_init=None))
    sparse = net(bp.nn.SparseLinear((pre, post, W[pre, post] * u.mA), shape=(6, 5)))
    gd, ld = dense.grad(x, y, return_value=True)
    gs, ls = sparse.grad(x, y, return_value=True)
    assert ls == pytest.approx(ld, rel=1e-12)
    np.testing.assert_allclose(gs[(0, 'weight')], gd[(0, 'weight')][pre, post], rtol=1e-10, atol=1e-14)
    assert sparse.states()[(0, 'weight')].value.shape == (30,)
    # a sparse subset trains (the loss falls)
    keep = rng.random(30) < 0.5
    few = net(bp.nn.SparseLinear((pre[keep], post[keep], W[pre, post][keep] * u.mA), shape=(6, 5)))
    opt = bp.optim.Adam(lr=0.05)
    opt.register_trainable_weights(few.states(bp.ParamState))
    first = few.grad(x, y, return_value=True)[1]
    for _ in range(30):
        grads, last = few.grad(x, y, return_value=True)
        opt.update(grads)
    assert last < first
    # its conductance-free weights cannot drive a projection
    netw = bp.Network(dt=0.1 * u.ms)
    A, Bp = netw.add(bp.LIF(6)), netw.add(bp.LIF(5))
    with pytest.raises(bp.UnitMismatchError, match='not a conductance'):
        netw.add(bp.AlignPostProj(pre=A, comm=bp.nn.SparseLinear((pre, post, W[pre, post] * u.mA), shape=(6, 5)),
                                  syn=bp.Expon.desc(5), out=bp.CUBA.desc(), post=Bp))


def spytorch(num_threads):
    """Example 200's network (bench sizes: 100 → 4 LIF → 2) with a given number of worker threads."""
    return bp.nn.Sequential(
        bp.nn.Linear(100, 4, w_init=bp.init.KaimingNormal(scale=40., unit=u.mA), b_init=bp.init.ZeroInit(u.mA)),
        bp.Expon(4, tau=5. * u.ms, g_initializer=bp.init.Constant(0. * u.mA)),
        bp.LIF(4, tau=20 * u.ms, V_reset=0 * u.mV, V_rest=0 * u.mV, V_th=1. * u.mV, spk_fun=bp.surrogate.ReluGrad()),
        bp.nn.Linear(4, 2, w_init=bp.init.KaimingNormal()),
        bp.Expon(2, tau=10. * u.ms, g_initializer=bp.init.ZeroInit()),
        dt=1 * u.ms, precision=32, seed=0, num_threads=num_threads)


def test_spike_trains_as_bool_and_worker_threads_change_nothing():
    """bool spike trains (read as bytes, no conversion) give the float32 input's loss and gradients bit
    for bit, for 1 and 2 worker threads; num_threads reads back; bad values are refused."""
    rng = np.random.default_rng(3)
    x = rng.random((60, 64, 100)) < 0.05
    y = rng.integers(0, 2, 64)
    results = []
    for threads in (1, 2):
        net = spytorch(threads)
        assert net.num_threads == threads
        for inp in (x.astype(np.float32), x):
            grads, loss = net.grad(inp, y, return_value=True)
            results.append((loss, {k: np.array(v) for k, v in grads.items()}, net.output(2).copy()))
    assert results[0][2].any(), 'the LIF layer spikes'
    for loss, grads, spikes in results[1:]:
        assert loss == results[0][0]
        assert all(np.array_equal(grads[k], results[0][1][k]) for k in grads)
        assert np.array_equal(spikes, results[0][2])
    assert spytorch(0).num_threads >= 1
    for bad in (-1, 300):
        with pytest.raises(bp.errors.InvalidArgumentError):
            spytorch(bad)
    with pytest.raises(bp.errors.ElementTypeError):
        spytorch('2')


def test_all_cores_means_the_cores_this_process_may_use():
    """num_threads=0 resolves to the CPUs of the process's affinity mask (taskset, a cpuset), for
    Sequential and Network alike."""
    import os
    import subprocess
    import sys
    code = ('import os, brainpystate as bp\n'
            'from brainpystate import units as u\n'
            'os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})\n'
            'print(bp.nn.Sequential(bp.LIF(4), dt=1 * u.ms).num_threads, bp.Network().num_threads)\n')
    package_dir = os.path.dirname(os.path.dirname(os.path.abspath(bp.__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([package_dir, os.environ.get('PYTHONPATH', '')]))
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ['1', '1']
