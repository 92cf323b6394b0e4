#!/usr/bin/env python3
"""Independent one-step check of the neuron_<Model>_<variant> fixtures (numpy only, no reference).

For every fixture written by generate.py's neuron_model() (its meta has "model_name"), this
re-implements one update of the model from the behavioural spec (exponential Euler per state,
resets, refractory hold, delta inputs, rising-edge spikes) and applies it to the *recorded* states of
step n-1 (the stored <state>0 for step 0) with x[n] and delta[n].  The prediction is compared with
the recorded states of step n, so errors do not accumulate.  The arithmetic is float64; only the
refractory test of float32 fixtures is done in float32, as the reference does it.

    .venv-ref/bin/python tools/reference/check_neurons.py [fixture dir]   # default fixtures/reference

float64 fixtures must agree to 1e-12 (relative to max(|ref|, 1)) with no spike or refractory
mismatch; float32 fixtures are only reported (float32 rounding gives ~1e-7..1e-5).  It also checks
that HH gates with the default initializer None start at x_inf(V0).  Exit status 1 on failure.
"""
import glob
import json
import os
import sys

import numpy as np

DT = 0.1
IF_MODELS = ('ALIF', 'ExpIF', 'ExpIFRef', 'AdExIF', 'AdExIFRef', 'QuaIF', 'AdQuaIF', 'AdQuaIFRef',
             'CubaLIF', 'CobaLIF')
RISING_EDGE = ('HH', 'WangBuzsakiHH', 'MorrisLecar', 'FitzHughNagumo', 'HindmarshRose')


def exprel(z):
    """(e^z - 1)/z, with its Taylor series near 0."""
    z = np.asarray(z, dtype=np.float64)
    small = np.abs(z) <= 1e-7
    zs = np.where(small, 1.0, z)
    return np.where(small, 1.0 + z / 2.0 + z * z / 6.0, np.expm1(zs) / zs)


def ee(x, f, jac):
    """One exponential Euler step: x + dt*exprel(dt*J)*f."""
    return x + DT * exprel(DT * jac) * f


def heaviside(v):
    return (v >= 0).astype(np.float64)


class Refractory:
    """The *Ref hold rule, with t_n and the subtraction in the precision of the run."""

    def __init__(self, precision):
        self.ft = np.float32 if precision == 32 else np.float64

    def held(self, n, last, tau_ref):
        ft = self.ft
        t = ft(n) * ft(DT)
        return (t - last.astype(ft)) < tau_ref.astype(ft), float(t)


def hold(model_out, held_values, refr, thr_name, p, last, t, with_state):
    """Apply the hold, update last_spike_time and the optional refractory state."""
    out = {k: np.where(refr, held_values[k], model_out[k]) for k in model_out}
    thr = out['V_th'] if thr_name == 'state' else p['V_th']
    cond = out['V'] >= thr
    out['last_spike_time'] = np.where(cond, t, last)
    if with_state:
        out['refractory'] = (refr | cond).astype(np.float64)
    return out


