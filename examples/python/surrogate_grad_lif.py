#!/usr/bin/env python3
"""brainpy.state example 200 on brainpystate: surrogate-gradient training of a spiking network
(SpyTorch tutorial 1, F. Zenke).

100 Poisson inputs (5 Hz, 200 steps of 1 ms) -> Linear + Expon (5 ms) current -> 4 LIF neurons
(tau 20 ms, V_th 1 mV, V_reset = V_rest = 0, ReluGrad surrogate) -> Linear -> a leaky Expon readout
(10 ms) of 2 units; the loss is the softmax cross-entropy of the output's mean over time, a batch of
256 random samples with random labels, trained with Adam(lr=3e-3) by backpropagation through time.

    python examples/python/surrogate_grad_lif.py                 # brainpy.state's data and initial weights
    python examples/python/surrogate_grad_lif.py --fresh --seed 3 # new random data and weights

By default the run starts from the data and initial weights brainpy.state's run of this example
used (fixtures/reference/training/example200_data.npz, made by tools/reference/generate_training.py),
so the loss curve prints next to the reference's. The accuracy (argmax over outputs of the maximum
over time, as in the example) is printed before and after training; the last line is ``RESULT {json}``.
"""

import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, 'bindings', 'python'))

import numpy as np  # noqa: E402

import brainpystate as bp  # noqa: E402
from gallery import pyplot  # noqa: E402
from brainpystate import units as u  # noqa: E402

REFERENCE = os.path.join(REPO, 'fixtures', 'reference', 'training')
NUM_IN, NUM_REC, NUM_OUT, NUM_STEP, NUM_SAMPLE = 100, 4, 2, 200, 256


def build(w_i2r, b_i2r, w_r2o, b_r2o, precision, seed):
    """Example 200's SNN; the initializers of the example when no weights are given."""
    dt = 1 * u.ms
    scale = 7 * (1 - np.exp(-1.0))          # 7·(1 − e^{−dt/1 ms})
    return bp.nn.Sequential(
        bp.nn.Linear(NUM_IN, NUM_REC,
                     w_init=bp.init.KaimingNormal(scale=scale, unit=u.mA) if w_i2r is None else w_i2r * u.mA,
                     b_init=bp.init.ZeroInit(u.mA) if b_i2r is None else b_i2r * u.mA),
        bp.Expon(NUM_REC, tau=5. * u.ms, g_initializer=bp.init.Constant(0. * u.mA)),
        bp.LIF(NUM_REC, tau=20 * u.ms, V_reset=0 * u.mV, V_rest=0 * u.mV, V_th=1. * u.mV,
               spk_fun=bp.surrogate.ReluGrad()),
        bp.nn.Linear(NUM_REC, NUM_OUT, w_init=bp.init.KaimingNormal() if w_r2o is None else w_r2o,
                     b_init=bp.init.ZeroInit() if b_r2o is None else b_r2o),
        bp.Expon(NUM_OUT, tau=10. * u.ms, g_initializer=bp.init.ZeroInit()),
        dt=dt, precision=precision, seed=seed)


def accuracy(net, x, y):
    """The example's accuracy: argmax over outputs of the maximum over time."""
    out = net(x)
    return float(np.mean(np.argmax(out.max(axis=0), axis=1) == y))


def plot(path, iterations, losses, ref_iterations, ref_losses):
    plt = pyplot()
    if plt is None:
        return None
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(iterations, losses, label='brainpystate')
    if ref_losses is not None:
        ax.plot(ref_iterations, ref_losses, 'o', ms=3, label='brainpy.state')
    ax.set_xlabel('iteration')
    ax.set_ylabel('loss')
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--iterations', type=int, default=300, help='training iterations (default 300)')
    ap.add_argument('--fresh', action='store_true', help="new random data and weights instead of the reference's")
    ap.add_argument('--seed', type=int, default=0, help='seed of --fresh data and weights (default 0)')
    ap.add_argument('--precision', type=int, choices=(32, 64), default=32, help='float precision (default 32)')
    ap.add_argument('--plot', default='surrogate_grad_lif_loss.png', help='loss curve path (skipped without matplotlib)')
    args = ap.parse_args(argv)

    ref = None
    if args.fresh:
        rng = np.random.default_rng(args.seed)
        x = (rng.random((NUM_STEP, NUM_SAMPLE, NUM_IN)) < 5 * 1e-3).astype(np.float32)   # 5 Hz at dt = 1 ms
        y = rng.integers(0, NUM_OUT, NUM_SAMPLE)
        net = build(None, None, None, None, args.precision, args.seed)
    else:
        z = np.load(os.path.join(REFERENCE, 'example200_data.npz'))
        ref = json.load(open(os.path.join(REFERENCE, 'example200.json')))
        x = np.zeros(NUM_STEP * NUM_SAMPLE * NUM_IN, dtype=np.float32)
        x[z['x_index']] = 1
        x = x.reshape(NUM_STEP, NUM_SAMPLE, NUM_IN)
        y = z['labels'].astype(np.int64)
        net = build(z['W_i2r'], z['b_i2r'], z['W_r2o'], z['b_r2o'], args.precision, 0)

    acc_before = accuracy(net, x, y)
    opt = bp.optim.Adam(lr=3e-3)
    opt.register_trainable_weights(net.states(bp.ParamState))
    losses = []
    t0 = time.perf_counter()
    for it in range(args.iterations):
        grads, loss = net.grad(x, y, loss=bp.metric.softmax_cross_entropy_with_integer_labels, return_value=True)
        opt.update(grads)
        losses.append(loss)
    train_s = time.perf_counter() - t0
    acc_after = accuracy(net, x, y)
    rate = float(net.output(2).mean())

    print(f'example 200 (SpyTorch tutorial 1): {NUM_IN} inputs -> {NUM_REC} LIF -> {NUM_OUT} outputs, batch '
          f'{NUM_SAMPLE}, {NUM_STEP} steps, float{args.precision}, '
          f'{"fresh data, seed %d" % args.seed if args.fresh else "brainpy.state data and initial weights"}')
    ref_it = ref_loss = None
    if ref is not None:
        ref_it, ref_loss = ref['loss_iterations'], ref['loss']
        print('  iteration   loss (brainpystate)   loss (brainpy.state)')
        for i, r in zip(ref_it, ref_loss):
            if i <= len(losses) and (i % 50 == 0 or i == 10):
                print(f'  {i:9d}   {losses[i - 1]:19.4f}   {r:20.4f}')
    print(f'  loss: first {losses[0]:.4f}, last {losses[-1]:.4f}')
    print(f'  accuracy: before {acc_before:.3f}, after {acc_after:.3f}' +
          (f"  (brainpy.state: {ref['accuracy_before']:.3f} -> {ref['accuracy_after']:.3f})" if ref else ''))
    print(f'  LIF rate after training: {rate:.4f} spikes per step; {args.iterations} iterations in {train_s:.2f} s '
          f'({1e3 * train_s / max(1, args.iterations):.2f} ms per training step)')
    if args.plot:
        path = plot(args.plot, np.arange(1, len(losses) + 1), losses, ref_it, ref_loss)
        if path:
            print(f'  loss curve: {path}')
    print('RESULT ' + json.dumps({'loss_first': losses[0], 'loss_last': losses[-1], 'accuracy_before': acc_before,
                                  'accuracy_after': acc_after, 'ms_per_step': 1e3 * train_s / max(1, args.iterations),
                                  'losses': [round(float(v), 6) for v in losses]}))


if __name__ == '__main__':
    main()
