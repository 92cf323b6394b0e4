"""Conformance against the brainpy.state 2.9.0 golden fixtures in fixtures/reference.

Spikes must be identical; states agree within 1e-4 (float32) and 1e-9 (float64) with the error
|ours - ref| / max(|ref|, 1). The max error of every fixture is printed (pytest -s or -rA).
"""

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u

from conftest import load_fixture

TOL = {32: 1e-4, 64: 1e-9}
DT = 0.1 * u.ms


def rel_err(ours, ref):
    ours = np.asarray(ours, dtype=np.float64)
    ref = np.asarray(ref, dtype=np.float64)
    assert ours.shape == ref.shape, (ours.shape, ref.shape)
    return float(np.max(np.abs(ours - ref) / np.maximum(np.abs(ref), 1.0))) if ref.size else 0.0


def q(entry, dtype):
    """A meta parameter entry {'value', 'unit'} -> Quantity (arrays in the run's float dtype)."""
    v = entry['value']
    return np.asarray(v, dtype=dtype) * u.Unit(entry['unit']) if isinstance(v, list) else float(dtype(v)) * u.Unit(entry['unit'])


def compare_spikes(name, ours, ref, V=None):
    """Spikes must be identical; on a mismatch name the fixture, step, neuron and (if given as
    V=(ours, ref)) the membrane potentials there."""
    ours = np.asarray(ours, dtype=bool)
    ref = np.asarray(ref, dtype=bool)
    assert ours.shape == ref.shape
    if not np.array_equal(ours, ref):
        n, k = np.argwhere(ours != ref)[0]
        extra = ''
        if V is not None:
            extra = (f'; V at that step ours {float(V[0][n, k])!r} mV, reference {float(V[1][n, k])!r} mV'
                     + (f', previous step ours {float(V[0][n - 1, k])!r}, reference {float(V[1][n - 1, k])!r}'
                        if n > 0 else ''))
        pytest.fail(f'{name}: spikes differ first at step {n}, neuron {k}: ours {int(ours[n, k])}, '
                    f'reference {int(ref[n, k])} ({int(np.sum(ours != ref))} entries differ){extra}')


def check_states(name, precision, pairs):
    """pairs: {label: (ours, ref)}; prints and asserts the max error."""
    errs = {k: rel_err(a, b) for k, (a, b) in pairs.items()}
    worst = max(errs.values())
    print(f'\n[conformance] {name}: max error {worst:.3g} ('
          + ', '.join(f'{k} {v:.3g}' for k, v in errs.items()) + f'); tolerance {TOL[precision]:g}')
    for k, e in errs.items():
        if e > TOL[precision]:
            ours, ref = pairs[k]
            diff = np.abs(np.asarray(ours, float) - np.asarray(ref, float)) / np.maximum(np.abs(np.asarray(ref, float)), 1)
            idx = np.unravel_index(int(np.argmax(diff)), diff.shape)
            first = np.argwhere(diff > TOL[precision])[0]
            pytest.fail(f'{name}: {k} error {e:.3g} > {TOL[precision]:g}; worst at {idx}: ours '
                        f'{np.asarray(ours)[idx]!r}, ref {np.asarray(ref)[idx]!r}; first above tolerance at '
                        f'{tuple(first)}: ours {np.asarray(ours)[tuple(first)]!r}, ref {np.asarray(ref)[tuple(first)]!r}')


# ------------------------------------------------------------------------------------------------
# single neurons, driven step by step through the closed-loop call

