"""The batch axis of a network (brainstate's ``init_all_states(net, batch_size=B)``): shapes, row 0 and
per-row inputs equal unbatched networks bit for bit, broadcast of [N] inputs and states, thread and
chunking independence, and errors that leave the network as it was."""

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u

DT = 0.1 * u.ms
N_EXC, N_INH = 80, 20
NUM = N_EXC + N_INH
B = 3
STEPS = 200


def coba(batch_size=0, random=True, ext=20. * u.mA, num_threads=1, seed=3):
    """brainpy.state example 103's network (scaled down), with a Poisson input when random."""
    net = bp.Network(dt=DT, seed=seed, num_threads=num_threads, batch_size=batch_size)
    V0 = bp.init.Normal(-55., 2., unit=u.mV) if random else bp.init.Constant(-60. * u.mV)
    N = net.add(bp.LIFRef(NUM, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=20. * u.ms,
                          tau_ref=5. * u.ms, V_initializer=V0))
    E = net.add(bp.AlignPostProj(
        pre=N[:N_EXC], comm=bp.nn.EventFixedProb(N_EXC, NUM, conn_num=0.1, conn_weight=0.6 * u.mS, seed=1),
        syn=bp.Expon.desc(NUM, tau=5. * u.ms), out=bp.COBA.desc(E=0. * u.mV), post=N))
    net.add(bp.AlignPostProj(
        pre=N[N_EXC:], comm=bp.nn.EventFixedProb(N_INH, NUM, conn_num=0.1, conn_weight=6.7 * u.mS, seed=2),
        syn=bp.Expon.desc(NUM, tau=10. * u.ms), out=bp.COBA.desc(E=-80. * u.mV), post=N))
    if random:
        P = net.add(bp.PoissonSpike(40, freqs=20 * u.Hz))
        net.add(bp.AlignPostProj(
            pre=P, comm=bp.nn.EventFixedProb(40, NUM, conn_num=0.2, conn_weight=2. * u.mS, seed=4),
            syn=bp.Expon.desc(NUM, tau=5. * u.ms), out=bp.COBA.desc(E=0. * u.mV), post=N))
    N.add_current_input('ext', ext)
    spikes = net.monitor(N, 'spike')
    volts = net.monitor(N, 'V', indices=[0, 7, 90])
    return net, N, E, spikes, volts


def V(N):
    return N.V.value.to_decimal(u.mV)


def test_brainpy_state_style_usage():
    net = bp.Network(dt=DT, seed=0, batch_size=4)
    N = net.add(bp.LIF(10, tau=10 * u.ms, V_initializer=bp.init.Uniform(-70., -50., unit=u.mV)))
    N.add_current_input('ext', 25. * u.mA)
    mon = net.monitor(N, 'V')
    net.run(5 * u.ms)
    assert net.batch_size == 4
    assert N.V.value.to_decimal(u.mV).shape == (4, 10)
    assert N.spike.shape == (4, 10)
    assert mon.values.to_decimal(u.mV).shape == (50, 4, 10)
    assert net.monitor(N, 'spike').raster.shape == (0, 4, 10)
    unbatched = bp.Network(dt=DT, seed=0)
    assert unbatched.batch_size == 0


def test_init_all_states_batch_size():
    net, N, E, spikes, volts = coba()
    net.init_all_states(batch_size=B)
    assert net.batch_size == B and V(N).shape == (B, NUM)
    assert E.syn.g.value.to_decimal(u.mS).shape == (B, NUM)
    net.init_all_states(batch_size=B)                     # the same size again is fine
    with pytest.raises(bp.errors.BadStateError, match='batch_size'):
        net.init_all_states(batch_size=2)
    assert net.batch_size == B


def test_row0_reproduces_unbatched_and_rows_differ():
    ref, Nr, _, sr, vr = coba()
    net, N, _, s, v = coba(batch_size=B)
    assert np.array_equal(V(N)[0], V(Nr))
    assert not np.array_equal(V(N)[1], V(N)[0]) and not np.array_equal(V(N)[2], V(N)[1])
    ref.run(STEPS * DT)
    net.run(STEPS * DT)
    assert np.array_equal(V(N)[0], V(Nr))
    assert np.array_equal(N.spike[0], Nr.spike)
    values = v.values.to_decimal(u.mV)
    assert values.shape == (STEPS, B, 3)
    assert np.array_equal(values[:, 0], vr.values.to_decimal(u.mV))
    raster = s.raster
    assert raster.shape == (STEPS, B, NUM)
    assert np.array_equal(raster[:, 0], sr.raster)
    assert raster[:, 1].sum() > 0 and not np.array_equal(raster[:, 1], raster[:, 0])
    steps, neurons = s.events
    rows = s.event_rows
    assert rows.shape == steps.shape and set(np.unique(rows)) == {0, 1, 2}
    ref_steps, ref_neurons = sr.events
    assert np.array_equal(steps[rows == 0], ref_steps) and np.array_equal(neurons[rows == 0], ref_neurons)
    assert np.array_equal(s.times.to_decimal(u.ms), sr.times.to_decimal(u.ms))


def test_rows_equal_unbatched_networks_given_their_inputs():
    inputs = (12. + 5. * np.arange(B)[:, None] + 0.02 * np.arange(NUM)[None, :])
    net, N, _, s, v = coba(batch_size=B, random=False, ext=inputs * u.mA)
    net.run(STEPS * DT)
    for r in range(B):
        ref, Nr, _, sr, vr = coba(random=False, ext=inputs[r] * u.mA)
        ref.run(STEPS * DT)
        assert np.array_equal(V(N)[r], V(Nr)), r
        assert np.array_equal(v.values.to_decimal(u.mV)[:, r], vr.values.to_decimal(u.mV)), r
        assert np.array_equal(s.raster[:, r], sr.raster), r


