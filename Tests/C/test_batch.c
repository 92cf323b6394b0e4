/*
 * test_batch — the batch axis of a network (bps_network_options.batch_size, brainstate's
 * init_all_states(net, batch_size=B)) through the C ABI.
 *
 * Network (COBA-like): 200 LIFRef (V_rest -60, V_th -50, V_reset -60 mV, tau 20 ms, tau_ref 5 ms),
 * E = neurons 0-159 -> all (EventFixedProb 0.1, 0.6 mS, Expon 5 ms, COBA 0 mV),
 * I = 160-199 -> all (EventFixedProb 0.1, 6.7 mS, Expon 10 ms, COBA -80 mV), persistent input "I_ext";
 * optionally 50 PoissonSpike at 20 Hz -> all (EventFixedProb 0.2, 2 mS): run-time random draws.
 * Monitors: spikes of every neuron, V of neurons 0, 7 and 150.
 *
 * Checks
 *   (a) batch_size 3 with V0 ~ Normal(-55, 2) mV and Poisson input: row 0 equals the unbatched network
 *       bit for bit (states, spikes, monitors, events) initially and after a run; rows 1 and 2 start
 *       from other V0 and run differently; the shapes are [B, N], [T, B, width].
 *   (b) constant V0 and a per-row input [B, N]: every row equals an unbatched network given that row,
 *       also after parameters written midway (they apply to every row).
 *   (c) the same results on 1 and 2 threads, for run(n) and n x run(1), and bps_network_step with a
 *       [B, N] input equals a one-shot [B, N] input and run(1).
 *   (d) bad input is refused with its status and leaves the state as it was: negative batch_size,
 *       batch_size changed after compile, arrays of the wrong number of rows, short buffers; an older
 *       caller's options struct (without batch_size) gives an unbatched network.
 */
#include "bps_test.h"

#include <stddef.h>
#include <stdint.h>

enum { N = 200, NE = 160, NP = 50, B = 3, STEPS = 300, W = 3 };

typedef struct {
    bps_network *net;
    int32_t pop, spikes, volts;
} coba;

static const int64_t watched[W] = {0, 7, 150};

/* The network with `batch` rows; random: V0 ~ Normal and the Poisson input, else V0 = -60 mV.
   input: the persistent input (len 1, N or batch*N values, mA). */
static coba build(int32_t batch, int32_t threads, int random, const double *input, int64_t input_len) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.seed = 42;
    o.num_threads = threads;
    o.batch_size = batch;
    coba c;
    OK(bps_network_new(&o, &c.net));
    bps_network *net = c.net;
    c.pop = bps_test_coba_neurons(net, N);
    if (random) {
        const double normal[2] = {-55, 2};
        OK(bps_population_set_param_init(net, c.pop, "V_initializer", "Normal", normal, 2, "mV"));
        int32_t gen;
        OK(bps_population_new(net, "PoissonSpike", NP, &gen));
        OK(bps_population_set_param(net, gen, "freqs", 20, "Hz"));
        bps_test_coba_projection(net, gen, 0, NP, c.pop, 0.2, 2.0, 5.0, 0.0);
    } else {
        OK(bps_population_set_param(net, c.pop, "V_initializer", -60, "mV"));
    }
    bps_test_coba_projection(net, c.pop, 0, NE, c.pop, 0.1, 0.6, 5.0, 0.0);
    bps_test_coba_projection(net, c.pop, NE, N, c.pop, 0.1, 6.7, 10.0, -80.0);
    OK(bps_population_add_current_input(net, c.pop, "I_ext", input, input_len, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_monitor_spikes(net, c.pop, NULL, 0, &c.spikes));
    OK(bps_monitor_state(net, c.pop, "V", watched, W, &c.volts));
    OK(bps_network_compile(net));
    return c;
}

static int64_t read_v(coba *c, float *out, int64_t capacity) {
    int64_t len = 0;
    OK(bps_population_get_state(c->net, c->pop, "V", out, capacity, BPS_DTYPE_FLOAT32, "mV", &len));
    return len;
}

