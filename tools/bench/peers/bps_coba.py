#!/usr/bin/env python3
"""brainpystate driver: example 103 through the Python binding (bindings/python) on the library named
by $BRAINPYSTATE_LIBRARY. Same structure as examples/python/coba.py, plus explicit EventFixedProb
seeds and the shared initial V, so that it runs the same graph and start state as the other peers.

run_s = wall time of the second net.run(duration) (recording every spike with net.monitor, as the example
does), after a first, untimed run and net.init_all_states() (steady state, as for brainpy.state);
setup_s = network construction + net.compile() (connectivity drawn, memory laid out, threads started).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(REPO, 'bindings', 'python'))

import numpy as np  # noqa: E402

import common as C  # noqa: E402


def main():
    ap = C.parser(__doc__.split('\n\n')[0])
    ap.add_argument('--precision', type=int, choices=(32, 64), default=32)
    ap.add_argument('--label', default='', help='build label for the report (shipped, native, ...)')
    args = ap.parse_args()
    if not os.environ.get('BRAINPYSTATE_LIBRARY'):
        C.fail('set BRAINPYSTATE_LIBRARY to the libbrainpystate.so to measure')

    import brainpystate as bp
    from brainpystate import units as u
    sw_setup = C.Stopwatch().start()

    n = args.neurons
    n_exc, n_inh = C.sizes(n)
    cn = C.conn_num(n)
    v0 = C.initial_v(n, args.seed_v)
    net = bp.Network(dt=C.DT_MS * u.ms, seed=args.seed_v, precision=args.precision, num_threads=args.threads)
    N = net.add(bp.LIFRef(n, V_rest=C.V_REST * u.mV, V_th=C.V_TH * u.mV, V_reset=C.V_RESET * u.mV,
                          tau=C.TAU * u.ms, tau_ref=C.TAU_REF * u.ms, R=C.R_OHM * u.ohm,
                          V_initializer=v0 * u.mV))
    net.add(bp.AlignPostProj(
        pre=N[:n_exc],
        comm=bp.nn.EventFixedProb(n_exc, n, conn_num=cn, conn_weight=C.W_E * u.mS, seed=args.seed_e),
        syn=bp.Expon.desc(n, tau=C.TAU_E * u.ms), out=bp.COBA.desc(E=C.E_E * u.mV), post=N))
    net.add(bp.AlignPostProj(
        pre=N[n_exc:],
        comm=bp.nn.EventFixedProb(n_inh, n, conn_num=cn, conn_weight=C.W_I * u.mS, seed=args.seed_i),
        syn=bp.Expon.desc(n, tau=C.TAU_I * u.ms), out=bp.COBA.desc(E=C.E_I * u.mV), post=N))
    N.add_current_input('input', C.I_MA * u.mA)
    spikes = net.monitor(N, 'spike')
    net.compile()
    sw_setup.stop()

    # the engine drew exactly numpy's targets and starts from the shared V0 (cheap checks, untimed)
    te, ti = C.targets(n, args.seed_e, args.seed_i)
    projs = net.projections
    graph_ok = bool(np.array_equal(np.asarray(projs[0].comm.indices), te)
                    and np.array_equal(np.asarray(projs[1].comm.indices), ti))
    v_start = np.asarray(N.V.value.to_decimal(u.mV) if hasattr(N.V.value, 'to_decimal') else N.V.value)
    v0_ok = bool(np.allclose(v_start, v0.astype(np.float32 if args.precision == 32 else np.float64)))

    # steady state, as the brainpy.state driver measures it: a first run (untimed: first touches of the
    # recording's memory, caches, branch predictors), the states back to their initializers, then the
    # timed run, which starts from the same V0 and records afresh
    net.run(args.duration * u.ms)
    net.init_all_states()
    sw = C.Stopwatch().start()
    net.run(args.duration * u.ms)
    sw.stop()

    _, neurons = spikes.events
    neurons = np.asarray(neurons)
    ce = int(np.count_nonzero(neurons < n_exc))
    ci = int(neurons.size - ce)
    re, ri = C.rates(ce, ci, n, args.duration)
    C.emit(tool='brainpystate', mode=f'{args.label or "build"} f{args.precision}', threads=net.num_threads,
           neurons=n, duration_ms=args.duration, run_s=sw.wall, run_cpu_s=sw.cpu, setup_s=sw_setup.wall,
           E_rate_Hz=re, I_rate_Hz=ri, spikes=ce + ci, graph_matches_numpy=graph_ok, v0_matches=v0_ok,
           version=bp.engine_version(), library=bp.library_path(), precision=args.precision)
    net.close()


if __name__ == '__main__':
    main()
