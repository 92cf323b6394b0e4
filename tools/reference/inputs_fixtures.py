"""Reference fixtures of brainpy.state's input generators and readout (spec neurons §9), called by
generate.py's worker (``--only inputs_signals,inputs_stats``).

inputs_signals_{f32,f64}: the deterministic generators, each recorded and driving its own LIF(3)
  (``N(gen())``), SpikeTime with the three roundings, and two LeakyRateReadouts with given weights
  (one reading SpikeTime's weighted row, one reading the spikes a LIF returned in the same step).
inputs_stats (float32): per-seed statistics of the random generators for 10 seeds
  (``brainstate.random.seed(s)``): rates, means, variances, OU autocorrelations, KaimingNormal
  weights. The engine does not reproduce JAX's stream, so its tests compare these statistics.
"""

import numpy as np

STEPS = 300
SEEDS = list(range(10))


def P(value, unit):
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return {'value': value, 'unit': unit}


# ----------------------------------------------------------------------------------------------
# deterministic generators

SIGNALS = {
    # name: (class, kwargs as (value, unit) pairs); lists become arrays of the run's float dtype
    'section': ('SectionInput', {'values': ([0.0, 2.5, -1.0, 4.0], 'mA'), 'durations': ([5.0, 7.5, 2.5, 10.0], 'ms')}),
    'constant': ('ConstantInput', {'value': ([1.5, 3.0, 6.0], 'mA'), 'duration': (20.0, 'ms')}),
    'step': ('StepInput', {'amplitudes': ([1.0, 5.0, 2.5, 0.5], 'mA'), 'step_times': ([10.0, 2.0, 15.5, 25.0], 'ms')}),
    'ramp': ('RampInput', {'c_start': (0.5, 'mA'), 'c_end': (8.0, 'mA'), 'duration': (15.0, 'ms'), 't_start': (4.0, 'ms')}),
    'sinusoidal': ('SinusoidalInput', {'amplitude': (3.0, 'mA'), 'frequency': (120.0, 'Hz'), 'duration': (25.0, 'ms'),
                                       'bias': (2.0, 'mA')}),
}
LIF_TAU = [4.0, 6.0, 10.0]          # ms; R = 1 ohm, V_th = 1 mV, V_rest = V_reset = 0 mV (class defaults)
EVENTS = {  # neuron, time (ms), weight: duplicates, half-step times, a negative time that rounds to 0
    'indices': [0, 1, 2, 3, 3, 4, 5, 0, 1, 2, 5, 4],
    'times': [0.25, 0.35, 0.05, 1.0, 1.0, 2.45, 3.0, 12.34, 29.9, 0.0, 7.75, 7.75],
    'weights': [1.0, 0.5, 2.0, 1.0, 1.5, -1.0, 3.0, 0.25, 1.0, 2.0, 0.75, 1.25],
}
W_SPK = np.round(np.random.RandomState(11).uniform(-1.0, 1.0, (6, 3)), 3)
W_LIF = np.round(np.random.RandomState(12).uniform(-1.0, 1.0, (3, 2)), 3)
TAU_SPK = [2.0, 4.0, 8.0]
TAU_LIF = 5.0


def _quantity(w, value, unit_name):
    u = w.u
    unit = {'mA': u.mA, 'ms': u.ms, 'Hz': u.Hz}[unit_name]
    if isinstance(value, list):
        return w.arr(value, unit)
    return float(w.ftype(value)) * unit