static int64_t read_spikes(coba *c, uint8_t *out, int64_t capacity) {
    int64_t len = 0;
    OK(bps_population_get_spikes(c->net, c->pop, out, capacity, &len));
    return len;
}

static float *read_values(coba *c, int64_t *len) {
    OK(bps_monitor_get_values(c->net, c->volts, NULL, 0, BPS_DTYPE_FLOAT32, "mV", len));
    float *v = malloc((size_t)*len * sizeof(float) + 1);
    OK(bps_monitor_get_values(c->net, c->volts, v, *len, BPS_DTYPE_FLOAT32, "mV", len));
    return v;
}

static uint8_t *read_raster(coba *c, int64_t *len) {
    OK(bps_monitor_get_raster(c->net, c->spikes, NULL, 0, len));
    uint8_t *r = malloc((size_t)*len + 1);
    OK(bps_monitor_get_raster(c->net, c->spikes, r, *len, len));
    return r;
}

/* Everything row `row` of batched network `b` holds equals unbatched network `u`, bit for bit. */
static int row_equals(coba *b, int row, coba *u) {
    float vb[B * N], vu[N];
    uint8_t sb[B * N], su[N];
    read_v(b, vb, B * N);
    read_v(u, vu, N);
    read_spikes(b, sb, B * N);
    read_spikes(u, su, N);
    int same = memcmp(vb + row * N, vu, sizeof vu) == 0 && memcmp(sb + row * N, su, sizeof su) == 0;
    int64_t lb, lu;
    float *mb = read_values(b, &lb), *mu = read_values(u, &lu);
    same = same && lb == lu * B;
    for (int64_t t = 0; same && t < lu / W; t++) same = memcmp(mb + (t * B + row) * W, mu + t * W, W * sizeof(float)) == 0;
    free(mb);
    free(mu);
    uint8_t *rb = read_raster(b, &lb), *ru = read_raster(u, &lu);
    same = same && lb == lu * B;
    for (int64_t t = 0; same && t < lu / N; t++) same = memcmp(rb + (t * B + row) * N, ru + t * N, N) == 0;
    free(rb);
    free(ru);
    return same;
}

static int rows_differ(coba *b, int r1, int r2) {
    float v[B * N];
    read_v(b, v, B * N);
    return memcmp(v + r1 * N, v + r2 * N, N * sizeof(float)) != 0;
}

