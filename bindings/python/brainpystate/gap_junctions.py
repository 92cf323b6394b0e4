"""Electrical synapses with brainpy.state's names and signatures: SymmetryGapJunction and
AsymmetryGapJunction (spec synapses §5.8).

Every step, before any population updates, a gap junction reads V of both sides (the stored V, i.e.
before this step's spike reset), forms d_k = V_pre[pre_ids_k] - V_post[post_ids_k] per connection and
adds g·d_k to the current of post neuron post_ids_k and -g·d_k to that of pre neuron pre_ids_k (one-shot
inputs consumed by this step's update; repeated indices add up). mS·mV = µA.
"""

import ctypes

import numpy as np

from . import errors
from . import _engine
from ._base import StateRef
from ._lib import DTYPE_FLOAT64, ProjectionDesc, call, encode
from ._params import resolve
from .neurons import Neuron, PopulationView
from .projections import Projection
from .units import as_quantity, same_dimension

__all__ = ['SymmetryGapJunction', 'AsymmetryGapJunction']


class _GapJunction(Projection):
    """What the two gap junctions share: the coupled populations, the index arrays and the weight.
    The junction runs every step of the compiled network (brainpy's ``gj()`` call in a hand-written
    update is implied by ``net.add``)."""

    def _setup(self, pre, post, pre_state, post_state, conn, weight):
        kind = type(self).__name__
        for role, pop in (('pre', pre), ('post', post)):
            if isinstance(pop, PopulationView):
                raise errors.ElementTypeError(f'{kind}: {role} must be a whole population, not the slice {pop!r} '
                                              '(brainpy.state couples Dynamics objects)')
            if not isinstance(pop, Neuron):
                raise errors.ElementTypeError(f'{kind}: {role} must be a population (bp.LIF, bp.HH, ...), got {pop!r}')
        for role, state, pop in (('pre_state', pre_state, pre), ('post_state', post_state, post)):
            if not isinstance(state, str):
                raise errors.ElementTypeError(f'{kind}: {role} must be a str naming a state, got {state!r}')
            if state not in type(pop)._states:
                raise errors.UnknownNameError(f'{kind}: {role} {state!r} not found in {pop!r} '
                                              f'(states: {", ".join(type(pop)._states)})')
            if state != 'V':
                raise NotImplementedError(f'{kind}: only the membrane potential couples (states="V"), got {state!r}')
        self.pre, self.post = pre, post
        self.pre_state, self.post_state = pre_state, post_state
        self.pre_ids, self.post_ids = _index_pairs(conn, pre, post, kind)
        self._weight_value = weight
        self._weight = self._check_weight(weight)
        self.comm = self.syn = self.out = self.stp = None
        self.label = None
        self.delay = None
        self._net = None
        self._id = None

    @property
    def weight(self):
        """brainpy's ``weight`` ParamState: ``.value`` is the weight as given; assigning it changes the
        engine's weights (after compile too, keeping one value or one per connection)."""
        return StateRef(self, 'weight', 'mS')

    def _read_state(self, name, unit):
        return self._weight_value

    def _write_state(self, name, value):
        r = self._check_weight(value)
        if self._net is not None:
            self._net._mutable('set the gap-junction weight')
            _engine.set_projection_param(self._net._h, self._id, 'proj', 'weight', r)
        self._weight, self._weight_value = r, value

    def _check_weight(self, weight):
        kind = type(self).__name__
        what = f'{kind}.weight'
        r = resolve(weight, what, 'mS')
        if not same_dimension(r.unit, 'mS'):
            raise errors.UnitMismatchError(f'{what}: unit "{r.unit}" is not a conductance (e.g. 0.1 * u.mS)')
        values = [r.value] if r.kind == 'scalar' else (r.values if r.kind == 'array' else [])
        bad = ~np.isfinite(np.asarray(values, dtype=np.float64))
        if bad.any():
            raise errors.InvalidArgumentError(f'{what}: element {int(np.argmax(bad))} is not finite')
        q = as_quantity(weight, what=what)
        shape = np.shape(q.mantissa) if q is not None else None
        self._check_shape(shape, r, what)
        return r

    def _check_shape(self, shape, r, what):       # pragma: no cover - overridden
        raise NotImplementedError

    def _create(self, h, pre_id, post_id):
        d = ProjectionDesc()
        call('bps_projection_desc_init', ctypes.byref(d))
        d.kind = encode(type(self).__name__)
        d.pre = pre_id
        d.pre_start = 0
        d.pre_stop = self.pre.size
        d.post = post_id
        jid = ctypes.c_int32()
        call('bps_projection_new', h, ctypes.byref(d), ctypes.byref(jid))
        n = self.pre_ids.size
        call('bps_projection_set_connections', h, jid.value, self.pre_ids.ctypes.data if n else None,
             self.post_ids.ctypes.data if n else None, None, n, DTYPE_FLOAT64, None)
        _engine.set_projection_param(h, jid.value, 'proj', 'weight', self._weight)
        return jid.value

    def __repr__(self):
        where = f', id={self._id}' if self._id is not None else ''
        return f'{type(self).__name__}({self.pre!r} <-> {self.post!r}, {self.pre_ids.size} connections{where})'


