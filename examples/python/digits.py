#!/usr/bin/env python3
"""Train a spiking network on scikit-learn's bundled 8×8 digits (1797 images, 10 classes) with
surrogate gradients and backpropagation through time.

Each image is rate-coded: for T = 20 steps of 1 ms every pixel spikes with probability pixel/20 per
step (up to 0.8 for the brightest, 16). Network: Linear(64 -> 128, mA) -> LIF(128, tau 10 ms, V_th 1 mV, soft reset, Sigmoid surrogate)
-> Linear(128 -> 10) -> Expon(10, tau 10 ms); the loss is the softmax cross-entropy of the output's
mean over time, trained with Adam in batches of 64, its learning rate 5e-3 decaying by 0.85 per epoch
(ExponentialLR). Every fifth image (index % 5 == 4: 359 images) tests, the other 1438 train.

    python examples/python/digits.py                  # 15 epochs, loss curve in digits_loss.png
    python examples/python/digits.py --export-csv digits.csv   # the data for examples/c/digits.c

The spike encoding uses a counter-based hash (splitmix64 of seed, epoch, image, step, pixel) that
examples/c/digits.c computes the same way, so the C example trains on exactly the same spikes and,
with the same engine, reaches the same weights. The last line is ``RESULT {json}``.
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

STEPS, HIDDEN, CLASSES, BATCH = 20, 128, 10, 64
M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def load_digits():
    """(pixels [n, 64] in 0..16, labels [n]) from scikit-learn's bundled copy."""
    from sklearn.datasets import load_digits as sk_load
    d = sk_load()
    return d.data.astype(np.float64), d.target.astype(np.int64)


def splitmix64(z):
    """The splitmix64 finaliser on uint64 counters (numpy wraps on overflow, as C does)."""
    with np.errstate(over='ignore'):
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def split(n):
    """(training indices, test indices): every fifth image tests."""
    index = np.arange(n)
    return index[index % 5 != 4], index[index % 5 == 4]


def encode(pixels, ids, epoch, seed):
    """Rate code of the images with dataset indices `ids`: [STEPS, n, 64] spikes as uint8. Element
    (t, i, p) spikes when the uniform of counter ((seed·1000 + epoch)·2^20 + ids[i])·2^11 + t·64 + p is
    below pixel/20."""
    img = np.asarray(ids, dtype=np.uint64)[None, :, None]
    t = np.arange(STEPS, dtype=np.uint64)[:, None, None]
    p = np.arange(64, dtype=np.uint64)[None, None, :]
    with np.errstate(over='ignore'):
        base = np.uint64(seed * 1000 + epoch) << np.uint64(20)
        counter = ((base + img) << np.uint64(11)) + t * np.uint64(64) + p
    uniform = (splitmix64(counter) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    return (uniform < pixels[None, :, :] / 20.0).astype(np.uint8)


def build(seed, precision):
    return bp.nn.Sequential(
        bp.nn.Linear(64, HIDDEN, w_init=bp.init.KaimingNormal(scale=4.0, unit=u.mA), b_init=bp.init.ZeroInit(u.mA)),
        bp.LIF(HIDDEN, tau=10 * u.ms, V_th=1 * u.mV, V_reset=0 * u.mV, V_rest=0 * u.mV,
               spk_fun=bp.surrogate.Sigmoid(alpha=4.)),
        bp.nn.Linear(HIDDEN, CLASSES, w_init=bp.init.KaimingNormal(), b_init=bp.init.ZeroInit()),
        bp.Expon(CLASSES, tau=10 * u.ms, g_initializer=bp.init.ZeroInit()),
        dt=1 * u.ms, precision=precision, seed=seed)


def evaluate(net, pixels, labels, ids, seed):
    """Accuracy of the argmax of the output's mean over time on images `ids`, one fixed encoding."""
    correct = 0
    for s in range(0, len(ids), 256):
        batch = ids[s:s + 256]
        out = net(encode(pixels[batch], batch, 0, seed + 1))
        correct += int(np.sum(np.argmax(out.mean(axis=0), axis=1) == labels[batch]))
    return correct / len(ids)


def plot(path, losses, accs, batches_per_epoch):
    plt = pyplot()
    if plt is None:
        return None
    fig, (a, b) = plt.subplots(1, 2, figsize=(9, 3.5))
    a.plot(np.arange(1, len(losses) + 1) / batches_per_epoch, losses)
    a.set_xlabel('epoch')
    a.set_ylabel('training loss (per batch)')
    b.plot(np.arange(1, len(accs) + 1), accs, 'o-')
    b.set_xlabel('epoch')
    b.set_ylabel('test accuracy')
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--epochs', type=int, default=15, help='training epochs (default 15)')
    ap.add_argument('--seed', type=int, default=0, help='seed of the weights and the spike encoding (default 0)')
    ap.add_argument('--precision', type=int, choices=(32, 64), default=32, help='float precision (default 32)')
    ap.add_argument('--plot', default='digits_loss.png', help='loss curve path (skipped without matplotlib)')
    ap.add_argument('--export-csv', metavar='PATH', help='write the digits as CSV (64 pixels, label) and exit')
    args = ap.parse_args(argv)

    pixels, labels = load_digits()
    if args.export_csv:
        np.savetxt(args.export_csv, np.column_stack([pixels, labels]), fmt='%d', delimiter=',')
        print(f'wrote {len(labels)} images to {args.export_csv}')
        return
    train, test = split(len(labels))
    per_epoch = len(train) // BATCH

    net = build(args.seed, args.precision)
    sched = bp.optim.ExponentialLR(base_lr=5e-3, gamma=0.85)
    opt = bp.optim.Adam(lr=sched)
    opt.register_trainable_weights(net.states(bp.ParamState))
    losses, accs = [], []
    acc0 = evaluate(net, pixels, labels, test, args.seed)
    t0 = time.perf_counter()
    for epoch in range(args.epochs):
        for b in range(per_epoch):
            ids = train[b * BATCH:(b + 1) * BATCH]
            grads, loss = net.grad(encode(pixels[ids], ids, epoch, args.seed), labels[ids], return_value=True)
            opt.update(grads)
            losses.append(loss)
        sched.step()
        accs.append(evaluate(net, pixels, labels, test, args.seed))
        print(f'epoch {epoch + 1:2d}: mean training loss {np.mean(losses[-per_epoch:]):.4f}, '
              f'test accuracy {accs[-1]:.3f}')
    train_s = time.perf_counter() - t0
    print(f'digits: {len(train)} training / {len(test)} test images, {STEPS} steps, float{args.precision}; '
          f'test accuracy {acc0:.3f} before, {accs[-1]:.3f} after {args.epochs} epochs ({train_s:.1f} s)')
    if args.plot:
        path = plot(args.plot, losses, accs, per_epoch)
        if path:
            print(f'  loss curve: {path}')
    w = net.states()[(0, 'weight')].value
    print('RESULT ' + json.dumps({'test_accuracy': accs[-1], 'test_accuracy_before': acc0,
                                  'final_loss': float(np.mean(losses[-per_epoch:])),
                                  'train_s': train_s, 'w1_checksum': float(np.abs(w).sum())}))


if __name__ == '__main__':
    main()
