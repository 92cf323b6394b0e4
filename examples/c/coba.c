/*
 * coba.c — brainpy.state's example 103 (Vogels & Abbott 2005 COBA E/I network) through the C ABI.
 *
 *   4000 LIFRef neurons: 3200 excitatory, 800 inhibitory
 *     V_rest = -60 mV, V_th = -50 mV, V_reset = -60 mV, tau = 20 ms, tau_ref = 5 ms,
 *     V initialised from Normal(-55 mV, 2 mV), persistent input current 20 mA (R = 1 ohm)
 *   E -> all: EventFixedProb p = 0.02, weight 0.6 mS, Expon tau 5 ms,  COBA E =   0 mV
 *   I -> all: EventFixedProb p = 0.02, weight 6.7 mS, Expon tau 10 ms, COBA E = -80 mV
 *   dt = 0.1 ms, 1000 ms
 *
 * When the size changes (--neurons N), conn_prob = 80/N keeps every neuron's 80 targets
 * (EventFixedProb's out-degree is int(N * p)), so the network stays in the same regime.
 *
 * Options:
 *   --weights example|brette   example: 0.6 / 6.7 mS as in brainpy.state's example (default);
 *                              brette: both weights x1000 (brainpy.state scales COBA currents by 1e-3
 *                              relative to the original Brette et al. 2007 benchmark)
 *   --duration MS              simulated time (default 1000)
 *   --neurons N                network size, 4/5 excitatory (default 4000)
 *   --seed S                   network seed: connectivity and V initialisation (default 0)
 *   --precision 32|64          float32 (default) or float64 states
 *   --threads T                worker threads (network option num_threads; 0 = all cores, default)
 *
 * Prints the rates and timings, and ends with exactly one machine-readable line:
 *   RESULT {"E_rate_Hz": ..., "I_rate_Hz": ..., "run_s": ..., "compile_s": ..., "threads": ...}
 *
 * Build against an installed brainpystate:
 *   cc -O2 coba.c $(pkg-config --cflags --libs brainpystate) -o coba
 */
#define _POSIX_C_SOURCE 200809L
#include <brainpystate.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
    int brette;          /* weights x1000 */
    double duration_ms;
    int64_t neurons;
    uint64_t seed;
    int32_t precision;
    int32_t threads;
} coba_options;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Report a failed call with the library's message; returns nonzero if it failed. */
static int failed(bps_status status, const char *what) {
    if (status == BPS_OK) return 0;
    fprintf(stderr, "coba: %s failed: %s: %s\n", what, bps_status_name(status), bps_last_error_message());
    return 1;
}
#define TRY(call)                              \
    do {                                       \
        if (failed((call), #call)) goto done;  \
    } while (0)

static void usage(FILE *to) {
    fprintf(to,
            "usage: coba [--weights example|brette] [--duration MS] [--neurons N] [--seed S]\n"
            "            [--precision 32|64] [--threads T]\n");
}

static int parse_long(const char *text, long long lo, long long hi, long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

static int parse_args(int argc, char **argv, coba_options *o) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "coba: %s needs a value\n", arg);
            return 0;
        }
        const char *value = argv[++i];
        long long v;
        if (strcmp(arg, "--weights") == 0) {
            if (strcmp(value, "example") == 0) o->brette = 0;
            else if (strcmp(value, "brette") == 0) o->brette = 1;
            else { fprintf(stderr, "coba: --weights must be example or brette, got '%s'\n", value); return 0; }
        } else if (strcmp(arg, "--duration") == 0) {
            char *end;
            errno = 0;
            double d = strtod(value, &end);
            if (errno != 0 || end == value || *end != '\0' || !(d > 0) || d > 1e9) {
                fprintf(stderr, "coba: --duration must be a positive number of ms, got '%s'\n", value);
                return 0;
            }
            o->duration_ms = d;
        } else if (strcmp(arg, "--neurons") == 0) {
            if (!parse_long(value, 100, 100000000, &v)) {
                fprintf(stderr, "coba: --neurons must be an integer >= 100, got '%s'\n", value);
                return 0;
            }
            o->neurons = v;
        } else if (strcmp(arg, "--seed") == 0) {
            if (!parse_long(value, 0, INT64_MAX, &v)) {
                fprintf(stderr, "coba: --seed must be an integer >= 0, got '%s'\n", value);
                return 0;
            }
            o->seed = (uint64_t)v;
        } else if (strcmp(arg, "--precision") == 0) {
            if (!parse_long(value, 32, 64, &v) || (v != 32 && v != 64)) {
                fprintf(stderr, "coba: --precision must be 32 or 64, got '%s'\n", value);
                return 0;
            }
            o->precision = (int32_t)v;
        } else if (strcmp(arg, "--threads") == 0) {
            if (!parse_long(value, 0, 4096, &v)) {
                fprintf(stderr, "coba: --threads must be an integer >= 0 (0 = all cores), got '%s'\n", value);
                return 0;
            }
            o->threads = (int32_t)v;
        } else {
            fprintf(stderr, "coba: unknown option '%s'\n", arg);
            return 0;
        }
    }
    return 1;
}

