"""Same spikes whatever the thread count and the chunking of a run, and the same as the C and Swift
tests get for the same network (fixtures/determinism.txt, written by Tests/C/test_determinism.c).
The network is example 103 with the x1000 weights (chaotic), so any difference shows."""

import os

import numpy as np
import pytest

from conftest import REPO

STEPS = 3000


def expected():
    values = {}
    with open(os.path.join(REPO, 'fixtures', 'determinism.txt')) as f:
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            key, value = line.split()
            values[key] = value
    return int(values['spike_count']), int(values['fnv1a64'], 16)


def build(bp, u, threads):
    net = bp.Network(dt=0.1 * u.ms, seed=2024, num_threads=threads)
    N = net.add(bp.LIFRef(1000, V_rest=-60 * u.mV, V_th=-50 * u.mV, V_reset=-60 * u.mV, tau=20 * u.ms,
                          tau_ref=5 * u.ms, V_initializer=bp.init.Normal(-55., 2., unit=u.mV)))
    for start, stop, w, seed, tau, E in ((0, 800, 600., 11, 5., 0.), (800, 1000, 6700., 12, 10., -80.)):
        net.add(bp.AlignPostProj(pre=N[start:stop],
                                 comm=bp.nn.EventFixedProb(stop - start, 1000, conn_num=80, conn_weight=w * u.mS,
                                                           seed=seed),
                                 syn=bp.Expon.desc(1000, tau=tau * u.ms), out=bp.COBA.desc(E=E * u.mV), post=N))
    N.add_current_input('ext', 20 * u.mA)
    return net, N, net.monitor(N, 'spike')


def digest(monitor):
    steps, neurons = monitor.events
    pairs = np.stack([np.asarray(steps, np.int64), np.asarray(neurons, np.int64)], axis=1)
    h = 14695981039346656037
    for byte in pairs.astype('<i8').tobytes():
        h = ((h ^ byte) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return len(pairs), h


@pytest.mark.parametrize('threads', [1, 2])
def test_one_run_matches_the_c_and_swift_hosts(bp, u, threads):
    net, N, spikes = build(bp, u, threads)
    net.run(steps=STEPS)
    assert digest(spikes) == expected()


def test_step_by_step_closed_loop_matches(bp, u):
    net, N, spikes = build(bp, u, 2)
    net.compile()
    step = net.stepper(N, out=N)
    zero = np.zeros(1000)
    for _ in range(STEPS):
        step(zero)
    assert digest(spikes) == expected()
