"""Communication layers (brainstate.nn names): EventFixedProb, Linear, SparseLinear.

``EventFixedProb(in_size, out_size, conn_num, conn_weight, efferent_target='post', afferent_ratio=1.,
allow_multi_conn=True, seed=None, name=None, conn_init='vmap', param_type=None)``
    Fixed out-degree random connectivity, event driven. A Python float ``conn_num`` is a probability
    p (out-degree K = int(out_size * p)); an int is the count K. With ``seed`` the targets are
    ``numpy.random.RandomState(seed).randint(0, out_size, size=(in_size, K))``, exactly brainstate's;
    without a seed they come from the network's numpy-style global stream. ``conn_weight`` is a
    conductance: a scalar quantity, an (in_size, K) quantity array or an initializer. After compile,
    ``comm.indices`` / ``comm.conn.indices`` give the (in_size, K) target matrix.

``Linear(in_size, out_size, w_init, b_init=None, w_mask=None, name=None, param_type=None)``
    Dense weights: ``y = spikes @ W`` with W an (in_size, out_size) conductance quantity (or a scalar
    quantity, or an initializer with a unit). ``w_mask`` (an (in_size, out_size) array) multiplies W.
    Biases are not supported (``b_init`` must be None, as brainpy.state projections use it).

``SparseLinear(spar_mat, b_init=None, in_size=None, name=None, *, unit=None, shape=None)``
    Explicit connections. ``spar_mat`` is one of

    * a scipy.sparse matrix or array of shape (n_pre, n_post) whose stored entries are the weights
      in ``unit`` (e.g. ``SparseLinear(csr, unit=u.mS)``); every stored entry is a connection, an
      explicit zero included;
    * a tuple ``(pre_indices, post_indices, weights)``: integer arrays of equal length (pre indices
      local to the presynaptic slice) and ``weights``, a conductance quantity, scalar or one per
      connection (``shape=(n_pre, n_post)`` is optional and checked against the projection);
    * a brainunit sparse matrix (``u.sparse.CSR``/``COO`` objects with quantity data).

    Duplicate (pre, post) pairs are separate synapses whose weights add up.
"""

import numbers
import types

import numpy as np

from . import errors
from . import _engine
from . import init as _init
from ._base import HasParams, make_params
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, call, encode
from ._params import numeric_array, resolve
from .units import Quantity, as_quantity, same_dimension, unit_string

__all__ = ['EventFixedProb', 'EventFixedNumConn', 'FixedNumConn', 'Linear', 'SparseLinear', 'AllToAll', 'OneToOne',
           'EventLinear']


def _n(size, what):
    if isinstance(size, (tuple, list)):
        if len(size) != 1:
            raise errors.InvalidArgumentError(f'{what} must be one-dimensional, got {tuple(size)}')
        size = size[0]
    if isinstance(size, bool) or not isinstance(size, (numbers.Integral, np.integer)):
        raise errors.ElementTypeError(f'{what} must be an int, got {size!r}')
    if int(size) <= 0:
        raise errors.InvalidArgumentError(f'{what} must be > 0, got {size}')
    return int(size)


class _Comm(HasParams):
    _engine_name = None

    def _bind_init(self):
        self._proj = None

    def _engine_set(self, name, r):
        p = self._proj
        if p is not None and p._net is not None:
            p._net._mutable(f'set {name}')
            _engine.set_projection_param(p._net._h, p._id, 'comm', name, r)

    def _engine_get(self, name):
        return None

    def _require_proj(self):
        p = self._proj
        if p is None or p._net is None:
            raise errors.BadStateError(f'{type(self).__name__}: the projection is not part of a network yet')
        return p


class _FixedPostNumConn:
    """What brainstate exposes as ``comm.conn`` (a brainevent.FixedPostNumConn): ``indices`` (n_pre, K)
    and ``data`` (the weights: a scalar quantity or an (n_pre, K) quantity array)."""

    def __init__(self, indices, data, shape):
        self.indices = indices
        self.data = data
        self.shape = shape

    def __repr__(self):
        return f'FixedPostNumConn(shape={self.shape}, indices={self.indices.shape})'