/* conn_prob giving exactly `k` targets: EventFixedProb takes int(n_post * p) (in double). */
static double conn_prob_for(int64_t n_post, int k) {
    double p = (double)k / (double)n_post;
    while ((int64_t)((double)n_post * p) < k) p = p * (1.0 + 1e-15);
    return p;
}

/* One AlignPostProj: pre slice [start, stop) -> all, EventFixedProb + Expon + COBA. */
static bps_status add_projection(bps_network *net, int32_t pop, int64_t start, int64_t stop, double prob,
                                 double weight_mS, double tau_ms, double E_mV, int32_t *out_proj) {
    bps_projection_desc desc;
    bps_status s = bps_projection_desc_init(&desc);
    if (s != BPS_OK) return s;
    desc.pre = pop;
    desc.pre_start = start;
    desc.pre_stop = stop;
    desc.post = pop;
    desc.comm = "EventFixedProb";
    desc.syn = "Expon";
    desc.out = "COBA";
    int32_t proj;
    if ((s = bps_projection_new(net, &desc, &proj)) != BPS_OK) return s;
    if ((s = bps_projection_set_param(net, proj, "comm", "conn_prob", prob, "")) != BPS_OK) return s;
    if ((s = bps_projection_set_param(net, proj, "comm", "conn_weight", weight_mS, "mS")) != BPS_OK) return s;
    if ((s = bps_projection_set_param(net, proj, "syn", "tau", tau_ms, "ms")) != BPS_OK) return s;
    if ((s = bps_projection_set_param(net, proj, "out", "E", E_mV, "mV")) != BPS_OK) return s;
    *out_proj = proj;
    return BPS_OK;
}

