#!/usr/bin/env python3
"""Training benchmark: time per training step of brainpy.state's example 200 network (SpyTorch
tutorial 1: 100 inputs -> Linear + Expon -> 4 LIF -> Linear -> Expon readout, batch 256, 200 steps of
1 ms, softmax cross-entropy, Adam) in brainpy.state (jax CPU, jitted train step) and in brainpystate
(bp.nn.Sequential: grad + optimizer update from Python), one process per measurement, the tools
alternated.

    python3 tools/bench/train_bench.py                        # 3 rounds, 50 timed steps per process
    python3 tools/bench/train_bench.py --rounds 5 --cores 1,2
    python3 tools/bench/train_bench.py --libraries old=/tmp/a.so,new=/tmp/b.so --rounds 6 --cores 1,2

The input spike trains are float32 0/1 arrays [T, B, 100], as example 200 builds them, and the same
spikes as a bool array (a spike train's natural type, which the engine reads as bytes without
conversion). Each tool runs with both (`--brainpy-input float32` runs brainpy.state with example
200's float32 only); the ratio column compares each brainpystate row with brainpy.state given the
same input type, the last column with brainpy.state given float32.

A training step is, in both tools, the full step of the example: re-initialise the states, run the
200 steps forward, backpropagate through time, apply Adam. Each process first runs 3 untimed steps
(jax compiles during the first). Prints a table and writes tools/bench/results/train_<date>.md / .json.
Needs .venv-bench (tools/bench/run.sh creates it: brainpy 2.9.0, jax CPU, numba) and .venv with the
binding; the library is BRAINPYSTATE_LIBRARY or the repository's release build.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
B, T, NUM_IN, NUM_REC, NUM_OUT = 256, 200, 100, 4, 2


def data(seed=0):
    import numpy as np
    rng = np.random.default_rng(seed)
    x = (rng.random((T, B, NUM_IN)) < 5e-3).astype(np.float32)
    y = rng.integers(0, NUM_OUT, B)
    return x, y


def worker_brainpy(steps, input_type):
    import brainpy
    import brainstate as bs
    import braintools as bt
    import brainunit as u
    import jax
    import jax.numpy as jnp
    bs.environ.set(dt=1.0 * u.ms)
    x_np, y_np = data()
    x, y = jnp.asarray(x_np.astype(input_type)), jnp.asarray(y_np)

    class SNN(bs.nn.Module):
        def __init__(self):
            super().__init__()
            scale = 7 * (1 - (u.math.exp(-bs.environ.get_dt() / (1 * u.ms))))
            self.i2r = bs.nn.Sequential(
                bs.nn.Linear(NUM_IN, NUM_REC, w_init=bt.init.KaimingNormal(scale=scale, unit=u.mA),
                             b_init=bt.init.ZeroInit(unit=u.mA)),
                brainpy.state.Expon(NUM_REC, tau=5. * u.ms, g_initializer=bt.init.Constant(0. * u.mA)))
            self.r = brainpy.state.LIF(NUM_REC, tau=20 * u.ms, V_reset=0 * u.mV, V_rest=0 * u.mV, V_th=1. * u.mV,
                                       spk_fun=bt.surrogate.ReluGrad())
            self.r2o = bs.nn.Linear(NUM_REC, NUM_OUT, w_init=bt.init.KaimingNormal())
            self.o = brainpy.state.Expon(NUM_OUT, tau=10. * u.ms, g_initializer=bt.init.Constant(0.))

        def update(self, spike):
            return self.o(self.r2o(self.r(self.i2r(spike))))

    bs.random.seed(0)
    net = SNN()
    opt = bt.optim.Adam(lr=3e-3)
    opt.register_trainable_weights(net.states(bs.ParamState))

    def loss_fn():
        out = u.math.mean(bs.transform.for_loop(net.update, x), axis=0)
        return bt.metric.softmax_cross_entropy_with_integer_labels(out, y).mean()

    @bs.transform.jit
    def train_step():
        bs.nn.init_all_states(net, batch_size=B)
        grads, loss = bs.transform.grad(loss_fn, net.states(bs.ParamState), return_value=True)()
        opt.update(grads)
        return loss

    for _ in range(3):
        jax.block_until_ready(train_step())
    return timed(lambda: jax.block_until_ready(train_step()), steps)


def worker_brainpystate(steps, input_type):
    sys.path.insert(0, os.path.join(REPO, 'bindings', 'python'))
    import numpy as np
    import brainpystate as bp
    from brainpystate import units as u
    x, y = data()
    x = x.astype(input_type)
    scale = 7 * (1 - np.exp(-1.0))
    net = bp.nn.Sequential(
        bp.nn.Linear(NUM_IN, NUM_REC, w_init=bp.init.KaimingNormal(scale=scale, unit=u.mA), b_init=bp.init.ZeroInit(u.mA)),
        bp.Expon(NUM_REC, tau=5. * u.ms, g_initializer=bp.init.Constant(0. * u.mA)),
        bp.LIF(NUM_REC, tau=20 * u.ms, V_reset=0 * u.mV, V_rest=0 * u.mV, V_th=1. * u.mV, spk_fun=bp.surrogate.ReluGrad()),
        bp.nn.Linear(NUM_REC, NUM_OUT, w_init=bp.init.KaimingNormal()),
        bp.Expon(NUM_OUT, tau=10. * u.ms, g_initializer=bp.init.ZeroInit()),
        dt=1 * u.ms, precision=32, seed=0)
    opt = bp.optim.Adam(lr=3e-3)
    opt.register_trainable_weights(net.states(bp.ParamState))

    def train_step():
        grads, loss = net.grad(x, y, return_value=True)
        opt.update(grads)
        return loss

    for _ in range(3):
        train_step()
    return timed(train_step, steps)


def timed(fn, steps):
    out = []
    for _ in range(steps):
        t0 = time.perf_counter()
        fn()
        out.append(1e3 * (time.perf_counter() - t0))
    return out


def run_worker(tool, input_type, steps, cores):
    py = os.path.join(REPO, '.venv-bench' if tool == 'brainpy' else '.venv', 'bin', 'python')
    cmd = [py, os.path.abspath(__file__), '--worker', tool, '--worker-input', input_type, '--steps', str(steps)]
    if cores == 1:
        cmd = ['taskset', '-c', '0'] + cmd
    env = dict(os.environ, JAX_PLATFORMS='cpu')
    if cores == 1:
        env.update(OPENBLAS_NUM_THREADS='1', XLA_FLAGS='--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1')
    out = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f'{tool} worker failed:\n{out.stderr[-3000:]}')
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare_libraries(args):
    """A/B of brainpystate builds: the same bool-input worker with BRAINPYSTATE_LIBRARY set to each
    library in turn (alternated, so the host's slow spells fall on all of them)."""
    libs = [item.split('=', 1) for item in args.libraries.split(',')]
    if any(len(pair) != 2 or not os.path.isfile(pair[1]) for pair in libs):
        raise SystemExit('--libraries takes LABEL=PATH pairs of existing files, comma-separated')
    print(f'# {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%M}Z; bool input, {args.steps} timed steps '
          f'per process, medians in ms per training step')
    for cores in [int(c) for c in args.cores.split(',')]:
        per = {label: [] for label, _ in libs}
        for _ in range(args.rounds):
            for label, path in libs:
                os.environ['BRAINPYSTATE_LIBRARY'] = os.path.abspath(path)
                per[label].append(statistics.median(run_worker('brainpystate', 'bool', args.steps, cores)))
        for label, times in per.items():
            print(f'{cores} core(s)  {label:28s} median of medians {statistics.median(times):6.3f}   '
                  f'processes {" ".join(f"{t:.3f}" for t in times)}', flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--worker', choices=('brainpy', 'brainpystate'), help=argparse.SUPPRESS)
    ap.add_argument('--worker-input', default='float32', help=argparse.SUPPRESS)
    ap.add_argument('--steps', type=int, default=50, help='timed training steps per process (default 50)')
    ap.add_argument('--rounds', type=int, default=3, help='processes per tool and core count, alternated (default 3)')
    ap.add_argument('--cores', default='2', help='comma-separated core counts: 1 pins to one core (default 2)')
    ap.add_argument('--brainpy-input', default='float32,bool',
                    help="the input array types for brainpy.state, comma-separated (default float32,bool)")
    ap.add_argument('--out', default=os.path.join(REPO, 'tools', 'bench', 'results'), help='results directory')
    ap.add_argument('--libraries', metavar='LABEL=PATH,...',
                    help='compare brainpystate builds instead (bool input, no brainpy.state): one process per '
                         'library in turn, --rounds times per core count; prints every process median, writes nothing')
    args = ap.parse_args()
    if args.worker:
        fn = worker_brainpy if args.worker == 'brainpy' else worker_brainpystate
        print(json.dumps(fn(args.steps, args.worker_input)))
        return
    if args.libraries:
        compare_libraries(args)
        return
    brainpy_inputs = [t for t in args.brainpy_input.split(',') if t]
    if not brainpy_inputs or any(t not in ('float32', 'bool') for t in brainpy_inputs):
        ap.error('--brainpy-input takes float32 and/or bool')
    if 'float32' not in brainpy_inputs:
        brainpy_inputs.insert(0, 'float32')   # the reference of the last column
    configs = [('brainpy', t) for t in brainpy_inputs] + [('brainpystate', 'float32'), ('brainpystate', 'bool')]
    rows = []
    for cores in [int(c) for c in args.cores.split(',')]:
        per = {c: [] for c in configs}
        for r in range(args.rounds):
            for tool, input_type in configs:
                ms = run_worker(tool, input_type, args.steps, cores)
                per[(tool, input_type)].append(statistics.median(ms))
                print(f'  round {r + 1}: {tool:12s} {input_type:7s} {cores} core(s): median {statistics.median(ms):8.3f} ms per step',
                      flush=True)
        for tool, input_type in configs:
            times = per[(tool, input_type)]
            rows.append({'tool': tool, 'input': input_type, 'cores': cores, 'min_ms': min(times),
                         'median_ms': statistics.median(times), 'rounds': times})
    lines = ['| tool | input | cores | ms per training step (min of medians) | median | '
             'brainpy.state (same input) / this | brainpy.state (float32) / this |',
             '|---|---|---|---|---|---|---|']
    for row in rows:
        peers = [r for r in rows if r['tool'] == 'brainpy' and r['cores'] == row['cores']]
        same = next((r for r in peers if r['input'] == row['input']), None)
        f32 = next(r for r in peers if r['input'] == 'float32')
        ratio = f"{same['median_ms'] / row['median_ms']:.1f}×" if same else '–'
        lines.append(f"| {row['tool']} | {row['input']} | {row['cores']} | {row['min_ms']:.3f} | {row['median_ms']:.3f} | "
                     f"{ratio} | {f32['median_ms'] / row['median_ms']:.1f}× |")
    table = '\n'.join(lines)
    print(table)
    date = datetime.date.today().isoformat()
    os.makedirs(args.out, exist_ok=True)
    machine = f'{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}'
    with open(os.path.join(args.out, f'train_{date}.md'), 'w') as f:
        f.write(f'# Training step benchmark ({date})\n\nExample 200 (SpyTorch tutorial 1): batch {B}, {T} steps, '
                f'Adam; {args.rounds} processes per tool, {args.steps} timed steps each (after 3 untimed).\n'
                f'Input: the same 0/1 spike trains as float32 or bool arrays; ratios are of medians.\n'
                f'Machine: {machine}.\n\n{table}\n')
    with open(os.path.join(args.out, f'train_{date}.json'), 'w') as f:
        json.dump({'date': date, 'machine': machine, 'steps': args.steps, 'rows': rows}, f, indent=1)


if __name__ == '__main__':
    main()
