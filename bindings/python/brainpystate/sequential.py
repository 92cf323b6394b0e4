"""Trainable networks: ``Sequential`` of brainpy.state layers with a batch axis, trained with surrogate
gradients and backpropagation through time in the engine (the bps_sequential_* functions).

    net = bp.nn.Sequential(
        bp.nn.Linear(100, 4, w_init=bp.init.KaimingNormal(scale=5.0, unit=u.mA), b_init=bp.init.ZeroInit(u.mA)),
        bp.Expon(4, tau=5 * u.ms, g_initializer=bp.init.ZeroInit(u.mA)),
        bp.LIF(4, tau=20 * u.ms, V_th=1 * u.mV, spk_fun=bp.surrogate.ReluGrad()),
        bp.nn.Linear(4, 2),
        bp.Expon(2, tau=10 * u.ms, g_initializer=bp.init.ZeroInit()),
        dt=1 * u.ms)
    out = net(x)                                       # x: [T, B, 100] -> [T, B, 2] (every state from its initializer)
    grads, loss = net.grad(x, labels, loss=bp.metric.softmax_cross_entropy_with_integer_labels,
                           return_value=True)          # mean over time, then the loss's mean over the batch
    opt = bp.optim.Adam(lr=3e-3); opt.register_trainable_weights(net.states(bp.ParamState)); opt.update(grads)

Values follow brainpy.state's training examples: a neuron's input is a current (mA; R in ohm gives mV),
synapse layers carry whatever their input carries. Linear weights with a unit are converted to mA (a
current) or mV (a voltage); unitless ones are taken as they are.
"""

import ctypes
import numbers

import numpy as np

from . import errors
from . import init as _init
from . import metric as _metric
from . import surrogate as _surrogate
from ._lib import (DTYPE_FLOAT32, DTYPE_FLOAT64, DTYPE_INT64, DTYPE_UINT8, LossOptions, SequentialOptions, call, encode,
                   lib)
from .units import Quantity, as_quantity, same_dimension, unit_string
from . import units as u

__all__ = ['Sequential', 'ParamState', 'ParamRef']

_NEURONS = ('IF', 'LIF', 'LIFRef', 'ALIF')
_SYNAPSES = ('Expon', 'DualExpon', 'Alpha')


class ParamState:
    """brainstate.ParamState as a filter: ``net.states(bp.ParamState)`` gives the trainable arrays."""


class ParamRef:
    """A trainable array of a Sequential (brainstate's ParamState): ``.value`` reads and writes it."""

    __slots__ = ('_net', 'layer', 'name', 'shape')

    def __init__(self, net, layer, name, shape):
        self._net = net
        self.layer = layer
        self.name = name
        self.shape = shape

    @property
    def value(self):
        return self._net._get_array(self.layer, self.name, size=int(np.prod(self.shape))).reshape(self.shape)

    @value.setter
    def value(self, v):
        self._net._set_array(self.layer, self.name, v)

    @property
    def grad(self):
        """The gradient of the last grad call."""
        return self._net._get_array(self.layer, self.name, grad=True, size=int(np.prod(self.shape))).reshape(self.shape)

    def __repr__(self):
        return f'ParamState(layer {self.layer} {self.name}, shape {self.shape})'


def _scale_to(q, what):
    """A Quantity's mantissa in the training engine's unit for its dimension (mA, mV) or as is."""
    unit = unit_string(q.unit)
    m = np.asarray(q.mantissa, dtype=np.float64)
    if unit in ('', '1'):
        return m
    for target in ('mA', 'mV'):
        if same_dimension(unit, target):
            return np.asarray(as_quantity(q, what=what).to(target).mantissa, dtype=np.float64)
    raise errors.UnitMismatchError(f'{what}: unit {unit!r}; training arrays are currents (mA), voltages (mV) or unitless')


def _unit_factor(unit, what):
    if unit in (None, '', '1'):
        return 1.0
    return float(_scale_to(Quantity(1.0, unit), what))


