#!/usr/bin/env python3
"""Brian2 driver: example 103's network in Brian2's cpp_standalone device (generated C++, g++ -O3).

Equations with real units, as brainpy writes them: tau dv/dt = V_rest - v + R (I + ge (E_e - v) +
gi (E_i - v)) with R = 1 ohm, I = 20 mA, ge/gi in mS (so the synaptic term is 1e-3 of a naive
"mV" reading, exactly as in brainpy.state). Threshold v >= V_th; reset v -= V_th - V_reset (brainpy's
default soft reset); refractory 5 ms with (unless refractory) on v. Synapses: on_pre ge += w, no
delay (a spike of step n changes g before the state update of step n+1, brainpy's one-step latency).
Integration: exponential_euler, the scheme of brainpy's exp_euler_step (the equations are linear
in v only for fixed conductances, so 'exact' does not apply; left to itself Brian2 would pick plain
'euler' from its default list exact/euler/heun — `--method ''`). The method used is reported. The explicit (pre, post) lists are numpy's EventFixedProb draws.

run_s = Brian2's own measurement of the simulation loop (device._last_run_time, from
results/last_run_info.txt); setup_s = Python construction + code generation + C++ compilation + the
binary's start (the whole device.build wall time minus run_s).
"""

import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import common as C  # noqa: E402


def main():
    ap = C.parser(__doc__.split('\n\n')[0])
    ap.add_argument('--build-dir', default='',
                    help='C++ project directory (reused across runs of the same configuration so that '
                         'make recompiles nothing; default: a fresh temporary directory)')
    ap.add_argument('--method', default='exponential_euler',
                    help="integration method of v, ge, gi (default exponential_euler = brainpy's "
                         "exp_euler_step; '' lets Brian2 choose: it picks euler)")
    args = ap.parse_args()

    import numpy as np
    import brian2 as b2
    from brian2 import ms, mV, mS, mA, ohm

    own_dir = not args.build_dir
    build_dir = args.build_dir or tempfile.mkdtemp(prefix='bench-brian2-')
    sw_setup = C.Stopwatch().start()
    b2.set_device('cpp_standalone', directory=build_dir, build_on_run=False)
    # openmp_threads = 0: plain single-threaded code; T > 1: OpenMP with T threads
    b2.prefs.devices.cpp_standalone.openmp_threads = 0 if args.threads <= 1 else args.threads
    b2.defaultclock.dt = C.DT_MS * ms

    n = args.neurons
    n_exc, n_inh = C.sizes(n)
    ns = dict(V_rest=C.V_REST * mV, V_th=C.V_TH * mV, V_reset=C.V_RESET * mV, tau=C.TAU * ms,
              R=C.R_OHM * ohm, I_ext=C.I_MA * mA, E_e=C.E_E * mV, E_i=C.E_I * mV,
              tau_e=C.TAU_E * ms, tau_i=C.TAU_I * ms)
    eqs = '''
    dv/dt = (V_rest - v + R * (I_ext + ge * (E_e - v) + gi * (E_i - v))) / tau : volt (unless refractory)
    dge/dt = -ge / tau_e : siemens
    dgi/dt = -gi / tau_i : siemens
    '''
    G = b2.NeuronGroup(n, eqs, threshold='v >= V_th', reset='v -= V_th - V_reset',
                       refractory=C.TAU_REF * ms, namespace=ns, name='coba', method=args.method or None)
    G.v = C.initial_v(n, args.seed_v) * mV
    (pre_e, post_e), (pre_i, post_i) = C.pre_post(n, args.seed_e, args.seed_i)
    Se = b2.Synapses(G, G, on_pre='ge += %r * mS' % C.W_E, name='syn_e')
    Se.connect(i=pre_e, j=post_e)
    Si = b2.Synapses(G, G, on_pre='gi += %r * mS' % C.W_I, name='syn_i')
    Si.connect(i=pre_i, j=post_i)
    mon = b2.SpikeMonitor(G, name='spikes')
    net = b2.Network(G, Se, Si, mon)
    net.run(args.duration * ms)
    b2.device.build(directory=build_dir, compile=True, run=True, debug=False, clean=False)
    sw_setup.stop()

    run_s = float(b2.device._last_run_time)
    idx = np.asarray(mon.i[:])
    ce = int(np.count_nonzero(idx < n_exc))
    ci = int(idx.size - ce)
    re, ri = C.rates(ce, ci, n, args.duration)
    method = args.method or 'auto: ' + str(getattr(G.state_updater, 'method_choice', '?'))
    mode = 'cpp_standalone f64' + (f' OpenMP' if args.threads > 1 else '')
    C.emit(tool='Brian2', mode=mode, threads=max(1, args.threads), neurons=n, duration_ms=args.duration,
           run_s=run_s, setup_s=sw_setup.wall - run_s, E_rate_Hz=re, I_rate_Hz=ri, spikes=ce + ci,
           graph_matches_numpy=True, v0_matches=True, method=str(method), version=f'brian2 {b2.__version__}',
           n_synapses=int(len(pre_e) + len(pre_i)))
    if own_dir:
        shutil.rmtree(build_dir, ignore_errors=True)


if __name__ == '__main__':
    main()
