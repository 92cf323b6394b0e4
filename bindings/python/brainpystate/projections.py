"""Projections with an explicit presynaptic source: AlignPostProj (comm -> synapse -> output),
CurrentProj (comm -> output: the comm output is the conductance) and DeltaProj (comm -> V)."""

import ctypes

import numpy as np

from . import errors
from ._base import ParamDescriber, StateRef
from . import _engine
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, ProjectionDesc, call, encode
from .neurons import Neuron, PopulationView
from .nn import SparseLinear, _Comm
from .synapses import COBA, CUBA, Alpha, DualExpon, Expon, _Synapse
from .units import Quantity, as_quantity, same_dimension

__all__ = ['Projection', 'AlignPostProj', 'CurrentProj', 'DeltaProj']


class Projection:
    """What the three projection kinds share: the presynaptic source, the comm layer, the post
    population, the delay and the connectivity read-back."""

    _kind = None

    def _init_common(self, modules, pre, comm, post, label, delay):
        kind = type(self).__name__
        if modules:
            if len(modules) == 1 and pre is None and isinstance(modules[0], (Neuron, PopulationView)):
                pre = modules[0]
            else:
                raise NotImplementedError(f'{kind}: pre-processing modules are not supported; pass the '
                                          'presynaptic population or slice as pre=')
        if pre is None:
            raise errors.ElementTypeError(f'{kind}: pre= (a population or a slice N[a:b]) is required')
        if not isinstance(pre, (Neuron, PopulationView)):
            raise errors.ElementTypeError(f'{kind}: pre must be a population or a slice N[a:b], got {pre!r}')
        self._check_post(post)
        if not isinstance(comm, _Comm):
            raise errors.ElementTypeError(
                f'{kind}: comm must be bp.nn.EventFixedProb, bp.nn.Linear or bp.nn.SparseLinear, got {comm!r}')
        if comm._proj is not None:
            raise errors.InvalidArgumentError(f'{kind}: {comm!r} already belongs to another projection')
        n_pre, n_post = len(pre), len(post)
        if isinstance(comm, SparseLinear):
            shp = comm.shape
            if shp is not None and (shp[0] != n_pre or (shp[1] is not None and shp[1] != n_post)):
                raise errors.InvalidArgumentError(
                    f'{kind}: SparseLinear shape {shp} does not match pre ({n_pre}) x post ({n_post})')
            if comm.pre_indices.size and (comm.pre_indices.max() >= n_pre or comm.post_indices.max() >= n_post):
                raise errors.OutOfRangeError(
                    f'{kind}: a SparseLinear connection lies outside pre ({n_pre}) x post ({n_post})')
            comm.shape = (n_pre, n_post)
            comm.in_size, comm.out_size = (n_pre,), (n_post,)
        else:
            if comm.in_size[0] != n_pre:
                raise errors.InvalidArgumentError(
                    f'{kind}: comm.in_size = {comm.in_size[0]} but pre {pre!r} has {n_pre} neurons')
            if comm.out_size[0] != n_post:
                raise errors.InvalidArgumentError(
                    f'{kind}: comm.out_size = {comm.out_size[0]} but post {post!r} has {n_post} neurons')
        if label is not None and not isinstance(label, str):
            raise errors.ElementTypeError(f'{kind}: label must be a str or None, got {label!r}')
        self.delay = delay
        self._delay = self._check_delay(delay)
        self.pre = pre
        self.post = post
        self.comm = comm
        self.label = label
        self.syn = None
        self.out = None
        self._net = None
        self._id = None
        comm._proj = self

    def _check_post(self, post):
        if not isinstance(post, Neuron):
            raise errors.ElementTypeError(
                f'{type(self).__name__}: post must be a whole population (brainpy.state Dynamics), got {post!r}')

    @staticmethod
    def _check_delay(delay):
        if delay is None:
            return 0.0, 'ms'
        q = as_quantity(delay, what='delay')
        if q is None:
            raise errors.UnitMismatchError(f'delay must be a time quantity (e.g. 1.5 * u.ms), got {delay!r}')
        if np.ndim(q.mantissa) != 0:
            raise NotImplementedError('per-neuron (axonal) delay arrays are not supported; give one delay for '
                                      'the projection')
        if not same_dimension(q.unit.name, 'ms'):
            raise errors.UnitMismatchError(f'delay: unit "{q.unit.name}" is not a time')
        v = float(q.mantissa)
        if not np.isfinite(v) or v < 0:
            raise errors.InvalidArgumentError(f'delay must be a finite time >= 0, got {delay!r}')
        return v, q.unit.name

    @property
    def pre_population(self):
        return self.pre.population

    def _engine_label(self):
        return self.label

    def _create(self, h, pre_id, post_id):
        """Every engine call that describes this projection on handle h; returns its id there."""
        d = ProjectionDesc()
        call('bps_projection_desc_init', ctypes.byref(d))
        d.kind = encode(type(self)._kind)
        d.pre = pre_id
        d.pre_start = self.pre.start
        d.pre_stop = self.pre.stop
        d.post = post_id
        d.comm = encode(self.comm._engine_name)
        d.syn = encode(type(self.syn).__name__) if self.syn is not None else None
        d.out = encode(type(self.out).__name__) if self.out is not None else None
        d.label = encode(self._engine_label())
        d.delay = self._delay[0]
        d.delay_unit = encode(self._delay[1])
        jid = ctypes.c_int32()
        call('bps_projection_new', h, ctypes.byref(d), ctypes.byref(jid))
        jid = jid.value
        for part in (self.comm, self.syn, self.out):
            if part is not None:
                part._build(h, jid)
        return jid

    def _require_net(self):
        if self._net is None:
            raise errors.BadStateError(f'{self!r} is not part of a network yet: net.add(proj) first')
        return self._net

    @property
    def num_connections(self):
        net = self._require_net()
        net._ensure_compiled()
        n = ctypes.c_int64()
        call('bps_projection_num_connections', net._h, self._id, ctypes.byref(n))
        return n.value

    def connections(self, unit=None):
        """(pre, post, weight): int64 arrays of presynaptic indices (within the pre slice) and
        postsynaptic indices, and the weights as a Quantity in `unit` (default mS; mV for a DeltaProj);
        ordered by presynaptic neuron and, within a row, in generation order. Compiles if needed."""
        if unit is None:
            unit = 'mV' if isinstance(self, DeltaProj) else 'mS'
        net = self._require_net()
        net._ensure_compiled()
        h = net._h
        out_len = ctypes.c_int64()
        call('bps_projection_get_connections', h, self._id, None, None, None, 0, DTYPE_FLOAT64, encode(unit),
             ctypes.byref(out_len))
        n = out_len.value
        pre = np.empty(n, dtype=np.int64)
        post = np.empty(n, dtype=np.int64)
        w = np.empty(n, dtype=net._float)
        if n:
            call('bps_projection_get_connections', h, self._id, pre.ctypes.data, post.ctypes.data, w.ctypes.data,
                 n, DTYPE_FLOAT32 if net._float == np.float32 else DTYPE_FLOAT64, encode(unit),
                 ctypes.byref(out_len))
        return pre, post, Quantity(w, unit)

    def __repr__(self):
        where = f', id={self._id}' if self._id is not None else ''
        return f'{type(self).__name__}({self.pre!r} -> {self.post!r}, comm={type(self.comm).__name__}{where})'


