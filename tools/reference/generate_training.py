#!/usr/bin/env python3
"""Golden training fixtures from brainpy.state (BrainPy 2.9.0) for the Swift port.

Run from the repository root with the reference venv (see tools/reference/README.md):

    .venv-ref/bin/python tools/reference/generate_training.py                  # everything, ~2 min
    .venv-ref/bin/python tools/reference/generate_training.py --only surrogates,optimizers
    .venv-ref/bin/python tools/reference/generate_training.py --only 'bptt_*' --precision 32

Output: fixtures/reference/training/ (override with --outdir).

The training stack of spec synapses_projections_training.md §7-8: surrogate spike functions,
BPTT gradients through LIF networks (brainstate.transform.grad over the ParamStates, exactly as the
reference examples do it), the braintools.optim optimizers and learning-rate schedulers, and
brainpy.state's example 200 (SpyTorch tutorial 1).

How it works
------------
* As in generate.py, the parent only orchestrates; every precision runs in a child process of its
  own (``--worker``), because ``brainstate.environ.set(precision=64)`` switches JAX x64 on for the
  whole process.  The float64 child writes surrogates.json, optimizers.json, the float64 BPTT
  files and the per-model gradient files; the float32 child the float32 BPTT files and
  example200 (the example runs in brainstate's default float32).
* dt = 1 ms everywhere (set globally before anything is built).  Step n runs at t_n = n ms,
  passed into the compiled for_loop as data with ``environ.context(t=t_n)`` (only LIFRef reads t).
* Every input is exact: Bernoulli spike trains (0.0/1.0) and weights are drawn with numpy
  RandomState from fixed seeds and passed explicitly into the ParamStates (Linear(w_init=W,
  b_init=b), LeakyRateReadout(w_init=W)), so no JAX random number matters.  float32 files use
  float32(value) of the same float64 draws.
* A gradient is taken as in the reference training loop (spec §8): inside one jit-compiled
  function, ``init_all_states(net, batch_size=B)``, then
  ``brainstate.transform.grad(loss_fn, net.states(ParamState), return_value=True)()``, where
  loss_fn runs ``for_loop`` over the T steps and reduces the outputs (mean over T, then the loss,
  then the batch mean).  Training steps add ``optimizer.update(grads)`` to the same function.
* Checks before anything is written: every gradient is compared with an independent pure-JAX
  re-implementation of the spec equations (custom_jvp spikes with the surrogate derivative,
  exp-Euler written out, same layer order), forward outputs and spikes with it as well; the
  parameters a loss depends on smoothly (those downstream of every spike, and all parameters of
  the spike-free networks) are checked against central finite differences of the reference loss
  (float64); surrogate derivatives against numpy formulas of the spec table (§7.6); optimizer
  and scheduler results against numpy implementations of §7.7/§7.8.
* npz files are written like generate.py's (savez_compressed layout, fixed timestamps, a 0-d
  unicode ``meta`` holding JSON); JSON files are plain JSON, floats written with repr (exact
  round trip).  Everything except example200's timings is deterministic.
"""

import json
import os
import platform
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402  (file writer, worker base, --only selection)

DEFAULT_OUT = os.path.join(generate.REPO, 'fixtures', 'reference', 'training')
DT_MS = 1.0

# ----------------------------------------------------------------------------------------------
# plain-data case definitions (no reference imports)
# ----------------------------------------------------------------------------------------------

# the 18 surrogate classes with one non-default keyword set each (constructor keywords exactly)
SURROGATES = [
    ('Sigmoid', {'alpha': 2.5}),
    ('PiecewiseQuadratic', {'alpha': 2.0}),
    ('PiecewiseExp', {'alpha': 2.0}),
    ('SoftSign', {'alpha': 3.0}),
    ('Arctan', {'alpha': 2.0}),
    ('NonzeroSignLog', {'alpha': 2.0}),
    ('ERF', {'alpha': 2.0}),
    ('PiecewiseLeakyRelu', {'c': 0.05, 'w': 0.5}),
    ('SquarewaveFourierSeries', {'n': 4, 't_period': 6.0}),
    ('S2NN', {'alpha': 2.0, 'beta': 0.5, 'epsilon': 1e-6}),
    ('QPseudoSpike', {'alpha': 3.0}),
    ('LeakyRelu', {'alpha': 0.2, 'beta': 0.8}),
    ('LogTailedRelu', {'alpha': 0.1}),
    ('ReluGrad', {'alpha': 0.5, 'width': 2.0}),
    ('GaussianGrad', {'sigma': 0.3, 'alpha': 1.0}),
    ('MultiGaussianGrad', {'h': 0.2, 's': 4.0, 'sigma': 0.4, 'scale': 0.6}),
    ('InvSquareGrad', {'alpha': 10.0}),
    ('SlayerGrad', {'alpha': 2.0}),
]
# class defaults as the spec states them (§7.6); checked against the constructors at run time
SURROGATE_DEFAULTS = {
    'Sigmoid': {'alpha': 4.0}, 'PiecewiseQuadratic': {'alpha': 1.0}, 'PiecewiseExp': {'alpha': 1.0},
    'SoftSign': {'alpha': 1.0}, 'Arctan': {'alpha': 1.0}, 'NonzeroSignLog': {'alpha': 1.0},
    'ERF': {'alpha': 1.0}, 'PiecewiseLeakyRelu': {'c': 0.01, 'w': 1.0},
    'SquarewaveFourierSeries': {'n': 2, 't_period': 8.0},
    'S2NN': {'alpha': 4.0, 'beta': 1.0, 'epsilon': 1e-8}, 'QPseudoSpike': {'alpha': 2.0},
    'LeakyRelu': {'alpha': 0.1, 'beta': 1.0}, 'LogTailedRelu': {'alpha': 0.0},
    'ReluGrad': {'alpha': 0.3, 'width': 1.0}, 'GaussianGrad': {'sigma': 0.5, 'alpha': 0.5},
    'MultiGaussianGrad': {'h': 0.15, 's': 6.0, 'sigma': 0.5, 'scale': 0.5},
    'InvSquareGrad': {'alpha': 100.0}, 'SlayerGrad': {'alpha': 1.0},
}


def surrogate_x():
    """39 points: the grid -3:0.25:3 (0, ±0.25, ±0.5, ±1, ... exactly) plus off-grid values."""
    grid = np.linspace(-3.0, 3.0, 25)
    extra = [-2.3, -1.9, -0.9, -0.7071067811865476, -0.1, -0.05, -1e-3,
             1e-3, 0.05, 0.1, 0.3333333333333333, 0.9, 1.2345, 2.6]
    return np.unique(np.concatenate([grid, extra]))


def dsg_numpy(name, p, x):
    """Surrogate derivative sigma'(x) in numpy, from the spec table §7.6 (independent check)."""
    a = np.abs(x)
    sgm = lambda z: 1.0 / (1.0 + np.exp(-z))   # noqa: E731
    npdf = lambda z, m, s: np.exp(-(z - m) ** 2 / (2 * s * s)) / (np.sqrt(2 * np.pi) * s)   # noqa: E731
    if name == 'Sigmoid':
        s = sgm(p['alpha'] * x)
        return p['alpha'] * s * (1 - s)
    if name == 'PiecewiseQuadratic':
        return np.where(a > 1 / p['alpha'], 0.0, p['alpha'] - p['alpha'] ** 2 * a)
    if name == 'PiecewiseExp':
        return p['alpha'] / 2 * np.exp(-p['alpha'] * a)
    if name == 'SoftSign':
        return p['alpha'] / (2 * (1 + np.abs(p['alpha'] * x)) ** 2)
    if name == 'Arctan':
        return p['alpha'] / (2 * (1 + (np.pi * p['alpha'] * x / 2) ** 2))
    if name == 'NonzeroSignLog':
        return 1 / (1 / p['alpha'] + a)
    if name == 'ERF':
        return p['alpha'] / np.sqrt(np.pi) * np.exp(-p['alpha'] ** 2 * x * x)
    if name == 'PiecewiseLeakyRelu':
        return np.where(a > p['w'], p['c'], 1 / (2 * p['w']))
    if name == 'SquarewaveFourierSeries':
        w = 2 * np.pi / p['t_period']
        return 4 / p['t_period'] * sum(np.cos((2 * i - 1) * w * x) for i in range(1, p['n'] + 1))
    if name == 'S2NN':
        s = sgm(p['alpha'] * x)
        return np.where(x < 0, p['alpha'] * s * (1 - s), p['beta'] / (np.where(x < 0, 1.0, x) + 1))
    if name == 'QPseudoSpike':
        return (1 + 2 * a / (p['alpha'] + 1)) ** (-p['alpha'])
    if name == 'LeakyRelu':
        return np.where(x < 0, p['alpha'], p['beta'])
    if name == 'LogTailedRelu':
        return np.where(x > 1, 1 / np.where(x > 1, x, 1.0), np.where(x > 0, 1.0, p['alpha']))
    if name == 'ReluGrad':
        return np.maximum(p['alpha'] * p['width'] - p['alpha'] * a, 0.0)
    if name == 'GaussianGrad':
        return p['alpha'] * npdf(x, 0, p['sigma'])
    if name == 'MultiGaussianGrad':
        s, h, sg = p['s'], p['h'], p['sigma']
        return p['scale'] * ((1 + h) * npdf(x, 0, sg) - h * npdf(x, sg, s * sg) - h * npdf(x, -sg, s * sg))
    if name == 'InvSquareGrad':
        return 1 / (p['alpha'] * a + 1) ** 2
    if name == 'SlayerGrad':
        return np.exp(-p['alpha'] * a)
    raise ValueError(name)