@make_params
class EventFixedProb(_Comm):
    """brainstate.nn.EventFixedProb: fixed out-degree random connectivity (see the module documentation)."""

    _engine_name = 'EventFixedProb'
    _param_units = {'conn_weight': ('mS', 'mV')}

    def __init__(self, in_size, out_size, conn_num, conn_weight, efferent_target='post', afferent_ratio=1.,
                 allow_multi_conn=True, seed=None, name=None, conn_init='vmap', param_type=None):
        self.in_size = (_n(in_size, 'EventFixedProb in_size'),)
        self.out_size = (_n(out_size, 'EventFixedProb out_size'),)
        n_pre, n_post = self.in_size[0], self.out_size[0]
        if efferent_target != 'post':
            raise NotImplementedError("EventFixedProb: only efferent_target='post' is supported "
                                      "(brainstate 0.6 does not support 'pre' either)")
        if afferent_ratio != 1.:
            raise NotImplementedError('EventFixedProb: afferent_ratio < 1 is not supported by the engine')
        if not allow_multi_conn:
            raise NotImplementedError('EventFixedProb: allow_multi_conn=False (JAX-drawn connectivity) is not '
                                      'supported; use allow_multi_conn=True (brainstate\'s default)')
        if isinstance(conn_num, bool):
            raise errors.ElementTypeError('EventFixedProb: conn_num must be a float probability or an int count')
        if isinstance(conn_num, (float, np.floating)):
            p = float(conn_num)
            if not 0. <= p <= 1.:
                raise errors.InvalidArgumentError(f'EventFixedProb: connection probability must be in [0, 1], '
                                                  f'got {conn_num}')
            self.conn_prob = p
            self.conn_num = int(n_post * p)
        elif isinstance(conn_num, (numbers.Integral, np.integer)):
            if int(conn_num) < 0:
                raise errors.InvalidArgumentError(f'EventFixedProb: conn_num must be >= 0, got {conn_num}')
            self.conn_prob = None
            self.conn_num = int(conn_num)
        else:
            raise errors.ElementTypeError(f'EventFixedProb: conn_num must be a float probability or an int '
                                          f'count, got {conn_num!r}')
        if seed is not None:
            if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.integer)) \
                    or not 0 <= int(seed) < 2 ** 32:
                raise errors.InvalidArgumentError(f'EventFixedProb: seed must be an int in [0, 2**32), got {seed!r}')
            seed = int(seed)
        self.seed = seed
        self.name = name
        self.efferent_target = efferent_target
        self.allow_multi_conn = allow_multi_conn
        self._bind_init()
        self._init_params(dict(conn_weight=conn_weight), n_pre * self.conn_num)

    def _build(self, h, jid):
        if self.conn_prob is not None:
            call('bps_projection_set_param', h, jid, b'comm', b'conn_prob', self.conn_prob, b'')
        else:
            call('bps_projection_set_param', h, jid, b'comm', b'conn_num', float(self.conn_num), b'')
        if self.seed is not None:
            call('bps_projection_set_param', h, jid, b'comm', b'seed', float(self.seed), b'')
        _engine.set_projection_param(h, jid, 'comm', 'conn_weight', self._resolved['conn_weight'])

    @property
    def indices(self):
        """The (in_size, K) matrix of post targets (brainstate's ``comm.conn.indices``); after compile."""
        pre, post, _ = self._require_proj().connections()
        K = self.conn_num
        n_pre = self.in_size[0]
        if pre.size != n_pre * K or (K and not np.array_equal(pre, np.repeat(np.arange(n_pre), K))):
            raise errors.InternalError(f'EventFixedProb: read back {pre.size} connections in an unexpected order '
                                       f'(expected {n_pre} rows of {K})')
        return post.reshape(n_pre, K)

    @property
    def conn(self):
        p = self._require_proj()
        pre, post, w = p.connections()
        K = self.conn_num
        n_pre = self.in_size[0]
        r = self._resolved['conn_weight']
        data = (Quantity(r.value, r.unit) if r.kind == 'scalar'
                else Quantity(w.mantissa.reshape(n_pre, K), w.unit))
        return _FixedPostNumConn(post.reshape(n_pre, K), data, (n_pre, self.out_size[0]))

    @property
    def weight(self):
        return self.conn.data

    def __repr__(self):
        cn = self.conn_prob if self.conn_prob is not None else self.conn_num
        return (f'{type(self).__name__}({self.in_size[0]}, {self.out_size[0]}, conn_num={cn!r}, '
                f'conn_weight={self._values["conn_weight"]!r}, seed={self.seed!r})')


