/*
 * test_determinism.c — the same network gives the same spikes whatever the number of worker threads,
 * however a run is chunked (one run, many runs, or one bps_network_step per step), whichever build of
 * the LIF kernels runs (the AVX-512 one that CPUs with AVX-512 get, or the portable one that
 * BRAINPYSTATE_KERNELS=portable forces), and whichever host drives it: the C, Python and Swift tests
 * all compare against fixtures/determinism.txt.
 *
 * The network is chaotic on purpose (example 103 with the x1000 weights), so any difference in any
 * operation shows up in the spike trains within a few hundred steps.
 *
 *   test_determinism <fixtures/determinism.txt>           check
 *   test_determinism --write <fixtures/determinism.txt>   regenerate (after a deliberate numeric change)
 */
/* setenv / unsetenv (POSIX): the tests compile as strict C. */
#define _POSIX_C_SOURCE 200112L
#include "bps_test.h"

#include <inttypes.h>

#define STEPS 3000

static bps_network *build(int32_t threads) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.seed = 2024;
    o.num_threads = threads;
    bps_network *net = NULL;
    OK(bps_network_new(&o, &net));
    int32_t pop = -1;
    OK(bps_population_new(net, "LIFRef", 1000, &pop));
    OK(bps_population_set_param(net, pop, "V_rest", -60, "mV"));
    OK(bps_population_set_param(net, pop, "V_th", -50, "mV"));
    OK(bps_population_set_param(net, pop, "V_reset", -60, "mV"));
    OK(bps_population_set_param(net, pop, "tau", 20, "ms"));
    OK(bps_population_set_param(net, pop, "tau_ref", 5, "ms"));
    const double v0[2] = {-55, 2};
    OK(bps_population_set_param_init(net, pop, "V_initializer", "Normal", v0, 2, "mV"));
    const struct { int64_t start, stop; double weight, seed, tau, E; } p[2] = {
        {0, 800, 600, 11, 5, 0}, {800, 1000, 6700, 12, 10, -80}};
    for (int k = 0; k < 2; k++) {
        bps_projection_desc d;
        OK(bps_projection_desc_init(&d));
        d.pre = pop;
        d.pre_start = p[k].start;
        d.pre_stop = p[k].stop;
        d.post = pop;
        d.comm = "EventFixedProb";
        d.syn = "Expon";
        d.out = "COBA";
        int32_t proj = -1;
        OK(bps_projection_new(net, &d, &proj));
        OK(bps_projection_set_param(net, proj, "comm", "conn_num", 80, ""));
        OK(bps_projection_set_param(net, proj, "comm", "conn_weight", p[k].weight, "mS"));
        OK(bps_projection_set_param(net, proj, "comm", "seed", p[k].seed, ""));
        OK(bps_projection_set_param(net, proj, "syn", "tau", p[k].tau, "ms"));
        OK(bps_projection_set_param(net, proj, "out", "E", p[k].E, "mV"));
    }
    const double input = 20;
    OK(bps_population_add_current_input(net, pop, "ext", &input, 1, BPS_DTYPE_FLOAT64, "mA"));
    int32_t mon = -1;
    OK(bps_monitor_spikes(net, pop, NULL, 0, &mon));
    OK(bps_network_compile(net));
    return net;
}

/* FNV-1a 64 over (step, neuron) of every spike as little-endian int64s, in time order. */
static void digest(bps_network *net, int64_t *count, uint64_t *hash) {
    int64_t n = 0;
    OK(bps_monitor_get_events(net, 0, NULL, NULL, 0, &n));
    int64_t *steps = malloc(sizeof(int64_t) * (size_t)(n + 1));
    int64_t *neurons = malloc(sizeof(int64_t) * (size_t)(n + 1));
    REQUIRE(steps && neurons, "out of memory");
    OK(bps_monitor_get_events(net, 0, steps, neurons, n, &n));
    uint64_t h = 14695981039346656037ULL;
    for (int64_t e = 0; e < n; e++) {
        const int64_t pair[2] = {steps[e], neurons[e]};
        for (int w = 0; w < 2; w++)
            for (int b = 0; b < 8; b++) {
                h ^= (uint64_t)((pair[w] >> (8 * b)) & 0xff);
                h *= 1099511628211ULL;
            }
    }
    free(steps);
    free(neurons);
    *count = n;
    *hash = h;
}

