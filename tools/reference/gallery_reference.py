#!/usr/bin/env python3
"""The statistics brainpy.state 2.9.0 gives for the networks of the gallery (examples/python), written
to fixtures/reference/gallery_stats.json. The gallery scripts print them next to their own, and
bindings/python/tests/test_gallery.py checks ours against them.

Each network is built here from brainpy.state's own classes with the parameters of the matching
gallery script (EI-net 1996 and CUBA 2005 are brainpy.state's examples 102 and 104 as published;
COBA-HH 2007 and the gamma network are the gallery's built-in-model versions of examples 106 and 107,
see those scripts). The statistics are computed by the same functions the gallery uses
(examples/python/gallery.py). Connectivity and initial states are drawn by the reference's own
generators, so our runs agree statistically, not bit for bit.

    .venv-ref/bin/python tools/reference/gallery_reference.py [--only ei_net_1996,cuba_2005]
"""

import argparse
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(REPO, 'examples', 'python'))

import numpy as np  # noqa: E402

import brainstate  # noqa: E402
import braintools  # noqa: E402
import brainunit as u  # noqa: E402
import brainpy.state as bps  # noqa: E402

from gallery import isi_cv, peak_frequency, population_rate, rate_hz, synchrony  # noqa: E402

SEED = 42


def run(net, step, n_steps, dt):
    """for_loop over the steps, with environ i and t set as brainpy.state's examples do."""
    brainstate.nn.init_all_states(net)
    times = u.math.arange(n_steps) * dt

    def body(i, t):
        with brainstate.environ.context(i=i, t=t):
            return step()

    return np.asarray(brainstate.transform.for_loop(body, np.arange(n_steps), times))


def ei_stats(net, n_exc, drive, setup):
    """Run an E/I example's step (projections from the last spikes, then the neurons with a constant
    drive) for 1000 ms and return its rates and ISI CV."""
    def step():
        spk = net.N.get_spike() != 0.
        net.E(spk[:n_exc])
        net.I(spk[n_exc:])
        net.N(drive)
        return net.N.get_spike() != 0.

    steps, neurons = np.nonzero(run(net, step, 10000, 0.1 * u.ms))
    num = net.N.varshape[0]
    return {'setup': setup, 'E_rate_Hz': rate_hz(neurons, 0, n_exc, 1.),
            'I_rate_Hz': rate_hz(neurons, n_exc, num, 1.), 'isi_cv': isi_cv(steps, neurons, 0.1)}


def ei_net_1996():
    """brainpy.state example 102 (the van Vreeswijk-Sompolinsky balanced network)."""
    n_exc = n_inh = 500
    num, prob = n_exc + n_inh, 0.1
    JE = float(1. / np.sqrt(prob * n_exc)) * u.mS
    JI = float(-1. / np.sqrt(prob * n_inh)) * u.mS
    net = brainstate.nn.Module()
    net.N = bps.LIF(num, V_rest=-52. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=10. * u.ms,
                    V_initializer=braintools.init.Normal(-60. * u.mV, 10. * u.mV), spk_reset='soft')
    net.E = bps.AlignPostProj(comm=brainstate.nn.EventFixedProb(n_exc, num, prob, JE),
                              syn=bps.Expon.desc(num, tau=2. * u.ms), out=bps.CUBA.desc(), post=net.N)
    net.I = bps.AlignPostProj(comm=brainstate.nn.EventFixedProb(n_inh, num, prob, JI),
                              syn=bps.Expon.desc(num, tau=2. * u.ms), out=bps.CUBA.desc(), post=net.N)
    return ei_stats(net, n_exc, 3. * u.mA, 'example 102, 1000 ms')


def cuba_2005():
    """brainpy.state example 104 (Vogels-Abbott CUBA)."""
    n_exc, n_inh = 3200, 800
    num = n_exc + n_inh
    net = brainstate.nn.Module()
    net.N = bps.LIFRef(num, V_rest=-49. * u.mV, V_th=-50. * u.mV, V_reset=-60. * u.mV, tau=20. * u.ms,
                       tau_ref=5. * u.ms, V_initializer=braintools.init.Normal(-55. * u.mV, 2. * u.mV))
    net.E = bps.AlignPostProj(comm=brainstate.nn.EventFixedProb(n_exc, num, conn_num=0.02, conn_weight=1.62 * u.mS),
                              syn=bps.Expon.desc(num, tau=5. * u.ms), out=bps.CUBA.desc(scale=u.volt), post=net.N)
    net.I = bps.AlignPostProj(comm=brainstate.nn.EventFixedProb(n_inh, num, conn_num=0.02, conn_weight=-9.0 * u.mS),
                              syn=bps.Expon.desc(num, tau=10. * u.ms), out=bps.CUBA.desc(scale=u.volt), post=net.N)
    return ei_stats(net, n_exc, 20. * u.mA, 'example 104, 1000 ms')