# units of the model parameters (the engine's plain mantissas)
PARAM_UNITS = {'tau': 'ms', 'tau_a': 'ms', 'tau_ref': 'ms', 'tau_decay': 'ms', 'tau_rise': 'ms',
               'V_th': 'mV', 'V_reset': 'mV', 'V_rest': 'mV', 'beta': 'mV', 'R': 'ohm',
               'amplitude': '1'}
NEURONS = ('IF', 'LIF', 'LIFRef', 'ALIF')
SYNAPSES = ('Expon', 'DualExpon', 'Alpha')


def _lin(name, n_in, n_out, unit, wname, bname):
    return {'name': name, 'kind': 'Linear', 'n_in': n_in, 'n_out': n_out, 'unit': unit,
            'weight': wname, 'bias': bname}


def bptt_case(surrogate, kw, reset):
    """spec §8-style net: Linear(20→10, mA) → LIF(10) → Linear(10→3) → Expon(3, 10 ms, unitless)."""
    return {
        'T': 50, 'B': 8, 'n_in': 20, 'p_in': 0.1, 'loss': 'softmax_ce', 'seed': 2024,
        'layers': [
            _lin('l1', 20, 10, 'mA', 'W1', 'b1'),
            {'name': 'lif', 'kind': 'LIF', 'n': 10,
             'params': {'R': 1.0, 'tau': 20.0, 'V_th': 1.0, 'V_reset': 0.0, 'V_rest': 0.0},
             'spk_fun': [surrogate, kw], 'spk_reset': reset},
            _lin('l2', 10, 3, '1', 'W2', 'b2'),
            {'name': 'out', 'kind': 'Expon', 'n': 3, 'params': {'tau': 10.0}},
        ],
        # W1 ~ N(1.0, 0.7) mA, b1 ~ N(0.3, 0.2) mA, W2 ~ N(0, 1)/sqrt(10), b2 ~ N(0, 0.1)
        'init': {'W1': (1.0, 0.7), 'b1': (0.3, 0.2), 'W2': (0.0, 1 / np.sqrt(10)), 'b2': (0.0, 0.1)},
    }


BPTT_CASES = {
    'bptt_relu_soft': bptt_case('ReluGrad', {}, 'soft'),
    'bptt_sigmoid_soft': bptt_case('Sigmoid', {'alpha': 4.0}, 'soft'),
    'bptt_relu_hard': bptt_case('ReluGrad', {}, 'hard'),
}


def model_case(model):
    """Per-model gradient networks (float64, T = 40, B = 4, 12 Bernoulli inputs at p = 0.15)."""
    c = {'T': 40, 'B': 4, 'n_in': 12, 'p_in': 0.15, 'seed': 7 + len(model) * 31 + sum(map(ord, model))}
    if model in NEURONS:
        neuron = {
            'IF': {'params': {'R': 1.0, 'tau': 10.0, 'V_th': 1.0}, 'spk_fun': ['ReluGrad', {}],
                   'spk_reset': 'soft'},
            'LIF': {'params': {'R': 2.0, 'tau': 10.0, 'V_th': 1.0, 'V_reset': -0.5, 'V_rest': 0.2},
                    'spk_fun': ['SlayerGrad', {'alpha': 2.0}], 'spk_reset': 'hard'},
            'LIFRef': {'params': {'R': 1.0, 'tau': 20.0, 'tau_ref': 2.0, 'V_th': 1.0, 'V_reset': 0.0,
                                  'V_rest': 0.0}, 'spk_fun': ['ReluGrad', {}], 'spk_reset': 'soft'},
            'ALIF': {'params': {'R': 1.0, 'tau': 20.0, 'tau_a': 50.0, 'V_th': 1.0, 'V_reset': 0.0,
                                'V_rest': 0.0, 'beta': 0.5}, 'spk_fun': ['ReluGrad', {}],
                     'spk_reset': 'soft'},
        }[model]
        c['loss'] = 'softmax_ce'
        c['layers'] = [
            _lin('l1', 12, 8, 'mA', 'W1', 'b1'),
            dict({'name': 'neuron', 'kind': model, 'n': 8}, **neuron),
            _lin('l2', 8, 3, '1', 'W2', 'b2'),
            {'name': 'out', 'kind': 'Expon', 'n': 3, 'params': {'tau': 10.0}},
        ]
        mean_w = {'IF': 1.2, 'LIF': 0.9, 'LIFRef': 1.4, 'ALIF': 1.5}[model]
        c['init'] = {'W1': (mean_w, 0.8), 'b1': (0.3, 0.2), 'W2': (0.0, 1 / np.sqrt(8)), 'b2': (0.0, 0.1)}
    elif model in SYNAPSES:
        params = {'Expon': {'tau': 5.0}, 'DualExpon': {'tau_decay': 10.0, 'tau_rise': 2.0, 'amplitude': 1.5},
                  'Alpha': {'tau': 5.0}}[model]
        c['loss'] = 'mse'
        c['layers'] = [
            _lin('l1', 12, 5, '1', 'W1', 'b1'),
            {'name': 'syn', 'kind': model, 'n': 5, 'params': params},
            _lin('l2', 5, 3, '1', 'W2', 'b2'),
        ]
        c['init'] = {'W1': (0.0, 0.5), 'b1': (0.0, 0.1), 'W2': (0.0, 1 / np.sqrt(5)), 'b2': (0.0, 0.1)}
        c['target'] = (0.5, 0.5)
    elif model == 'LeakyRateReadout':
        c['loss'] = 'mse'
        c['layers'] = [{'name': 'readout', 'kind': 'LeakyRateReadout', 'n_in': 12, 'n_out': 3,
                        'params': {'tau': 5.0}, 'weight': 'W'}]
        c['init'] = {'W': (0.0, 0.5)}
        c['target'] = (0.3, 0.3)
    else:
        raise ValueError(model)
    return c


MODEL_NAMES = ['Expon', 'DualExpon', 'Alpha', 'IF', 'LIF', 'LIFRef', 'ALIF', 'LeakyRateReadout']
GRAD_CASES = {f'grad_{m}': model_case(m) for m in MODEL_NAMES}


def draw_inputs(case, ftype):
    """x[T, B, n_in] Bernoulli 0/1, the parameters, and labels or targets (numpy, float64 draws)."""
    rng = np.random.RandomState(case['seed'])
    T, B = case['T'], case['B']
    x = (rng.rand(T, B, case['n_in']) < case['p_in']).astype(np.float64)
    params = {}
    for layer in case['layers']:
        if layer['kind'] == 'Linear':
            for key, shape in ((layer['weight'], (layer['n_in'], layer['n_out'])), (layer['bias'], (layer['n_out'],))):
                m, s = case['init'][key]
                params[key] = rng.normal(m, s, shape)
        elif layer['kind'] == 'LeakyRateReadout':
            m, s = case['init'][layer['weight']]
            params[layer['weight']] = rng.normal(m, s, (layer['n_in'], layer['n_out']))
    n_out = _n_out(case['layers'][-1])
    if case['loss'] == 'softmax_ce':
        extra = {'labels': rng.randint(0, n_out, B).astype(np.int32)}
    else:
        m, s = case['target']
        extra = {'target': rng.normal(m, s, (B, n_out)).astype(ftype)}
    return x.astype(ftype), {k: v.astype(ftype) for k, v in params.items()}, extra


def _n_out(layer):
    return layer.get('n_out', layer.get('n'))


