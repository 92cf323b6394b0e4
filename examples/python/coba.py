#!/usr/bin/env python3
"""brainpy.state example 103 on brainpystate: the COBA E/I network of Vogels & Abbott (2005).

4000 LIFRef neurons (3200 excitatory, 800 inhibitory; V_rest -60, V_th -50, V_reset -60 mV, tau 20 ms,
tau_ref 5 ms, V0 ~ Normal(-55, 2) mV), random fixed out-degree connectivity (EventFixedProb,
conn_num=0.02, i.e. 80 targets per neuron), exponential conductance synapses (E: 0.6 mS, tau 5 ms,
E_rev 0 mV; I: 6.7 mS, tau 10 ms, E_rev -80 mV), a constant 20 mA input, dt 0.1 ms, 1000 ms.

    python examples/python/coba.py                      # the example's weights
    python examples/python/coba.py --weights brette     # both weights x 1000 (Brette et al. 2007)
    python examples/python/coba.py --neurons 40000 --threads 2 --precision 64 --no-progress

``--seed`` seeds the network: the initial V draws and the connectivity (the EventFixedProb layers
have no seed of their own, so they draw from the network's numpy-style global stream, like the
example draws from numpy's global RandomState). ``--neurons`` scales the network keeping the 80/20
split and 80 connections per neuron (so the mean in-degree stays 80).

The last line of the output is ``RESULT {json}`` with the rates, the wall times of the run and of the
compile (measured separately) and the number of worker threads.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), 'bindings', 'python'))

import numpy as np  # noqa: E402

import brainpystate as bp  # noqa: E402
from brainpystate import units as u  # noqa: E402


def build(num, scale, seed, precision, threads):
    n_exc = int(round(num * 0.8))
    n_inh = num - n_exc
    # example 103 writes conn_num=0.02 (a probability: int(4000 * 0.02) = 80 targets); for other sizes
    # the count 80 keeps the in-degree
    conn = 0.02 if num == 4000 else 80
    net = bp.Network(dt=0.1 * u.ms, seed=seed, precision=precision, num_threads=threads)
    N = net.add(bp.LIFRef(num, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=20. * u.ms,
                          tau_ref=5. * u.ms, V_initializer=bp.init.Normal(-55., 2., unit=u.mV)))
    net.add(bp.AlignPostProj(
        pre=N[:n_exc],
        comm=bp.nn.EventFixedProb(n_exc, num, conn_num=conn, conn_weight=0.6 * scale * u.mS),
        syn=bp.Expon.desc(num, tau=5. * u.ms),
        out=bp.COBA.desc(E=0. * u.mV),
        post=N))
    net.add(bp.AlignPostProj(
        pre=N[n_exc:],
        comm=bp.nn.EventFixedProb(n_inh, num, conn_num=conn, conn_weight=6.7 * scale * u.mS),
        syn=bp.Expon.desc(num, tau=10. * u.ms),
        out=bp.COBA.desc(E=-80. * u.mV),
        post=N))
    N.add_current_input('input', 20. * u.mA)
    return net, N, n_exc, n_inh


def plot_raster(path, steps, neurons, dt_ms, n_exc, num, title):
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    t = steps * dt_ms
    fig, ax = plt.subplots(figsize=(10, 5))
    exc = neurons < n_exc
    ax.plot(t[exc], neurons[exc], ',', color='tab:blue', label='E')
    ax.plot(t[~exc], neurons[~exc], ',', color='tab:red', label='I')
    ax.set_xlabel('time (ms)')
    ax.set_ylabel('neuron')
    ax.set_ylim(0, num)
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--weights', choices=('example', 'brette'), default='example',
                    help='example: 0.6 / 6.7 mS; brette: both x 1000 (default: example)')
    ap.add_argument('--duration', type=float, default=1000.0, help='simulated time in ms (default 1000)')
    ap.add_argument('--seed', type=int, default=42, help='network seed (default 42)')
    ap.add_argument('--precision', type=int, choices=(32, 64), default=32, help='float precision (default 32)')
    ap.add_argument('--threads', type=int, default=0, help='worker threads, 0 = all cores (default 0)')
    ap.add_argument('--neurons', type=int, default=4000, help='network size (default 4000)')
    ap.add_argument('--plot', default='coba_raster.png',
                    help='raster plot path (default coba_raster.png; skipped without matplotlib)')
    ap.add_argument('--no-progress', action='store_true', help='no progress bar')
    args = ap.parse_args(argv)
    if args.neurons < 10:
        ap.error('--neurons must be at least 10')

    scale = 1.0 if args.weights == 'example' else 1000.0
    net, N, n_exc, n_inh = build(args.neurons, scale, args.seed, args.precision, args.threads)
    spikes = net.monitor(N, 'spike')

    t0 = time.perf_counter()
    net.compile()
    compile_s = time.perf_counter() - t0

    duration = args.duration * u.ms
    t0 = time.perf_counter()
    net.run(duration, progress=not args.no_progress)
    run_s = time.perf_counter() - t0

    steps, neurons = spikes.events
    sim_s = args.duration * 1e-3
    rate_E = np.count_nonzero(neurons < n_exc) / n_exc / sim_s
    rate_I = np.count_nonzero(neurons >= n_exc) / n_inh / sim_s
    threads = net.num_threads
    print(f'COBA network ({args.weights} weights): {args.neurons} neurons ({n_exc} E, {n_inh} I), '
          f'{args.duration:g} ms, float{args.precision}, {threads} thread(s), seed {args.seed}')
    print(f'  E rate: {rate_E:.3f} Hz')
    print(f'  I rate: {rate_I:.3f} Hz')
    print(f'  spikes: {steps.size}; compile {compile_s:.3f} s, run {run_s:.3f} s '
          f'({run_s / max(sim_s, 1e-12):.3f} s per simulated second)')
    if args.plot:
        path = plot_raster(args.plot, steps, neurons, float(net.dt.to_decimal(u.ms)), n_exc, args.neurons,
                           f'COBA ({args.weights}): E {rate_E:.1f} Hz, I {rate_I:.1f} Hz')
        if path:
            print(f'  raster: {path}')
    net.close()
    print('RESULT ' + json.dumps({'E_rate_Hz': round(rate_E, 6), 'I_rate_Hz': round(rate_I, 6),
                                  'run_s': round(run_s, 6), 'compile_s': round(compile_s, 6),
                                  'threads': threads}))


if __name__ == '__main__':
    main()