EventFixedNumConn = EventFixedProb


class FixedNumConn(EventFixedProb):
    """brainstate.nn.FixedNumConn: EventFixedProb's connectivity (same numpy draw for the same seed),
    but the input is weighted by its value (``x @ W``): the comm for STP amplitudes and align-pre traces."""

    _engine_name = 'FixedNumConn'


def _weight(value, what, shape):
    """A weight given with a unit: a scalar, or an array of `shape`."""
    if value is None:
        raise errors.UnitMismatchError(
            f'{what} is required: a conductance (or, in a DeltaProj, a voltage) such as 0.5 * u.mS, or an array '
            'of them; brainstate\'s unitless default initializer cannot drive a synapse')
    q = as_quantity(value, what=what)
    if q is not None and np.ndim(q.mantissa) > 0 and np.shape(q.mantissa) != shape:
        raise errors.OutOfRangeError(f'{what} has shape {np.shape(q.mantissa)}, expected {shape} or a scalar')
    return value


@make_params
class AllToAll(_Comm):
    """brainstate.nn.AllToAll(in_size, out_size, w_init, b_init=None, include_self=True): every pre to
    every post, weighted by the input value; one weight gives ``w·Σx`` (``w·(Σx − x_i)`` without
    self-pairs), a matrix ``x @ W`` (diagonal zeroed without self-pairs)."""

    _engine_name = 'AllToAll'
    _param_units = {'weight': ('mS', 'mV')}

    def __init__(self, in_size, out_size, w_init=None, b_init=None, include_self=True, name=None, param_type=None):
        self.in_size = (_n(in_size, 'AllToAll in_size'),)
        self.out_size = (_n(out_size, 'AllToAll out_size'),)
        if b_init is not None:
            raise NotImplementedError('AllToAll: biases are not supported; pass b_init=None')
        if not isinstance(include_self, (bool, np.bool_)):
            raise errors.ElementTypeError(f'AllToAll: include_self must be a bool, got {include_self!r}')
        self.include_self = bool(include_self)
        self.name = name
        self._bind_init()
        shape = (self.in_size[0], self.out_size[0])
        self._init_params(dict(weight=_weight(w_init, 'AllToAll.w_init', shape)), shape[0] * shape[1])

    def _build(self, h, jid):
        _engine.set_projection_param(h, jid, 'comm', 'weight', self._resolved['weight'])
        call('bps_projection_set_option', h, jid, b'comm', b'include_self', b'true' if self.include_self else b'false')

    def __repr__(self):
        return f'AllToAll({self.in_size[0]}, {self.out_size[0]}, include_self={self.include_self})'


@make_params
class OneToOne(_Comm):
    """brainstate.nn.OneToOne(in_size, w_init, b_init=None): ``y_i = x_i·w_i`` (pre and post of equal size)."""

    _engine_name = 'OneToOne'
    _param_units = {'weight': ('mS', 'mV')}

    def __init__(self, in_size, w_init=None, b_init=None, name=None, param_type=None):
        self.in_size = (_n(in_size, 'OneToOne in_size'),)
        self.out_size = self.in_size
        if b_init is not None:
            raise NotImplementedError('OneToOne: biases are not supported; pass b_init=None')
        self.name = name
        self._bind_init()
        self._init_params(dict(weight=_weight(w_init, 'OneToOne.w_init', self.in_size)), self.in_size[0])

    def _build(self, h, jid):
        _engine.set_projection_param(h, jid, 'comm', 'weight', self._resolved['weight'])

    def __repr__(self):
        return f'OneToOne({self.in_size[0]})'


