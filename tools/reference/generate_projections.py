#!/usr/bin/env python3
"""Golden reference fixtures of brainpy.state (BrainPy 2.9.0) projections, synapses, outputs,
communication layers, delays and short-term plasticity: fixtures/reference/proj_*.npz.

Run from the repository root with the reference venv (see tools/reference/README.md):

    .venv-ref/bin/python tools/reference/generate_projections.py                      # everything
    .venv-ref/bin/python tools/reference/generate_projections.py --only proj_ampa_pre # one case, f32 + f64
    .venv-ref/bin/python tools/reference/generate_projections.py --only 'proj_comm_*' --precision 64

The conventions are generate.py's (its Worker, save_npz and time handling are reused): every
precision runs in a child process of its own, dt = 0.1 ms, t_n is passed into the compiled
for_loop as data, parameters are arrays of the run's float dtype, files are byte-reproducible.

Every case is a small network described by plain data (CASES below): populations with
heterogeneous parameters and a time-varying external current x[n] (the update argument), and
projections with explicit connectivity or a seeded comm. The description is stored in the file's
meta as JSON (``network``), arrays are referenced by name, so that the binding's conformance test
(bindings/python/tests/test_conformance_projections.py) rebuilds the same network from the file
alone. One step (as in every reference example):

    1. spk[pop] = pop.get_spike() != 0  (float 0/1, the previous step's spikes)
    2. every projection, in order, is called with its presynaptic slice of spk
    3. every population is called with x[n] (mA; uA for HH)
    4. every state is recorded after the update

Projection kinds and how the reference is driven:

* AlignPostProj(*modules, comm, syn, out, post, label, delay): the class itself; an STP/STD
  instance is a positional module (brainpy calls it with the spikes before the delay and comm);
  describers merge, instances (Alpha) do not.
* align_post_projection(comm, syn, out, post): the 2.9.0 wrapper itself (it works with an event
  comm and no stp, spec synapses §5.7).
* CurrentProj(comm, out, post, delay) and DeltaProj(comm, post, label): the classes themselves.
* align_pre_projection: the 2.9.0 wrapper is broken (spec synapses §5.7: every stp= fails on
  brainevent.MaskedFloat, and Expon/AMPA cannot consume the BinaryArray it builds; the failure is
  reproduced at run time and stored in meta ``align_pre_projection_wrapper``). Its intended
  pipeline is hand-composed from the working parts instead, in the same step:
      x = spk[pre slice];  x = stp(x) if stp;  g = syn(x);  CurrentProj(comm, out, post)(g)
  with syn an instance of size n_pre (Expon, DualExpon and Alpha with g_initializer=Constant(0.),
  unitless, the weights carrying mS; AMPA, GABAa and BioNMDA with their default mS g, the weights
  unitless, spec §3.4). The synapse therefore runs at t_n with the spikes of step n-1. brainpy's
  working idiom (Dynamics.align_pre read by a CurrentProj before pre updates) feeds the post the same
  conductance in the same step from a synapse stepped at t_{n-1} (probed: meta
  ``align_pre_idiom_timing``).

Recorded (arrays of shape (steps, n)): ``<pop>.<state>`` (V, w, m, h, n), ``<pop>.spike`` (uint8),
``<proj>.syn.<state>`` (g, g_rise, g_decay, h, x, spike_arrival_time), ``<proj>.stp.<u|x>``,
``<proj>.g`` (a CurrentProj's bound conductance). Initial states: ``<pop>.<state>0``. Units are
in meta ``records``.
"""

import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate as G  # noqa: E402  (the fixture conventions: Worker, save_npz, P, DT_MS)

DT_MS = G.DT_MS
STEPS = 300

# The states a population model records, with their units.
POP_STATES = {'LIF': {'V': 'mV'}, 'LIFRef': {'V': 'mV', 'last_spike_time': 'ms'}, 'AdExIF': {'V': 'mV', 'w': 'mA'},
              'HH': {'V': 'mV', 'm': '', 'h': '', 'n': ''}}
POP_INPUT_UNIT = {'LIF': 'mA', 'LIFRef': 'mA', 'AdExIF': 'mA', 'HH': 'uA'}
SYN_STATES = {'Expon': {'g': 'mS'}, 'DualExpon': {'g_rise': 'mS', 'g_decay': 'mS'},
              'Alpha': {'g': 'mS', 'h': 'mS'}, 'AMPA': {'g': 'mS', 'spike_arrival_time': 'ms'},
              'GABAa': {'g': 'mS', 'spike_arrival_time': 'ms'},
              'BioNMDA': {'g': 'mS', 'x': '', 'spike_arrival_time': 'ms'}}
STP_STATES = {'STP': {'u': '', 'x': ''}, 'STD': {'x': ''}}
KINETIC = ('AMPA', 'GABAa', 'BioNMDA')


# ----------------------------------------------------------------------------------------------
# case descriptions (pure numpy: no reference imports)
# ----------------------------------------------------------------------------------------------

class Case:
    """A network as data: populations, projections, arrays (float64 here; cast to the run dtype)."""

    def __init__(self, name, description, seed, steps=STEPS):
        self.name = name
        self.description = description
        self.rs = np.random.RandomState(seed)
        self.steps = steps
        self.pops = []
        self.projs = []
        self.arrays = {}
        self.notes = []
        self.merge_groups = []
        self.global_seed = None          # brainstate.random.seed(s) before the projections (unseeded comms)

    def array(self, key, values):
        self.arrays[key] = np.asarray(values, dtype=np.float64)
        return key

    def pop(self, name, model, N, drive, params=None, init=None, spk_reset=None):
        """drive = (lo, hi): per-neuron piecewise-constant levels drawn in [lo, hi] (4 segments)
        plus a sinusoid of 15 % amplitude with a per-neuron period."""
        rs = self.rs
        lo, hi = drive
        levels = np.round(rs.uniform(lo, hi, (4, N)), 2)
        periods = np.round(rs.uniform(3.0, 11.0, N), 1)
        x = G._drive(self.steps, levels, 0.15, periods)
        p = {'name': name, 'model': model, 'N': N, 'params': {}, 'init': {},
             'x': self.array(f'{name}.x', x), 'x_unit': POP_INPUT_UNIT[model],
             'x_levels': levels.tolist(), 'x_periods_ms': periods.tolist()}
        for k, (v, unit) in (params or {}).items():
            p['params'][k] = [self.array(f'{name}.{k}', v) if np.ndim(v) else float(v), unit]
        for k, (v, unit) in (init or {}).items():
            p['init'][k] = [self.array(f'{name}.{k}_init', v), unit]
        if spk_reset is not None:
            p['spk_reset'] = spk_reset
        self.pops.append(p)
        return name

    def lif(self, name, N, drive, spk_reset='soft', tau_ref=None):
        """A LIF population with heterogeneous tau, V_rest, V_th and V0 (R = 1 ohm, V_reset = V_rest);
        a LIFRef with tau_ref (values per neuron) when given."""
        rs = self.rs
        rest = np.round(rs.uniform(-62.0, -58.0, N), 2)
        th = np.round(rest + rs.uniform(9.0, 11.0, N), 2)
        params = {'R': (1.0, 'ohm'), 'tau': (np.round(rs.uniform(5.0, 12.0, N), 2), 'ms'),
                  'V_th': (th, 'mV'), 'V_reset': (rest, 'mV'), 'V_rest': (rest, 'mV')}
        if tau_ref is not None:
            params['tau_ref'] = (np.asarray(tau_ref, dtype=np.float64), 'ms')
        return self.pop(name, 'LIF' if tau_ref is None else 'LIFRef', N, drive, spk_reset=spk_reset, params=params,
                        init={'V': (np.round(rs.uniform(rest, th - 0.5), 2), 'mV')})

    def weights(self, key, n_pre, n_post, lo, hi, density=0.45, no_self=False):
        """An explicit (n_pre, n_post) weight matrix, zero outside a random mask."""
        rs = self.rs
        mask = rs.rand(n_pre, n_post) < density
        if no_self:
            np.fill_diagonal(mask, False)
        for i in range(n_pre):               # every presynaptic neuron reaches someone
            if not mask[i].any():
                mask[i, rs.randint(n_post)] = True
        return self.array(key, np.where(mask, np.round(rs.uniform(lo, hi, (n_pre, n_post)), 3), 0.0))

    def proj(self, name, kind, pre, post, comm, syn=None, out=None, stp=None, delay=None, label=None):
        assert name not in {p['name'] for p in self.pops} | {j['name'] for j in self.projs}, name
        pre_pop, a, b = (pre, 0, None) if isinstance(pre, str) else pre
        n = next(p['N'] for p in self.pops if p['name'] == pre_pop)
        self.projs.append({'name': name, 'kind': kind, 'pre': [pre_pop, a, n if b is None else b], 'post': post,
                           'comm': comm, 'syn': syn, 'out': out, 'stp': stp, 'delay': delay, 'label': label})

    def size(self, pop):
        return next(p['N'] for p in self.pops if p['name'] == pop)