def step(model, reset, p, S, x, d, n, rf):
    """Predict the states after update n from the states S before it (spec sections 4 and 6-8)."""
    V = S['V']
    ref = model.endswith('Ref')
    if ref:
        refr, t = rf.held(n, S['last_spike_time'], p['tau_ref'])
    if model in IF_MODELS:
        if model == 'ALIF':
            s = heaviside((V - p['V_th'] - p['beta'] * S['a']) / (p['V_th'] - p['V_reset']))
        else:
            s = heaviside((V - p['V_th']) / (p['V_th'] - p['V_reset']))
        theta = p['V_th'] if reset == 'soft' else V
        Vr = V - (theta - p['V_reset']) * s
        if model == 'ALIF':
            ar = S['a'] + s
            return {'V': ee(Vr, (-Vr + p['V_rest'] + p['R'] * x) / p['tau'], -1.0 / p['tau']) + d,
                    'a': ee(ar, -ar / p['tau_a'], -1.0 / p['tau_a'])}
        if model in ('CubaLIF', 'CobaLIF'):
            g = ee(S['g'], -S['g'] / p['tau_syn'], -1.0 / p['tau_syn']) + d      # delta goes to g
            if model == 'CubaLIF':
                f = (-(Vr - p['V_rest']) + p['R'] * (g + x)) / p['tau']
                jac = -1.0 / p['tau']
            else:
                f = (-(Vr - p['V_rest']) + p['R'] * (g * (p['E'] - Vr) + x)) / p['tau']
                jac = (-1.0 - p['R'] * g) / p['tau']
            return {'V': ee(Vr, f, jac), 'g': g}
        adaptive = 'w' in S
        wr = S['w'] + p['b'] * s if adaptive else 0.0
        if 'Qua' in model:
            f = p['c'] * (Vr - p['V_rest']) * (Vr - p['V_c'])
            jac = p['c'] * ((Vr - p['V_c']) + (Vr - p['V_rest'])) / p['tau']
        else:
            u = (Vr - p['V_T']) / p['delta_T']
            ub = np.minimum(u, 20.0)
            f = -(Vr - p['V_rest']) + p['delta_T'] * np.exp(ub)
            jac = (-1.0 + np.where(u < 20.0, np.exp(ub), 0.0)) / p['tau']
        f = (f - p['R'] * wr + p['R'] * x) / p['tau']
        out = {'V': ee(Vr, f, jac) + d}
        held = {'V': Vr}
        if adaptive:
            out['w'] = ee(wr, (p['a'] * (out['V'] - p['V_rest']) - wr) / p['tau_w'], -1.0 / p['tau_w'])
            held['w'] = wr
        return hold(out, held, refr, 'param', p, S['last_spike_time'], t, 'refractory' in S) if ref else out
    if model in ('Gif', 'GifRef'):
        Th = S['V_th']
        s = heaviside((V - Th) / (Th - p['V_reset']))
        theta = Th if reset == 'soft' else V
        Vr = V - (theta - p['V_reset']) * s
        I1r = S['I1'] + s * (p['R1'] * S['I1'] + p['A1'] - S['I1'])
        I2r = S['I2'] + s * (p['R2'] * S['I2'] + p['A2'] - S['I2'])
        Thr = Th + s * (np.maximum(p['V_th_reset'], Th) - Th)
        I1c = ee(I1r, -p['k1'] * I1r, -p['k1'])
        I2c = ee(I2r, -p['k2'] * I2r, -p['k2'])
        Thc = ee(Thr, p['a'] * (Vr - p['V_rest']) - p['b'] * (Thr - p['V_th_inf']), -p['b'])
        currents = (I1c + I2c) if model == 'Gif' else (I1r + I2r)     # spec 6.8: the two differ
        Vc = ee(Vr, (-(Vr - p['V_rest']) + p['R'] * (currents + x)) / p['tau'], -1.0 / p['tau']) + d
        out = {'V': Vc, 'I1': I1c, 'I2': I2c, 'V_th': Thc}
        held = {'V': Vr, 'I1': I1r, 'I2': I2r, 'V_th': Thr}
        return hold(out, held, refr, 'state', p, S['last_spike_time'], t, 'refractory' in S) if ref else out
    if model in ('Izhikevich', 'IzhikevichRef'):
        s = heaviside((V - p['V_th']) / p['V_th'])
        Vr = np.where(s > 0, p['c'], V)
        ur = S['u'] + p['d'] * s
        Vc = ee(Vr, 0.04 * Vr * Vr + 5.0 * Vr + 140.0 - ur + x, 0.08 * Vr + 5.0) + d
        uc = ee(ur, p['a'] * (p['b'] * Vc - ur), -p['a'])
        out = {'V': Vc, 'u': uc}
        return hold(out, {'V': Vr, 'u': ur}, refr, 'param', p, S['last_spike_time'], t,
                    'refractory' in S) if ref else out
    if model == 'HH':
        m, h, nn = S['m'], S['h'], S['n']
        gna, gk = p['gNa'] * m ** 3 * h, p['gK'] * nn ** 4
        f = (-gna * (V - p['ENa']) - gk * (V - p['EK']) - p['gL'] * (V - p['EL']) + x) / p['C']
        Vn = ee(V, f, -(gna + gk + p['gL']) / p['C']) + d
        rates = hh_rates(V)
        gate = lambda y, a, b: ee(y, a * (1.0 - y) - b * y, -(a + b))   # noqa: E731
        return {'V': Vn, 'm': gate(m, *rates['m']), 'h': gate(h, *rates['h']), 'n': gate(nn, *rates['n'])}
    if model == 'WangBuzsakiHH':
        h, nn = S['h'], S['n']
        am, bm = 1.0 / exprel(-0.1 * (V + 35.0)), 4.0 * np.exp(-(V + 60.0) / 18.0)
        gna, gk = p['gNa'] * (am / (am + bm)) ** 3 * h, p['gK'] * nn ** 4
        f = (-gna * (V - p['ENa']) - gk * (V - p['EK']) - p['gL'] * (V - p['EL']) + x) / p['C']
        Vn = ee(V, f, -(gna + gk + p['gL']) / p['C']) + d
        ah, bh = 0.07 * np.exp(-(V + 58.0) / 20.0), 1.0 / (np.exp(-0.1 * (V + 28.0)) + 1.0)
        an, bn = 0.1 / exprel(-0.1 * (V + 34.0)), 0.125 * np.exp(-(V + 44.0) / 80.0)
        gate = lambda y, a, b: ee(y, p['phi'] * (a * (1.0 - y) - b * y), -p['phi'] * (a + b))   # noqa: E731
        return {'V': Vn, 'h': gate(h, ah, bh), 'n': gate(nn, an, bn)}
    if model == 'MorrisLecar':
        W = S['W']
        m_inf = 0.5 * (1.0 + np.tanh((V - p['V1']) / p['V2']))
        w_inf = 0.5 * (1.0 + np.tanh((V - p['V3']) / p['V4']))
        tau_w = 1.0 / (p['phi'] * np.cosh((V - p['V3']) / (2.0 * p['V4'])))
        gca, gk = p['g_Ca'] * m_inf, p['g_K'] * W
        f = (-gca * (V - p['V_Ca']) - gk * (V - p['V_K']) - p['g_leak'] * (V - p['V_leak']) + x) / p['C']
        return {'V': ee(V, f, -(gca + gk + p['g_leak']) / p['C']) + d,
                'W': ee(W, (w_inf - W) / tau_w, -1.0 / tau_w)}
    if model == 'FitzHughNagumo':
        w = S['w']
        return {'V': ee(V, (V - V ** 3 / 3.0 - w + x) / p['tau'], (1.0 - V * V) / p['tau']) + d,
                'w': ee(w, (V + p['a'] - p['b'] * w) / p['tau_w'], -p['b'] / p['tau_w'])}
    if model == 'HindmarshRose':
        y, z = S['y'], S['z']
        fv = (y - p['a'] * V ** 3 + p['b'] * V ** 2 - z + x) / p['tau']
        return {'V': ee(V, fv, (-3.0 * p['a'] * V * V + 2.0 * p['b'] * V) / p['tau']) + d,
                'y': ee(y, (p['c'] - p['d'] * V * V - y) / p['tau'], -1.0 / p['tau']),
                'z': ee(z, p['r'] * (p['s'] * (V - p['V_r']) - z) / p['tau'], -p['r'] / p['tau'])}
    raise ValueError(model)


