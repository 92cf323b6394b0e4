"""The Network: owner of an engine handle; adds populations and projections, compiles, runs, steps
and records."""

import ctypes
import numbers
import signal
import sys
import threading
import time

import numpy as np

from . import errors
from . import _engine
from ._lib import (DTYPE_FLOAT32, DTYPE_FLOAT64, NetworkOptions, PROGRESS_FN, RunOptions, call, encode, lib,
                   raise_status, raw_function)
from ._params import numeric_array
from .neurons import Neuron, PopulationView
from .projections import AlignPostProj, Projection
from .units import Quantity, as_quantity, same_dimension

__all__ = ['Network', 'SpikeMonitor', 'StateMonitor', 'Stepper']

_CANCELLED = 10
_F64 = np.dtype(np.float64)
_F32 = np.dtype(np.float32)


def _check_batch_size(batch_size):
    if isinstance(batch_size, bool) or not isinstance(batch_size, (numbers.Integral, np.integer)):
        raise errors.ElementTypeError(f'Network: batch_size must be an int, got {batch_size!r}')


class Network:
    """A spiking network in the compiled engine.

    ``Network(dt=0.1 * u.ms, seed=0, precision=32, num_threads=0, batch_size=0)``

    * ``dt``: the time step (a time quantity); brainpy.state's ``brainstate.environ.set(dt=...)``.
    * ``seed``: seeds every random draw of the network (initializers, EventFixedProb without a seed).
    * ``precision``: 32 (float32 states, brainstate's default) or 64.
    * ``num_threads``: worker threads of the step; 0 = all cores, 1 = the caller's thread only.
    * ``batch_size``: 0 = no batch axis; B >= 1 = brainstate's ``init_all_states(net, batch_size=B)``:
      B independent rows of every state (states ``[B, N]``, monitored values ``[T, B, n]``), sharing
      parameters and connectivity; row 0 is the unbatched network.

    Step ``i`` runs at ``t = float32(i) * float32(dt)`` (precision 32) or ``i * dt`` (64), as
    brainpy.state's compiled loops form it.
    """

    def __init__(self, dt=None, seed=0, precision=32, num_threads=0, batch_size=0):
        from . import units as u
        if dt is None:
            dt = 0.1 * u.ms
        q = as_quantity(dt, what='dt')
        if q is None:
            raise errors.UnitMismatchError(f'Network: dt must be a time quantity such as 0.1 * u.ms, got {dt!r}')
        if np.ndim(q.mantissa) != 0:
            raise errors.InvalidArgumentError('Network: dt must be a scalar')
        if isinstance(precision, str):
            precision = {'float32': 32, 'float64': 64, '32': 32, '64': 64}.get(precision, precision)
        if precision not in (32, 64):
            raise errors.InvalidArgumentError(f'Network: precision must be 32 or 64, got {precision!r}')
        if isinstance(seed, bool) or not isinstance(seed, (numbers.Integral, np.integer)) or not 0 <= seed < 2 ** 64:
            raise errors.InvalidArgumentError(f'Network: seed must be an int in [0, 2**64), got {seed!r}')
        if isinstance(num_threads, bool) or not isinstance(num_threads, (numbers.Integral, np.integer)):
            raise errors.ElementTypeError(f'Network: num_threads must be an int, got {num_threads!r}')
        _check_batch_size(batch_size)
        opts = NetworkOptions()
        call('bps_network_options_init', ctypes.byref(opts))
        unit_b = encode(q.unit.name)
        opts.dt = float(q.mantissa)
        opts.dt_unit = unit_b
        opts.seed = int(seed)
        opts.precision = int(precision)
        opts.num_threads = int(num_threads)
        opts.batch_size = int(batch_size)
        h = ctypes.c_void_p()
        call('bps_network_new', ctypes.byref(opts), ctypes.byref(h))
        self._h = h.value
        self._hv = ctypes.c_void_p(self._h)
        self._closed = False
        self.seed = int(seed)
        self.precision = int(precision)
        self._float = np.float32 if precision == 32 else np.float64
        self._compiled = False
        self._running = False
        self.populations = []
        self.projections = []
        self.monitors = []
        self._steppers = {}
        self.compile_time = None
        self.last_run_time = None

    # -- life cycle -------------------------------------------------------------------------
    def close(self):
        """Delete the engine network. Later calls on this network raise BadHandleError."""
        self._mutable('close the network')
        if not self._closed:
            self._closed = True
            call('bps_network_delete', self._h)

    def __del__(self):
        try:
            if not self._closed and lib._cdll is not None:
                self._closed = True
                lib.bps_network_delete(self._h)
        except Exception:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        state = 'closed' if self._closed else ('compiled' if self._compiled else 'describing')
        dt = '' if self._closed else f'dt={self.dt.mantissa:g} ms, '
        return (f'Network({dt}precision={self.precision}, populations={len(self.populations)}, '
                f'projections={len(self.projections)}, {state})')

    @property
    def handle(self):
        """The raw bps_network* (an int) for the low-level ctypes functions in ``brainpystate.lib``."""
        return self._h

    # -- description ------------------------------------------------------------------------
    def add(self, *objs):
        """Create populations and projections in the engine (in the order given); returns the object
        (or a tuple of them). A projection needs its populations added first."""
        self._mutable('add to the network')
        if not objs:
            raise errors.InvalidArgumentError('Network.add: nothing to add')
        for obj in objs:
            if isinstance(obj, (list, tuple)):
                self.add(*obj)
            elif isinstance(obj, Neuron):
                self._add_population(obj)
            elif isinstance(obj, Projection):
                self._add_projection(obj)
            else:
                raise errors.ElementTypeError(f'Network.add: expected a population (bp.LIF, ...) or a projection '
                                              f'(AlignPostProj, CurrentProj, DeltaProj), got {obj!r}')
        return objs[0] if len(objs) == 1 else objs

    def _scratch(self):
        """A temporary engine network with the same options: every add is first replayed there, so a
        failing parameter leaves this network untouched."""
        opts = NetworkOptions()
        call('bps_network_options_init', ctypes.byref(opts))
        dt = ctypes.c_double()
        call('bps_network_get_dt', self._h, b'ms', ctypes.byref(dt))
        opts.dt = dt.value
        opts.dt_unit = b'ms'
        opts.seed = self.seed
        opts.precision = self.precision
        opts.num_threads = 1
        h = ctypes.c_void_p()
        call('bps_network_new', ctypes.byref(opts), ctypes.byref(h))
        return h.value

    def _add_population(self, pop):
        if pop._net is not None:
            raise errors.InvalidArgumentError(f'{pop!r} is already part of a network')
        self._check_describing('add a population')
        target = getattr(pop, 'target_population', None)
        if target is not None and target._net is not self:
            raise errors.BadStateError(f'{type(pop).__name__}: its target {target!r} is not part of this network; '
                                       'net.add(...) the target first')
        scratch = self._scratch()
        try:
            pid = ctypes.c_int32()
            call('bps_population_new', scratch, encode(pop._model), pop.size, ctypes.byref(pid))
            pop._build(scratch, pid.value)
            check = getattr(pop, '_check_binding', None)     # a PoissonInput's binding, tried first
            if check is not None:
                check(scratch, pid.value)
        finally:
            lib.bps_network_delete(scratch)
        pid = ctypes.c_int32()
        call('bps_population_new', self._h, encode(pop._model), pop.size, ctypes.byref(pid))
        pop._build(self._h, pid.value)
        pop._net = self
        pop._id = pid.value
        self.populations.append(pop)
        attach = getattr(pop, '_attach', None)
        if attach is not None:
            attach(self)
        from ._generator import flush_bindings
        flush_bindings(pop)

    def _add_projection(self, proj):
        if proj._net is not None:
            raise errors.InvalidArgumentError(f'{proj!r} is already part of a network')
        for role, p in (('pre', proj.pre.population), ('post', proj.post)):
            if p._net is not self:
                raise errors.BadStateError(
                    f'{type(proj).__name__}: its {role} population {p!r} is not part of this network; '
                    f'net.add(...) the populations before the projections')
        self._check_describing('add a projection')
        scratch = self._scratch()
        try:
            ids = {}
            for p in (proj.pre.population, proj.post):
                if id(p) not in ids:
                    sid = ctypes.c_int32()
                    call('bps_population_new', scratch, encode(p._model), p.size, ctypes.byref(sid))
                    ids[id(p)] = sid.value
            proj._create(scratch, ids[id(proj.pre.population)], ids[id(proj.post)])
        finally:
            lib.bps_network_delete(scratch)
        jid = proj._create(self._h, proj.pre.population._id, proj.post._id)
        proj._net = self
        proj._id = jid
        self.projections.append(proj)

    def _mutable(self, action):
        """Refuse changes while a run is in progress (i.e. from the progress hook): the engine must not
        be re-entered."""
        if self._running:
            raise errors.BadStateError(f'cannot {action} while the network is running (called from the progress '
                                       'hook); only reading is allowed there')

    def _check_describing(self, action):
        if self._compiled:
            raise errors.BadStateError(f'cannot {action} after compile: the network structure is frozen '
                                       '(build a new Network)')

    # -- compile / states -------------------------------------------------------------------
    def compile(self):
        """Build connectivity, allocate and initialise every state (done by the first run)."""
        self._mutable('compile')
        t0 = time.perf_counter()
        call('bps_network_compile', self._h)
        self.compile_time = time.perf_counter() - t0
        self._compiled = True
        return self

    @property
    def is_compiled(self):
        if not self._compiled and not self._closed:
            self._compiled = _engine.is_compiled(self._h)
        return self._compiled

    def _ensure_compiled(self):
        if not self._compiled:
            if self._closed:
                call('bps_network_compile', self._h)     # raises BadHandleError
            self.compile()

    def init_all_states(self, batch_size=None):
        """brainstate.nn.init_all_states: every state back to its initializer (the same draws as at
        compile), t and the step index to 0, pending one-shot inputs dropped, recordings cleared.
        Compiles the network if needed. ``batch_size=B`` gives every state a batch axis of B rows
        (before the first compile; afterwards only the same size is accepted)."""
        self._mutable('init_all_states')
        if batch_size is not None:
            _check_batch_size(batch_size)
            call('bps_network_set_batch_size', self._h, int(batch_size))
        if not self._compiled:
            self.compile()
        call('bps_network_init_states', self._h)
        return self

    reset_all_states = init_all_states

    # -- time -------------------------------------------------------------------------------
    @property
    def dt(self):
        v = ctypes.c_double()
        call('bps_network_get_dt', self._h, b'ms', ctypes.byref(v))
        return Quantity(v.value, 'ms')

    @property
    def t(self):
        """The time of the next step (a Quantity in ms)."""
        return Quantity(_engine.get_time(self._h)[0], 'ms')

    @property
    def i(self):
        """The index of the next step (the number of steps run since the last init)."""
        return _engine.get_time(self._h)[1]

    @property
    def num_threads(self):
        n = ctypes.c_int32()
        call('bps_network_get_num_threads', self._h, ctypes.byref(n))
        return n.value

    @property
    def batch_size(self):
        """0 without a batch axis, else the number of rows B of every state."""
        n = ctypes.c_int32()
        call('bps_network_get_batch_size', self._h, ctypes.byref(n))
        return n.value

    def _batched(self, values, n):
        """Flat values of every row as [B, n] when the network has a batch axis."""
        b = self.batch_size
        return values.reshape(b, n) if b else values

    # -- running ----------------------------------------------------------------------------
    def run(self, duration=None, *, steps=None, progress=False, progress_interval=0, cancel=None):
        """Advance by `duration` (a time quantity, a whole number of steps) or by `steps`.

        Compiles the network on the first run. ``progress``: False, True (a tqdm bar if tqdm is
        installed, else a percentage line on stderr) or a callable ``hook(steps_done, steps_total)``.
        It is called on this thread every `progress_interval` steps (0 = about 1 % of the run) and at
        the end. ``cancel``: a callable polled at the same points; returning True stops the run at a
        step boundary and raises :class:`Cancelled`. Ctrl-C (or a KeyboardInterrupt raised by the
        hook) stops the run the same way and re-raises KeyboardInterrupt. Any other exception from
        the hook stops the run and propagates. After a stop, every completed step is applied
        (``net.t``, states and recordings agree) and the network stays usable.
        """
        self._mutable('run')
        if (duration is None) == (steps is None):
            raise errors.InvalidArgumentError('Network.run: give either a duration (e.g. 100 * u.ms) or steps=n')
        if duration is not None:
            q = as_quantity(duration, what='duration')
            if q is None:
                raise errors.UnitMismatchError(f'Network.run: the duration must be a time quantity such as '
                                               f'100 * u.ms, got {duration!r} (or use steps=n)')
            if np.ndim(q.mantissa) != 0:
                raise errors.InvalidArgumentError('Network.run: the duration must be a scalar')
        else:
            if isinstance(steps, bool) or not isinstance(steps, (numbers.Integral, np.integer)):
                raise errors.ElementTypeError(f'Network.run: steps must be an int, got {steps!r}')
        if isinstance(progress_interval, bool) or not isinstance(progress_interval, (numbers.Integral, np.integer)):
            raise errors.ElementTypeError(f'Network.run: progress_interval must be an int, got {progress_interval!r}')
        self._ensure_compiled()

        hook = progress if callable(progress) else None
        show = bool(progress) and hook is None
        ctx = {'exc': None, 'sigint': False, 'cancelled': False, 'bar': None, 'last': 0, 'plain_pct': -1}

        def on_progress(user, done, total):
            try:
                if ctx['sigint']:
                    return 1
                if show:
                    _show_progress(ctx, done, total)
                if hook is not None:
                    hook(int(done), int(total))
                if cancel is not None and cancel():
                    ctx['cancelled'] = True
                    return 1
                return 0
            except BaseException as exc:        # KeyboardInterrupt included: stop at a step boundary
                ctx['exc'] = exc
                return 1

        cb = PROGRESS_FN(on_progress)
        opts = RunOptions()
        call('bps_run_options_init', ctypes.byref(opts))
        opts.progress = cb
        opts.progress_interval = int(progress_interval)

        restore = None
        if threading.current_thread() is threading.main_thread():
            try:
                if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                    def on_sigint(signum, frame):
                        ctx['sigint'] = True
                    restore = signal.signal(signal.SIGINT, on_sigint)
            except (ValueError, TypeError):
                restore = None
        t0 = time.perf_counter()
        self._running = True
        try:
            if duration is not None:
                st = lib.bps_network_run_for(self._h, float(q.mantissa), encode(q.unit.name), ctypes.byref(opts))
            else:
                st = lib.bps_network_run(self._h, int(steps), ctypes.byref(opts))
        finally:
            self._running = False
            self.last_run_time = time.perf_counter() - t0
            if restore is not None:
                signal.signal(signal.SIGINT, restore)
            _close_progress(ctx)
            del cb
        if st == _CANCELLED:
            msg = lib.bps_last_error_message()
            msg = msg.decode('utf-8', 'replace') if msg else 'cancelled'
            if ctx['exc'] is not None:
                raise ctx['exc']
            if ctx['sigint']:
                raise KeyboardInterrupt
            raise errors.Cancelled(f'{msg} (at step {self.i}, t = {self.t.mantissa:g} ms)', st,
                                   'BPS_ERR_CANCELLED', 'bps_network_run')
        if st:
            raise_status(st, 'bps_network_run_for' if duration is not None else 'bps_network_run')
        if ctx['exc'] is not None:
            raise ctx['exc']
        if ctx['sigint']:
            raise KeyboardInterrupt
        return self

    def _pop_id(self, pop, what):
        if pop is None:
            return None
        if isinstance(pop, PopulationView):
            if pop.start != 0 or pop.stop != pop.population.size:
                raise errors.InvalidArgumentError(f'{what}: give a whole population, not a slice {pop!r}')
            pop = pop.population
        if not isinstance(pop, Neuron):
            raise errors.ElementTypeError(f'{what}: expected a population, got {pop!r}')
        if pop._net is not self:
            raise errors.BadStateError(f'{what}: {pop!r} is not part of this network')
        return pop

    def _input_population(self, pop):
        """The population a step input goes to: `pop`, or the only one."""
        if pop is None and len(self.populations) == 1:
            return self.populations[0]
        return pop.population if isinstance(pop, PopulationView) else pop

    def stepper(self, pop=None, out=None, unit=None):
        """A fast closed-loop step function: ``s = net.stepper(N, out=N)(x)`` feeds ``x`` (a float
        numpy array of one value per neuron of `pop`, or a scalar, in `unit`; a Quantity also works) as
        a one-shot current for one step and returns the spikes of `out` as a bool array. The returned
        array is a view of a buffer that the next call overwrites (copy it to keep it). `unit` defaults
        to the input unit of `pop`'s model (mA; mV/ms for Izhikevich; Hz for a PoissonEncoder's rates)."""
        key = (id(pop), id(out), str(unit))
        s = self._steppers.get(key)
        if s is None or s._net is not self:
            s = Stepper(self, pop, out, unit)
            self._steppers[key] = s
        return s

    def step(self, x=None, pop=None, *, unit=None, out=None):
        """Run exactly one step (the closed loop, ``bps_network_step``).

        ``x``: this step's one-shot input current into `pop` (a current Quantity, scalar or one per
        neuron; or a raw float numpy array / number together with ``unit='mA'``); None for no input.
        ``pop`` defaults to the only population, ``out`` (whose spikes are returned) to `pop`.
        Returns the spikes emitted by this step as a new bool array. For the lowest overhead use
        :meth:`stepper`."""
        if isinstance(x, (list, tuple)):
            x = numeric_array(x, 'step input')
        if x is not None and not isinstance(x, np.ndarray) and not isinstance(x, numbers.Number):
            q = as_quantity(x, what='step input')
            if q is None:
                raise errors.ElementTypeError(f'Network.step: x must be a current quantity or numbers with unit=, '
                                              f'got {type(x).__name__}')
            if unit is not None:
                raise errors.UnitMismatchError('Network.step: x is a quantity; drop unit=')
            x, unit = q.mantissa, q.unit.name
        # a dimensionless model (FitzHughNagumo, HindmarshRose) takes raw numbers as they are
        natural = getattr(self._input_population(pop), '_input_unit', 'mA')
        if x is not None and unit is None and natural != '':
            raise errors.UnitMismatchError('Network.step: give the unit of raw input numbers, e.g. unit="mA" '
                                           '(or pass a quantity such as x * u.mA)')
        s = self.stepper(pop, out, unit)
        return s(x).copy()

    # -- monitors ---------------------------------------------------------------------------
    def monitor(self, target, var='spike', indices=None):
        """Record `var` of `target` after every step from now on.

        * ``net.monitor(N, 'spike')``: a :class:`SpikeMonitor` (``.events``, ``.raster``, ``.times``);
        * ``net.monitor(N, 'V', indices=[0, 1])`` / ``'last_spike_time'``: a :class:`StateMonitor`
          (``.values`` (T, k) Quantity, ``.times``);
        * ``net.monitor(proj, 'g')``: the projection's synaptic conductance (post neurons).

        A slice ``N[a:b]`` as target records those neurons (combined with `indices`, which are then
        relative to the slice). Monitors may be added before or after compile."""
        self._mutable('add a monitor')
        if not isinstance(var, str):
            raise errors.ElementTypeError(f'monitor: var must be a str, got {var!r}')
        idx = None
        if indices is not None:
            idx = np.asarray(indices)
            if idx.ndim == 0:
                idx = idx.reshape(1)
            if idx.size == 0:
                idx = idx.astype(np.int64)        # the engine explains that empty indices are refused
            if idx.dtype.kind not in 'iu':
                raise errors.ElementTypeError(f'monitor: indices must be integers, got dtype {idx.dtype}')
            idx = np.ascontiguousarray(idx.ravel(), dtype=np.int64)
        if isinstance(target, Projection):
            if target._net is not self:
                raise errors.BadStateError(f'monitor: {target!r} is not part of this network')
            m = ctypes.c_int32()
            call('bps_monitor_projection_state', self._h, target._id, encode(var),
                 idx.ctypes.data if idx is not None else None, 0 if idx is None else idx.size, ctypes.byref(m))
            mon = StateMonitor(self, m.value, target, var, target._state_unit(var), idx)
            self.monitors.append(mon)
            return mon
        if isinstance(target, PopulationView):
            base = np.arange(target.start, target.stop, dtype=np.int64)
            if idx is not None:
                if idx.size and (idx.min() < 0 or idx.max() >= base.size):
                    raise errors.OutOfRangeError(f'monitor: index outside the slice {target!r}')
                idx = base[idx]
            elif target.start != 0 or target.stop != target.population.size:
                idx = base
            target = target.population
        if not isinstance(target, Neuron):
            raise errors.ElementTypeError(f'monitor: target must be a population, a slice or a projection, got '
                                          f'{target!r}')
        if target._net is not self:
            raise errors.BadStateError(f'monitor: {target!r} is not part of this network (net.add it first)')
        m = ctypes.c_int32()
        ptr = idx.ctypes.data if idx is not None else None
        n = 0 if idx is None else idx.size
        if var == 'spike':
            call('bps_monitor_spikes', self._h, target._id, ptr, n, ctypes.byref(m))
            mon = SpikeMonitor(self, m.value, target, idx)
        else:
            call('bps_monitor_state', self._h, target._id, encode(var), ptr, n, ctypes.byref(m))
            mon = StateMonitor(self, m.value, target, var, target._state_unit(var), idx)
        self.monitors.append(mon)
        return mon


