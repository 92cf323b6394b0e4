"""Training against brainpy.state (fixtures/reference/training, made by tools/reference/generate_training.py):
loss, outputs, spikes and every gradient of BPTT through Linear -> neuron/synapse -> Linear -> Expon
networks (float64 within 1e-5 relative, float32 within 1e-3), the parameters after 1 and 5 Adam steps,
every surrogate's derivative, every optimizer's and scheduler's trajectory."""

import json
import os

import numpy as np
import pytest

import brainpystate as bp
from brainpystate import units as u

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, '..', '..', '..', 'fixtures', 'reference', 'training')

UNITS = {'ms': u.ms, 'mV': u.mV, 'mA': u.mA, 'ohm': u.ohm}


def load(name):
    z = np.load(os.path.join(FIX, name + '.npz'))
    return z, json.loads(str(z['meta']))


def quantity(value, unit):
    return value * UNITS[unit] if unit in UNITS else value


def build(z, meta):
    """The fixture's network with brainpy.state's classes and keywords, weights from the fixture."""
    layers = []
    for layer in meta['layers']:
        cls = layer['class']
        params = layer.get('params', {})
        if cls == 'Linear':
            (w, wspec), (b, bspec) = params.items()
            n_in, n_out = wspec['shape']
            layers.append(bp.nn.Linear(n_in, n_out, w_init=quantity(z[w], wspec['unit']),
                                       b_init=quantity(z[b], bspec['unit'])))
        elif cls == 'LeakyRateReadout':
            (w, wspec), = params.items()
            n_in, n_out = wspec['shape']
            kw = {k: quantity(v['value'], v['unit']) for k, v in layer['model_params'].items()}
            layers.append(bp.LeakyRateReadout(n_in, n_out, w_init=z[w], **kw))
        else:
            kw = {k: quantity(v['value'], v['unit']) for k, v in layer.get('model_params', {}).items()}
            if 'spk_fun' in layer:
                kw['spk_fun'] = getattr(bp.surrogate, layer['spk_fun']['class'])(**layer['spk_fun']['kwargs'])
                kw['spk_reset'] = layer['spk_reset']
            if cls in ('Expon', 'DualExpon', 'Alpha'):
                kw['g_initializer'] = bp.init.ZeroInit()
            layers.append(getattr(bp, cls)(layer['n'], **kw))
    return bp.nn.Sequential(*layers, dt=meta['dt_ms'] * u.ms, precision=meta['precision'])


def target(z):
    return z['labels'] if 'labels' in z.files else z['target']


def loss_fn(meta):
    return (bp.metric.squared_error if meta['loss'].startswith('squared_error')
            else bp.metric.softmax_cross_entropy_with_integer_labels)


def param_keys(net, meta):
    """fixture parameter name -> (layer, engine array name)."""
    out = {}
    for i, layer in enumerate(meta['layers']):
        for name, spec in layer.get('params', {}).items():
            out[name] = (i, 'bias' if spec.get('dict_key') == 'bias' else 'weight')
    return out


def close(got, want, rtol, what):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    scale = max(np.abs(want).max(), 1e-30)
    err = np.abs(got - want).max() / scale
    print(f'{what}: max error {err:.2g} of its scale (tolerance {rtol})')   # shown by pytest -rA
    assert err <= rtol, f'{what}: max error {err:.3g} of its scale {scale:.3g} (tolerance {rtol})'
    return err


BPTT = [f'bptt_{s}_{p}' for s in ('relu_soft', 'sigmoid_soft', 'relu_hard') for p in ('f64', 'f32')]


@pytest.mark.parametrize('name', BPTT)
def test_bptt_gradients_and_adam_steps_match_brainpy(name):
    z, meta = load(name)
    rtol = 1e-5 if meta['precision'] == 64 else 1e-3
    net = build(z, meta)
    keys = param_keys(net, meta)
    grads, value = net.grad(z['x'], target(z), loss=loss_fn(meta), return_value=True)
    close(value, z['loss'], rtol, 'loss')
    close(net.output(), z['y'], rtol, 'output')
    assert np.array_equal(net.output(1), z['spikes']), 'LIF spikes differ from brainpy.state'
    for name_, key in keys.items():
        close(grads[key], z['grad_' + name_], rtol, 'gradient of ' + name_)
    # training: Adam(lr=1e-2), a fresh loss evaluation per step (init_all_states, grad, update)
    net = build(z, meta)
    opt = bp.optim.Adam(lr=1e-2)
    opt.register_trainable_weights(net.states(bp.ParamState))
    for step in range(5):
        grads, value = net.grad(z['x'], target(z), loss=loss_fn(meta), return_value=True)
        close(value, z['train_loss'][step], rtol, f'loss of step {step + 1}')
        opt.update(grads)
        if step in (0, 4):
            for name_, key in keys.items():
                close(net.states()[key].value, z['train_' + name_][step], rtol, f'{name_} after step {step + 1}')
    assert opt.step_count == 5


