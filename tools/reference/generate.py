#!/usr/bin/env python3
"""Golden reference fixtures from brainpy.state (BrainPy 2.9.0) for the Swift port.

Run from the repository root with the reference venv (see tools/reference/README.md):

    .venv-ref/bin/python tools/reference/generate.py                 # everything
    .venv-ref/bin/python tools/reference/generate.py --only net_coba # one fixture (both precisions)
    .venv-ref/bin/python tools/reference/generate.py --only neuron_LIF_soft,expon --precision 64

Output: fixtures/reference/*.npz (override with --outdir).

How it works
------------
* The parent process only orchestrates.  Every precision runs in its own child process
  (``--worker``): float32 is brainstate's default, float64 is switched on with
  ``brainstate.environ.set(precision=64)`` *before anything is built*, because that switch turns on
  JAX x64 for the whole process.  Each worker asserts that the recorded states really have the
  expected dtype.
* dt = 0.1 ms (global ``brainstate.environ.set(dt=...)``, which InputDelay needs at init time).
  Every simulation is one jit-compiled ``brainstate.transform.for_loop`` over the step indices
  n = 0..steps-1 together with the times t_n, and each step runs inside
  ``brainstate.environ.context(i=n, t=t_n)``.  t_n is built as example 103 builds it,
  ``u.math.arange(0 ms, T, dt)``, which equals float32(n)*float32(0.1) in float32 mode and n*0.1
  in float64 mode (both asserted bit-exactly), and is fed to the loop as data.  Computing
  t = i*dt *inside* the compiled step is NOT equivalent: XLA may contract i*dt - last_spike_time
  into a fused multiply-add and flip the end of LIFRef's refractory period at exact multiples of
  dt (observed with an earlier version of this script).  check_refractory() asserts that every
  recorded hold decision equals (t_n - last_spike_time) < tau_ref with rounded t_n.
* One step (the canonical order of the reference examples):
    1. pre spikes  = population.get_spike() != 0   (from V stored at the end of step n-1)
    2. projections are called with the (sliced) spike vectors
    3. every population is called with its external input x[n] (mA)
    4. states are recorded after the update: V, last_spike_time (LIFRef), every synapse g,
       spike = the value returned by the population's update (0/1).
* All parameters of the hand-made fixtures are passed to the reference as arrays of the run's
  float dtype (so float32 fixtures use float32(value) everywhere); the COBA example networks use
  the scalars exactly as example 103 writes them.
* Files are written as numpy ``.npz`` (zip, deflate) exactly like ``numpy.savez_compressed``, but
  with fixed zip timestamps so that re-running produces byte-identical files.  Every file has a
  ``meta`` entry: a 0-d numpy unicode string holding JSON (parameters as {"value", "unit"},
  dt_ms, steps, precision, spk_reset, versions, description, ...).
* Everything is deterministic: inputs come from fixed formulas / fixed numpy RandomState seeds,
  EventFixedProb uses explicit seeds, the COBA initial V is drawn after brainstate.random.seed().

* Every other neuron model of brainpy.state (ALIF ... HindmarshRose, see MODEL_VARIANTS) has
  fixtures neuron_<Model>_<variant>: one population of 5 neurons, a per-step input x passed as the
  update argument (optionally a one-shot delta input added with add_delta_input before each
  update), every state variable recorded after each update under its brainpy attribute name, and
  the initial values as <state>0.  Parameters and initial states are defined in model_config()
  (pure numpy); neuron_model() runs them, checks them (t formula, finite values, spike counts,
  neuron 0 above threshold, refractory rule of the *Ref models) and writes every constructor
  parameter (with its class default) into meta.  check_neurons.py re-checks these files step by
  step with an independent numpy implementation of the equations.

Fixtures (suffix _f32 / _f64 unless noted):
  neuron_IF_soft, neuron_IF_hard, neuron_LIF_soft, neuron_LIF_hard, neuron_LIFRef_soft,
  neuron_LIFRef_hard, neuron_<Model>_<variant> (MODEL_FIXTURES), net_coba, net_cuba,
  net_coba_delay, expon, coba_example, coba_brette, eventfixedprob_indices (one file),
  coba_rates (one file, both precisions), inputs_signals (the deterministic input generators and
  LeakyRateReadout), inputs_stats (one file, float32: statistics of the random generators over 10
  seeds); see inputs_fixtures.py.  --only accepts shell patterns, e.g. 'neuron_HH_*'.
"""

import argparse
import fnmatch
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import warnings
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import inputs_fixtures  # noqa: E402  (the input generators' fixtures)

REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, 'fixtures', 'reference')

DT_MS = 0.1

NEURON_FIXTURES = [f'neuron_{m}_{r}' for m in ('IF', 'LIF', 'LIFRef') for r in ('soft', 'hard')]
# model -> variants.  soft/hard = spk_reset, default = the model's default spk_reset (Izhikevich
# ignores it, the HH-type and reduced models have no reset), delta = soft/default plus a one-shot
# delta input every 25 steps, runaway = ExpIF defaults (spec §6.5), gates = HH with explicit m/h/n.
MODEL_VARIANTS = [
    ('ALIF', ('soft', 'hard', 'delta')),
    ('ExpIF', ('soft', 'hard', 'runaway')),
    ('ExpIFRef', ('soft', 'hard', 'runaway')),
    ('AdExIF', ('soft', 'hard', 'delta')),
    ('AdExIFRef', ('soft', 'hard', 'delta')),
    ('QuaIF', ('soft', 'hard')),
    ('AdQuaIF', ('soft', 'hard')),
    ('AdQuaIFRef', ('soft', 'hard')),
    ('Gif', ('soft', 'hard')),
    ('GifRef', ('soft', 'hard')),
    ('CubaLIF', ('soft', 'hard', 'delta')),
    ('CobaLIF', ('soft', 'hard', 'delta')),
    ('Izhikevich', ('default', 'delta')),
    ('IzhikevichRef', ('default',)),
    ('HH', ('default', 'gates', 'delta')),
    ('WangBuzsakiHH', ('default',)),
    ('MorrisLecar', ('default',)),
    ('FitzHughNagumo', ('default', 'delta')),
    ('HindmarshRose', ('default',)),
]
MODEL_FIXTURES = [f'neuron_{m}_{v}' for m, vs in MODEL_VARIANTS for v in vs]
NET_FIXTURES = ['net_coba', 'net_cuba', 'net_coba_delay', 'expon']
COBA_FIXTURES = ['coba_example', 'coba_brette']
INPUT_FIXTURES = ['inputs_signals']
PER_PRECISION = NEURON_FIXTURES + MODEL_FIXTURES + NET_FIXTURES + COBA_FIXTURES + INPUT_FIXTURES
SINGLE_FILE = ['eventfixedprob_indices', 'coba_rates', 'inputs_stats']
ALL_FIXTURES = PER_PRECISION + SINGLE_FILE

# seed triples (seed_E, seed_I, seed_V) for coba_rates; the first one is the coba_* fixtures' triple
RATE_SEEDS = [(2 * k + 1, 2 * k + 2, 42 + k) for k in range(10)]


# ----------------------------------------------------------------------------------------------
# neuron models beyond IF/LIF/LIFRef: pure-numpy definitions (parameters, initial states, inputs)
# ----------------------------------------------------------------------------------------------

SPEC_SECTION = {
    'ALIF': '6.4', 'ExpIF': '6.5', 'ExpIFRef': '6.5, 4.2', 'AdExIF': '6.6', 'AdExIFRef': '6.6, 4.2',
    'QuaIF': '6.7', 'AdQuaIF': '6.7', 'AdQuaIFRef': '6.7, 4.2', 'Gif': '6.8', 'GifRef': '6.8, 4.2',
    'CubaLIF': '6.9', 'CobaLIF': '6.10', 'Izhikevich': '7', 'IzhikevichRef': '7, 4.2',
    'HH': '8.1', 'WangBuzsakiHH': '8.2', 'MorrisLecar': '8.3', 'FitzHughNagumo': '8.4',
    'HindmarshRose': '8.5',
}

# tau_ref of every *Ref fixture: 2.0 and 1.0 ms are multiples of dt, 1.55, 0.35 and 2.25 ms are not
TAU_REF = [2.0, 1.55, 0.35, 1.0, 2.25]
# per-neuron sinusoid periods (ms) added to the piecewise-constant drive
PERIODS = [4.7, 7.3, 5.9, 3.1, 9.7]


