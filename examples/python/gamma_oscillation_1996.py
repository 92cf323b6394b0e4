#!/usr/bin/env python3
"""brainpy.state example 107 on brainpystate: gamma oscillation by synaptic inhibition in an
interneuron network (Wang & Buzsaki 1996).

100 Wang-Buzsaki neurons (``bp.WangBuzsakiHH``: the example's HH class; V0 = -70 + 20 randn mV,
h0 = 0.6, n0 = 0.3), all-to-all inhibition without self-connections (0.1 mS / 100 per connection,
COBA with E = -75 mV), a constant 1 uA input, dt 0.01 ms, 500 ms.

Example 107 writes its synapse in Python (ds/dt = alpha f(V_pre) (1 - s) - beta s, with a sigmoid
f of the presynaptic voltage) and says in a comment that ``GABAa(alpha=12/(ms mM), beta=0.1/ms)`` is
the built-in alternative; brainpystate compiles only built-in models, so this version uses that
GABAa, one per presynaptic neuron (``align_pre_projection``), driven by the presynaptic spikes.

Key statistic: the frequency of the population rhythm (the peak of the power spectrum of the
population rate, after a 100 ms transient) and the synchrony (the fraction of spikes that fall in the
busiest 20% of 1 ms bins). The network locks into a gamma-band rhythm. The script also prints what
brainpy.state 2.9.0 gives for the same network (fixtures/reference/gallery_stats.json).

    python examples/python/gamma_oscillation_1996.py [--duration 500] [--seed 42] [--plot gamma_1996.png]
"""

import numpy as np

from gallery import arguments, peak_frequency, population_rate, raster, reference_line, report, synchrony

import brainpystate as bp
from brainpystate import units as u

TRANSIENT_MS = 100.


def build(args, num=100):
    rng = np.random.RandomState(args.seed)
    v0 = -70. + rng.randn(num) * 20.
    net = bp.Network(dt=0.01 * u.ms, seed=args.seed, precision=args.precision, num_threads=args.threads)
    N = net.add(bp.WangBuzsakiHH(num, V_initializer=v0 * u.mV, h_initializer=bp.init.Constant(0.6),
                                 n_initializer=bp.init.Constant(0.3)))
    net.add(bp.align_pre_projection(
        N, syn=bp.GABAa(num, alpha=12. / (u.ms * u.mM), beta=0.1 / u.ms),
        comm=bp.nn.AllToAll(num, num, include_self=False, w_init=0.1 / num * u.mS),
        out=bp.COBA(E=-75. * u.mV), post=N))
    N.add_current_input('I_inp', 1.0 * u.uA)
    return net, N, num


def main():
    args = arguments(__doc__, 500., 'gamma_1996.png')
    net, N, num = build(args)
    spikes = net.monitor(N, 'spike')
    V = net.monitor(N, 'V', indices=list(range(5)))
    net.run(args.duration * u.ms, progress=not args.no_progress)
    steps, neurons = spikes.events
    dt = float(net.dt.to_decimal(u.ms))
    n_steps = int(round(args.duration / dt))
    skip = int(round(TRANSIENT_MS / dt))
    late = steps >= skip
    rate = population_rate(steps[late] - skip, num, n_steps - skip, dt, bin_ms=1.0)
    f = peak_frequency(rate, 1.0)
    sync = synchrony(rate)
    mean_rate = float(np.count_nonzero(late) / num / ((args.duration - TRANSIENT_MS) * 1e-3))
    t = V.times.to_decimal(u.ms)
    v = V.values.to_decimal(u.mV)

    def traces(ax):
        ax.plot(t, v, lw=0.6)
        ax.set_xlabel('time (ms)')
        ax.set_ylabel('V (mV), neurons 0-4')

    fig = raster(args.plot, steps, neurons, dt, f'Gamma oscillation 1996: {f:.1f} Hz rhythm, '
                 f'{mean_rate:.1f} Hz per neuron, synchrony {sync:.2f}', extra=traces)
    net.close()
    report([f'Wang-Buzsaki interneuron network: {num} neurons, {args.duration:g} ms at dt 0.01 ms, '
            f'float{args.precision}, seed {args.seed}',
            f'  population rhythm {f:.1f} Hz, mean rate {mean_rate:.2f} Hz, synchrony {sync:.3f} '
            f'(after {TRANSIENT_MS:g} ms)',
            reference_line('gamma_oscillation_1996')],
           {'rhythm_Hz': round(f, 3), 'rate_Hz': round(mean_rate, 4), 'synchrony': round(sync, 4)}, fig)


if __name__ == '__main__':
    main()
