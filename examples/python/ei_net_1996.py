#!/usr/bin/env python3
"""brainpy.state example 102 on brainpystate: the balanced E/I network of van Vreeswijk & Sompolinsky (1996).

1000 LIF neurons (500 E, 500 I; V_rest -52, V_th -50, V_reset -60 mV, tau 10 ms, soft reset,
V0 ~ Normal(-60, 10) mV), EventFixedProb with conn_num=0.1 (100 targets per neuron), current-based
exponential synapses (tau 2 ms, CUBA) with J_E = 1/sqrt(0.1 * 500) mS and J_I = -1/sqrt(0.1 * 500) mS,
a constant 3 mA input, dt 0.1 ms, 1000 ms.

Key statistic: the mean rates. The constant input alone would hold V at -49 mV, above threshold, and
the recurrent E and I currents cancel on average, so every neuron fires regularly at about 41 Hz
(ISI CV ~0.02). The script also prints what brainpy.state 2.9.0 gives for example 102
(fixtures/reference/gallery_stats.json, made by tools/reference/gallery_reference.py); the
connectivity draws differ, so expect agreement to a few tenths of a hertz, not bit-identity.

    python examples/python/ei_net_1996.py [--duration 1000] [--seed 42] [--plot ei_net_1996.png]
"""

import math

from gallery import arguments, run_ei

import brainpystate as bp
from brainpystate import units as u


def build(args, n_exc=500, n_inh=500, prob=0.1):
    num = n_exc + n_inh
    JE = 1. / math.sqrt(prob * n_exc) * u.mS
    JI = -1. / math.sqrt(prob * n_inh) * u.mS
    net = bp.Network(dt=0.1 * u.ms, seed=args.seed, precision=args.precision, num_threads=args.threads)
    N = net.add(bp.LIF(num, V_rest=-52. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=10. * u.ms,
                       V_initializer=bp.init.Normal(-60., 10., unit=u.mV), spk_reset='soft'))
    net.add(bp.AlignPostProj(pre=N[:n_exc], comm=bp.nn.EventFixedProb(n_exc, num, prob, JE),
                             syn=bp.Expon.desc(num, tau=2. * u.ms), out=bp.CUBA.desc(), post=N))
    net.add(bp.AlignPostProj(pre=N[n_exc:], comm=bp.nn.EventFixedProb(n_inh, num, prob, JI),
                             syn=bp.Expon.desc(num, tau=2. * u.ms), out=bp.CUBA.desc(), post=N))
    N.add_current_input('Ib', 3. * u.mA)
    return net, N, n_exc, num


def main():
    args = arguments(__doc__, 1000., 'ei_net_1996.png')
    net, N, n_exc, num = build(args)
    run_ei(args, net, N, n_exc, 'ei_net_1996', 'EI net 1996', f'EI network 1996: {num} LIF neurons')


if __name__ == '__main__':
    main()