class AlignPostProj(Projection):
    """brainpy.state.AlignPostProj with an explicit presynaptic source.

    ``AlignPostProj(pre=N[:3200], comm=..., syn=Expon.desc(n_post, ...), out=COBA.desc(E=...), post=N,
    label=None, delay=None)``

    * ``pre``: a population or a slice ``N[a:b]`` whose spikes of the previous step drive ``comm``
      (brainpy.state passes ``spk[a:b]`` to the projection's update; here the wiring is declared).
      It may also be given as the single positional argument.
    * ``comm``: ``bp.nn.EventFixedProb``, ``bp.nn.Linear`` or ``bp.nn.SparseLinear`` with
      ``in_size == len(pre)`` and ``out_size == len(post)``.
    * ``syn`` / ``out``: both describers (``Expon.desc(...)``, ``DualExpon.desc(...)``,
      ``COBA.desc(...)``) or both instances, as brainpy.state requires. With describers, projections onto
      the same post with equal synapse and output parameters and label share one synapse state
      (brainpy's merging); instances are never shared. ``Alpha`` is not post-alignable: instances only.
    * ``post``: a whole population.
    * ``delay``: None, or a time quantity that is a whole number of steps: the spikes reach ``comm``
      that many steps later.

    After ``net.add(proj)``: ``proj.connections()`` gives (pre, post, weight) arrays,
    ``proj.syn.g.value`` the conductance and ``net.monitor(proj, 'g')`` records it.
    """

    _kind = 'AlignPostProj'

    def __init__(self, *modules, comm, syn, out, post, pre=None, label=None, delay=None):
        syn_is_desc = isinstance(syn, ParamDescriber)
        out_is_desc = isinstance(out, ParamDescriber)
        if syn_is_desc != out_is_desc:
            raise errors.ElementTypeError(
                'AlignPostProj: syn and out must both be describers (Expon.desc(...), COBA.desc(...)) or both '
                f'instances; got syn={syn!r}, out={out!r}')
        self.merging = syn_is_desc
        if syn_is_desc:
            if not issubclass(syn.cls, (Expon, DualExpon)):
                raise errors.ElementTypeError(
                    f'AlignPostProj: syn must describe an AlignPost synapse (Expon, DualExpon), got {syn!r}')
            syn = syn()
        if out_is_desc:
            if not issubclass(out.cls, (COBA, CUBA)):
                raise errors.ElementTypeError(f'AlignPostProj: out must describe COBA or CUBA, got {out!r}')
            out = out()
        if not isinstance(syn, _Synapse):
            raise errors.ElementTypeError(f'AlignPostProj: syn must be Expon, DualExpon or Alpha, got {syn!r}')
        if not isinstance(out, (COBA, CUBA)):
            raise errors.ElementTypeError(f'AlignPostProj: out must be COBA or CUBA, got {out!r}')
        for part in (syn, out):
            if part._proj is not None:
                raise errors.InvalidArgumentError(f'AlignPostProj: {part!r} already belongs to another projection')
        self._check_post(post)
        if syn.size != len(post):
            raise errors.InvalidArgumentError(f'AlignPostProj: the synapse has size {syn.size}, post has {len(post)}')
        self._init_common(modules, pre, comm, post, label, delay)
        self.syn = syn
        self.out = out
        syn._proj = out._proj = self

    def _engine_label(self):
        # Instances are never shared in brainpy.state (its non-merging mode ignores the label).
        return self.label if self.merging else f'__instance__{id(self)}'