def _drive(steps, levels, rel_amp, periods=PERIODS):
    """x (steps, N): len(levels) equal piecewise-constant segments (levels[seg][k], in the input
    unit) plus a sinusoid of amplitude rel_amp*level and a per-neuron period; exactly 0 where the
    level is 0.  Rounded to 6 decimals (then cast to the run dtype)."""
    levels = np.asarray(levels, dtype=np.float64)
    nseg = levels.shape[0]
    n = np.arange(steps)
    seg = np.minimum(n // (steps // nseg), nseg - 1)
    lev = levels[seg]
    per = np.asarray(periods, dtype=np.float64)
    sin = np.sin(2 * np.pi * (n[:, None] * DT_MS) / per[None, :])
    return np.round(np.where(lev == 0.0, 0.0, lev * (1.0 + rel_amp * sin)), 6)


def _kicks(steps, amp, start=12, every=25, pattern=(1.0, 1.0, -0.5)):
    """delta (steps, N): zero except at steps start, start+every, ...; kick j is amp[k]*pattern[j%3]."""
    amp = np.asarray(amp, dtype=np.float64)
    d = np.zeros((steps, amp.size))
    for j, n in enumerate(range(start, steps, every)):
        d[n] = amp * pattern[j % len(pattern)]
    return np.round(d, 6)


def model_config(model, variant):
    """Everything the reference run needs, in plain numpy / Python (no reference imports).

    params: every numeric constructor parameter -> (value, unit); values are floats or lists (one
    per neuron).  init: state -> (initial values (N,), unit), passed as <state>_initializer.
    Units are the units of the class defaults (checked against the signature at run time)."""
    N = 5
    A = lambda *v: np.array(v, dtype=np.float64)   # noqa: E731
    c = {'model': model, 'variant': variant, 'N': N, 'steps': 300, 'ref': model.endswith('Ref'),
         'spk_reset': variant if variant in ('soft', 'hard') else None, 'delta': None,
         'min_spikes': 3, 'init_none': [], 'notes': []}
    c['ref_var'] = c['ref'] and model != 'LIFRef' and variant != 'hard'
    base = model[:-3] if c['ref'] else model
    tau5 = A(6.0, 4.0, 5.0, 3.0, 8.0)
    R5 = A(1.0, 1.5, 0.8, 2.0, 1.2)
    lif_rest, lif_th = A(-60, -65, -70, -58, -62), A(-50, -52, -55, -48, -50)
    lif_reset = A(-60, -68, -70, -62, -70)
    lif_V0 = A(-47.0, -65.0, -70.0, -55.0, -62.5)

    def drive(levels, rel_amp):
        c['x'] = _drive(c['steps'], levels, rel_amp)
        c['x_levels'] = np.round(np.asarray(levels, dtype=np.float64), 6).tolist()
        c['x_rel_amp'] = rel_amp

    def kicks(amp, unit, target, every=25, pattern=(1.0, 1.0, -0.5)):
        c['delta'] = (_kicks(c['steps'], amp, every=every, pattern=pattern), unit, target)
        c['delta_schedule'] = {'first_step': 12, 'every_steps': every, 'amplitude': list(map(float, amp)),
                               'pattern': list(pattern),
                               'rule': 'delta[12 + j*every, k] = amplitude[k] * pattern[j % len(pattern)]'}

    # drive levels in units of a per-neuron scale: the matrix of the IF/LIF fixtures, one row per
    # neuron and one column per segment, transposed to (segment, neuron); neuron 2 gets 0 in
    # segments 0 and 2 (steps 0..59 and 120..179 of 300), neuron 3 in segment 1
    L = A([1.8, 2.5, 1.4, 3.0, 2.2],
          [2.2, 1.2, 3.0, 0.6, 2.0],
          [0.0, 2.0, 0.0, 3.5, 1.5],
          [3.0, 0.0, 2.5, 1.8, 4.0],
          [1.5, 3.5, 2.0, 1.0, 2.8]).T

    if base == 'ALIF':
        c['kind'] = 'if'
        c['params'] = dict(R=(R5, 'ohm'), tau=(tau5, 'ms'), tau_a=(A(50, 100, 80, 30, 120), 'ms'),
                           V_th=(lif_th, 'mV'), V_reset=(lif_reset, 'mV'), V_rest=(lif_rest, 'mV'),
                           beta=(A(0.5, 1.0, 0.3, 1.5, 0.8), 'mV'))
        c['init'] = dict(V=(lif_V0, 'mV'), a=(A(0.0, 0.5, 1.0, 2.0, 0.2), '1'))
        c['in_unit'] = 'mA'
        drive(1.3 * L * (lif_th - lif_rest) / R5, 0.15)
        c['notes'].append('Neuron 0 starts above threshold (V0 - V_th - beta*a0 > 0). Neuron 2 starts '
                          'at V_rest and has x = 0 for steps 0..59 and 120..179 (without delta kicks V '
                          'stays exactly at V_rest for steps 0..59 while a decays).')
        if variant == 'delta':
            kicks(A(4.0, 3.0, 5.0, 2.0, 6.0), 'mV', 'V')
    elif base == 'ExpIF' and variant == 'runaway':
        c['kind'] = 'if'
        c['spk_reset'] = None
        c['params'] = dict(R=(1.0, 'ohm'), tau=(10.0, 'ms'), V_th=(-30.0, 'mV'), V_reset=(-68.0, 'mV'),
                           V_rest=(-65.0, 'mV'), V_T=(-59.9, 'mV'), delta_T=(3.48, 'mV'))
        if c['ref']:
            c['params']['tau_ref'] = (1.7, 'ms')
        c['init'] = dict(V=(A(-25.0, -65.0, -62.0, -60.0, -66.0), 'mV'))
        c['in_unit'] = 'mA'
        drive([[0, 3, 0, 20, 12], [0, 3, 10, 20, 12], [0, 3, 10, 20, 12],
               [0, 3, 10, 20, 12], [0, 3, 10, 20, 12]], 0.0)
        c['min_spikes'] = [0, 0, 3, 3, 3]
        c['x_desc'] = ('constant per neuron: 0, 3, 10, 20, 12 mA (neuron 2: 0 for steps 0..59), '
                       'no sinusoid')
        c['notes'].append(
            'All parameters are the class defaults (V_th = -30 mV): spec 6.5 runaway. Neuron 0 starts '
            'above threshold (soft reset at step 0, then no input: it relaxes to rest and never spikes '
            'again); neuron 1 gets 3 mA (below rheobase, no spike); neurons 2-4 reach the exponential '
            'upswing, V jumps to ~1e15 mV in one step and then '
            + ('stays refractory for ever (held at the reset value, last_spike_time refreshed every step).'
               if c['ref'] else 'spikes on every step while decaying on tau.')
)
    elif base == 'ExpIF':
        c['kind'] = 'if'
        V_rest, V_T = A(-65, -68, -70, -62, -65), A(-59.9, -58.0, -60.0, -56.0, -59.0)
        c['params'] = dict(R=(R5, 'ohm'), tau=(A(10.0, 8.0, 12.0, 6.0, 15.0), 'ms'),
                           V_th=(A(-50, -52, -52, -45, -50), 'mV'),
                           V_reset=(A(-68, -70, -72, -65, -60), 'mV'), V_rest=(V_rest, 'mV'),
                           V_T=(V_T, 'mV'), delta_T=(A(3.48, 2.0, 3.0, 4.0, 2.5), 'mV'))
        if c['ref']:
            c['params']['tau_ref'] = (A(*TAU_REF), 'ms')
        c['init'] = dict(V=(A(-48.0, -68.0, -70.0, -58.0, -63.0), 'mV'))
        c['in_unit'] = 'mA'
        drive(3.0 * L * (V_T - V_rest) / R5, 0.15)
        c['notes'].append('V_th is set low enough ((V_th - V_T)/delta_T <= 3.6) that the exponential '
                          'upswing is caught before the stiff runaway of spec 6.5 (see the runaway '
                          'variant for the defaults). Neuron 0 starts above threshold. Neuron 2 has '
                          'x = 0 and V0 = V_rest for steps 0..59 and 120..179.')
    elif base == 'AdExIF':
        c['kind'] = 'if'
        c['params'] = dict(R=(1.0, 'ohm'), tau=(10.0, 'ms'), tau_w=(A(30, 50, 20, 100, 40), 'ms'),
                           V_th=(A(-55, -52, -56, -50, -54), 'mV'), V_reset=(-68.0, 'mV'),
                           V_rest=(-65.0, 'mV'), V_T=(-59.9, 'mV'), delta_T=(3.48, 'mV'),
                           a=(A(1.0, 0.5, 2.0, 0.0, 0.2), 'S'), b=(A(1.0, 2.0, 0.5, 3.0, 1.5), 'mA'))
        if c['ref']:
            c['params']['tau_ref'] = (A(*TAU_REF), 'ms')
        c['init'] = dict(V=(A(-50.0, -63.0, -65.0, -60.0, -58.0), 'mV'),
                         w=(A(0.0, 1.0, 0.0, 0.5, 3.0), 'mA'))
        c['in_unit'] = 'mA'
        drive(10.0 * L * (1.0 + A(1.0, 0.5, 2.0, 0.0, 0.2)), 0.15)
        c['notes'].append('Neuron 0 starts above threshold. Neuron 2 starts at rest with w0 = 0 and '
                          'x = 0 for steps 0..59 and 120..179.')
        if variant == 'delta':
            kicks(A(5.0, 4.0, 6.0, 3.0, 8.0), 'mV', 'V')
    elif base in ('QuaIF', 'AdQuaIF'):
        c['kind'] = 'if'
        cc, V_c = A(0.07, 0.05, 0.1, 0.04, 0.07), A(-50.0, -52.0, -48.0, -55.0, -50.0)
        tau = A(10.0, 6.0, 8.0, 5.0, 12.0)
        c['params'] = dict(R=(1.0, 'ohm'), tau=(tau, 'ms'), V_th=(A(-30, -35, -40, -30, -25), 'mV'),
                           V_reset=(-68.0, 'mV'), V_rest=(-65.0, 'mV'), V_c=(V_c, 'mV'), c=(cc, '1/mV'))
        a = A(1.0, 0.5, 0.2, 0.0, 2.0)
        rheo = cc * ((V_c + 65.0) / 2) ** 2                       # quadratic rheobase (mA, R = 1)
        scale = 6.0 * rheo + 12.0
        c['init'] = dict(V=(A(-28.0, -62.0, -65.0, -58.0, -55.0), 'mV'))
        if base == 'AdQuaIF':
            c['params'] = dict(R=(1.0, 'ohm'), tau=(tau, 'ms'), tau_w=(A(10, 20, 5, 30, 15), 'ms'),
                               V_th=(-30.0, 'mV'), V_reset=(-68.0, 'mV'), V_rest=(-65.0, 'mV'),
                               V_c=(V_c, 'mV'), c=(cc, '1/mV'), a=(a, 'S'),
                               b=(A(0.1, 0.5, 0.2, 1.0, 0.05), 'mA'))
            scale = scale + 15.0 * a                                # w ~ a (V - V_rest) in the upswing
            c['init'] = dict(V=(A(-28.0, -62.0, -65.0, -58.0, -55.0), 'mV'),
                             w=(A(0.0, 0.5, 0.0, 0.2, 2.0), 'mA'))
        if c['ref']:
            c['params']['tau_ref'] = (A(*TAU_REF), 'ms')
        c['in_unit'] = 'mA'
        drive(L * scale, 0.15)
        c['notes'].append('Neuron 0 starts above threshold. Neuron 2 starts at rest'
                          + (' with w0 = 0' if base == 'AdQuaIF' else '')
                          + ' and has x = 0 for steps 0..59 and 120..179.'
                          ' Drive levels are multiples of 6*rheobase + 12 mA'
                          + (' + 15 mA/S * a.' if base == 'AdQuaIF' else '.'))
    elif base == 'Gif':
        c['kind'] = 'gif'
        c['params'] = dict(R=(20.0, 'ohm'), tau=(A(10.0, 8.0, 12.0, 6.0, 15.0), 'ms'),
                           V_rest=(-70.0, 'mV'), V_reset=(-70.0, 'mV'), V_th_inf=(-50.0, 'mV'),
                           V_th_reset=(A(-60.0, -45.0, -48.0, -60.0, -40.0), 'mV'),
                           a=(A(0.005, 0.0, 0.01, 0.002, 0.005), '1/ms'), b=(0.01, '1/ms'),
                           k1=(0.2, '1/ms'), k2=(0.02, '1/ms'), R1=(0.5, '1'), R2=(1.0, '1'),
                           A1=(A(0.2, 0.1, 0.3, 0.0, 0.15), 'mA'), A2=(A(-0.1, -0.05, 0.0, -0.2, -0.1), 'mA'))
        if c['ref']:
            c['params']['tau_ref'] = (A(*TAU_REF), 'ms')
        c['init'] = dict(V=(A(-45.0, -70.0, -70.0, -60.0, -72.0), 'mV'),
                         I1=(A(0.0, 0.1, 0.0, 0.2, -0.05), 'mA'),
                         I2=(A(0.0, -0.05, 0.0, 0.0, 0.05), 'mA'),
                         V_th=(A(-50.0, -52.0, -48.0, -55.0, -50.0), 'mV'))
        c['in_unit'] = 'mA'
        drive(1.6 * L * 20.0 / 20.0, 0.15)
        c['notes'].append('Neuron 0 starts above its threshold state (V0 = -45 > V_th0 = -50 mV). '
                          'Neuron 2 starts at rest with I1 = I2 = 0 and has x = 0 for steps 0..59 and '
                          '120..179 (only the threshold relaxes there).'
                          ' V_th_reset above V_th_inf for neurons 1, 2, 4 makes the '
                          'threshold jump at each spike; R1 = 0.5, A1, A2 != 0 make the spike-triggered '
                          'currents jump.')
    elif base in ('CubaLIF', 'CobaLIF'):
        c['kind'] = 'if'
        c['params'] = dict(R=(R5, 'ohm'), tau=(tau5, 'ms'), tau_syn=(A(5.0, 2.0, 8.0, 3.0, 10.0), 'ms'),
                           V_th=(lif_th, 'mV'), V_reset=(lif_reset, 'mV'), V_rest=(lif_rest, 'mV'))
        c['in_unit'] = 'mA'
        drive(L * (lif_th - lif_rest) / R5, 0.15)
        if base == 'CubaLIF':
            c['init'] = dict(V=(lif_V0, 'mV'), g=(A(0.0, 5.0, 0.0, -3.0, 2.0), 'mA'))
            kick = (A(6.0, 5.0, 10.0, 4.0, 6.0), 'mA')
        else:
            c['params']['E'] = (A(0.0, 0.0, -80.0, 10.0, -5.0), 'mV')
            order = ['R', 'tau', 'tau_syn', 'E', 'V_th', 'V_reset', 'V_rest']
            c['params'] = {k: c['params'][k] for k in order}
            c['init'] = dict(V=(lif_V0, 'mV'), g=(A(0.0, 0.1, 0.0, 0.05, 0.02), 'S'))
            kick = (A(0.1, 0.08, 0.05, 0.05, 0.1), 'S')
        c['notes'].append('Neuron 0 starts above threshold. Neuron 2 starts at rest with g0 = 0 and '
                          'has x = 0 for steps 0..59 and 120..179.'
                          + (' Neuron 2 has an inhibitory reversal potential (E = -80 mV).'
                             if base == 'CobaLIF' else ''))
        if variant == 'delta':
            pat = (1.0, 1.0, -0.5) if base == 'CubaLIF' else (1.0, 0.5, 1.5)
            kicks(kick[0], kick[1], 'g', pattern=pat)
            c['notes'].append('The delta input goes to g (not V), spec 6.9/6.10.')
    elif base == 'Izhikevich':
        c['kind'] = 'izh'
        c['steps'] = 1000
        c['params'] = dict(a=(A(0.02, 0.02, 0.02, 0.1, 0.02), '1/ms'),
                           b=(A(0.2, 0.2, 0.2, 0.2, 0.25), '1/ms'),
                           c=(A(-65.0, -55.0, -50.0, -65.0, -65.0), 'mV'),
                           d=(A(8.0, 4.0, 2.0, 2.0, 2.0), 'mV/ms'), V_th=(30.0, 'mV'))
        if c['ref']:
            c['params']['tau_ref'] = (A(*TAU_REF), 'ms')
        c['init'] = dict(V=(A(35.0, -65.0, -70.0, -60.0, -55.0), 'mV'),
                         u=(A(-13.0, -13.0, -14.0, -12.0, -14.0), 'mV/ms'))
        c['in_unit'] = 'mV/ms'
        drive([[10, 6, 12, 5, 8], [14, 10, 0, 8, 12], [0, 15, 10, 12, 6],
               [20, 8, 15, 0, 10], [8, 12, 20, 10, 15]], 0.15)
        c['notes'].append('a, b, c, d per neuron: regular spiking, intrinsically bursting, chattering, '
                          'fast spiking, low-threshold spiking (Izhikevich 2003). Neuron 0 starts above '
                          'V_th (reset to c at step 0). u0 is near b*(-65 mV). spk_reset is left at the '
                          "default 'hard'; the model ignores it (checked: a run with spk_reset='soft' is "
                          'identical, see spk_reset_ignored_check).')
        if variant == 'delta':
            kicks(A(5.0, 8.0, 6.0, 4.0, 10.0), 'mV', 'V', every=40)
    elif model == 'HH':
        c['kind'] = 'none'
        c['steps'] = 1000
        c['params'] = dict(ENa=(50.0, 'mV'), gNa=(A(120.0, 100.0, 140.0, 110.0, 120.0), 'mS'),
                           EK=(-77.0, 'mV'), gK=(A(36.0, 30.0, 40.0, 36.0, 33.0), 'mS'),
                           EL=(-54.387, 'mV'), gL=(A(0.03, 0.3, 0.1, 0.03, 0.3), 'mS'),
                           V_th=(20.0, 'mV'), C=(1.0, 'uF'))
        c['init'] = dict(V=(A(25.0, -65.0, -70.0, -60.0, -75.0), 'mV'))
        if variant == 'gates':
            c['init'].update(m=(A(0.05, 0.1, 0.02, 0.3, 0.05), '1'), h=(A(0.6, 0.4, 0.7, 0.2, 0.5), '1'),
                             n=(A(0.32, 0.4, 0.3, 0.5, 0.35), '1'))
        else:
            c['init_none'] = ['m', 'h', 'n']
        c['in_unit'] = 'uA'
        drive([[6, 10, 4, 15, 8], [10, 5, 8, 0, 12], [0, 15, 12, 8, 5],
               [15, 8, 0, 12, 10], [8, 12, 15, 6, 20]], 0.1)
        c['notes'].append('V0 is an explicit array (the default V_initializer is Uniform(-70, -60) mV, '
                          'random). '
                          + ('m, h, n start at explicit arrays.' if variant == 'gates' else
                             'm, h, n use the default initializer None: steady state x_inf(V0).')
                          + ' Neuron 0 starts above V_th = 20 mV, so the rising-edge spike test gives 0 '
                          'at step 0. gL = 0.03 mS is the brainpy default (classical 0.3 for neurons 1, 4).')
        if variant == 'delta':
            kicks(A(5.0, 8.0, 10.0, 6.0, 4.0), 'mV', 'V', every=40)
    elif model == 'WangBuzsakiHH':
        c['kind'] = 'none'
        c['steps'] = 1000
        c['params'] = dict(ENa=(55.0, 'mV'), gNa=(A(35.0, 30.0, 40.0, 35.0, 32.0), 'mS'), EK=(-90.0, 'mV'),
                           gK=(A(9.0, 8.0, 10.0, 9.0, 11.0), 'mS'), EL=(-65.0, 'mV'), gL=(0.1, 'mS'),
                           V_th=(20.0, 'mV'), phi=(A(5.0, 3.0, 5.0, 4.0, 5.0), '1'), C=(1.0, 'uF'))
        c['init'] = dict(V=(A(25.0, -65.0, -70.0, -60.0, -55.0), 'mV'), h=(A(0.6, 0.8, 0.5, 0.7, 0.9), '1'),
                         n=(A(0.32, 0.1, 0.4, 0.2, 0.3), '1'))
        c['in_unit'] = 'uA'
        drive([[1.0, 2.0, 0.8, 3.0, 1.5], [2.0, 1.0, 3.0, 0.0, 2.5], [0.0, 3.0, 1.5, 2.0, 1.0],
               [3.0, 1.5, 0.0, 1.2, 2.0], [1.5, 2.5, 2.0, 1.0, 3.5]], 0.1)
        c['notes'].append('Neuron 0 starts above V_th = 20 mV (rising edge: no spike at step 0).')
    elif model == 'MorrisLecar':
        c['kind'] = 'none'
        c['steps'] = 2500
        c['params'] = dict(V_Ca=(130.0, 'mV'), g_Ca=(A(4.4, 4.0, 5.0, 4.4, 4.2), 'mS'), V_K=(-84.0, 'mV'),
                           g_K=(8.0, 'mS'), V_leak=(-60.0, 'mV'), g_leak=(2.0, 'mS'),
                           C=(A(20.0, 20.0, 10.0, 10.0, 15.0), 'uF'), V1=(-1.2, 'mV'), V2=(18.0, 'mV'),
                           V3=(2.0, 'mV'), V4=(30.0, 'mV'),
                           phi=(A(0.067, 0.04, 0.1, 0.2, 0.067), '1/ms'), V_th=(10.0, 'mV'))
        c['init'] = dict(V=(A(15.0, -65.0, -60.0, -50.0, -70.0), 'mV'), W=(A(0.02, 0.0, 0.1, 0.3, 0.05), '1'))
        c['in_unit'] = 'uA'
        drive([[130, 150, 120, 150, 110], [160, 110, 150, 0, 160], [0, 170, 130, 120, 130],
               [170, 120, 0, 140, 150], [120, 160, 160, 100, 170]], 0.1)
        c['notes'].append('V0 is an explicit array (the default V_initializer is Uniform(-70, -60) mV, '
                          'random). Neuron 0 starts above V_th = 10 mV (rising edge: no spike at step 0).')
    elif model == 'FitzHughNagumo':
        c['kind'] = 'none'
        c['steps'] = 2000
        c['params'] = dict(a=(A(0.7, 0.8, 0.6, 0.7, 0.75), '1'), b=(A(0.8, 0.7, 0.8, 0.6, 0.8), '1'),
                           tau=(1.0, 'ms'), tau_w=(A(12.5, 10.0, 15.0, 8.0, 12.5), 'ms'), V_th=(1.0, '1'))
        c['init'] = dict(V=(A(1.5, -1.2, -1.0, 0.0, -1.5), '1'), w=(A(-0.62, -0.5, -0.4, 0.0, -0.7), '1'))
        c['in_unit'] = '1'
        drive([[0.5, 0.8, 0.4, 1.0, 0.6], [0.8, 0.5, 1.0, 0.0, 0.7], [0.0, 1.0, 0.6, 0.8, 0.5],
               [1.0, 0.6, 0.0, 0.5, 0.9], [0.6, 0.9, 0.8, 0.4, 1.2]], 0.1)
        c['notes'].append('Dimensionless V, w, x. Neuron 0 starts above V_th = 1 (rising edge: no spike '
                          'at step 0).')
        if variant == 'delta':
            kicks(A(0.5, 0.8, 1.0, 0.6, 0.4), '1', 'V', every=40)
    elif model == 'HindmarshRose':
        c['kind'] = 'none'
        c['steps'] = 1000
        c['params'] = dict(a=(1.0, '1'), b=(A(3.0, 3.0, 2.8, 3.2, 3.0), '1'), c=(1.0, '1'), d=(5.0, '1'),
                           r=(A(0.006, 0.005, 0.008, 0.006, 0.004), '1'), s=(A(4.0, 4.0, 3.5, 4.0, 4.5), '1'),
                           V_r=(-1.6, '1'), tau=(1.0, 'ms'), V_th=(1.0, '1'))
        c['init'] = dict(V=(A(1.2, -1.6, -1.0, 0.0, -1.8), '1'), y=(A(-10.0, -8.0, -5.0, -12.0, -9.0), '1'),
                         z=(A(0.0, 0.5, 1.0, 2.0, 0.2), '1'))
        c['in_unit'] = '1'
        drive([[2.0, 3.0, 1.5, 3.5, 2.5], [3.0, 2.0, 3.5, 0.0, 2.8], [0.0, 3.5, 2.5, 3.0, 2.0],
               [3.5, 2.5, 0.0, 2.0, 3.2], [2.5, 3.2, 3.0, 1.5, 4.0]], 0.1)
        c['notes'].append('Dimensionless V, y, z, x. Neuron 0 starts above V_th = 1 (rising edge: no '
                          'spike at step 0).')
    else:
        raise ValueError(model)
    if c['delta'] is not None:
        c['notes'].append(
            'delta[n] (steps, N) is added as a one-shot array delta input, '
            'pop.add_delta_input("delta", delta[n]*unit), right before the update of EVERY step n '
            '(zero rows on unscheduled steps; kicks every %d steps from step 12, see delta_schedule). '
            'brainpy pops a non-callable delta input after one use.' % c['delta_schedule']['every_steps'])
    assert c['x'].shape == (c['steps'], N)
    if c['steps'] == 300 and variant != 'runaway':
        assert np.all(c['x'][:60, 2] == 0) and np.all(c['x'][120:180, 2] == 0), 'neuron 2 rests'
    c['spec'] = SPEC_SECTION[model]
    c.setdefault('x_desc', (f"5 piecewise-constant segments of {c['steps'] // 5} steps (level "
                            f"input.x.levels[seg][k] in the input unit) times "
                            f"(1 + {c['x_rel_amp']}*sin(2 pi t_n / period_k)), periods {PERIODS} ms, "
                            "rounded to 6 decimals; exactly 0 where the level is 0"))
    return c


# ----------------------------------------------------------------------------------------------
# file output
# ----------------------------------------------------------------------------------------------

def save_npz(path, meta, arrays):
    """Write an .npz like numpy.savez_compressed, with fixed timestamps (byte-reproducible)."""
    items = [('meta', np.array(json.dumps(meta, indent=1, sort_keys=False)))]
    items += list(arrays.items())
    tmp = path + '.tmp'
    with zipfile.ZipFile(tmp, 'w', compression=zipfile.ZIP_DEFLATED) as zf:
        for name, arr in items:
            arr = np.asanyarray(arr)
            assert arr.dtype != object, name
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            zi = zipfile.ZipInfo(name + '.npy', date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zf.writestr(zi, buf.getvalue())
    os.replace(tmp, path)


def P(value, unit):
    """A parameter entry for meta."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    return {'value': value, 'unit': unit}


# ----------------------------------------------------------------------------------------------
# worker (imports the reference)
# ----------------------------------------------------------------------------------------------

class Worker:
    def __init__(self, precision, outdir, tmpdir):
        self.precision = precision
        self.outdir = outdir
        self.tmpdir = tmpdir
        warnings.filterwarnings('ignore', category=DeprecationWarning)
        warnings.filterwarnings('ignore', message='.*deprecated.*')
        import brainstate
        if precision == 64:
            brainstate.environ.set(precision=64)   # global and sticky: enables jax x64
        import jax
        import jax.numpy as jnp
        import brainunit as u
        import brainpy
        import braintools
        import brainevent
        self.bs, self.jax, self.jnp, self.u, self.bp, self.bt = brainstate, jax, jnp, u, brainpy, braintools
        brainstate.environ.set(dt=DT_MS * u.ms)
        self.ftype = np.float32 if precision == 32 else np.float64
        assert np.dtype(brainstate.environ.dftype()) == np.dtype(self.ftype), brainstate.environ.dftype()
        assert bool(jax.config.jax_enable_x64) == (precision == 64)
        self.versions = {
            'brainpy': brainpy.__version__, 'brainstate': brainstate.__version__,
            'brainunit': u.__version__, 'braintools': braintools.__version__,
            'brainevent': brainevent.__version__, 'jax': jax.__version__,
            'jaxlib': __import__('jaxlib').__version__, 'numpy': np.__version__,
            'python': platform.python_version(),
        }
        self.summary = []

    # -- helpers ------------------------------------------------------------------------------

    def arr(self, values, unit=None):
        """numpy values -> jax array of the run's float dtype (times unit)."""
        a = self.jnp.asarray(np.asarray(values, dtype=np.float64).astype(self.ftype))
        return a if unit is None else a * unit

    def mant(self, q, unit, name):
        """Quantity -> numpy mantissa, asserting the unit (no rescaling) and the float dtype."""
        u = self.u
        if unit is None:
            a = np.asarray(q)
        else:
            got = u.get_unit(q)
            assert got == unit, f'{name}: unit {got} != {unit}'
            a = np.asarray(u.get_mantissa(q))
        if a.dtype.kind == 'f':
            assert a.dtype == self.ftype, f'{name}: dtype {a.dtype} != {self.ftype}'
        return a

    def base_meta(self, name, description):
        return {
            'name': name, 'description': description, 'dt_ms': DT_MS, 'precision': self.precision,
            'float_dtype': np.dtype(self.ftype).name, 'versions': self.versions,
            'time_convention': (
                'step n runs at t_n = float32(n)*float32(0.1) ms (float32 mode) / double n*0.1 ms '
                '(float64 mode); t_n is built like example 103 (u.math.arange(0 ms, T, dt), checked '
                'bit-exact against n*dt) and passed INTO the compiled for_loop as data, with environ '
                'context i=n, t=t_n. The refractory test (t_n - last_spike_time) < tau_ref therefore '
                'uses the rounded t_n and one rounded subtraction (verified, see refractory_check). '
                'Do not compute t as i*dt inside the compiled step: XLA may then contract '
                'i*dt - last_spike_time into a fused multiply-add and flip refractory ends at exact '
                'multiples of dt.'),
            'step_order': ('1) pre spikes = pop.get_spike() != 0 (previous step), 2) projections, '
                           '3) populations update with x[n], 4) record states after update'),
            'units': {'time': 'ms', 'voltage': 'mV', 'current': 'mA', 'conductance': 'mS',
                      'resistance': 'ohm'},
        }

    def check_t(self, t_rec, steps):
        t = np.asarray(t_rec)
        if self.precision == 32:
            exp = np.arange(steps, dtype=np.float32) * np.float32(DT_MS)
        else:
            exp = np.arange(steps, dtype=np.float64) * DT_MS
        assert t.dtype == exp.dtype and np.array_equal(t, exp), 't_n is not formed as expected'
        return True

    def out(self, name):
        return os.path.join(self.outdir, f'{name}_f{self.precision}.npz')

    def single(self, name):
        return os.path.join(self.outdir, f'{name}.npz')

    @staticmethod
    def save(path, meta, arrays):
        save_npz(path, meta, arrays)

    def times(self, steps):
        """t_n as example 103 forms it (u.math.arange(0 ms, T, dt)), checked against n*dt."""
        u = self.u
        dt = self.bs.environ.get_dt()
        tq = u.math.arange(0. * u.ms, (steps + 0.5) * dt, dt)[:steps]
        m = self.mant(tq, u.ms, 't')
        assert np.array_equal(m, np.arange(steps, dtype=self.ftype) * self.ftype(DT_MS))
        return tq

    def run_loop(self, step, steps, *xs):
        """for_loop over (i, t_i, *xs); t is passed in as data (see module doc / README)."""
        bs = self.bs
        idx = np.arange(steps, dtype=np.int32 if self.precision == 32 else np.int64)
        return bs.transform.for_loop(step, idx, self.times(steps), *xs)

    def check_refractory(self, V, L, V0, V_th, V_reset, tau_ref, reset):
        """Check that the recorded LIFRef hold decisions follow (t_n - last) < tau_ref evaluated
        on the rounded t_n with one rounding for the subtraction (no fused multiply-add)."""
        ft = self.ftype
        steps, N = V.shape
        t = np.arange(steps, dtype=ft) * ft(DT_MS)
        V_th, V_reset, tau_ref = (np.broadcast_to(np.asarray(a, dtype=np.float64).astype(ft), (N,))
                                  for a in (V_th, V_reset, tau_ref))
        prevV = np.concatenate([V0[None].astype(ft), V[:-1]])
        prevL = np.concatenate([np.full((1, N), -1e7, dtype=ft), L[:-1]])
        s = (((prevV - V_th) / (V_th - V_reset)) >= 0).astype(ft)
        theta = V_th if reset == 'soft' else prevV
        Vr = prevV - (theta - V_reset) * s
        plain = (t[:, None] - prevL) < tau_ref
        held = V == Vr
        near_end = (prevL > -1e6) & ((t[:, None] - prevL) < tau_ref + ft(1.5 * DT_MS))
        bad = int(np.sum(plain & ~held)) + int(np.sum(~plain & held & near_end))
        # boundary cases where a fused i*dt - last (one rounding of the exact value) would differ
        from fractions import Fraction
        dtq = Fraction(float(ft(DT_MS)))
        fma_differs = 0
        for n, k in zip(*np.nonzero((prevL > -1e6) & (np.abs(t[:, None] - prevL - tau_ref) < 1e-3))):
            exact = Fraction(int(n)) * dtq - Fraction(float(prevL[n, k]))
            fused = ft(float(exact)) if ft is np.float64 else np.float32(float(exact))
            fma_differs += int(bool(fused < tau_ref[k]) != bool(plain[n, k]))
        res = {'held_steps': int(held[prevL > -1e6].sum()), 'refractory_steps_predicted': int(plain.sum()),
               'mismatches': bad, 'boundary_steps_where_fma_would_differ': fma_differs}
        assert bad == 0, res
        return res

    # -- 1. single populations ----------------------------------------------------------------

    def neuron(self, name):
        bs, u, bp = self.bs, self.u, self.bp
        _, model, reset = name.split('_')
        N, steps = 5, 300
        R = np.array([1.0, 1.5, 0.8, 2.0, 1.2])
        if model == 'IF':
            tau = np.array([4.0, 6.0, 5.0, 3.0, 8.0])
            V_th = np.array([1.0, 2.0, 1.5, 0.8, 3.0])
            V_rest = np.zeros(N)          # IF leaks towards 0 (no V_rest/V_reset parameter)
            V0 = np.array([1.5, 0.5, 0.0, -1.0, 2.0])
        else:
            tau = np.array([6.0, 4.0, 5.0, 3.0, 8.0])
            V_rest = np.array([-60.0, -65.0, -70.0, -58.0, -62.0])
            V_th = np.array([-50.0, -52.0, -55.0, -48.0, -50.0])
            V_reset = np.array([-60.0, -68.0, -70.0, -62.0, -70.0])
            V0 = np.array([-47.0, -65.0, -70.0, -55.0, -62.5])
        tau_ref = np.array([2.0, 1.55, 0.35, 1.0, 2.25])
        gap = V_th - V_rest
        # drive levels in units of the threshold gap (R*x / gap), 5 segments of 60 steps
        L = np.array([[1.8, 2.5, 1.4, 3.0, 2.2],
                      [2.2, 1.2, 3.0, 0.6, 2.0],
                      [0.0, 2.0, 0.0, 3.5, 1.5],
                      [3.0, 0.0, 2.5, 1.8, 4.0],
                      [1.5, 3.5, 2.0, 1.0, 2.8]])
        period = np.array([4.7, 7.3, 5.9, 3.1, 9.7])
        n = np.arange(steps)
        seg = np.minimum(n // 60, 4)
        lev = L[:, seg].T                                            # (steps, N)
        sin = 0.3 * np.sin(2 * np.pi * (n[:, None] * DT_MS) / period[None, :])
        x = np.where(lev == 0.0, 0.0, (lev + sin) * gap / R)
        x = np.round(x, 6).astype(self.ftype)

        kw = dict(R=self.arr(R, u.ohm), tau=self.arr(tau, u.ms), V_th=self.arr(V_th, u.mV),
                  V_initializer=self.arr(V0, u.mV), spk_reset=reset)
        params = {'R': P(R, 'ohm'), 'tau': P(tau, 'ms'), 'V_th': P(V_th, 'mV'), 'V0': P(V0, 'mV')}
        if model != 'IF':
            kw.update(V_rest=self.arr(V_rest, u.mV), V_reset=self.arr(V_reset, u.mV))
            params.update(V_rest=P(V_rest, 'mV'), V_reset=P(V_reset, 'mV'))
        if model == 'LIFRef':
            kw.update(tau_ref=self.arr(tau_ref, u.ms))
            params.update(tau_ref=P(tau_ref, 'ms'))
        cls = getattr(bp.state, model)
        pop = cls(N, **kw)
        bs.nn.init_all_states(pop)
        V0_state = self.mant(pop.V.value, u.mV, 'V0')
        ref = model == 'LIFRef'

        def step(i, t, xi):
            with bs.environ.context(i=i, t=t):
                spk = pop(xi * u.mA)
                rec = {'V': pop.V.value, 'spike': spk, 't': t}
                if ref:
                    rec['last_spike_time'] = pop.last_spike_time.value
                return rec

        rec = self.run_loop(step, steps, self.jnp.asarray(x))
        t_ok = self.check_t(self.mant(rec['t'], u.ms, 't'), steps)
        spike = self.mant(rec['spike'], None, 'spike')
        assert set(np.unique(spike)) <= {0.0, 1.0}
        arrays = {'x': x, 'V0': V0_state, 'V': self.mant(rec['V'], u.mV, 'V'),
                  'spike': spike.astype(np.uint8)}
        rc = None
        if ref:
            arrays['last_spike_time'] = self.mant(rec['last_spike_time'], u.ms, 'last_spike_time')
            rc = self.check_refractory(arrays['V'], arrays['last_spike_time'], V0_state, V_th, V_reset,
                                       tau_ref, reset)
        counts = arrays['spike'].sum(0)
        assert counts.min() >= 3, f'{name}: every neuron should spike several times: {counts}'
        at_rest = np.all(arrays['V'][:60, 2] == V_rest[2])
        meta = self.base_meta(name, (
            f'Single brainpy.state.{model} population, N={N}, no projections, spk_reset={reset!r}. '
            'x[n] (mA, per neuron) is passed as the update argument: 5 piecewise-constant segments of '
            '60 steps (levels in units of the threshold gap (V_th - V_rest)/R) plus a 0.3-gap sinusoid '
            'with a per-neuron period; where the level is 0 the input is exactly 0. '
            'Neuron 0 starts above threshold (reset happens at step 0). Neuron 2 starts exactly at '
            'rest with x = 0 for steps 0..59 and 120..179 (V stays exactly V_rest for steps 0..59: '
            f'{bool(at_rest)}). V0 = initial V state (before step 0); V, spike'
            + (', last_spike_time' if ref else '') + ' recorded after each update (shape (steps, N)).'
            + (' last_spike_time starts at -1e7 ms.' if ref else '')
            + ' All parameters were passed as arrays of the float dtype of the run.'))
        meta.update(model={'class': f'brainpy.state.{model}', 'N': N, 'params': params,
                           'spk_reset': reset, 'spk_fun': 'ReluGrad (default)'},
                    steps=steps, spk_reset=reset, t_check=t_ok,
                    arrays={'x': 'float (steps, N) mA', 'V0': 'float (N,) mV', 'V': 'float (steps, N) mV',
                            'spike': 'uint8 (steps, N) 0/1',
                            **({'last_spike_time': 'float (steps, N) ms'} if ref else {})},
                    spike_counts=counts.tolist())
        if rc is not None:
            meta['refractory_check'] = rc
        save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}', f'spikes per neuron {counts.tolist()}'))

    # -- 1b. every other neuron model ---------------------------------------------------------

    def _unit(self, name):
        u = self.u
        return {'ohm': u.ohm, 'ms': u.ms, 'mV': u.mV, 'mA': u.mA, 'uA': u.uA, 'S': u.siemens,
                'mS': u.msiemens, 'uF': u.ufarad, '1/ms': u.get_unit(1.0 / u.ms),
                '1/mV': u.get_unit(1.0 / u.mV), 'mV/ms': u.get_unit(1.0 * u.mV / u.ms), '1': None}[name]

    def _q(self, values, unit_name):
        return self.arr(values, self._unit(unit_name))

    def _plain(self, q, unit_name, name):
        """Quantity (or plain array) -> numpy mantissa in unit_name (asserted, never rescaled)."""
        unit = self._unit(unit_name)
        assert unit is not None or not isinstance(q, self.u.Quantity), f'{name}: {q}'
        return self.mant(q, unit, name)

    def _check_signature(self, cls, cfg):
        """Every numeric constructor parameter is in cfg['params'], in the unit of its default.
        Returns {param: default value (in that unit)} and the initializer defaults (repr)."""
        import inspect
        u = self.u
        defaults, init_defaults = {}, {}
        for pname, p in inspect.signature(cls.__init__).parameters.items():
            if pname in ('self', 'in_size', 'name', 'spk_fun', 'spk_reset', 'ref_var'):
                continue
            if pname.endswith('_initializer'):
                init_defaults[pname[:-len('_initializer')]] = repr(p.default)
                continue
            assert pname in cfg['params'], f'{cls.__name__}: parameter {pname} missing from the config'
            value, unit_name = cfg['params'][pname]
            d = p.default
            if isinstance(d, u.Quantity):
                assert u.get_unit(d) == self._unit(unit_name), f'{pname}: {u.get_unit(d)} vs {unit_name}'
                dm = float(np.asarray(d.mantissa))
            else:
                assert unit_name == '1' and isinstance(d, (int, float)), (pname, d)
                dm = float(d)
            defaults[pname] = dm
        extra = set(cfg['params']) - set(defaults)
        assert not extra, f'unknown parameters {extra}'
        for s in cfg['init']:
            assert s in init_defaults, f'{cls.__name__} has no {s}_initializer'
        for s in cfg['init_none']:
            assert init_defaults[s] == 'None', s
        return defaults, init_defaults

    def _ref_check(self, cfg, states, states0, spike_thr, lst, refr=None):
        """Refractory rule of spec 4.2 on the recorded traces, with the rounded t_n:
        held (V == V_reset value) <=> (t_n - last_spike_time_before) < tau_ref,
        last_spike_time updates where V' >= threshold, refractory state = held OR V' >= threshold."""
        ft = self.ftype
        V = states['V']
        steps, N = V.shape
        prm = {k: np.broadcast_to(np.asarray(v, dtype=np.float64).astype(ft), (N,))
               for k, (v, _) in cfg['params'].items() if k in ('V_th', 'V_reset', 'tau_ref', 'c')}
        t = np.arange(steps, dtype=ft) * ft(DT_MS)
        prevV = np.concatenate([states0['V'][None].astype(ft), V[:-1]])
        prevL = np.concatenate([np.full((1, N), -1e7, dtype=ft), lst[:-1]])
        if cfg['kind'] == 'gif':
            Th = np.concatenate([states0['V_th'][None].astype(ft), states['V_th'][:-1]])
            s = (((prevV - Th) / (Th - prm['V_reset'])) >= 0).astype(ft)
            theta = Th if cfg['spk_reset'] != 'hard' else prevV
            Vr = prevV - (theta - prm['V_reset']) * s
        elif cfg['kind'] == 'izh':
            s = ((prevV - prm['V_th']) / prm['V_th']) >= 0
            Vr = np.where(s, prm['c'], prevV)
        else:
            s = (((prevV - prm['V_th']) / (prm['V_th'] - prm['V_reset'])) >= 0).astype(ft)
            theta = prm['V_th'] if cfg['spk_reset'] != 'hard' else prevV
            Vr = prevV - (theta - prm['V_reset']) * s
        tau_ref = prm['tau_ref']
        plain = (t[:, None] - prevL) < tau_ref
        held = V == Vr
        near_end = (prevL > -1e6) & ((t[:, None] - prevL) < tau_ref + ft(1.5 * DT_MS))
        bad = int(np.sum(plain & ~held)) + int(np.sum(~plain & held & near_end))
        cond = V >= spike_thr
        bad_last = int(np.sum(lst != np.where(cond, t[:, None], prevL)))
        bad_refr = None if refr is None else int(np.sum(refr.astype(bool) != (plain | cond)))
        from fractions import Fraction
        dtq = Fraction(float(ft(DT_MS)))
        fma_differs = 0
        for n, k in zip(*np.nonzero((prevL > -1e6) & (np.abs(t[:, None] - prevL - tau_ref) < 1e-3))):
            exact = Fraction(int(n)) * dtq - Fraction(float(prevL[n, k]))
            fused = ft(float(exact))
            fma_differs += int(bool(fused < tau_ref[k]) != bool(plain[n, k]))
        res = {'held_steps': int(held[prevL > -1e6].sum()), 'refractory_steps_predicted': int(plain.sum()),
               'mismatches': bad, 'last_spike_time_mismatches': bad_last,
               'boundary_steps_where_fma_would_differ': fma_differs}
        if bad_refr is not None:
            res['refractory_state_mismatches'] = bad_refr
        assert bad == 0 and bad_last == 0 and not bad_refr, res
        return res

    def _run_model(self, cfg, spk_reset_override=None):
        bs, u, bp = self.bs, self.u, self.bp
        cls = getattr(bp.state, cfg['model'])
        N, steps = cfg['N'], cfg['steps']
        kw = {k: self._q(v, un) for k, (v, un) in cfg['params'].items()}
        for s, (v, un) in cfg['init'].items():
            kw[f'{s}_initializer'] = self._q(v, un)
        reset = spk_reset_override or cfg['spk_reset']
        if reset is not None:
            kw['spk_reset'] = reset
        if cfg['ref_var']:
            kw['ref_var'] = True
        pop = cls(N, **kw)
        bs.nn.init_all_states(pop)
        names = list(cfg['state_units'])
        states0 = {s: self._plain(getattr(pop, s).value, cfg['state_units'][s], s + '0') for s in names}
        in_unit = self._unit(cfg['in_unit'])
        delta = cfg['delta']
        d_unit = None if delta is None else self._unit(delta[1])
        withunit = lambda a, un: a if un is None else a * un   # noqa: E731

        def step(i, t, xi, *di):
            with bs.environ.context(i=i, t=t):
                if di:
                    pop.add_delta_input('delta', withunit(di[0], d_unit))
                spk = pop(withunit(xi, in_unit))
                rec = {s: getattr(pop, s).value for s in names}
                rec['spike'] = spk
                rec['t'] = t
                return rec

        xs = [self.jnp.asarray(cfg['x'].astype(self.ftype))]
        if delta is not None:
            xs.append(self.jnp.asarray(delta[0].astype(self.ftype)))
        rec = self.run_loop(step, steps, *xs)
        t_ok = self.check_t(self.mant(rec['t'], u.ms, 't'), steps)
        out = {s: self._plain(rec[s], cfg['state_units'][s], s) for s in names}
        spike = self.mant(rec['spike'], None, 'spike')
        assert set(np.unique(spike)) <= {0.0, 1.0}, np.unique(spike)
        return states0, out, spike.astype(np.uint8), t_ok

    @staticmethod
    def _state_units(cfg):
        """State name (brainpy attribute) -> unit name ('bool' for refractory), in the order the class
        creates them; also sets cfg['state_units'] (bool -> '1') for _run_model."""
        units = {}
        for s, (_, un) in cfg['init'].items():
            units[s] = un
        for s in cfg['init_none']:
            units[s] = '1'
        order = {'V': 0, 'w': 1, 'a': 1, 'u': 1, 'I1': 1, 'I2': 2, 'V_th': 3, 'g': 1, 'm': 1, 'h': 2,
                 'n': 3, 'W': 1, 'y': 1, 'z': 2}
        units = dict(sorted(units.items(), key=lambda kv: order[kv[0]]))
        if cfg['ref']:
            units['last_spike_time'] = 'ms'
            if cfg['ref_var']:
                units['refractory'] = 'bool'
        cfg['state_units'] = {s: ('1' if un == 'bool' else un) for s, un in units.items()}
        return units

    def neuron_model(self, name):
        _, model, variant = name.split('_')
        cfg = model_config(model, variant)
        cls = getattr(self.bp.state, model)
        N, steps = cfg['N'], cfg['steps']
        defaults, init_defaults = self._check_signature(cls, cfg)
        units = self._state_units(cfg)
        states0, rec, spike, t_ok = self._run_model(cfg)
        ft = self.ftype

        ignored = None
        if model in ('Izhikevich', 'IzhikevichRef') and variant == 'default':
            _, rec2, spike2, _ = self._run_model(cfg, spk_reset_override='soft')
            ignored = bool(all(np.array_equal(rec[s], rec2[s]) for s in rec) and np.array_equal(spike, spike2))
            assert ignored, 'Izhikevich should ignore spk_reset'

        arrays = {'x': cfg['x'].astype(ft)}
        if cfg['delta'] is not None:
            arrays['delta'] = cfg['delta'][0].astype(ft)
        for s in units:
            arrays[s + '0'] = states0[s].astype(np.uint8) if units[s] == 'bool' else states0[s]
        for s in units:
            arrays[s] = rec[s].astype(np.uint8) if units[s] == 'bool' else rec[s]
        arrays['spike'] = spike

        # -- checks
        finite = all(bool(np.all(np.isfinite(a))) for a in arrays.values() if a.dtype.kind == 'f')
        if variant != 'runaway':
            assert finite, f'{name}: non-finite values'
        counts = spike.sum(0)
        need = np.broadcast_to(np.asarray(cfg['min_spikes']), (N,))
        assert np.all(counts >= need), f'{name}: spikes per neuron {counts.tolist()} < {need.tolist()}'
        for s, (v, un) in cfg['init'].items():
            assert np.array_equal(states0[s], np.asarray(v, dtype=np.float64).astype(ft)), s

        def prm(k):
            return np.broadcast_to(np.asarray(cfg['params'][k][0], dtype=np.float64).astype(ft), (N,))

        # neuron 0 starts above threshold: reset-type models reset it at step 0 (no spike returned
        # unless it crosses again), rising-edge models return 0 at step 0
        V0 = states0['V']
        if cfg['kind'] == 'gif':
            above0 = (V0[0] - states0['V_th'][0]) / (states0['V_th'][0] - prm('V_reset')[0]) >= 0
        elif cfg['kind'] == 'if' and model.startswith('ALIF'):
            above0 = ((V0[0] - prm('V_th')[0] - prm('beta')[0] * states0['a'][0])
                      / (prm('V_th')[0] - prm('V_reset')[0]) >= 0)
        elif cfg['kind'] == 'if':
            above0 = (V0[0] - prm('V_th')[0]) / (prm('V_th')[0] - prm('V_reset')[0]) >= 0
        else:
            above0 = (V0[0] - prm('V_th')[0]) / prm('V_th')[0] >= 0
        assert above0, f'{name}: neuron 0 should start above threshold'
        if cfg['kind'] == 'none':
            assert spike[0, 0] == 0
        rc = None
        if cfg['ref']:
            thr = rec['V_th'] if cfg['kind'] == 'gif' else prm('V_th')
            rc = self._ref_check(cfg, rec, states0, thr, rec['last_spike_time'], rec.get('refractory'))
        maxV = float(np.max(np.abs(rec['V'].astype(np.float64))))

        # -- meta
        lab = lambda un: {'1': 'dimensionless', 'bool': 'bool (stored as uint8 0/1)'}.get(un, un)  # noqa
        params = {}
        for k, (v, un) in cfg['params'].items():
            params[k] = {**P(np.asarray(v) if np.ndim(v) else float(v), lab(un)), 'class_default': defaults[k],
                         'is_default': bool(np.ndim(v) == 0 and float(v) == defaults[k])}
        init_meta = {}
        for s in units:
            if s in cfg['init']:
                init_meta[s] = (f'{s}_initializer = array {s}0 ({N},) {lab(units[s])} (class default '
                                f'{init_defaults[s]})')
            elif s in cfg['init_none']:
                init_meta[s] = (f'{s}_initializer = None (the class default): steady state {s}_inf(V0) '
                                f'computed by the reference at init_state; stored as {s}0')
            elif s == 'last_spike_time':
                init_meta[s] = 'Constant(-1e7 ms) (fixed by the class)'
            elif s == 'refractory':
                init_meta[s] = 'Constant(False) (fixed by the class; the state exists because ref_var=True)'
        in_label = lab(cfg['in_unit'])
        arr_meta = {'x': f'float (steps, N) {in_label}, the update argument'}
        if cfg['delta'] is not None:
            arr_meta['delta'] = (f'float (steps, N) {lab(cfg["delta"][1])}, one-shot delta input '
                                 f'(added to {cfg["delta"][2]} after its integration)')
        for s in units:
            k = 'uint8 0/1' if units[s] == 'bool' else f'float {lab(units[s])}'
            arr_meta[s + '0'] = f'{k} (N,), initial value (before step 0)'
        for s in units:
            k = 'uint8 0/1' if units[s] == 'bool' else f'float {lab(units[s])}'
            arr_meta[s] = f'{k} (steps, N), after each update'
        arr_meta['spike'] = 'uint8 (steps, N) 0/1, the value update returned'
        reset = cfg['spk_reset'] or {'Izhikevich': 'hard', 'IzhikevichRef': 'hard'}.get(model, 'soft')
        if cfg['kind'] in ('if', 'gif'):
            reset_txt = f'spk_reset={reset!r}' + (' (class default)' if cfg['spk_reset'] is None else '')
        elif cfg['kind'] == 'izh':
            reset_txt = "spk_reset left at the class default 'hard' (ignored by the model: V is reset to c)"
        else:
            reset_txt = 'no reset (spk_reset unused); spike = rising edge of V across V_th'
        ref_txt = ''
        if cfg['ref']:
            ref_txt = (' Refractory rule (spec 4.2): every state is held at its post-reset value while '
                       '(t_n - last_spike_time) < tau_ref, with the rounded t_n (refractory_check: 0 '
                       'mismatches); last_spike_time starts at -1e7 ms and becomes t_n where V >= '
                       + ('the V_th state' if cfg['kind'] == 'gif' else 'V_th') + '.'
                       + (' ref_var=True: refractory = held OR V >= threshold.' if cfg['ref_var'] else
                          ' ref_var=False (no refractory state).'))
        desc = (f'Single brainpy.state.{model} population, N={N}, no projections, {steps} steps, variant '
                f'{variant!r}, {reset_txt}. x[n] ({in_label}, per neuron) is the update argument: '
                f'{cfg["x_desc"]}. Every state with an initializer starts from an explicit per-neuron array '
                'passed as that initializer' + (' (except the HH gates, see initializers)' if cfg['init_none']
                                                 else '')
                + '; initial values are stored as <state>0. States are recorded after each update under '
                'their brainpy attribute names. All parameters were passed as arrays of the float dtype of '
                'the run (scalars as 0-d arrays).' + ref_txt + ' ' + ' '.join(cfg['notes']))
        meta = self.base_meta(name, desc)
        meta['units'] = {'time': 'ms', 'input_x': in_label,
                         'states': {s: lab(units[s]) for s in units}}
        model_meta = {'class': f'brainpy.state.{model}', 'N': N, 'params': params,
                      'initializers': init_meta, 'spk_reset': reset,
                      'spk_reset_used_by_model': cfg['kind'] in ('if', 'gif'), 'spk_fun': 'ReluGrad (default)',
                      'state_names': list(units)}
        if cfg['ref']:
            model_meta['ref_var'] = bool(cfg['ref_var'])
        if model.startswith('Izhikevich'):
            model_meta['constants'] = {'p1': P(0.04, '1/(ms*mV)'), 'p2': P(5.0, '1/ms'),
                                       'p3': P(140.0, 'mV/ms')}
        inp = {'x': {'unit': in_label, 'passed_as': 'update argument: pop(x[n] * unit)',
                     'levels': cfg['x_levels'], 'sinusoid_rel_amplitude': cfg['x_rel_amp'],
                     'sinusoid_period_ms': PERIODS, 'description': cfg['x_desc']}}
        if cfg['delta'] is not None:
            inp['delta'] = {'unit': lab(cfg['delta'][1]), 'target_state': cfg['delta'][2],
                            'passed_as': ('pop.add_delta_input("delta", delta[n] * unit) right before the '
                                          'update of every step n (one-shot: popped after one use)'),
                            'schedule': cfg['delta_schedule']}
        meta.update(model=model_meta, model_name=model, variant=variant, spec_section=cfg['spec'],
                    steps=steps, spk_reset=reset, t_check=t_ok, input=inp, arrays=arr_meta,
                    spike_counts=counts.tolist(), max_abs_V=maxV, all_finite=finite,
                    neuron0_starts_above_threshold=True,
                    step_order=('1) delta variants: pop.add_delta_input("delta", delta[n]), 2) spike = '
                                'pop(x[n]) inside environ.context(i=n, t=t_n), 3) record every state and '
                                'spike'))
        if rc is not None:
            meta['refractory_check'] = rc
        if ignored is not None:
            meta['spk_reset_ignored_check'] = {'soft_run_identical_to_default_hard': ignored}
        save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}',
                             f'steps {steps:5d}  spikes {counts.tolist()}  max|V| {maxV:.4g}'))

    # -- 2. small explicit networks -----------------------------------------------------------

    def _net_definition(self, kind):
        rs = np.random.RandomState(2024)
        N, nE = 12, 8
        tau = np.round(rs.uniform(5.0, 12.0, N), 1)
        V0 = np.round(rs.uniform(-60.0, -50.5, N), 2)
        x = np.round(rs.uniform(14.0, 30.0, N), 2)
        x[[3, 9]] = [9.6, 9.8]                      # two neurons below rheobase (10 mA)
        mask = rs.rand(N, N) < 0.3
        np.fill_diagonal(mask, False)                # no autapses
        uE = rs.uniform(0.0, 1.0, (nE, N))
        uI = rs.uniform(0.0, 1.0, (N - nE, N))
        if kind == 'cuba':
            WE = np.round(0.5 + 2.5 * uE, 3)                      # mS -> mA per spike (CUBA 1 V)
            WI = -np.round(1.0 + 4.0 * uI, 3)
        else:
            WE = np.round(20.0 + 130.0 * uE, 1)                   # mS, COBA (x 1e-3 into mA)
            WI = np.round(50.0 + 350.0 * uI, 1)
        WE = np.where(mask[:nE], WE, 0.0)
        WI = np.where(mask[nE:], WI, 0.0)
        return dict(N=N, nE=nE, tau=tau, V0=V0, x=x, WE=WE, WI=WI)

    def _run_net(self, d, kind, reset, delays, steps, couple=True):
        bs, u, bp = self.bs, self.u, self.bp
        N, nE = d['N'], d['nE']
        pop = bp.state.LIFRef(
            N, R=self.arr(np.ones(N), u.ohm), tau=self.arr(d['tau'], u.ms),
            tau_ref=self.arr(np.full(N, 5.0), u.ms), V_th=self.arr(np.full(N, -50.0), u.mV),
            V_reset=self.arr(np.full(N, -60.0), u.mV), V_rest=self.arr(np.full(N, -60.0), u.mV),
            V_initializer=self.arr(d['V0'], u.mV), spk_reset=reset)
        f = 1.0 if couple else 0.0
        if kind == 'cuba':
            outE, outI = bp.state.CUBA.desc(), bp.state.CUBA.desc()
        else:
            outE, outI = bp.state.COBA.desc(E=0. * u.mV), bp.state.COBA.desc(E=-80. * u.mV)
        projE = bp.state.AlignPostProj(
            comm=bs.nn.Linear(nE, N, w_init=self.arr(f * d['WE'], u.mS), b_init=None),
            syn=bp.state.Expon.desc(N, tau=5. * u.ms), out=outE, post=pop, delay=delays[0])
        projI = bp.state.AlignPostProj(
            comm=bs.nn.Linear(N - nE, N, w_init=self.arr(f * d['WI'], u.mS), b_init=None),
            syn=bp.state.Expon.desc(N, tau=10. * u.ms), out=outI, post=pop, delay=delays[1])
        assert projE.syn is not projI.syn
        holder = bs.nn.Module()
        holder.pop, holder.projE, holder.projI = pop, projE, projI
        bs.nn.init_all_states(holder)
        V0_state = self.mant(pop.V.value, u.mV, 'V0')
        xin = self.arr(d['x'], u.mA)
        ft = bs.environ.dftype()

        def step(i, t):
            with bs.environ.context(i=i, t=t):
                spk = (pop.get_spike() != 0.).astype(ft)
                projE(spk[:nE])
                projI(spk[nE:])
                s = pop(xin)
                return {'V': pop.V.value, 'spike': s, 'last_spike_time': pop.last_spike_time.value,
                        'g_E': projE.syn.g.value, 'g_I': projI.syn.g.value, 't': t}

        rec = self.run_loop(step, steps)
        res = {'t_ok': self.check_t(self.mant(rec['t'], u.ms, 't'), steps), 'V0': V0_state}
        res['V'] = self.mant(rec['V'], u.mV, 'V')
        res['spike'] = self.mant(rec['spike'], None, 'spike').astype(np.uint8)
        res['last_spike_time'] = self.mant(rec['last_spike_time'], u.ms, 'last_spike_time')
        res['g_E'] = self.mant(rec['g_E'], u.mS, 'g_E')
        res['g_I'] = self.mant(rec['g_I'], u.mS, 'g_I')
        return res

    @staticmethod
    def _latency(spike, g, W, pre_slice, tau):
        """Find the step shift d such that g[n] = g[n-1]*exp(-dt/tau) + spike[n-1-d, pre] @ W.

        Returns (best d, its max abs error, error for each d in 0..8)."""
        s = spike[:, pre_slice].astype(np.float64)
        g = g.astype(np.float64)
        decay = np.exp(-DT_MS / tau)
        errs = []
        for d in range(9):
            inc = np.zeros_like(g)
            sh = 1 + d
            inc[sh:] = s[:-sh] @ W
            pred = np.empty_like(g)
            pred[0] = inc[0]
            pred[1:] = g[:-1] * decay + inc[1:]
            errs.append(float(np.max(np.abs(pred - g))))
        best = int(np.argmin(errs))
        return best, errs[best], errs

    def _delay_probe(self, delays_ms):
        """Response of brainpy.state InputDelay (what AlignPostProj(delay=...) uses) to an impulse."""
        bs, u, jnp = self.bs, self.u, self.jnp
        from brainpy.state.delay import InputDelay
        out = {}
        for dl in delays_ms:
            d = InputDelay(1, dl * u.ms)
            d.init_state()
            steps = u.maybe_decimal(u.math.asarray(dl * u.ms) / bs.environ.get_dt())
            ft = bs.environ.dftype()

            def f(i):
                return d.update(jnp.where(i == 2, 1.0, 0.0).astype(ft)[None])[0]

            resp = np.asarray(bs.transform.for_loop(f, np.arange(10)))
            out[f'{dl} ms'] = {'steps': repr(float(np.asarray(steps))),
                               'response_to_impulse_at_step_2': [repr(float(v)) for v in resp]}
        return out

    def net(self, name):
        kind = {'net_coba': 'coba', 'net_cuba': 'cuba', 'net_coba_delay': 'coba'}[name]
        reset = 'hard' if kind == 'cuba' else 'soft'
        steps = 400
        u = self.u
        delays = (0.3 * u.ms, 0.5 * u.ms) if name == 'net_coba_delay' else (None, None)
        delay_ms = (0.3, 0.5) if name == 'net_coba_delay' else (None, None)
        d = self._net_definition(kind)
        N, nE = d['N'], d['nE']
        res = self._run_net(d, kind, reset, delays, steps)
        base = self._run_net(d, kind, reset, delays, steps, couple=False)
        rc = self.check_refractory(res['V'], res['last_spike_time'], res['V0'], -50.0, -60.0, 5.0, reset)
        counts = res['spike'].sum(0)
        ft = self.ftype
        WE, WI = d['WE'].astype(ft), d['WI'].astype(ft)
        preE, postE = np.nonzero(WE)
        preI, postI = np.nonzero(WI)
        lat = {}
        for proj, W, sl, tau, dl in (('E', WE, slice(0, nE), 5.0, delay_ms[0]),
                                     ('I', WI, slice(nE, N), 10.0, delay_ms[1])):
            best, err, errs = self._latency(res['spike'], res['g_' + proj], W.astype(np.float64), sl, tau)
            gmax = float(np.max(np.abs(res['g_' + proj])))
            lat[proj] = {'delay_ms': dl, 'best_extra_steps': best,
                         'spike_to_g_latency_steps': best + 1,
                         'max_abs_err_mS': err, 'g_max_abs_mS': gmax,
                         'err_by_extra_steps_mS': [float('%.3g' % e) for e in errs]}
        diff = int(np.sum(res['spike'] != base['spike']))
        assert diff > 0, 'coupling must change the spike trains'
        arrays = {'x': d['x'].astype(ft), 'V0': res['V0'], 'tau': d['tau'].astype(ft),
                  'W_E': WE, 'W_I': WI,
                  'pre_E': preE.astype(np.int32), 'post_E': postE.astype(np.int32),
                  'weight_E': WE[preE, postE],
                  'pre_I': preI.astype(np.int32), 'post_I': postI.astype(np.int32),
                  'weight_I': WI[preI, postI],
                  'V': res['V'], 'spike': res['spike'], 'last_spike_time': res['last_spike_time'],
                  'g_E': res['g_E'], 'g_I': res['g_I'],
                  'spike_uncoupled': base['spike']}
        outdesc = ('COBA.desc(E=0 mV) / COBA.desc(E=-80 mV): I = g*(E - V) in mS*mV = uA, enters the '
                   'mA current sum x 1e-3' if kind == 'coba' else
                   'CUBA.desc() (scale = 1 V): I = g * 1 V, mS*V = mA (factor 1); inhibitory weights negative')
        delaytxt = ''
        probe = None
        if name == 'net_coba_delay':
            probe = self._delay_probe(delay_ms)
            delaytxt = (' Delays: AlignPostProj(delay=0.3 ms) on E and delay=0.5 ms on I (InputDelay on '
                        'the comm input). Observed (fit of g against the recorded spikes): a spike returned '
                        f'by update at step n reaches g_E at step n+{lat["E"]["spike_to_g_latency_steps"]} '
                        f'and g_I at step n+{lat["I"]["spike_to_g_latency_steps"]} (without delay: n+1), '
                        'i.e. delay d steps adds exactly d steps; see latency_check. InputDelay computes '
                        'steps = delay/dt in the run precision and linearly interpolates between floor and '
                        'ceil frames; input_delay_probe gives steps and the response to a unit impulse at '
                        'step 2 (in float64 0.3/0.1 = 2.9999999999999996, so the 0.3 ms delay delivers '
                        '0.9999999999999996 of the spike 3 steps late plus 4.4e-16 of it 2 steps late; in '
                        'float32 both delays are exact frame reads).')
        meta = self.base_meta(name, (
            f'12 LIFRef neurons (spk_reset={reset!r}), two recurrent AlignPostProj with explicit '
            'connectivity: E from neurons 0..7 to all 12 (Expon tau 5 ms), I from neurons 8..11 to all '
            f'12 (Expon tau 10 ms); out = {outdesc}. comm = brainstate.nn.Linear(n_pre, 12, '
            'w_init=W (mS), b_init=None) fed with the float 0/1 spike vector, i.e. input_j = '
            'sum_i spike_i * W[i, j] exactly. pre_* are row indices into W_* (local to the pre slice: '
            'global neuron = pre_I + 8 for I). Constant external input x (mA) per neuron. '
            'spike_uncoupled = the same run with all weights 0 (shows the coupling effect).' + delaytxt))
        meta.update(
            model={'neurons': {'class': 'brainpy.state.LIFRef', 'N': N, 'params': {
                'R': P(1.0, 'ohm'), 'tau': P(d['tau'], 'ms'), 'tau_ref': P(5.0, 'ms'),
                'V_th': P(-50.0, 'mV'), 'V_reset': P(-60.0, 'mV'), 'V_rest': P(-60.0, 'mV'),
                'V0': P(d['V0'], 'mV')}, 'spk_reset': reset},
                'external_input_x': P(d['x'], 'mA'),
                'projections': {
                    'E': {'pre': [0, nE], 'post': [0, N], 'comm': 'brainstate.nn.Linear(8, 12, w_init=W_E*mS, b_init=None)',
                          'syn': {'class': 'Expon', 'tau': P(5.0, 'ms')},
                          'out': {'class': 'COBA', 'E': P(0.0, 'mV')} if kind == 'coba' else
                          {'class': 'CUBA', 'scale': P(1.0, 'V')},
                          'delay': P(delay_ms[0], 'ms') if delay_ms[0] else None,
                          'weights': 'W_E (8, 12) mS, n_conn=%d' % len(preE)},
                    'I': {'pre': [nE, N], 'post': [0, N], 'comm': 'brainstate.nn.Linear(4, 12, w_init=W_I*mS, b_init=None)',
                          'syn': {'class': 'Expon', 'tau': P(10.0, 'ms')},
                          'out': {'class': 'COBA', 'E': P(-80.0, 'mV')} if kind == 'coba' else
                          {'class': 'CUBA', 'scale': P(1.0, 'V')},
                          'delay': P(delay_ms[1], 'ms') if delay_ms[1] else None,
                          'weights': 'W_I (4, 12) mS, n_conn=%d' % len(preI)}}},
            steps=steps, spk_reset=reset, t_check=res['t_ok'], latency_check=lat, refractory_check=rc,
            **({'input_delay_probe': probe} if probe else {}),
            spike_counts=counts.tolist(), spike_counts_uncoupled=base['spike'].sum(0).tolist(),
            n_spike_entries_differing_from_uncoupled=diff,
            arrays={'x': 'float (12,) mA constant per neuron', 'V0': 'float (12,) mV', 'tau': 'float (12,) ms',
                    'W_E': 'float (8, 12) mS dense', 'W_I': 'float (4, 12) mS dense',
                    'pre_E/post_E/weight_E': 'int32/int32/float (nE_conn,) mS, nonzero entries of W_E',
                    'pre_I/post_I/weight_I': 'int32/int32/float (nI_conn,) mS, nonzero entries of W_I',
                    'V': 'float (steps, 12) mV', 'spike': 'uint8 (steps, 12)',
                    'last_spike_time': 'float (steps, 12) ms', 'g_E': 'float (steps, 12) mS',
                    'g_I': 'float (steps, 12) mS', 'spike_uncoupled': 'uint8 (steps, 12)'})
        save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}',
                             f'spikes {counts.sum()} (uncoupled {base["spike"].sum()}), '
                             f'latency E {lat["E"]["spike_to_g_latency_steps"]} '
                             f'(err {lat["E"]["max_abs_err_mS"]:.2g}) I {lat["I"]["spike_to_g_latency_steps"]} '
                             f'(err {lat["I"]["max_abs_err_mS"]:.2g})'))

    def expon(self, name):
        bs, u, bp = self.bs, self.u, self.bp
        steps = 400
        nP, nQ = 4, 3
        taus = [2.0, 5.0, 8.5]
        labels = ['tau2', 'tau5', 'tau8_5']
        x_pre = np.array([12.0, 15.0, 20.0, 30.0])
        x_post = np.array([5.0, 8.0, 9.0])
        rs = np.random.RandomState(7)
        Ws = [np.round(rs.uniform(0.1, 1.0, (nP, nQ)), 3) for _ in taus]
        Ws[1][0, 1] = 0.0
        Ws[2][3, :] = -Ws[2][3, :]                    # one inhibitory row
        def lif(n):
            return bp.state.LIF(n, R=self.arr(np.ones(n), u.ohm), tau=self.arr(np.full(n, 5.0), u.ms),
                                V_th=self.arr(np.full(n, -50.0), u.mV), V_reset=self.arr(np.full(n, -60.0), u.mV),
                                V_rest=self.arr(np.full(n, -60.0), u.mV),
                                V_initializer=self.arr(np.full(n, -60.0), u.mV))
        pre, post = lif(nP), lif(nQ)
        projs = [bp.state.AlignPostProj(
            comm=bs.nn.Linear(nP, nQ, w_init=self.arr(W, u.mS), b_init=None),
            syn=bp.state.Expon.desc(nQ, tau=tau * u.ms), out=bp.state.CUBA.desc(), post=post)
            for W, tau in zip(Ws, taus)]
        assert len({id(p.syn) for p in projs}) == 3
        holder = bs.nn.Module()
        holder.pre, holder.post, holder.projs = pre, post, projs
        bs.nn.init_all_states(holder)
        ft = bs.environ.dftype()
        xp, xq = self.arr(x_pre, u.mA), self.arr(x_post, u.mA)

        def step(i, t):
            with bs.environ.context(i=i, t=t):
                spk = (pre.get_spike() != 0.).astype(ft)
                for p in projs:
                    p(spk)
                sp = pre(xp)
                sq = post(xq)
                rec = {'V_pre': pre.V.value, 'spike_pre': sp, 'V_post': post.V.value, 'spike_post': sq,
                       't': t}
                for lab, p in zip(labels, projs):
                    rec['g_' + lab] = p.syn.g.value
                return rec

        rec = self.run_loop(step, steps)
        t_ok = self.check_t(self.mant(rec['t'], u.ms, 't'), steps)
        arrays = {'x_pre': x_pre.astype(self.ftype), 'x_post': x_post.astype(self.ftype)}
        for lab, W in zip(labels, Ws):
            arrays['W_' + lab] = W.astype(self.ftype)
        arrays['V_pre'] = self.mant(rec['V_pre'], u.mV, 'V_pre')
        arrays['spike_pre'] = self.mant(rec['spike_pre'], None, 's').astype(np.uint8)
        arrays['V_post'] = self.mant(rec['V_post'], u.mV, 'V_post')
        arrays['spike_post'] = self.mant(rec['spike_post'], None, 's').astype(np.uint8)
        lat = {}
        for lab, W, tau in zip(labels, Ws, taus):
            g = self.mant(rec['g_' + lab], u.mS, 'g')
            arrays['g_' + lab] = g
            best, err, _ = self._latency(arrays['spike_pre'], g, W.astype(self.ftype).astype(np.float64),
                                         slice(0, nP), tau)
            lat[lab] = {'spike_to_g_latency_steps': best + 1, 'max_abs_err_mS': err}
        cp = arrays['spike_pre'].sum(0)
        cq = arrays['spike_post'].sum(0)
        meta = self.base_meta(name, (
            'Expon check: pre = LIF(4) driven by constant x_pre (different rates), post = LIF(3) with '
            'constant x_post; three AlignPostProj pre->post with comm = brainstate.nn.Linear(4, 3, '
            'w_init=W_<label> mS, b_init=None) fed the float 0/1 pre spike vector of the previous step, '
            'syn = Expon.desc(3, tau=2 / 5 / 8.5 ms) (three distinct synapses, no merging), '
            'out = CUBA.desc() (g * 1 V -> mA). Step: spikes = pre.get_spike() != 0; the three '
            'projections (tau2, tau5, tau8_5 in this order); pre(x_pre); post(x_post). Both LIF '
            'populations: R 1 ohm, tau 5 ms, V_th -50, V_reset -60, V_rest -60 mV, V0 -60 mV, soft reset.'))
        meta.update(
            model={'pre': {'class': 'brainpy.state.LIF', 'N': nP}, 'post': {'class': 'brainpy.state.LIF', 'N': nQ},
                   'params': {'R': P(1.0, 'ohm'), 'tau': P(5.0, 'ms'), 'V_th': P(-50.0, 'mV'),
                              'V_reset': P(-60.0, 'mV'), 'V_rest': P(-60.0, 'mV'), 'V0': P(-60.0, 'mV')},
                   'x_pre': P(x_pre, 'mA'), 'x_post': P(x_post, 'mA'),
                   'projections': {lab: {'syn': {'class': 'Expon', 'tau': P(tau, 'ms')},
                                         'out': {'class': 'CUBA', 'scale': P(1.0, 'V')},
                                         'W': P(W, 'mS')} for lab, W, tau in zip(labels, Ws, taus)}},
            steps=steps, spk_reset='soft', t_check=t_ok, latency_check=lat,
            spike_counts_pre=cp.tolist(), spike_counts_post=cq.tolist(),
            arrays={'x_pre': 'float (4,) mA', 'x_post': 'float (3,) mA', 'W_<label>': 'float (4, 3) mS',
                    'V_pre': 'float (steps, 4) mV', 'spike_pre': 'uint8 (steps, 4)',
                    'V_post': 'float (steps, 3) mV', 'spike_post': 'uint8 (steps, 3)',
                    'g_<label>': 'float (steps, 3) mS, label in tau2, tau5, tau8_5'})
        save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}', f'pre spikes {cp.tolist()} post spikes {cq.tolist()}'))

    # -- 3. EventFixedProb indices ------------------------------------------------------------

    CASES = [  # (seed, n_pre, n_post, conn_num)
        (1, 3200, 4000, 0.02),        # = coba E projection
        (2, 800, 4000, 0.02),         # = coba I projection
        (7, 50, 37, 0.1),
        (11, 10, 10, 0.35),
        (5, 7, 100, 0.29),
        (123, 20, 1000, 5),
        (0, 800, 4000, 80),
        (4294967295, 16, 1024, 0.5),  # largest seed, power-of-two n_post (no rejections)
        (99, 5, 1, 3),                # n_post = 1: every index is 0
    ]

    def eventfixedprob_indices(self, name):
        bs, u = self.bs, self.u
        arrays, cases = {}, []
        all_match = True
        for k, (seed, n_pre, n_post, conn_num) in enumerate(self.CASES):
            comm = bs.nn.EventFixedProb(n_pre, n_post, conn_num, 0.6 * u.mS, seed=seed)
            idx = np.asarray(comm.conn.indices)
            K = comm.conn_num
            K_expected = int(n_post * conn_num) if isinstance(conn_num, float) else conn_num
            ref = np.random.RandomState(seed).randint(0, n_post, size=(n_pre, K))
            match = idx.shape == (n_pre, K) and np.array_equal(idx, ref) and K == K_expected
            all_match &= bool(match)
            arrays[f'indices_{k}'] = idx.astype(np.int32)
            cases.append({'k': k, 'seed': seed, 'n_pre': n_pre, 'n_post': n_post,
                          'conn_num': conn_num, 'conn_num_type': type(conn_num).__name__, 'K': K,
                          'shape': [n_pre, K], 'numpy_randint_matches': bool(match)})
        assert all_match
        meta = self.base_meta(name, (
            'Index matrices of brainstate.nn.EventFixedProb(n_pre, n_post, conn_num, conn_weight, '
            'seed=seed) (attribute comm.conn.indices, a brainevent.FixedNumPerPre; efferent_target=post, '
            'allow_multi_conn=True): indices_<k>[i, :] = the K post targets of pre neuron i. K = '
            'int(n_post * conn_num) for a float probability, conn_num for an int. Each was checked to '
            'equal numpy.random.RandomState(seed).randint(0, n_post, size=(n_pre, K)). Cases 0 and 1 '
            'are exactly the E and I connectivity of coba_example / coba_brette (seed_E=1, seed_I=2).'))
        meta.update(cases=cases, numpy_randint_matches_all=bool(all_match),
                    arrays={'indices_<k>': 'int32 (n_pre, K)'})
        path = os.path.join(self.outdir, f'{name}.npz')
        save_npz(path, meta, arrays)
        self.summary.append((name, f'{len(cases)} cases, numpy RandomState.randint matches: {all_match}'))

    # -- 4/5. COBA network of example 103 -----------------------------------------------------

    def _coba_net(self, scale, seed_E, seed_I, seed_V):
        bs, u, bp, bt = self.bs, self.u, self.bp, self.bt

        class EINet(bs.nn.Module):
            def __init__(self):
                super().__init__()
                self.n_exc = 3200
                self.n_inh = 800
                self.num = 4000
                self.N = bp.state.LIFRef(
                    self.num, V_rest=-60. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV,
                    tau=20. * u.ms, tau_ref=5. * u.ms,
                    V_initializer=bt.init.Normal(-55., 2., unit=u.mV))
                self.E = bp.state.AlignPostProj(
                    comm=bs.nn.EventFixedProb(self.n_exc, self.num, conn_num=0.02,
                                              conn_weight=0.6 * scale * u.mS, seed=seed_E),
                    syn=bp.state.Expon.desc(self.num, tau=5. * u.ms),
                    out=bp.state.COBA.desc(E=0. * u.mV), post=self.N)
                self.I = bp.state.AlignPostProj(
                    comm=bs.nn.EventFixedProb(self.n_inh, self.num, conn_num=0.02,
                                              conn_weight=6.7 * scale * u.mS, seed=seed_I),
                    syn=bp.state.Expon.desc(self.num, tau=10. * u.ms),
                    out=bp.state.COBA.desc(E=-80. * u.mV), post=self.N)

            def update(self, i, t, inp):
                with bs.environ.context(i=i, t=t):
                    spk = self.N.get_spike() != 0.
                    self.E(spk[:self.n_exc])
                    self.I(spk[self.n_exc:])
                    self.N(inp)
                    return self.N.get_spike()

        net = EINet()
        bs.random.seed(seed_V)
        bs.nn.init_all_states(net)
        return net

    def _coba_run(self, net, seed_V, steps=10000, timed=False):
        bs, u = self.bs, self.u
        idx = np.arange(steps, dtype=np.int32 if self.precision == 32 else np.int64)
        times = self.times(steps)

        @bs.transform.jit
        def run():
            return bs.transform.for_loop(lambda i, t: net.update(i, t, 20. * u.mA), idx, times)

        V0 = self.mant(net.N.V.value, u.mV, 'V0')
        t0 = time.perf_counter()
        spk = np.asarray(self.jax.block_until_ready(run()))
        t1 = time.perf_counter()
        wall = None
        if timed:
            # steady state: second call of the compiled function (states reset first)
            # (calls 2, 3 and 4; the median is reported)
            later, same = [], True
            for _ in range(3):
                bs.random.seed(seed_V)
                bs.nn.reset_all_states(net)
                assert np.array_equal(self.mant(net.N.V.value, u.mV, 'V0'), V0)
                t2 = time.perf_counter()
                spk2 = np.asarray(self.jax.block_until_ready(run()))
                later.append(time.perf_counter() - t2)
                same &= bool(np.array_equal(spk, spk2))
            wall = {'first_call_s': t1 - t0, 'later_calls_s': later,
                    'steady_s_per_simulated_s': float(np.median(later)) / (steps * DT_MS * 1e-3),
                    'later_calls_identical_spikes': same}
        assert spk.dtype == self.ftype
        return V0, spk, wall

    def _rates(self, spk):
        sim_s = spk.shape[0] * DT_MS * 1e-3
        nE = int(np.count_nonzero(spk[:, :3200]))
        nI = int(np.count_nonzero(spk[:, 3200:]))
        return nE / 3200 / sim_s, nI / 800 / sim_s

    def coba(self, name):
        scale = {'coba_example': 1.0, 'coba_brette': 1000.0}[name]
        seed_E, seed_I, seed_V = RATE_SEEDS[0]
        net = self._coba_net(scale, seed_E, seed_I, seed_V)
        V0, spk, _ = self._coba_run(net, seed_V)
        steps = spk.shape[0]
        st, si = np.nonzero(spk)
        rE, rI = self._rates(spk)
        wE, wI = 0.6 * scale, 6.7 * scale
        meta = self.base_meta(name, (
            'brainpy.state example 103 (COBA E/I network) with explicit seeds: 4000 LIFRef (3200 E, '
            '800 I), EventFixedProb(3200|800 -> 4000, conn_num=0.02 (K=80), conn_weight=w, seed=seed_E|'
            'seed_I), Expon 5 / 10 ms, COBA E=0 / -80 mV, constant input 20 mA, 1000 ms. Initial V '
            'drawn by braintools.init.Normal(-55, 2, unit=mV) at init_all_states right after '
            'brainstate.random.seed(seed_V) (stored as V0, in the run precision). The parameters are '
            'the Python scalars of the example. The spike train is stored as events sorted by step '
            'then neuron: spike_step[k] = step n (0-based, spike returned by the update of step n), '
            'spike_index[k] = neuron (0..3199 E, 3200..3999 I). Connectivity: '
            'numpy.random.RandomState(seed).randint(0, 4000, size=(n_pre, 80)) (see '
            'eventfixedprob_indices cases 0/1).'))
        meta.update(
            model={'N': 4000, 'n_exc': 3200, 'n_inh': 800,
                   'neurons': {'class': 'brainpy.state.LIFRef', 'params': {
                       'V_rest': P(-60.0, 'mV'), 'V_th': P(-50.0, 'mV'), 'V_reset': P(-60.0, 'mV'),
                       'tau': P(20.0, 'ms'), 'tau_ref': P(5.0, 'ms'), 'R': P(1.0, 'ohm'),
                       'V_initializer': 'Normal(mean=-55 mV, std=2 mV)'}, 'spk_reset': 'soft'},
                   'input': P(20.0, 'mA'),
                   'projections': {
                       'E': {'comm': 'EventFixedProb(3200, 4000, conn_num=0.02, seed=seed_E)', 'K': 80,
                             'conn_weight': P(wE, 'mS'), 'syn': {'class': 'Expon', 'tau': P(5.0, 'ms')},
                             'out': {'class': 'COBA', 'E': P(0.0, 'mV')}},
                       'I': {'comm': 'EventFixedProb(800, 4000, conn_num=0.02, seed=seed_I)', 'K': 80,
                             'conn_weight': P(wI, 'mS'), 'syn': {'class': 'Expon', 'tau': P(10.0, 'ms')},
                             'out': {'class': 'COBA', 'E': P(-80.0, 'mV')}}}},
            steps=steps, spk_reset='soft', seed_E=seed_E, seed_I=seed_I, seed_V=seed_V,
            n_spikes=int(st.size), rate_E_Hz=rE, rate_I_Hz=rI,
            arrays={'V0': 'float (4000,) mV', 'seed_E/seed_I/seed_V': 'int64 scalar',
                    'spike_step': 'int32 (n_spikes,)', 'spike_index': 'int16 (n_spikes,)'})
        arrays = {'V0': V0, 'seed_E': np.int64(seed_E), 'seed_I': np.int64(seed_I),
                  'seed_V': np.int64(seed_V), 'spike_step': st.astype(np.int32),
                  'spike_index': si.astype(np.int16)}
        save_npz(self.out(name), meta, arrays)
        self.summary.append((f'{name}_f{self.precision}',
                             f'{st.size} spikes, E {rE:.3f} Hz, I {rI:.3f} Hz'))

    def coba_rates(self, name):
        res = {'seeds': np.array(RATE_SEEDS, dtype=np.int64)}
        wall = {}
        for regime, scale in (('example', 1.0), ('brette', 1000.0)):
            rE, rI = [], []
            for k, (sE, sI, sV) in enumerate(RATE_SEEDS):
                net = self._coba_net(scale, sE, sI, sV)
                _, spk, w = self._coba_run(net, sV, timed=(k == 0))
                if w is not None:
                    wall[regime] = w
                a, b = self._rates(spk)
                rE.append(a)
                rI.append(b)
                print(f'  [f{self.precision}] {regime} seeds {(sE, sI, sV)}: E {a:.3f} Hz I {b:.3f} Hz',
                      flush=True)
            res[f'{regime}_E_rate'] = np.array(rE)
            res[f'{regime}_I_rate'] = np.array(rI)
        np.savez(os.path.join(self.tmpdir, f'rates_f{self.precision}.npz'), **res)
        with open(os.path.join(self.tmpdir, f'wall_f{self.precision}.json'), 'w') as fh:
            json.dump({'wall': wall, 'versions': self.versions}, fh)

    def make(self, name):
        """Write one fixture (the name-to-method dispatch of this generator)."""
        if name in NEURON_FIXTURES:
            self.neuron(name)
        elif name in MODEL_FIXTURES:
            self.neuron_model(name)
        elif name == 'expon':
            self.expon(name)
        elif name in NET_FIXTURES:
            self.net(name)
        elif name in COBA_FIXTURES:
            self.coba(name)
        elif name == 'eventfixedprob_indices':
            self.eventfixedprob_indices(name)
        elif name == 'coba_rates':
            self.coba_rates(name)
        elif name == 'inputs_signals':
            inputs_fixtures.signals(self, name)
        elif name == 'inputs_stats':
            inputs_fixtures.stats(self, name)
        else:
            raise ValueError(name)

    def run(self, names):
        """make() every name, timing each, then leave the summary for the parent process."""
        for name in names:
            t0 = time.perf_counter()
            self.make(name)
            print(f'[f{self.precision}] {name} done in {time.perf_counter() - t0:.1f} s', flush=True)
        with open(os.path.join(self.tmpdir, f'summary_f{self.precision}.json'), 'w') as fh:
            json.dump(self.summary, fh)


