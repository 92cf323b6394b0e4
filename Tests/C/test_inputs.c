/*
 * test_inputs — input generators and readouts through the C ABI: they are found by the discovery
 * calls, created by name with bps_population_new, and bound with the three binding calls
 * (bps_population_add_current_source, _add_state_source, _set_spike_source).
 *
 * Checks:
 *   - bps_model_info lists every generator of brainpy.state's inputs.py with role "input" and
 *     LeakyRateReadout with role "readout";
 *   - a ConstantInput of size 1 bound to a LIF gives the same V, bit for bit, as a persistent current
 *     of the same value until its duration, and nothing after it;
 *   - a PoissonInput whose every source fires (freq*dt huge) adds exactly num_input*weight to the
 *     listed elements of V each step (a repeated index twice), and nothing to the others;
 *   - a LeakyRateReadout reading a slice of a SpikeTime follows r = exp(-dt/tau) r + x W;
 *   - PoissonSpike spikes do not depend on the number of worker threads or on how a run is chunked;
 *   - bad bindings (wrong dimension, size, key, state, role, slice, after compile, bad handle, NULL)
 *     return their status with a message naming the problem and leave the network runnable.
 */
#include "bps_test.h"

#include <stdint.h>

static bps_network *new_net(uint64_t seed, int32_t precision, int32_t threads) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.seed = seed;
    o.precision = precision;
    o.num_threads = threads;
    bps_network *net = NULL;
    OK(bps_network_new(&o, &net));
    return net;
}

static int32_t lif(bps_network *net, int64_t n) {
    int32_t pop = -1;
    OK(bps_population_new(net, "LIF", n, &pop));
    OK(bps_population_set_param(net, pop, "V_th", 1e6, "mV"));
    return pop;
}

static double state0(bps_network *net, int32_t pop, const char *state, const char *unit, int64_t k, double *all,
                     int64_t n) {
    int64_t len = 0;
    OK(bps_population_get_state(net, pop, state, all, n, BPS_DTYPE_FLOAT64, unit, &len));
    REQUIRE(len == n, "%s: %lld values, expected %lld", state, (long long)len, (long long)n);
    return all[k];
}

static void discovery(void) {
    static const char *const inputs[] = {"SpikeTime", "PoissonSpike", "PoissonEncoder", "PoissonInput",
                                         "SectionInput", "ConstantInput", "StepInput", "RampInput",
                                         "SinusoidalInput", "WienerProcessInput", "OUProcessInput"};
    const int n_inputs = (int)(sizeof inputs / sizeof inputs[0]);
    int32_t count = 0;
    OK(bps_model_count(&count));
    int found = 0, readout = 0;
    for (int32_t m = 0; m < count; m++) {
        const char *name = NULL, *role = NULL;
        OK(bps_model_info(m, &name, &role, NULL, NULL, NULL, NULL));
        if (strcmp(role, "readout") == 0) {
            CHECK(strcmp(name, "LeakyRateReadout") == 0, "unexpected readout %s", name);
            readout++;
        }
        for (int k = 0; k < n_inputs; k++) {
            if (strcmp(name, inputs[k]) == 0) {
                CHECK(strcmp(role, "input") == 0, "%s has role %s", name, role);
                found++;
            }
        }
    }
    CHECK(found == n_inputs && readout == 1, "found %d of %d generators and %d readouts", found, n_inputs, readout);
}