@make_params
class EventLinear(_Comm):
    """brainstate.nn.EventLinear(in_size, out_size, weight, float_as_event=True, block_size=64): dense
    event-driven weights; with ``float_as_event`` any nonzero input counts as 1, otherwise ``x @ W``.
    One weight gives ``w·count(x ≠ 0)`` (or ``w·Σx``) on every post neuron."""

    _engine_name = 'EventLinear'
    _param_units = {'weight': ('mS', 'mV')}

    def __init__(self, in_size, out_size, weight, float_as_event=True, block_size=64, name=None, param_type=None):
        self.in_size = (_n(in_size, 'EventLinear in_size'),)
        self.out_size = (_n(out_size, 'EventLinear out_size'),)
        if not isinstance(float_as_event, (bool, np.bool_)):
            raise errors.ElementTypeError(f'EventLinear: float_as_event must be a bool, got {float_as_event!r}')
        self.float_as_event = bool(float_as_event)
        self.block_size = block_size
        self.name = name
        self._bind_init()
        shape = (self.in_size[0], self.out_size[0])
        self._init_params(dict(weight=_weight(weight, 'EventLinear.weight', shape)), shape[0] * shape[1])

    def _build(self, h, jid):
        _engine.set_projection_param(h, jid, 'comm', 'weight', self._resolved['weight'])
        call('bps_projection_set_option', h, jid, b'comm', b'float_as_event',
             b'true' if self.float_as_event else b'false')

    def __repr__(self):
        return f'EventLinear({self.in_size[0]}, {self.out_size[0]}, float_as_event={self.float_as_event})'


@make_params
class Linear(_Comm):
    """brainstate.nn.Linear: ``y = x @ W + b``, W (in_size, out_size).

    In a projection (comm=) it carries conductances without a bias: ``w_init`` a conductance matrix,
    scalar or initializer with a unit, ``b_init`` None (or left out). In a Sequential (training) it is
    brainstate's layer: w_init and b_init default to brainstate's truncated KaimingNormal and ZeroInit,
    and any initializer of bp.init (or an array) is accepted."""

    _engine_name = 'Linear'
    _param_units = {'weight': ('mS', 'mV')}

    def __init__(self, in_size, out_size, w_init=_init.DEFAULT, b_init=_init.DEFAULT, w_mask=None, name=None,
                 param_type=None):
        self.in_size = (_n(in_size, 'Linear in_size'),)
        self.out_size = (_n(out_size, 'Linear out_size'),)
        self.name = name
        self.w_mask = w_mask
        self.b_init = b_init
        self._bind_init()
        n_in, n_out = self.in_size[0], self.out_size[0]
        #: why this Linear cannot be a projection's comm (None: it can)
        self._comm_error = None
        if b_init is not None and b_init is not _init.DEFAULT:
            self._comm_error = 'Linear: biases are not supported in a projection; pass b_init=None'
        if w_init is _init.DEFAULT or w_init is None or isinstance(w_init, (_init.KaimingNormal, _init.TrainingInitializer)):
            self._comm_error = self._comm_error or (
                'Linear: a projection needs w_init: a conductance matrix (in_size, out_size) such as W * u.mS, a scalar '
                'conductance, or an initializer with a unit (brainstate\'s unitless KaimingNormal default cannot '
                'drive a synapse)')
            self._values = {'weight': w_init}
            self._resolved = {}
            return
        if w_mask is not None:
            mask = np.asarray(w_mask, dtype=float)
            if mask.shape != (n_in, n_out):
                raise errors.OutOfRangeError(f'Linear: w_mask has shape {mask.shape}, expected {(n_in, n_out)}')
            q = as_quantity(w_init, what='Linear.w_init')
            if q is None:
                raise errors.UnitMismatchError('Linear.w_init needs a conductance unit')
            w = np.broadcast_to(np.asarray(q.mantissa, dtype=float), (n_in, n_out)) * mask
            w_init = Quantity(w, q.unit)
        q = as_quantity(w_init, what='Linear.w_init')
        if q is not None and np.ndim(q.mantissa) == 2 and np.shape(q.mantissa) != (n_in, n_out):
            raise errors.OutOfRangeError(f'Linear: w_init has shape {np.shape(q.mantissa)}, expected '
                                         f'{(n_in, n_out)}')
        if q is None or not any(same_dimension(unit_string(q.unit), x) for x in ('mS', 'mV')):
            # a unitless or current-valued weight: a training layer only
            self._comm_error = self._comm_error or 'Linear: a projection needs conductance (or voltage) weights'
            self._values = {'weight': w_init}
            self._resolved = {}
            return
        self._init_params(dict(weight=w_init), n_in * n_out)

    def _build(self, h, jid):
        if self._comm_error:
            raise errors.InvalidArgumentError(self._comm_error)
        _engine.set_projection_param(h, jid, 'comm', 'weight', self._resolved['weight'])

    @property
    def w_init(self):
        return self._values['weight']

    @property
    def weight(self):
        """The dense (in_size, out_size) weight matrix (a Quantity in mS): read from the engine after
        compile, the given value before."""
        p = self._proj
        if p is None or p._net is None or not p._net.is_compiled:
            return self._values['weight']
        pre, post, w = p.connections()
        W = np.zeros((self.in_size[0], self.out_size[0]), dtype=np.asarray(w.mantissa).dtype)
        np.add.at(W, (pre, post), w.mantissa)
        return Quantity(W, w.unit)

    @weight.setter
    def weight(self, value):
        self._set_param('weight', value)

    def __repr__(self):
        return f'Linear({self.in_size[0]}, {self.out_size[0]})'


