/*
 * coba_bench.c — benchmark of the COBA E/I network (brainpy.state example 103) through the C ABI.
 * Not a test: ctest builds it but never runs it.
 *
 * For each size (default 4000 and 64000 neurons; 4/5 excitatory, example weights 0.6 / 6.7 mS, every
 * neuron with 80 targets, i.e. conn_prob = 80/N) it builds and compiles the network once (compile time
 * reported separately), then repeats: init_states (same initial state every time), run 1 s of simulated
 * time with a spike monitor (the reference example records every spike too). It reports the minimum and
 * the median wall time of the runs and the rates of the last run.
 *
 * --populations 2 builds E and I as two populations with four projections (E→E, E→I, I→E, I→I), as
 * Brian2 and NEST scripts often do, instead of example 103's one population with two slices: the same
 * neurons, 80 targets per neuron split between E and I by their sizes, the same weights.
 *
 *   coba_bench [--sizes 4000,64000] [--repeats 5] [--duration MS] [--threads T] [--precision 32|64]
 *              [--seed S] [--weights example|brette] [--populations 1|2] [--no-monitor]
 *
 * Output: a table, then one machine-readable line per size:
 *   BENCH {"neurons": N, "threads": T, "run_s_min": ..., "run_s_median": ..., "compile_s": ...,
 *          "E_rate_Hz": ..., "I_rate_Hz": ...}
 */
#define _POSIX_C_SOURCE 200809L
#include <brainpystate.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_SIZES 16

typedef struct {
    int64_t sizes[MAX_SIZES];
    int n_sizes;
    int repeats;
    double duration_ms;
    int32_t threads;
    int32_t precision;
    uint64_t seed;
    int brette;
    int populations;
    int monitor;
} bench_options;

