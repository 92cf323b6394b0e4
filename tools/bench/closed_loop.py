#!/usr/bin/env python3
"""Closed-loop overhead: what one fused host-driven step (input array in, one step, spikes out) costs
from Python beyond the simulation work itself.

For each network size it measures, with num_threads=1 (the closed-loop setting):
  engine   time per step inside one long `net.run(steps=K)` (no Python, no ABI crossing per step),
           driven by the same input as a persistent current, so that the network does the same work
           (the input makes the neurons fire; without it the engine figure would be of a silent network)
  stepper  time per call of `net.stepper(N, out=N)(x)`, x a float64 numpy array (one value per neuron)
  step     time per call of the convenience `net.step(x * u.mA)` (Quantity input, new output array)
and prints the overhead of a call (call time minus engine time per step) in microseconds.
With --batch-size B the network has B rows (brainstate's batch axis) and x is [B, N]: one call
steps every row. Minimum over repeats.
Usage: python tools/bench/closed_loop.py [--sizes 10,1000,4000] [--calls 20000] [--batch-size B]
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


def build(n, batch_size):
    net = bp.Network(dt=0.1 * u.ms, seed=1, num_threads=1, batch_size=batch_size)
    N = net.add(bp.LIF(n, V_rest=-60 * u.mV, V_th=-50 * u.mV, V_reset=-60 * u.mV, tau=20 * u.ms,
                       V_initializer=bp.init.Uniform(-60., -50., unit=u.mV)))
    N.add_current_input('drive', 0 * u.mA)      # the engine figure's input (see main)
    net.add(bp.AlignPostProj(pre=N, comm=bp.nn.EventFixedProb(n, n, conn_num=min(n, 20), conn_weight=1 * u.mS, seed=3),
                             syn=bp.Expon.desc(n, tau=5 * u.ms), out=bp.COBA.desc(E=0 * u.mV), post=N))
    net.compile()
    return net, N


def per_call(fn, calls, repeats):
    best = float('inf')
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - t0) / calls)
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--sizes', default='10,1000,4000')
    ap.add_argument('--calls', type=int, default=20000)
    ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--batch-size', type=int, default=0, help='rows of the network (0: unbatched)')
    args = ap.parse_args()
    print(f'{"neurons":>8} {"engine us/step":>15} {"stepper us/call":>16} {"overhead us":>12} '
          f'{"step() us/call":>15} {"overhead us":>12}')
    for n in (int(s) for s in args.sizes.split(',')):
        net, N = build(n, args.batch_size)
        x = np.full((args.batch_size, n) if args.batch_size else n, 25.0)   # mA, drives the neurons above threshold
        N.set_current_input('drive', x * u.mA)
        engine = per_call(lambda: net.run(steps=args.calls), 1, args.repeats) / args.calls
        N.set_current_input('drive', 0 * u.mA)
        step = net.stepper(N, out=N, unit='mA')
        stepper = per_call(lambda: step(x), args.calls, args.repeats)
        q = x * u.mA
        convenience = per_call(lambda: net.step(q), max(args.calls // 10, 100), args.repeats)
        print(f'{n:>8} {engine * 1e6:>15.3f} {stepper * 1e6:>16.3f} {(stepper - engine) * 1e6:>12.3f} '
              f'{convenience * 1e6:>15.3f} {(convenience - engine) * 1e6:>12.3f}')
        print('CLOSED_LOOP ' + json.dumps({'neurons': n, 'batch_size': args.batch_size, 'threads': 1,
                                           'engine_us_per_step': engine * 1e6,
                                           'stepper_us_per_call': stepper * 1e6,
                                           'stepper_overhead_us': (stepper - engine) * 1e6,
                                           'step_us_per_call': convenience * 1e6,
                                           'step_overhead_us': (convenience - engine) * 1e6}))
        net.close()


if __name__ == '__main__':
    main()