class SparseLinear(_Comm):
    """Explicit (pre, post, weight) connectivity; see the module documentation for the accepted forms."""

    _engine_name = 'SparseLinear'
    _param_units = {'weight': ('mS', 'mV')}

    def __init__(self, spar_mat, b_init=None, in_size=None, name=None, *, unit=None, shape=None):
        if b_init is not None:
            raise NotImplementedError('SparseLinear: biases are not supported; pass b_init=None')
        self.name = name
        self._bind_init()
        pre, post, weight, shp = self._parse(spar_mat, unit, shape)
        if pre.shape != post.shape:
            raise errors.InvalidArgumentError(f'SparseLinear: pre and post index arrays differ in length '
                                              f'({pre.size} != {post.size})')
        if pre.size and (pre.min() < 0 or post.min() < 0):
            raise errors.OutOfRangeError('SparseLinear: negative connection index')
        if shp is not None:
            n_pre, n_post = int(shp[0]), int(shp[1])
            if pre.size and (pre.max() >= n_pre or post.max() >= n_post):
                raise errors.OutOfRangeError(f'SparseLinear: an index lies outside the shape {(n_pre, n_post)}')
        if in_size is not None:
            n_pre = _n(in_size, 'SparseLinear in_size')
            if shp is not None and shp[0] != n_pre:
                raise errors.InvalidArgumentError(f'SparseLinear: in_size {n_pre} != shape[0] {shp[0]}')
            shp = (n_pre, shp[1] if shp is not None else None)
        self.shape = shp
        self.in_size = None if shp is None else (shp[0],)
        self.out_size = None if shp is None or shp[1] is None else (shp[1],)
        self.pre_indices = pre
        self.post_indices = post
        # weight: a scalar quantity (-> the comm parameter "weight") or one value per connection
        r = resolve(weight, 'SparseLinear weights', 'mS', dimensional=False)
        #: why this SparseLinear cannot be a projection's comm (its weights are fine for a training Sequential)
        self._comm_error = None
        if not (same_dimension(r.unit, 'mS') or same_dimension(r.unit, 'mV')):
            self._comm_error = (f'SparseLinear weights: unit "{r.unit or "1"}" is not a conductance (or a voltage, '
                                'for a DeltaProj)')
        if r.kind == 'init':
            raise errors.ElementTypeError('SparseLinear weights: give values, not an initializer')
        if r.kind == 'array' and r.values.size != pre.size:
            raise errors.InvalidArgumentError(f'SparseLinear: {r.values.size} weights for {pre.size} connections')
        vals = r.values if r.kind == 'array' else np.array([r.value])
        if not np.all(np.isfinite(vals)):
            raise errors.InvalidArgumentError('SparseLinear: weights must be finite (NaN or inf given)')
        if r.kind == 'scalar' and pre.size != 1 and self._comm_error is None:
            self._weights = None
            self._init_params(dict(weight=Quantity(r.value, r.unit)), None)
        elif r.kind == 'scalar' and pre.size != 1:
            self._weights = (np.full(pre.size, r.value), r.unit)
            self._init_params({}, None)
        else:
            self._weights = (np.ascontiguousarray(vals), r.unit)
            self._init_params({}, None)

    @staticmethod
    def _parse(m, unit, shape):
        if isinstance(m, tuple) and len(m) == 3:
            pre = _indices(m[0], 'pre_indices')
            post = _indices(m[1], 'post_indices')
            w = m[2]
            if unit is not None:
                if as_quantity(w) is not None:
                    raise errors.UnitMismatchError('SparseLinear: weights are already a quantity; drop unit=')
                w = Quantity(numeric_array(w, 'SparseLinear weights'), unit_string(unit))
            return pre, post, w, tuple(shape) if shape is not None else None
        if hasattr(m, 'tocoo'):                         # scipy.sparse
            if unit is None:
                raise errors.UnitMismatchError(
                    'SparseLinear: a scipy.sparse matrix holds plain numbers; give their unit, e.g. '
                    'SparseLinear(mat, unit=u.mS)')
            coo = m.tocoo()
            shp = tuple(int(s) for s in coo.shape)
            if shape is not None and tuple(shape) != shp:
                raise errors.InvalidArgumentError(f'SparseLinear: shape={tuple(shape)} but the matrix is {shp}')
            w = Quantity(numeric_array(coo.data, 'SparseLinear weights'), unit_string(unit))
            return _indices(coo.row, 'row'), _indices(coo.col, 'col'), w, shp
        data = getattr(m, 'data', None)
        if data is not None and hasattr(m, 'shape') and (hasattr(m, 'indptr') or hasattr(m, 'row')):
            q = as_quantity(data, what='sparse data')                 # brainunit sparse
            if q is None:
                if unit is None:
                    raise errors.UnitMismatchError('SparseLinear: the sparse matrix data have no unit; give unit=')
                q = Quantity(numeric_array(data, 'SparseLinear weights'), unit_string(unit))
            shp = tuple(int(s) for s in m.shape)
            if hasattr(m, 'indptr'):
                indptr = np.asarray(m.indptr, dtype=np.int64)
                cols = _indices(m.indices, 'indices')
                rows = np.repeat(np.arange(len(indptr) - 1, dtype=np.int64), np.diff(indptr))
            else:
                rows, cols = _indices(m.row, 'row'), _indices(m.col, 'col')
            q = Quantity(np.broadcast_to(np.asarray(q.mantissa, dtype=float), rows.shape).copy(), q.unit)
            return rows, cols, q, shp
        raise errors.ElementTypeError(
            'SparseLinear: spar_mat must be a scipy.sparse matrix (with unit=), a brainunit sparse matrix, or a '
            f'(pre_indices, post_indices, weights) tuple; got {type(m).__name__}')

    def _build(self, h, jid):
        if self._comm_error:
            raise errors.UnitMismatchError(self._comm_error)
        pre, post = self.pre_indices, self.post_indices
        n = pre.size
        if self._weights is None:
            _engine.set_projection_param(h, jid, 'comm', 'weight', self._resolved['weight'])
            call('bps_projection_set_connections', h, jid, pre.ctypes.data if n else None,
                 post.ctypes.data if n else None, None, n, DTYPE_FLOAT64, None)
        else:
            w, unit = self._weights
            call('bps_projection_set_connections', h, jid, pre.ctypes.data, post.ctypes.data, w.ctypes.data, n,
                 DTYPE_FLOAT32 if w.dtype == np.float32 else DTYPE_FLOAT64, encode(unit))

    @property
    def num_connections(self):
        return int(self.pre_indices.size)

    def __repr__(self):
        return f'SparseLinear({self.pre_indices.size} connections, shape={self.shape})'


def _indices(a, what):
    arr = np.asarray(a)
    if arr.dtype.kind not in 'iu':
        if arr.size == 0:
            arr = arr.astype(np.int64)
        else:
            raise errors.ElementTypeError(f'SparseLinear {what} must be integers, got dtype {arr.dtype}')
    return np.ascontiguousarray(arr.ravel(), dtype=np.int64)


#: brainstate.nn.init: its KaimingNormal (Linear's default there) is a normal truncated at ±2σ, unlike
#: braintools.init.KaimingNormal (bp.init.KaimingNormal), a plain normal.
init = types.SimpleNamespace(KaimingNormal=_init.BrainstateKaimingNormal)


def __getattr__(name):
    if name == 'Sequential':      # imported lazily: sequential.py imports this module's classes' users
        from .sequential import Sequential
        return Sequential
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')