def linear(W, unit='mS'):
    return {'class': 'Linear', 'weight': [W, unit]}


def syn(cls, form='desc', **params):
    """A synapse: form 'desc' (Expon.desc(n_post, ...)) or 'inst' (an instance); params name -> [v, unit]."""
    return {'class': cls, 'form': form, 'params': {k: list(v) for k, v in params.items()},
            'options': {}}


def coba(E, form='desc'):
    return {'class': 'COBA', 'form': form, 'params': {'E': [E, 'mV']}}


def cuba(form='desc', scale=None):
    return {'class': 'CUBA', 'form': form, 'params': {} if scale is None else {'scale': list(scale)}}


def std_pre(c, name, n=10):
    return c.lif(name, n, (14.0, 40.0))


def case_synapse(name, cls, kind, seed, syn_params_cuba, syn_params_coba, W_cuba, W_coba, E=0.0,
                 post_drive=(7.0, 11.5), extra='', scale=None):
    """pre LIF(10) -> postC LIF(8) through CUBA and -> postB LIF(8) through COBA, one synapse kind.
    E may be one value or one per post neuron; scale (value, unit) is CUBA's."""
    what = {'AlignPostProj': 'AlignPostProj', 'align_pre_projection': 'align-pre (hand-composed, see the module doc)'}
    c = Case(name, f'{cls} x CUBA/COBA through {what[kind]}: pre LIF(10) -> postC LIF(8) (CUBA) and -> '
                   f'postB LIF(8) (COBA, E = {E if np.ndim(E) == 0 else "one per post neuron"} mV); explicit '
                   'weight matrices, heterogeneous parameters.' + extra, seed)
    std_pre(c, 'pre')
    c.lif('postC', 8, post_drive)
    c.lif('postB', 8, post_drive, spk_reset='hard')
    form = 'desc' if kind == 'AlignPostProj' and cls != 'Alpha' else 'inst'
    E = c.array('coba.out.E', E) if np.ndim(E) else E
    for out_name, post, sp, W, out in (('cuba', 'postC', syn_params_cuba, W_cuba, cuba(form, scale)),
                                       ('coba', 'postB', syn_params_coba, W_coba, coba(E, form))):
        params = {k: ([c.array(f'{out_name}.syn.{k}', v[0]), v[1]] if np.ndim(v[0]) else list(v))
                  for k, v in sp.items()}
        s = {'class': cls, 'form': form, 'params': params, 'options': {}}
        if cls == 'DualExpon' and out_name == 'coba':
            s['options'] = {'normalize': False}
        c.proj(out_name, kind, 'pre', post, linear(c.weights(f'{out_name}.W', 10, 8, *W)), syn=s, out=out)
    return c


def het(rs, n, lo, hi, digits=3):
    return np.round(rs.uniform(lo, hi, n), digits)


