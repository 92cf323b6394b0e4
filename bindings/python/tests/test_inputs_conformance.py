"""Conformance of the input generators and LeakyRateReadout with brainpy.state 2.9.0.

Deterministic generators (fixtures inputs_signals_f32/_f64): every output, the LIF each one drives,
SpikeTime with the three roundings and two readouts with given weights; spikes identical, values
within 1e-4 (float32) / 1e-9 (float64) of |ours - ref| / max(|ref|, 1).

Random generators (fixture inputs_stats): the engine does not reproduce JAX's stream, so the
statistics are compared: for each statistic, the mean over 10 engine seeds and the mean over the
reference's 10 seeds must agree within 4 standard errors (z = diff / sqrt(se_ours² + se_ref²)).
The z-scores are printed (pytest -s).
"""

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u

from conftest import load_fixture
from test_conformance import TOL, check_states, compare_spikes

DT = 0.1 * u.ms


def q(entry, dtype):
    v = entry['value']
    unit = u.Unit(entry['unit'])
    return (np.asarray(v, dtype=dtype) if isinstance(v, list) else float(dtype(v))) * unit


@pytest.mark.parametrize('precision', [32, 64])
def test_signal_generators(precision):
    name = f'inputs_signals_f{precision}'
    z, meta = load_fixture(name)
    ft = np.float32 if precision == 32 else np.float64
    model = meta['model']
    net = bp.Network(dt=DT, precision=precision, num_threads=1)
    gens, pops, mons = {}, {}, {}
    for key, spec in model['signals'].items():
        params = {k: q(v, ft) for k, v in spec['params'].items()}
        gens[key] = getattr(bp, spec['class'])(spec['in_size'], **params)
        pops[key] = net.add(bp.LIF(model['lif']['N'], tau=q(model['lif']['tau'], ft)))
        pops[key].add_current_input('stim', gens[key])
        mons[key] = (net.monitor(gens[key], 'output'), net.monitor(pops[key], 'V'), net.monitor(pops[key], 'spike'))
    ev = model['spike_time']
    times = np.asarray(ev['times'], dtype=ft) * u.ms
    sts = {mode: net.add(bp.SpikeTime(ev['in_size'], ev['indices'], times,
                                      weights=np.asarray(ev['weights'], dtype=ft) if mode == 'round' else 1.0,
                                      time_as_step=mode))
           for mode in ('round', 'floor', 'ceil')}
    st_mons = {mode: net.monitor(g, 'spike') for mode, g in sts.items()}
    rs, rl = model['readout_spk'], model['readout_lif']
    ro_spk = net.add(bp.LeakyRateReadout(rs['in_size'], rs['out_size'], tau=q(rs['tau'], ft), w_init=z['W_spk']))
    ro_spk(sts['round'])
    ro_lif = net.add(bp.LeakyRateReadout(rl['in_size'], rl['out_size'], tau=q(rl['tau'], ft), w_init=z['W_lif']))
    ro_lif(pops['section'])
    m_spk, m_lif = net.monitor(ro_spk, 'r'), net.monitor(ro_lif, 'r')
    # SpikeTime's weighted row, recorded as the 'spike' state step by step
    rows = {mode: [] for mode in sts}
    steps = meta['steps']
    net.compile()
    for _ in range(steps):
        net.run(steps=1)
        for mode, g in sts.items():
            rows[mode].append(g.value)
    pairs = {}
    for key in gens:
        out, V, spk = mons[key]
        compare_spikes(f'{name} {key}', spk.raster, z[key + '_spike'], V=(V.values.mantissa, z[key + '_V']))
        pairs[key + '_out'] = (out.values.to_decimal(u.mA), z[key + '_out'])
        pairs[key + '_V'] = (V.values.to_decimal(u.mV), z[key + '_V'])
    for mode in sts:
        ours = np.asarray(rows[mode])
        assert np.array_equal(ours != 0, z['spiketime_' + mode] != 0), mode
        assert np.array_equal(st_mons[mode].raster, z['spiketime_' + mode] != 0), mode
        pairs['spiketime_' + mode] = (ours, z['spiketime_' + mode])
    pairs['readout_spk_r'] = (m_spk.values.mantissa, z['readout_spk_r'])
    pairs['readout_lif_r'] = (m_lif.values.mantissa, z['readout_lif_r'])
    check_states(name, precision, pairs)
    assert np.array_equal(ro_spk.weight.value, z['W_spk'].astype(np.float64))


# ------------------------------------------------------------------------------------------------
# statistics of the random generators

SEEDS = range(100, 110)