def signals(w, name):
    bs, u, st = w.bs, w.u, w.bp.state
    gens, pops = {}, {}
    for key, (cls, kwargs) in SIGNALS.items():
        gens[key] = getattr(st, cls)(3, **{k: _quantity(w, v, un) for k, (v, un) in kwargs.items()})
        pops[key] = st.LIF(3, tau=w.arr(LIF_TAU, u.ms))
    times = w.arr(EVENTS['times'], u.ms)
    spike_times = {mode: st.SpikeTime(6, indices=EVENTS['indices'], times=times,
                                      weights=w.arr(EVENTS['weights']) if mode == 'round' else 1.0,
                                      time_as_step=mode)
                   for mode in ('round', 'floor', 'ceil')}
    ro_spk = st.LeakyRateReadout(6, 3, tau=w.arr(TAU_SPK, u.ms), w_init=w.arr(W_SPK))
    ro_lif = st.LeakyRateReadout(3, 2, tau=TAU_LIF * u.ms, w_init=w.arr(W_LIF))
    holder = bs.nn.Module()
    holder.gens, holder.pops, holder.st, holder.ro = gens, pops, spike_times, [ro_spk, ro_lif]
    bs.nn.init_all_states(holder)

    def step(i, t):
        with bs.environ.context(i=i, t=t):
            rec = {'t': t}
            for key, gen in gens.items():
                x = gen()
                rec[key + '_out'] = x
                rec[key + '_spike'] = pops[key](x)
                rec[key + '_V'] = pops[key].V.value
            for mode, g in spike_times.items():
                rec['spiketime_' + mode] = g()
            rec['readout_spk_r'] = ro_spk(rec['spiketime_round'])
            rec['readout_lif_r'] = ro_lif(rec['section_spike'])
            return rec

    rec = w.run_loop(step, STEPS)
    t_ok = w.check_t(w.mant(rec['t'], u.ms, 't'), STEPS)
    arrays = {'W_spk': W_SPK.astype(w.ftype), 'W_lif': W_LIF.astype(w.ftype)}
    counts = {}
    for key in SIGNALS:
        arrays[key + '_out'] = w.mant(rec[key + '_out'], u.mA, key)
        arrays[key + '_V'] = w.mant(rec[key + '_V'], u.mV, key)
        arrays[key + '_spike'] = w.mant(rec[key + '_spike'], None, key).astype(np.uint8)
        counts[key] = arrays[key + '_spike'].sum(0).tolist()
    for mode in spike_times:
        arrays['spiketime_' + mode] = w.mant(rec['spiketime_' + mode], None, mode)
    arrays['readout_spk_r'] = w.mant(rec['readout_spk_r'], None, 'r')
    arrays['readout_lif_r'] = w.mant(rec['readout_lif_r'], None, 'r')
    assert all(min(c) >= 1 for k, c in counts.items() if k != 'step'), counts
    meta = w.base_meta(name, (
        'Deterministic input generators of brainpy.state, 300 steps. Each of section, constant, step, '
        'ramp, sinusoidal is <Class>(3, **params) and drives its own LIF(3, tau=LIF_tau, other parameters '
        'at their class defaults: R 1 ohm, V_th 1 mV, V_rest = V_reset = 0 mV, V0 0 mV, soft reset) as '
        'x = gen() (the update argument; equal to add_current_input(key, lambda v: gen())): recorded '
        '<key>_out (mA), <key>_V (mV), <key>_spike. SpikeTime(6, indices, times, weights, '
        'time_as_step=round|floor|ceil) (weights only for round; 1.0 otherwise): spiketime_<mode> (the '
        'returned row). readout_spk_r = LeakyRateReadout(6, 3, tau=[2, 4, 8] ms, w_init=W_spk)(spiketime_round); '
        'readout_lif_r = LeakyRateReadout(3, 2, tau=5 ms, w_init=W_lif)(section LIF spikes of the same step). '
        'Step: for each generator x = gen(); spk = lif(x); then the SpikeTimes, then the readouts.'))
    meta.update(model={
        'signals': {key: {'class': cls, 'in_size': 3, 'params': {k: P(v, un) for k, (v, un) in kw.items()}}
                    for key, (cls, kw) in SIGNALS.items()},
        'lif': {'class': 'LIF', 'N': 3, 'tau': P(LIF_TAU, 'ms')},
        'spike_time': {'in_size': 6, **EVENTS, 'time_unit': 'ms'},
        'readout_spk': {'in_size': 6, 'out_size': 3, 'tau': P(TAU_SPK, 'ms'), 'source': 'spiketime_round'},
        'readout_lif': {'in_size': 3, 'out_size': 2, 'tau': P(TAU_LIF, 'ms'), 'source': 'section LIF'},
    }, steps=STEPS, t_check=t_ok, spike_counts=counts)
    w.save(w.out(name), meta, arrays)
    w.summary.append((f'{name}_f{w.precision}', f'LIF spikes {counts}'))