# optimizer fixture: starting params, 4 gradient dicts (chosen so that clipping acts on some steps
# and not on others, with an exact 0 gradient element and a sign change)
OPT_P0 = {'w': [[0.5, -0.3], [0.1, 0.8], [-0.6, 0.2]], 'b': [0.05, -0.1]}
OPT_GRADS = [
    {'w': [[0.3, -0.2], [0.0, 0.9], [-0.5, 0.1]], 'b': [0.25, -0.4]},
    {'w': [[0.05, 0.02], [-0.01, 0.1], [0.04, -0.03]], 'b': [0.02, 0.06]},
    {'w': [[-0.4, 0.3], [0.2, -0.1], [0.35, 0.0]], 'b': [-0.15, 0.5]},
    {'w': [[0.01, -0.005], [0.02, 0.0], [-0.01, 0.015]], 'b': [0.0, -0.02]},
]
OPTIMIZERS = [
    ('SGD', {'lr': 0.1}),
    ('SGD', {'lr': 0.1, 'momentum': 0.9}),
    ('SGD', {'lr': 0.1, 'momentum': 0.9, 'nesterov': True}),
    ('SGD', {'lr': 0.1, 'weight_decay': 0.1}),
    ('Momentum', {'lr': 0.1}),
    ('MomentumNesterov', {'lr': 0.1}),
    ('Adam', {'lr': 0.1}),
    ('Adam', {'lr': 0.1, 'weight_decay': 0.1}),
    ('Adam', {'lr': 0.1, 'amsgrad': True}),
    ('AdamW', {'lr': 0.1}),
    ('RMSprop', {'lr': 0.1}),
    ('RMSprop', {'lr': 0.1, 'centered': True}),
    ('RMSprop', {'lr': 0.1, 'momentum': 0.9}),
    ('Adam', {'lr': 0.1, 'grad_clip_norm': 0.5}),
    ('Adam', {'lr': 0.1, 'grad_clip_value': 0.1}),
]
SCHEDULERS = [
    ('StepLR', {'base_lr': 1e-2, 'step_size': 2, 'gamma': 0.5}),
    ('MultiStepLR', {'base_lr': 1e-2, 'milestones': [2, 5, 8], 'gamma': 0.5}),
    ('ExponentialLR', {'base_lr': 1e-2, 'gamma': 0.8}),
    ('CosineAnnealingLR', {'base_lr': 1e-2, 'T_max': 5}),
    ('CosineAnnealingLR', {'base_lr': 1e-2, 'T_max': 5, 'eta_min': 1e-3}),
    ('LinearLR', {'base_lr': 1e-2, 'start_factor': 0.25, 'end_factor': 1.0, 'total_iters': 4}),
    ('ConstantLR', {'base_lr': 1e-2, 'factor': 0.5, 'total_iters': 3}),
    ('PolynomialLR', {'base_lr': 1e-2, 'total_iters': 5, 'power': 2.0}),
    ('WarmupScheduler', {'base_lr': 1e-2, 'warmup_epochs': 4, 'warmup_start_lr': 1e-3}),
]
SCHEDULER_EPOCHS = 11     # lr at epochs 0..10

EX200 = {'num_in': 100, 'num_rec': 4, 'num_out': 2, 'num_step': 200, 'num_sample': 256,
         'freq_hz': 5.0, 'lr': 3e-3, 'iterations': 300, 'seed': 0, 'extra_seeds': [1, 2, 3, 4],
         'loss_every': 10}

FIXTURES_F64 = ['surrogates', 'optimizers'] + [f'{n}' for n in BPTT_CASES] + list(GRAD_CASES)
FIXTURES_F32 = list(BPTT_CASES) + ['example200']
ALL_FIXTURES = ['surrogates'] + list(BPTT_CASES) + list(GRAD_CASES) + ['optimizers', 'example200']


def write_json(path, obj):
    with open(path + '.tmp', 'w') as fh:
        json.dump(obj, fh, indent=1)
        fh.write('\n')
    os.replace(path + '.tmp', path)


# ----------------------------------------------------------------------------------------------
# numpy references for the optimizers and schedulers (spec §7.7, §7.8)
# ----------------------------------------------------------------------------------------------

def np_optimizer(name, kw, p0, grads, lrs=None):
    """Parameters after each step (list of dicts), straight from the spec formulas."""
    lr = kw.get('lr', 1e-3)
    p = {k: np.array(v, dtype=np.float64) for k, v in p0.items()}
    st = {k: {'m': np.zeros_like(v), 'v': np.zeros_like(v), 'vmax': np.zeros_like(v), 'b': np.zeros_like(v),
              'mu': np.zeros_like(v)} for k, v in p.items()}
    out = []
    for t, graw in enumerate(grads, start=1):
        g = {k: np.array(v, dtype=np.float64) for k, v in graw.items()}
        step_lr = lr if lrs is None else lrs[t - 1]
        if kw.get('grad_clip_norm') is not None:
            norm = np.sqrt(sum(np.sum(v * v) for v in g.values()))
            if norm >= kw['grad_clip_norm']:   # optax: g * max_norm / norm when norm >= max_norm
                g = {k: v * (kw['grad_clip_norm'] / norm) for k, v in g.items()}
        if kw.get('grad_clip_value') is not None:
            g = {k: np.clip(v, -kw['grad_clip_value'], kw['grad_clip_value']) for k, v in g.items()}
        for k in p:
            s, gk = st[k], g[k]
            wd = kw.get('weight_decay', 0.01 if name == 'AdamW' else 0.0)
            if wd > 0 and name != 'AdamW':
                gk = gk + wd * p[k]
            if name in ('SGD', 'Momentum', 'MomentumNesterov'):
                mom = kw.get('momentum', 0.0 if name == 'SGD' else 0.9)
                nesterov = kw.get('nesterov', False) or name == 'MomentumNesterov'
                if mom > 0:
                    s['b'] = gk + mom * s['b']
                    u = gk + mom * s['b'] if nesterov else s['b']
                else:
                    u = gk
            elif name in ('Adam', 'AdamW'):
                b1, b2, eps = 0.9, 0.999, 1e-8
                s['m'] = b1 * s['m'] + (1 - b1) * gk
                s['v'] = b2 * s['v'] + (1 - b2) * gk * gk
                mh, vh = s['m'] / (1 - b1 ** t), s['v'] / (1 - b2 ** t)
                if kw.get('amsgrad'):
                    s['vmax'] = np.maximum(s['vmax'], vh)
                    vh = s['vmax']
                u = mh / (np.sqrt(vh) + eps)
                if name == 'AdamW':
                    u = u + wd * p[k]
            elif name == 'RMSprop':
                a, eps = kw.get('alpha', 0.99), 1e-8
                s['v'] = a * s['v'] + (1 - a) * gk * gk
                if kw.get('centered'):
                    s['mu'] = a * s['mu'] + (1 - a) * gk
                    u = gk / np.sqrt(s['v'] - s['mu'] ** 2 + eps)
                else:
                    u = gk / np.sqrt(s['v'] + eps)
                if kw.get('momentum', 0.0) > 0:
                    s['b'] = u + kw['momentum'] * s['b']
                    u = s['b']
            else:
                raise ValueError(name)
            p[k] = p[k] - step_lr * u
        out.append({k: v.copy() for k, v in p.items()})
    return out