def build_cases():
    cases = {}
    rs = np.random.RandomState(1234)          # heterogeneous synapse parameters

    def add(c):
        cases[c.name] = c

    # 1. every synapse x output
    add(case_synapse('proj_expon_post', 'Expon', 'AlignPostProj', 1,
                     {'tau': (het(rs, 8, 2.0, 9.0), 'ms')},
                     {'tau': (het(rs, 8, 3.0, 10.0), 'ms'), 'g_initializer': (het(rs, 8, 0.0, 40.0), 'mS')},
                     (1.0, 6.0), (30.0, 120.0), scale=(500.0, 'mV'),
                     extra=' CUBA has scale = 500 mV (mS*mV = uA, x 1e-3 into mA); COBA starts from a per-neuron '
                           'g_initializer.'))
    add(case_synapse('proj_dualexpon_post', 'DualExpon', 'AlignPostProj', 2,
                     {'tau_decay': (het(rs, 8, 6.0, 14.0), 'ms'), 'tau_rise': (het(rs, 8, 0.5, 2.0), 'ms'),
                      'amplitude': (1.5, '')},
                     {'tau_decay': (8.0, 'ms'), 'tau_rise': (het(rs, 8, 0.8, 3.0), 'ms'),
                      'amplitude': (het(rs, 8, 0.5, 1.5), '')},
                     (0.5, 2.5), (30.0, 100.0), E=het(rs, 8, -10.0, 10.0, 2),
                     extra=' COBA uses normalize=False and one E per post neuron.'))
    add(case_synapse('proj_alpha_post', 'Alpha', 'AlignPostProj', 3,
                     {'tau': (het(rs, 8, 2.0, 8.0), 'ms')}, {'tau': (4.0, 'ms')},
                     (1.0, 6.0), (60.0, 250.0),
                     extra=' Alpha is not post-alignable: instances, the non-merging path (spec §3.3).'))
    add(case_synapse('proj_expon_pre', 'Expon', 'align_pre_projection', 4,
                     {'tau': (het(rs, 10, 2.0, 9.0), 'ms')}, {'tau': (het(rs, 10, 3.0, 10.0), 'ms')},
                     (0.5, 3.0), (30.0, 120.0)))
    add(case_synapse('proj_dualexpon_pre', 'DualExpon', 'align_pre_projection', 5,
                     {'tau_decay': (het(rs, 10, 6.0, 14.0), 'ms'), 'tau_rise': (het(rs, 10, 0.5, 2.0), 'ms')},
                     {'tau_decay': (het(rs, 10, 5.0, 9.0), 'ms'), 'tau_rise': (1.2, 'ms'),
                      'amplitude': (2.0, '')},
                     (0.5, 2.5), (30.0, 100.0), extra=' COBA uses normalize=False.'))
    add(case_synapse('proj_alpha_pre', 'Alpha', 'align_pre_projection', 6,
                     {'tau': (het(rs, 10, 2.0, 8.0), 'ms')}, {'tau': (5.0, 'ms')},
                     (0.5, 3.0), (60.0, 250.0), scale=(2.0, 'V'), extra=' CUBA has scale = 2 V.'))
    add(case_synapse('proj_ampa_pre', 'AMPA', 'align_pre_projection', 7,
                     {'alpha': (het(rs, 10, 0.6, 1.2), '1/(ms*mM)'), 'beta': (het(rs, 10, 0.1, 0.3), '1/ms')},
                     {'T': (het(rs, 10, 0.3, 1.0), 'mM'), 'T_dur': (het(rs, 10, 0.3, 1.2, 2), 'ms')},
                     (4.0, 15.0), (150.0, 600.0),
                     extra=' T_dur 0.5 ms (default, CUBA) and 0.3-1.2 ms (COBA) exercise the float time '
                           'arithmetic of the pulse (spec §3.4).'))
    add(case_synapse('proj_gabaa_pre', 'GABAa', 'align_pre_projection', 8,
                     {'alpha': (0.53, '1/(ms*mM)'), 'T_dur': (het(rs, 10, 0.5, 1.5, 2), 'ms')},
                     {'beta': (het(rs, 10, 0.1, 0.3), '1/ms')},
                     (-2.5, -0.5), (40.0, 160.0), E=-80.0, post_drive=(13.0, 22.0),
                     extra=' Inhibitory: CUBA weights negative, COBA E = -80 mV; the posts are driven above '
                           'rheobase.'))
    add(case_synapse('proj_bionmda_pre', 'BioNMDA', 'align_pre_projection', 9,
                     {'alpha1': (het(rs, 10, 1.0, 3.0), '1/ms'), 'beta2': (het(rs, 10, 0.3, 0.8), '1/ms')},
                     {'beta1': (het(rs, 10, 0.01, 0.05), '1/ms'), 'T': (het(rs, 10, 0.5, 1.5), 'mM'),
                      'g_initializer': (het(rs, 10, 0.0, 0.1), 'mS'), 'x_initializer': (het(rs, 10, 0.0, 0.4), '')},
                     (0.5, 2.5), (20.0, 80.0), extra=' COBA starts from per-neuron g and x initializers.'))

    # 1b. non-LIF posts: AdExIF (mA input) and HH (uA input: a COBA mS*mV enters with factor 1)
    c = Case('proj_nonlif', 'Non-LIF posts: pre LIF(10) -> AdExIF(6) through align-pre AMPA + COBA(E = 0 mV), '
                            '-> HH(6) through AlignPostProj Expon.desc + COBA(E = 0 mV) and align-pre GABAa + '
                            'COBA(E = -80 mV), and pre[0:5] -> HH through Expon.desc + CUBA (mS*V = mA: x 1000 into '
                            'the uA sum). HH takes uA: mS*mV = uA enters its current sum with factor 1 '
                            '(LIF/AdExIF: x 1e-3 into mA). HH gates start at their steady state at V0.', 10)
    std_pre(c, 'pre')
    c.pop('adex', 'AdExIF', 6, (15.0, 40.0), params={
        'tau': (het(c.rs, 6, 8.0, 14.0), 'ms'), 'tau_w': (het(c.rs, 6, 20.0, 80.0), 'ms'),
        'V_th': (het(c.rs, 6, -55.0, -50.0, 2), 'mV'), 'a': (het(c.rs, 6, 0.0, 1.5), 'S'),
        'b': (het(c.rs, 6, 0.5, 2.0), 'mA')},
        init={'V': (het(c.rs, 6, -66.0, -58.0, 2), 'mV'), 'w': (het(c.rs, 6, 0.0, 1.0), 'mA')})
    c.pop('hh', 'HH', 6, (6.0, 14.0), params={
        'gNa': (het(c.rs, 6, 100.0, 130.0, 1), 'mS'), 'gK': (het(c.rs, 6, 30.0, 40.0, 1), 'mS'),
        'gL': (het(c.rs, 6, 0.03, 0.3), 'mS')},
        init={'V': (het(c.rs, 6, -70.0, -62.0, 2), 'mV')})
    c.proj('ampa', 'align_pre_projection', 'pre', 'adex', linear(c.weights('ampa.W', 10, 6, 200.0, 700.0)),
           syn=syn('AMPA', 'inst', T_dur=[c.array('ampa.syn.T_dur', het(c.rs, 10, 0.4, 1.0, 2)), 'ms']),
           out=coba(0.0, 'inst'))
    c.proj('expon', 'AlignPostProj', 'pre', 'hh', linear(c.weights('expon.W', 10, 6, 0.004, 0.025)),
           syn=syn('Expon', tau=[c.array('expon.syn.tau', het(c.rs, 6, 2.0, 6.0)), 'ms']), out=coba(0.0))
    c.proj('gabaa', 'align_pre_projection', ('pre', 5, 10), 'hh',
           linear(c.weights('gabaa.W', 5, 6, 0.003, 0.02)), syn=syn('GABAa', 'inst'), out=coba(-80.0, 'inst'))
    c.proj('cuba', 'AlignPostProj', ('pre', 0, 5), 'hh', linear(c.weights('cuba.W', 5, 6, 0.001, 0.004)),
           syn=syn('Expon', tau=[3.0, 'ms']), out=cuba())
    add(c)

    # 2. merging
    c = Case('proj_merge', 'Merging (spec §5.3): pre LIF(10) -> post LIF(8). a and b: AlignPostProj with '
                           'identical Expon.desc(8, tau=5 ms) / COBA.desc(E=0 mV) share one synapse (reference: '
                           'a.syn is b.syn, asserted); c: tau = 8 ms, its own synapse; d: the same descriptors '
                           'as a with label "L", its own synapse; e: the synapse of a with COBA E = -10 mV, its own '
                           'synapse. Each pushes its own weights.', 11)
    std_pre(c, 'pre')
    c.lif('post', 8, (4.0, 9.0))
    for name, tau, label in (('a', 5.0, None), ('b', 5.0, None), ('c', 8.0, None), ('d', 5.0, 'L')):
        c.proj(name, 'AlignPostProj', 'pre', 'post', linear(c.weights(f'{name}.W', 10, 8, 10.0, 60.0, 0.3)),
               syn=syn('Expon', tau=[tau, 'ms']), out=coba(0.0), label=label)
    c.proj('e', 'AlignPostProj', 'pre', 'post', linear(c.weights('e.W', 10, 8, 10.0, 60.0, 0.3)),
           syn=syn('Expon', tau=[5.0, 'ms']), out=coba(-10.0))
    c.merge_groups = [['a', 'b']]
    add(c)

    # 3. CurrentProj and DeltaProj
    c = Case('proj_current_delta', 'CurrentProj and DeltaProj: pre LIF(10) -> post1 LIF(8) through '
                                   'CurrentProj(Linear, COBA(E=0 mV)) and CurrentProj(Linear, CUBA, delay=0.2 ms): '
                                   'the comm output is the conductance of the step; -> post2 LIF(8) through '
                                   'DeltaProj(Linear, W in mV) and DeltaProj(EventFixedProb(10, 8, 3, mV, '
                                   'seed=21), label "k") and DeltaProj(STD, Linear, label "s") (brainpy calls '
                                   'the STD module with the spikes before comm): the comm output is added to V after '
                                   'integration; -> post3 LIFRef(8) (tau_ref 0.35 to 3 ms) through a DeltaProj and a '
                                   'CurrentProj(COBA): a delta input arriving while the neuron is held is consumed '
                                   'and dropped.', 12)
    std_pre(c, 'pre')
    c.lif('post1', 8, (7.0, 11.0))
    c.lif('post2', 8, (7.0, 11.0))
    c.proj('cur_coba', 'CurrentProj', 'pre', 'post1', linear(c.weights('cur_coba.W', 10, 8, 50.0, 300.0)),
           out=coba(0.0, 'inst'))
    c.proj('cur_cuba', 'CurrentProj', 'pre', 'post1', linear(c.weights('cur_cuba.W', 10, 8, 1.0, 8.0)),
           out=cuba('inst'), delay=[0.2, 'ms'])
    c.proj('delta', 'DeltaProj', 'pre', 'post2', linear(c.weights('delta.W', 10, 8, 0.5, 3.0), 'mV'))
    c.proj('delta_efp', 'DeltaProj', 'pre', 'post2',
           {'class': 'EventFixedProb', 'conn_num': 3, 'conn_weight': [0.7, 'mV'], 'seed': 21}, label='k')
    c.proj('delta_std', 'DeltaProj', 'pre', 'post2', linear(c.weights('delta_std.W', 10, 8, 1.0, 4.0), 'mV'),
           stp={'class': 'STD', 'params': {'tau': [60.0, 'ms'], 'U': [0.3, '']}}, label='s')
    c.lif('post3', 8, (8.0, 12.0), tau_ref=[2.0, 1.55, 0.35, 1.0, 2.25, 3.0, 0.5, 1.2])
    c.proj('delta_ref', 'DeltaProj', 'pre', 'post3', linear(c.weights('delta_ref.W', 10, 8, 1.0, 4.0), 'mV'))
    c.proj('cur_ref', 'CurrentProj', 'pre', 'post3', linear(c.weights('cur_ref.W', 10, 8, 50.0, 300.0)),
           out=coba(0.0, 'inst'))
    add(c)

    # 4. communication layers
    c = Case('proj_comm_eventfixedprob', 'EventFixedProb (spec §6.1): pre LIF(10) -> postA LIF(12) with '
                                         'conn_num=0.35 (a probability: K = int(12*0.35) = 4) and per-synapse '
                                         'weights (10, 4) mS, seed 11, Expon/COBA; -> postB LIF(12) with conn_num=3 '
                                         '(an int), one weight, seed 5, Expon/CUBA. Indices are numpy '
                                         'RandomState(seed).randint(0, 12, (10, K)), stored as <proj>.indices. '
                                         '-> postC LIF(12) with conn_num=0.25 and no seed: numpy\'s global '
                                         'RandomState, seeded by '
                                         'brainstate.random.seed(42) (the network seed) before the projections.', 13)
    std_pre(c, 'pre')
    c.lif('postA', 12, (6.0, 11.0))
    c.lif('postB', 12, (6.0, 11.0))
    c.proj('prob', 'AlignPostProj', 'pre', 'postA',
           {'class': 'EventFixedProb', 'conn_num': 0.35,
            'conn_weight': [c.array('prob.conn_weight', het(c.rs, (10, 4), 20.0, 90.0)), 'mS'], 'seed': 11},
           syn=syn('Expon', tau=[4.0, 'ms']), out=coba(0.0))
    c.proj('num', 'AlignPostProj', 'pre', 'postB',
           {'class': 'EventFixedProb', 'conn_num': 3, 'conn_weight': [1.6, 'mS'], 'seed': 5},
           syn=syn('Expon', tau=[6.0, 'ms']), out=cuba())
    c.lif('postC', 12, (6.0, 11.0))
    c.proj('global', 'AlignPostProj', 'pre', 'postC',
           {'class': 'EventFixedProb', 'conn_num': 0.25, 'conn_weight': [1.2, 'mS'], 'seed': None},
           syn=syn('Expon', tau=[5.0, 'ms']), out=cuba())
    c.global_seed = 42
    add(c)

    c = Case('proj_comm_fixednum', 'FixedNumConn (value-weighted EventFixedProb): pre LIF(10) -> STP -> '
                                   'FixedNumConn(10, 12, 0.25, per-synapse weights, seed 3) -> Expon/COBA postA '
                                   '(the STP amplitudes weight the synapses); spikes -> FixedNumConn(10, 12, 4, '
                                   'one weight, seed 4) -> Expon/CUBA postB.', 14)
    std_pre(c, 'pre')
    c.lif('postA', 12, (7.0, 11.0))
    c.lif('postB', 12, (6.0, 11.0))
    c.proj('stp', 'AlignPostProj', 'pre', 'postA',
           {'class': 'FixedNumConn', 'conn_num': 0.25,
            'conn_weight': [c.array('stp.conn_weight', het(c.rs, (10, 3), 100.0, 400.0)), 'mS'], 'seed': 3},
           syn=syn('Expon', tau=[5.0, 'ms']), out=coba(0.0),
           stp={'class': 'STP', 'params': {'U': [0.2, ''], 'tau_f': [300.0, 'ms'], 'tau_d': [60.0, 'ms']}})
    c.proj('num', 'AlignPostProj', 'pre', 'postB',
           {'class': 'FixedNumConn', 'conn_num': 4, 'conn_weight': [1.2, 'mS'], 'seed': 4},
           syn=syn('Expon', tau=[6.0, 'ms']), out=cuba())
    add(c)

    c = Case('proj_comm_alltoall', 'AllToAll (spec §6.3): pre LIF(10) -> postA LIF(10) with a weight matrix '
                                   'and include_self=False (diagonal dropped), Expon/COBA; -> postB LIF(10) with one '
                                   'weight, include_self=True (w*sum(x)), Expon/CUBA; STP amplitudes -> postC '
                                   'LIF(8) with one weight, include_self=False and in_size 10 > out_size 8 '
                                   '(w*(sum(x) - x_j)), Expon/CUBA.', 15)
    std_pre(c, 'pre')
    c.lif('postA', 10, (7.0, 11.0))
    c.lif('postB', 10, (5.0, 9.0))
    c.lif('postC', 8, (5.0, 9.0))
    c.proj('matrix', 'AlignPostProj', 'pre', 'postA',
           {'class': 'AllToAll', 'weight': [c.array('matrix.W', het(c.rs, (10, 10), 5.0, 30.0)), 'mS'],
            'include_self': False}, syn=syn('Expon', tau=[5.0, 'ms']), out=coba(0.0))
    c.proj('scalar', 'AlignPostProj', 'pre', 'postB',
           {'class': 'AllToAll', 'weight': [0.35, 'mS'], 'include_self': True},
           syn=syn('Expon', tau=[4.0, 'ms']), out=cuba())
    c.proj('stp', 'AlignPostProj', 'pre', 'postC',
           {'class': 'AllToAll', 'weight': [2.0, 'mS'], 'include_self': False},
           syn=syn('Expon', tau=[5.0, 'ms']), out=cuba(),
           stp={'class': 'STP', 'params': {'U': [0.3, ''], 'tau_f': [500.0, 'ms'], 'tau_d': [50.0, 'ms']}})
    add(c)

    c = Case('proj_comm_onetoone', 'OneToOne (spec §6.3): pre LIF(10) -> postA LIF(10), y_i = x_i*w_i with '
                                   'per-neuron weights, Expon/COBA; STD amplitudes -> OneToOne with one weight -> '
                                   'Expon/CUBA postB LIF(10).', 16)
    std_pre(c, 'pre')
    c.lif('postA', 10, (7.0, 11.0))
    c.lif('postB', 10, (7.0, 11.0))
    c.proj('w', 'AlignPostProj', 'pre', 'postA',
           {'class': 'OneToOne', 'weight': [c.array('w.w', het(c.rs, 10, 50.0, 200.0)), 'mS']},
           syn=syn('Expon', tau=[5.0, 'ms']), out=coba(0.0))
    c.proj('std', 'AlignPostProj', 'pre', 'postB', {'class': 'OneToOne', 'weight': [4.0, 'mS']},
           syn=syn('Expon', tau=[5.0, 'ms']), out=cuba(),
           stp={'class': 'STD', 'params': {'tau': [80.0, 'ms'], 'U': [0.3, '']}})
    add(c)

    c = Case('proj_comm_eventlinear', 'EventLinear (spec §6.2): pre LIF(10) -> postA LIF(8) with a weight matrix, '
                                      'float_as_event=True ([x != 0] @ W), Expon/COBA; STP amplitudes -> '
                                      'EventLinear(matrix, float_as_event=False) (x @ W) -> Expon/CUBA postB; '
                                      'spikes -> EventLinear(one weight, float_as_event=True) (w*count(x != 0) on '
                                      'every post neuron) -> Expon/CUBA postC; STD amplitudes -> EventLinear(one '
                                      'weight, float_as_event=False) (w*sum(x)) -> Expon/CUBA postD.', 17)
    std_pre(c, 'pre')
    c.lif('postA', 8, (7.0, 11.0))
    c.lif('postB', 8, (7.0, 11.0))
    c.lif('postC', 8, (5.0, 9.0))
    c.proj('event', 'AlignPostProj', 'pre', 'postA',
           {'class': 'EventLinear', 'weight': [c.weights('event.W', 10, 8, 30.0, 120.0), 'mS'],
            'float_as_event': True}, syn=syn('Expon', tau=[5.0, 'ms']), out=coba(0.0))
    c.proj('value', 'AlignPostProj', 'pre', 'postB',
           {'class': 'EventLinear', 'weight': [c.weights('value.W', 10, 8, 3.0, 12.0), 'mS'],
            'float_as_event': False}, syn=syn('Expon', tau=[5.0, 'ms']), out=cuba(),
           stp={'class': 'STP', 'params': {'U': [c.array('value.stp.U', het(c.rs, 10, 0.1, 0.5)), ''],
                                           'tau_f': [200.0, 'ms'], 'tau_d': [80.0, 'ms']}})
    c.proj('scalar', 'AlignPostProj', 'pre', 'postC',
           {'class': 'EventLinear', 'weight': [0.4, 'mS'], 'float_as_event': True},
           syn=syn('Expon', tau=[4.0, 'ms']), out=cuba())
    c.lif('postD', 8, (5.0, 9.0))
    c.proj('scalar_value', 'AlignPostProj', 'pre', 'postD',
           {'class': 'EventLinear', 'weight': [1.5, 'mS'], 'float_as_event': False},
           syn=syn('Expon', tau=[4.0, 'ms']), out=cuba(),
           stp={'class': 'STD', 'params': {'tau': [100.0, 'ms'], 'U': [0.3, '']}})
    add(c)

    # 5. delays
    c = Case('proj_delays', 'Delays (InputDelay, spec §5.9): pre LIF(10) -> four posts LIF(8) through '
                            'AlignPostProj Expon.desc(tau 5 ms)/COBA(E=0 mV) with delay 0.3 ms (3 steps), '
                            '0.0004 s (in seconds: 4 steps), 0.25 ms (2.5 steps: interpolated between 2 and 3 '
                            'steps) and one delay per presynaptic neuron (0 to 1.55 ms, fractions included); a LIF(3) '
                            'driven to spike on (nearly) every step -> fractional per-neuron delays -> Linear -> '
                            'Expon/CUBA post_burst LIF(6): the two halves of consecutive spikes meet in one '
                            'step.', 18)
    std_pre(c, 'pre')
    per_pre = c.array('perpre.delay', [0.0, 0.1, 0.25, 0.5, 1.0, 0.35, 1.55, 0.05, 0.7, 1.2])
    for name, delay in (('steps', [0.3, 'ms']), ('seconds', [0.0004, 's']), ('frac', [0.25, 'ms']),
                        ('perpre', [per_pre, 'ms'])):
        c.lif(f'post_{name}', 8, (6.0, 11.0))
        c.proj(name, 'AlignPostProj', 'pre', f'post_{name}', linear(c.weights(f'{name}.W', 10, 8, 30.0, 120.0)),
               syn=syn('Expon', tau=[5.0, 'ms']), out=coba(0.0), delay=delay)
    c.lif('fast', 3, (300.0, 600.0))
    c.lif('post_burst', 6, (5.0, 9.0))
    c.proj('burst', 'AlignPostProj', 'fast', 'post_burst', linear(c.weights('burst.W', 3, 6, 0.05, 0.4)),
           syn=syn('Expon', tau=[5.0, 'ms']), out=cuba(),
           delay=[c.array('burst.delay', [0.25, 0.15, 0.35]), 'ms'])
    add(c)

    # 6. STP / STD as pre-modules
    c = Case('proj_stp_post', 'STP and STD as modules of AlignPostProj (spec §3.6-3.7, §5.2): pre LIF(10) -> '
                              'STP (U, tau_f, tau_d per neuron) -> Linear -> Expon.desc/COBA(E=0 mV) postA LIF(8); '
                              'pre -> STD (tau, U per neuron) -> per-presynaptic delays (the amplitudes are '
                              'delayed) -> Linear -> Expon.desc/CUBA postB LIF(8).', 19)
    std_pre(c, 'pre')
    c.lif('postA', 8, (7.0, 11.0))
    c.lif('postB', 8, (7.0, 11.0))
    c.proj('stp', 'AlignPostProj', 'pre', 'postA', linear(c.weights('stp.W', 10, 8, 100.0, 500.0)),
           syn=syn('Expon', tau=[5.0, 'ms']), out=coba(0.0),
           stp={'class': 'STP', 'params': {'U': [c.array('stp.stp.U', het(c.rs, 10, 0.05, 0.6)), ''],
                                           'tau_f': [c.array('stp.stp.tau_f', het(c.rs, 10, 50.0, 1500.0, 1)), 'ms'],
                                           'tau_d': [c.array('stp.stp.tau_d', het(c.rs, 10, 20.0, 300.0, 1)), 'ms']}})
    c.proj('std', 'AlignPostProj', 'pre', 'postB', linear(c.weights('std.W', 10, 8, 4.0, 15.0)),
           syn=syn('Expon', tau=[6.0, 'ms']), out=cuba(),
           stp={'class': 'STD', 'params': {'tau': [c.array('std.stp.tau', het(c.rs, 10, 30.0, 300.0, 1)), 'ms'],
                                           'U': [c.array('std.stp.U', het(c.rs, 10, 0.05, 0.5)), '']}},
           delay=[c.array('std.delay', [0.0, 0.2, 0.35, 1.0, 0.5, 0.15, 0.8, 0.1, 0.45, 0.3]), 'ms'])
    add(c)

    c = Case('proj_stp_pre', 'STP and STD before an align-pre synapse (hand-composed align_pre_projection '
                             'with stp=, spec §5.7): pre LIF(10) -> STP -> AMPA (per pre) -> Linear -> COBA(E=0 mV) '
                             'postA LIF(8); pre -> STD -> Expon (per pre; the amplitudes are added to g) -> Linear '
                             '-> CUBA postB LIF(8).', 20)
    std_pre(c, 'pre')
    c.lif('postA', 8, (7.0, 11.0))
    c.lif('postB', 8, (7.0, 11.0))
    c.proj('stp', 'align_pre_projection', 'pre', 'postA', linear(c.weights('stp.W', 10, 8, 200.0, 700.0)),
           syn=syn('AMPA', 'inst'), out=coba(0.0, 'inst'),
           stp={'class': 'STP', 'params': {'U': [c.array('stp.stp.U', het(c.rs, 10, 0.1, 0.5)), ''],
                                           'tau_f': [400.0, 'ms'], 'tau_d': [100.0, 'ms']}})
    c.proj('std', 'align_pre_projection', 'pre', 'postB', linear(c.weights('std.W', 10, 8, 2.0, 8.0)),
           syn=syn('Expon', 'inst', tau=[c.array('std.syn.tau', het(c.rs, 10, 3.0, 8.0)), 'ms']), out=cuba('inst'),
           stp={'class': 'STD', 'params': {'tau': [150.0, 'ms'], 'U': [0.25, '']}})
    add(c)

    # a recurrent network mixing the kinds
    c = Case('proj_recurrent', 'A recurrent population LIF(16) onto itself (spikes of step n-1 drive step n): '
                               'neurons 0..11 -> STP -> AMPA (align-pre) -> Linear -> COBA(E=0 mV); neurons '
                               '12..15 -> STD -> GABAa (align-pre) -> Linear -> COBA(E=-80 mV); neurons 0..11 -> '
                               'per-presynaptic delays -> EventFixedProb(12, 16, 0.25, per-synapse weights, seed '
                               '41) -> DualExpon.desc(16)/CUBA. Self-connections included.', 22)
    c.lif('net', 16, (6.0, 16.0))
    c.proj('ampa', 'align_pre_projection', ('net', 0, 12), 'net', linear(c.weights('ampa.W', 12, 16, 50.0, 250.0)),
           syn=syn('AMPA', 'inst'), out=coba(0.0, 'inst'),
           stp={'class': 'STP', 'params': {'U': [0.25, ''], 'tau_f': [600.0, 'ms'], 'tau_d': [80.0, 'ms']}})
    c.proj('gabaa', 'align_pre_projection', ('net', 12, 16), 'net',
           linear(c.weights('gabaa.W', 4, 16, 30.0, 120.0)), syn=syn('GABAa', 'inst'), out=coba(-80.0, 'inst'),
           stp={'class': 'STD', 'params': {'tau': [c.array('gabaa.stp.tau', [40.0, 80.0, 120.0, 200.0]), 'ms'],
                                           'U': [0.2, '']}})
    c.proj('dual', 'AlignPostProj', ('net', 0, 12), 'net',
           {'class': 'EventFixedProb', 'conn_num': 0.25,
            'conn_weight': [c.array('dual.conn_weight', het(c.rs, (12, 4), 0.5, 2.5)), 'mS'], 'seed': 41},
           syn=syn('DualExpon', tau_decay=[6.0, 'ms'], tau_rise=[1.0, 'ms']), out=cuba(),
           delay=[c.array('dual.delay', het(c.rs, 12, 0.0, 1.5, 2)), 'ms'])
    add(c)

    # the align_post_projection wrapper itself (works with an event comm and no stp)
    c = Case('proj_alignpost_wrapper', 'brainpy.state.align_post_projection(comm=EventFixedProb(10, 8, 0.4, '
                                       'per-synapse weights, seed 31), syn=Expon.desc(8, tau=5 ms), '
                                       'out=COBA.desc(E=0 mV), post) called with the spikes: the 2.9.0 wrapper itself '
                                       '(BinaryArray spikes into an event comm is the case it supports).', 21)
    std_pre(c, 'pre')
    c.lif('post', 8, (6.0, 11.0))
    c.proj('wrap', 'align_post_projection', 'pre', 'post',
           {'class': 'EventFixedProb', 'conn_num': 0.4,
            'conn_weight': [c.array('wrap.conn_weight', het(c.rs, (10, 3), 30.0, 120.0)), 'mS'], 'seed': 31},
           syn=syn('Expon', tau=[5.0, 'ms']), out=coba(0.0))
    add(c)
    return cases