@pytest.mark.parametrize('precision', [32, 64])
@pytest.mark.parametrize('reset', ['soft', 'hard'])
@pytest.mark.parametrize('model', ['IF', 'LIF', 'LIFRef'])
def test_neuron_fixture(model, reset, precision):
    name = f'neuron_{model}_{reset}_f{precision}'
    z, meta = load_fixture(name)
    ft = np.float32 if precision == 32 else np.float64
    params = {k: q(v, ft) for k, v in meta['model']['params'].items() if k != 'V0'}
    N_size = meta['model']['N']
    net = bp.Network(dt=DT, precision=precision, num_threads=1)
    N = net.add(getattr(bp, model)(N_size, spk_reset=reset, **params))
    monV = net.monitor(N, 'V')
    monL = net.monitor(N, 'last_spike_time') if model == 'LIFRef' else None
    net.compile()
    N.V.value = z['V0'] * u.mV                      # brainpy.state's initial V via the state setter
    x = np.ascontiguousarray(z['x'])
    steps = x.shape[0]
    spikes = np.zeros((steps, N_size), dtype=bool)
    for n in range(steps):
        spikes[n] = net.step(x[n], unit='mA')       # x[n]: this step's one-shot input current (closed loop)
    V = monV.values.to_decimal(u.mV)
    assert monV.values.shape == (steps, N_size)
    compare_spikes(name, spikes, z['spike'], V=(V, z['V']))
    pairs = {'V': (V, z['V'])}
    if monL is not None:
        pairs['last_spike_time'] = (monL.values.to_decimal(u.ms), z['last_spike_time'])
    check_states(name, precision, pairs)
    assert net.i == steps


# ------------------------------------------------------------------------------------------------
# small explicit networks (Linear comm in the reference; here SparseLinear from pre_/post_/weight_ and
# dense Linear from W_)

@pytest.mark.parametrize('precision', [32, 64])
@pytest.mark.parametrize('comm', ['sparse', 'dense'])
@pytest.mark.parametrize('fixture', ['net_coba', 'net_cuba', 'net_coba_delay'])
def test_net_fixture(fixture, comm, precision):
    name = f'{fixture}_f{precision}'
    z, meta = load_fixture(name)
    ft = np.float32 if precision == 32 else np.float64
    model = meta['model']
    p = {k: q(v, ft) for k, v in model['neurons']['params'].items() if k != 'V0'}
    N_size = model['neurons']['N']
    net = bp.Network(dt=DT, precision=precision, num_threads=1)
    N = net.add(bp.LIFRef(N_size, spk_reset=model['neurons']['spk_reset'], **p))
    projs = {}
    for lab in ('E', 'I'):
        pm = model['projections'][lab]
        a, b = pm['pre']
        n_pre = b - a
        if comm == 'sparse':
            c = bp.nn.SparseLinear((z[f'pre_{lab}'], z[f'post_{lab}'], z[f'weight_{lab}'] * u.mS))
        else:
            c = bp.nn.Linear(n_pre, N_size, w_init=z[f'W_{lab}'] * u.mS, b_init=None)
        out = (bp.COBA.desc(E=q(pm['out']['E'], ft)) if pm['out']['class'] == 'COBA'
               else bp.CUBA.desc(scale=q(pm['out']['scale'], ft)))
        delay = None if pm['delay'] is None else pm['delay']['value'] * u.Unit(pm['delay']['unit'])
        projs[lab] = net.add(bp.AlignPostProj(pre=N[a:b], comm=c, syn=bp.Expon.desc(N_size, tau=q(pm['syn']['tau'], ft)),
                                              out=out, post=N, delay=delay))
    N.add_current_input('x', z['x'] * u.mA)
    mS = net.monitor(N, 'spike')
    mV = net.monitor(N, 'V')
    mL = net.monitor(N, 'last_spike_time')
    mg = {lab: net.monitor(projs[lab], 'g') for lab in projs}
    net.compile()
    N.V.value = z['V0'] * u.mV
    steps = meta['steps']
    net.run(steps=steps)
    assert net.i == steps
    compare_spikes(name + f' ({comm})', mS.raster, z['spike'], V=(mV.values.mantissa, z['V']))
    check_states(f'{name} ({comm})', precision, {
        'V': (mV.values.to_decimal(u.mV), z['V']),
        'last_spike_time': (mL.values.to_decimal(u.ms), z['last_spike_time']),
        'g_E': (mg['E'].values.to_decimal(u.mS), z['g_E']),
        'g_I': (mg['I'].values.to_decimal(u.mS), z['g_I']),
    })
    # the coupling matters: the uncoupled reference differs
    assert not np.array_equal(mS.raster, z['spike_uncoupled'].astype(bool))


