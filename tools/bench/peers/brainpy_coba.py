#!/usr/bin/env python3
"""brainpy.state driver (BrainPy 2.9.0 on brainstate 0.6.0 / JAX CPU): example 103's network and loop.

The step is example 103's (spk = N.get_spike() != 0; E and I projections; N(20 mA)) inside
brainstate.environ.context(dt=0.1 ms), iterated with brainstate.transform.for_loop over
u.math.arange(0 ms, T, dt) in a jit-compiled function. The first call compiles (and runs); the states
are then reset to the same initial values and the second call is timed (steady state).

Differences from example 103, all outside the timed numerics: explicit EventFixedProb seeds and the
shared numpy initial V (so that every tool runs the same graph from the same state); the loop returns
the number of E and I spikes per step instead of the (steps, N) spike matrix, which at N = 64 000
would be a 2.6 GB array.

run_s = wall time of the second call (until jax.block_until_ready); setup_s = network construction +
init + the first call minus run_s (an estimate of the trace + XLA compile time).
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import common as C  # noqa: E402


def main():
    ap = C.parser(__doc__.split('\n\n')[0])
    ap.add_argument('--threads-mode', choices=('all', 'one'), default='all',
                    help="'one': this process is pinned to one CPU (sched_setaffinity, before JAX starts, "
                         "so XLA sizes its thread pools for one core); the orchestrator also sets XLA_FLAGS")
    args = ap.parse_args()
    if args.threads_mode == 'one':
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    import numpy as np
    import jax
    import brainstate as bs
    import brainunit as u
    import brainpy
    import brainpy.state as bps
    sw_setup = C.Stopwatch().start()

    n = args.neurons
    n_exc, n_inh = C.sizes(n)
    cn = C.conn_num(n)
    v0 = C.initial_v(n, args.seed_v).astype(np.float32)

    class EINet(bs.nn.Module):
        def __init__(self):
            super().__init__()
            self.N = bps.LIFRef(n, V_rest=C.V_REST * u.mV, V_th=C.V_TH * u.mV, V_reset=C.V_RESET * u.mV,
                                tau=C.TAU * u.ms, tau_ref=C.TAU_REF * u.ms, R=C.R_OHM * u.ohm,
                                V_initializer=v0 * u.mV)
            self.E = bps.AlignPostProj(
                comm=bs.nn.EventFixedProb(n_exc, n, conn_num=cn, conn_weight=C.W_E * u.mS, seed=args.seed_e),
                syn=bps.Expon.desc(n, tau=C.TAU_E * u.ms),
                out=bps.COBA.desc(E=C.E_E * u.mV),
                post=self.N)
            self.I = bps.AlignPostProj(
                comm=bs.nn.EventFixedProb(n_inh, n, conn_num=cn, conn_weight=C.W_I * u.mS, seed=args.seed_i),
                syn=bps.Expon.desc(n, tau=C.TAU_I * u.ms),
                out=bps.COBA.desc(E=C.E_I * u.mV),
                post=self.N)

        def update(self, t, inp):
            with bs.environ.context(t=t):
                spk = self.N.get_spike() != 0.
                self.E(spk[:n_exc])
                self.I(spk[n_exc:])
                self.N(inp)
                s = self.N.get_spike()
                return u.math.sum(s[:n_exc]), u.math.sum(s[n_exc:])

    with bs.environ.context(dt=C.DT_MS * u.ms):
        net = EINet()
        bs.nn.init_all_states(net)
        graph_ok = bool(np.array_equal(np.asarray(net.E.comm.conn.indices), C.targets(n, args.seed_e, args.seed_i)[0])
                        and np.array_equal(np.asarray(net.I.comm.conn.indices),
                                           C.targets(n, args.seed_e, args.seed_i)[1]))
        times = u.math.arange(0. * u.ms, args.duration * u.ms, bs.environ.get_dt())

        @bs.transform.jit
        def run(times):
            return bs.transform.for_loop(lambda t: net.update(t, C.I_MA * u.mA), times)

        sw_first = C.Stopwatch().start()
        jax.block_until_ready(run(times))
        sw_first.stop()
        sw_setup.stop()

        bs.nn.reset_all_states(net)
        v_start = np.asarray(net.N.V.value.to_decimal(u.mV))
        v0_ok = bool(np.array_equal(v_start, v0))
        sw = C.Stopwatch().start()
        ce, ci = jax.block_until_ready(run(times))
        sw.stop()

    ce, ci = int(np.asarray(ce).sum()), int(np.asarray(ci).sum())
    re, ri = C.rates(ce, ci, n, args.duration)
    nthreads = len(os.sched_getaffinity(0))
    C.emit(tool='brainpy.state', mode=('jax cpu (all cores)' if args.threads_mode == 'all' else
                                       'jax cpu (1 core: affinity + XLA_FLAGS)') + ' f32',
           threads=nthreads, neurons=n, duration_ms=args.duration, run_s=sw.wall, run_cpu_s=sw.cpu,
           setup_s=sw_setup.wall - sw.wall, first_call_s=sw_first.wall, E_rate_Hz=re, I_rate_Hz=ri,
           spikes=ce + ci, graph_matches_numpy=graph_ok, v0_matches=v0_ok,
           version=f'brainpy {brainpy.__version__}, brainstate {bs.__version__}, jax {jax.__version__}',
           xla_flags=os.environ.get('XLA_FLAGS', ''), jax_devices=str(jax.devices()))


if __name__ == '__main__':
    main()
