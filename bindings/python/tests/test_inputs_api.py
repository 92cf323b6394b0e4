"""The input generators and LeakyRateReadout through the Python binding: how they bind to the
populations they drive or read, what they produce, determinism of the random ones, and bad input
(each error names the problem and leaves the network usable). Agreement with brainpy.state itself is
test_inputs_conformance.py."""

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u

DT = 0.1 * u.ms


def net64(**kw):
    return bp.Network(dt=DT, precision=64, num_threads=1, **kw)


def still_runs(net, N):
    i = net.i
    net.run(steps=3)
    assert net.i == i + 3
    assert np.all(np.isfinite(N.V.value.mantissa))


# ------------------------------------------------------------------------------------------------
# value generators


def test_constant_input_drives_like_a_persistent_current_until_its_duration():
    """ConstantInput(1, 2000 uA, 5 ms) bound with add_current_input equals a 2 mA current for 50 steps
    (one generator element drives every neuron; its unit is kept), then nothing."""
    net = net64()
    N = net.add(bp.LIF(3, tau=[4, 6, 10] * u.ms, V_th=100 * u.mV))
    gen = bp.ConstantInput(1, 2000 * u.uA, 5 * u.ms)
    N.add_current_input('stim', gen)
    assert N.current_inputs['stim'] is gen
    ref_net = net64()
    R = ref_net.add(bp.LIF(3, tau=[4, 6, 10] * u.ms, V_th=100 * u.mV))
    R.add_current_input('stim', 2 * u.mA)
    out = net.monitor(gen, 'output')
    mV, mR = net.monitor(N, 'V'), ref_net.monitor(R, 'V')
    net.run(steps=50)
    ref_net.run(steps=50)
    assert np.array_equal(mV.values.mantissa, mR.values.mantissa)
    assert out.unit == 'uA' and np.all(out.values.mantissa == 2000)
    net.run(steps=20)
    assert np.all(out.values.mantissa[50:] == 0)
    v = mV.values.mantissa
    assert np.all(np.diff(v[50:], axis=0) < 0)                 # decays once the input stops
    assert np.allclose(gen.output.value.to_decimal(u.mA), 0)


def test_section_and_step_parameters_read_back_after_compile():
    net = net64()
    N = net.add(bp.LIF(2))
    sec = bp.SectionInput(2, [1.0, 2.0, 3.0] * u.mA, [1.0, 2.0, 3.0] * u.ms)
    stp = bp.StepInput(1, [5.0, 1.0] * u.uA, [2.0, 0.5] * u.ms)
    N.add_current_input('sec', sec)
    N.add_current_input('step', stp)
    net.compile()
    assert np.allclose(sec.durations.to_decimal(u.ms), [1, 2, 3])
    assert np.allclose(sec.values.to_decimal(u.mA), [1, 2, 3])
    assert np.allclose(stp.amplitudes.to_decimal(u.uA), [5, 1])
    m = net.monitor(stp, 'output')
    net.run(steps=30)
    vals = m.values.to_decimal(u.uA)[:, 0]
    # sorted by time: 1 uA from 0.5 ms, 5 uA from 2 ms (held)
    assert np.all(vals[:5] == 0) and np.all(vals[5:20] == 1) and np.all(vals[20:] == 5)


def test_ou_process_starts_at_mean_and_is_reset_by_init_all_states():
    net = net64(seed=3)
    N = net.add(bp.LIF(50))
    ou = bp.OUProcessInput(50, 1.0 * u.mA, 0.5 * u.mA, 5 * u.ms, 100 * u.ms)
    N.add_current_input('ou', ou)
    net.compile()
    assert np.all(ou.x.value.to_decimal(u.mA) == 1.0)
    net.run(steps=100)
    x = ou.x.value.to_decimal(u.mA)
    assert not np.all(x == 1.0)
    assert np.array_equal(ou.output.value.to_decimal(u.mA), x)
    net.init_all_states()
    assert np.all(ou.x.value.to_decimal(u.mA) == 1.0)
    ou.x.value = np.full(50, 2.0) * u.mA                       # x is a writable state
    assert np.all(ou.x.value.to_decimal(u.mA) == 2.0)


# ------------------------------------------------------------------------------------------------
# spike generators, PoissonInput