class CurrentProj(Projection):
    """brainpy.state.CurrentProj: the comm output is the conductance of this step, bound to ``out``
    (no synapse dynamics). ``CurrentProj(pre=..., comm=..., out=COBA(E=...), post=N, delay=None)``;
    ``proj.g`` reads the bound conductance."""

    _kind = 'CurrentProj'

    def __init__(self, *modules, comm, out, post, pre=None, delay=None):
        if isinstance(out, ParamDescriber):
            raise errors.ElementTypeError('CurrentProj: out must be an instance (COBA(E=...)), not a describer')
        if not isinstance(out, (COBA, CUBA)):
            raise errors.ElementTypeError(f'CurrentProj: out must be COBA or CUBA, got {out!r}')
        if out._proj is not None:
            raise errors.InvalidArgumentError(f'CurrentProj: {out!r} already belongs to another projection')
        self._init_common(modules, pre, comm, post, None, delay)
        self.out = out
        out._proj = self

    @property
    def g(self):
        """The conductance bound this step (``.value`` Quantity in mS)."""
        return StateRef(self, 'g', 'mS')

    def _read_state(self, name, unit):
        net = self._require_net()
        net._ensure_compiled()
        return Quantity(_engine.read_floats('bps_projection_get_state', net._h, self._id, name, unit, len(self.post),
                                            net._float), unit)


class DeltaProj(Projection):
    """brainpy.state.DeltaProj: the comm output is added to the post neurons' V after their
    integration (a delta input). ``DeltaProj(pre=..., comm=..., post=N, label=None, delay=None)``;
    the comm weights are voltages (e.g. ``conn_weight=0.5 * u.mV``)."""

    _kind = 'DeltaProj'

    def __init__(self, *modules, comm, post, pre=None, label=None, delay=None):
        self._init_common(modules, pre, comm, post, label, delay)