# ----------------------------------------------------------------------------------------------
# random generators: statistics over seeds

STAT_STEPS = 1000
POISSON_FREQS = (20.0, 80.0)                # Hz, PoissonSpike(1000): neurons [0, 500) and [500, 1000)
ENCODER_RATES = (5.0, 50.0, 150.0, 400.0)   # Hz, PoissonEncoder(500): one rate per block of 250 steps
POISSON_INPUTS = {                          # name: (num_input, freq Hz, weight mV), 500 targets each
    'normal': (2000, 50.0, 0.1),            # a = 9.98 > 5, b > 5: normal branch
    'binomial': (50, 200.0, 0.2),           # a = 0.99: binomial
    'binomial_high': (8, 20000.0, 0.5),     # p = 0.865, b = 1.08: binomial (minority = failures)
}
WIENER = {'n': 500, 'sigma': 2.0, 'duration': 50.0}                          # mA, ms
OU = {'n': 200, 'mean': 1.0, 'sigma': 0.5, 'tau': 5.0, 'duration': 1000.0, 'steps': 2000, 'burn_in': 500}
OU_LAGS = (1, 10, 50, 100)
KAIMING = (200, 50)


def ou_stats(x, burn_in=OU['burn_in'], lags=OU_LAGS):
    """x (steps, n): mean, variance and autocorrelation at `lags` of steps >= burn_in, pooled."""
    y = np.asarray(x, dtype=np.float64)[burn_in:]
    c = y - y.mean()
    var = float(np.mean(c * c))
    return [float(y.mean()), var] + [float(np.mean(c[L:] * c[:-L]) / var) for L in lags]