static void constant_input(void) {
    enum { N = 3, STEPS = 70, WINDOW = 50 };
    bps_network *net = new_net(0, 64, 1), *ref = new_net(0, 64, 1);
    int32_t a = lif(net, N), b = lif(ref, N);
    int32_t gen = -1;
    OK(bps_population_new(net, "ConstantInput", 1, &gen));
    OK(bps_population_set_param(net, gen, "value", 2000, "uA"));
    OK(bps_population_set_param(net, gen, "duration", 5, "ms"));
    OK(bps_population_add_current_source(net, a, "stim", gen));
    const double two = 2.0;
    OK(bps_population_add_current_input(ref, b, "stim", &two, 1, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_compile(net));
    OK(bps_network_compile(ref));
    double va[N], vb[N], out[1];
    int same = 1;
    for (int s = 0; s < STEPS; s++) {
        OK(bps_network_run(net, 1, NULL));
        state0(net, gen, "output", "mA", 0, out, 1);
        if (s < WINDOW) {
            OK(bps_network_run(ref, 1, NULL));
            state0(net, a, "V", "mV", 0, va, N);
            state0(ref, b, "V", "mV", 0, vb, N);
            for (int k = 0; k < N; k++) same &= va[k] == vb[k];
            CHECK(out[0] == 2.0, "step %d: output %g mA inside the window", s, out[0]);
        } else {
            CHECK(out[0] == 0.0, "step %d: output %g mA after the window", s, out[0]);
        }
    }
    CHECK(same, "a ConstantInput differs from the same persistent current");
    OK(bps_network_delete(net));
    OK(bps_network_delete(ref));
}

static void poisson_input(void) {
    bps_network *net = new_net(0, 64, 1);
    int32_t pop = lif(net, 4);
    OK(bps_population_set_param(net, pop, "tau", 1e12, "ms"));
    int32_t gen = -1;
    OK(bps_population_new(net, "PoissonInput", 3, &gen));
    OK(bps_population_set_param(net, gen, "num_input", 3, ""));
    OK(bps_population_set_param(net, gen, "freq", 1e9, "Hz"));   /* p = 1 to double precision: K = 3 */
    OK(bps_population_set_param(net, gen, "weight", 500, "uV"));
    const int64_t idx[3] = {0, 2, 2};
    OK(bps_population_add_state_source(net, pop, "V", gen, idx, 3));
    OK(bps_network_compile(net));
    OK(bps_network_run(net, 4, NULL));
    double v[4];
    state0(net, pop, "V", "mV", 0, v, 4);
    const double want[4] = {6, 0, 12, 0};
    for (int k = 0; k < 4; k++) CHECK(fabs(v[k] - want[k]) < 1e-6, "V[%d] = %.9g mV, expected %g", k, v[k], want[k]);
    OK(bps_network_delete(net));
}

static void readout(void) {
    bps_network *net = new_net(0, 64, 1);
    int32_t src = -1, ro = -1;
    OK(bps_population_new(net, "SpikeTime", 5, &src));
    const double idx[3] = {1, 3, 3}, times[3] = {0, 0, 0.2};
    OK(bps_population_set_param_array(net, src, "indices", idx, 3, BPS_DTYPE_FLOAT64, ""));
    OK(bps_population_set_param_array(net, src, "times", times, 3, BPS_DTYPE_FLOAT64, "ms"));
    OK(bps_population_new(net, "LeakyRateReadout", 2, &ro));
    OK(bps_population_set_param(net, ro, "in_size", 3, ""));
    const double tau[2] = {2, 4}, w[6] = {0, 1, 2, 3, 4, 5};
    OK(bps_population_set_param_array(net, ro, "tau", tau, 2, BPS_DTYPE_FLOAT64, "ms"));
    OK(bps_population_set_param_array(net, ro, "w_init", w, 6, BPS_DTYPE_FLOAT64, ""));
    OK(bps_population_set_spike_source(net, ro, src, 1, 4));
    int32_t mon = -1;
    OK(bps_monitor_state(net, ro, "r", NULL, 0, &mon));
    OK(bps_network_compile(net));
    OK(bps_network_run(net, 3, NULL));
    double r[6];
    int64_t len = 0;
    OK(bps_monitor_get_values(net, mon, r, 6, BPS_DTYPE_FLOAT64, "", &len));
    REQUIRE(len == 6, "%lld recorded values", (long long)len);
    for (int o = 0; o < 2; o++) {
        double d = exp(-0.1 / tau[o]), r0 = w[o] + w[4 + o];   /* source neurons 1 and 3 = rows 0 and 2 */
        CHECK(fabs(r[o] - r0) < 1e-12, "r[0][%d] = %g, expected %g", o, r[o], r0);
        CHECK(fabs(r[2 + o] - d * r0) < 1e-12, "r[1][%d] = %g", o, r[2 + o]);
        CHECK(fabs(r[4 + o] - (d * d * r0 + w[4 + o])) < 1e-12, "r[2][%d] = %g", o, r[4 + o]);
    }
    double wr[6];
    OK(bps_population_get_param(net, ro, "w_init", wr, 6, BPS_DTYPE_FLOAT64, "", &len));
    CHECK(len == 6 && memcmp(wr, w, sizeof w) == 0, "w_init read back differs");
    OK(bps_network_delete(net));
}

/* PoissonSpike (1000 at 50 Hz) for 400 steps: its spike events. */
static int64_t poisson_events(int32_t threads, int chunks, int64_t *steps, int64_t *neurons, int64_t cap) {
    bps_network *net = new_net(11, 32, threads);
    int32_t gen = -1, mon = -1;
    OK(bps_population_new(net, "PoissonSpike", 1000, &gen));
    OK(bps_population_set_param(net, gen, "freqs", 50, "Hz"));
    OK(bps_monitor_spikes(net, gen, NULL, 0, &mon));
    OK(bps_network_compile(net));
    for (int c = 0; c < chunks; c++) OK(bps_network_run(net, 400 / chunks, NULL));
    int64_t n = 0;
    OK(bps_monitor_get_events(net, mon, steps, neurons, cap, &n));
    OK(bps_network_delete(net));
    return n;
}

static void determinism(void) {
    enum { CAP = 40000 };
    static int64_t s1[CAP], n1[CAP], s2[CAP], n2[CAP];
    int64_t a = poisson_events(1, 1, s1, n1, CAP), b = poisson_events(2, 8, s2, n2, CAP);
    CHECK(a == b && memcmp(s1, s2, (size_t)a * sizeof s1[0]) == 0 && memcmp(n1, n2, (size_t)a * sizeof n1[0]) == 0,
          "PoissonSpike: %lld events on 1 thread, %lld on 2 threads in 8 chunks, or different ones", (long long)a,
          (long long)b);
    double p = -expm1(-50 * 1e-4), expected = 400 * 1000 * p;
    CHECK(fabs((double)a - expected) < 5 * sqrt(expected), "%lld spikes, expected %g", (long long)a, expected);
}

static void errors(void) {
    bps_network *net = new_net(0, 32, 1);
    int32_t pop = lif(net, 3), other = lif(net, 2);
    int32_t volt = -1, small = -1, pin = -1, spikes = -1, ro = -1, good = -1;
    OK(bps_population_new(net, "ConstantInput", 3, &volt));
    OK(bps_population_set_param(net, volt, "value", 1, "mV"));
    OK(bps_population_set_param(net, volt, "duration", 1, "ms"));
    OK(bps_population_new(net, "ConstantInput", 2, &small));
    OK(bps_population_set_param(net, small, "value", 1, "mA"));
    OK(bps_population_set_param(net, small, "duration", 1, "ms"));
    OK(bps_population_new(net, "ConstantInput", 3, &good));
    OK(bps_population_set_param(net, good, "value", 1, "mA"));
    OK(bps_population_set_param(net, good, "duration", 1, "ms"));
    OK(bps_population_new(net, "PoissonInput", 3, &pin));
    OK(bps_population_set_param(net, pin, "num_input", 10, ""));
    OK(bps_population_set_param(net, pin, "freq", 10, "Hz"));
    OK(bps_population_set_param(net, pin, "weight", 1, "mA"));
    OK(bps_population_new(net, "PoissonSpike", 4, &spikes));
    OK(bps_population_set_param(net, spikes, "freqs", 10, "Hz"));
    OK(bps_population_new(net, "LeakyRateReadout", 2, &ro));
    OK(bps_population_set_param(net, ro, "in_size", 3, ""));
    const double one = 1.0;
    OK(bps_population_add_current_input(net, pop, "taken", &one, 1, BPS_DTYPE_FLOAT64, "mA"));

    EXPECT_ERR(bps_population_add_current_source(net, pop, "v", volt), BPS_ERR_UNIT, "voltage");
    EXPECT_ERR(bps_population_add_current_source(net, pop, "s", small), BPS_ERR_OUT_OF_RANGE, "2 elements");
    EXPECT_ERR(bps_population_add_current_source(net, pop, "taken", good), BPS_ERR_INVALID_ARGUMENT, "taken");
    EXPECT_ERR(bps_population_add_current_source(net, pop, "x", spikes), BPS_ERR_INVALID_ARGUMENT, "PoissonSpike");
    EXPECT_ERR(bps_population_add_current_source(net, spikes, "x", good), BPS_ERR_INVALID_ARGUMENT, "takes no input");
    EXPECT_ERR(bps_population_add_current_source(net, pop, NULL, good), BPS_ERR_NULL_POINTER, "key");
    EXPECT_ERR(bps_population_add_current_source(net, pop, "x", 99), BPS_ERR_OUT_OF_RANGE, "99");
    EXPECT_ERR(bps_population_add_state_source(net, pop, "V", pin, NULL, 0), BPS_ERR_UNIT, "state V");
    EXPECT_ERR(bps_population_add_state_source(net, pop, "Q", pin, NULL, 0), BPS_ERR_UNKNOWN_NAME, "Q");
    EXPECT_ERR(bps_population_add_state_source(net, pop, "spike", pin, NULL, 0), BPS_ERR_INVALID_ARGUMENT, "spike");
    EXPECT_ERR(bps_population_add_state_source(net, other, "V", pin, NULL, 0), BPS_ERR_OUT_OF_RANGE, "3 elements");
    const int64_t bad_idx[3] = {0, 1, 7};
    EXPECT_ERR(bps_population_add_state_source(net, pop, "V", pin, bad_idx, 3), BPS_ERR_OUT_OF_RANGE, "7");
    EXPECT_ERR(bps_population_add_state_source(net, pop, "V", good, NULL, 0), BPS_ERR_INVALID_ARGUMENT,
               "not a PoissonInput");
    EXPECT_ERR(bps_population_set_spike_source(net, ro, good, 0, -1), BPS_ERR_INVALID_ARGUMENT, "reads spikes");
    EXPECT_ERR(bps_population_set_spike_source(net, ro, spikes, 0, -1), BPS_ERR_OUT_OF_RANGE, "in_size");
    EXPECT_ERR(bps_population_set_spike_source(net, ro, spikes, 2, 9), BPS_ERR_OUT_OF_RANGE, "slice");
    EXPECT_ERR(bps_population_set_spike_source(net, pop, spikes, 0, 3), BPS_ERR_INVALID_ARGUMENT, "not a readout");
    EXPECT_ERR(bps_population_set_spike_source(NULL, ro, spikes, 0, 3), BPS_ERR_BAD_HANDLE, "NULL");

    OK(bps_population_set_spike_source(net, ro, spikes, 1, 4));
    OK(bps_population_add_current_source(net, pop, "good", good));
    OK(bps_network_compile(net));
    OK(bps_network_run(net, 5, NULL));
    EXPECT_ERR(bps_population_add_current_source(net, other, "late", small), BPS_ERR_BAD_STATE, "compile");
    OK(bps_network_run(net, 5, NULL));
    int64_t step = 0;
    OK(bps_network_get_time(net, "ms", NULL, &step));
    CHECK(step == 10, "the network ran %lld steps, expected 10", (long long)step);
    OK(bps_network_delete(net));
    EXPECT_ERR(bps_population_add_current_source(net, pop, "gone", good), BPS_ERR_BAD_HANDLE, "");
}

int main(void) {
    discovery();
    constant_input();
    poisson_input();
    readout();
    determinism();
    errors();
    return bps_test_finish("test_inputs");
}
