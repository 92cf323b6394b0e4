"""braintools.optim's optimizers and learning-rate schedulers for a Sequential, with its formulas and
defaults (the update runs in the engine):

    opt = bp.optim.Adam(lr=3e-3)
    opt.register_trainable_weights(net.states(bp.ParamState))
    grads, loss = net.grad(x, y, return_value=True)
    opt.update(grads)

A scheduler passed as ``lr`` (``Adam(lr=bp.optim.StepLR(base_lr=1e-2, step_size=2, gamma=0.5))``)
advances only when stepped: ``opt.lr.step()`` (or ``opt.lr.step_epoch()``), once per epoch.
"""

import ctypes

import numpy as np

from . import errors
from ._lib import DTYPE_FLOAT64, call, encode

__all__ = ['Optimizer', 'SGD', 'Momentum', 'MomentumNesterov', 'Adam', 'AdamW', 'RMSprop',
           'LRScheduler', 'ConstantLR', 'StepLR', 'MultiStepLR', 'ExponentialLR', 'CosineAnnealingLR', 'LinearLR', 'PolynomialLR', 'WarmupScheduler']


def _keywords(d):
    keys = (ctypes.c_char_p * max(1, len(d)))(*[encode(k) for k in d])
    values = (ctypes.c_double * max(1, len(d)))(*[float(v) for v in d.values()])
    return len(d), keys, values


class LRScheduler:
    """Base class of the schedulers: ``base_lr``, ``last_epoch``, ``step()``; its value is read from
    the engine once attached (``current_lr``)."""

    engine_name = None

    def __init__(self, base_lr=1e-3, **kwargs):
        self.base_lr = float(base_lr)
        self._kwargs = kwargs
        self.last_epoch = 0
        self._opt = None

    def _engine_keywords(self):
        d = {'base_lr': self.base_lr}
        for k, v in self._kwargs.items():
            if k == 'milestones':
                continue
            d[k] = float(v)
        keys = [encode(k) for k in d]
        values = list(d.values())
        for m in self._kwargs.get('milestones', ()):
            keys.append(b'milestones')
            values.append(float(m))
        return len(keys), (ctypes.c_char_p * max(1, len(keys)))(*keys), (ctypes.c_double * max(1, len(values)))(*values)

    def _attach(self, opt):
        self._opt = opt
        if self.engine_name != 'Constant':
            n, keys, values = self._engine_keywords()
            call('bps_sequential_set_scheduler', opt._net._h, encode(self.engine_name), n, keys, values)

    def step(self, *args):
        """One epoch on."""
        self.last_epoch += 1
        if self._opt is not None:
            call('bps_sequential_scheduler_step', self._opt._net._h)

    step_epoch = step

    @property
    def current_lr(self):
        if self._opt is None:
            raise errors.BadStateError('the scheduler is not attached to a registered optimizer yet')
        v = ctypes.c_double()
        call('bps_sequential_get_lr', self._opt._net._h, ctypes.byref(v))
        return v.value

    def __call__(self):
        return self.current_lr


def _scheduler(name, doc, **defaults):
    def __init__(self, base_lr=1e-3, **kwargs):
        unknown = set(kwargs) - set(defaults) - {'last_epoch'}
        if unknown:
            raise errors.UnknownNameError(f'{name} has no argument {sorted(unknown)[0]!r} (it has: base_lr, {", ".join(defaults)})')
        kwargs.pop('last_epoch', None)
        LRScheduler.__init__(self, base_lr, **{**defaults, **kwargs})
    return type(name, (LRScheduler,), {'__init__': __init__, 'engine_name': name, '__doc__': doc, '__module__': __name__})


StepLR = _scheduler('StepLR', 'lr = base_lr·gamma^⌊epoch/step_size⌋', step_size=30, gamma=0.1)
MultiStepLR = _scheduler('MultiStepLR', 'lr = base_lr·gamma^(number of milestones ≤ epoch)',
                         milestones=(30, 60, 90), gamma=0.1)
ExponentialLR = _scheduler('ExponentialLR', 'lr = base_lr·gamma^epoch', gamma=0.95)
CosineAnnealingLR = _scheduler('CosineAnnealingLR', 'lr = eta_min + (base_lr − eta_min)(1 + cos(π·min(e, T_max)/T_max))/2',
                               T_max=50, eta_min=0.0)
LinearLR = _scheduler('LinearLR', 'lr = base_lr·(start + (end − start)·clip(e/total_iters, 0, 1))',
                      start_factor=1.0 / 3, end_factor=1.0, total_iters=5)
PolynomialLR = _scheduler('PolynomialLR', 'lr = base_lr·(1 − min(e, total_iters)/total_iters)^power', total_iters=5, power=1.0)
WarmupScheduler = _scheduler('WarmupScheduler', 'linear from warmup_start_lr to base_lr over warmup_epochs, then base_lr',
                             warmup_epochs=5, warmup_start_lr=0.0)