class SymmetryGapJunction(_GapJunction):
    """brainpy.state.SymmetryGapJunction: the same conductance in both directions.

    ``SymmetryGapJunction(couples, states, conn, weight, param_type=None)``

    * ``couples``: one population (self-coupling) or a ``(pre, post)`` pair of whole populations;
    * ``states``: ``'V'`` or ``('V', 'V')`` (only the membrane potential couples);
    * ``conn``: brainpy's form, a callable ``conn(pre_size, post_size) -> (pre_ids, post_ids)`` (called
      with the populations' shapes), or the pair ``(pre_ids, post_ids)`` itself; a result with
      ``pre_indices`` / ``post_indices`` (braintools.conn) is read too. Integer arrays of equal length,
      inside the populations; repeated pairs add up;
    * ``weight``: a conductance, one value or one per connection (or an initializer with a unit);
    * ``param_type``: accepted for compatibility (the weight is always a parameter).
    """

    def __init__(self, couples, states, conn, weight, param_type=None):
        if isinstance(couples, (tuple, list)):
            if len(couples) != 2:
                raise errors.InvalidArgumentError(f'SymmetryGapJunction: couples must be a population or a (pre, post) '
                                                  f'pair, got {len(couples)} items')
            pre, post = couples
        else:
            pre = post = couples
        if isinstance(states, str):
            pre_state = post_state = states
        elif isinstance(states, (tuple, list)) and len(states) == 2:
            pre_state, post_state = states
        else:
            raise errors.ElementTypeError(f'SymmetryGapJunction: states must be a str or a (pre_state, post_state) '
                                          f'pair, got {states!r}')
        self._setup(pre, post, pre_state, post_state, conn, weight)

    def _check_shape(self, shape, r, what):
        n = self.pre_ids.size
        if shape is not None and shape not in ((), (1,), (n,)):
            raise errors.InvalidArgumentError(f'{what}: give one conductance or one per connection ({n},), got '
                                              f'shape {shape}')


class AsymmetryGapJunction(_GapJunction):
    """brainpy.state.AsymmetryGapJunction: a conductance per direction. The post side gets
    ``g_pre·d``, the pre side ``-g_post·d``.

    ``AsymmetryGapJunction(pre, pre_state, post, post_state, conn, weight, param_type=None)``

    * ``pre`` / ``post``: whole populations (the same one for self-coupling);
    * ``pre_state`` / ``post_state``: ``'V'``;
    * ``conn``: as for SymmetryGapJunction;
    * ``weight``: ``[g_pre, g_post]`` (shape (2,), for every connection) or one pair per connection
      (shape (n_conn, 2)), a conductance.
    """

    def __init__(self, pre, pre_state, post, post_state, conn, weight, param_type=None):
        self._setup(pre, post, pre_state, post_state, conn, weight)

    def _check_shape(self, shape, r, what):
        n = self.pre_ids.size
        if r.kind == 'scalar' or (shape is not None and shape not in ((2,), (n, 2))):
            raise errors.InvalidArgumentError(
                f'{what}: give [g_pre, g_post] (shape (2,)) or one pair per connection ({n}, 2), got '
                f'{"one value" if r.kind == "scalar" else f"shape {shape}"}')


def _index_pairs(conn, pre, post, kind):
    """(pre_ids, post_ids) as contiguous int64 arrays from brainpy's conn forms, checked."""
    if callable(conn):
        result = conn(pre.varshape, post.varshape)    # brainpy: conn(pre.out_size, post.out_size)
    else:
        result = conn
    if hasattr(result, 'pre_indices') and hasattr(result, 'post_indices'):
        pair = (result.pre_indices, result.post_indices)
    else:
        try:
            pair = tuple(result)
        except TypeError:
            pair = ()
        if len(pair) != 2:
            raise errors.ElementTypeError(f'{kind}: conn must give (pre_ids, post_ids) (or be a callable '
                                          f'conn(pre_size, post_size) that does), got {result!r}')
    ids = []
    for role, a, pop in (('pre_ids', pair[0], pre), ('post_ids', pair[1], post)):
        a = np.asarray(a)
        if a.ndim != 1:
            raise errors.InvalidArgumentError(f'{kind}: {role} must be one-dimensional, got shape {a.shape}')
        if a.size and a.dtype.kind not in 'iu':
            raise errors.ElementTypeError(f'{kind}: {role} must be integers, got dtype {a.dtype}')
        a = np.ascontiguousarray(a, dtype=np.int64)
        if a.size and (a.min() < 0 or a.max() >= pop.size):
            bad = int(a[(a < 0) | (a >= pop.size)][0])
            raise errors.OutOfRangeError(f'{kind}: {role} contains {bad}, outside [0, {pop.size}) of {pop!r}')
        ids.append(a)
    if ids[0].size != ids[1].size:
        raise errors.InvalidArgumentError(f'{kind}: pre_ids and post_ids differ in length ({ids[0].size} and '
                                          f'{ids[1].size})')
    return ids[0], ids[1]
