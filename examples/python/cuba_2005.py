#!/usr/bin/env python3
"""brainpy.state example 104 on brainpystate: the CUBA network of Vogels & Abbott (2005), as benchmarked
by Brette et al. (2007).

4000 LIFRef neurons (3200 E, 800 I; V_rest -49, V_th -50, V_reset -60 mV, tau 20 ms, tau_ref 5 ms,
V0 ~ Normal(-55, 2) mV), EventFixedProb with conn_num=0.02 (80 targets per neuron), current-based
exponential synapses (E: 1.62 mS, tau 5 ms; I: -9 mS, tau 10 ms; CUBA with scale 1 V), a constant
20 mA input, dt 0.1 ms, 1000 ms.

Key statistic: the mean E and I rates and the ISI CV. The script also prints what brainpy.state 2.9.0
gives for example 104 (fixtures/reference/gallery_stats.json, made by
tools/reference/gallery_reference.py); the connectivity draws differ, so the rates agree
statistically, not bit for bit.

    python examples/python/cuba_2005.py [--duration 1000] [--seed 42] [--plot cuba_2005.png]
"""

from gallery import arguments, run_ei

import brainpystate as bp
from brainpystate import units as u


def build(args, n_exc=3200, n_inh=800):
    num = n_exc + n_inh
    net = bp.Network(dt=0.1 * u.ms, seed=args.seed, precision=args.precision, num_threads=args.threads)
    N = net.add(bp.LIFRef(num, V_rest=-49. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=20. * u.ms,
                          tau_ref=5. * u.ms, V_initializer=bp.init.Normal(-55., 2., unit=u.mV)))
    net.add(bp.AlignPostProj(pre=N[:n_exc],
                             comm=bp.nn.EventFixedProb(n_exc, num, conn_num=0.02, conn_weight=1.62 * u.mS),
                             syn=bp.Expon.desc(num, tau=5. * u.ms), out=bp.CUBA.desc(scale=u.volt), post=N))
    net.add(bp.AlignPostProj(pre=N[n_exc:],
                             comm=bp.nn.EventFixedProb(n_inh, num, conn_num=0.02, conn_weight=-9.0 * u.mS),
                             syn=bp.Expon.desc(num, tau=10. * u.ms), out=bp.CUBA.desc(scale=u.volt), post=N))
    N.add_current_input('inp', 20. * u.mA)
    return net, N, n_exc, num


def main():
    args = arguments(__doc__, 1000., 'cuba_2005.png')
    net, N, n_exc, num = build(args)
    run_ei(args, net, N, n_exc, 'cuba_2005', 'CUBA 2005', f'CUBA network 2005: {num} LIFRef neurons')


if __name__ == '__main__':
    main()