enum mode { ONE_RUN, CHUNKS, STEPS_ONLY };

static void simulate(int32_t threads, enum mode m, int64_t *count, uint64_t *hash) {
    bps_network *net = build(threads);
    switch (m) {
    case ONE_RUN: OK(bps_network_run(net, STEPS, NULL)); break;
    case CHUNKS: for (int k = 0; k < STEPS / 100; k++) OK(bps_network_run(net, 100, NULL)); break;
    case STEPS_ONLY:
        for (int k = 0; k < STEPS; k++) OK(bps_network_step(net, -1, NULL, 0, BPS_DTYPE_FLOAT32, NULL, -1, NULL, 0, NULL));
        break;
    }
    digest(net, count, hash);
    OK(bps_network_delete(net));
}

int main(int argc, char **argv) {
    const int write = argc == 3 && strcmp(argv[1], "--write") == 0;
    REQUIRE(argc == 2 || write, "usage: test_determinism [--write] FILE");
    const char *path = argv[argc - 1];

    int64_t count = 0;
    uint64_t hash = 0;
    simulate(1, ONE_RUN, &count, &hash);
    CHECK(count > 1000, "the network should spike (got %" PRId64 " spikes)", count);
    printf("threads 1, run(%d): %" PRId64 " spikes, fnv1a64 %016" PRIx64 "\n", STEPS, count, hash);
    if (write) {
        FILE *f = fopen(path, "w");
        REQUIRE(f != NULL, "cannot write %s", path);
        fprintf(f, "# written by Tests/C/test_determinism.c --write; read by the C, Python and Swift tests\n");
        fprintf(f, "steps %d\nspike_count %" PRId64 "\nfnv1a64 %016" PRIx64 "\n", STEPS, count, hash);
        fclose(f);
        return 0;
    }

    FILE *f = fopen(path, "r");
    REQUIRE(f != NULL, "cannot read %s", path);
    char line[256];
    int64_t want_count = -1;
    uint64_t want_hash = 0;
    while (fgets(line, sizeof line, f)) {
        sscanf(line, "spike_count %" SCNd64, &want_count);
        sscanf(line, "fnv1a64 %" SCNx64, &want_hash);
    }
    fclose(f);
    CHECK(count == want_count && hash == want_hash,
          "threads 1, one run: %" PRId64 " spikes / %016" PRIx64 ", the fixture says %" PRId64 " / %016" PRIx64,
          count, hash, want_count, want_hash);

    const struct { int32_t threads; enum mode m; int portable; const char *what; } variants[] = {
        {2, ONE_RUN, 0, "threads 2, one run"},
        {2, STEPS_ONLY, 0, "threads 2, one bps_network_step per step"},
        {1, CHUNKS, 0, "threads 1, 30 runs of 100 steps"},
        {3, CHUNKS, 0, "threads 3, 30 runs of 100 steps"},
        {1, ONE_RUN, 1, "threads 1, one run, portable kernels"},
        {2, CHUNKS, 1, "threads 2, 30 runs of 100 steps, portable kernels"},
    };
    for (size_t v = 0; v < sizeof variants / sizeof variants[0]; v++) {
        int64_t c = 0;
        uint64_t h = 0;
        /* Read when the populations compile (inside simulate). */
        if (variants[v].portable) setenv("BRAINPYSTATE_KERNELS", "portable", 1);
        simulate(variants[v].threads, variants[v].m, &c, &h);
        unsetenv("BRAINPYSTATE_KERNELS");
        printf("%s: %" PRId64 " spikes, fnv1a64 %016" PRIx64 "\n", variants[v].what, c, h);
        CHECK(c == count && h == hash, "%s differs from threads 1, one run", variants[v].what);
    }
    return bps_test_finish("test_determinism");
}
