#!/usr/bin/env python3
"""brainpy.state example 106 on brainpystate: the COBA-HH benchmark network of Brette et al. (2007),
with the built-in Hodgkin-Huxley model.

Example 106 writes its own Traub-Miles HH class in Python; brainpystate compiles only its built-in
models, so this version keeps the network of the example (3200 E + 800 I neurons, EventFixedProb with
conn_num=0.02, exponential conductance synapses E: tau 5 ms, E_rev 0 mV; I: tau 10 ms, E_rev -80 mV,
dt 0.04 ms, 300 ms) and uses ``bp.HH`` (the classical squid-axon model, per cm² of membrane). The
example's synaptic weights (6 nS and 67 nS on a 20000 um² cell) become 0.03 and 0.335 mS/cm², and
since the classical model is not spontaneously active, every neuron gets a constant current drawn
around its rheobase (Normal(6.5, 1) uA/cm²) and starts from a random V (the example draws V0 the
same way: El + 5 randn - 5 mV).

Key statistic: the mean rates of E and I and the ISI CV. The script also prints what brainpy.state
2.9.0 gives for this same network built from brainpy.state.HH (fixtures/reference/gallery_stats.json,
made by tools/reference/gallery_reference.py).

    python examples/python/coba_hh_2007.py [--duration 300] [--seed 42] [--plot coba_hh_2007.png]
"""

import numpy as np

from gallery import arguments, run_ei

import brainpystate as bp
from brainpystate import units as u

AREA_CM2 = 20000e-8          # 20000 um² in cm²
WE = 6e-6 / AREA_CM2         # 6 nS  -> mS/cm²
WI = 67e-6 / AREA_CM2        # 67 nS -> mS/cm²


def build(args, n_exc=3200, n_inh=800):
    num = n_exc + n_inh
    rng = np.random.RandomState(args.seed)
    v0 = -60. + rng.randn(num) * 5. - 5.
    i_ext = 6.5 + rng.randn(num) * 1.
    net = bp.Network(dt=0.04 * u.ms, seed=args.seed, precision=args.precision, num_threads=args.threads)
    N = net.add(bp.HH(num, V_initializer=v0 * u.mV))
    net.add(bp.AlignPostProj(pre=N[:n_exc], comm=bp.nn.EventFixedProb(n_exc, num, conn_num=0.02, conn_weight=WE * u.mS),
                             syn=bp.Expon.desc(num, tau=5. * u.ms), out=bp.COBA.desc(E=0. * u.mV), post=N))
    net.add(bp.AlignPostProj(pre=N[n_exc:], comm=bp.nn.EventFixedProb(n_inh, num, conn_num=0.02, conn_weight=WI * u.mS),
                             syn=bp.Expon.desc(num, tau=10. * u.ms), out=bp.COBA.desc(E=-80. * u.mV), post=N))
    N.add_current_input('I_ext', i_ext * u.uA)
    return net, N, n_exc, num


def main():
    args = arguments(__doc__, 300., 'coba_hh_2007.png')
    net, N, n_exc, num = build(args)

    def traces(net):
        V = net.monitor(N, 'V', indices=[0, 1, 2, n_exc])

        def draw(ax):
            ax.plot(V.times.to_decimal(u.ms), V.values.to_decimal(u.mV), lw=0.6)
            ax.set_xlabel('time (ms)')
            ax.set_ylabel(f'V (mV), neurons 0, 1, 2 (E) and {n_exc} (I)')
        return draw

    run_ei(args, net, N, n_exc, 'coba_hh_2007', 'COBA-HH 2007',
           f'COBA-HH network 2007: {num} HH neurons at dt 0.04 ms', extra=traces)


if __name__ == '__main__':
    main()