def coba_hh_2007():
    """The gallery's COBA-HH network: example 106's E/I network on brainpy.state.HH (see
    examples/python/coba_hh_2007.py). Spikes are what HH.update returns (the upward crossing)."""
    n_exc, n_inh = 3200, 800
    num = n_exc + n_inh
    area = 20000e-8
    rng = np.random.RandomState(SEED)
    v0 = -60. + rng.randn(num) * 5. - 5.
    i_ext = 6.5 + rng.randn(num) * 1.
    net = brainstate.nn.Module()
    net.N = bps.HH(num, V_initializer=v0 * u.mV)
    net.E = bps.AlignPostProj(
        comm=brainstate.nn.EventFixedProb(n_exc, num, conn_num=0.02, conn_weight=(6e-6 / area) * u.mS),
        syn=bps.Expon.desc(num, tau=5. * u.ms), out=bps.COBA.desc(E=0. * u.mV), post=net.N)
    net.I = bps.AlignPostProj(
        comm=brainstate.nn.EventFixedProb(n_inh, num, conn_num=0.02, conn_weight=(67e-6 / area) * u.mS),
        syn=bps.Expon.desc(num, tau=10. * u.ms), out=bps.COBA.desc(E=-80. * u.mV), post=net.N)
    net.spk = brainstate.ShortTermState(np.zeros(num, dtype=bool))
    inp = i_ext.astype(np.float32) * u.uA

    def step():
        spk = net.spk.value
        net.E(spk[:n_exc])
        net.I(spk[n_exc:])
        net.spk.value = net.N(inp) != 0.
        return net.spk.value

    n_steps = int(round(300. / 0.04))
    with brainstate.environ.context(dt=0.04 * u.ms):
        steps, neurons = np.nonzero(run(net, step, n_steps, 0.04 * u.ms))
    return {'setup': 'gallery network on brainpy.state.HH, 300 ms', 'E_rate_Hz': rate_hz(neurons, 0, n_exc, 0.3),
            'I_rate_Hz': rate_hz(neurons, n_exc, num, 0.3), 'isi_cv': isi_cv(steps, neurons, 0.04)}


def gamma_oscillation_1996():
    """The gallery's gamma network: WangBuzsakiHH with a GABAa per presynaptic neuron (the align-pre
    idiom of spec §5.6: the synapse steps after the neurons, the CurrentProj reads it before), an
    AllToAll without self-connections and a COBA output."""
    num = 100
    rng = np.random.RandomState(SEED)
    v0 = -70. + rng.randn(num) * 20.
    net = brainstate.nn.Module()
    net.N = bps.WangBuzsakiHH(num, V_initializer=v0 * u.mV, h_initializer=braintools.init.Constant(0.6),
                              n_initializer=braintools.init.Constant(0.3))
    net.syn = bps.GABAa(num, alpha=12. / (u.ms * u.mM), beta=0.1 / u.ms, g_initializer=braintools.init.Constant(0.))
    net.proj = bps.CurrentProj(
        net.syn.prefetch('g'),
        comm=brainstate.nn.AllToAll(num, num, include_self=False, w_init=0.1 / num * u.mS),
        out=bps.COBA(E=-75. * u.mV), post=net.N)

    def step():
        net.proj()
        spk = net.N(1.0 * u.uA)
        net.syn(spk)
        return spk != 0.

    n_steps = int(round(500. / 0.01))
    with brainstate.environ.context(dt=0.01 * u.ms):
        spikes = run(net, step, n_steps, 0.01 * u.ms)
    steps, neurons = np.nonzero(spikes)
    skip = int(round(100. / 0.01))
    late = steps >= skip
    rate = population_rate(steps[late] - skip, num, n_steps - skip, 0.01, bin_ms=1.0)
    return {'setup': 'gallery network on brainpy.state.WangBuzsakiHH + GABAa, 500 ms',
            'rhythm_Hz': peak_frequency(rate, 1.0), 'rate_Hz': float(np.count_nonzero(late) / num / 0.4),
            'synchrony': synchrony(rate)}