@pytest.mark.parametrize('precision', [32, 64])
@pytest.mark.parametrize('comm', ['dense', 'sparse'])
def test_expon_fixture(comm, precision):
    name = f'expon_f{precision}'
    z, meta = load_fixture(name)
    ft = np.float32 if precision == 32 else np.float64
    mp = meta['model']['params']
    kw = {k: q(v, ft) for k, v in mp.items() if k != 'V0'}
    net = bp.Network(dt=DT, precision=precision, num_threads=1)
    pre = net.add(bp.LIF(4, **kw))
    post = net.add(bp.LIF(3, **kw))
    projs = {}
    for lab, pm in meta['model']['projections'].items():
        W = z['W_' + lab]
        if comm == 'dense':
            c = bp.nn.Linear(4, 3, w_init=W * u.mS, b_init=None)
        else:
            i, j = np.nonzero(np.ones_like(W))            # every entry (zeros included), like a dense matrix
            c = bp.nn.SparseLinear((i, j, W[i, j] * u.mS), shape=(4, 3))
        projs[lab] = net.add(bp.AlignPostProj(pre=pre, comm=c, syn=bp.Expon.desc(3, tau=q(pm['syn']['tau'], ft)),
                                              out=bp.CUBA.desc(), post=post))
    pre.add_current_input('x', z['x_pre'] * u.mA)
    post.add_current_input('x', z['x_post'] * u.mA)
    mons = {'V_pre': net.monitor(pre, 'V'), 'V_post': net.monitor(post, 'V')}
    spk = {'spike_pre': net.monitor(pre, 'spike'), 'spike_post': net.monitor(post, 'spike')}
    g = {lab: net.monitor(p, 'g') for lab, p in projs.items()}
    net.compile()
    pre.V.value = q(mp['V0'], ft)
    post.V.value = q(mp['V0'], ft)
    net.run(meta['steps'] * DT)
    for k, m in spk.items():
        v = 'V_' + k.split('_')[1]
        compare_spikes(f'{name} ({comm}) {k}', m.raster, z[k], V=(mons[v].values.mantissa, z[v]))
    pairs = {k: (m.values.to_decimal(u.mV), z[k]) for k, m in mons.items()}
    pairs.update({f'g_{lab}': (m.values.to_decimal(u.mS), z['g_' + lab]) for lab, m in g.items()})
    check_states(f'{name} ({comm})', precision, pairs)


def test_eventfixedprob_indices():
    z, meta = load_fixture('eventfixedprob_indices')
    for case in meta['cases']:
        k, seed, n_pre, n_post, conn_num = case['k'], case['seed'], case['n_pre'], case['n_post'], case['conn_num']
        conn_num = float(conn_num) if case['conn_num_type'] == 'float' else int(conn_num)
        net = bp.Network(dt=DT)
        A = net.add(bp.IF(n_pre))
        B = net.add(bp.IF(n_post))
        comm = bp.nn.EventFixedProb(n_pre, n_post, conn_num, 0.6 * u.mS, seed=seed)
        proj = net.add(bp.AlignPostProj(pre=A, comm=comm, syn=bp.Expon.desc(n_post), out=bp.CUBA.desc(), post=B))
        net.compile()
        ref = z[f'indices_{k}']
        assert comm.conn_num == case['K']
        assert comm.indices.shape == ref.shape, (k, comm.indices.shape, ref.shape)
        assert np.array_equal(comm.indices, ref), f'case {k}: EventFixedProb indices differ from the reference'
        assert np.array_equal(comm.conn.indices, ref)
        pre, post, w = proj.connections()
        assert np.array_equal(pre, np.repeat(np.arange(n_pre), case['K']))
        assert np.allclose(w.to_decimal(u.mS), 0.6)
        net.close()
    print(f'\n[conformance] eventfixedprob_indices: {len(meta["cases"])} cases identical')


# ------------------------------------------------------------------------------------------------
# the COBA network of example 103