def _stats_for_seed(seed, meta, precision):
    """The fixture's statistics (see tools/reference/inputs_fixtures.py) from one engine run."""
    net = bp.Network(dt=DT, seed=seed, precision=precision)
    steps = meta['steps']
    f_lo, f_hi = meta['poisson_freqs']
    poisson = net.add(bp.PoissonSpike(1000, freqs=np.repeat([f_lo, f_hi], 500) * u.Hz))
    encoder = net.add(bp.PoissonEncoder(500))
    wn = meta['wiener']
    wiener = net.add(bp.WienerProcessInput(wn['n'], wn['sigma'] * u.mA, wn['duration'] * u.ms))
    target = net.add(bp.LIF(500))
    kicks = {}
    for k, c in meta['poisson_inputs'].items():
        kicks[k] = net.add(bp.PoissonInput(target.prefetch('V'), None, c['num_input'], c['freq_Hz'] * u.Hz,
                                           c['weight_mV'] * u.mV))
    m_poisson, m_encoder = net.monitor(poisson, 'spike'), net.monitor(encoder, 'spike')
    m_wiener = net.monitor(wiener, 'output')
    m_kicks = {k: net.monitor(g, 'output') for k, g in kicks.items()}
    rates = meta['encoder_rates']
    block = steps // len(rates)
    for f in rates:
        encoder.add_current_input('rate', f * u.Hz) if f == rates[0] else encoder.set_current_input('rate', f * u.Hz)
        net.run(steps=block)
    out = {}
    spikes = m_poisson.raster.astype(np.float64)
    for k, f in enumerate((f_lo, f_hi)):
        out[f'poisson_rate_{int(f)}Hz'] = spikes[:, 500 * k:500 * (k + 1)].mean() / 1e-4
    enc = m_encoder.raster.astype(np.float64)
    for k, f in enumerate(rates):
        out[f'encoder_rate_{int(f)}Hz'] = enc[block * k:block * (k + 1)].mean() / 1e-4
    w = m_wiener.values.to_decimal(u.mA).astype(np.float64)
    inside = int(round(wn['duration'] / 0.1))
    assert np.all(w[inside:] == 0)
    out['wiener_mean'], out['wiener_var'] = w[:inside].mean(), w[:inside].var()
    for k, m in m_kicks.items():
        v = m.values.to_decimal(u.mV).astype(np.float64)
        out[f'poisson_input_{k}_mean'], out[f'poisson_input_{k}_var'] = v.mean(), v.var()

    ou_meta = meta['ou']
    net2 = bp.Network(dt=DT, seed=seed, precision=precision)
    ou = net2.add(bp.OUProcessInput(ou_meta['n'], ou_meta['mean'] * u.mA, ou_meta['sigma'] * u.mA,
                                    ou_meta['tau'] * u.ms, ou_meta['duration'] * u.ms))
    m_ou = net2.monitor(ou, 'output')
    net2.run(steps=ou_meta['steps'])
    x = m_ou.values.to_decimal(u.mA).astype(np.float64)[ou_meta['burn_in']:]
    c = x - x.mean()
    var = np.mean(c * c)
    out['ou_mean'], out['ou_var'] = x.mean(), var
    for L in meta['ou_lags']:
        out[f'ou_ac{L}'] = np.mean(c[L:] * c[:-L]) / var

    n_in, n_out = meta['kaiming']
    net3 = bp.Network(dt=DT, seed=seed, precision=precision)
    ro = net3.add(bp.LeakyRateReadout(n_in, n_out))
    net3.compile()
    wk = np.asarray(ro.weight.value, dtype=np.float64)
    out['kaiming_mean'], out['kaiming_var'] = wk.mean(), wk.var()
    return out


@pytest.mark.parametrize('precision', [32, 64])
def test_random_generator_statistics(precision):
    z, meta = load_fixture('inputs_stats')
    runs = [_stats_for_seed(s, meta, precision) for s in SEEDS]
    keys = [k for k in z if k != 'seeds']
    assert set(keys) == set(runs[0]), set(keys) ^ set(runs[0])
    worst = 0.0
    lines = []
    for k in keys:
        ref = np.asarray(z[k], dtype=np.float64)
        ours = np.asarray([r[k] for r in runs])
        se = np.sqrt(ref.var(ddof=1) / ref.size + ours.var(ddof=1) / ours.size)
        zscore = (ours.mean() - ref.mean()) / se
        worst = max(worst, abs(zscore))
        lines.append(f'  {k:34s} ours {ours.mean():.6g}  ref {ref.mean():.6g}  z {zscore:+.2f}')
    print(f'\n[statistics f{precision}] {len(runs)} engine seeds vs {len(z["seeds"])} reference seeds; '
          f'max |z| {worst:.2f}\n' + '\n'.join(lines))
    assert worst < 4, '\n'.join(lines)
