#!/usr/bin/env python3
"""Golden fixtures for MgBlock and the gap junctions (brainpy.state 2.9.0).

Run from the repository root with the reference venv (see tools/reference/README.md):

    .venv-ref/bin/python tools/reference/generate_junctions.py                  # everything
    .venv-ref/bin/python tools/reference/generate_junctions.py --only 'mgblock_*' --precision 64

Output: fixtures/reference/{mgblock,junction}_*_{f32,f64}.npz (override with --outdir).

Conventions are generate.py's (this script reuses its Worker, file writer and input formula): one
child process per precision, dt = 0.1 ms, t_n passed into a jit-compiled for_loop as data, the
states recorded after every update, parameters given to the reference as arrays of the run's float
dtype, byte-reproducible .npz files with a JSON `meta`.

One step, written by hand (brainpy's functional wrappers align_pre_projection / align_post_projection
fail in 2.9.0, spec synapses §5.7, so the align-pre synapse is stepped here and its output bound
through a CurrentProj, which is what the wrapper intends):

    spk_pre = pre.get_spike() != 0                  (previous step's spikes)
    chemical projections: AlignPostProj(spk_pre) / g = BioNMDA(spk_pre); CurrentProj(g)
    gap junctions: gj()                             (reads V of both sides before any update: pre-reset V)
    pre(x_pre[n]); post(x_post[n])                  (populations update)
    record

MgBlock's defaults are unitless in brainpy.state and fail with mV neurons (spec §4.2), so the
reference gets E and V_offset in mV and alpha in 1/mV; cc_Mg and beta are bare numbers (only their
ratio enters), recorded in meta with brainpy's documented unit mM.

Fixtures (suffix _f32 / _f64):
  mgblock_expon_LIF       LIF(6) source -> LIF(5): AlignPostProj Expon(2 ms)+COBA(0 mV) and
                          AlignPostProj Expon(30 ms)+MgBlock (defaults), dense Linear weights (mS)
  mgblock_expon_AdExIF    the same onto AdExIF(5)
  mgblock_bionmda_LIF     LIF(6) source -> BioNMDA per presynaptic neuron -> Linear (unitless W) ->
                          CurrentProj out=MgBlock(E=0 mV, cc_Mg=1.0, alpha=0.07/mV, beta=3.0, V_offset=-5 mV)
                          onto LIF(5)
  mgblock_bionmda_HH      the same onto HH(5) (input in uA; MgBlock E=5 mV, cc_Mg=1.5)
  junction_sym_LIF_self   SymmetryGapJunction(couples=LIF(8), states='V', per-connection weights (n,))
  junction_asym_LIF_pair  AsymmetryGapJunction(LIF(6), 'V', LIF(5), 'V', weights (n, 2))
  junction_sym_HH_pair    SymmetryGapJunction(couples=(HH(5), HH(4)), states=('V', 'V'), scalar weight)
  junction_asym_HH_self   AsymmetryGapJunction(HH(6), 'V', HH(6), 'V', weights (2,) = [g_pre, g_post])
Every gap-junction connectivity has repeated (pre, post) pairs and a pair i -> i (self-coupling
files). Each fixture is also run uncoupled (weights 0) and the generator asserts that the coupling
changes the spike trains.
"""

import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from generate import P, Worker, _drive, save_npz, secondary_main  # noqa: E402

MGBLOCK_FIXTURES = ['mgblock_expon_LIF', 'mgblock_expon_AdExIF', 'mgblock_bionmda_LIF', 'mgblock_bionmda_HH']
JUNCTION_FIXTURES = ['junction_sym_LIF_self', 'junction_asym_LIF_pair', 'junction_sym_HH_pair',
                     'junction_asym_HH_self']
ALL_FIXTURES = MGBLOCK_FIXTURES + JUNCTION_FIXTURES

A = lambda *v: np.array(v, dtype=np.float64)   # noqa: E731


# ----------------------------------------------------------------------------------------------
# populations: plain-numpy definitions (parameters (value, unit), initial states, input levels)
# ----------------------------------------------------------------------------------------------

