/*
 * model_bench.c — the cost of one step of every neuron model, through the C ABI. Not a test: ctest
 * builds it but never runs it.
 *
 * For each model the discovery call lists with role "neuron", it builds a network of one population
 * of N neurons with the model's defaults (one thread, float32 unless --precision 64), compiles it and
 * times `steps` steps (the best of `repeats` runs after one warm-up run). Without input the neurons
 * sit at rest, but every kernel does the same arithmetic whatever the values (branch-free SIMD), so
 * this is the model's steady cost per neuron and step; a model on a slow generic path would stand
 * out by an order of magnitude.
 *
 *   model_bench [--neurons 65536] [--steps 1000] [--repeats 3] [--precision 32|64]
 *
 * Output: a table, then one line per model: BENCH {"model": ..., "ns_per_neuron_step": ...}
 */
#define _POSIX_C_SOURCE 200809L
#include <brainpystate.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds per run of `steps` steps of `model` (best of `repeats`), or a negative value on error. */
static double time_model(const char *model, int64_t neurons, int64_t steps, int repeats, int32_t precision) {
    bps_network_options opts;
    bps_network_options_init(&opts);
    opts.num_threads = 1;
    opts.precision = precision;
    bps_network *net = NULL;
    int32_t pop = -1;
    double best = -1.0;
    if (bps_network_new(&opts, &net) != BPS_OK || bps_population_new(net, model, neurons, &pop) != BPS_OK ||
        bps_network_compile(net) != BPS_OK || bps_network_run(net, steps, NULL) != BPS_OK) {
        fprintf(stderr, "model_bench: %s: %s\n", model, bps_last_error_message());
        bps_network_delete(net);
        return -1.0;
    }
    for (int r = 0; r < repeats; r++) {
        double t0 = now_s();
        if (bps_network_run(net, steps, NULL) != BPS_OK) {
            fprintf(stderr, "model_bench: %s: %s\n", model, bps_last_error_message());
            best = -1.0;
            break;
        }
        double t = now_s() - t0;
        if (best < 0 || t < best) best = t;
    }
    bps_network_delete(net);
    return best;
}

int main(int argc, char **argv) {
    int64_t neurons = 65536, steps = 1000;
    int repeats = 3;
    int32_t precision = 32;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--neurons") == 0) neurons = atoll(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--steps") == 0) steps = atoll(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--repeats") == 0) repeats = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--precision") == 0) precision = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: model_bench [--neurons N] [--steps S] [--repeats R] [--precision 32|64]\n");
            return 2;
        }
    }
    if (neurons < 1 || steps < 1 || repeats < 1 || (precision != 32 && precision != 64)) {
        fprintf(stderr, "model_bench: neurons, steps and repeats must be >= 1, precision 32 or 64\n");
        return 2;
    }
    int32_t count = 0;
    if (bps_model_count(&count) != BPS_OK) return 1;
    printf("%-16s %14s   (%lld neurons, %lld steps, float%d, 1 thread)\n", "model", "ns/neuron/step",
           (long long)neurons, (long long)steps, precision);
    int failures = 0;
    for (int32_t m = 0; m < count; m++) {
        const char *name = NULL, *role = NULL;
        if (bps_model_info(m, &name, &role, NULL, NULL, NULL, NULL) != BPS_OK) return 1;
        if (strcmp(role, "neuron") != 0) continue;
        double s = time_model(name, neurons, steps, repeats, precision);
        if (s < 0) {
            failures++;
            continue;
        }
        double ns = s * 1e9 / ((double)neurons * (double)steps);
        printf("%-16s %14.3f\n", name, ns);
        printf("BENCH {\"model\": \"%s\", \"precision\": %d, \"ns_per_neuron_step\": %.4f}\n", name, precision, ns);
    }
    return failures ? 1 : 0;
}
