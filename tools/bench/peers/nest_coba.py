#!/usr/bin/env python3
"""NEST driver: example 103's network with iaf_cond_exp (NEST 3, GSL RKF45 adaptive integration).

iaf_cond_exp: C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e, V in mV, g in nS,
C in pF, I in pA. brainpy's tau dV/dt = V_rest - V + R (I + g (E - V)) maps to it with g_L = 1/R,
C_m = tau g_L, I_e = I and the synaptic conductances as they are (mS * mV = uA enters the mA sum,
brainpy's unit subtlety): g_L = 1 S = 1e9 nS, C_m = 2e10 pF, I_e = 2e10 pA, weights 0.6 mS = 6e5 nS
and 6.7 mS = 6.7e6 nS (negative weight = inhibitory). ``--scale`` multiplies g_L, C_m, I_e and both
weights by the same factor, which leaves the V equation unchanged (every term scales alike) but
moves the conductances into the range for which NEST's fixed absolute error tolerance of the
integrator is meant; the default 1 is the literal translation.

Exponential synapses tau_syn_ex 5 ms, tau_syn_in 10 ms; E_ex 0, E_in -80, E_L -60, V_th -50,
V_reset -60 mV, t_ref 5 ms (hard reset, V clamped while refractory). Delay 0.1 ms = one step (NEST's
minimum); the explicit (pre, post) lists are numpy's EventFixedProb draws (one_to_one Connect).

run_s = wall time of nest.Simulate(duration); setup_s = ResetKernel + Create + SetStatus + Connect
(+ NEST's own preparation is inside Simulate and therefore in run_s).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
os.environ.setdefault('PYNEST_QUIET', '1')

import common as C  # noqa: E402


def main():
    ap = C.parser(__doc__.split('\n\n')[0])
    ap.add_argument('--scale', type=float, default=1.0,
                    help='common factor of g_L, C_m, I_e and the weights (default 1: literal units)')
    args = ap.parse_args()

    import numpy as np
    import nest
    if hasattr(nest, 'VerbosityLevel'):
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:
        nest.set_verbosity('M_ERROR')

    n = args.neurons
    n_exc, n_inh = C.sizes(n)
    s = args.scale
    g_l = 1e9 / C.R_OHM * s                  # nS
    params = {
        'C_m': C.TAU * 1e-3 * (1.0 / C.R_OHM) * 1e12 * s,   # tau * g_L in pF (2e10 * s)
        'g_L': g_l,
        'E_L': C.V_REST, 'V_th': C.V_TH, 'V_reset': C.V_RESET, 't_ref': C.TAU_REF,
        'E_ex': C.E_E, 'E_in': C.E_I, 'tau_syn_ex': C.TAU_E, 'tau_syn_in': C.TAU_I,
        'I_e': C.I_MA * 1e9 * s,                           # mA -> pA (2e10 * s)
    }
    w_e = C.W_E * 1e6 * s                                  # mS -> nS
    w_i = -C.W_I * 1e6 * s
    (pre_e, post_e), (pre_i, post_i) = C.pre_post(n, args.seed_e, args.seed_i)
    v0 = C.initial_v(n, args.seed_v)

    sw_setup = C.Stopwatch().start()
    nest.ResetKernel()
    nest.SetKernelStatus({'resolution': C.DT_MS, 'local_num_threads': args.threads, 'print_time': False})
    pop = nest.Create('iaf_cond_exp', n, params=params)
    pop.V_m = v0
    rec = nest.Create('spike_recorder')
    nest.Connect(pop, rec)
    first = pop[0].global_id                                # NodeCollection ids are 1-based
    pre = np.concatenate([pre_e, pre_i]) + first
    post = np.concatenate([post_e, post_i]) + first
    weight = np.concatenate([np.full(pre_e.size, w_e), np.full(pre_i.size, w_i)])
    nest.Connect(pre, post, 'one_to_one',
                 {'synapse_model': 'static_synapse', 'weight': weight,
                  'delay': np.full(pre.size, C.DT_MS)})
    sw_setup.stop()

    sw = C.Stopwatch().start()
    nest.Simulate(args.duration)
    sw.stop()

    senders = np.asarray(rec.get('events', 'senders')) - first
    ce = int(np.count_nonzero(senders < n_exc))
    ci = int(senders.size - ce)
    re, ri = C.rates(ce, ci, n, args.duration)
    ks = nest.GetKernelStatus()
    C.emit(tool='NEST', mode='iaf_cond_exp f64' + ('' if s == 1 else f' (scale {s:g})'),
           threads=int(ks['local_num_threads']), neurons=n, duration_ms=args.duration, run_s=sw.wall,
           run_cpu_s=sw.cpu, setup_s=sw_setup.wall, E_rate_Hz=re, I_rate_Hz=ri, spikes=ce + ci,
           graph_matches_numpy=True, v0_matches=True, version=f'nest {nest.__version__}',
           n_synapses=int(ks['num_connections']) - n, scale=s)  # minus the recorder's


if __name__ == '__main__':
    main()