MODELS = ['Expon', 'DualExpon', 'Alpha', 'IF', 'LIF', 'LIFRef', 'ALIF', 'LeakyRateReadout']


@pytest.mark.parametrize('model', MODELS)
def test_every_trainable_model_matches_brainpy_gradients(model):
    z, meta = load(f'grad_{model}_f64')
    net = build(z, meta)
    grads, value = net.grad(z['x'], target(z), loss=loss_fn(meta), return_value=True)
    close(value, z['loss'], 1e-5, 'loss')
    close(net.output(), z['y'], 1e-5, 'output')
    if 'spikes' in z.files:
        assert np.array_equal(net.output(1), z['spikes'])
    for name_, key in param_keys(net, meta).items():
        close(grads[key], z['grad_' + name_], 1e-5, f'{model}: gradient of {name_}')


def test_every_surrogate_matches_braintools():
    d = json.load(open(os.path.join(FIX, 'surrogates.json')))
    x = np.array(d['x'])
    assert len({s['class'] for s in d['surrogates']}) == 18
    for s in d['surrogates']:
        fn = getattr(bp.surrogate, s['class'])(**s['kwargs'])
        np.testing.assert_array_equal(fn(x), np.array(s['forward']), err_msg=s['repr'])
        np.testing.assert_allclose(fn.surrogate_grad(x), np.array(s['grad']), rtol=1e-12, atol=1e-14,
                                   err_msg=s['repr'])


def _linear_for(params0):
    """A Linear(3 -> 2) whose weight and bias are the optimizer fixture's w and b (float64)."""
    w, b = np.array(params0['w']), np.array(params0['b'])
    return bp.nn.Sequential(bp.nn.Linear(3, 2, w_init=w, b_init=b), dt=1 * u.ms, precision=64)


def _grads(g):
    return {(0, 'weight'): np.array(g['w']), (0, 'bias'): np.array(g['b'])}


def test_every_optimizer_matches_braintools():
    d = json.load(open(os.path.join(FIX, 'optimizers.json')))
    for o in d['optimizers']:
        net = _linear_for(d['params0'])
        kw = dict(o['kwargs'])
        opt = getattr(bp.optim, o['class'])(**kw)
        opt.register_trainable_weights(net.states(bp.ParamState))
        for step, g in enumerate(d['grads']):
            opt.update(_grads(g))
            want = o['params_after_step'][step]
            what = f"{o['class']}({kw}) step {step + 1}"
            np.testing.assert_allclose(net.states()[(0, 'weight')].value, want['w'], rtol=1e-12, atol=1e-15, err_msg=what)
            np.testing.assert_allclose(net.states()[(0, 'bias')].value, want['b'], rtol=1e-12, atol=1e-15, err_msg=what)


def test_every_scheduler_matches_braintools():
    d = json.load(open(os.path.join(FIX, 'optimizers.json')))
    for s in d['schedulers']:
        sched = getattr(bp.optim, s['class'])(**s['kwargs'])
        opt = bp.optim.SGD(lr=sched)
        opt.register_trainable_weights(_linear_for(d['params0']).states(bp.ParamState))
        got = []
        for _ in s['lr']:
            got.append(opt.current_lr)
            sched.step()
        np.testing.assert_allclose(got, s['lr'], rtol=1e-12, err_msg=f"{s['class']}({s['kwargs']})")
    so = d['scheduled_optimizer']
    net = _linear_for(d['params0'])
    sched = bp.optim.StepLR(**so['scheduler']['kwargs'])
    opt = bp.optim.Adam(lr=sched)
    opt.register_trainable_weights(net.states(bp.ParamState))
    for step, g in enumerate(d['grads']):
        assert opt.current_lr == pytest.approx(so['lr_used'][step], rel=1e-12)
        opt.update(_grads(g))
        sched.step()
        np.testing.assert_allclose(net.states()[(0, 'weight')].value, so['params_after_step'][step]['w'], rtol=1e-12)
