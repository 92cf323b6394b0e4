/*
 * test_projection_stages — the stages before comm through the C ABI, against numbers computed here
 * from the equations (spec synapses §3.4, §3.6, §5.7, §5.9), in float64:
 *
 *   pre:  LIF(2) whose spikes are chosen: before each step V is set to 5 mV (above V_th = 1 mV) for the
 *         neurons that should spike and to 0 mV otherwise, so the projections receive that pattern
 *   post: LIF(2), tau 1e9 ms, V_th 1e9 mV (a silent target)
 *   p0:   align_pre_projection  pre[0:1] -> STP (U 0.3, tau_f 50 ms, tau_d 0.02 s) -> AMPA (T_dur 0.3 ms)
 *         -> SparseLinear (0 -> 0, 2 mS) -> CUBA
 *   p1:   AlignPostProj  pre[0:2] -> per-presynaptic delays (0.2 ms, 0.35 ms) -> SparseLinear
 *         (0 -> 1, 1 mS; 1 -> 1, 3 mS) -> Expon (tau 10 ms) -> CUBA
 *
 * Checks after every step: STP's u and x, AMPA's g and spike_arrival_time (the STP amplitude only has to
 * be nonzero to start a pulse), and the Expon g of p1, where 0.35 ms / 0.1 ms = 3.4999999999999996 steps
 * splits each input of neuron 1 between 3 and 4 steps later (brainpy's InputDelay interpolation).
 */
#include "bps_test.h"

#include <stdint.h>

enum { STEPS = 60 };

static const double DT = 0.1;

static int spikes(int step, int neuron) {
    static const int s0[] = {1, 4, 5, 20, 24};      /* neuron 0 */
    static const int s1[] = {2, 30};                /* neuron 1 */
    const int *s = neuron == 0 ? s0 : s1;
    int n = neuron == 0 ? 5 : 2;
    for (int k = 0; k < n; k++)
        if (s[k] == step) return 1;
    return 0;
}

static int32_t projection(bps_network *net, const char *kind, int64_t stop, const char *syn, const char *stp) {
    bps_projection_desc d;
    OK(bps_projection_desc_init(&d));
    d.kind = kind;
    d.pre = 0;
    d.pre_start = 0;
    d.pre_stop = stop;
    d.post = 1;
    d.comm = "SparseLinear";
    d.syn = syn;
    d.out = "CUBA";
    d.stp = stp;
    int32_t id = -1;
    OK(bps_projection_new(net, &d, &id));
    return id;
}

/* Element k of a projection state, in `unit`. */
static double state(bps_network *net, int32_t proj, const char *name, const char *unit, int k) {
    double v[2] = {0, 0};
    int64_t n = 0;
    OK(bps_projection_get_state(net, proj, name, v, 2, BPS_DTYPE_FLOAT64, unit, &n));
    return v[k];
}

