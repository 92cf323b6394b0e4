"""Projections with an explicit presynaptic source: AlignPostProj (comm -> synapse -> output),
CurrentProj (comm -> output: the comm output is the conductance), DeltaProj (comm -> V), and
brainpy.state's functional wrappers align_pre_projection (synapse per presynaptic neuron -> comm ->
output) and align_post_projection. Every kind takes an optional STP/STD module before comm."""

import ctypes

import numpy as np

from . import errors
from ._base import ParamDescriber, StateRef
from . import _engine
from ._lib import DTYPE_FLOAT32, DTYPE_FLOAT64, ProjectionDesc, call, encode
from .neurons import Neuron, PopulationView
from .nn import SparseLinear, _Comm
from .synapses import STD, STP, Alpha, DualExpon, Expon, SynOut, _Synapse
from .units import Quantity, as_quantity, same_dimension

__all__ = ['Projection', 'AlignPostProj', 'CurrentProj', 'DeltaProj', 'align_pre_projection', 'align_post_projection']


class Projection:
    """What the three projection kinds share: the presynaptic source, the comm layer, the post
    population, the delay and the connectivity read-back."""

    _kind = None

    def _init_common(self, modules, pre, comm, post, label, delay, stp=None):
        kind = type(self).__name__
        for m in modules:
            if isinstance(m, (Neuron, PopulationView)) and pre is None:
                pre = m
            elif isinstance(m, (STP, STD)) and stp is None:
                stp = m
            else:
                raise NotImplementedError(
                    f'{kind}: the modules before comm may be the presynaptic population (or slice) and one STP or '
                    f'STD instance; got {m!r}')
        if stp is not None:
            if not isinstance(stp, (STP, STD)):
                raise errors.ElementTypeError(f'{kind}: stp must be an STP or STD instance, got {stp!r}')
            if stp._proj is not None:
                raise errors.InvalidArgumentError(f'{kind}: {stp!r} already belongs to another projection')
        if pre is None:
            raise errors.ElementTypeError(f'{kind}: pre= (a population or a slice N[a:b]) is required')
        if not isinstance(pre, (Neuron, PopulationView)):
            raise errors.ElementTypeError(f'{kind}: pre must be a population or a slice N[a:b], got {pre!r}')
        self._check_post(post)
        if not isinstance(comm, _Comm):
            raise errors.ElementTypeError(
                f'{kind}: comm must be a bp.nn communication layer (EventFixedProb, FixedNumConn, Linear, SparseLinear, '
                f'AllToAll, OneToOne, EventLinear), got {comm!r}')
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
        if stp is not None and stp.size != n_pre:
            raise errors.InvalidArgumentError(f'{kind}: {stp!r} has size {stp.size}, pre has {n_pre} neurons')
        if label is not None and not isinstance(label, str):
            raise errors.ElementTypeError(f'{kind}: label must be a str or None, got {label!r}')
        self.delay = delay
        self._delay = self._check_delay(delay, n_pre)
        self.stp = stp
        if stp is not None:
            stp._proj = self
        self.pre = pre
        self.post = post
        self.comm = comm
        self.label = label
        self.syn = getattr(self, 'syn', None)
        self.out = getattr(self, 'out', None)
        self._net = None
        self._id = None
        comm._proj = self

    def _check_post(self, post):
        if not isinstance(post, Neuron):
            raise errors.ElementTypeError(
                f'{type(self).__name__}: post must be a whole population (brainpy.state Dynamics), got {post!r}')

    @staticmethod
    def _check_delay(delay, n_pre):
        """(value, unit) for one delay, or (array of n_pre values, unit) for per-neuron (axonal) delays."""
        if delay is None:
            return 0.0, 'ms'
        q = as_quantity(delay, what='delay')
        if q is None:
            raise errors.UnitMismatchError(f'delay must be a time quantity (e.g. 1.5 * u.ms), got {delay!r}')
        if not same_dimension(q.unit.name, 'ms'):
            raise errors.UnitMismatchError(f'delay: unit "{q.unit.name}" is not a time')
        v = np.asarray(q.mantissa, dtype=np.float64)
        if not np.all(np.isfinite(v)) or np.any(v < 0):
            raise errors.InvalidArgumentError(f'delay must be a finite time >= 0, got {delay!r}')
        if v.ndim == 0:
            return float(v), q.unit.name
        if v.shape != (n_pre,):
            raise NotImplementedError(f'delay: give one time, or one per presynaptic neuron ({n_pre},); got shape '
                                      f'{v.shape} (per-connection delays are not supported)')
        return np.ascontiguousarray(v), q.unit.name

    @property
    def pre_population(self):
        return self.pre.population

    def _engine_label(self):
        return self.label

    def _state_unit(self, var):
        """The unit of a recordable state ("g", "stp.u", ...): the synapse's first, as the engine resolves it."""
        part, _, name = var.rpartition('.')
        for owner, key in ((self.syn, 'syn'), (self.stp, 'stp')):
            if owner is not None and part in ('', key) and name in type(owner)._states:
                return type(owner)._states[name]
        return 'mS'        # a CurrentProj's bound conductance

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
        d.stp = encode(type(self.stp).__name__) if self.stp is not None else None
        d.label = encode(self._engine_label())
        delay, unit = self._delay
        d.delay = delay if np.ndim(delay) == 0 else 0.0
        d.delay_unit = encode(unit)
        jid = ctypes.c_int32()
        call('bps_projection_new', h, ctypes.byref(d), ctypes.byref(jid))
        jid = jid.value
        if np.ndim(delay) != 0:
            call('bps_projection_set_param_array', h, jid, b'proj', b'delay', delay.ctypes.data, delay.size,
                 DTYPE_FLOAT64, encode(unit))
        for part in (self.stp, self.comm, self.syn, self.out):
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

    ``AlignPostProj(*modules, pre=N[:3200], comm=..., syn=Expon.desc(n_post, ...), out=COBA.desc(E=...),
    post=N, label=None, delay=None)``

    * ``pre``: a population or a slice ``N[a:b]`` whose spikes of the previous step drive ``comm``
      (brainpy.state passes ``spk[a:b]`` to the projection's update; here the wiring is declared).
      It may also be given as a positional module.
    * ``modules``: besides pre, one ``STP``/``STD`` instance (size len(pre)) applied to the spikes
      before the delay and comm; its amplitudes need a value-weighted comm (FixedNumConn, Linear, ...).
    * ``comm``: a ``bp.nn`` layer (EventFixedProb, FixedNumConn, Linear, SparseLinear, AllToAll,
      OneToOne, EventLinear) with ``in_size == len(pre)`` and ``out_size == len(post)``.
    * ``syn`` / ``out``: both describers (``Expon.desc(...)``, ``DualExpon.desc(...)``,
      ``COBA.desc(...)``, ``CUBA.desc(...)``, ``MgBlock.desc(...)``) or both instances, as brainpy.state
      requires. With describers, projections onto the same post with equal synapse and output
      parameters and label share one synapse state (brainpy's merging); instances are never shared.
      ``Alpha`` is not post-alignable: instances only.
    * ``post``: a whole population.
    * ``delay``: None, a time, or one time per presynaptic neuron: the input of ``comm`` is delayed
      by delay/dt steps; a fraction of a step splits it between the two neighbouring steps, as
      brainpy.state's InputDelay does (with its float rounding: in float64, 0.3 ms / 0.1 ms is
      2.9999999999999996 steps, so 4.4e-16 of the input arrives a step early).

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
            if not issubclass(out.cls, SynOut):
                raise errors.ElementTypeError(f'AlignPostProj: out must describe COBA, CUBA or MgBlock, got {out!r}')
            out = out()
        if not isinstance(syn, (Expon, DualExpon, Alpha)):
            raise errors.ElementTypeError(
                f'AlignPostProj: syn must be Expon, DualExpon or Alpha, got {syn!r} (AMPA, GABAa and BioNMDA need '
                'the presynaptic spikes of every step: use align_pre_projection; STP/STD go before comm as a module)')
        if not isinstance(out, SynOut):
            raise errors.ElementTypeError(f'AlignPostProj: out must be COBA, CUBA or MgBlock, got {out!r}')
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
        if not isinstance(out, SynOut):
            raise errors.ElementTypeError(f'CurrentProj: out must be COBA, CUBA or MgBlock, got {out!r}')
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
        values = _engine.read_floats('bps_projection_get_state', net._h, self._id, name, unit, len(self.post),
                                     net._float)
        return Quantity(net._batched(values, len(self.post)), unit)


class DeltaProj(Projection):
    """brainpy.state.DeltaProj: the comm output is added to the post neurons' V after their
    integration (a delta input). ``DeltaProj(pre=..., comm=..., post=N, label=None, delay=None)``;
    the comm weights are voltages (e.g. ``conn_weight=0.5 * u.mV``)."""

    _kind = 'DeltaProj'

    def __init__(self, *modules, comm, post, pre=None, label=None, delay=None):
        self._init_common(modules, pre, comm, post, label, delay)


class align_pre_projection(Projection):
    """brainpy.state.align_pre_projection with its intended semantics (the 2.9.0 wrapper fails for
    most inputs, spec synapses §5.7): the presynaptic spikes (through ``stp`` when given) drive
    ``syn``, one synapse per presynaptic neuron; ``comm`` weights its continuous output by value;
    the result is bound to ``out`` as in a CurrentProj.

    ``align_pre_projection(*spike_generator, syn, comm, out, post, stp=None)``: ``spike_generator``
    is the presynaptic population or slice; ``syn`` an instance of size len(pre) (Expon, DualExpon,
    Alpha, AMPA, GABAa, BioNMDA); ``comm`` value-weighted (FixedNumConn, Linear, SparseLinear,
    AllToAll, OneToOne, EventLinear(float_as_event=False)); ``out`` a COBA, CUBA or MgBlock
    instance (BioNMDA with MgBlock is brainpy's NMDA receptor). Timing: the
    spikes of step n-1 update syn at t_n, and the post neurons feel it at step n. brainpy's working idiom
    (``pre.align_pre(...)`` read by a CurrentProj before pre updates) gives the same conductance in the
    same step, from a synapse stepped at t_{n-1}; only the float rounding of a transmitter pulse's length
    (AMPA, GABAa, BioNMDA) can tell them apart."""

    _kind = 'align_pre_projection'

    def __init__(self, *spike_generator, syn, comm, out, post, stp=None):
        if isinstance(syn, ParamDescriber) or isinstance(out, ParamDescriber):
            raise errors.ElementTypeError('align_pre_projection: syn and out are instances (Expon(n_pre, ...), '
                                          'COBA(E=...)), not describers')
        if not isinstance(syn, _Synapse) or isinstance(syn, (STP, STD)):
            raise errors.ElementTypeError(f'align_pre_projection: syn must be a synapse instance, got {syn!r}')
        if not isinstance(out, SynOut):
            raise errors.ElementTypeError(f'align_pre_projection: out must be COBA, CUBA or MgBlock, got {out!r}')
        for part in (syn, out):
            if part._proj is not None:
                raise errors.InvalidArgumentError(f'align_pre_projection: {part!r} already belongs to another projection')
        self._init_common(spike_generator, None, comm, post, None, None, stp)
        if syn.size != len(self.pre):
            raise errors.InvalidArgumentError(
                f'align_pre_projection: the synapse has size {syn.size}, the presynaptic source {len(self.pre)}')
        self.syn = syn
        self.out = out
        syn._proj = out._proj = self


class align_post_projection(AlignPostProj):
    """brainpy.state.align_post_projection: an AlignPostProj with an optional ``stp`` module, given by
    keyword. ``align_post_projection(*spike_generator, comm, syn, out, post, stp=None)``."""

    _kind = 'AlignPostProj'

    def __init__(self, *spike_generator, comm, syn, out, post, stp=None):
        modules = spike_generator + ((stp,) if stp is not None else ())
        super().__init__(*modules, comm=comm, syn=syn, out=out, post=post)