CASES = build_cases()
ALL = list(CASES)


# ----------------------------------------------------------------------------------------------
# reference worker
# ----------------------------------------------------------------------------------------------

class ProjWorker(G.Worker):
    """Builds each case with brainpy.state, runs it and writes the fixture."""

    def __init__(self, precision, outdir, tmpdir):
        super().__init__(precision, outdir, tmpdir)
        u = self.u
        self.units = {'ms': u.ms, 'mV': u.mV, 'mA': u.mA, 'uA': u.uA, 'mS': u.msiemens, 'S': u.siemens,
                      'ohm': u.ohm, 'uF': u.ufarad, 'V': u.volt, 'mM': u.mM, 's': u.second,
                      '1/ms': u.get_unit(1.0 / u.ms), '1/(ms*mM)': u.get_unit(1.0 / (u.ms * u.mM)), '': None}
        self.wrapper_probe = None
        self.idiom_probe = None

    def value(self, case, v, unit, unitless=False):
        """A spec value (a number, or the name of an array) as a reference quantity of the run dtype."""
        a = case.arrays[v] if isinstance(v, str) else v
        return self.arr(a, None if unitless else self.units[unit])

    def delay_value(self, case, v, unit):
        """A delay as a quantity with a NUMPY mantissa, as Python floats and numpy arrays give it.
        InputDelay forms steps = delay/dt; with a JAX-array delay XLA rewrites that division into
        delay * (1/dt), which rounds differently (float32: 1.55 ms -> 15.5 instead of 15.499999 steps,
        float64: 0.3 ms -> 3 instead of 2.9999999999999996 steps): see meta input_delay_division."""
        a = case.arrays[v] if isinstance(v, str) else v
        return np.asarray(a, dtype=np.float64).astype(self.ftype) * self.units[unit]

    def delay_division_probe(self, case):
        """InputDelay's steps = delay/dt for every delay of the case, with the delay's mantissa a numpy
        array (as used here) and a JAX array (divided by XLA inside the jitted step)."""
        jax, jnp, u = self.jax, self.jnp, self.u
        dt = self.bs.environ.get_dt()
        res = {}
        for j in case.projs:
            if j['delay'] is None:
                continue
            q = self.delay_value(case, *j['delay'])
            unit = self.units[j['delay'][1]]
            numpy_steps = np.atleast_1d(np.asarray(u.maybe_decimal(u.math.asarray(q) / dt)))
            xla_steps = np.atleast_1d(np.asarray(jax.jit(lambda a: u.maybe_decimal(a * unit / dt))(
                jnp.asarray(u.get_mantissa(q)))))
            res[j['name']] = {'delay': [repr(float(x)) for x in np.atleast_1d(u.get_mantissa(q))],
                              'unit': j['delay'][1],
                              'numpy_division': [repr(float(x)) for x in numpy_steps],
                              'jitted_jax_division': [repr(float(x)) for x in xla_steps],
                              'differ': [int(k) for k in np.nonzero(numpy_steps != xla_steps)[0]]}
        return res

    def record(self, q, unit, name):
        """A recorded value -> numpy mantissa; the reference's own unit must be `unit` (or none)."""
        if isinstance(q, self.u.Quantity):
            return self.mant(q, self.units[unit] if unit else None, name)
        return self.mant(q, None, name)

    # -- building ---------------------------------------------------------------------------

    def make_pop(self, case, p):
        cls = getattr(self.bp.state, p['model'])
        kw = {k: self.value(case, v, un) for k, (v, un) in p['params'].items()}
        for k, (v, un) in p['init'].items():
            kw[f'{k}_initializer'] = self.value(case, v, un)
        if 'spk_reset' in p:
            kw['spk_reset'] = p['spk_reset']
        return cls(p['N'], **kw)

    def make_comm(self, case, c, n_in, n_out, unitless):
        bs = self.bs
        cls = c['class']

        def w(key):
            v, unit = c[key]
            return self.value(case, v, unit, unitless)

        if cls == 'Linear':
            return bs.nn.Linear(n_in, n_out, w_init=w('weight'), b_init=None)
        if cls in ('EventFixedProb', 'FixedNumConn'):
            return getattr(bs.nn, cls)(n_in, n_out, c['conn_num'], w('conn_weight'), seed=c['seed'])
        if cls == 'AllToAll':
            return bs.nn.AllToAll(n_in, n_out, w_init=w('weight'), include_self=c['include_self'])
        if cls == 'OneToOne':
            return bs.nn.OneToOne(n_in, w_init=w('weight'))
        if cls == 'EventLinear':
            return bs.nn.EventLinear(n_in, n_out, w('weight'), float_as_event=c['float_as_event'])
        raise ValueError(cls)

    def make_syn(self, case, s, n, align_pre):
        cls = getattr(self.bp.state, s['class'])
        kw = {k: self.value(case, v, un) for k, (v, un) in s['params'].items()}
        kw.update(s['options'])
        if align_pre and s['class'] not in KINETIC:
            kw['g_initializer'] = self.bt.init.Constant(0.)     # spikes are unitless (spec §5.6)
        return cls.desc(n, **kw) if s['form'] == 'desc' else cls(n, **kw)

    def make_out(self, case, o):
        cls = getattr(self.bp.state, o['class'])
        kw = {k: self.value(case, v, un) for k, (v, un) in o['params'].items()}
        return cls.desc(**kw) if o['form'] == 'desc' else cls(**kw)

    def make_stp(self, case, s, n):
        cls = getattr(self.bp.state, s['class'])
        return cls(n, **{k: self.value(case, v, un) for k, (v, un) in s['params'].items()})

    def make_proj(self, case, j, pops):
        bp = self.bp
        pre_name, a, b = j['pre']
        n_pre, post = b - a, pops[j['post']]
        n_post = post.varshape[0]
        kind = j['kind']
        align_pre = kind == 'align_pre_projection'
        unitless_w = align_pre and j['syn']['class'] in KINETIC
        comm = self.make_comm(case, j['comm'], n_pre, n_post, unitless_w)
        stp = self.make_stp(case, j['stp'], n_pre) if j['stp'] else None
        delay = None
        if j['delay'] is not None:
            delay = self.delay_value(case, *j['delay'])
        if kind == 'AlignPostProj':
            obj = bp.state.AlignPostProj(*([stp] if stp is not None else []), comm=comm,
                                         syn=self.make_syn(case, j['syn'], n_post, False),
                                         out=self.make_out(case, j['out']), post=post, label=j['label'], delay=delay)
            return {'obj': obj, 'syn': obj.syn, 'stp': stp, 'call': obj}
        if kind == 'align_post_projection':
            assert stp is None and delay is None
            obj = bp.state.align_post_projection(comm=comm, syn=self.make_syn(case, j['syn'], n_post, False),
                                                 out=self.make_out(case, j['out']), post=post)
            return {'obj': obj, 'syn': obj.projection.syn, 'stp': None, 'call': obj}
        if kind == 'CurrentProj':
            obj = bp.state.CurrentProj(comm=comm, out=self.make_out(case, j['out']), post=post, delay=delay)
            return {'obj': obj, 'syn': None, 'stp': None, 'call': obj, 'out': obj.out}
        if kind == 'DeltaProj':
            obj = bp.state.DeltaProj(*([stp] if stp is not None else []), comm=comm, post=post, label=j['label'])
            return {'obj': obj, 'syn': None, 'stp': stp, 'call': obj}
        if align_pre:
            assert delay is None
            s = self.make_syn(case, j['syn'], n_pre, True)
            cp = bp.state.CurrentProj(comm=comm, out=self.make_out(case, j['out']), post=post)

            def call(x, s=s, cp=cp, stp=stp):
                if stp is not None:
                    x = stp(x)
                return cp(s(x))
            holder = self.bs.nn.Module()
            holder.syn, holder.cp = s, cp
            if stp is not None:
                holder.stp = stp
            return {'obj': holder, 'syn': s, 'stp': stp, 'call': call}
        raise ValueError(kind)

    def probe_align_pre_wrapper(self):
        """Reproduce the 2.9.0 align_pre_projection failures (spec §5.7) once, outside the loop."""
        if self.wrapper_probe is not None:
            return self.wrapper_probe
        bs, bp, u = self.bs, self.bp, self.u
        res = {}
        for label, make in (
                ('AMPA', lambda post: bp.state.align_pre_projection(
                    syn=bp.state.AMPA(3), comm=bs.nn.Linear(3, 2, w_init=self.arr(np.ones((3, 2))), b_init=None),
                    out=bp.state.COBA(E=0. * u.mV), post=post)),
                ('Expon', lambda post: bp.state.align_pre_projection(
                    syn=bp.state.Expon(3, g_initializer=self.bt.init.Constant(0.)),
                    comm=bs.nn.Linear(3, 2, w_init=self.arr(np.ones((3, 2)), u.mS), b_init=None),
                    out=bp.state.CUBA(), post=post)),
                ('AMPA + STP', lambda post: bp.state.align_pre_projection(
                    syn=bp.state.AMPA(3), comm=bs.nn.Linear(3, 2, w_init=self.arr(np.ones((3, 2))), b_init=None),
                    out=bp.state.COBA(E=0. * u.mV), post=post, stp=bp.state.STP(3)))):
            try:
                post = bp.state.LIF(2)
                proj = make(post)
                holder = bs.nn.Module()
                holder.post, holder.proj = post, proj
                bs.nn.init_all_states(holder)
                with bs.environ.context(i=0, t=0. * u.ms):
                    proj(self.arr([1.0, 0.0, 1.0]))
                res[label] = 'no error'
            except Exception as e:            # noqa: BLE001 - the failure is what we record
                res[label] = f'{type(e).__name__}: {str(e).splitlines()[0][:160]}'
        self.wrapper_probe = res
        return res

    def probe_align_pre_idiom(self):
        """When a post neuron first feels a presynaptic spike through brainpy's working align-pre idiom
        (pre.align_pre(Expon.desc) read by a CurrentProj called before pre updates) and through an
        AlignPostProj with the same Expon: one forced spike, the post V of every step (eager run)."""
        bs, bp, u, jnp = self.bs, self.bp, self.u, self.jnp
        traces = {}
        for kind in ('AlignPostProj', 'align_pre idiom'):
            pre = bp.state.LIF(1, V_th=1. * u.mV)
            post = bp.state.LIF(1, tau=1e6 * u.ms, V_th=1e9 * u.mV)
            comm = bs.nn.Linear(1, 1, w_init=self.arr(np.ones((1, 1)), u.mS), b_init=None)
            if kind == 'AlignPostProj':
                proj = bp.state.AlignPostProj(comm=comm, syn=bp.state.Expon.desc(1, tau=5. * u.ms),
                                              out=bp.state.CUBA.desc(), post=post)
            else:
                g = pre.align_pre(bp.state.Expon.desc(1, tau=5. * u.ms, g_initializer=self.bt.init.Constant(0.)))
                proj = bp.state.CurrentProj(g.prefetch('g'), comm=comm, out=bp.state.CUBA(), post=post)
            holder = bs.nn.Module()
            holder.pre, holder.post, holder.proj = pre, post, proj
            bs.nn.init_all_states(holder)
            V = []
            for i in range(5):
                with bs.environ.context(i=i, t=self.arr(i * DT_MS) * u.ms):
                    spk = (pre.get_spike() != 0.).astype(bs.environ.dftype())
                    proj(spk) if kind == 'AlignPostProj' else proj()
                    pre(self.arr([200.0 if i == 1 else 0.0]) * u.mA)
                    post(0. * u.mA)
                    V.append(float(np.asarray(u.get_mantissa(post.V.value)).ravel()[0]))
            traces[kind] = V
        return {'note': ('pre is driven to spike at step 1 only (its update returns the spike at step 1); '
                         'post V after each step 0..4. Equal traces: the idiom feeds the post in the same '
                         'step as AlignPostProj (and as this engine\'s align_pre_projection).'),
                'post_V': traces, 'equal': traces['AlignPostProj'] == traces['align_pre idiom']}

    # -- running ------------------------------------------------------------------------------

    def simulate(self, case, couple=True):
        """Build the case and run it. Returns (arrays, records, recorded traces). With couple=False
        every projection is called with no presynaptic spike (the spike trains the drive alone gives)."""
        bs = self.bs
        pops = {p['name']: self.make_pop(case, p) for p in case.pops}
        if case.global_seed is not None:
            bs.random.seed(case.global_seed)
        projs = {j['name']: self.make_proj(case, j, pops) for j in case.projs}
        for group in case.merge_groups:
            first = projs[group[0]]['syn']
            assert all(projs[g]['syn'] is first for g in group), f'{case.name}: {group} must share one synapse'
        names = [j['name'] for j in case.projs]
        others = [projs[a]['syn'] for a in names if not any(a in g for g in case.merge_groups)]
        assert len({id(s) for s in others if s is not None}) == len([s for s in others if s is not None])
        holder = bs.nn.Module()
        holder.pops = list(pops.values())
        holder.projs = [projs[n]['obj'] for n in names]
        bs.nn.init_all_states(holder)

        arrays = {k: v.astype(self.ftype) for k, v in case.arrays.items()}
        records = {}
        for p in case.pops:
            for s, unit in POP_STATES[p['model']].items():
                arrays[f'{p["name"]}.{s}0'] = self.record(getattr(pops[p['name']], s).value, unit, s)
                records[f'{p["name"]}.{s}'] = unit
            records[f'{p["name"]}.spike'] = 'spike'
        for j in case.projs:
            pj = projs[j['name']]
            if pj['syn'] is not None:
                for s, unit in SYN_STATES[j['syn']['class']].items():
                    records[f'{j["name"]}.syn.{s}'] = unit
            if pj['stp'] is not None:
                for s, unit in STP_STATES[j['stp']['class']].items():
                    records[f'{j["name"]}.stp.{s}'] = unit
            if j['kind'] == 'CurrentProj':
                records[f'{j["name"]}.g'] = 'mS'
        xs = [self.jnp.asarray(arrays[p['x']]) for p in case.pops]
        in_units = [self.units[p['x_unit']] for p in case.pops]

        def step(i, t, *x):
            with bs.environ.context(i=i, t=t):
                spk = {k: (p.get_spike() != 0.).astype(bs.environ.dftype()) for k, p in pops.items()}
                for j in case.projs:
                    pre, a, b = j['pre']
                    projs[j['name']]['call'](spk[pre][a:b] if couple else 0. * spk[pre][a:b])
                rec = {'t': t}
                for p, xi, un in zip(case.pops, x, in_units):
                    rec[f'{p["name"]}.spike'] = pops[p['name']](xi * un)
                for key in records if couple else ():
                    owner, _, rest = key.partition('.')
                    if owner in pops:
                        if rest != 'spike':
                            rec[key] = getattr(pops[owner], rest).value
                    elif rest == 'g':
                        rec[key] = projs[owner]['out']._conductance
                    else:
                        part, s = rest.split('.')
                        rec[key] = getattr(projs[owner][part], s).value
                return rec

        out = self.run_loop(step, case.steps, *xs)
        self.check_t(self.mant(out['t'], self.u.ms, 't'), case.steps)
        return arrays, records, out, projs

    def run_case(self, name):
        case = CASES[name]
        arrays, records, out, projs = self.simulate(case)
        counts = {}
        for key, unit in records.items():
            if unit == 'spike':
                s = self.mant(out[key], None, key)
                assert set(np.unique(s)) <= {0.0, 1.0}
                arrays[key] = s.astype(np.uint8)
                counts[key] = arrays[key].sum(0).tolist()
            else:
                arrays[key] = self.record(out[key], unit, key)
                assert np.all(np.isfinite(arrays[key])), key
        # the coupling shows: every post population spikes differently without the projections
        _, _, alone, _ = self.simulate(case, couple=False)
        for post in sorted({j['post'] for j in case.projs}):
            key = f'{post}.spike'
            arrays[f'{post}.spike_uncoupled'] = self.mant(alone[key], None, key).astype(np.uint8)
            assert not np.array_equal(arrays[key], arrays[f'{post}.spike_uncoupled']), \
                f'{name}: the projections onto {post} do not change its spikes'
        # EventFixedProb / FixedNumConn connectivity, for the record (unseeded: the global stream, seeded
        # just before the projections and drawn by nothing else)
        for j in case.projs:
            if j['comm']['class'] in ('EventFixedProb', 'FixedNumConn'):
                obj = projs[j['name']]['obj']
                comm = {'align_post_projection': lambda o: o.projection.comm,
                        'align_pre_projection': lambda o: o.cp.comm}.get(j['kind'], lambda o: o.comm)(obj)
                idx = np.asarray(comm.conn.indices)
                pre, a, b = j['pre']
                K = comm.conn_num
                seed = j['comm']['seed'] if j['comm']['seed'] is not None else case.global_seed
                expect = np.random.RandomState(seed).randint(0, case.size(j['post']), size=(b - a, K))
                assert np.array_equal(idx, expect), j['name']
                arrays[f'{j["name"]}.indices'] = idx.astype(np.int32)
        self.check_case(case, arrays, records, counts)
        return arrays, records, counts

    def check_case(self, case, arrays, records, counts):
        """Every population spikes; every conductance and STP/STD state moves."""
        for key, c in counts.items():
            assert sum(c) > 0, f'{case.name}: {key} never spikes'
        for key, unit in records.items():
            if '.syn.g' in key or key.endswith('.g') or '.stp.' in key:
                a = arrays[key]
                assert np.any(a != a[0]), f'{case.name}: {key} never changes'

    def projection_case(self, name):
        case = CASES[name]
        arrays, records, counts = self.run_case(name)
        meta = self.base_meta(name, case.description)
        network = {'steps': case.steps, 'populations': case.pops, 'projections': case.projs,
                   'merge_groups': case.merge_groups, 'seed': case.global_seed}
        meta.update(
            network=network, steps=case.steps, t_check=True, spike_counts=counts,
            spike_counts_uncoupled={k: arrays[k].sum(0).tolist() for k in arrays if k.endswith('.spike_uncoupled')},
            records=records,
            notes=case.notes + [
                'Array names: <pop>.x is the update argument x[n] (steps, N) in x_unit; <pop>.<param> a '
                'per-neuron parameter; <pop>.<state>_init the initializer array; <pop>.<state>0 the state '
                'after init_all_states; <proj>.W a weight matrix (n_pre, n_post); <proj>.syn.<param>, '
                '<proj>.stp.<param>, <proj>.delay per-neuron values; <proj>.indices the EventFixedProb '
                'targets (n_pre, K), checked equal to numpy RandomState(seed).randint.',
                'Parameter values in network are [value, unit] with value a number or the name of an array.',
                'align_pre_projection entries are hand-composed (module doc): stp -> syn(x) at t_n -> '
                'CurrentProj(comm, out, post)(g); kinetic synapses (AMPA, GABAa, BioNMDA) keep their mS g and '
                'get unitless weights (the stored weight unit is the product\'s), Expon/DualExpon/Alpha get '
                'g_initializer=Constant(0.) and weights in mS.'],
            units={'time': 'ms', 'voltage': 'mV', 'current': 'mA (HH: uA)', 'conductance': 'mS'})
        if any(j['kind'] == 'align_pre_projection' for j in case.projs):
            meta['align_pre_projection_wrapper'] = self.probe_align_pre_wrapper()
            if self.idiom_probe is None:
                self.idiom_probe = self.probe_align_pre_idiom()
                assert self.idiom_probe['equal'], self.idiom_probe
            meta['align_pre_idiom_timing'] = self.idiom_probe
        if any(j['delay'] is not None for j in case.projs):
            meta['input_delay_division'] = {
                'note': ('InputDelay computes steps = delay/dt. The delays here are passed with numpy mantissas '
                         '(as Python floats and numpy arrays are), so the division is numpy\'s, in the run '
                         'precision. A delay given as a JAX array is divided inside the jitted step, where XLA '
                         'turns x/dt into x*(1/dt); jitted_jax_division shows what that would give.'),
                **self.delay_division_probe(case)}
        G.save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}',
                             ' '.join(f'{k.split(".")[0]} {sum(v)}' for k, v in counts.items())))

    def run(self, names):
        for name in names:
            t0 = time.perf_counter()
            self.projection_case(name)
            print(f'[f{self.precision}] {name} done in {time.perf_counter() - t0:.1f} s', flush=True)
        with open(os.path.join(self.tmpdir, f'summary_f{self.precision}.json'), 'w') as fh:
            json.dump(self.summary, fh)


# ----------------------------------------------------------------------------------------------
# orchestration
# ----------------------------------------------------------------------------------------------

if __name__ == '__main__':
    G.secondary_main(__doc__, __file__, ALL, ProjWorker)