def _show_progress(ctx, done, total):
    if ctx['bar'] is None and ctx['plain_pct'] == -1:
        try:
            from tqdm.auto import tqdm
            ctx['bar'] = tqdm(total=int(total), unit='step', desc='run', leave=True)
        except ImportError:
            ctx['plain_pct'] = -2
    bar = ctx['bar']
    if bar is not None:
        bar.update(int(done) - ctx['last'])
        ctx['last'] = int(done)
    else:
        pct = int(100 * done / total) if total else 100
        if pct != ctx['plain_pct']:
            ctx['plain_pct'] = pct
            sys.stderr.write(f'\rrun: {pct:3d}% ({done}/{total} steps)')
            sys.stderr.flush()


def _close_progress(ctx):
    if ctx['bar'] is not None:
        ctx['bar'].close()
    elif ctx['plain_pct'] >= 0:
        sys.stderr.write('\n')
        sys.stderr.flush()


class Stepper:
    """Closed-loop step with preallocated buffers and cached ctypes objects (see Network.stepper).

    The call goes through an unprototyped ctypes function object whose every argument is an
    already-built ctypes instance of the exact C type, which skips ctypes' per-argument conversion."""

    __slots__ = ('_net', '_fn', '_h', '_in', '_out', '_buf', '_bool', '_buf_ptr', '_cap', '_count',
                 '_count_ref', '_unit', '_n_in', '_scalar', '_scalar_ptr', '_last_x', '_last_ptr', '_last_n',
                 '_last_code', '_null', '_zero', '_one', '_f32', '_f64', '_no_pop', '_size')

    def __init__(self, net, pop, out, unit):
        if pop is None and len(net.populations) == 1:
            pop = net.populations[0]
        if pop is None and out is None:
            raise errors.InvalidArgumentError('Network.step: the network has several populations; give pop= '
                                              '(the input population) and/or out=')
        pop = net._pop_id(pop, 'step input population')
        out = net._pop_id(out, 'step output population') if out is not None else pop
        # the input's unit must have the dimension of the model's input (a current, mV/ms for Izhikevich,
        # a rate for PoissonEncoder)
        expected = pop._input_unit if pop is not None else 'mA'
        u = expected if unit is None else str(unit) if not isinstance(unit, bytes) else unit.decode()
        if not same_dimension(u, expected):
            raise errors.UnitMismatchError(f'Network.step: unit "{u}" does not have the dimension of the '
                                           f'input of {type(pop).__name__} (e.g. {expected})')
        net._ensure_compiled()
        self._net = net
        self._fn = raw_function('bps_network_step')
        self._h = ctypes.c_void_p(net._h)
        self._in = ctypes.c_int32(pop._id if pop is not None else -1)
        self._n_in = pop.size if pop is not None else 0
        self._out = ctypes.c_int32(out._id if out is not None else -1)
        size = out.size if out is not None else 0
        self._size = size
        rows = net.batch_size
        self._cap = ctypes.c_int64(size * max(rows, 1))
        self._buf = np.zeros(max(size * max(rows, 1), 1), dtype=np.uint8)
        self._bool = net._batched(self._buf[:size * max(rows, 1)], size).view(bool)
        self._buf_ptr = ctypes.c_void_p(self._buf.ctypes.data if size else None)
        self._count = ctypes.c_int64()
        self._count_ref = ctypes.byref(self._count)
        self._unit = ctypes.c_char_p(u.encode('utf-8'))
        self._scalar = np.zeros(1, dtype=np.float64)
        self._scalar_ptr = ctypes.c_void_p(self._scalar.ctypes.data)
        self._null = ctypes.c_void_p(None)
        self._zero = ctypes.c_int64(0)
        self._one = ctypes.c_int64(1)
        self._f32 = ctypes.c_int32(DTYPE_FLOAT32)
        self._f64 = ctypes.c_int32(DTYPE_FLOAT64)
        self._no_pop = ctypes.c_int32(-1)
        self._last_x = self._last_ptr = self._last_n = self._last_code = None

    @property
    def spike_count(self):
        """The number of spikes of the last call."""
        return self._count.value

    def __call__(self, x=None):
        if self._net._running:
            self._net._mutable('step')
        if x is None:
            st = self._fn(self._h, self._no_pop, self._null, self._zero, self._f64, self._null, self._out,
                          self._buf_ptr, self._cap, self._count_ref)
        elif x is self._last_x:
            # the same array object as last time (a reused input buffer): pointer and type are cached
            st = self._fn(self._h, self._in, self._last_ptr, self._last_n, self._last_code, self._unit, self._out,
                          self._buf_ptr, self._cap, self._count_ref)
        elif type(x) is np.ndarray:
            dt = x.dtype
            if dt is _F64 and x.flags.c_contiguous:
                code = self._f64
            elif dt is _F32 and x.flags.c_contiguous:
                code = self._f32
            else:
                x = numeric_array(x, 'step input')
                code = self._f32 if x.dtype == np.float32 else self._f64
            if x.size == 0:
                raise errors.InvalidArgumentError('step input: empty array')
            # keep a reference to x: while we hold it, its memory cannot move or be reused
            self._last_x = x
            self._last_ptr = ctypes.c_void_p(x.ctypes.data)
            self._last_n = ctypes.c_int64(x.size)
            self._last_code = code
            st = self._fn(self._h, self._in, self._last_ptr, self._last_n, code, self._unit, self._out,
                          self._buf_ptr, self._cap, self._count_ref)
        elif isinstance(x, (float, int, np.floating, np.integer)) and not isinstance(x, bool):
            self._scalar[0] = x
            st = self._fn(self._h, self._in, self._scalar_ptr, self._one, self._f64, self._unit, self._out,
                          self._buf_ptr, self._cap, self._count_ref)
        else:
            q = as_quantity(x, what='step input')
            if q is None:
                raise errors.ElementTypeError(f'step input must be numbers or a current quantity, got {x!r}')
            a = numeric_array(q.mantissa, 'step input').ravel()
            st = self._fn(self._h, self._in, ctypes.c_void_p(a.ctypes.data), ctypes.c_int64(a.size),
                          self._f32 if a.dtype == np.float32 else self._f64, ctypes.c_char_p(encode(q.unit.name)),
                          self._out, self._buf_ptr, self._cap, self._count_ref)
        if st:
            raise_status(st, 'bps_network_step')
        return self._bool