# ----------------------------------------------------------------------------------------------
# orchestration
# ----------------------------------------------------------------------------------------------

def merge_rates(outdir, tmpdir, precisions):
    arrays, meta_rates = {}, {}
    walls, versions = {}, None
    for p in precisions:
        r = np.load(os.path.join(tmpdir, f'rates_f{p}.npz'))
        with open(os.path.join(tmpdir, f'wall_f{p}.json')) as fh:
            w = json.load(fh)
        walls[f'f{p}'] = w['wall']
        versions = w['versions']
        suffix = '' if p == 32 else '_f64'
        arrays['seeds'] = r['seeds']
        for key in ('example_E_rate', 'example_I_rate', 'brette_E_rate', 'brette_I_rate'):
            v = r[key]
            arrays[key + suffix] = v
            meta_rates[key + suffix] = {'mean': float(v.mean()), 'sd': float(v.std(ddof=1)),
                                        'min': float(v.min()), 'max': float(v.max()), 'unit': 'Hz'}
    wall_per_s = {f'f{p}_{regime}': walls[f'f{p}'][regime]['steady_s_per_simulated_s']
                  for p in precisions for regime in ('example', 'brette')}
    meta = {
        'name': 'coba_rates',
        'description': (
            'Mean firing rates (Hz, spikes / neurons / 1 s) of the E (0..3199) and I (3200..3999) '
            'populations of the example-103 COBA network (see coba_example/coba_brette) over 1000 ms '
            '(10000 steps, dt 0.1 ms) for several seed triples. seeds[k] = (seed_E, seed_I, seed_V); '
            'example_* = weights 0.6 / 6.7 mS, brette_* = 600 / 6700 mS. Arrays without suffix are '
            'float32 runs, *_f64 float64 runs (the float64 V0 draws differ from the float32 ones). '
            'sd is the sample sd (ddof=1). wall_time: steady-state wall-clock seconds of the '
            'reference for one simulated second (10000 steps of 4000 neurons, jit-compiled '
            'for_loop, compile excluded = median of calls 2-4 of the same compiled function, states reset '
            'before each), measured on this machine.'),
        'dt_ms': DT_MS, 'steps': 10000, 'precision': list(precisions), 'spk_reset': 'soft',
        'versions': versions, 'rates': meta_rates,
        'wall_time_s_per_simulated_s': wall_per_s,
        'wall_time_detail': walls,
        'machine': {'cpu_count': os.cpu_count(), 'platform': platform.platform(),
                    'processor': _cpu_model()},
        'arrays': {'seeds': 'int64 (n_seeds, 3) (seed_E, seed_I, seed_V)',
                   '<regime>_<E|I>_rate[_f64]': 'float64 (n_seeds,) Hz'},
    }
    save_npz(os.path.join(outdir, 'coba_rates.npz'), meta, arrays)
    return meta