static void test_row0_reproduces_unbatched(void) {
    const double input = 20;
    coba u = build(0, 1, 1, &input, 1);
    coba b = build(B, 1, 1, &input, 1);
    int32_t bs = -1;
    OK(bps_network_get_batch_size(b.net, &bs));
    CHECK(bs == B, "batch size %d", bs);
    OK(bps_network_get_batch_size(u.net, &bs));
    CHECK(bs == 0, "unbatched batch size %d", bs);
    float v[B * N];
    CHECK(read_v(&b, v, B * N) == B * N, "V of a batched network has B*N values");
    CHECK(read_v(&u, v, N) == N, "V of an unbatched network has N values");
    CHECK(row_equals(&b, 0, &u), "row 0 starts as the unbatched network");
    CHECK(rows_differ(&b, 0, 1) && rows_differ(&b, 0, 2) && rows_differ(&b, 1, 2),
          "random initial V differs between rows");
    int64_t n1 = 0, n2 = 0;
    OK(bps_projection_num_connections(b.net, 1, &n1));
    OK(bps_projection_num_connections(u.net, 1, &n2));
    CHECK(n1 == n2 && n1 == NE * (N / 10), "shared connectivity: %lld and %lld synapses", (long long)n1, (long long)n2);

    OK(bps_network_run(u.net, STEPS, NULL));
    OK(bps_network_run(b.net, STEPS, NULL));
    CHECK(row_equals(&b, 0, &u), "row 0 runs as the unbatched network");
    CHECK(rows_differ(&b, 0, 1) && rows_differ(&b, 1, 2), "rows run differently");

    int64_t steps = 0, width = 0;
    OK(bps_monitor_shape(b.net, b.volts, &steps, &width));
    CHECK(steps == STEPS && width == W, "monitor shape %lld x %lld", (long long)steps, (long long)width);
    int64_t len = 0;
    free(read_values(&b, &len));
    CHECK(len == STEPS * B * W, "values [T, B, width]: %lld", (long long)len);

    /* Events: row 0's are the unbatched network's; every row spikes. */
    int64_t nb = 0, nu = 0;
    OK(bps_monitor_get_events(b.net, b.spikes, NULL, NULL, 0, &nb));
    OK(bps_monitor_get_events(u.net, u.spikes, NULL, NULL, 0, &nu));
    int64_t *steps_b = malloc((size_t)nb * 8 + 8), *neurons_b = malloc((size_t)nb * 8 + 8), *rows_b = malloc((size_t)nb * 8 + 8);
    int64_t *steps_u = malloc((size_t)nu * 8 + 8), *neurons_u = malloc((size_t)nu * 8 + 8);
    OK(bps_monitor_get_events(b.net, b.spikes, steps_b, neurons_b, nb, &nb));
    OK(bps_monitor_get_event_rows(b.net, b.spikes, rows_b, nb, &len));
    CHECK(len == nb, "one row per event: %lld for %lld", (long long)len, (long long)nb);
    OK(bps_monitor_get_events(u.net, u.spikes, steps_u, neurons_u, nu, &nu));
    int64_t k = 0, per_row[B] = {0, 0, 0};
    int ordered = 1;
    for (int64_t e = 0; e < nb; e++) {
        per_row[rows_b[e]]++;
        if (e > 0) ordered &= steps_b[e] > steps_b[e - 1] || (steps_b[e] == steps_b[e - 1] && rows_b[e] >= rows_b[e - 1]);
        if (rows_b[e] != 0) continue;
        if (k < nu && (steps_b[e] != steps_u[k] || neurons_b[e] != neurons_u[k])) break;
        k++;
    }
    CHECK(ordered, "events ordered by step, then row");
    CHECK(k == nu && per_row[0] == nu, "row 0's events are the unbatched network's (%lld of %lld)", (long long)k, (long long)nu);
    CHECK(per_row[1] > 0 && per_row[2] > 0 && per_row[1] != per_row[0], "rows 1, 2 spike: %lld %lld %lld",
          (long long)per_row[0], (long long)per_row[1], (long long)per_row[2]);
    free(steps_b), free(neurons_b), free(rows_b), free(steps_u), free(neurons_u);

    /* init_states draws the same rows again. */
    float before[B * N], after[B * N];
    OK(bps_network_init_states(b.net));
    read_v(&b, before, B * N);
    OK(bps_network_run(b.net, 5, NULL));
    OK(bps_network_init_states(b.net));
    read_v(&b, after, B * N);
    CHECK(memcmp(before, after, sizeof before) == 0, "init_states redraws every row the same way");
    OK(bps_network_delete(u.net));
    OK(bps_network_delete(b.net));
}

/* Run, write a neuron and a synapse parameter (shared by every row), run on. */
static void change_parameters_midway(coba *c) {
    OK(bps_network_run(c->net, STEPS / 2, NULL));
    OK(bps_population_set_param(c->net, c->pop, "tau", 15, "ms"));
    OK(bps_projection_set_param(c->net, 0, "syn", "tau", 3, "ms"));
    OK(bps_network_run(c->net, STEPS / 2, NULL));
}