def np_schedule(name, kw, epochs):
    base = kw['base_lr']
    lrs = []
    for e in range(epochs):
        if name == 'StepLR':
            lr = base * kw['gamma'] ** (e // kw['step_size'])
        elif name == 'MultiStepLR':
            lr = base * kw['gamma'] ** sum(e >= m for m in kw['milestones'])
        elif name == 'ExponentialLR':
            lr = base * kw['gamma'] ** e
        elif name == 'CosineAnnealingLR':
            eta, T = kw.get('eta_min', 0.0), kw['T_max']
            lr = eta + (base - eta) * (1 + np.cos(np.pi * min(e, T) / T)) / 2
        elif name == 'LinearLR':
            s, f, n = kw['start_factor'], kw['end_factor'], kw['total_iters']
            lr = base * (s + (f - s) * min(max(e / n, 0.0), 1.0))
        elif name == 'ConstantLR':
            lr = base * kw['factor'] if e < kw['total_iters'] else base
        elif name == 'PolynomialLR':
            n = kw['total_iters']
            lr = base * (1 - min(e, n) / n) ** kw['power']
        elif name == 'WarmupScheduler':
            w, s0 = kw['warmup_epochs'], kw['warmup_start_lr']
            lr = s0 + (base - s0) * e / w if e < w else base
        else:
            raise ValueError(name)
        lrs.append(lr)
    return lrs


# ----------------------------------------------------------------------------------------------
# worker (imports the reference)
# ----------------------------------------------------------------------------------------------

class TrainWorker(generate.Worker):
    def __init__(self, precision, outdir, tmpdir):
        super().__init__(precision, outdir, tmpdir)
        u = self.u
        self.bs.environ.set(dt=DT_MS * u.ms)     # every training fixture runs at dt = 1 ms
        self.unit = {'ms': u.ms, 'mV': u.mV, 'mA': u.mA, 'ohm': u.ohm, '1': None}

    # -- meta ------------------------------------------------------------------------------------

    def meta(self, name, description, **kw):
        m = {'name': name, 'description': description, 'dt_ms': DT_MS, 'precision': self.precision,
             'float_dtype': np.dtype(self.ftype).name, 'versions': self.versions,
             'units': {'time': 'ms', 'voltage': 'mV', 'current': 'mA', 'resistance': 'ohm'},
             'layout': 'row-major; time axis first, batch axis second: x[T, B, n_in]; Linear weight '
                       '[in, out] (y = x @ W + b)'}
        m.update(kw)
        return m

    def summarize(self, fname, text):
        self.summary.append([fname, text])
        print(f'  {fname}: {text}', flush=True)

    # -- building the reference network -----------------------------------------------------------

    def surrogate(self, name, kw):
        return getattr(self.bt.surrogate, name)(**kw)

    def _q(self, value, unit):
        return value if self.unit[unit] is None else value * self.unit[unit]

    def build_layer(self, layer, params):
        bs, bp, bt, u = self.bs, self.bp, self.bt, self.u
        kind = layer['kind']
        if kind == 'Linear':
            W = self._q(self.jnp.asarray(params[layer['weight']]), layer['unit'])
            b = self._q(self.jnp.asarray(params[layer['bias']]), layer['unit'])
            return bs.nn.Linear(layer['n_in'], layer['n_out'], w_init=W, b_init=b)
        if kind == 'LeakyRateReadout':
            return bp.state.LeakyRateReadout(layer['n_in'], layer['n_out'],
                                             tau=layer['params']['tau'] * u.ms,
                                             w_init=self.jnp.asarray(params[layer['weight']]))
        kw = {k: self._q(v, PARAM_UNITS[k]) for k, v in layer['params'].items()}
        if kind in NEURONS:
            kw['spk_fun'] = self.surrogate(*layer['spk_fun'])
            kw['spk_reset'] = layer['spk_reset']
        else:
            kw['g_initializer'] = bt.init.Constant(0.)   # unitless g
        return getattr(bp.state, kind)(layer['n'], **kw)

    def build_net(self, case, params):
        bs = self.bs
        worker = self

        class Chain(bs.nn.Module):
            def __init__(self):
                super().__init__()
                self.names = tuple(layer['name'] for layer in case['layers'])
                for layer in case['layers']:
                    setattr(self, layer['name'], worker.build_layer(layer, params))

            def update(self, t, x):
                with bs.environ.context(t=t):
                    for n in self.names:
                        x = getattr(self, n)(x)
                return x

            def record(self, t, x):
                rec = {}
                with bs.environ.context(t=t):
                    for n in self.names:
                        x = getattr(self, n)(x)
                        rec[n] = x
                        mod = getattr(self, n)
                        for sname in ('V', 'a'):
                            if isinstance(getattr(mod, sname, None), bs.State):
                                rec[f'{n}.{sname}'] = getattr(mod, sname).value
                return rec

        return Chain()

    def mantissa(self, q):
        return np.asarray(self.u.get_mantissa(q))

    def flat_params(self, case, tree):
        """ParamState tree (or gradient tree) of a Chain -> {W1: ..., b1: ..., ...} numpy mantissas."""
        out = {}
        for layer in case['layers']:
            key = (layer['name'], 'weight')
            if layer['kind'] == 'Linear':
                out[layer['weight']] = self.mantissa(tree[key]['weight'])
                out[layer['bias']] = self.mantissa(tree[key]['bias'])
            elif layer['kind'] == 'LeakyRateReadout':
                out[layer['weight']] = self.mantissa(tree[key])
        for k, v in out.items():
            assert v.dtype == self.ftype, (k, v.dtype)
        return out

    def param_values(self, net):
        return {k: st.value for k, st in net.states(self.bs.ParamState).items()}

    def set_params(self, case, net, flat):
        """Write numpy mantissas into the net's ParamStates, keeping their units."""
        u = self.u
        for layer in case['layers']:
            if layer['kind'] not in ('Linear', 'LeakyRateReadout'):
                continue
            st = getattr(net, layer['name']).weight
            if layer['kind'] == 'Linear':
                old = st.value
                st.value = {'weight': u.maybe_decimal(u.Quantity(self.jnp.asarray(flat[layer['weight']]), unit=u.get_unit(old['weight']))),
                            'bias': u.maybe_decimal(u.Quantity(self.jnp.asarray(flat[layer['bias']]), unit=u.get_unit(old['bias'])))}
            elif layer['kind'] == 'LeakyRateReadout':
                st.value = self.jnp.asarray(flat[layer['weight']])

    def times(self, steps):
        tq = self.u.math.arange(0. * self.u.ms, (steps + 0.5) * DT_MS * self.u.ms, DT_MS * self.u.ms)[:steps]
        assert np.array_equal(self.mantissa(tq), np.arange(steps, dtype=self.ftype) * self.ftype(DT_MS))
        return tq

    def loss_value(self, case, y, extra):
        bt, jnp = self.bt, self.jnp
        ym = y.mean(axis=0)
        if case['loss'] == 'softmax_ce':
            return bt.metric.softmax_cross_entropy_with_integer_labels(ym, jnp.asarray(extra['labels'])).mean()
        return bt.metric.squared_error(ym, jnp.asarray(extra['target'])).mean()

    def functions(self, case, net, x, extra, optimizer=None):
        """jit-compiled forward record, loss+gradient, and (with an optimizer) train step."""
        bs = self.bs
        B = case['B']
        t = self.times(case['T'])
        xj = self.jnp.asarray(x)

        def loss_fn():
            y = bs.transform.for_loop(net.update, t, xj)
            return self.loss_value(case, y, extra)

        @bs.transform.jit
        def forward():
            bs.nn.init_all_states(net, batch_size=B)
            return bs.transform.for_loop(net.record, t, xj)

        @bs.transform.jit
        def loss_only():
            bs.nn.init_all_states(net, batch_size=B)
            return loss_fn()

        grad_fn = self.train_step(net, loss_fn, B, None)
        train_fn = None if optimizer is None else self.train_step(net, loss_fn, B, optimizer)
        return forward, loss_only, grad_fn, train_fn

    def train_step(self, net, loss_fn, batch_size, optimizer):
        """The reference training step (spec §8): jit( init_all_states(net, batch_size); grads, loss =
        grad(loss_fn, net.states(ParamState), return_value=True)(); optimizer.update(grads) ).  With
        optimizer None it returns (grads, loss) instead of updating."""
        bs = self.bs

        @bs.transform.jit
        def step():
            bs.nn.init_all_states(net, batch_size=batch_size)
            grads, loss = bs.transform.grad(loss_fn, net.states(bs.ParamState), return_value=True)()
            if optimizer is None:
                return grads, loss
            optimizer.update(grads)
            return loss
        return step

    # -- independent pure-JAX model of the spec equations ---------------------------------------

    def spec_loss(self, case, x, extra, flat):
        """Loss (and outputs) from the spec's equations, written without brainpy/brainstate, as a
        pure function of the parameter mantissas; used to check forward values and gradients."""
        jax, jnp = self.jax, self.jnp
        ft = self.ftype
        dt = ft(DT_MS)
        thr = 1e-7 if self.precision == 64 else 1e-4

        def exprel(z):
            z = jnp.asarray(z, dtype=ft)
            taylor = 1 + z * (1 / 2 + z * (1 / 6 + z * (1 / 24 + z * (1 / 120 + z / 720))))
            return jnp.where(jnp.abs(z) > thr, jnp.expm1(z) / jnp.where(z == 0, 1, z), taylor)

        def ee(x0, drift, tau):
            """exp-Euler for a drift with df/dx = -1/tau: x + dt*phi(dt*J)*f(x)."""
            J = -1.0 / jnp.asarray(tau, dtype=ft)
            return x0 + dt * exprel(dt * J) * drift

        def spike_fn(name, kw):
            p = dict(SURROGATE_DEFAULTS[name], **kw)

            @jax.custom_jvp
            def s(z):
                return (z >= 0).astype(z.dtype)

            @s.defjvp
            def s_jvp(primals, tangents):
                z, = primals
                dz, = tangents
                a = jnp.abs(z)
                if name == 'ReluGrad':
                    d = jnp.maximum(p['alpha'] * p['width'] - a * p['alpha'], 0)
                elif name == 'Sigmoid':
                    sg = jax.nn.sigmoid(p['alpha'] * z)
                    d = p['alpha'] * sg * (1 - sg)
                elif name == 'SlayerGrad':
                    d = jnp.exp(-p['alpha'] * a)
                else:
                    raise ValueError(name)
                return s(z), d.astype(z.dtype) * dz
            return s

        layers = case['layers']

        def init(layer, B):
            z = jnp.zeros((B, _n_out(layer)), dtype=ft)
            kind = layer['kind']
            if kind in ('IF', 'LIF', 'Expon', 'LeakyRateReadout'):
                return (z,)
            if kind == 'LIFRef':
                return (z, jnp.full_like(z, -1e7))
            if kind in ('ALIF', 'DualExpon', 'Alpha'):
                return (z, z)
            return ()

        def step(layer, state, inp, t, prm):
            kind, p = layer['kind'], layer.get('params', {})
            if kind == 'Linear':
                return state, inp @ prm[layer['weight']] + prm[layer['bias']]
            if kind == 'LeakyRateReadout':
                r = jnp.exp(-dt / ft(p['tau'])) * state[0] + inp @ prm[layer['weight']]
                return (r,), r
            if kind == 'Expon':
                g = state[0]
                g = ee(g, -g / p['tau'], p['tau']) + inp
                return (g,), g
            if kind == 'DualExpon':
                gr, gd = state
                gr = ee(gr, -gr / p['tau_rise'], p['tau_rise']) + inp
                gd = ee(gd, -gd / p['tau_decay'], p['tau_decay']) + inp
                td, tr = ft(p['tau_decay']), ft(p['tau_rise'])
                norm = td / (td - tr) * jnp.float_power(tr / td, tr / (tr - td)).astype(ft)
                return (gr, gd), p['amplitude'] * norm * (gd - gr)
            if kind == 'Alpha':
                g, h = state
                h_new = ee(h, -h / p['tau'], p['tau'])
                g = ee(g, -g / p['tau'] + h / p['tau'], p['tau'])
                return (g, h_new + inp), g
            # neurons
            sp = spike_fn(*layer['spk_fun'])
            R, tau, Vth = p['R'], p['tau'], p['V_th']
            Vreset, Vrest = p.get('V_reset', 0.0), p.get('V_rest', 0.0)
            V = state[0]
            hard = layer['spk_reset'] == 'hard'
            if kind == 'IF':
                s = sp((V - Vth) / Vth)
                theta = jax.lax.stop_gradient(V) if hard else Vth
                V0 = V - theta * s
                V1 = ee(V0, (-V0 + R * inp) / tau, tau)
                return (V1,), sp((V1 - Vth) / Vth)
            den = Vth - Vreset
            if kind == 'ALIF':
                a = state[1]
                s = sp((V - Vth - p['beta'] * a) / den)
            else:
                s = sp((V - Vth) / den)
            theta = jax.lax.stop_gradient(V) if hard else Vth
            V0 = V - (theta - Vreset) * s
            V1 = ee(V0, (-V0 + Vrest + R * inp) / tau, tau)
            if kind == 'LIF':
                return (V1,), sp((V1 - Vth) / den)
            if kind == 'LIFRef':
                last = state[1]
                V1 = jnp.where(t - last < p['tau_ref'], V0, V1)
                last = jax.lax.stop_gradient(jnp.where(V1 >= Vth, t, last))
                return (V1, last), sp((V1 - Vth) / den)
            if kind == 'ALIF':
                a0 = a + s
                a1 = ee(a0, -a0 / p['tau_a'], p['tau_a'])
                return (V1, a1), sp((V1 - Vth - p['beta'] * a1) / den)
            raise ValueError(kind)

        T, B = case['T'], case['B']
        ts = jnp.arange(T, dtype=ft) * dt
        xj = jnp.asarray(x)

        def loss(prm):
            def body(states, tx):
                t, inp = tx
                new, rec = [], {}
                for layer, st in zip(layers, states):
                    st, inp = step(layer, st, inp, t, prm)
                    new.append(st)
                    rec[layer['name']] = inp
                return new, rec
            _, rec = jax.lax.scan(body, [init(layer, B) for layer in layers], (ts, xj))
            ym = rec[layers[-1]['name']].mean(axis=0)
            if case['loss'] == 'softmax_ce':
                z = ym - jax.lax.stop_gradient(ym.max(axis=-1, keepdims=True))
                lab = jnp.asarray(extra['labels'])
                val = (jax.nn.logsumexp(z, axis=-1) - jnp.take_along_axis(z, lab[:, None], axis=-1)[:, 0]).mean()
            else:
                val = ((ym - jnp.asarray(extra['target'])) ** 2).mean()
            return val, rec

        prm = {k: jnp.asarray(v) for k, v in flat.items()}
        (val, rec), grads = jax.jit(jax.value_and_grad(loss, has_aux=True))(prm)
        return float(val), {k: np.asarray(v) for k, v in rec.items()}, {k: np.asarray(v) for k, v in grads.items()}

    # -- gradient fixtures --------------------------------------------------------------------

    def fd_check(self, case, net, loss_only, flat, grads, keys, eps=1e-6, n_dirs=3):
        """Central finite differences of the reference loss along random directions in the smooth
        parameters `keys` (float64 only); returns the max relative error."""
        rng = np.random.RandomState(99)
        worst = 0.0
        for _ in range(n_dirs):
            d = {k: rng.normal(size=flat[k].shape) for k in keys}
            plus = dict(flat, **{k: flat[k] + eps * d[k] for k in keys})
            minus = dict(flat, **{k: flat[k] - eps * d[k] for k in keys})
            self.set_params(case, net, plus)
            lp = float(loss_only())
            self.set_params(case, net, minus)
            lm = float(loss_only())
            fd = (lp - lm) / (2 * eps)
            an = sum(float(np.sum(grads[k] * d[k])) for k in keys)
            worst = max(worst, abs(fd - an) / max(abs(an), 1e-8))
        self.set_params(case, net, flat)
        return worst

    def smooth_keys(self, case):
        """Parameters the loss depends on smoothly: everything after the last spiking layer."""
        kinds = [layer['kind'] for layer in case['layers']]
        last_spk = max([i for i, k in enumerate(kinds) if k in NEURONS], default=-1)
        keys = []
        for layer in case['layers'][last_spk + 1:]:
            if layer['kind'] == 'Linear':
                keys += [layer['weight'], layer['bias']]
            elif layer['kind'] == 'LeakyRateReadout':
                keys.append(layer['weight'])
        return keys

    def gradient_case(self, name, case, train_steps=0):
        """Run one network: forward record, loss and gradient (and optionally Adam training);
        check against the spec model and finite differences; return (arrays, meta-extra)."""
        bs, bt = self.bs, self.bt
        x, flat0, extra = draw_inputs(case, self.ftype)
        net = self.build_net(case, flat0)
        flat_net = self.flat_params(case, self.param_values(net))
        for k in flat0:
            assert np.array_equal(flat_net[k], flat0[k]), f'{k} not stored as passed'
        forward, loss_only, grad_fn, _ = self.functions(case, net, x, extra)
        rec = {k: np.asarray(self.u.get_mantissa(v)) for k, v in forward().items()}
        grads_tree, loss = grad_fn()
        loss = float(loss)
        grads = self.flat_params(case, grads_tree)
        # separately compiled programs may round differently in the last place
        plain_loss_diff = abs(loss - float(loss_only()))
        assert plain_loss_diff <= (1e-13 if self.precision == 64 else 1e-5) * max(1.0, abs(loss)), plain_loss_diff
        flat_after = self.flat_params(case, self.param_values(net))
        assert all(np.array_equal(flat_after[k], flat0[k]) for k in flat0), 'grad changed the params'

        arrays = {'x': x}
        arrays.update(extra)
        arrays.update(flat0)
        last = case['layers'][-1]['name']
        arrays['y'] = rec[last]
        hidden = [layer for layer in case['layers'] if layer['kind'] in NEURONS + SYNAPSES]
        for layer in hidden:
            if layer['kind'] in NEURONS:
                arrays['spikes'] = rec[layer['name']]
                arrays['V'] = rec[layer['name'] + '.V']
                if layer['kind'] == 'ALIF':
                    arrays['a'] = rec[layer['name'] + '.a']
            elif layer is not case['layers'][-1]:
                arrays['syn'] = rec[layer['name']]
        arrays['loss'] = np.asarray(loss, dtype=self.ftype)
        for k, g in grads.items():
            arrays['grad_' + k] = g

        # independent check: spec equations in pure JAX
        s_loss, s_rec, s_grads = self.spec_loss(case, x, extra, flat0)
        checks = {'loss_grad_vs_plain_evaluation_abs_diff': plain_loss_diff,
                  'spec_model_loss_abs_err': abs(s_loss - loss),
                  'spec_model_y_max_abs_err': float(np.max(np.abs(s_rec[last] - arrays['y'])))}
        if 'spikes' in arrays:
            lname = [layer['name'] for layer in hidden][0]
            checks['spec_model_spike_mismatches'] = int(np.sum(s_rec[lname] != arrays['spikes']))
        gerr = {}
        for k, g in grads.items():
            scale = max(float(np.max(np.abs(g))), 1e-30)
            gerr[k] = float(np.max(np.abs(s_grads[k] - g))) / scale
        checks['spec_model_grad_max_rel_err'] = gerr
        tol = 1e-10 if self.precision == 64 else 2e-4
        assert checks.get('spec_model_spike_mismatches', 0) == 0, checks
        assert max(gerr.values()) < tol, (name, gerr)
        assert checks['spec_model_loss_abs_err'] < (1e-12 if self.precision == 64 else 1e-5), checks
        if self.precision == 64:
            keys = self.smooth_keys(case)
            checks['finite_difference'] = {'params': keys, 'eps': 1e-6, 'directions': 3,
                                           'max_rel_err': self.fd_check(case, net, loss_only, flat0, grads, keys)}
            assert checks['finite_difference']['max_rel_err'] < 1e-6, checks['finite_difference']

        stats = {'loss': loss, 'grad_norm': {k: float(np.linalg.norm(g)) for k, g in grads.items()}}
        if 'spikes' in arrays:
            stats['mean_rate_per_step'] = float(arrays['spikes'].mean())
            stats['mean_rate_hz'] = float(arrays['spikes'].mean()) * 1000.0 / DT_MS
            stats['silent_neurons'] = int(np.sum(arrays['spikes'].sum(axis=(0, 1)) == 0))

        if train_steps:
            net2 = self.build_net(case, flat0)
            opt = bt.optim.Adam(lr=1e-2)
            opt.register_trainable_weights(net2.states(bs.ParamState))
            _, _, _, train_fn = self.functions(case, net2, x, extra, optimizer=opt)
            losses, after = [], {k: [] for k in flat0}
            for _ in range(train_steps):
                losses.append(float(train_fn()))
                for k, v in self.flat_params(case, self.param_values(net2)).items():
                    after[k].append(v)
            assert losses[0] == loss, (losses[0], loss)
            fwd2 = self.functions(case, net2, x, extra)[0]
            rec2 = {k: np.asarray(self.u.get_mantissa(v)) for k, v in fwd2().items()}
            if 'spikes' in arrays:
                nname = [layer['name'] for layer in case['layers'] if layer['kind'] in NEURONS][0]
                stats['spike_flips_after_training'] = int(np.sum(rec2[nname] != arrays['spikes']))
            stats['train_loss_after_last_step'] = float(self.loss_value(case, self.jnp.asarray(rec2[case['layers'][-1]['name']]), extra))
            arrays['train_loss'] = np.asarray(losses, dtype=self.ftype)
            for k, v in after.items():
                arrays['train_' + k] = np.stack(v)
            stats['train_loss'] = losses
            # Adam's first step is p - lr*g/(|g| + eps) (spec §7.7)
            for k in flat0:
                exp1 = flat0[k] - self.ftype(1e-2) * grads[k] / (np.abs(grads[k]) + self.ftype(1e-8))
                err = float(np.max(np.abs(exp1 - after[k][0])))
                checks.setdefault('adam_step1_max_abs_err', {})[k] = err
                assert err < (1e-12 if self.precision == 64 else 1e-6), (k, err)
        return arrays, checks, stats

    def describe_layers(self, case):
        out = []
        for layer in case['layers']:
            d = {'name': layer['name'], 'class': layer['kind']}
            if layer['kind'] == 'Linear':
                d['reference'] = (f"brainstate.nn.Linear({layer['n_in']}, {layer['n_out']}, "
                                  f"w_init={layer['weight']}{'' if layer['unit'] == '1' else ' * u.' + layer['unit']}, "
                                  f"b_init={layer['bias']}{'' if layer['unit'] == '1' else ' * u.' + layer['unit']})")
                d['params'] = {layer['weight']: {'shape': [layer['n_in'], layer['n_out']], 'unit': layer['unit'],
                                                 'state_path': [layer['name'], 'weight'], 'dict_key': 'weight'},
                               layer['bias']: {'shape': [layer['n_out']], 'unit': layer['unit'],
                                               'state_path': [layer['name'], 'weight'], 'dict_key': 'bias'}}
            elif layer['kind'] == 'LeakyRateReadout':
                d['reference'] = (f"brainpy.state.LeakyRateReadout({layer['n_in']}, {layer['n_out']}, "
                                  f"tau={layer['params']['tau']} * u.ms, w_init={layer['weight']})")
                d['params'] = {layer['weight']: {'shape': [layer['n_in'], layer['n_out']], 'unit': '1',
                                                 'state_path': [layer['name'], 'weight'], 'dict_key': None}}
                d['model_params'] = {'tau': {'value': layer['params']['tau'], 'unit': 'ms'}}
                d['equation'] = 'r <- exp(-dt/tau) * r + x @ W (decay computed once at construction)'
            else:
                d['n'] = layer['n']
                d['model_params'] = {k: {'value': v, 'unit': PARAM_UNITS[k]} for k, v in layer['params'].items()}
                if layer['kind'] in NEURONS:
                    d['spk_fun'] = {'class': layer['spk_fun'][0], 'kwargs': layer['spk_fun'][1],
                                    'resolved': dict(SURROGATE_DEFAULTS[layer['spk_fun'][0]], **layer['spk_fun'][1])}
                    d['spk_reset'] = layer['spk_reset']
                    d['V_initializer'] = 'Constant(0 mV)'
                    d['input'] = 'the previous layer output is the update argument x (mA)'
                else:
                    d['g_initializer'] = 'Constant(0.) (unitless g)'
                    d['input'] = 'the previous layer output is the update argument x (added after the decay)'
            out.append(d)
        return out

    def case_meta(self, name, case, description, checks, stats, arrays):
        loss_txt = ('softmax_cross_entropy_with_integer_labels(mean over T of y, labels).mean()'
                    if case['loss'] == 'softmax_ce' else 'squared_error(mean over T of y, target).mean()')
        return self.meta(
            name, description, T=case['T'], B=case['B'], n_in=case['n_in'],
            input={'kind': 'Bernoulli', 'p': case['p_in'], 'numpy_seed': case['seed'],
                   'draw_order': 'x = rand(T, B, n_in) < p; then each parameter in layer order '
                                 '(normal(mean, sd, shape): weight then bias); then labels '
                                 '(randint(0, n_out, B)) or target (normal(mean, sd, (B, n_out)))',
                   'init_distributions': {k: {'mean': v[0], 'sd': v[1]} for k, v in case['init'].items()},
                   'target_distribution': case.get('target')},
            layers=self.describe_layers(case),
            step='y_t = layers applied in order to x_t (each layer output is the next layer input); '
                 'every step runs in environ.context(t = t_n = n ms)',
            loss=loss_txt,
            gradient=('jit( init_all_states(net, batch_size=B); grads, loss = brainstate.transform.grad('
                      'loss_fn, net.states(ParamState), return_value=True)() ), loss_fn = for_loop of the '
                      'step over T, then the loss'),
            checks=checks, stats=stats,
            arrays={k: {'shape': list(np.shape(v)), 'dtype': np.asarray(v).dtype.name} for k, v in arrays.items()})

    def bptt(self, name):
        case = BPTT_CASES[name]
        arrays, checks, stats = self.gradient_case(name, case, train_steps=5)
        lif = case['layers'][1]
        desc = (f"BPTT parity: Linear(20 -> 10, mA) -> LIF(10, tau 20 ms, V_th 1 mV, V_reset = V_rest = 0, "
                f"R 1 ohm, spk_fun={lif['spk_fun'][0]}({', '.join(f'{k}={v}' for k, v in lif['spk_fun'][1].items())}), "
                f"spk_reset={lif['spk_reset']}) -> Linear(10 -> 3) -> Expon(3, tau 10 ms, unitless g); "
                'T 50, B 8; loss, gradients, and 5 training steps of braintools.optim.Adam(lr=1e-2) '
                '(train_loss[k] is the loss returned by step k+1, i.e. before its update; train_<p>[k] the '
                'parameters after step k+1).')
        meta = self.case_meta(name, case, desc, checks, stats, arrays)
        meta['optimizer'] = {'class': 'Adam', 'kwargs': {'lr': 1e-2}, 'steps': 5,
                             'train_step': 'jit( init_all_states(net, batch_size=B); grads, loss = grad(...)(); '
                                           'optimizer.update(grads); return loss )'}
        self.save(self.out(name), meta, arrays)
        self.summarize(os.path.basename(self.out(name)),
                       f"loss {stats['loss']:.6f}, rate {stats['mean_rate_per_step']:.4f}/step, "
                       f"|g| {', '.join(f'{k} {v:.3e}' for k, v in stats['grad_norm'].items())}, "
                       f"train {' '.join(f'{v:.4f}' for v in stats['train_loss'])}, "
                       f"spec err {max(checks['spec_model_grad_max_rel_err'].values()):.1e}"
                       + (f", fd {checks['finite_difference']['max_rel_err']:.1e}" if 'finite_difference' in checks else ''))

    def grad_model(self, name):
        case = GRAD_CASES[name]
        arrays, checks, stats = self.gradient_case(name, case)
        model = name[len('grad_'):]
        if model in NEURONS:
            desc = (f'Linear(12 -> 8, mA) -> {model}(8) -> Linear(8 -> 3) -> Expon(3, tau 10 ms, unitless g); '
                    'softmax CE on the mean over T; spikes/V (and a) are the neuron layer\'s outputs/states.')
        elif model in SYNAPSES:
            desc = (f'Linear(12 -> 5, unitless) -> {model}(5, unitless g) -> Linear(5 -> 3); MSE of the mean '
                    'over T against target; syn is the synapse output.')
        else:
            desc = 'Input spikes -> LeakyRateReadout(12, 3, tau 5 ms, w_init=W); MSE of the mean over T against target.'
        meta = self.case_meta(name, case, desc, checks, stats, arrays)
        self.save(self.out(name), meta, arrays)
        txt = f"loss {stats['loss']:.6f}"
        if 'mean_rate_per_step' in stats:
            txt += f", rate {stats['mean_rate_per_step']:.4f}/step"
        txt += f", |g| {', '.join(f'{k} {v:.3e}' for k, v in stats['grad_norm'].items())}"
        txt += f", spec err {max(checks['spec_model_grad_max_rel_err'].values()):.1e}"
        txt += f", fd {checks['finite_difference']['max_rel_err']:.1e}"
        self.summarize(os.path.basename(self.out(name)), txt)

    # -- surrogates ---------------------------------------------------------------------------

    def surrogates(self, name):
        import inspect
        jax, jnp = self.jax, self.jnp
        xs = surrogate_x()
        entries, worst = [], 0.0
        for cls_name, kw in SURROGATES:
            cls = getattr(self.bt.surrogate, cls_name)
            sig = {k: v.default for k, v in inspect.signature(cls.__init__).parameters.items() if k != 'self'}
            assert sig == SURROGATE_DEFAULTS[cls_name], (cls_name, sig)
            for kwargs in ({}, kw):
                fn = cls(**kwargs)
                resolved = {k: getattr(fn, k) for k in sig}
                xj = jnp.asarray(xs, dtype=jnp.float64)
                fwd = np.asarray(fn(xj))
                grad = np.asarray(jax.vmap(jax.grad(lambda v: fn(v)))(xj))
                assert fwd.dtype == np.float64 and grad.dtype == np.float64
                assert np.array_equal(fwd, (xs >= 0).astype(np.float64)), cls_name
                ref = dsg_numpy(cls_name, resolved, xs)
                err = float(np.max(np.abs(ref - grad) / np.maximum(np.abs(ref), 1.0)))
                worst = max(worst, err)
                assert err < 1e-13, (cls_name, kwargs, err)
                entries.append({'class': cls_name, 'kwargs': kwargs, 'resolved': resolved,
                                'repr': repr(fn), 'forward': fwd.tolist(), 'grad': grad.tolist(),
                                'numpy_formula_max_err': err})
        doc = self.meta(
            name, 'Every braintools.surrogate class with its defaults (kwargs {}) and one non-default '
                  'keyword set: forward value fn(x) and derivative d fn(x)/dx = jax.vmap(jax.grad(fn))(x), '
                  'float64 (jax x64). kwargs are the exact constructor keywords; resolved every '
                  'parameter after construction. grad is sigma\'(x) of spec §7.6 (the surrogate_grad '
                  'the class defines); numpy_formula_max_err compares it with a numpy transcription '
                  'of the spec table.',
            x=xs.tolist(), surrogates=entries)
        for k in ('units', 'layout', 'dt_ms'):
            doc.pop(k)
        path = os.path.join(self.outdir, 'surrogates.json')
        write_json(path, doc)
        self.summarize('surrogates.json', f'{len(entries)} entries x {len(xs)} points, numpy formula max err {worst:.1e}')

    # -- optimizers and schedulers --------------------------------------------------------------

    def run_optimizer(self, opt, grads, sched=None):
        bs, jnp = self.bs, self.jnp
        states = {k: bs.ParamState(jnp.asarray(np.array(v, dtype=np.float64))) for k, v in OPT_P0.items()}
        opt.register_trainable_weights(states)
        after, lrs = [], []
        for g in grads:
            lrs.append(float(opt.current_lr))
            opt.update({k: jnp.asarray(np.array(v, dtype=np.float64)) for k, v in g.items()})
            if sched is not None:
                sched.step()
            after.append({k: np.asarray(st.value) for k, st in states.items()})
        return after, lrs

    def optimizers(self, name):
        optim = self.bt.optim
        import inspect
        out_opt, worst = [], 0.0
        for cls_name, kw in OPTIMIZERS:
            cls = getattr(optim, cls_name)
            params = inspect.signature(cls.__init__).parameters
            assert all(k in params for k in kw), (cls_name, kw)
            defaults = {k: (list(v.default) if isinstance(v.default, tuple) else v.default)
                        for k, v in params.items() if k != 'self' and v.default is not inspect.Parameter.empty}
            after, _ = self.run_optimizer(cls(**kw), OPT_GRADS)
            ref = np_optimizer(cls_name, kw, OPT_P0, OPT_GRADS)
            err = max(float(np.max(np.abs(a[k] - r[k]))) for a, r in zip(after, ref) for k in a)
            worst = max(worst, err)
            assert err < 1e-12, (cls_name, kw, err)
            out_opt.append({'class': cls_name, 'kwargs': kw, 'signature_defaults': defaults,
                            'params_after_step': [{k: v.tolist() for k, v in a.items()} for a in after],
                            'numpy_formula_max_abs_err': err})
        out_sched = []
        for cls_name, kw in SCHEDULERS:
            sched = getattr(optim, cls_name)(**kw)
            opt = optim.SGD(lr=sched)
            lrs, opt_lrs = [], []
            for e in range(SCHEDULER_EPOCHS):
                lrs.append(float(sched.get_last_lr()[0]))
                opt_lrs.append(float(opt.current_lr))
                sched.step()
            assert lrs == opt_lrs, (cls_name, lrs, opt_lrs)
            ref = np_schedule(cls_name, kw, SCHEDULER_EPOCHS)
            err = float(np.max(np.abs(np.array(ref) - lrs)))
            assert err < 1e-15, (cls_name, lrs, ref)
            out_sched.append({'class': cls_name, 'kwargs': kw, 'lr': lrs, 'numpy_formula_max_abs_err': err})
        # Adam + StepLR, sched.step() after every update
        skw = {'base_lr': 1e-2, 'step_size': 2, 'gamma': 0.5}
        sched = optim.StepLR(**skw)
        after, lrs = self.run_optimizer(optim.Adam(lr=sched), OPT_GRADS, sched=sched)
        ref = np_optimizer('Adam', {}, OPT_P0, OPT_GRADS, lrs=np_schedule('StepLR', skw, len(OPT_GRADS)))
        err = max(float(np.max(np.abs(a[k] - r[k]))) for a, r in zip(after, ref) for k in a)
        assert err < 1e-12, err
        scheduled = {'optimizer': {'class': 'Adam', 'kwargs': {'lr': 'the StepLR instance'}},
                     'scheduler': {'class': 'StepLR', 'kwargs': skw},
                     'loop': 'for g in grads: optimizer.update(g); scheduler.step()',
                     'lr_used': lrs,
                     'params_after_step': [{k: v.tolist() for k, v in a.items()} for a in after],
                     'numpy_formula_max_abs_err': err}
        doc = self.meta(
            name, 'braintools.optim optimizers (float64): each starts from params0 (two ParamStates, '
                  '"w" [3,2] and "b" [2], registered with register_trainable_weights({"w": ..., "b": ...})) '
                  'and applies optimizer.update(grads[k]) for k = 0..3; params_after_step[k] is the value '
                  'after update k. Schedulers: lr at epochs 0..10 (get_last_lr()[0] before each '
                  'scheduler.step(); equal to optimizer.current_lr of an SGD(lr=scheduler)).',
            params0=OPT_P0, grads=OPT_GRADS, optimizers=out_opt, schedulers=out_sched,
            scheduled_optimizer=scheduled)
        for k in ('units', 'layout', 'dt_ms'):
            doc.pop(k)
        write_json(os.path.join(self.outdir, 'optimizers.json'), doc)
        self.summarize('optimizers.json', f'{len(out_opt)} optimizers, {len(out_sched)} schedulers, '
                                          f'numpy formula max err {max(worst, err):.1e}')

    # -- example 200 ----------------------------------------------------------------------------

    def example200(self, name):
        bs, bt, bp, u, jnp, jax = self.bs, self.bt, self.bp, self.u, self.jnp, self.jax
        E = EX200
        B, T = E['num_sample'], E['num_step']

        class SNN(bs.nn.Module):
            """The network of example 200 (spec §8), as the example writes it."""
            def __init__(self, num_in, num_rec, num_out):
                super().__init__()
                self.num_in, self.num_rec, self.num_out = num_in, num_rec, num_out
                scale = 7 * (1 - (u.math.exp(-bs.environ.get_dt() / (1 * u.ms))))
                self.i2r = bs.nn.Sequential(
                    bs.nn.Linear(num_in, num_rec, w_init=bt.init.KaimingNormal(scale=scale, unit=u.mA),
                                 b_init=bt.init.ZeroInit(unit=u.mA)),
                    bp.state.Expon(num_rec, tau=5. * u.ms, g_initializer=bt.init.Constant(0. * u.mA)))
                self.r = bp.state.LIF(num_rec, tau=20 * u.ms, V_reset=0 * u.mV, V_rest=0 * u.mV,
                                      V_th=1. * u.mV, spk_fun=bt.surrogate.ReluGrad())
                self.r2o = bs.nn.Linear(num_rec, num_out, w_init=bt.init.KaimingNormal())
                self.o = bp.state.Expon(num_out, tau=10. * u.ms, g_initializer=bt.init.Constant(0.))

            def update(self, spike):
                return self.o(self.r2o(self.r(self.i2r(spike))))

            def predict(self, spike):
                rec_spikes = self.r(self.i2r(spike))
                return rec_spikes, self.o(self.r2o(rec_spikes))

        def run(seed, keep_data):
            bs.random.seed(seed)
            net = SNN(E['num_in'], E['num_rec'], E['num_out'])
            x_data = bs.random.rand(T, B, net.num_in) < E['freq_hz'] * u.Hz * bs.environ.get_dt()
            y_data = u.math.asarray(bs.random.rand(B) < 0.5, dtype=int)
            W0 = {k: self.mantissa(v) for k, v in (
                ('W_i2r', net.i2r.layers[0].weight.value['weight']), ('b_i2r', net.i2r.layers[0].weight.value['bias']),
                ('W_r2o', net.r2o.weight.value['weight']), ('b_r2o', net.r2o.weight.value['bias']))}

            @bs.transform.jit
            def predict():
                bs.nn.init_all_states(net, batch_size=B)
                spikes, outs = bs.transform.for_loop(net.predict, x_data)
                acc = jnp.mean(y_data == jnp.argmax(jnp.max(outs, axis=0), axis=1))
                return acc, spikes.mean()

            optimizer = bt.optim.Adam(lr=E['lr'])
            optimizer.register_trainable_weights(net.states(bs.ParamState))

            def loss_fn():
                predictions = bs.transform.for_loop(net.update, x_data)
                predictions = u.math.mean(predictions, axis=0)
                return bt.metric.softmax_cross_entropy_with_integer_labels(predictions, y_data).mean()

            train_fn = self.train_step(net, loss_fn, B, optimizer)

            acc0, rate0 = map(float, predict())
            losses, walls = [], []
            for _ in range(E['iterations']):
                t0 = time.perf_counter()
                loss = jax.block_until_ready(train_fn())
                walls.append(time.perf_counter() - t0)
                losses.append(float(loss))
            acc1, rate1 = map(float, predict())
            res = {'seed': seed, 'accuracy_before': acc0, 'accuracy_after': acc1,
                   'lif_rate_per_step_before': rate0, 'lif_rate_per_step_after': rate1,
                   'losses': losses, 'walls': walls, 'label_mean': float(np.mean(np.asarray(y_data))),
                   'input_rate_per_step': float(np.mean(np.asarray(x_data)))}
            if keep_data:
                xd = np.asarray(x_data)
                res['data'] = dict(W0, x_index=np.flatnonzero(xd.reshape(-1)).astype(np.int32),
                                   labels=np.asarray(y_data).astype(np.int32))
                W1 = {'W_i2r': net.i2r.layers[0].weight.value['weight'], 'W_r2o': net.r2o.weight.value['weight']}
                res['data'].update({k + '_final': self.mantissa(v) for k, v in W1.items()})
                res['weight_std'] = {'W_i2r': float(W0['W_i2r'].std()), 'W_r2o': float(W0['W_r2o'].std())}
            return res

        main = run(E['seed'], True)
        extra = [run(s, False) for s in E['extra_seeds']]
        every = E['loss_every']
        steady_ms = 1e3 * float(np.median(main['walls'][1:]))
        data = main.pop('data')
        doc = self.meta(
            name, 'brainpy.state example 200 (SpyTorch tutorial 1, spec §8) as the example writes it, '
                  'float32, dt 1 ms: 100 Bernoulli inputs (p = 5 Hz * 1 ms = 0.005 per step) -> '
                  'Linear(100, 4, w_init=braintools KaimingNormal(scale=7*(1-exp(-1)), unit=mA), '
                  'b=ZeroInit(mA)) -> Expon(4, 5 ms, g0 = 0 mA) -> LIF(4, tau 20 ms, V_th 1 mV, '
                  'V_reset = V_rest = 0, ReluGrad) -> Linear(4, 2, braintools KaimingNormal()) -> '
                  'Expon(2, 10 ms, unitless); batch 256, T 200; labels rand(B) < 0.5; loss softmax CE '
                  'of the mean over T; Adam(lr=3e-3); jitted train step (init_all_states, grad, update). '
                  f'{E["iterations"]} iterations. Weights, inputs and labels come from brainstate.random '
                  'after brainstate.random.seed(seed) (draw order: i2r weight, r2o weight, x_data, '
                  'y_data); the seed-0 draws are stored in example200_data.npz for an exact replay. '
                  'Accuracy: mean(labels == argmax over outputs of the max over time) on the training '
                  'batch (the example\'s print_classification_accuracy).',
            config=E,
            loss_iterations=list(range(every, E['iterations'] + 1, every)),
            loss=[main['losses'][i - 1] for i in range(every, E['iterations'] + 1, every)],
            loss_first=main['losses'][0],
            accuracy_before=main['accuracy_before'], accuracy_after=main['accuracy_after'],
            lif_rate_per_step_before=main['lif_rate_per_step_before'],
            lif_rate_per_step_after=main['lif_rate_per_step_after'],
            input_rate_per_step=main['input_rate_per_step'], label_mean=main['label_mean'],
            initial_weight_std=main['weight_std'],
            timing={'steady_ms_per_train_step_median': steady_ms,
                    'steady_ms_per_train_step_mean': 1e3 * float(np.mean(main['walls'][1:])),
                    'first_call_s_including_compile': main['walls'][0],
                    'note': 'wall time of one jitted train_fn() call incl. block_until_ready, median over '
                            'calls 2..300, on this machine',
                    'machine': {'cpu_count': os.cpu_count(), 'processor': generate._cpu_model(),
                                'platform': platform.platform()}},
            other_seeds=[{'seed': r['seed'], 'loss_first': r['losses'][0], 'loss_last': r['losses'][-1],
                          'loss_min': min(r['losses']),
                          'accuracy_before': r['accuracy_before'], 'accuracy_after': r['accuracy_after'],
                          'lif_rate_per_step_before': r['lif_rate_per_step_before'],
                          'lif_rate_per_step_after': r['lif_rate_per_step_after'],
                          'loss': [r['losses'][i - 1] for i in range(every, E['iterations'] + 1, every)]}
                         for r in extra])
        doc.pop('layout')
        write_json(os.path.join(self.outdir, 'example200.json'), doc)
        dmeta = self.meta(
            'example200_data', 'The seed-0 draws of example200.json: initial parameters (W_i2r [100,4] mA, '
                               'b_i2r [4] mA, W_r2o [4,2], b_r2o [2]), the input spikes as flat row-major '
                               'indices into x[T=200, B=256, n_in=100] (x = 1 there, 0 elsewhere), labels [256], '
                               f'all losses [{E["iterations"]}] (losses[k] = value returned by train step k+1) '
                               'and the weights after the last step (W_*_final).',
            arrays={})
        data['losses'] = np.asarray(main['losses'], dtype=np.float32)
        dmeta['arrays'] = {k: {'shape': list(np.shape(v)), 'dtype': np.asarray(v).dtype.name} for k, v in data.items()}
        self.save(os.path.join(self.outdir, 'example200_data.npz'), dmeta, data)
        self.summarize('example200.json',
                       f"loss {main['losses'][0]:.4f} -> {main['losses'][-1]:.4f}, acc {main['accuracy_before']:.3f} -> "
                       f"{main['accuracy_after']:.3f}, {steady_ms:.1f} ms/step, other seeds final loss "
                       f"{', '.join(f'{r['losses'][-1]:.3f}' for r in extra)}")

    def make(self, name):
        if name in BPTT_CASES:
            self.bptt(name)
        elif name in GRAD_CASES:
            self.grad_model(name)
        else:
            getattr(self, name)(name)


# ----------------------------------------------------------------------------------------------
# orchestration
# ----------------------------------------------------------------------------------------------

def plan(precision, names):
    """The fixtures a precision's worker makes: BPTT in both, example200 in float32, the rest float64."""
    own = FIXTURES_F64 if precision == 64 else FIXTURES_F32
    return [n for n in names if n in own]


def all_files(outdir, names, precisions):
    return sorted(os.listdir(outdir))


def main():
    generate.secondary_main(__doc__, __file__, ALL_FIXTURES, TrainWorker, outdir=DEFAULT_OUT,
                            precisions=(64, 32), plan=plan, files=all_files,
                            precision_help='run one precision only (the BPTT fixtures exist in both; '
                                           'example200 is float32, the others float64)')


if __name__ == '__main__':
    main()
