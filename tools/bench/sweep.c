/*
 * sweep.c — how the cost of the COBA E/I network (brainpy.state example 103) grows with its size.
 * Not a test: CMake builds it, nothing runs it automatically.
 *
 * For each size: 4/5 excitatory, example weights (0.6 / 6.7 mS), every presynaptic neuron with K
 * targets (default 80; the largest size gets --top-in-degree, default 100), 20 mA input, float32.
 * With --weight-sd F every synapse has a weight of its own, drawn from Normal(w, F·w) (a table
 * with per-synapse weights delivers without staging). It reports the compile time, the wall time
 * per simulated second (a run of --duration ms after an untimed warm-up run of the same length and
 * init_states), the resident memory the compiled network added (states, connectivity and the spike
 * recording), bytes per synapse, and the rates.
 *
 *   sweep [--sizes 4000,16000,64000,256000,1000000] [--in-degree 80] [--top-in-degree 100]
 *         [--duration MS] [--large-duration MS] [--threads T] [--weight-sd F]
 *
 * Sizes up to 64 000 run --duration (default 1000 ms); larger ones --large-duration (default 250 ms,
 * which includes the network's synchronous start and so overstates the steady-state cost a little).
 *
 * Output: a table, then one line per size: SWEEP {"neurons": ..., "synapses": ..., ...}
 */
#define _POSIX_C_SOURCE 200809L
#include <brainpystate.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TRY(call)                                                                                   \
    do {                                                                                            \
        bps_status s_ = (call);                                                                     \
        if (s_ != BPS_OK) {                                                                         \
            fprintf(stderr, "sweep: %s failed: %s: %s\n", #call, bps_status_name(s_), bps_last_error_message()); \
            exit(1);                                                                                \
        }                                                                                           \
    } while (0)

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Resident set size of this process in bytes (VmRSS). */
static double rss_bytes(void) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return 0;
    char line[256];
    double kb = 0;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = atof(line + 6);
    fclose(f);
    return kb * 1024;
}

static bps_network *build(int64_t n, int64_t k, int32_t threads, double weight_sd, int32_t *monitor) {
    bps_network_options o;
    TRY(bps_network_options_init(&o));
    o.seed = 42;
    o.num_threads = threads;
    bps_network *net = NULL;
    TRY(bps_network_new(&o, &net));
    int32_t pop = -1;
    TRY(bps_population_new(net, "LIFRef", n, &pop));
    TRY(bps_population_set_param(net, pop, "V_rest", -60, "mV"));
    TRY(bps_population_set_param(net, pop, "V_th", -50, "mV"));
    TRY(bps_population_set_param(net, pop, "V_reset", -60, "mV"));
    TRY(bps_population_set_param(net, pop, "tau", 20, "ms"));
    TRY(bps_population_set_param(net, pop, "tau_ref", 5, "ms"));
    const double v0[2] = {-55, 2};
    TRY(bps_population_set_param_init(net, pop, "V_initializer", "Normal", v0, 2, "mV"));
    const int64_t n_exc = n * 4 / 5;
    const struct { int64_t start, stop; double weight, tau, E; } p[2] = {
        {0, n_exc, 0.6, 5, 0}, {n_exc, n, 6.7, 10, -80}};
    for (int j = 0; j < 2; j++) {
        bps_projection_desc d;
        TRY(bps_projection_desc_init(&d));
        d.pre = pop;
        d.pre_start = p[j].start;
        d.pre_stop = p[j].stop;
        d.post = pop;
        d.comm = "EventFixedProb";
        d.syn = "Expon";
        d.out = "COBA";
        int32_t proj = -1;
        TRY(bps_projection_new(net, &d, &proj));
        TRY(bps_projection_set_param(net, proj, "comm", "conn_num", (double)k, ""));
        if (weight_sd > 0) {
            const double normal[2] = {p[j].weight, weight_sd * p[j].weight};
            TRY(bps_projection_set_param_init(net, proj, "comm", "conn_weight", "Normal", normal, 2, "mS"));
        } else {
            TRY(bps_projection_set_param(net, proj, "comm", "conn_weight", p[j].weight, "mS"));
        }
        TRY(bps_projection_set_param(net, proj, "comm", "seed", 1 + j, ""));
        TRY(bps_projection_set_param(net, proj, "syn", "tau", p[j].tau, "ms"));
        TRY(bps_projection_set_param(net, proj, "out", "E", p[j].E, "mV"));
    }
    const double input = 20;
    TRY(bps_population_add_current_input(net, pop, "ext", &input, 1, BPS_DTYPE_FLOAT64, "mA"));
    TRY(bps_monitor_spikes(net, pop, NULL, 0, monitor));
    return net;
}