int main(void) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.precision = 64;
    o.num_threads = 1;
    bps_network *net = NULL;
    OK(bps_network_new(&o, &net));
    int32_t pre = -1, post = -1;
    OK(bps_population_new(net, "LIF", 2, &pre));
    OK(bps_population_set_param(net, pre, "V_th", 1, "mV"));
    OK(bps_population_new(net, "LIF", 2, &post));
    OK(bps_population_set_param(net, post, "tau", 1e9, "ms"));
    OK(bps_population_set_param(net, post, "V_th", 1e9, "mV"));

    int32_t p0 = projection(net, "align_pre_projection", 1, "AMPA", "STP");
    OK(bps_projection_set_param(net, p0, "stp", "U", 0.3, ""));
    OK(bps_projection_set_param(net, p0, "stp", "tau_f", 50, "ms"));
    OK(bps_projection_set_param(net, p0, "stp", "tau_d", 0.02, "s"));
    OK(bps_projection_set_param(net, p0, "syn", "T_dur", 0.3, "ms"));
    const int64_t pre0[1] = {0}, post0[1] = {0};
    const double w0[1] = {2};
    OK(bps_projection_set_connections(net, p0, pre0, post0, w0, 1, BPS_DTYPE_FLOAT64, "mS"));

    int32_t p1 = projection(net, "AlignPostProj", 2, "Expon", NULL);
    OK(bps_projection_set_param(net, p1, "syn", "tau", 10, "ms"));
    const double delays[2] = {0.2, 0.35};
    OK(bps_projection_set_param_array(net, p1, "proj", "delay", delays, 2, BPS_DTYPE_FLOAT64, "ms"));
    const int64_t pre1[2] = {0, 1}, post1[2] = {1, 1};
    const double w1[2] = {1, 3};
    OK(bps_projection_set_connections(net, p1, pre1, post1, w1, 2, BPS_DTYPE_FLOAT64, "mS"));
    OK(bps_network_compile(net));

    /* the hand computation */
    double u = 0.3, x = 1, g = 0, last = -1e7, ge = 0;
    const double alpha = 0.98, beta = 0.18, T = 0.5;
    double arrive[STEPS + 8] = {0};                 /* p1's input to post 1 by step */
    const double steps1 = 0.35 / DT, frac1 = steps1 - floor(steps1);
    int pulses = 0, releases = 0;
    for (int n = 0; n < STEPS; n++) {
        double v[2] = {spikes(n, 0) ? 5 : 0, spikes(n, 1) ? 5 : 0};
        OK(bps_population_set_state(net, pre, "V", v, 2, BPS_DTYPE_FLOAT64, "mV"));
        OK(bps_network_run(net, 1, NULL));
        double t = n * DT;
        /* STP: decay and recover every step; a spike releases u+ x and uses u+ x_old */
        double s = spikes(n, 0);
        double ud = u * exp(-DT / 50), xd = 1 - (1 - x) * exp(-DT / 20);
        double up = ud + s * 0.3 * (1 - u);
        double released = up * xd * s;
        x = xd - s * up * x;
        u = up;
        /* AMPA: a nonzero amplitude starts a pulse of T for T_dur; g relaxes exactly toward its target */
        if (released != 0) { last = t; releases++; }
        double TT = t - last < 0.3 ? T : 0;
        if (TT != 0) pulses++;
        double rate = alpha * TT + beta, inf = alpha * TT / rate;
        g = inf + (g - inf) * exp(-rate * DT);
        /* p1: neuron 0 two steps later (0.2 ms), neuron 1 split between 3 and 4 steps later */
        if (spikes(n, 0)) arrive[n + 2] += 1.0;
        if (spikes(n, 1)) {
            arrive[n + (int)floor(steps1)] += 3.0 * (1 - frac1);
            arrive[n + (int)floor(steps1) + 1] += 3.0 * frac1;
        }
        ge = ge * exp(-DT / 10) + arrive[n];

        CHECK(bps_close(state(net, p0, "stp.u", "", 0), u, 1e-12), "step %d: STP u %.17g, expected %.17g", n,
              state(net, p0, "stp.u", "", 0), u);
        CHECK(bps_close(state(net, p0, "stp.x", "", 0), x, 1e-12), "step %d: STP x %.17g, expected %.17g", n,
              state(net, p0, "stp.x", "", 0), x);
        CHECK(fabs(state(net, p0, "syn.g", "mS", 0) - g) <= 1e-12, "step %d: AMPA g %.17g, expected %.17g", n,
              state(net, p0, "syn.g", "mS", 0), g);
        CHECK(state(net, p0, "spike_arrival_time", "ms", 0) == last, "step %d: spike_arrival_time %g, expected %g", n,
              state(net, p0, "spike_arrival_time", "ms", 0), last);
        CHECK(fabs(state(net, p1, "g", "mS", 1) - ge) <= 1e-12, "step %d: Expon g %.17g, expected %.17g", n,
              state(net, p1, "g", "mS", 1), ge);
        CHECK(state(net, p1, "g", "mS", 0) == 0, "step %d: post 0 gets nothing from p1", n);
    }
    CHECK(releases == 5 && pulses >= 12, "releases %d, pulse steps %d", releases, pulses);
    CHECK(g > 0 && ge > 1 && u > 0.3 && x < 1, "final g %g, Expon g %g, u %g, x %g", g, ge, u, x);
    CHECK(frac1 > 0.49 && frac1 < 0.5, "0.35 ms / 0.1 ms = %.17g steps", steps1);
    /* An event comm after a plasticity module would count every amplitude as one spike: refused. */
    bps_network *bad = NULL;
    OK(bps_network_new(&o, &bad));
    int32_t a = -1, b = -1, j = -1;
    OK(bps_population_new(bad, "LIF", 2, &a));
    OK(bps_population_new(bad, "LIF", 2, &b));
    bps_projection_desc d;
    OK(bps_projection_desc_init(&d));
    d.pre = a;
    d.post = b;
    d.comm = "EventLinear";
    d.syn = "Expon";
    d.out = "CUBA";
    d.stp = "STD";
    OK(bps_projection_new(bad, &d, &j));
    OK(bps_projection_set_param(bad, j, "comm", "weight", 1, "mS"));
    EXPECT_ERR(bps_network_compile(bad), BPS_ERR_INVALID_ARGUMENT, "FixedNumConn");
    OK(bps_network_delete(bad));
    OK(bps_network_delete(net));
    return bps_test_finish("test_projection_stages");
}