def population(model, N, seed):
    """Parameters, initial states and the drive of a population of `model` with N neurons."""
    rs = np.random.RandomState(seed)
    periods = np.round(rs.uniform(3.0, 10.0, N), 1)
    if model == 'LIF':
        p = dict(R=(1.0, 'ohm'), tau=(np.round(rs.uniform(7.0, 12.0, N), 1), 'ms'), V_th=(-50.0, 'mV'),
                 V_reset=(-60.0, 'mV'), V_rest=(-60.0, 'mV'))
        init = dict(V=(np.round(rs.uniform(-60.0, -50.5, N), 2), 'mV'))
        levels = np.round(rs.uniform(6.0, 24.0, (5, N)), 1)          # mA; rheobase is 10 mA
        unit, rel = 'mA', 0.2
    elif model == 'AdExIF':
        p = dict(R=(1.0, 'ohm'), tau=(10.0, 'ms'), tau_w=(np.round(rs.uniform(20.0, 100.0, N), 0), 'ms'),
                 V_th=(np.round(rs.uniform(-56.0, -50.0, N), 1), 'mV'), V_reset=(-68.0, 'mV'),
                 V_rest=(-65.0, 'mV'), V_T=(-59.9, 'mV'), delta_T=(3.48, 'mV'),
                 a=(np.round(rs.uniform(0.0, 2.0, N), 2), 'S'), b=(np.round(rs.uniform(0.5, 3.0, N), 2), 'mA'))
        init = dict(V=(np.round(rs.uniform(-65.0, -58.0, N), 2), 'mV'), w=(np.round(rs.uniform(0.0, 2.0, N), 2), 'mA'))
        levels = np.round(rs.uniform(4.0, 20.0, (5, N)), 1)
        unit, rel = 'mA', 0.15
    elif model == 'HH':
        p = dict(ENa=(50.0, 'mV'), gNa=(np.round(rs.uniform(100.0, 140.0, N), 0), 'mS'), EK=(-77.0, 'mV'),
                 gK=(np.round(rs.uniform(30.0, 40.0, N), 0), 'mS'), EL=(-54.387, 'mV'),
                 gL=(np.round(rs.uniform(0.03, 0.3, N), 2), 'mS'), V_th=(20.0, 'mV'), C=(1.0, 'uF'))
        init = dict(V=(np.round(rs.uniform(-72.0, -60.0, N), 1), 'mV'))
        levels = np.round(rs.uniform(6.0, 18.0, (5, N)), 1)          # uA
        unit, rel = 'uA', 0.1
    else:
        raise ValueError(model)
    return dict(model=model, N=N, params=p, init=init, levels=levels, periods=periods, in_unit=unit, rel=rel)


def state_units(model):
    return {'LIF': {'V': 'mV'}, 'AdExIF': {'V': 'mV', 'w': 'mA'},
            'HH': {'V': 'mV', 'm': '1', 'h': '1', 'n': '1'}}[model]


def mgblock_config(name):
    _, syn, model = name.split('_')
    c = dict(name=name, syn=syn, steps=600 if model == 'HH' else 500, pre=population('LIF', 6, 11),
             post=population(model, 5, 23))
    c['pre']['levels'] = np.round(np.random.RandomState(5).uniform(12.0, 30.0, (5, 6)), 1)   # spike sources
    rs = np.random.RandomState(31 if model != 'HH' else 37)
    u01 = rs.uniform(0.0, 1.0, (6, 5))
    defaults = dict(E=(0.0, 'mV'), cc_Mg=(1.2, 'mM'), alpha=(0.062, '1/mV'), beta=(3.57, 'mM'), V_offset=(0.0, 'mV'))
    if name == 'mgblock_expon_LIF':          # brainpy's defaults (unit-correct), next to an AMPA-like COBA
        c['mg'], w_mg = defaults, (50.0, 300.0)
    elif name == 'mgblock_expon_AdExIF':     # E near V: a large conductance (R*g/(1 + ...) ~ 1 enters J)
        c['mg'], w_mg = dict(defaults, E=(-45.0, 'mV')), (3000.0, 12000.0)
    elif name == 'mgblock_bionmda_LIF':      # every parameter off its default, a large conductance too
        c['mg'] = dict(E=(-40.0, 'mV'), cc_Mg=(1.0, 'mM'), alpha=(0.07, '1/mV'), beta=(3.0, 'mM'),
                       V_offset=(-5.0, 'mV'))
        w_mg = (2000.0, 8000.0)
    else:                                    # HH: input in uA (no 1e-3); beyond ~0.5 mS it stays depolarised
        c['mg'], w_mg = dict(defaults, E=(5.0, 'mV'), cc_Mg=(1.5, 'mM')), (0.025, 0.15)
    # mS (Expon) or unitless (BioNMDA's g carries mS)
    c['W_mg'] = np.round(w_mg[0] + (w_mg[1] - w_mg[0]) * u01, 5)
    if syn == 'expon':
        c['W_coba'] = np.round(rs.uniform(20.0, 150.0, (6, 5)), 1)                    # mS
        c['tau_coba'], c['tau_mg'] = 2.0, 30.0
    return c