ConstantLR = _scheduler('ConstantLR', 'lr = base_lr·factor for e < total_iters, then base_lr', factor=1.0 / 3, total_iters=5)


class _Constant(LRScheduler):
    """The schedule of a float lr (ConstantLR with factor 1)."""
    engine_name = 'Constant'


class Optimizer:
    """Base class: keyword arguments as braintools', ``betas=(b1, b2)`` as a pair."""

    engine_name = None
    _defaults = {}

    def __init__(self, lr=None, **kwargs):
        unknown = set(kwargs) - set(self._defaults)
        if unknown:
            raise errors.UnknownNameError(f'{self.engine_name} has no argument {sorted(unknown)[0]!r} '
                                          f'(it has: lr, {", ".join(self._defaults)})')
        self.kwargs = {**self._defaults, **kwargs}
        if lr is None:
            lr = self._lr_default
        self.lr = lr if isinstance(lr, LRScheduler) else _Constant(lr)
        self._net = None
        self._keys = None

    def _engine_keywords(self):
        d = {'lr': self.lr.base_lr}
        for k, v in self.kwargs.items():
            if k == 'betas':
                d['beta1'], d['beta2'] = (float(b) for b in v)
            elif v is None:
                continue
            else:
                d[k] = float(v)
        return d

    def register_trainable_weights(self, states):
        """Register the arrays to train: a dict from Sequential.states(ParamState) (or a subset of it,
        which freezes the others)."""
        refs = list(states.values())
        if not refs:
            raise errors.InvalidArgumentError('register_trainable_weights: no states given')
        net = refs[0]._net
        if any(r._net is not net for r in refs):
            raise errors.InvalidArgumentError('register_trainable_weights: the states belong to different networks')
        wanted = {(r.layer, r.name) for r in refs}
        for key, ref in net.states().items():
            net.set_trainable(ref.layer, ref.name, (ref.layer, ref.name) in wanted)
        n, keys, values = _keywords(self._engine_keywords())
        call('bps_sequential_set_optimizer', net._h, encode(self.engine_name), n, keys, values)
        self._net = net
        self._keys = set(states)
        self.lr._attach(self)

    def update(self, grads):
        """p ← p + update(grads) for the registered arrays (grads as Sequential.grad returns them)."""
        if self._net is None:
            raise errors.BadStateError(f'{self.engine_name}: register_trainable_weights first')
        for key, g in grads.items():
            if key in self._keys:
                layer, name = key
                a = np.ascontiguousarray(np.asarray(g, dtype=np.float64).reshape(-1))
                call('bps_sequential_set_grad', self._net._h, layer, encode(name), a.ctypes.data, a.size, DTYPE_FLOAT64)
        call('bps_sequential_optimizer_step', self._net._h)

    step = update

    @property
    def step_count(self):
        v = ctypes.c_int64()
        call('bps_sequential_get_step_count', self._net._h, ctypes.byref(v))
        return v.value

    @property
    def current_lr(self):
        return self.lr.current_lr

    def __repr__(self):
        return f'{self.engine_name}(lr={self.lr.base_lr}, ' + ', '.join(f'{k}={v!r}' for k, v in self.kwargs.items()) + ')'


def _clip():
    return {'grad_clip_norm': None, 'grad_clip_value': None}


def _optimizer(name, lr, doc, **defaults):
    return type(name, (Optimizer,), {'engine_name': name, '_lr_default': lr, '_defaults': {**defaults, **_clip()},
                                     '__doc__': doc, '__module__': __name__})


SGD = _optimizer('SGD', 1e-3, 'g += wd·p; with momentum b = g + μb (nesterov: g + μb); p -= lr·…',
                 momentum=0.0, weight_decay=0.0, nesterov=False)
Momentum = _optimizer('Momentum', 1e-3, 'b = g + μb; p -= lr·b', momentum=0.9, weight_decay=0.0)
MomentumNesterov = _optimizer('MomentumNesterov', 1e-3, 'b = g + μb; p -= lr·(g + μb)', momentum=0.9, weight_decay=0.0)
Adam = _optimizer('Adam', 1e-3, 'Adam with coupled L2 weight decay (g += wd·p)', betas=(0.9, 0.999), eps=1e-8,
                  weight_decay=0.0, amsgrad=False)
AdamW = _optimizer('AdamW', 1e-3, 'Adam with decoupled weight decay: p -= lr·(m̂/(√v̂ + eps) + wd·p)',
                   betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01, amsgrad=False)
RMSprop = _optimizer('RMSprop', 1e-2, 'ν = αν + (1−α)g²; p -= lr·g/√(ν + eps) (eps inside the root)',
                     alpha=0.99, eps=1e-8, momentum=0.0, centered=False, weight_decay=0.0)