def test_broadcast_of_n_inputs_and_states():
    net, N, E, s, v = coba(batch_size=B, random=False)
    v0 = np.linspace(-70., -52., NUM)
    N.V.value = v0 * u.mV                                  # [N]: every row
    assert np.array_equal(V(N), np.tile(v0.astype(np.float32), (B, 1)))
    per_row = np.stack([v0 - r for r in range(B)])
    N.V.value = per_row * u.mV                             # [B, N]: row by row
    assert np.array_equal(V(N), per_row.astype(np.float32))
    E.syn.g.value = np.full((B, NUM), 0.5) * u.mS
    assert np.allclose(E.syn.g.value.to_decimal(u.mS), 0.5)
    # a broadcast state and input make every row alike
    N.V.value = -60. * u.mV
    N.set_current_input('ext', np.full(NUM, 20.) * u.mA)
    net.init_all_states()
    net.run(50 * DT)
    assert np.array_equal(V(N)[0], V(N)[1]) and np.array_equal(V(N)[0], V(N)[2])


def test_threads_chunking_and_step():
    one, N1, _, s1, _ = coba(batch_size=B, num_threads=1)
    two, N2, _, s2, _ = coba(batch_size=B, num_threads=2)
    chunked, N3, _, s3, _ = coba(batch_size=B, num_threads=1)
    one.run(STEPS * DT)
    two.run(STEPS * DT)
    for _ in range(STEPS):
        chunked.run(DT)
    assert np.array_equal(V(N1), V(N2)) and np.array_equal(V(N1), V(N3))
    assert np.array_equal(s1.raster, s2.raster) and np.array_equal(s1.raster, s3.raster)
    kick = (np.arange(B * NUM).reshape(B, NUM) % 7) * 3.
    out = one.step(kick * u.mA, pop=N1)
    assert out.shape == (B, NUM)
    N2.add_current_input_once(kick * u.mA)
    two.run(DT)
    assert np.array_equal(out, N2.spike)
    broadcast = one.step(np.full(NUM, 1.), pop=N1, unit='mA')
    assert broadcast.shape == (B, NUM)


def test_errors_leave_the_network_unchanged():
    with pytest.raises(bp.errors.InvalidArgumentError, match='batch_size'):
        bp.Network(dt=DT, batch_size=-1)
    with pytest.raises(bp.errors.ElementTypeError, match='batch_size'):
        bp.Network(dt=DT, batch_size=2.5)
    net, N, E, s, v = coba(batch_size=B)
    net.compile()
    before = V(N).copy()
    with pytest.raises(bp.errors.OutOfRangeError, match='batch_size'):
        N.V.value = np.full((2, NUM), -70.) * u.mV
    with pytest.raises(bp.errors.OutOfRangeError, match='batch_size'):
        N.set_current_input('ext', np.full((2, NUM), 1.) * u.mA)
    with pytest.raises(bp.errors.OutOfRangeError, match='batch_size'):
        N.add_current_input_once(np.full((B + 1, NUM), 1.) * u.mA)
    with pytest.raises(bp.errors.OutOfRangeError, match='batch_size'):
        E.syn.g.value = np.zeros((2, NUM)) * u.mS
    with pytest.raises(bp.errors.OutOfRangeError, match='batch_size'):
        net.step(np.zeros((2, NUM)), pop=N, unit='mA')
    with pytest.raises(bp.errors.BadStateError, match='batch_size'):
        net.init_all_states(batch_size=B + 1)
    assert np.array_equal(V(N), before) and net.i == 0 and net.batch_size == B
    # a [B', N] input given before compile must match the batch size at compile
    net2, N2, _, _, _ = coba(random=False, ext=np.ones((2, NUM)) * u.mA)
    with pytest.raises(bp.errors.OutOfRangeError, match='batch_size'):
        net2.init_all_states(batch_size=B)
    assert not net2.is_compiled


@pytest.mark.parametrize('dtype', [np.float64, np.float32])
def test_refused_step_input_leaves_every_row_as_it_was(dtype):
    """Each row's step input is written and checked in one pass: a NaN in the last row is refused
    after the rows before it were written, and those are undone, so every row then runs as in a
    network that never saw the input. A one-shot current given before the step still adds."""
    net, N, _, _, _ = coba(batch_size=B, random=False)
    ref, Nr, _, _, _ = coba(batch_size=B, random=False)
    x = np.full((B, NUM), 30.0, dtype=dtype)
    x[B - 1, 5] = np.nan
    flat = (B - 1) * NUM + 5
    with pytest.raises(bp.InvalidArgumentError, match=f'element {flat}'):
        net.step(x, pop=N, unit='mA')
    with pytest.raises(bp.InvalidArgumentError, match=f'element {flat}'):
        net.stepper(N, out=N, unit='mA')(x)
    for _ in range(3):
        assert np.array_equal(net.step(), ref.step())
    assert np.array_equal(V(N), V(Nr))
    N.add_current_input_once(10 * u.mA)
    a = net.step(np.full((B, NUM), 20.0, dtype=dtype), pop=N, unit='mA')
    b = ref.step(np.full((B, NUM), 30.0, dtype=dtype), pop=Nr, unit='mA')
    assert np.array_equal(a, b) and np.array_equal(V(N), V(Nr))
    quiet, Nq, _, _, _ = coba(batch_size=B, random=False)
    for _ in range(4):
        quiet.step()
    assert not np.array_equal(V(N), V(Nq))