def junction_config(name):
    _, kind, model, couple = name.split('_')
    c = dict(name=name, kind=kind, model=model, couple=couple, steps=600)
    rs = np.random.RandomState({'sym': 41, 'asym': 43}[kind] + (0 if model == 'LIF' else 10))
    if couple == 'self':
        n = 8 if model == 'LIF' else 6
        c['pre'] = population(model, n, 51 if model == 'LIF' else 53)
        c['post'] = None
        npre = npost = n
    else:
        c['pre'] = population(model, 6 if model == 'LIF' else 5, 55)
        c['post'] = population(model, 5 if model == 'LIF' else 4, 57)
        npre, npost = c['pre']['N'], c['post']['N']
    n_conn = 12
    pre_ids = rs.randint(0, npre, n_conn)
    post_ids = rs.randint(0, npost, n_conn)
    pre_ids[1], post_ids[1] = pre_ids[0], post_ids[0]      # a repeated pair
    pre_ids[5], post_ids[5] = pre_ids[4], post_ids[4]
    post_ids[7] = post_ids[2]                              # a repeated post index, other pre
    pre_ids[9] = pre_ids[3]                                # a repeated pre index, other post
    if couple == 'self':
        post_ids[10] = pre_ids[10]                         # i -> i: no current (d = 0)
    c['pre_ids'], c['post_ids'] = pre_ids.astype(np.int32), post_ids.astype(np.int32)
    g_scale = 1.0 if model == 'LIF' else 1e-3              # LIF: mS*mV = uA enters mA x 1e-3; HH: uA
    if kind == 'sym':
        if model == 'LIF':
            c['weight'] = (np.round(rs.uniform(100.0, 600.0, n_conn), 1), 'mS')
        else:
            c['weight'] = (0.12, 'mS')                     # a scalar: brainpy keeps it one value
    else:
        if model == 'LIF':
            c['weight'] = (np.round(rs.uniform(50.0, 600.0, (n_conn, 2)), 1), 'mS')
        else:
            c['weight'] = (A(0.2, 0.05), 'mS')             # [g_pre, g_post] for every connection
    c['g_scale'] = g_scale
    return c


# ----------------------------------------------------------------------------------------------
# worker
# ----------------------------------------------------------------------------------------------