def _cpu_model():
    try:
        with open('/proc/cpuinfo') as fh:
            for line in fh:
                if line.startswith('model name'):
                    return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def select_fixtures(only, known, ap):
    """The fixtures --only names (comma-separated names or shell patterns such as 'neuron_HH_*'), in
    order and without repeats; all of `known` when only is None. An unknown name is a usage error."""
    if only is None:
        return list(known)
    names = []
    for pattern in (n.strip() for n in only.split(',') if n.strip()):
        hits = [f for f in known if fnmatch.fnmatchcase(f, pattern)]
        if not hits:
            ap.error(f'unknown fixture {pattern!r}; known: {", ".join(known)}')
        names += [f for f in hits if f not in names]
    return names


def command_line(doc, precision_help=None, outdir=DEFAULT_OUT):
    """The parser every generator shares: --only (comma-separated names or shell patterns),
    --precision, --outdir, and the hidden --worker/--tmpdir of the child processes."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--only', default=None, help='comma-separated fixture names or shell patterns (default: all)')
    ap.add_argument('--precision', type=int, choices=(32, 64), default=None, help=precision_help)
    ap.add_argument('--outdir', default=outdir)
    ap.add_argument('--worker', action='store_true', help=argparse.SUPPRESS)
    ap.add_argument('--tmpdir', default=None, help=argparse.SUPPRESS)
    return ap


def secondary_main(doc, script, known, worker_class, outdir=DEFAULT_OUT, precisions=(32, 64), plan=None,
                   files=None, precision_help=None):
    """The command line of a generator built on this one's Worker (generate_projections.py,
    generate_junctions.py, generate_training.py): --only names or patterns, --precision, --outdir;
    one child process per precision (the worker mode runs `worker_class(precision, outdir,
    tmpdir).run(names)`, which writes summary_f<p>.json), then the summary and the size of the
    files written.  plan(p, names) picks the names a precision runs (default: all of them);
    files(outdir, names, precisions) lists the files to size (default: <name>_f<p>.npz)."""
    ap = command_line(doc, precision_help=precision_help, outdir=outdir)
    args = ap.parse_args()
    names = select_fixtures(args.only, known, ap)
    os.makedirs(args.outdir, exist_ok=True)
    if args.worker:
        worker_class(args.precision, args.outdir, args.tmpdir).run(names)
        return
    precisions = list(precisions) if args.precision is None else [args.precision]
    t0 = time.perf_counter()
    summary = []
    with tempfile.TemporaryDirectory() as tmpdir:
        for p in precisions:
            todo = names if plan is None else plan(p, names)
            if not todo:
                continue
            cmd = [sys.executable, os.path.abspath(script), '--worker', '--precision', str(p),
                   '--outdir', args.outdir, '--tmpdir', tmpdir, '--only', ','.join(todo)]
            print(f'== float{p} worker: {len(todo)} fixtures', flush=True)
            subprocess.run(cmd, check=True)
            with open(os.path.join(tmpdir, f'summary_f{p}.json')) as fh:
                summary += json.load(fh)
    print('\n== summary')
    width = max([1] + [len(f) for f, _ in summary])
    for fname, text in summary:
        print(f'  {fname:{width}s} {text}')
    written = ([f'{n}_f{p}.npz' for n in names for p in precisions] if files is None
               else files(args.outdir, names, precisions))
    total = sum(os.path.getsize(os.path.join(args.outdir, f)) for f in written)
    print(f'\n== {len(written)} files, {total / 1024:.1f} KiB ({time.perf_counter() - t0:.0f} s)')


def main():
    ap = command_line(__doc__, precision_help='restrict per-precision fixtures to one precision')
    args = ap.parse_args()

    names = select_fixtures(args.only, ALL_FIXTURES, ap)
    os.makedirs(args.outdir, exist_ok=True)

    if args.worker:
        Worker(args.precision, args.outdir, args.tmpdir).run(names)
        return

    precisions = [32, 64] if args.precision is None else [args.precision]
    t_start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmpdir:
        for p in precisions:
            todo = [n for n in names if n in PER_PRECISION or n == 'coba_rates'
                    or (n == 'eventfixedprob_indices' and p == precisions[0])
                    or (n == 'inputs_stats' and p == 32)]
            if not todo:
                continue
            cmd = [sys.executable, os.path.abspath(__file__), '--worker', '--precision', str(p),
                   '--outdir', args.outdir, '--tmpdir', tmpdir, '--only', ','.join(todo)]
            print(f'== float{p} worker: {", ".join(todo)}', flush=True)
            subprocess.run(cmd, check=True)
        summary = []
        for p in precisions:
            f = os.path.join(tmpdir, f'summary_f{p}.json')
            if os.path.exists(f):
                with open(f) as fh:
                    summary += json.load(fh)
        rates_meta = merge_rates(args.outdir, tmpdir, precisions) if 'coba_rates' in names else None

    print('\n== summary')
    width = max([28] + [len(f) for f, _ in summary])
    for fname, text in summary:
        print(f'  {fname:{width}s} {text}')
    if rates_meta is not None:
        print('  coba_rates (mean ± sd over %d seed triples):' % len(RATE_SEEDS))
        for k, v in rates_meta['rates'].items():
            print(f'    {k:22s} {v["mean"]:8.3f} ± {v["sd"]:.3f} Hz')
        for k, v in rates_meta['wall_time_s_per_simulated_s'].items():
            print(f'    wall time {k:12s} {v:.3f} s per simulated second')
    print('\n== files')
    total = 0
    for f in sorted(os.listdir(args.outdir)):
        if f.endswith('.npz'):
            s = os.path.getsize(os.path.join(args.outdir, f))
            total += s
            print(f'  {f:32s} {s / 1024:9.1f} KiB')
    print(f'  {"total":32s} {total / 1024:9.1f} KiB   ({time.perf_counter() - t_start:.0f} s)')


if __name__ == '__main__':
    main()