def _initializer(obj, shape, what):
    """An initializer object -> (engine name, {keyword: value}) in the engine's units."""
    obj = _init.foreign_initializer(obj) or obj
    if isinstance(obj, _init.KaimingNormal):
        f = _unit_factor(obj.unit, what)
        if obj.mode == 'fan_in' and (obj.in_axis, obj.out_axis) == (-2, -1):
            return 'KaimingNormal', {'scale': obj.scale * f * f}
        return 'Normal', {'mean': 0.0, 'std': obj.std(shape) * f}
    if isinstance(obj, _init.TrainingInitializer):
        name, kw, unit = obj._training()
        f = _unit_factor(unit, what)
        # scale is a variance (unit squared); the other keywords are values (an infinite bound stays infinite)
        return name, {k: v * f * f if k == 'scale' else v * f for k, v in kw.items()}
    if isinstance(obj, _init.Initializer):
        name, args, unit = obj._resolve(what)
        f = _unit_factor(unit, what)
        keys = {'Constant': ('value',), 'Normal': ('mean', 'std'), 'Uniform': ('low', 'high')}[name]
        return name, {k: a * f for k, a in zip(keys, args)}
    return None


class Sequential:
    """brainstate.nn.Sequential of training layers: bp.nn.Linear, bp.nn.SparseLinear (explicit synapses,
    one trainable weight each), bp.Expon / DualExpon / Alpha,
    bp.IF / LIF / LIFRef / ALIF, bp.LeakyRateReadout. ``dt`` is the step (brainpy's environ dt),
    ``precision`` 32 or 64, ``seed`` the initializers' seed, ``num_threads`` the worker threads of the
    layers' time loops (0 = all cores, 1 = the caller's thread only; results do not depend on it)."""

    def __init__(self, *layers, dt=0.1 * u.ms, precision=32, seed=0, num_threads=0):
        if len(layers) == 1 and isinstance(layers[0], (list, tuple)):
            layers = tuple(layers[0])
        if not layers:
            raise errors.InvalidArgumentError('Sequential needs at least one layer')
        q = as_quantity(dt, what='Sequential.dt')
        if q is None:
            raise errors.UnitMismatchError('Sequential.dt needs a time unit (e.g. 1 * u.ms)')
        opts = SequentialOptions()
        call('bps_sequential_options_init', ctypes.byref(opts))
        opts.dt = float(q.mantissa)
        opts.dt_unit = encode(unit_string(q.unit))
        opts.precision = int(precision)
        opts.seed = int(seed)
        if isinstance(num_threads, bool) or not isinstance(num_threads, (numbers.Integral, np.integer)):
            raise errors.ElementTypeError(f'Sequential: num_threads must be an int, got {num_threads!r}')
        opts.num_threads = int(num_threads)
        h = ctypes.c_void_p()
        call('bps_sequential_new', ctypes.byref(opts), ctypes.byref(h))
        self._h = h
        self.precision = int(precision)
        self.layers = layers
        self.batch_size = None
        self.last_accuracy = None
        try:
            for i, layer in enumerate(layers):
                self._add(i, layer)
        except BaseException:
            self.__del__()
            raise

    @property
    def num_threads(self):
        """The worker threads in use (0 resolved to the number of cores)."""
        v = ctypes.c_int32()
        call('bps_sequential_get_num_threads', self._h, ctypes.byref(v))
        return v.value

    def __del__(self):
        h = getattr(self, '_h', None)
        if h is not None and h.value:
            try:
                call('bps_sequential_delete', h)
            except Exception:       # interpreter shutdown
                pass
            self._h = None

    # -- building ---------------------------------------------------------------------------
    def _add(self, i, layer):
        kind = type(layer).__name__
        h = self._h
        idx = ctypes.c_int32()
        if kind == 'Linear':
            n_in, n_out = layer.in_size[0], layer.out_size[0]
            call('bps_sequential_add_layer', h, b'Linear', n_in, n_out, ctypes.byref(idx))
            self._init_array(i, 'weight', layer.w_init, (n_in, n_out), default='brainstate.KaimingNormal')
            b = layer.b_init
            if b is None:
                call('bps_sequential_set_option', h, i, b'bias', b'none')
            else:
                self._init_array(i, 'bias', None if b is _init.DEFAULT else b, (n_out,), default='ZeroInit')
        elif kind == 'SparseLinear':
            if layer.in_size is None or layer.out_size is None:
                raise errors.InvalidArgumentError('Sequential: a SparseLinear layer needs its shape (shape=(n_in, n_out))')
            n_in, n_out = layer.in_size[0], layer.out_size[0]
            call('bps_sequential_add_layer', h, b'SparseLinear', n_in, n_out, ctypes.byref(idx))
            pre = np.ascontiguousarray(layer.pre_indices, dtype=np.int64)
            post = np.ascontiguousarray(layer.post_indices, dtype=np.int64)
            call('bps_sequential_set_connections', h, i, pre.ctypes.data, post.ctypes.data, pre.size)
            if layer._weights is not None:
                values, unit = layer._weights
                w = _scale_to(Quantity(np.asarray(values, dtype=np.float64), unit), 'SparseLinear weights')
            else:
                r = layer._resolved['weight']
                w = _scale_to(Quantity(np.full(pre.size, r.value), r.unit), 'SparseLinear weights')
            self._set_array(i, 'weight', np.broadcast_to(w, pre.shape))
        elif kind == 'LeakyRateReadout':
            n_in, n_out = layer.in_size[0], layer.out_size[0]
            call('bps_sequential_add_layer', h, b'LeakyRateReadout', n_in, n_out, ctypes.byref(idx))
            self._set_scalar(i, 'tau', layer._resolved['tau'], kind)
            w = layer._resolved.get('w_init')
            if w is None:
                self._engine_init(i, 'weight', 'KaimingNormal', {})
            elif w.kind == 'array':
                self._set_array(i, 'weight', w.values)
            elif w.kind == 'scalar':
                self._engine_init(i, 'weight', 'Constant', {'value': w.value})
            else:
                keys = {'Normal': ('mean', 'std'), 'Uniform': ('low', 'high')}[w.init_name]
                self._engine_init(i, 'weight', w.init_name, dict(zip(keys, w.args)))
        elif kind in _NEURONS or kind in _SYNAPSES:
            n = layer.size
            call('bps_sequential_add_layer', h, encode(kind), n, n, ctypes.byref(idx))
            for name, r in layer._resolved.items():
                self._set_scalar(i, name, r, kind)
            if kind == 'DualExpon':
                call('bps_sequential_set_param', h, i, b'normalize', 1.0 if layer.normalize else 0.0, None)
            if kind in _NEURONS:
                call('bps_sequential_set_option', h, i, b'spk_reset', encode(layer.spk_reset))
                name, params = _surrogate.from_object(layer.spk_fun, f'{kind}.spk_fun')
                keys = (ctypes.c_char_p * len(params))(*[encode(k) for k in params])
                values = (ctypes.c_double * len(params))(*params.values())
                call('bps_sequential_set_surrogate', h, i, encode(name), len(params), keys, values)
        else:
            raise errors.ElementTypeError(
                f'Sequential: layer {i} is {kind}; training layers are Linear, Expon, DualExpon, Alpha, IF, LIF, '
                'LIFRef, ALIF and LeakyRateReadout')

    def _set_scalar(self, i, name, r, kind):
        if r.kind == 'scalar':
            unit = r.unit if r.unit not in ('', '1') else None
            if name == 'g_initializer' and unit is not None:
                # g carries what its input carries; a zero start (the default 0 mS) is zero in any unit
                value = 0.0 if r.value == 0 else float(_scale_to(Quantity(r.value, unit), f'{kind}.g_initializer'))
                call('bps_sequential_set_param', self._h, i, encode(name), value, None)
            else:
                call('bps_sequential_set_param', self._h, i, encode(name), float(r.value), encode(unit))
        elif r.kind == 'array' and name == 'tau':
            v = np.asarray(as_quantity(Quantity(r.values, r.unit), what=f'{kind}.tau').to('ms').mantissa)
            self._set_array(i, 'tau', v)
        else:
            raise errors.InvalidArgumentError(
                f'{kind}.{name}: a training layer takes one value (or, for tau, one per neuron); states start '
                'from constants, not random initializers')

    def _engine_init(self, i, array, name, kw):
        keys = (ctypes.c_char_p * max(1, len(kw)))(*[encode(k) for k in kw])
        values = (ctypes.c_double * max(1, len(kw)))(*[float(v) for v in kw.values()])
        call('bps_sequential_init_array', self._h, i, encode(array), encode(name), len(kw), keys, values)

    def _init_array(self, i, array, value, shape, default):
        if value is None or value is _init.DEFAULT:
            self._engine_init(i, array, default, {})
            return
        spec = _initializer(value, shape, f'layer {i} {array}')
        if spec is not None:
            self._engine_init(i, array, *spec)
            return
        q = as_quantity(value, what=f'layer {i} {array}')
        a = _scale_to(q, f'layer {i} {array}') if q is not None else np.asarray(value, dtype=np.float64)
        self._set_array(i, array, np.broadcast_to(a, shape))

    # -- arrays -----------------------------------------------------------------------------
    def _set_array(self, layer, name, values):
        a = np.ascontiguousarray(np.asarray(values, dtype=np.float64).reshape(-1))
        call('bps_sequential_set_array', self._h, layer, encode(name), a.ctypes.data, a.size, DTYPE_FLOAT64)

    def _get_array(self, layer, name, grad=False, size=None):
        """An array's values (or gradient); `size`, when known, saves the call that asks for it (the
        engine still checks it against the array)."""
        fn = 'bps_sequential_get_grad' if grad else 'bps_sequential_get_array'
        n = ctypes.c_int64()
        if size is None:
            call(fn, self._h, layer, encode(name), None, 0, DTYPE_FLOAT64, ctypes.byref(n))
            size = n.value
        out = np.empty(size, dtype=np.float64)
        call(fn, self._h, layer, encode(name), out.ctypes.data, out.size, DTYPE_FLOAT64, ctypes.byref(n))
        return out

    def set_trainable(self, layer, name, trainable=True):
        """Mark an array (e.g. a neuron layer's 'tau') trainable; before registering an optimizer."""
        call('bps_sequential_set_trainable', self._h, layer, encode(name), 1 if trainable else 0)
        self._array_list = None

    def _arrays(self):
        """(layer, name, shape, trainable) of every array; kept until set_trainable changes it (the
        layers are fixed at construction), as grad() asks for it every training step."""
        if getattr(self, '_array_list', None) is not None:
            return self._array_list
        out = []
        for layer in range(len(self.layers)):
            k = 0
            while True:
                name = ctypes.c_char_p()
                n = ctypes.c_int64()
                tr = ctypes.c_int32()
                status = lib.bps_sequential_array_info(self._h, layer, k, ctypes.byref(name), ctypes.byref(n),
                                                       ctypes.byref(tr))
                if status:
                    break
                nm = name.value.decode()
                lay = self.layers[layer]
                dense = nm == 'weight' and type(lay).__name__ != 'SparseLinear'
                shape = (lay.in_size[0], lay.out_size[0]) if dense else (int(n.value),)
                out.append((layer, nm, shape, bool(tr.value)))
                k += 1
        self._array_list = out
        return out

    def states(self, kind=None):
        """{(layer index, array name): ParamRef}: the trainable arrays with ``bp.ParamState``, every
        array without a filter."""
        return {(l, n): ParamRef(self, l, n, s) for l, n, s, tr in self._arrays()
                if kind is None or (kind is ParamState and tr)}

    def set_checkpointing(self, every):
        """Keep every `every`-th step's layer states only, recomputing the rest in backward."""
        call('bps_sequential_set_checkpointing', self._h, int(every))

    def set_regularizer(self, layer, kind, strength, target=0.0):
        """'spike_count' (strength × mean spike count per batch row), 'firing_rate' (strength ×
        mean (rate/Hz − target)²) or 'none' on a neuron layer."""
        call('bps_sequential_set_regularizer', self._h, layer, encode(kind), float(strength), float(target))

    # -- running ----------------------------------------------------------------------------
    def init_all_states(self, batch_size=None):
        """Every run starts from the states' initializers; this records the batch size for checks."""
        self.batch_size = batch_size

    def _input(self, x):
        a = np.asarray(x)
        squeeze = a.ndim == 2
        if squeeze:
            a = a[:, None, :]
        if a.ndim != 3:
            raise errors.InvalidArgumentError(f'inputs are [T, batch, in] (or [T, in]), got shape {a.shape}')
        n_in = ctypes.c_int64()
        call('bps_sequential_layer_info', self._h, 0, None, ctypes.byref(n_in), None)
        if a.shape[2] != n_in.value:
            raise errors.OutOfRangeError(f'the input has {a.shape[2]} values per step and row; the first layer takes {n_in.value}')
        if self.batch_size is not None and a.shape[1] != self.batch_size:
            raise errors.InvalidArgumentError(f'the batch axis has {a.shape[1]} rows, init_all_states said {self.batch_size}')
        if a.dtype == np.bool_ or a.dtype == np.uint8:
            a = np.ascontiguousarray(a).view(np.uint8)   # bool is one byte, 0 or 1: no copy
            code = DTYPE_UINT8
        elif a.dtype == np.float32:
            a = np.ascontiguousarray(a)
            code = DTYPE_FLOAT32
        else:
            a = np.ascontiguousarray(a, dtype=np.float64)
            code = DTYPE_FLOAT64
        return a, code, squeeze

    def __call__(self, x):
        """Simulate x ([T, batch, in]) from the initial states: the output [T, batch, out]."""
        a, code, squeeze = self._input(x)
        self._last_batch = a.shape[1]
        call('bps_sequential_forward', self._h, a.ctypes.data, code, a.shape[0], a.shape[1])
        out = self.output()
        return out[:, 0, :] if squeeze else out

    update = for_loop = __call__

    def output(self, layer=-1):
        """The last run's output of a layer ([T, batch, n]; -1: the network's)."""
        n = ctypes.c_int64()
        call('bps_sequential_get_output', self._h, layer, None, 0, DTYPE_FLOAT64, ctypes.byref(n))
        dtype = np.float32 if self.precision == 32 else np.float64
        out = np.empty(n.value, dtype=dtype)
        call('bps_sequential_get_output', self._h, layer, out.ctypes.data, out.size,
             DTYPE_FLOAT32 if self.precision == 32 else DTYPE_FLOAT64, ctypes.byref(n))
        width = ctypes.c_int64()
        call('bps_sequential_layer_info', self._h, layer % len(self.layers), None, None, ctypes.byref(width))
        return out.reshape(-1, self._last_batch, width.value)

    def _loss_call(self, fn, x, target, loss, reduce):
        a, code, _ = self._input(x)
        self._last_batch = a.shape[1]
        opts = LossOptions()
        call('bps_loss_options_init', ctypes.byref(opts))
        name = getattr(loss, 'engine_name', loss)
        if not isinstance(name, str):
            raise errors.InvalidArgumentError(f'loss must be bp.metric.softmax_cross_entropy_with_integer_labels, '
                                              f'bp.metric.squared_error or their name, got {loss!r}')
        opts.loss = encode(name)
        opts.reduce = encode(reduce)
        t = np.asarray(target)
        if np.issubdtype(t.dtype, np.integer):
            t = np.ascontiguousarray(t, dtype=np.int64)
            tcode = DTYPE_INT64
        else:
            t = np.ascontiguousarray(t, dtype=np.float64)
            tcode = DTYPE_FLOAT64
        value = ctypes.c_double()
        acc = ctypes.c_double()
        call(fn, self._h, a.ctypes.data, code, a.shape[0], a.shape[1], ctypes.byref(opts), t.ctypes.data, t.size,
             tcode, ctypes.byref(value), ctypes.byref(acc))
        self.last_accuracy = acc.value
        return value.value, acc.value

    def grad(self, x, target, loss=_metric.softmax_cross_entropy_with_integer_labels, reduce='mean',
             return_value=False):
        """Gradients of loss(reduce over time of the output, target).mean() with respect to the trainable
        arrays: {(layer, name): array}, and the loss with return_value (brainstate.transform.grad's
        layout). The accuracy is in ``last_accuracy``."""
        value, _ = self._loss_call('bps_sequential_grad', x, target, loss, reduce)
        grads = {key: ref.grad for key, ref in self.states(ParamState).items()}
        return (grads, value) if return_value else grads

    def evaluate(self, x, target, loss=_metric.softmax_cross_entropy_with_integer_labels, reduce='mean'):
        """(loss, accuracy) without gradients."""
        return self._loss_call('bps_sequential_evaluate', x, target, loss, reduce)

    def __repr__(self):
        return 'Sequential(' + ', '.join(repr(l) for l in self.layers) + ')'