class JunctionWorker(Worker):

    def _unit(self, name):
        u = self.u
        table = {'ohm': u.ohm, 'ms': u.ms, 'mV': u.mV, 'mA': u.mA, 'uA': u.uA, 'S': u.siemens,
                 'mS': u.msiemens, 'uF': u.ufarad, '1/mV': u.get_unit(1.0 / u.mV), '1': None}
        return table[name]

    def _pop(self, cfg):
        cls = getattr(self.bp.state, cfg['model'])
        kw = {}
        for k, (v, un) in cfg['params'].items():
            kw[k] = self.arr(np.broadcast_to(np.asarray(v, dtype=np.float64), (cfg['N'],)), self._unit(un))
        for s, (v, un) in cfg['init'].items():
            kw[f'{s}_initializer'] = self.arr(v, self._unit(un))
        return cls(cfg['N'], **kw)

    def _drive(self, cfg, steps):
        x = _drive(steps, cfg['levels'], cfg['rel'], periods=cfg['periods'])
        return x, self.jnp.asarray(x.astype(self.ftype))

    def _states0(self, pop, model):
        return {s: self.mant(getattr(pop, s).value, self._unit(un), s + '0')
                for s, un in state_units(model).items()}

    def _record(self, rec, model, prefix):
        return {f'{s}_{prefix}': self.mant(rec[f'{s}_{prefix}'], self._unit(un), f'{s}_{prefix}')
                for s, un in state_units(model).items()}

    def _mg(self, cfg, describer):
        """MgBlock with the unit-correct parameters (cc_Mg and beta bare: only their ratio enters)."""
        u, bp = self.u, self.bp
        m = cfg['mg']
        kw = dict(E=m['E'][0] * u.mV, cc_Mg=m['cc_Mg'][0], alpha=m['alpha'][0] / u.mV, beta=m['beta'][0],
                  V_offset=m['V_offset'][0] * u.mV)
        return bp.state.MgBlock.desc(**kw) if describer else bp.state.MgBlock(**kw)

    @staticmethod
    def _meta_pop(cfg):
        return {'class': f'brainpy.state.{cfg["model"]}', 'N': cfg['N'],
                'params': {k: P(v, un) for k, (v, un) in cfg['params'].items()},
                'input_unit': cfg['in_unit'], 'input_levels': cfg['levels'].tolist(),
                'input_rel_amp': cfg['rel'], 'input_periods_ms': cfg['periods'].tolist()}

    # -- MgBlock ------------------------------------------------------------------------------

    def _run_mgblock(self, c, couple=True):
        bs, u, bp = self.bs, self.u, self.bp
        pre, post = self._pop(c['pre']), self._pop(c['post'])
        npre, npost = c['pre']['N'], c['post']['N']
        f = 1.0 if couple else 0.0
        holder = bs.nn.Module()
        holder.pre, holder.post = pre, post
        if c['syn'] == 'expon':
            proj_coba = bp.state.AlignPostProj(
                comm=bs.nn.Linear(npre, npost, w_init=self.arr(f * c['W_coba'], u.mS), b_init=None),
                syn=bp.state.Expon.desc(npost, tau=c['tau_coba'] * u.ms), out=bp.state.COBA.desc(E=0. * u.mV),
                post=post)
            proj_mg = bp.state.AlignPostProj(
                comm=bs.nn.Linear(npre, npost, w_init=self.arr(f * c['W_mg'], u.mS), b_init=None),
                syn=bp.state.Expon.desc(npost, tau=c['tau_mg'] * u.ms), out=self._mg(c, True), post=post)
            assert proj_coba.syn is not proj_mg.syn
            holder.proj_coba, holder.proj_mg = proj_coba, proj_mg
        else:
            nmda = bp.state.BioNMDA(npre)
            cproj = bp.state.CurrentProj(
                comm=bs.nn.Linear(npre, npost, w_init=self.arr(f * c['W_mg']), b_init=None),
                out=self._mg(c, False), post=post)
            holder.nmda, holder.cproj = nmda, cproj
        bs.nn.init_all_states(holder)
        s0_pre, s0_post = self._states0(pre, 'LIF'), self._states0(post, c['post']['model'])
        xp, xp_j = self._drive(c['pre'], c['steps'])
        xq, xq_j = self._drive(c['post'], c['steps'])
        in_post = self._unit(c['post']['in_unit'])
        ft = bs.environ.dftype()
        post_states = state_units(c['post']['model'])

        def step(i, t, x_pre, x_post):
            with bs.environ.context(i=i, t=t):
                spk = (pre.get_spike() != 0.).astype(ft)
                rec = {}
                if c['syn'] == 'expon':
                    proj_coba(spk)
                    proj_mg(spk)
                else:
                    g = nmda(spk)
                    cproj(g)
                s_pre = pre(x_pre * u.mA)
                s_post = post(x_post * in_post)
                rec.update({'V_pre': pre.V.value, 'spike_pre': s_pre, 'spike_post': s_post, 't': t})
                rec.update({f'{s}_post': getattr(post, s).value for s in post_states})
                if c['syn'] == 'expon':
                    rec['g_coba'] = proj_coba.syn.g.value
                    rec['g_mg'] = proj_mg.syn.g.value
                else:
                    rec['g_nmda'] = nmda.g.value
                    rec['x_nmda'] = nmda.x.value
                return rec

        rec = self.run_loop(step, c['steps'], xp_j, xq_j)
        res = {'t_ok': self.check_t(self.mant(rec['t'], u.ms, 't'), c['steps']), 'x_pre': xp, 'x_post': xq}
        res['V_pre'] = self.mant(rec['V_pre'], u.mV, 'V_pre')
        res.update(self._record(rec, c['post']['model'], 'post'))
        for k in ('spike_pre', 'spike_post'):
            s = self.mant(rec[k], None, k)
            assert set(np.unique(s)) <= {0.0, 1.0}
            res[k] = s.astype(np.uint8)
        if c['syn'] == 'expon':
            res['g_coba'] = self.mant(rec['g_coba'], u.mS, 'g_coba')
            res['g_mg'] = self.mant(rec['g_mg'], u.mS, 'g_mg')
        else:
            res['g_nmda'] = self.mant(rec['g_nmda'], u.mS, 'g_nmda')
            res['x_nmda'] = self.mant(rec['x_nmda'], None, 'x_nmda')
        res['V0_pre'] = s0_pre['V']
        res.update({f'{s}0_post': v for s, v in s0_post.items()})
        return res

    def mgblock(self, name):
        c = mgblock_config(name)
        model = c['post']['model']
        res = self._run_mgblock(c)
        base = self._run_mgblock(c, couple=False)
        counts_pre, counts_post = res['spike_pre'].sum(0), res['spike_post'].sum(0)
        assert counts_pre.min() >= 3, counts_pre
        assert counts_post.min() >= 2, counts_post
        diff = int(np.sum(res['spike_post'] != base['spike_post']))
        assert diff > 0, 'MgBlock must change the post spike trains'
        ft = self.ftype
        arrays = {k: v for k, v in res.items() if k != 't_ok'}
        arrays['x_pre'] = res['x_pre'].astype(ft)
        arrays['x_post'] = res['x_post'].astype(ft)
        arrays['W_mg'] = c['W_mg'].astype(ft)
        if c['syn'] == 'expon':
            arrays['W_coba'] = c['W_coba'].astype(ft)
        arrays['spike_post_uncoupled'] = base['spike_post']
        mg = {k: P(v, un) for k, (v, un) in c['mg'].items()}
        if c['syn'] == 'expon':
            projs = {'coba': {'kind': 'AlignPostProj', 'comm': 'brainstate.nn.Linear(6, 5, w_init=W_coba*mS, b_init=None)',
                              'syn': {'class': 'Expon', 'tau': P(c['tau_coba'], 'ms')},
                              'out': {'class': 'COBA', 'E': P(0.0, 'mV')}},
                     'mg': {'kind': 'AlignPostProj', 'comm': 'brainstate.nn.Linear(6, 5, w_init=W_mg*mS, b_init=None)',
                            'syn': {'class': 'Expon', 'tau': P(c['tau_mg'], 'ms')},
                            'out': dict({'class': 'MgBlock'}, **mg)}}
            desc = ('two AlignPostProj from the source: Expon(2 ms) + COBA(E=0 mV) with W_coba (mS) and '
                    'Expon(30 ms) + MgBlock with W_mg (mS), both describers (merging mode). g_coba, g_mg: '
                    'the two synapses.')
        else:
            projs = {'mg': {'kind': 'align_pre (hand-written: BioNMDA(6) stepped with the source spikes, its g '
                                    'through CurrentProj(comm=Linear(6, 5, w_init=W_mg, unitless), out=MgBlock))',
                            'syn': {'class': 'BioNMDA', 'defaults': True},
                            'out': dict({'class': 'MgBlock'}, **mg)}}
            desc = ('align-pre NMDA: BioNMDA(6) (defaults) stepped with the source spikes of the previous '
                    'step, its g (mS) weighted by the unitless W_mg through brainstate.nn.Linear and bound '
                    'by a CurrentProj to MgBlock on the post population (the intended semantics of '
                    'align_pre_projection, which fails in 2.9.0; spec §5.7). g_nmda, x_nmda: the '
                    'synapse states (per presynaptic neuron).')
        meta = self.base_meta(name, (
            f'MgBlock (spec synapses §4): a LIF(6) spike source driven by x_pre (mA) projects onto '
            f'{model}(5) driven by x_post ({c["post"]["in_unit"]}); ' + desc + ' MgBlock: I = g*(E - V) / '
            '(1 + cc_Mg/beta*exp(alpha*(V_offset - V))) with V the post-reset start-of-step V, evaluated '
            'inside the exp-Euler integrand (its V-derivative enters the linearisation for LIF/AdExIF; HH '
            'evaluates its input once at the old V). The reference gets E, V_offset in mV and alpha in '
            '1/mV (its unitless defaults fail with mV neurons); cc_Mg and beta are bare numbers there. '
            'spike_post_uncoupled: the same run with all weights 0.'))
        meta.update(
            model={'pre': self._meta_pop(c['pre']), 'post': self._meta_pop(c['post']), 'projections': projs},
            steps=c['steps'], t_check=res['t_ok'],
            spike_counts_pre=counts_pre.tolist(), spike_counts_post=counts_post.tolist(),
            spike_counts_post_uncoupled=base['spike_post'].sum(0).tolist(),
            n_spike_entries_differing_from_uncoupled=diff,
            arrays={k: f'{np.asarray(v).dtype} {tuple(np.shape(v))}' for k, v in arrays.items()})
        save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}',
                             f'pre spikes {counts_pre.tolist()} post {counts_post.tolist()} '
                             f'(uncoupled {base["spike_post"].sum(0).tolist()})'))

    # -- gap junctions ------------------------------------------------------------------------

    def _run_junction(self, c, couple=True):
        bs, u, bp = self.bs, self.u, self.bp
        model = c['model']
        pre = self._pop(c['pre'])
        post = pre if c['post'] is None else self._pop(c['post'])
        f = 1.0 if couple else 0.0
        w, wu = c['weight']
        weight = (f * w) * self._unit(wu) if np.ndim(w) == 0 else self.arr(f * np.asarray(w), self._unit(wu))
        pre_ids, post_ids = self.jnp.asarray(c['pre_ids']), self.jnp.asarray(c['post_ids'])
        conn = lambda pre_size, post_size: (pre_ids, post_ids)   # noqa: E731  (brainpy's conn form)
        if c['kind'] == 'sym':
            gj = bp.state.SymmetryGapJunction(couples=pre if c['post'] is None else (pre, post),
                                              states='V' if c['post'] is None else ('V', 'V'),
                                              conn=conn, weight=weight)
        else:
            gj = bp.state.AsymmetryGapJunction(pre, 'V', post, 'V', conn=conn, weight=weight)
        holder = bs.nn.Module()
        holder.pre, holder.post, holder.gj = pre, post, gj
        bs.nn.init_all_states(holder)
        s0 = {'pre': self._states0(pre, model)}
        if c['post'] is not None:
            s0['post'] = self._states0(post, model)
        xp, xp_j = self._drive(c['pre'], c['steps'])
        xs = [xp_j]
        res = {'x_pre': xp}
        if c['post'] is not None:
            xq, xq_j = self._drive(c['post'], c['steps'])
            xs.append(xq_j)
            res['x_post'] = xq
        unit = self._unit(c['pre']['in_unit'])
        names = state_units(model)

        def step(i, t, x_pre, *x_post):
            with bs.environ.context(i=i, t=t):
                gj()
                rec = {'spike_pre': pre(x_pre * unit), 't': t}
                rec.update({f'{s}_pre': getattr(pre, s).value for s in names})
                if x_post:
                    rec['spike_post'] = post(x_post[0] * unit)
                    rec.update({f'{s}_post': getattr(post, s).value for s in names})
                return rec

        rec = self.run_loop(step, c['steps'], *xs)
        res['t_ok'] = self.check_t(self.mant(rec['t'], u.ms, 't'), c['steps'])
        for side in ('pre', 'post') if c['post'] is not None else ('pre',):
            res.update(self._record(rec, model, side))
            s = self.mant(rec[f'spike_{side}'], None, 'spike')
            assert set(np.unique(s)) <= {0.0, 1.0}
            res[f'spike_{side}'] = s.astype(np.uint8)
            res.update({f'{k}0_{side}': v for k, v in s0[side].items()})
        return res

    def junction(self, name):
        c = junction_config(name)
        res = self._run_junction(c)
        base = self._run_junction(c, couple=False)
        sides = ('pre', 'post') if c['post'] is not None else ('pre',)
        counts = {s: res[f'spike_{s}'].sum(0) for s in sides}
        for s in sides:
            assert counts[s].min() >= 2, (s, counts[s])
        diff = sum(int(np.sum(res[f'spike_{s}'] != base[f'spike_{s}'])) for s in sides)
        assert diff > 0, 'the gap junction must change the spike trains'
        ft = self.ftype
        arrays = {k: v for k, v in res.items() if k != 't_ok'}
        for k in ('x_pre', 'x_post'):
            if k in arrays:
                arrays[k] = arrays[k].astype(ft)
        arrays['pre_ids'], arrays['post_ids'] = c['pre_ids'], c['post_ids']
        w, wu = c['weight']
        arrays['weight'] = np.asarray(w, dtype=np.float64).astype(ft)
        for s in sides:
            arrays[f'spike_{s}_uncoupled'] = base[f'spike_{s}']
        cls = 'SymmetryGapJunction' if c['kind'] == 'sym' else 'AsymmetryGapJunction'
        if c['kind'] == 'sym':
            call = (f"SymmetryGapJunction(couples={'N' if c['post'] is None else '(pre, post)'}, "
                    f"states={repr('V') if c['post'] is None else repr(('V', 'V'))}, conn=lambda pre_size, "
                    'post_size: (pre_ids, post_ids), weight=weight*mS)')
        else:
            call = ("AsymmetryGapJunction(pre, 'V', post, 'V', conn=lambda pre_size, post_size: "
                    '(pre_ids, post_ids), weight=weight*mS)' + (' with pre = post = N' if c['post'] is None else ''))
        units = ('LIF: mS*mV = uA enters the mA input sum x 1e-3' if c['model'] == 'LIF'
                 else 'HH: mS*mV = uA, the unit of its input')
        meta = self.base_meta(name, (
            f'{cls} (spec synapses §5.8) on {c["model"]} '
            + ('with self-coupling (one population N, driven by x_pre)' if c['post'] is None else
               '(pre, post pair, driven by x_pre and x_post)') + f': {call}. weight shape '
            f'{tuple(np.shape(w))} ({"symmetric: g per connection or one value" if c["kind"] == "sym" else "[g_pre, g_post]: the post side uses g_pre, the pre side g_post"}). '
            'Each step the junction is called before the populations update: d_k = V_pre[pre_ids_k] - '
            'V_post[post_ids_k] with the stored (pre-reset) V, I_post[post_ids_k] += g*d_k, '
            'I_pre[pre_ids_k] -= g*d_k (scatter-adds: repeated indices accumulate), both one-shot current '
            f'inputs consumed by this step\'s update; {units}. pre_ids/post_ids contain repeated pairs'
            + (' and a pair i -> i' if c['post'] is None else '') + '. spike_*_uncoupled: the same run with '
            'weight 0.'))
        meta.update(
            model={'class': cls, 'coupling': c['couple'], 'weight': P(w, wu), 'states': 'V',
                   'pre': self._meta_pop(c['pre']),
                   'post': None if c['post'] is None else self._meta_pop(c['post'])},
            steps=c['steps'], t_check=res['t_ok'],
            spike_counts={s: counts[s].tolist() for s in sides},
            spike_counts_uncoupled={s: base[f'spike_{s}'].sum(0).tolist() for s in sides},
            n_spike_entries_differing_from_uncoupled=diff,
            arrays={k: f'{np.asarray(v).dtype} {tuple(np.shape(v))}' for k, v in arrays.items()})
        save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}',
                             ' '.join(f'{s} spikes {counts[s].tolist()}' for s in sides)
                             + f' ({diff} spike entries differ from uncoupled)'))

    def run(self, names):
        import json
        for name in names:
            t0 = time.perf_counter()
            if name in MGBLOCK_FIXTURES:
                self.mgblock(name)
            else:
                self.junction(name)
            print(f'[f{self.precision}] {name} done in {time.perf_counter() - t0:.1f} s', flush=True)
        with open(os.path.join(self.tmpdir, f'summary_f{self.precision}.json'), 'w') as fh:
            json.dump(self.summary, fh)


if __name__ == '__main__':
    secondary_main(__doc__, __file__, ALL_FIXTURES, JunctionWorker)