def synfire_chain_1999():
    """brainpy.state example 108 (Diesmann et al. 1999) with the example's own model, written here
    as brainpy.state code: 10 groups of 100 neurons, each neuron dV = (-(V - Vr) + x)/tau_m,
    dx = (-x + y)/tau_psp, dy = -y/tau_psp + 25.27 mV/ms + 39.24 mV/sqrt(ms) xi (exp-Euler and
    Euler-Maruyama as brainstate.nn.exp_euler_step does), 1 ms refractoriness; a Gaussian packet of
    n spikes at 20 ms (sd 1 ms) into group 0, and every group's spike count times 4.86 mV into the
    next group's y after 5 ms. Reports, for a packet of 40 and of 30 spikes over 10 seeds (the example
    plots seed 1), the mean packet size in the last group, the fraction of seeds in which at least
    half of the last group fires in one 4 ms window (the packet propagated), and the mean rate."""
    from gallery import packet_sizes

    n_groups, size = 10, 100
    Vr, Vt, tau_m, tau_ref, tau_psp = -70., -55., 10., 1., 0.325
    weight, noise, drift, dt, delay_steps = 4.86, 39.24, 25.27, 0.1, 50
    n_steps = 1000

    def one(n_spike, seed):
        import jax
        import jax.numpy as jnp
        rng = np.random.RandomState(seed)
        base = jax.random.PRNGKey(seed)
        ext_steps = np.round((rng.randn(n_spike) * 1. + 20.) / dt).astype(int)
        ext = np.bincount(np.clip(ext_steps, 0, n_steps - 1), minlength=n_steps).astype(np.float32)
        N = n_groups * size
        V0 = Vr + rng.rand(N) * (Vt - Vr)
        a = np.float32(np.exp(-dt / tau_psp))
        b = np.float32(np.exp(-dt / tau_m))

        def body(carry, inputs):
            V, x, y, last, ring, prev_counts = carry
            i, ext_i = inputs
            t = i * dt
            # the projection first (as the example's syn(ext()) before pop()): this step's packet
            # count and the previous step's group counts enter the delay; what was pushed 5 ms ago
            # is added to y
            pushed = jnp.concatenate([jnp.full(size, ext_i * weight), jnp.repeat(prev_counts[:-1] * weight, size)])
            y = y + ring[i % delay_steps]
            ring = ring.at[i % delay_steps].set(pushed)
            # then the population: x with the old y, y by Euler-Maruyama on the exact decay, V with the old x
            x_new = x * a + y * (1 - a)
            eps = jax.random.normal(jax.random.fold_in(base, i), (N,))
            y_new = y * a + drift * tau_psp * (1 - a) + noise * np.sqrt(dt) * eps
            V_new = Vr + (V - Vr) * b + x * (1 - b)
            V_new = jnp.where(t - last < tau_ref, V, V_new)
            spike = V_new >= Vt
            last = jnp.where(spike, t, last)
            V_new = jnp.where(spike, Vr, V_new)
            counts = spike.reshape(n_groups, size).sum(axis=1).astype(jnp.float32)
            return (V_new, x_new, y_new, last, ring, counts), spike

        init = (jnp.asarray(V0, jnp.float32), jnp.zeros(N, jnp.float32), jnp.zeros(N, jnp.float32),
                jnp.full(N, -1e7, jnp.float32), jnp.zeros((delay_steps, N), jnp.float32),
                jnp.zeros(n_groups, jnp.float32))
        _, spikes = jax.lax.scan(body, init, (jnp.arange(n_steps), jnp.asarray(ext)))
        steps, neurons = np.nonzero(np.asarray(spikes))
        return packet_sizes(steps, neurons, size, n_groups, dt), steps.size / N / (n_steps * dt * 1e-3)

    out = {'setup': 'example 108 model, 100 ms, 10 seeds'}
    for n_spike in (40, 30):
        runs = [one(n_spike, seed) for seed in range(10)]
        last = np.array([sizes[-1] for sizes, _ in runs])
        out[f'last_group_packet_{n_spike}'] = float(last.mean())
        out[f'propagated_{n_spike}'] = float(np.mean(last >= size // 2))
        out[f'rate_Hz_{n_spike}'] = float(np.mean([rate for _, rate in runs]))
    return out


CASES = {f.__name__: f for f in (ei_net_1996, cuba_2005, coba_hh_2007, gamma_oscillation_1996, synfire_chain_1999)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--only', default='', help='comma-separated case names (default: all)')
    ap.add_argument('--out', default=os.path.join(REPO, 'fixtures', 'reference', 'gallery_stats.json'))
    args = ap.parse_args()
    names = [n for n in args.only.split(',') if n] or list(CASES)
    try:
        with open(args.out) as f:
            stats = json.load(f)
    except OSError:
        stats = {}
    brainstate.environ.set(dt=0.1 * u.ms)
    for name in names:
        brainstate.random.seed(SEED)
        np.random.seed(SEED)
        stats[name] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in CASES[name]().items()}
        print(name, stats[name], flush=True)
    stats = dict(sorted(stats.items()))
    with open(args.out, 'w') as f:
        json.dump(stats, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