static void test_rows_equal_unbatched_inputs(void) {
    double inputs[B * N];
    for (int r = 0; r < B; r++)
        for (int j = 0; j < N; j++) inputs[r * N + j] = 12.0 + 5.0 * r + 0.02 * j;
    coba b = build(B, 1, 0, inputs, B * N);
    change_parameters_midway(&b);
    for (int r = 0; r < B; r++) {
        coba u = build(0, 1, 0, inputs + r * N, N);
        change_parameters_midway(&u);
        CHECK(row_equals(&b, r, &u), "row %d equals the unbatched network given its input", r);
        OK(bps_network_delete(u.net));
    }
    /* A state written from [N] values is broadcast to every row. */
    double v0[N];
    for (int j = 0; j < N; j++) v0[j] = -65.0 + 0.05 * j;
    OK(bps_population_set_state(b.net, b.pop, "V", v0, N, BPS_DTYPE_FLOAT64, "mV"));
    float v[B * N];
    read_v(&b, v, B * N);
    int same = 1;
    for (int j = 0; j < B * N; j++) same &= v[j] == (float)v0[j % N];
    CHECK(same, "a [N] state is written to every row");
    OK(bps_network_delete(b.net));
}

static void test_threads_and_chunking(void) {
    const double input = 20;
    coba one = build(B, 1, 1, &input, 1);
    coba two = build(B, 2, 1, &input, 1);
    coba chunked = build(B, 1, 1, &input, 1);
    OK(bps_network_run(one.net, STEPS, NULL));
    OK(bps_network_run(two.net, STEPS, NULL));
    for (int s = 0; s < STEPS; s++) OK(bps_network_run(chunked.net, 1, NULL));
    float v1[B * N], v2[B * N], v3[B * N];
    read_v(&one, v1, B * N);
    read_v(&two, v2, B * N);
    read_v(&chunked, v3, B * N);
    CHECK(memcmp(v1, v2, sizeof v1) == 0, "1 and 2 threads agree");
    CHECK(memcmp(v1, v3, sizeof v1) == 0, "run(n) and n x run(1) agree");
    int64_t l1, l2, l3;
    uint8_t *r1 = read_raster(&one, &l1), *r2 = read_raster(&two, &l2), *r3 = read_raster(&chunked, &l3);
    CHECK(l1 == (int64_t)STEPS * B * N && l1 == l2 && l1 == l3, "raster [T, B, N]: %lld", (long long)l1);
    CHECK(memcmp(r1, r2, (size_t)l1) == 0 && memcmp(r1, r3, (size_t)l1) == 0, "rasters agree");
    free(r1), free(r2), free(r3);

    /* The closed-loop step with a [B, N] input is a one-shot [B, N] input and run(1). */
    double kick[B * N];
    for (int j = 0; j < B * N; j++) kick[j] = (j % 7) * 3.0;
    uint8_t out[B * N], spikes[B * N];
    int64_t count = 0;
    OK(bps_network_step(one.net, one.pop, kick, B * N, BPS_DTYPE_FLOAT64, "mA", one.pop, out, B * N, &count));
    OK(bps_population_add_one_shot_input(two.net, two.pop, "current", kick, B * N, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_run(two.net, 1, NULL));
    read_spikes(&two, spikes, B * N);
    int64_t total = 0;
    for (int j = 0; j < B * N; j++) total += spikes[j];
    CHECK(memcmp(out, spikes, sizeof out) == 0 && count == total, "step = one-shot + run(1) (%lld spikes)", (long long)count);
    OK(bps_network_delete(one.net));
    OK(bps_network_delete(two.net));
    OK(bps_network_delete(chunked.net));
}

static void test_bad_input(void) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    CHECK(o.batch_size == 0, "default batch_size 0");
    bps_network *net = NULL;
    o.batch_size = -1;
    EXPECT_ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "batch_size");
    o.batch_size = 1 << 20;
    EXPECT_ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "batch_size");
    /* A caller built against the header without batch_size: the field is not read. */
    o.batch_size = 7;
    o.struct_size = (uint32_t)offsetof(bps_network_options, batch_size);
    OK(bps_network_new(&o, &net));
    int32_t bs = -1;
    OK(bps_network_get_batch_size(net, &bs));
    CHECK(bs == 0, "an older options struct gives no batch axis, got %d", bs);
    EXPECT_ERR(bps_network_set_batch_size(net, -2), BPS_ERR_INVALID_ARGUMENT, "batch_size");
    OK(bps_network_delete(net));

    const double input = 20;
    coba b = build(B, 1, 1, &input, 1);
    EXPECT_ERR(bps_network_set_batch_size(b.net, 2), BPS_ERR_BAD_STATE, "batch_size");
    OK(bps_network_set_batch_size(b.net, B));
    OK(bps_network_get_batch_size(b.net, &bs));
    CHECK(bs == B, "batch size unchanged: %d", bs);

    float before[B * N], after[B * N];
    read_v(&b, before, B * N);
    double wrong[2 * N + 1];
    for (int j = 0; j < 2 * N + 1; j++) wrong[j] = -70;
    EXPECT_ERR(bps_population_set_state(b.net, b.pop, "V", wrong, 2 * N, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_OUT_OF_RANGE, "batch_size");
    EXPECT_ERR(bps_population_set_state(b.net, b.pop, "V", wrong, N + 1, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_OUT_OF_RANGE, "600");
    EXPECT_ERR(bps_population_add_current_input(b.net, b.pop, "I2", wrong, 2 * N, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_OUT_OF_RANGE, "batch_size");
    EXPECT_ERR(bps_population_set_current_input(b.net, b.pop, "I_ext", wrong, 2 * N, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_OUT_OF_RANGE, "batch_size");
    EXPECT_ERR(bps_population_add_one_shot_input(b.net, b.pop, "current", wrong, 2 * N, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_OUT_OF_RANGE, "batch_size");
    EXPECT_ERR(bps_projection_set_state(b.net, 1, "g", wrong, 2 * N, BPS_DTYPE_FLOAT64, "mS"), BPS_ERR_OUT_OF_RANGE, "batch_size");
    float small[N];
    int64_t len = 0;
    EXPECT_ERR(bps_population_get_state(b.net, b.pop, "V", small, N, BPS_DTYPE_FLOAT32, "mV", &len), BPS_ERR_BUFFER_TOO_SMALL, "600");
    CHECK(len == B * N, "needed length %lld", (long long)len);
    uint8_t out[N];
    EXPECT_ERR(bps_network_step(b.net, b.pop, &input, 1, BPS_DTYPE_FLOAT64, "mA", b.pop, out, N, NULL), BPS_ERR_BUFFER_TOO_SMALL, "batch rows");
    EXPECT_ERR(bps_network_step(b.net, b.pop, wrong, 2 * N, BPS_DTYPE_FLOAT64, "mA", -1, NULL, 0, NULL), BPS_ERR_OUT_OF_RANGE, "batch_size");
    read_v(&b, after, B * N);
    CHECK(memcmp(before, after, sizeof before) == 0, "refused writes leave every row as it was");
    int64_t step = -1;
    OK(bps_network_get_time(b.net, "ms", NULL, &step));
    CHECK(step == 0, "refused steps do not advance: step %lld", (long long)step);
    OK(bps_network_delete(b.net));

    /* A [B', N] persistent input given before compile must match the batch size at compile. */
    OK(bps_network_options_init(&o));
    o.batch_size = 3;
    OK(bps_network_new(&o, &net));
    int32_t pop;
    OK(bps_population_new(net, "LIF", N, &pop));
    double rows3[3 * N];
    for (int j = 0; j < 3 * N; j++) rows3[j] = 1;
    OK(bps_population_add_current_input(net, pop, "I", rows3, 3 * N, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_set_batch_size(net, 2));
    EXPECT_ERR(bps_network_compile(net), BPS_ERR_OUT_OF_RANGE, "batch_size");
    int32_t compiled = 1;
    OK(bps_network_is_compiled(net, &compiled));
    CHECK(compiled == 0, "a refused compile leaves the network uncompiled");
    OK(bps_network_set_batch_size(net, 3));
    OK(bps_network_compile(net));
    OK(bps_network_delete(net));
}

int main(void) {
    test_row0_reproduces_unbatched();
    test_rows_equal_unbatched_inputs();
    test_threads_and_chunking();
    test_bad_input();
    return bps_test_finish("test_batch");
}