int main(int argc, char **argv) {
    char sizes_arg[512] = "4000,16000,64000,256000,1000000";
    int64_t k = 80, top_k = 100;
    double run_ms = 1000, large_duration = 250, weight_sd = 0;
    int32_t threads = 0;
    for (int a = 1; a < argc; a++) {
        if (a + 1 < argc && strcmp(argv[a], "--sizes") == 0) snprintf(sizes_arg, sizeof sizes_arg, "%s", argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--in-degree") == 0) k = atoll(argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--top-in-degree") == 0) top_k = atoll(argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--duration") == 0) run_ms = atof(argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--large-duration") == 0) large_duration = atof(argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--threads") == 0) threads = (int32_t)atoi(argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--weight-sd") == 0) weight_sd = atof(argv[++a]);
        else {
            fprintf(stderr, "usage: sweep [--sizes A,B,...] [--in-degree K] [--top-in-degree K] [--duration MS] "
                            "[--large-duration MS] [--threads T] [--weight-sd F]\n");
            return 2;
        }
    }
    int64_t sizes[32];
    int n_sizes = 0;
    for (char *tok = strtok(sizes_arg, ","); tok && n_sizes < 32; tok = strtok(NULL, ",")) sizes[n_sizes++] = atoll(tok);
    int64_t largest = 0;
    for (int i = 0; i < n_sizes; i++) if (sizes[i] > largest) largest = sizes[i];

    printf("%9s %5s %12s %9s %14s %10s %9s %8s %8s\n", "neurons", "K", "synapses", "compile", "s per sim s",
           "RSS MB", "B/synapse", "E Hz", "I Hz");
    for (int i = 0; i < n_sizes; i++) {
        const int64_t n = sizes[i], kk = n == largest ? top_k : k;
        const double duration = n <= 64000 ? run_ms : large_duration;
        const double rss0 = rss_bytes();
        int32_t monitor = -1;
        bps_network *net = build(n, kk, threads, weight_sd, &monitor);
        double t0 = now();
        TRY(bps_network_compile(net));
        const double compile = now() - t0;
        const double rss1 = rss_bytes();
        int32_t used = 0;
        TRY(bps_network_get_num_threads(net, &used));
        TRY(bps_network_run_for(net, duration, "ms", NULL));
        TRY(bps_network_init_states(net));
        t0 = now();
        TRY(bps_network_run_for(net, duration, "ms", NULL));
        const double run = now() - t0;
        int64_t events = 0;
        TRY(bps_monitor_get_events(net, monitor, NULL, NULL, 0, &events));
        int64_t *who = malloc(sizeof(int64_t) * (size_t)(events + 1));
        TRY(bps_monitor_get_events(net, monitor, NULL, who, events, &events));
        const int64_t n_exc = n * 4 / 5;
        int64_t e_spikes = 0;
        for (int64_t e = 0; e < events; e++) e_spikes += who[e] < n_exc;
        free(who);
        const double seconds = duration / 1000;
        const double rate_e = e_spikes / (double)n_exc / seconds, rate_i = (events - e_spikes) / (double)(n - n_exc) / seconds;
        const double synapses = (double)n * (double)kk;
        const double per_second = run / seconds;
        printf("%9lld %5lld %12.0f %8.3fs %13.3fs %10.1f %9.2f %8.2f %8.2f\n", (long long)n, (long long)kk, synapses,
               compile, per_second, (rss1 - rss0) / 1e6, (rss1 - rss0) / synapses, rate_e, rate_i);
        printf("SWEEP {\"neurons\": %lld, \"in_degree\": %lld, \"synapses\": %.0f, \"threads\": %d, \"compile_s\": %.4f, "
               "\"run_s_per_simulated_s\": %.4f, \"simulated_ms\": %.0f, \"rss_added_MB\": %.1f, \"bytes_per_synapse\": %.2f, "
               "\"E_rate_Hz\": %.3f, \"I_rate_Hz\": %.3f}\n",
               (long long)n, (long long)kk, synapses, used, compile, per_second, duration, (rss1 - rss0) / 1e6,
               (rss1 - rss0) / synapses, rate_e, rate_i);
        fflush(stdout);
        TRY(bps_network_delete(net));
    }
    return 0;
}