typedef struct {
    int64_t neurons;
    int32_t threads;
    double compile_s, run_min, run_median, rate_exc, rate_inh;
} bench_result;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int failed(bps_status status, const char *what) {
    if (status == BPS_OK) return 0;
    fprintf(stderr, "coba_bench: %s failed: %s: %s\n", what, bps_status_name(status), bps_last_error_message());
    return 1;
}
#define TRY(call)                              \
    do {                                       \
        if (failed((call), #call)) goto done;  \
    } while (0)

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double conn_prob_for(int64_t n_post, int k) {
    double p = (double)k / (double)n_post;
    while ((int64_t)((double)n_post * p) < k) p = p * (1.0 + 1e-15);
    return p;
}

/* A projection from neurons [start, stop) of `pre` (stop -1: to the end) onto every neuron of `post`. */
static bps_status add_projection(bps_network *net, int32_t pre, int64_t start, int64_t stop, int32_t post,
                                 double prob, double weight_mS, double tau_ms, double E_mV) {
    bps_projection_desc desc;
    bps_status s = bps_projection_desc_init(&desc);
    if (s != BPS_OK) return s;
    desc.pre = pre;
    desc.pre_start = start;
    desc.pre_stop = stop;
    desc.post = post;
    desc.comm = "EventFixedProb";
    desc.syn = "Expon";
    desc.out = "COBA";
    int32_t proj;
    if ((s = bps_projection_new(net, &desc, &proj)) != BPS_OK) return s;
    if ((s = bps_projection_set_param(net, proj, "comm", "conn_prob", prob, "")) != BPS_OK) return s;
    if ((s = bps_projection_set_param(net, proj, "comm", "conn_weight", weight_mS, "mS")) != BPS_OK) return s;
    if ((s = bps_projection_set_param(net, proj, "syn", "tau", tau_ms, "ms")) != BPS_OK) return s;
    return bps_projection_set_param(net, proj, "out", "E", E_mV, "mV");
}

static bps_status add_lifref(bps_network *net, int64_t n, int32_t *pop) {
    bps_status s;
    if ((s = bps_population_new(net, "LIFRef", n, pop)) != BPS_OK) return s;
    if ((s = bps_population_set_param(net, *pop, "V_rest", -60.0, "mV")) != BPS_OK) return s;
    if ((s = bps_population_set_param(net, *pop, "V_th", -50.0, "mV")) != BPS_OK) return s;
    if ((s = bps_population_set_param(net, *pop, "V_reset", -60.0, "mV")) != BPS_OK) return s;
    if ((s = bps_population_set_param(net, *pop, "tau", 20.0, "ms")) != BPS_OK) return s;
    if ((s = bps_population_set_param(net, *pop, "tau_ref", 5.0, "ms")) != BPS_OK) return s;
    const double v_init[2] = {-55.0, 2.0};
    if ((s = bps_population_set_param_init(net, *pop, "V_initializer", "Normal", v_init, 2, "mV")) != BPS_OK) return s;
    const double input_mA = 20.0;
    return bps_population_add_current_input(net, *pop, "I_ext", &input_mA, 1, BPS_DTYPE_FLOAT64, "mA");
}

/* Spike counts of the excitatory and inhibitory groups since the last init_states (neurons below n_exc
 * are excitatory). */
static int count_spikes(bps_network *net, int32_t monitor, int64_t n_exc, int64_t *exc, int64_t *inh) {
    int64_t len = 0;
    bps_status s = bps_monitor_get_events(net, monitor, NULL, NULL, 0, &len);
    if (s != BPS_OK && s != BPS_ERR_BUFFER_TOO_SMALL) return !failed(s, "bps_monitor_get_events");
    int64_t *neurons = malloc((size_t)(len > 0 ? len : 1) * sizeof *neurons);
    if (neurons == NULL) return 0;
    int ok = !failed(bps_monitor_get_events(net, monitor, NULL, neurons, len, &len), "bps_monitor_get_events");
    *exc = *inh = 0;
    for (int64_t e = 0; ok && e < len; e++) {
        if (neurons[e] < n_exc) (*exc)++;
        else (*inh)++;
    }
    free(neurons);
    return ok;
}

static int bench_size(const bench_options *o, int64_t n, bench_result *r) {
    int ok = 0;
    bps_network *net = NULL;
    double *times = calloc((size_t)o->repeats, sizeof *times);
    if (times == NULL) return 0;
    const int64_t n_exc = n * 4 / 5;

    bps_network_options nopts;
    TRY(bps_network_options_init(&nopts));
    nopts.seed = o->seed;
    nopts.precision = o->precision;
    nopts.num_threads = o->threads;
    TRY(bps_network_new(&nopts, &net));
    const double w_exc = o->brette ? 600.0 : 0.6, w_inh = o->brette ? 6700.0 : 6.7;
    int32_t pop, inh_pop = -1, monitor = -1, inh_monitor = -1;
    if (o->populations == 1) {
        TRY(add_lifref(net, n, &pop));
        const double prob = conn_prob_for(n, 80);
        TRY(add_projection(net, pop, 0, n_exc, pop, prob, w_exc, 5.0, 0.0));
        TRY(add_projection(net, pop, n_exc, n, pop, prob, w_inh, 10.0, -80.0));
    } else {
        TRY(add_lifref(net, n_exc, &pop));
        TRY(add_lifref(net, n - n_exc, &inh_pop));
        const int k_exc = (int)((80 * n_exc + n / 2) / n);
        const double to_exc = conn_prob_for(n_exc, k_exc), to_inh = conn_prob_for(n - n_exc, 80 - k_exc);
        TRY(add_projection(net, pop, 0, -1, pop, to_exc, w_exc, 5.0, 0.0));
        TRY(add_projection(net, pop, 0, -1, inh_pop, to_inh, w_exc, 5.0, 0.0));
        TRY(add_projection(net, inh_pop, 0, -1, pop, to_exc, w_inh, 10.0, -80.0));
        TRY(add_projection(net, inh_pop, 0, -1, inh_pop, to_inh, w_inh, 10.0, -80.0));
    }
    if (o->monitor) {
        TRY(bps_monitor_spikes(net, pop, NULL, 0, &monitor));
        if (inh_pop >= 0) TRY(bps_monitor_spikes(net, inh_pop, NULL, 0, &inh_monitor));
    }

    double t0 = now_s();
    TRY(bps_network_compile(net));
    r->compile_s = now_s() - t0;
    r->neurons = n;
    TRY(bps_network_get_num_threads(net, &r->threads));

    for (int k = 0; k < o->repeats; k++) {
        TRY(bps_network_init_states(net));
        t0 = now_s();
        TRY(bps_network_run_for(net, o->duration_ms, "ms", NULL));
        times[k] = now_s() - t0;
        fprintf(stderr, "  %lld neurons, run %d/%d: %.4f s\n", (long long)n, k + 1, o->repeats, times[k]);
    }
    qsort(times, (size_t)o->repeats, sizeof *times, cmp_double);
    r->run_min = times[0];
    r->run_median = o->repeats % 2 ? times[o->repeats / 2]
                                   : 0.5 * (times[o->repeats / 2 - 1] + times[o->repeats / 2]);
    r->rate_exc = r->rate_inh = -1.0;
    if (o->monitor) {
        int64_t exc, inh, none;
        if (!count_spikes(net, monitor, n_exc, &exc, &inh)) goto done;
        if (inh_monitor >= 0 && !count_spikes(net, inh_monitor, 0, &none, &inh)) goto done;
        r->rate_exc = (double)exc / ((double)n_exc * o->duration_ms / 1000.0);
        r->rate_inh = (double)inh / ((double)(n - n_exc) * o->duration_ms / 1000.0);
    }
    ok = 1;
done:
    free(times);
    if (net != NULL && failed(bps_network_delete(net), "bps_network_delete")) ok = 0;
    return ok;
}

static void usage(FILE *to) {
    fprintf(to, "usage: coba_bench [--sizes 4000,64000] [--repeats 5] [--duration MS] [--threads T]\n"
                "                  [--precision 32|64] [--seed S] [--weights example|brette] [--populations 1|2]\n"
                "                  [--no-monitor]\n");
}

static int parse_int(const char *text, long long lo, long long hi, long long *out) {
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < lo || v > hi) return 0;
    *out = v;
    return 1;
}

static int parse_args(int argc, char **argv, bench_options *o) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        long long v;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            usage(stdout);
            exit(0);
        }
        if (strcmp(arg, "--no-monitor") == 0) {
            o->monitor = 0;
            continue;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "coba_bench: %s needs a value\n", arg);
            return 0;
        }
        const char *value = argv[++i];
        if (strcmp(arg, "--sizes") == 0) {
            char buf[512];
            if (strlen(value) >= sizeof buf) return 0;
            strcpy(buf, value);
            o->n_sizes = 0;
            for (char *tok = strtok(buf, ","); tok != NULL; tok = strtok(NULL, ",")) {
                if (o->n_sizes == MAX_SIZES || !parse_int(tok, 100, 100000000, &v)) {
                    fprintf(stderr, "coba_bench: bad --sizes '%s'\n", value);
                    return 0;
                }
                o->sizes[o->n_sizes++] = v;
            }
            if (o->n_sizes == 0) return 0;
        } else if (strcmp(arg, "--repeats") == 0) {
            if (!parse_int(value, 1, 1000, &v)) { fprintf(stderr, "coba_bench: bad --repeats\n"); return 0; }
            o->repeats = (int)v;
        } else if (strcmp(arg, "--duration") == 0) {
            char *end;
            double d = strtod(value, &end);
            if (end == value || *end != '\0' || !(d > 0) || d > 1e9) {
                fprintf(stderr, "coba_bench: bad --duration\n");
                return 0;
            }
            o->duration_ms = d;
        } else if (strcmp(arg, "--threads") == 0) {
            if (!parse_int(value, 0, 4096, &v)) { fprintf(stderr, "coba_bench: bad --threads\n"); return 0; }
            o->threads = (int32_t)v;
        } else if (strcmp(arg, "--precision") == 0) {
            if (!parse_int(value, 32, 64, &v) || (v != 32 && v != 64)) {
                fprintf(stderr, "coba_bench: --precision must be 32 or 64\n");
                return 0;
            }
            o->precision = (int32_t)v;
        } else if (strcmp(arg, "--seed") == 0) {
            if (!parse_int(value, 0, INT64_MAX, &v)) { fprintf(stderr, "coba_bench: bad --seed\n"); return 0; }
            o->seed = (uint64_t)v;
        } else if (strcmp(arg, "--populations") == 0) {
            if (!parse_int(value, 1, 2, &v)) { fprintf(stderr, "coba_bench: --populations must be 1 or 2\n"); return 0; }
            o->populations = (int)v;
        } else if (strcmp(arg, "--weights") == 0) {
            if (strcmp(value, "example") == 0) o->brette = 0;
            else if (strcmp(value, "brette") == 0) o->brette = 1;
            else { fprintf(stderr, "coba_bench: --weights must be example or brette\n"); return 0; }
        } else {
            fprintf(stderr, "coba_bench: unknown option '%s'\n", arg);
            return 0;
        }
    }
    return 1;
}