def test_spike_time_is_a_projection_source_and_may_be_empty():
    net = net64()
    st = net.add(bp.SpikeTime(2, [1, 0, 1], [0.3, 0.5, 0.3] * u.ms, weights=[1.0, 2.0, 0.5]))
    empty = net.add(bp.SpikeTime(2, [], []))
    post = net.add(bp.LIF(1, V_th=100 * u.mV))
    proj = net.add(bp.AlignPostProj(pre=st, comm=bp.nn.Linear(2, 1, w_init=1 * u.mS), syn=bp.Expon.desc(1),
                                    out=bp.CUBA.desc(), post=post))
    g = net.monitor(proj, 'g')
    ms, me = net.monitor(st, 'spike'), net.monitor(empty, 'spike')
    rows = []
    net.compile()
    for _ in range(8):
        net.run(steps=1)
        rows.append(st.value.copy())
    rows = np.asarray(rows)
    assert np.array_equal(rows[3], [0, 1.5]) and np.array_equal(rows[5], [2, 0])
    assert np.count_nonzero(rows) == 2
    steps, neurons = ms.events
    assert list(zip(steps, neurons)) == [(3, 1), (5, 0)]
    assert me.count == 0
    gv = g.values.mantissa[:, 0]
    assert np.all(gv[:3] == 0) and gv[3] > 0                    # delivered in the step it is emitted


def test_poisson_input_adds_exact_kicks_to_the_indexed_elements():
    """With freq*dt huge, p = 1 to double precision and every source fires: K = num_input exactly, so
    the kicks are deterministic. Repeated indices add up; elements not listed are untouched."""
    net = net64()
    N = net.add(bp.LIF(4, tau=1e12 * u.ms, V_th=1e6 * u.mV))
    pi = net.add(bp.PoissonInput(N.prefetch('V'), [0, 2, 2], 3, 1e9 * u.Hz, 0.5 * u.mV))
    net.run(steps=4)
    assert np.allclose(N.V.value.to_decimal(u.mV), [6, 0, 12, 0], rtol=0, atol=1e-6)
    assert np.allclose(pi.output.value.to_decimal(u.mV), 1.5)
    # poisson_input(...) with a refractory mask leaves the masked elements alone
    net2 = net64()
    M = net2.add(bp.LIF(4, tau=1e12 * u.ms, V_th=1e6 * u.mV))
    bp.poisson_input(1e9 * u.Hz, 2, 0.25 * u.mV, M.V, refractory=np.array([False, True, False, True]))
    net2.run(steps=2)
    assert np.allclose(M.V.value.to_decimal(u.mV), [1, 0, 1, 0], rtol=0, atol=1e-6)


def _random_network(seed, threads):
    net = bp.Network(dt=DT, precision=32, seed=seed, num_threads=threads)
    N = net.add(bp.LIF(300, tau=10 * u.ms, V_th=5 * u.mV))
    P = net.add(bp.PoissonSpike(200, freqs=np.linspace(5, 400, 200) * u.Hz))
    net.add(bp.AlignPostProj(pre=P, comm=bp.nn.EventFixedProb(200, 300, conn_num=0.1, conn_weight=0.5 * u.mS,
                                                               seed=1),
                             syn=bp.Expon.desc(300), out=bp.CUBA.desc(), post=N))
    N.add_current_input('w', bp.WienerProcessInput(300, 2 * u.mA, 30 * u.ms))
    N.add_current_input('ou', bp.OUProcessInput(1, 3 * u.mA, 1 * u.mA, 2 * u.ms, 30 * u.ms))
    pi = net.add(bp.PoissonInput(N.prefetch('V'), None, 40, 100 * u.Hz, 0.2 * u.mV))
    E = net.add(bp.PoissonEncoder(100))
    E.add_current_input('rate', np.linspace(0, 300, 100) * u.Hz)
    mons = [net.monitor(N, 'spike'), net.monitor(P, 'spike'), net.monitor(E, 'spike'), net.monitor(pi, 'output'),
            net.monitor(N, 'V')]
    return net, mons


