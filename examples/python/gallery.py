"""What the gallery examples share: the command line, spike statistics, the raster figure and the
final ``RESULT {json}`` line (the tests parse it); the training examples use its ``pyplot()``.

Every gallery script accepts ``--duration`` (ms), ``--seed``, ``--precision``, ``--threads``,
``--plot PATH`` (an empty string skips the figure) and ``--no-progress``.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), 'bindings', 'python'))

import numpy as np  # noqa: E402


def arguments(doc, duration, plot, extra=None):
    """Parse the shared options (``extra(parser)`` adds the script's own)."""
    ap = argparse.ArgumentParser(description=doc.split('\n\n')[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--duration', type=float, default=duration, help=f'simulated time in ms (default {duration:g})')
    ap.add_argument('--seed', type=int, default=42, help='network seed (default 42)')
    ap.add_argument('--precision', type=int, choices=(32, 64), default=32, help='float precision (default 32)')
    ap.add_argument('--threads', type=int, default=0, help='worker threads, 0 = all cores (default 0)')
    ap.add_argument('--plot', default=plot, help=f'figure path (default {plot}; empty: no figure)')
    ap.add_argument('--no-progress', action='store_true', help='no progress bar')
    if extra:
        extra(ap)
    return ap.parse_args()


def rate_hz(neurons, lo, hi, seconds):
    """Mean firing rate of neurons [lo, hi) from the neuron indices of the recorded spikes."""
    return float(np.count_nonzero((neurons >= lo) & (neurons < hi)) / max(hi - lo, 1) / seconds)


def isi_cv(steps, neurons, dt_ms):
    """Mean coefficient of variation of the inter-spike intervals over neurons with >= 3 spikes: ~1
    for Poisson-like irregular firing, ~0 for regular firing."""
    order = np.lexsort((steps, neurons))
    s, n = steps[order], neurons[order]
    cvs = []
    for k in np.unique(n):
        t = s[n == k] * dt_ms
        if t.size >= 3:
            isi = np.diff(t)
            if isi.mean() > 0:
                cvs.append(isi.std() / isi.mean())
    return float(np.mean(cvs)) if cvs else float('nan')


def population_rate(steps, n_neurons, n_steps, dt_ms, bin_ms=1.0):
    """Population rate in Hz per bin of ``bin_ms`` (for spectra and synchrony measures)."""
    per_bin = max(int(round(bin_ms / dt_ms)), 1)
    counts = np.bincount(steps // per_bin, minlength=(n_steps + per_bin - 1) // per_bin)
    return counts / n_neurons / (per_bin * dt_ms * 1e-3)


def peak_frequency(rate, bin_ms, lo_hz=5.0):
    """Frequency (Hz) of the largest peak above ``lo_hz`` in the power spectrum of a population rate."""
    x = rate - rate.mean()
    power = np.abs(np.fft.rfft(x)) ** 2
    freq = np.fft.rfftfreq(x.size, d=bin_ms * 1e-3)
    band = freq >= lo_hz
    return float(freq[band][np.argmax(power[band])])


def synchrony(rate):
    """Fraction of all spikes that fall into the busiest 20% of the bins of a population rate (0.2
    for flat activity, near 1 when the population fires in volleys)."""
    top = np.sort(rate)[::-1][:max(rate.size // 5, 1)]
    return float(top.sum() / max(rate.sum(), 1e-12))


def packet_sizes(steps, neurons, group_size, n_groups, dt_ms, window_ms=4.0):
    """The size of the synchronous packet in each group of a chain: the most spikes of the group
    within any ``window_ms`` window (sliding by 1 ms). Background firing gives a few; a packet that
    arrives gives most of the group."""
    per_ms = max(int(round(1.0 / dt_ms)), 1)
    width = max(int(round(window_ms)), 1)
    sizes = []
    for k in range(n_groups):
        sel = (neurons >= k * group_size) & (neurons < (k + 1) * group_size)
        per_bin = np.bincount(steps[sel] // per_ms, minlength=width)
        sizes.append(int(np.convolve(per_bin, np.ones(width, dtype=np.int64), 'valid').max()))
    return sizes


def pyplot():
    """matplotlib.pyplot drawing to files (the Agg backend), or None when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def raster(path, steps, neurons, dt_ms, title, groups=(), extra=None):
    """Save a raster plot; ``groups`` = [(lo, hi, label, colour)], ``extra(fig)`` adds panels.
    Returns the path, or None when matplotlib is missing or no path was asked for."""
    plt = pyplot() if path else None
    if plt is None:
        return None
    fig = plt.figure(figsize=(10, 5 if extra is None else 8))
    ax = fig.add_subplot(2, 1, 1) if extra else fig.add_subplot(1, 1, 1)
    t = steps * dt_ms
    if not groups:
        groups = ((0, int(neurons.max(initial=0)) + 1, None, 'k'),)
    for lo, hi, label, colour in groups:
        sel = (neurons >= lo) & (neurons < hi)
        ax.plot(t[sel], neurons[sel], '.', ms=1.5, color=colour, label=label)
    if any(g[2] for g in groups):
        ax.legend(loc='upper right', markerscale=6)
    ax.set_xlabel('time (ms)')
    ax.set_ylabel('neuron index')
    ax.set_title(title)
    if extra:
        extra(fig.add_subplot(2, 1, 2))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


REFERENCE = os.path.join(os.path.dirname(os.path.dirname(HERE)), 'fixtures', 'reference', 'gallery_stats.json')


def reference(name):
    """The statistics brainpy.state 2.9.0 gives for the same example ({} when not recorded)."""
    try:
        with open(REFERENCE) as f:
            return json.load(f).get(name, {})
    except OSError:
        return {}


def reference_line(name):
    """One line with the reference statistics, for the printed summary."""
    ref = reference(name)
    stats = ', '.join(f'{k} {v:.4g}' for k, v in ref.items() if isinstance(v, (int, float)))
    return f'  brainpy.state 2.9.0 ({ref.get("setup", "same script")}): {stats}' if stats else \
        '  (no reference statistics recorded)'


def run_ei(args, net, N, n_exc, name, title, header, extra=None):
    """Run an E/I network (excitatory neurons first), print the E and I rates and the ISI CV next to
    the reference's, save the raster and print the RESULT line. ``extra(net)``, called before the run,
    may add monitors and returns ``draw(ax)``, which draws a second panel after the run."""
    import brainpystate.units as u
    num = N.size
    spikes = net.monitor(N, 'spike')
    draw = extra(net) if extra else None
    net.run(args.duration * u.ms, progress=not args.no_progress)
    steps, neurons = spikes.events
    dt = float(net.dt.to_decimal(u.ms))
    sec = args.duration * 1e-3
    rE, rI = rate_hz(neurons, 0, n_exc, sec), rate_hz(neurons, n_exc, num, sec)
    cv = isi_cv(steps, neurons, dt)
    fig = raster(args.plot, steps, neurons, dt, f'{title}: E {rE:.1f} Hz, I {rI:.1f} Hz, ISI CV {cv:.2f}',
                 groups=((0, n_exc, 'E', 'tab:blue'), (n_exc, num, 'I', 'tab:red')),
                 extra=draw)
    net.close()
    report([f'{header}, {args.duration:g} ms, float{args.precision}, seed {args.seed}',
            f'  E rate {rE:.2f} Hz, I rate {rI:.2f} Hz, mean ISI CV {cv:.3f}',
            reference_line(name)],
           {'E_rate_Hz': round(rE, 4), 'I_rate_Hz': round(rI, 4), 'isi_cv': round(cv, 4)}, fig)


def report(lines, result, figure):
    """Print the summary lines, the figure path and the final RESULT line."""
    for line in lines:
        print(line)
    if figure:
        print(f'  figure: {figure}')
    print('RESULT ' + json.dumps(result))