class _Monitor:
    def __init__(self, net, mid, target, idx):
        self._net = net
        self._id = mid
        self.target = target
        self.indices = idx

    def shape(self):
        """(recorded steps, width)."""
        s = ctypes.c_int64()
        w = ctypes.c_int64()
        call('bps_monitor_shape', self._net._h, self._id, ctypes.byref(s), ctypes.byref(w))
        return s.value, w.value

    @property
    def times(self):
        """The time of every recorded step (Quantity in ms)."""
        T, _ = self.shape()
        out = np.empty(T, dtype=np.float64)
        n = ctypes.c_int64()
        call('bps_monitor_get_times', self._net._h, self._id, out.ctypes.data if T else None, T, b'ms',
             ctypes.byref(n))
        return Quantity(out[:n.value], 'ms')

    @property
    def steps(self):
        """The step index of every recorded row (recordings are contiguous and end at ``net.i``)."""
        T, _ = self.shape()
        i = self._net.i
        return np.arange(i - T, i, dtype=np.int64)

    def clear(self):
        """Drop everything recorded so far."""
        self._net._mutable('clear a monitor')
        call('bps_monitor_clear', self._net._h, self._id)

    def __len__(self):
        return self.shape()[0]


class SpikeMonitor(_Monitor):
    """Recorded spikes of a population (``net.monitor(N, 'spike')``)."""

    @property
    def events(self):
        """(steps, neurons): int64 arrays of the step index and the neuron index (in the population) of
        every recorded spike, in time order."""
        n = ctypes.c_int64()
        h = self._net._h
        call('bps_monitor_get_events', h, self._id, None, None, 0, ctypes.byref(n))
        steps = np.empty(n.value, dtype=np.int64)
        neurons = np.empty(n.value, dtype=np.int64)
        if n.value:
            call('bps_monitor_get_events', h, self._id, steps.ctypes.data, neurons.ctypes.data, n.value,
                 ctypes.byref(n))
        return steps, neurons

    @property
    def event_rows(self):
        """The batch row of every event of ``events`` (all 0 without a batch axis)."""
        n = ctypes.c_int64()
        h = self._net._h
        call('bps_monitor_get_event_rows', h, self._id, None, 0, ctypes.byref(n))
        rows = np.empty(n.value, dtype=np.int64)
        if n.value:
            call('bps_monitor_get_event_rows', h, self._id, rows.ctypes.data, n.value, ctypes.byref(n))
        return rows

    @property
    def raster(self):
        """A (T, width) bool array: row r = recorded step r, columns = the recorded neurons; (T, B,
        width) with a batch axis."""
        T, W = self.shape()
        B = self._net.batch_size
        out = np.zeros(T * max(B, 1) * W, dtype=np.uint8)
        n = ctypes.c_int64()
        call('bps_monitor_get_raster', self._net._h, self._id, out.ctypes.data if out.size else None, out.size,
             ctypes.byref(n))
        return out.reshape((T, B, W) if B else (T, W)).view(bool)

    @property
    def spike_times(self):
        """The time of every event (Quantity in ms), aligned with ``events``."""
        steps, _ = self.events
        dt = self._net.dt.mantissa
        if self._net.precision == 32:
            t = steps.astype(np.float32) * np.float32(dt)
        else:
            t = steps.astype(np.float64) * dt
        return Quantity(t, 'ms')

    @property
    def count(self):
        return int(self.events[0].size)

    def __repr__(self):
        return f'SpikeMonitor({self.target!r}, steps={self.shape()[0]})'


class StateMonitor(_Monitor):
    """Recorded values of a state (``net.monitor(N, 'V')``, ``net.monitor(proj, 'g')``)."""

    def __init__(self, net, mid, target, var, unit, idx):
        super().__init__(net, mid, target, idx)
        self.var = var
        self.unit = unit

    @property
    def values(self):
        """A (T, k) Quantity in the state's unit (V: mV, last_spike_time: ms, g: mS); (T, B, k) with a
        batch axis (time first, as brainstate's for_loop stacks a batched state)."""
        T, W = self.shape()
        B = self._net.batch_size
        dtype = self._net._float
        out = np.empty(T * max(B, 1) * W, dtype=dtype)
        n = ctypes.c_int64()
        call('bps_monitor_get_values', self._net._h, self._id, out.ctypes.data if out.size else None, out.size,
             DTYPE_FLOAT32 if dtype == np.float32 else DTYPE_FLOAT64, encode(self.unit), ctypes.byref(n))
        return Quantity(out.reshape((T, B, W) if B else (T, W)), self.unit)

    def __repr__(self):
        return f'StateMonitor({self.target!r}, {self.var!r}, steps={self.shape()[0]})'