def test_random_generators_do_not_depend_on_threads_or_chunking():
    def record(seed, threads, chunks):
        net, mons = _random_network(seed, threads)
        for _ in range(chunks):
            net.run(steps=400 // chunks)
        return [m.raster if isinstance(m, bp.SpikeMonitor) else m.values.mantissa for m in mons]

    a = record(7, 1, 1)
    b = record(7, 2, 8)
    for x, y in zip(a, b):
        assert np.array_equal(x, y)
    assert a[0].sum() > 0 and a[1].sum() > 0 and a[2].sum() > 0
    c = record(8, 1, 1)
    assert not np.array_equal(a[1], c[1])                        # the seed matters


def test_poisson_encoder_takes_rates_as_its_input():
    net = net64(seed=1)
    E = net.add(bp.PoissonEncoder(1000))
    assert not net.step(np.zeros(1000) * u.Hz, pop=E).any()
    n = sum(int(net.step(1 * u.kHz, pop=E).sum()) for _ in range(20))
    p = -np.expm1(-1e3 * 1e-4)
    expected = 20 * 1000 * p
    assert abs(n - expected) < 5 * np.sqrt(expected * (1 - p))
    with pytest.raises(bp.UnitMismatchError, match='PoissonEncoder'):
        net.step(np.ones(1000) * u.mA, pop=E)


# ------------------------------------------------------------------------------------------------
# readout


def test_leaky_rate_readout_reads_a_slice_and_its_weights():
    net = net64()
    st = net.add(bp.SpikeTime(5, [1, 3, 3], [0.0, 0.0, 0.2] * u.ms))
    W = np.arange(6, dtype=np.float64).reshape(3, 2)
    ro = net.add(bp.LeakyRateReadout(3, 2, tau=[2, 4] * u.ms, w_init=W))
    assert ro(st[1:4]) is ro
    net.compile()
    assert np.array_equal(ro.weight.value, W)
    m = net.monitor(ro, 'r')
    net.run(steps=3)
    r = m.values.mantissa
    d = np.exp(-0.1 / np.array([2.0, 4.0]))
    r0 = W[0] + W[2]                      # neurons 1 and 3 of the source = rows 0 and 2
    assert np.allclose(r[0], r0) and np.allclose(r[1], d * r0) and np.allclose(r[2], d * d * r0 + W[2])
    ro.r.value = np.zeros(2)
    assert np.all(ro.r.value.mantissa == 0)


def test_leaky_rate_readout_weight_initializers():
    net = net64(seed=4)
    src = net.add(bp.LIF(400))
    default = net.add(bp.LeakyRateReadout(400, 50))
    fan_out = net.add(bp.LeakyRateReadout(400, 50, w_init=bp.init.KaimingNormal(mode='fan_out')))
    const = net.add(bp.LeakyRateReadout(400, 50, w_init=bp.init.Constant(0.25)))
    for ro in (default, fan_out, const):
        ro(src)
    net.compile()
    w = default.weight.value
    assert w.shape == (400, 50)
    assert abs(w.std() - np.sqrt(2 / 400)) < 0.03 * np.sqrt(2 / 400) and abs(w.mean()) < 4 * np.sqrt(2 / 400 / w.size)
    assert abs(fan_out.weight.value.std() - np.sqrt(2 / 50)) < 0.03 * np.sqrt(2 / 50)
    assert np.all(const.weight.value == 0.25)


# ------------------------------------------------------------------------------------------------
# bad input


BAD = [
    ('section lengths', lambda: bp.SectionInput(3, [1, 2] * u.mA, [5] * u.ms), bp.InvalidArgumentError, 'same length'),
    ('step lengths', lambda: bp.StepInput(3, [1, 2] * u.mA, [5] * u.ms), bp.InvalidArgumentError, 'same length'),
    ('durations unit', lambda: bp.SectionInput(3, [1] * u.mA, [5] * u.mV), bp.UnitMismatchError, 'durations'),
    ('amplitude units differ', lambda: bp.RampInput(3, 1 * u.mA, 2 * u.mV, 10 * u.ms), bp.UnitMismatchError, 'c_end'),
    ('bare amplitude', lambda: bp.ConstantInput(3, 1.0, 10 * u.ms), bp.UnitMismatchError, 'value'),
    ('nan amplitude', lambda: bp.ConstantInput(3, np.nan * u.mA, 10 * u.ms), bp.InvalidArgumentError, 'finite'),
    ('frequency unit', lambda: bp.SinusoidalInput(1, 1 * u.mA, 5 * u.ms, 10 * u.ms), bp.UnitMismatchError, 'frequency'),
    ('amplitude count', lambda: bp.ConstantInput(3, [1, 2] * u.mA, 10 * u.ms), bp.OutOfRangeError, '2 values'),
    ('spike time lengths', lambda: bp.SpikeTime(3, [0, 1], [1.0] * u.ms), bp.InvalidArgumentError, 'indices'),
    ('spike time rounding', lambda: bp.SpikeTime(3, [0], [1.0] * u.ms, time_as_step='up'), bp.InvalidArgumentError,
     'time_as_step'),
    ('spike time index', lambda: bp.SpikeTime(3, [3], [1.0] * u.ms), bp.OutOfRangeError, 'out of bounds'),
    ('spike time weights', lambda: bp.SpikeTime(3, [0, 1], [1.0, 2.0] * u.ms, weights=[1.0]), bp.InvalidArgumentError,
     'weights'),
    ('spike time unit', lambda: bp.SpikeTime(3, [0], [1.0] * u.mV), bp.UnitMismatchError, 'times'),
    ('poisson negative rate', lambda: net64().add(bp.PoissonSpike(3, -1 * u.Hz)), bp.BrainpyStateError, 'freqs'),
    ('readout in_size', lambda: bp.LeakyRateReadout(0, 2), bp.InvalidArgumentError, 'in_size'),
    ('readout weights shape', lambda: bp.LeakyRateReadout(4, 2, w_init=np.zeros((2, 4))), bp.OutOfRangeError, 'shape'),
    ('readout of a value generator', lambda: bp.LeakyRateReadout(3, 1)(bp.ConstantInput(3, 1 * u.mA, 1 * u.ms)),
     bp.ElementTypeError, 'reads spikes'),
    ('poisson_input num_input', lambda: bp.PoissonInput(bp.LIF(2).prefetch('V'), None, -1, 1 * u.Hz, 1 * u.mV),
     bp.InvalidArgumentError, 'num_input'),
    ('poisson_input target', lambda: bp.PoissonInput(3, None, 1, 1 * u.Hz, 1 * u.mV), bp.ElementTypeError, 'target'),
]


@pytest.mark.parametrize('label,make,exc,text', BAD, ids=[b[0] for b in BAD])
def test_bad_construction(label, make, exc, text):
    with pytest.raises(exc, match=text):
        make()


def test_bad_bindings_leave_the_network_usable():
    net = net64()
    N = net.add(bp.LIF(3))
    N.add_current_input('a', 1 * u.mA)
    cases = [
        (lambda: N.add_current_input('g', bp.ConstantInput(3, 1 * u.mV, 10 * u.ms)), bp.UnitMismatchError, 'produces values in mV'),
        (lambda: N.add_current_input('g', bp.ConstantInput(2, 1 * u.mA, 10 * u.ms)), bp.OutOfRangeError, '2 elements'),
        (lambda: N.add_current_input('a', bp.ConstantInput(3, 1 * u.mA, 10 * u.ms)), bp.InvalidArgumentError,
         'has been defined'),
        (lambda: net.add(bp.PoissonInput(N.prefetch('V'), None, 10, 10 * u.Hz, 1 * u.mA)), bp.UnitMismatchError,
         'state V'),
        (lambda: net.add(bp.PoissonInput(N.prefetch('Q'), None, 10, 10 * u.Hz, 1 * u.mV)), bp.UnknownNameError, 'Q'),
        (lambda: net.add(bp.PoissonInput(N.prefetch('V'), [0, 3], 10, 10 * u.Hz, 1 * u.mV)), bp.OutOfRangeError,
         'out of range'),
        (lambda: net.add(bp.PoissonInput(bp.LIF(3).prefetch('V'), None, 10, 10 * u.Hz, 1 * u.mV)), bp.BadStateError,
         'not part of this network'),
        (lambda: bp.LeakyRateReadout(4, 2)(N), bp.OutOfRangeError, 'in_size is 4'),
        (lambda: net.add(bp.AlignPostProj(pre=N, comm=bp.nn.Linear(3, 3, w_init=1 * u.mS), syn=bp.Expon.desc(3),
                                          out=bp.CUBA.desc(), post=net.add(bp.PoissonSpike(3, 10 * u.Hz)))),
         bp.InvalidArgumentError, 'post must be a neuron'),
    ]
    for make, exc, text in cases:
        with pytest.raises(exc, match=text):
            make()
    # only the populations that were added on purpose are there (a refused PoissonInput left nothing)
    assert [type(p).__name__ for p in net.populations] == ['LIF', 'PoissonSpike']
    still_runs(net, N)
    with pytest.raises(bp.BadStateError):
        N.add_current_input('late', bp.ConstantInput(3, 1 * u.mA, 10 * u.ms))
    with pytest.raises(bp.InvalidArgumentError, match='steps must be >= 0'):
        bad = net64()
        bad.add(bp.SpikeTime(3, [0], [-1.0] * u.ms))
        bad.compile()