int main(int argc, char **argv) {
    bench_options o = {.sizes = {4000, 64000}, .n_sizes = 2, .repeats = 5, .duration_ms = 1000.0,
                       .threads = 0, .precision = 32, .seed = 0, .brette = 0, .populations = 1,
                       .monitor = 1};
    if (!parse_args(argc, argv, &o)) {
        usage(stderr);
        return 2;
    }
    printf("brainpystate %s, COBA benchmark: %d run(s) of %.6g ms per size, float%d, %s weights, %s%s\n",
           bps_version_string(), o.repeats, o.duration_ms, o.precision, o.brette ? "brette" : "example",
           o.populations == 1 ? "one population" : "E and I as two populations",
           o.monitor ? ", spike monitor" : ", no monitor");
    bench_result results[MAX_SIZES];
    for (int i = 0; i < o.n_sizes; i++) {
        if (!bench_size(&o, o.sizes[i], &results[i])) return 1;
    }
    printf("%10s %8s %12s %12s %12s %10s %10s\n", "neurons", "threads", "run_min_s", "run_median_s", "compile_s",
           "E_Hz", "I_Hz");
    for (int i = 0; i < o.n_sizes; i++) {
        const bench_result *r = &results[i];
        printf("%10lld %8d %12.4f %12.4f %12.4f %10.3f %10.3f\n", (long long)r->neurons, r->threads, r->run_min,
               r->run_median, r->compile_s, r->rate_exc, r->rate_inh);
    }
    for (int i = 0; i < o.n_sizes; i++) {
        const bench_result *r = &results[i];
        /* Rates are null (JSON) when no monitor recorded them. */
        char exc[32] = "null", inh[32] = "null";
        if (o.monitor) {
            snprintf(exc, sizeof exc, "%.4f", r->rate_exc);
            snprintf(inh, sizeof inh, "%.4f", r->rate_inh);
        }
        printf("BENCH {\"neurons\": %lld, \"threads\": %d, \"run_s_min\": %.6f, \"run_s_median\": %.6f, "
               "\"compile_s\": %.6f, \"E_rate_Hz\": %s, \"I_rate_Hz\": %s}\n",
               (long long)r->neurons, r->threads, r->run_min, r->run_median, r->compile_s, exc, inh);
    }
    return 0;
}
