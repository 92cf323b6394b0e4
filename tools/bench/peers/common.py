"""Shared definition of the benchmarked network (brainpy.state example 103, COBA E/I) for every peer.

Every driver in this folder builds the same network from these numbers, draws the same connectivity
and the same initial membrane potentials with numpy, runs it once in its own process and prints one
line ``RESULT {json}`` (see ``emit``). The orchestrator (``tools/bench/bench.py``) parses that line.
"""

import argparse
import json
import os
import platform
import sys
import time

import numpy as np

# -- the model (example 103) --------------------------------------------------------------------
DT_MS = 0.1
V_REST, V_TH, V_RESET = -60.0, -50.0, -60.0     # mV
TAU, TAU_REF = 20.0, 5.0                        # ms
R_OHM = 1.0                                     # ohm
I_MA = 20.0                                     # mA  (R * I = 20 mV)
V0_MEAN, V0_STD = -55.0, 2.0                    # mV
W_E, TAU_E, E_E = 0.6, 5.0, 0.0                 # mS, ms, mV
W_I, TAU_I, E_I = 6.7, 10.0, -80.0              # mS, ms, mV
K_OUT = 80                                      # outgoing connections per neuron
EXC_FRACTION = 0.8


def sizes(n):
    n_exc = int(round(n * EXC_FRACTION))
    return n_exc, n - n_exc


def conn_num(n):
    """What the brainpy / brainpystate EventFixedProb gets: example 103's probability 0.02 at N = 4000
    (int(4000 * 0.02) = 80), the count 80 at any other size (same out-degree, same numpy draws)."""
    return 0.02 if n == 4000 else K_OUT


def targets(n, seed_e, seed_i):
    """(n_exc, 80) and (n_inh, 80) post-synaptic targets: exactly what
    brainstate.nn.EventFixedProb(n_pre, n, conn_num, ..., seed=s) draws (numpy legacy MT19937)."""
    n_exc, n_inh = sizes(n)
    te = np.random.RandomState(seed_e).randint(0, n, size=(n_exc, K_OUT))
    ti = np.random.RandomState(seed_i).randint(0, n, size=(n_inh, K_OUT))
    return te, ti


def pre_post(n, seed_e, seed_i):
    """Explicit connection lists (global neuron ids 0..n-1): (pre_E, post_E), (pre_I, post_I)."""
    te, ti = targets(n, seed_e, seed_i)
    n_exc, n_inh = sizes(n)
    pre_e = np.repeat(np.arange(n_exc, dtype=np.int64), K_OUT)
    pre_i = np.repeat(np.arange(n_exc, n, dtype=np.int64), K_OUT)
    return (pre_e, te.reshape(-1).astype(np.int64)), (pre_i, ti.reshape(-1).astype(np.int64))


def initial_v(n, seed_v):
    """Initial membrane potentials in mV, the same array for every tool."""
    return np.random.RandomState(seed_v).normal(V0_MEAN, V0_STD, size=n)


# -- command line and output --------------------------------------------------------------------
def parser(description):
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument('--neurons', type=int, default=4000)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--duration', type=float, default=1000.0, help='simulated time in ms')
    ap.add_argument('--seed-e', type=int, default=1, help='numpy seed of the excitatory targets')
    ap.add_argument('--seed-i', type=int, default=2, help='numpy seed of the inhibitory targets')
    ap.add_argument('--seed-v', type=int, default=42, help='numpy seed of the initial V')
    return ap


def rates(count_e, count_i, n, duration_ms):
    n_exc, n_inh = sizes(n)
    s = duration_ms * 1e-3
    return count_e / n_exc / s, count_i / n_inh / s


class Stopwatch:
    """Wall clock and this process' CPU time (all threads) between start() and stop()."""

    def start(self):
        self.w0, self.c0 = time.perf_counter(), time.process_time()
        return self

    def stop(self):
        self.wall = time.perf_counter() - self.w0
        self.cpu = time.process_time() - self.c0
        return self


def emit(**fields):
    fields.setdefault('python', platform.python_version())
    fields.setdefault('pid', os.getpid())
    print('RESULT ' + json.dumps(fields, sort_keys=True), flush=True)


def fail(msg):
    print(f'ERROR {msg}', file=sys.stderr, flush=True)
    sys.exit(2)