def _coba_events(regime, precision):
    z, meta = load_fixture(f'coba_{regime}_f{precision}')
    scale = 1.0 if regime == 'example' else 1000.0
    net = bp.Network(dt=DT, precision=precision, seed=int(z['seed_V']))
    N = net.add(bp.LIFRef(4000, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=20. * u.ms,
                          tau_ref=5. * u.ms, V_initializer=bp.init.Normal(-55., 2., unit=u.mV)))
    net.add(bp.AlignPostProj(
        pre=N[:3200], comm=bp.nn.EventFixedProb(3200, 4000, conn_num=0.02, conn_weight=0.6 * scale * u.mS,
                                                seed=int(z['seed_E'])),
        syn=bp.Expon.desc(4000, tau=5. * u.ms), out=bp.COBA.desc(E=0. * u.mV), post=N))
    net.add(bp.AlignPostProj(
        pre=N[3200:], comm=bp.nn.EventFixedProb(800, 4000, conn_num=0.02, conn_weight=6.7 * scale * u.mS,
                                                seed=int(z['seed_I'])),
        syn=bp.Expon.desc(4000, tau=10. * u.ms), out=bp.COBA.desc(E=-80. * u.mV), post=N))
    N.add_current_input('input', 20. * u.mA)
    mon = net.monitor(N, 'spike')
    net.compile()
    N.V.value = z['V0'] * u.mV
    net.run(1000. * u.ms)
    steps, neurons = mon.events
    order = np.lexsort((neurons, steps))
    return steps[order], neurons[order], z, meta


def _first_divergence(s1, n1, s2, n2, total_steps):
    m = min(len(s1), len(s2))
    diff = np.nonzero((s1[:m] != s2[:m]) | (n1[:m] != n2[:m]))[0]
    if diff.size:
        k = diff[0]
        return int(min(s1[k], s2[k]))
    if len(s1) != len(s2):
        return int(s1[m] if len(s1) > m else s2[m])
    return total_steps


@pytest.mark.parametrize('precision', [32, 64])
@pytest.mark.parametrize('regime', ['example', 'brette'])
def test_coba_network(regime, precision):
    steps, neurons, z, meta = _coba_events(regime, precision)
    rs, rn = z['spike_step'].astype(np.int64), z['spike_index'].astype(np.int64)
    total = meta['steps']
    first = _first_divergence(steps, neurons, rs, rn, total)
    identical_ms = first * 0.1
    rE = np.count_nonzero(neurons < 3200) / 3200 / 1.0
    rI = np.count_nonzero(neurons >= 3200) / 800 / 1.0
    rates, rmeta = load_fixture('coba_rates')
    suf = '' if precision == 32 else '_f64'
    stats = rmeta['rates']
    eM, eS = stats[f'{regime}_E_rate{suf}']['mean'], stats[f'{regime}_E_rate{suf}']['sd']
    iM, iS = stats[f'{regime}_I_rate{suf}']['mean'], stats[f'{regime}_I_rate{suf}']['sd']
    print(f'\n[conformance] coba_{regime}_f{precision}: spike trains identical for {identical_ms:.1f} ms of 1000 ms '
          f'(first difference at step {first}); ours {len(steps)} spikes, reference {len(rs)}; '
          f'rates E {rE:.3f} Hz (ref {eM:.3f} ± {eS:.3f}, this seed {meta["rate_E_Hz"]:.3f}), '
          f'I {rI:.3f} Hz (ref {iM:.3f} ± {iS:.3f}, this seed {meta["rate_I_Hz"]:.3f})')
    if precision == 64:
        assert identical_ms >= 100.0, f'coba_{regime}_f64: spike trains differ at step {first} (< 100 ms)'
    assert abs(rE - eM) <= 4 * eS, f'E rate {rE:.3f} Hz outside {eM:.3f} ± 4*{eS:.3f}'
    assert abs(rI - iM) <= 4 * iS, f'I rate {rI:.3f} Hz outside {iM:.3f} ± 4*{iS:.3f}'