def hh_rates(V):
    return {'m': (1.0 / exprel(-(V + 40.0) / 10.0), 4.0 * np.exp(-(V + 65.0) / 18.0)),
            'h': (0.07 * np.exp(-(V + 65.0) / 20.0), 1.0 / (1.0 + np.exp(-(V + 35.0) / 10.0))),
            'n': (0.1 / exprel(-(V + 55.0) / 10.0), 0.125 * np.exp(-(V + 65.0) / 80.0))}


def spike_out(model, p, V_before, out):
    """The value update returns (spec 5.3 scalings; rising edge for the non-reset models)."""
    V = out['V']
    if model in ('Gif', 'GifRef'):
        return heaviside((V - out['V_th']) / (out['V_th'] - p['V_reset']))
    if model == 'ALIF':
        return heaviside((V - p['V_th'] - p['beta'] * out['a']) / (p['V_th'] - p['V_reset']))
    if model in ('Izhikevich', 'IzhikevichRef'):
        return heaviside((V - p['V_th']) / p['V_th'])
    if model in RISING_EDGE:
        return heaviside((V - p['V_th']) / p['V_th']) * (1.0 - heaviside((V_before - p['V_th']) / p['V_th']))
    return heaviside((V - p['V_th']) / (p['V_th'] - p['V_reset']))


def check_file(path):
    z = np.load(path)
    meta = json.loads(str(z['meta']))
    model = meta['model_name']
    N = meta['model']['N']
    p = {k: np.broadcast_to(np.asarray(v['value'], dtype=np.float64), (N,))
         for k, v in meta['model']['params'].items()}
    names = meta['model']['state_names']
    S = {s: z[s + '0'].astype(np.float64) for s in names}
    if model == 'HH' and meta['model']['initializers']['m'].startswith('m_initializer = None'):
        for s, (a, b) in hh_rates(S['V']).items():
            assert np.allclose(S[s], a / (a + b), rtol=1e-6, atol=1e-7), (path, s)
    rf = Refractory(meta['precision'])
    err, spike_bad, refr_bad = 0.0, 0, 0
    for n in range(meta['steps']):
        d = z['delta'][n].astype(np.float64) if 'delta' in z.files else 0.0
        out = step(model, meta['spk_reset'], p, S, z['x'][n].astype(np.float64), d, n, rf)
        spike_bad += int(np.sum(spike_out(model, p, S['V'], out) != z['spike'][n]))
        for s, pred in out.items():
            rec = z[s][n].astype(np.float64)
            if s == 'refractory':
                refr_bad += int(np.sum(pred != rec))
            else:
                err = max(err, float(np.max(np.abs(pred - rec) / np.maximum(np.abs(rec), 1.0))))
        S = {s: z[s][n].astype(np.float64) for s in names}
    return meta, err, spike_bad, refr_bad


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, '..', '..', 'fixtures', 'reference')
    ok, count = True, 0
    for path in sorted(glob.glob(os.path.join(d, 'neuron_*_f*.npz'))):
        if 'model_name' not in json.loads(str(np.load(path)['meta'])):
            continue                    # the IF/LIF/LIFRef fixtures have their own checks
        meta, err, sb, rb = check_file(path)
        bad = meta['precision'] == 64 and (err > 1e-12 or sb > 0 or rb > 0)
        ok &= not bad
        count += 1
        print(f'{os.path.basename(path):40s} one-step max rel err {err:.2e}  spike mismatches {sb}  '
              f'refractory mismatches {rb}' + ('  FAIL' if bad else ''))
    print(f'{count} files: ' + ('OK' if ok else 'FAILED'))
    return 0 if ok and count else 1


if __name__ == '__main__':
    sys.exit(main())