def stats(w, name):
    bs, u, st = w.bs, w.u, w.bp.state
    assert w.precision == 32
    per_seed = {}

    def add(key, value):
        per_seed.setdefault(key, []).append(float(value))

    for seed in SEEDS:
        bs.random.seed(seed)
        poisson = st.PoissonSpike(1000, freqs=w.arr(np.repeat(POISSON_FREQS, 500), u.Hz))
        encoder = st.PoissonEncoder(500)
        wiener = st.WienerProcessInput(WIENER['n'], WIENER['sigma'] * u.mA, WIENER['duration'] * u.ms)
        targets = {k: bs.HiddenState(w.arr(np.zeros(500), u.mV)) for k in POISSON_INPUTS}
        rates = np.repeat(np.asarray(ENCODER_RATES), STAT_STEPS // len(ENCODER_RATES)).astype(w.ftype)

        def step(i, t, rate):
            with bs.environ.context(i=i, t=t):
                rec = {'poisson': poisson(), 'encoder': encoder(rate * u.Hz), 'wiener': wiener()}
                for k, (num, freq, weight) in POISSON_INPUTS.items():
                    targets[k].value = w.arr(np.zeros(500), u.mV)
                    st.poisson_input(freq * u.Hz, num, weight * u.mV, targets[k])
                    rec['pi_' + k] = targets[k].value
                return rec

        rec = w.run_loop(step, STAT_STEPS, w.jnp.asarray(rates))
        spikes = np.asarray(rec['poisson'], dtype=np.float64)
        for k, f in enumerate(POISSON_FREQS):
            add(f'poisson_rate_{int(f)}Hz', spikes[:, 500 * k:500 * (k + 1)].mean() / (0.1e-3))
        enc = np.asarray(rec['encoder'], dtype=np.float64)
        block = STAT_STEPS // len(ENCODER_RATES)
        for k, f in enumerate(ENCODER_RATES):
            add(f'encoder_rate_{int(f)}Hz', enc[block * k:block * (k + 1)].mean() / (0.1e-3))
        wn = w.mant(rec['wiener'], u.mA, 'wiener').astype(np.float64)
        inside = int(round(WIENER['duration'] / 0.1))
        assert np.all(wn[inside:] == 0)
        add('wiener_mean', wn[:inside].mean())
        add('wiener_var', wn[:inside].var())
        for k in POISSON_INPUTS:
            v = w.mant(rec['pi_' + k], u.mV, k).astype(np.float64)
            add(f'poisson_input_{k}_mean', v.mean())
            add(f'poisson_input_{k}_var', v.var())

        bs.random.seed(seed)
        ou = st.OUProcessInput(OU['n'], OU['mean'] * u.mA, OU['sigma'] * u.mA, OU['tau'] * u.ms, OU['duration'] * u.ms)
        bs.nn.init_all_states(ou)

        def ou_step(i, t):
            with bs.environ.context(i=i, t=t):
                return ou()

        x = w.mant(w.run_loop(ou_step, OU['steps']), u.mA, 'ou')
        for key, value in zip(['mean', 'var'] + [f'ac{L}' for L in OU_LAGS], ou_stats(x)):
            add('ou_' + key, value)

        bs.random.seed(seed)
        ro = st.LeakyRateReadout(*KAIMING)
        weights = np.asarray(ro.weight.value, dtype=np.float64)
        add('kaiming_mean', weights.mean())
        add('kaiming_var', weights.var())

    arrays = {k: np.asarray(v) for k, v in per_seed.items()}
    arrays['seeds'] = np.asarray(SEEDS, dtype=np.int64)
    summary = {k: {'mean': float(v.mean()), 'sd': float(v.std(ddof=1))} for k, v in arrays.items() if k != 'seeds'}
    meta = w.base_meta(name, (
        'Statistics of the random generators of brainpy.state (float32, dt 0.1 ms), one value per seed '
        '(brainstate.random.seed(seed) before building the generators). poisson_rate_<f>: PoissonSpike(1000, '
        'freqs=20 Hz for neurons 0..499, 80 Hz for 500..999), spikes per neuron-step / dt over 1000 steps. '
        'encoder_rate_<f>: PoissonEncoder(500) fed 5, 50, 150, 400 Hz for 250 steps each. wiener_mean/var: '
        'WienerProcessInput(500, 2 mA, 50 ms), outputs (mA) of the 500 steps inside the window (all later '
        'outputs are 0). poisson_input_<case>_mean/var: the increment (mV) poisson_input(freq, num_input, '
        'weight, target) adds to a zero HiddenState(500) per step (cases in meta). ou_*: OUProcessInput(200, '
        'mean 1 mA, sigma 0.5 mA, tau 5 ms, duration 1000 ms) for 2000 steps; over steps >= 500: mean, '
        'var (mA^2, pooled over elements and steps) and autocorrelation at lags 1, 10, 50, 100 steps '
        '(mean of centred products / var). kaiming_mean/var: LeakyRateReadout(200, 50).weight '
        '(KaimingNormal default).'))
    meta.update(seeds=SEEDS, steps=STAT_STEPS, poisson_freqs=list(POISSON_FREQS), encoder_rates=list(ENCODER_RATES),
                poisson_inputs={k: {'num_input': n, 'freq_Hz': f, 'weight_mV': wt} for k, (n, f, wt) in POISSON_INPUTS.items()},
                wiener=WIENER, ou=OU, ou_lags=list(OU_LAGS), kaiming=list(KAIMING), summary=summary)
    w.save(w.single(name), meta, arrays)
    w.summary.append((name, ', '.join(f'{k} {v["mean"]:.4g}±{v["sd"]:.2g}' for k, v in list(summary.items())[:4])))