int main(int argc, char **argv) {
    coba_options o = {.brette = 0, .duration_ms = 1000.0, .neurons = 4000, .seed = 0, .precision = 32, .threads = 0};
    if (!parse_args(argc, argv, &o)) {
        usage(stderr);
        return 2;
    }
    if (bps_abi_version() != BPS_ABI_VERSION) {
        fprintf(stderr, "coba: library ABI %u, built against ABI %d\n", bps_abi_version(), BPS_ABI_VERSION);
        return 1;
    }

    const int64_t n = o.neurons;
    const int64_t n_exc = n * 4 / 5;
    const int64_t n_inh = n - n_exc;
    const double prob = conn_prob_for(n, 80);
    const double w_exc = o.brette ? 600.0 : 0.6;    /* mS */
    const double w_inh = o.brette ? 6700.0 : 6.7;   /* mS */

    int rc = 1;
    bps_network *net = NULL;
    int64_t *neurons = NULL;

    bps_network_options nopts;
    TRY(bps_network_options_init(&nopts));
    nopts.dt = 0.1;
    nopts.dt_unit = "ms";
    nopts.seed = o.seed;
    nopts.precision = o.precision;
    nopts.num_threads = o.threads;
    TRY(bps_network_new(&nopts, &net));

    int32_t pop;
    TRY(bps_population_new(net, "LIFRef", n, &pop));
    TRY(bps_population_set_param(net, pop, "V_rest", -60.0, "mV"));
    TRY(bps_population_set_param(net, pop, "V_th", -50.0, "mV"));
    TRY(bps_population_set_param(net, pop, "V_reset", -60.0, "mV"));
    TRY(bps_population_set_param(net, pop, "tau", 20.0, "ms"));
    TRY(bps_population_set_param(net, pop, "tau_ref", 5.0, "ms"));
    const double v_init[2] = {-55.0, 2.0};
    TRY(bps_population_set_param_init(net, pop, "V_initializer", "Normal", v_init, 2, "mV"));

    int32_t proj_e, proj_i;
    TRY(add_projection(net, pop, 0, n_exc, prob, w_exc, 5.0, 0.0, &proj_e));
    TRY(add_projection(net, pop, n_exc, n, prob, w_inh, 10.0, -80.0, &proj_i));

    const double input_mA = 20.0;
    TRY(bps_population_add_current_input(net, pop, "I_ext", &input_mA, 1, BPS_DTYPE_FLOAT64, "mA"));

    int32_t monitor;
    TRY(bps_monitor_spikes(net, pop, NULL, 0, &monitor));

    double t0 = now_s();
    TRY(bps_network_compile(net));
    const double compile_s = now_s() - t0;

    int32_t threads;
    TRY(bps_network_get_num_threads(net, &threads));
    int64_t k_exc;
    TRY(bps_projection_num_connections(net, proj_e, &k_exc));

    printf("COBA E/I network (brainpy.state example 103): %lld LIFRef neurons (%lld E, %lld I)\n", (long long)n,
           (long long)n_exc, (long long)n_inh);
    printf("  weights %s: E %.4g mS, I %.4g mS; conn_prob %.6g (%lld targets per neuron)\n",
           o.brette ? "brette (x1000)" : "example", w_exc, w_inh, prob, (long long)(k_exc / n_exc));
    printf("  dt 0.1 ms, %.6g ms, seed %llu, float%d, %d thread(s)\n", o.duration_ms, (unsigned long long)o.seed,
           o.precision, threads);

    t0 = now_s();
    TRY(bps_network_run_for(net, o.duration_ms, "ms", NULL));
    const double run_s = now_s() - t0;

    /* Count spikes per group from the recorded events. */
    int64_t n_events = 0;
    bps_status s = bps_monitor_get_events(net, monitor, NULL, NULL, 0, &n_events);
    if (s != BPS_OK && s != BPS_ERR_BUFFER_TOO_SMALL) {
        failed(s, "bps_monitor_get_events (length)");
        goto done;
    }
    neurons = malloc((size_t)(n_events > 0 ? n_events : 1) * sizeof *neurons);
    if (neurons == NULL) {
        fprintf(stderr, "coba: out of memory for %lld events\n", (long long)n_events);
        goto done;
    }
    int64_t got = 0;
    TRY(bps_monitor_get_events(net, monitor, NULL, neurons, n_events, &got));
    int64_t spikes_exc = 0, spikes_inh = 0;
    for (int64_t e = 0; e < got; e++) {
        if (neurons[e] < n_exc) spikes_exc++;
        else spikes_inh++;
    }
    const double seconds = o.duration_ms / 1000.0;
    const double rate_exc = (double)spikes_exc / ((double)n_exc * seconds);
    const double rate_inh = (double)spikes_inh / ((double)n_inh * seconds);

    printf("  spikes: %lld E, %lld I\n", (long long)spikes_exc, (long long)spikes_inh);
    printf("  rates: E %.3f Hz, I %.3f Hz\n", rate_exc, rate_inh);
    printf("  compile %.4f s, run %.4f s (%.2fx real time)\n", compile_s, run_s, seconds / run_s);
    printf("RESULT {\"E_rate_Hz\": %.4f, \"I_rate_Hz\": %.4f, \"run_s\": %.6f, \"compile_s\": %.6f, \"threads\": %d}\n",
           rate_exc, rate_inh, run_s, compile_s, threads);
    rc = 0;

done:
    free(neurons);
    if (net != NULL && failed(bps_network_delete(net), "bps_network_delete")) rc = 1;
    return rc;
}
