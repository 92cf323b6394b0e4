/*
 * test_network — behaviour of a small network through the C ABI.
 *
 * Network (all in one, as brainpy.state would describe it):
 *   A: 100 LIFRef (V_rest -60, V_th -50, V_reset -60 mV, tau 20 ms, tau_ref 5 ms, V0 ~ Normal(-55, 2) mV),
 *      persistent input "I_ext" 20 mA
 *   B: 40 LIF (tau 10 ms, V0 = -60 mV, spk_reset hard), no input of its own
 *   C: 10 LIF, isolated, per-neuron persistent input "I_c" (0 mA for 0-4, 20 mA for 5-9)
 *   j0: A[0:80]   -> B  EventFixedProb conn_prob 0.1 (K = 4), 200 mS, Expon 5 ms,  COBA E = 0 mV
 *   j1: A[80:100] -> A  EventFixedProb conn_prob 0.29 (K = int(100*0.29) = 28), 500 mS, seed 1234,
 *                       Expon 10 ms, COBA E = -80 mV
 *   j2: B -> A          SparseLinear (B i -> A 2i, 2i+1), 5 mS, Expon 5 ms, CUBA, delay 1 ms
 *   monitors: m0 spikes of A; m1 spikes of A[3, 7, 42, 99]; m2 V of B[0, 5, 39]; m3 g of j0;
 *             m4 spikes of C; m5 spikes of B
 *
 * Checks: determinism; run(100) == 100 x run(1) == run_for(10 ms) == run_for(0.01 s); the fused
 * bps_network_step equals one-shot input + run(1); init_states; persistent inputs (scalar and per
 * neuron) take effect when changed; monitors agree with each other and with the states; connectivity
 * read-back; float64; worker threads (num_threads resolution, and idle workers park instead of
 * spinning: the process uses almost no CPU while a compiled 2-thread network sits idle).
 */
#define _POSIX_C_SOURCE 200809L
#include "bps_test.h"

#include <stdint.h>
#include <sys/resource.h>
#include <time.h>

enum { NA = 100, NB = 40, NC = 10, STEPS = 200 };

typedef struct {
    bps_network *net;
    int32_t a, b, cpop, j0, j1, j2, m0, m1, m2, m3, m4, m5;
} model;

static const int64_t m1_idx[4] = {3, 7, 42, 99};
static const int64_t m2_idx[3] = {0, 5, 39};

static bps_network *new_net(uint64_t seed, int32_t precision) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.seed = seed;
    o.precision = precision;
    o.num_threads = 1;
    bps_network *net = NULL;
    OK(bps_network_new(&o, &net));
    return net;
}

static int32_t projection(bps_network *net, int32_t pre, int64_t start, int64_t stop, int32_t post,
                          const char *comm, const char *out, double delay_ms) {
    bps_projection_desc d;
    OK(bps_projection_desc_init(&d));
    d.pre = pre;
    d.pre_start = start;
    d.pre_stop = stop;
    d.post = post;
    d.comm = comm;
    d.syn = "Expon";
    d.out = out;
    d.delay = delay_ms;
    d.delay_unit = "ms";
    int32_t id = -1;
    OK(bps_projection_new(net, &d, &id));
    return id;
}

static model build(uint64_t seed, int32_t precision) {
    model m;
    m.net = new_net(seed, precision);
    bps_network *net = m.net;

    m.a = bps_test_coba_neurons(net, NA);
    const double normal[2] = {-55, 2};
    OK(bps_population_set_param_init(net, m.a, "V_initializer", "Normal", normal, 2, "mV"));

    OK(bps_population_new(net, "LIF", NB, &m.b));
    OK(bps_population_set_param(net, m.b, "V_rest", -0.060, "V")); /* units are converted on the way in */
    OK(bps_population_set_param(net, m.b, "V_th", -50, "mV"));
    OK(bps_population_set_param(net, m.b, "V_reset", -60, "mV"));
    OK(bps_population_set_param(net, m.b, "tau", 0.01, "s"));
    OK(bps_population_set_param(net, m.b, "V_initializer", -60, "mV"));
    OK(bps_population_set_option(net, m.b, "spk_reset", "hard"));

    OK(bps_population_new(net, "LIF", NC, &m.cpop));
    OK(bps_population_set_param(net, m.cpop, "V_rest", -60, "mV"));
    OK(bps_population_set_param(net, m.cpop, "V_th", -50, "mV"));
    OK(bps_population_set_param(net, m.cpop, "V_reset", -60, "mV"));
    OK(bps_population_set_param(net, m.cpop, "tau", 10, "ms"));
    OK(bps_population_set_param(net, m.cpop, "V_initializer", -60, "mV"));

    m.j0 = projection(net, m.a, 0, 80, m.b, "EventFixedProb", "COBA", 0);
    OK(bps_projection_set_param(net, m.j0, "comm", "conn_prob", 0.1, ""));
    OK(bps_projection_set_param(net, m.j0, "comm", "conn_weight", 200, "mS"));
    OK(bps_projection_set_param(net, m.j0, "syn", "tau", 5, "ms"));
    OK(bps_projection_set_param(net, m.j0, "out", "E", 0, "mV"));

    m.j1 = projection(net, m.a, 80, -1, m.a, "EventFixedProb", "COBA", 0);
    OK(bps_projection_set_param(net, m.j1, "comm", "conn_prob", 0.29, ""));
    OK(bps_projection_set_param(net, m.j1, "comm", "conn_weight", 0.5, "S"));
    OK(bps_projection_set_param(net, m.j1, "comm", "seed", 1234, ""));
    OK(bps_projection_set_param(net, m.j1, "syn", "tau", 10, "ms"));
    OK(bps_projection_set_param(net, m.j1, "out", "E", -80, "mV"));

    m.j2 = projection(net, m.b, 0, -1, m.a, "SparseLinear", "CUBA", 1.0);
    int64_t pre[2 * NB], post[2 * NB];
    for (int i = 0; i < NB; i++) {
        pre[2 * i] = pre[2 * i + 1] = i;
        post[2 * i] = 2 * i;
        post[2 * i + 1] = 2 * i + 1;
    }
    OK(bps_projection_set_param(net, m.j2, "comm", "weight", 5, "mS"));
    OK(bps_projection_set_connections(net, m.j2, pre, post, NULL, 2 * NB, BPS_DTYPE_FLOAT64, "mS"));
    OK(bps_projection_set_param(net, m.j2, "syn", "tau", 5, "ms"));

    const float input = 20.0f;
    OK(bps_population_add_current_input(net, m.a, "I_ext", &input, 1, BPS_DTYPE_FLOAT32, "mA"));
    double ic[NC];
    for (int i = 0; i < NC; i++) ic[i] = i < 5 ? 0.0 : 20.0;
    OK(bps_population_add_current_input(net, m.cpop, "I_c", ic, NC, BPS_DTYPE_FLOAT64, "mA"));

    OK(bps_monitor_spikes(net, m.a, NULL, 0, &m.m0));
    OK(bps_monitor_spikes(net, m.a, m1_idx, 4, &m.m1));
    OK(bps_monitor_state(net, m.b, "V", m2_idx, 3, &m.m2));
    OK(bps_monitor_projection_state(net, m.j0, "g", NULL, 0, &m.m3));
    OK(bps_monitor_spikes(net, m.cpop, NULL, 0, &m.m4));
    OK(bps_monitor_spikes(net, m.b, NULL, 0, &m.m5));
    OK(bps_network_compile(net));
    int32_t compiled = 0;
    OK(bps_network_is_compiled(net, &compiled));
    REQUIRE(compiled == 1, "is_compiled after compile");
    return m;
}

static void destroy(model *m) {
    OK(bps_network_delete(m->net));
    m->net = NULL;
}

/* ---------------------------------------------------------------- readers */

typedef struct {
    int64_t n;
    int64_t *steps, *neurons;
} events;

static events get_events(bps_network *net, int32_t monitor) {
    events e = {0, NULL, NULL};
    bps_status s = bps_monitor_get_events(net, monitor, NULL, NULL, 0, &e.n);
    REQUIRE(s == BPS_OK || s == BPS_ERR_BUFFER_TOO_SMALL, "events length: %s", bps_last_error_message());
    e.steps = malloc((size_t)(e.n + 1) * sizeof *e.steps);
    e.neurons = malloc((size_t)(e.n + 1) * sizeof *e.neurons);
    REQUIRE(e.steps && e.neurons, "malloc");
    int64_t len = -1;
    OK(bps_monitor_get_events(net, monitor, e.steps, e.neurons, e.n, &len));
    REQUIRE(len == e.n, "events: %lld then %lld", (long long)e.n, (long long)len);
    return e;
}

static void free_events(events *e) {
    free(e->steps);
    free(e->neurons);
}

static int same_events(const events *x, const events *y) {
    if (x->n != y->n) return 0;
    for (int64_t k = 0; k < x->n; k++) {
        if (x->steps[k] != y->steps[k] || x->neurons[k] != y->neurons[k]) return 0;
    }
    return 1;
}

static void get_v(bps_network *net, int32_t pop, float *out, int64_t n) {
    int64_t len = -1;
    OK(bps_population_get_state(net, pop, "V", out, n, BPS_DTYPE_FLOAT32, "mV", &len));
    REQUIRE(len == n, "V length %lld, expected %lld", (long long)len, (long long)n);
}

/* Two models have the same V everywhere, the same g and the same recorded spikes. */
static void check_same(const model *x, const model *y, const char *what) {
    float va[NA], vb[NA];
    get_v(x->net, x->a, va, NA);
    get_v(y->net, y->a, vb, NA);
    CHECK(memcmp(va, vb, sizeof va) == 0, "%s: V of A differs", what);
    get_v(x->net, x->b, va, NB);
    get_v(y->net, y->b, vb, NB);
    CHECK(memcmp(va, vb, NB * sizeof(float)) == 0, "%s: V of B differs", what);
    OK(bps_projection_get_state(x->net, x->j0, "g", va, NB, BPS_DTYPE_FLOAT32, "mS", NULL));
    OK(bps_projection_get_state(y->net, y->j0, "g", vb, NB, BPS_DTYPE_FLOAT32, "mS", NULL));
    CHECK(memcmp(va, vb, NB * sizeof(float)) == 0, "%s: g of j0 differs", what);
    events ex = get_events(x->net, x->m0), ey = get_events(y->net, y->m0);
    CHECK(same_events(&ex, &ey), "%s: spike events differ (%lld vs %lld)", what, (long long)ex.n, (long long)ey.n);
    free_events(&ex);
    free_events(&ey);
    int64_t sx = -1, sy = -2;
    double tx = -1, ty = -2;
    OK(bps_network_get_time(x->net, "ms", &tx, &sx));
    OK(bps_network_get_time(y->net, "ms", &ty, &sy));
    CHECK(sx == sy && tx == ty, "%s: time (%lld, %g) vs (%lld, %g)", what, (long long)sx, tx, (long long)sy, ty);
}

/* ---------------------------------------------------------------- tests */

static void test_determinism(void) {
    model x = build(11, 32), y = build(11, 32);
    OK(bps_network_run(x.net, STEPS, NULL));
    OK(bps_network_run(y.net, STEPS, NULL));
    check_same(&x, &y, "two identical networks");
    events e = get_events(x.net, x.m0), eb = get_events(x.net, x.m5);
    printf("small network, %d steps: %lld spikes in A, %lld in B\n", STEPS, (long long)e.n, (long long)eb.n);
    CHECK(e.n > 20, "A must be active: %lld spikes in %d steps", (long long)e.n, STEPS);
    CHECK(eb.n > 0, "B (driven only through j0, COBA) never spiked in %d steps", STEPS);
    free_events(&e);
    free_events(&eb);

    /* A different seed draws other initial states. */
    model z = build(12, 32);
    float vx[NA], vz[NA];
    get_v(z.net, z.a, vz, NA);
    OK(bps_network_init_states(x.net));
    get_v(x.net, x.a, vx, NA);
    CHECK(memcmp(vx, vz, sizeof vx) != 0, "seeds 11 and 12 give the same initial V");
    destroy(&x);
    destroy(&y);
    destroy(&z);
}

static void test_chunking(int32_t precision) {
    model a = build(5, precision), b = build(5, precision), c = build(5, precision), d = build(5, precision);
    OK(bps_network_run(a.net, 100, NULL));
    for (int i = 0; i < 100; i++) OK(bps_network_run(b.net, 1, NULL));
    OK(bps_network_run_for(c.net, 10.0, "ms", NULL));
    OK(bps_network_run_for(d.net, 0.01, "s", NULL));
    char what[64];
    snprintf(what, sizeof what, "float%d run(100) vs 100 x run(1)", precision);
    check_same(&a, &b, what);
    snprintf(what, sizeof what, "float%d run(100) vs run_for(10 ms)", precision);
    check_same(&a, &c, what);
    snprintf(what, sizeof what, "float%d run(100) vs run_for(0.01 s)", precision);
    check_same(&a, &d, what);
    /* run(0) is a no-op. */
    OK(bps_network_run(a.net, 0, NULL));
    int64_t step = -1;
    double t = -1;
    OK(bps_network_get_time(a.net, "ms", &t, &step));
    CHECK(step == 100, "step index %lld after 100 steps", (long long)step);
    if (precision == 32) CHECK(t == (double)(100.0f * 0.1f), "float32 t = %.17g", t);
    else CHECK(t == 100.0 * 0.1, "float64 t = %.17g", t);
    OK(bps_network_get_time(a.net, "s", &t, NULL));
    CHECK(bps_close(t, 0.01, 1e-6), "t in s = %.17g", t);
    destroy(&a);
    destroy(&b);
    destroy(&c);
    destroy(&d);
}

static void test_closed_loop(void) {
    model x = build(21, 32), y = build(21, 32);
    uint8_t out[NA], ref[NA];
    double per_neuron[NB];
    for (int k = 0; k < STEPS; k++) {
        /* Inputs into B: a scalar every 3rd step, a per-neuron pattern every 5th, none otherwise. */
        const void *input = NULL;
        int64_t len = 0;
        double scalar = 2.0 + 0.25 * (k % 4);
        if (k % 3 == 0) {
            input = &scalar;
            len = 1;
        } else if (k % 5 == 0) {
            for (int i = 0; i < NB; i++) per_neuron[i] = (i + k) % 7 == 0 ? 30.0 : 0.5;
            input = per_neuron;
            len = NB;
        }
        memset(out, 0xEE, sizeof out);
        int64_t count = -1;
        OK(bps_network_step(x.net, x.b, input, len, BPS_DTYPE_FLOAT64, "mA", x.a, out, NA, &count));
        if (input != NULL) OK(bps_population_add_one_shot_input(y.net, y.b, "current", input, len, BPS_DTYPE_FLOAT64, "mA"));
        OK(bps_network_run(y.net, 1, NULL));
        int64_t rlen = -1;
        OK(bps_population_get_spikes(y.net, y.a, ref, NA, &rlen));
        CHECK(rlen == NA, "get_spikes length %lld", (long long)rlen);
        int64_t sum = 0;
        for (int i = 0; i < NA; i++) {
            CHECK(out[i] <= 1, "step %d: spike byte %d is %u", k, i, out[i]);
            sum += out[i];
        }
        CHECK(sum == count, "step %d: spike count %lld, bytes sum to %lld", k, (long long)count, (long long)sum);
        CHECK(memcmp(out, ref, sizeof out) == 0, "step %d: bps_network_step spikes differ from one-shot + run(1)", k);
        uint8_t now[NA];
        OK(bps_population_get_spikes(x.net, x.a, now, NA, NULL));
        CHECK(memcmp(out, now, sizeof out) == 0, "step %d: out_spikes differ from bps_population_get_spikes", k);
    }
    check_same(&x, &y, "closed loop vs one-shot inputs");

    /* No input and no output are allowed; the input unit is then ignored. */
    int64_t count = -1;
    OK(bps_network_step(x.net, -1, NULL, 0, BPS_DTYPE_FLOAT64, NULL, -1, NULL, 0, &count));
    OK(bps_network_step(x.net, x.b, NULL, 0, BPS_DTYPE_FLOAT64, NULL, x.a, NULL, 0, NULL));
    /* A one-shot input changes the outcome (it is not silently dropped). */
    model z = build(21, 32), w = build(21, 32);
    const double big = 500.0;
    OK(bps_population_add_one_shot_input(z.net, z.b, "current", &big, 1, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_run(z.net, 1, NULL));
    OK(bps_network_run(w.net, 1, NULL));
    float vz[NB], vw[NB];
    get_v(z.net, z.b, vz, NB);
    get_v(w.net, w.b, vw, NB);
    CHECK(memcmp(vz, vw, sizeof vz) != 0, "a 500 mA one-shot input did not change V of B");
    /* A "delta" one-shot input adds to V after the step's integration. */
    const double delta = 1.5;
    OK(bps_population_add_one_shot_input(z.net, z.cpop, "delta", &delta, 1, BPS_DTYPE_FLOAT64, "mV"));
    OK(bps_network_run(z.net, 1, NULL));
    OK(bps_network_run(w.net, 1, NULL));
    float cz[NC], cw[NC];
    get_v(z.net, z.cpop, cz, NC);
    get_v(w.net, w.cpop, cw, NC);
    CHECK(bps_close(cz[0] - cw[0], 1.5, 1e-4), "delta input of 1.5 mV moved V by %g", (double)(cz[0] - cw[0]));
    destroy(&x);
    destroy(&y);
    destroy(&z);
    destroy(&w);
}

static void test_init_states(void) {
    model m = build(31, 32);
    float v0[NA], g0[NB], v[NA];
    get_v(m.net, m.a, v0, NA);
    OK(bps_projection_get_state(m.net, m.j0, "g", g0, NB, BPS_DTYPE_FLOAT32, "mS", NULL));
    OK(bps_network_run(m.net, STEPS, NULL));
    events first = get_events(m.net, m.m0);
    get_v(m.net, m.a, v, NA);
    CHECK(memcmp(v, v0, sizeof v) != 0, "V did not change in %d steps", STEPS);

    OK(bps_network_init_states(m.net));
    int64_t step = -1;
    double t = -1;
    OK(bps_network_get_time(m.net, "ms", &t, &step));
    CHECK(step == 0 && t == 0.0, "after init_states: step %lld, t %g", (long long)step, t);
    get_v(m.net, m.a, v, NA);
    CHECK(memcmp(v, v0, sizeof v) == 0, "init_states did not restore V (same draws as at compile)");
    float g[NB];
    OK(bps_projection_get_state(m.net, m.j0, "g", g, NB, BPS_DTYPE_FLOAT32, "mS", NULL));
    CHECK(memcmp(g, g0, sizeof g) == 0, "init_states did not restore g");
    int64_t steps = -1;
    for (int32_t mon = 0; mon <= m.m5; mon++) {
        OK(bps_monitor_shape(m.net, mon, &steps, NULL));
        CHECK(steps == 0, "monitor %d holds %lld steps after init_states", mon, (long long)steps);
    }
    double lst[NA];
    OK(bps_population_get_state(m.net, m.a, "last_spike_time", lst, NA, BPS_DTYPE_FLOAT64, "ms", NULL));
    CHECK(lst[0] < -1e6, "last_spike_time after init: %g ms", lst[0]);

    /* The same run again. */
    OK(bps_network_run(m.net, STEPS, NULL));
    events second = get_events(m.net, m.m0);
    CHECK(same_events(&first, &second), "the run after init_states differs from the first (%lld vs %lld spikes)",
          (long long)first.n, (long long)second.n);
    free_events(&first);
    free_events(&second);
    destroy(&m);
}

static int64_t count_spikes(bps_network *net, int32_t monitor, int64_t from_step, int64_t neuron_lo,
                            int64_t neuron_hi) {
    events e = get_events(net, monitor);
    int64_t n = 0;
    for (int64_t k = 0; k < e.n; k++) {
        if (e.steps[k] >= from_step && e.neurons[k] >= neuron_lo && e.neurons[k] < neuron_hi) n++;
    }
    free_events(&e);
    return n;
}

static void test_inputs(void) {
    model m = build(41, 32);
    OK(bps_network_run(m.net, 300, NULL));
    int64_t at20 = count_spikes(m.net, m.m0, 0, 0, NA);
    CHECK(at20 > 0, "A silent at 20 mA");
    /* C: only neurons 5-9 receive input. */
    CHECK(count_spikes(m.net, m.m4, 0, 0, 5) == 0, "C neurons without input spiked");
    CHECK(count_spikes(m.net, m.m4, 0, 5, 10) > 0, "C neurons with 20 mA input never spiked");

    /* Input off: after a transient A (and with it B) falls silent. */
    const double zero = 0.0;
    OK(bps_population_set_current_input(m.net, m.a, "I_ext", &zero, 1, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_run(m.net, 500, NULL));
    CHECK(count_spikes(m.net, m.m0, 500, 0, NA) == 0, "A still spikes 20 ms after its input was set to 0");

    /* Input up: more spikes than at 20 mA over the same 300 steps. */
    const float forty = 40.0f;
    OK(bps_population_set_current_input(m.net, m.a, "I_ext", &forty, 1, BPS_DTYPE_FLOAT32, "mA"));
    OK(bps_network_run(m.net, 300, NULL));
    int64_t at40 = count_spikes(m.net, m.m0, 800, 0, NA);
    CHECK(at40 > at20, "40 mA gives %lld spikes, 20 mA gave %lld", (long long)at40, (long long)at20);

    /* Per-neuron: swap C's inputs. */
    double ic[NC];
    for (int i = 0; i < NC; i++) ic[i] = i < 5 ? 20.0 : 0.0;
    OK(bps_population_set_current_input(m.net, m.cpop, "I_c", ic, NC, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_run(m.net, 400, NULL));
    CHECK(count_spikes(m.net, m.m4, 1300, 5, 10) == 0, "C 5-9 still spike 20 ms after their input was removed");
    CHECK(count_spikes(m.net, m.m4, 1100, 0, 5) > 0, "C 0-4 do not spike after their input was set");

    /* A second key adds to the first: two 10 mA inputs act like one of 20 mA. */
    model x = build(41, 32), y = build(41, 32);
    const double ten = 10.0, twenty = 20.0;
    OK(bps_population_set_current_input(x.net, x.cpop, "I_c", &ten, 1, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_population_add_current_input(x.net, x.cpop, "I_more", &ten, 1, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_population_set_current_input(y.net, y.cpop, "I_c", &twenty, 1, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_run(x.net, 100, NULL));
    OK(bps_network_run(y.net, 100, NULL));
    float cx[NC], cy[NC];
    get_v(x.net, x.cpop, cx, NC);
    get_v(y.net, y.cpop, cy, NC);
    for (int i = 0; i < NC; i++) CHECK(bps_close(cx[i], cy[i], 1e-5), "10 + 10 mA vs 20 mA: %g vs %g", cx[i], cy[i]);
    destroy(&x);
    destroy(&y);
    destroy(&m);
}

static void test_monitors(void) {
    model m = build(51, 32);
    OK(bps_network_run(m.net, STEPS, NULL));
    int64_t steps = -1, width = -1;
    OK(bps_monitor_shape(m.net, m.m0, &steps, &width));
    CHECK(steps == STEPS && width == NA, "m0 shape %lld x %lld", (long long)steps, (long long)width);
    OK(bps_monitor_shape(m.net, m.m1, &steps, &width));
    CHECK(steps == STEPS && width == 4, "m1 shape %lld x %lld", (long long)steps, (long long)width);
    OK(bps_monitor_shape(m.net, m.m2, &steps, &width));
    CHECK(steps == STEPS && width == 3, "m2 shape %lld x %lld", (long long)steps, (long long)width);
    OK(bps_monitor_shape(m.net, m.m3, &steps, &width));
    CHECK(steps == STEPS && width == NB, "m3 shape %lld x %lld", (long long)steps, (long long)width);

    /* Events: in time order, in range, no duplicates; they match the raster exactly. */
    events e = get_events(m.net, m.m0);
    REQUIRE(e.n > 0, "no spikes recorded");
    static uint8_t raster[STEPS * NA];
    int64_t len = -1;
    OK(bps_monitor_get_raster(m.net, m.m0, raster, STEPS * NA, &len));
    CHECK(len == STEPS * NA, "raster length %lld", (long long)len);
    static uint8_t seen[STEPS * NA];
    memset(seen, 0, sizeof seen);
    int64_t raster_sum = 0;
    for (int64_t k = 0; k < STEPS * NA; k++) raster_sum += raster[k];
    CHECK(raster_sum == e.n, "raster has %lld spikes, events %lld", (long long)raster_sum, (long long)e.n);
    for (int64_t k = 0; k < e.n; k++) {
        REQUIRE(e.steps[k] >= 0 && e.steps[k] < STEPS && e.neurons[k] >= 0 && e.neurons[k] < NA,
                "event %lld = (%lld, %lld) out of range", (long long)k, (long long)e.steps[k], (long long)e.neurons[k]);
        if (k > 0) CHECK(e.steps[k] >= e.steps[k - 1], "events not in time order at %lld", (long long)k);
        int64_t cell = e.steps[k] * NA + e.neurons[k];
        CHECK(!seen[cell], "duplicate event (%lld, %lld)", (long long)e.steps[k], (long long)e.neurons[k]);
        seen[cell] = 1;
        CHECK(raster[cell] == 1, "event (%lld, %lld) missing from the raster", (long long)e.steps[k],
              (long long)e.neurons[k]);
    }

    /* The indexed spike monitor sees exactly the full monitor's events of its neurons. */
    events e1 = get_events(m.net, m.m1);
    int64_t k1 = 0;
    for (int64_t k = 0; k < e.n; k++) {
        int picked = 0;
        for (int j = 0; j < 4; j++) picked |= e.neurons[k] == m1_idx[j];
        if (!picked) continue;
        REQUIRE(k1 < e1.n, "indexed monitor has too few events");
        CHECK(e1.steps[k1] == e.steps[k] && e1.neurons[k1] == e.neurons[k],
              "indexed monitor event %lld = (%lld, %lld), full monitor has (%lld, %lld)", (long long)k1,
              (long long)e1.steps[k1], (long long)e1.neurons[k1], (long long)e.steps[k], (long long)e.neurons[k]);
        k1++;
    }
    CHECK(k1 == e1.n, "indexed monitor has %lld events, expected %lld", (long long)e1.n, (long long)k1);
    uint8_t raster1[STEPS * 4];
    OK(bps_monitor_get_raster(m.net, m.m1, raster1, STEPS * 4, &len));
    for (int64_t s = 0; s < STEPS; s++) {
        for (int j = 0; j < 4; j++) {
            CHECK(raster1[s * 4 + j] == raster[s * NA + m1_idx[j]], "indexed raster (%lld, %d) differs",
                  (long long)s, j);
        }
    }

    /* Times: the t of every recorded step, float32(i) * float32(dt). */
    double times[STEPS], times1[STEPS];
    OK(bps_monitor_get_times(m.net, m.m0, times, STEPS, "ms", &len));
    OK(bps_monitor_get_times(m.net, m.m2, times1, STEPS, "ms", &len));
    for (int s = 0; s < STEPS; s++) {
        CHECK(times[s] == (double)((float)s * 0.1f), "time of step %d is %.17g", s, times[s]);
        CHECK(times1[s] == times[s], "state and spike monitors disagree on the time of step %d", s);
    }
    double times_s[STEPS];
    OK(bps_monitor_get_times(m.net, m.m0, times_s, STEPS, "s", &len));
    CHECK(bps_close(times_s[STEPS - 1], times[STEPS - 1] / 1000.0, 1e-12), "times in s");

    /* The last recorded row equals the current state. */
    uint8_t spikes_now[NA];
    OK(bps_population_get_spikes(m.net, m.a, spikes_now, NA, NULL));
    CHECK(memcmp(spikes_now, raster + (STEPS - 1) * NA, NA) == 0, "last raster row != bps_population_get_spikes");
    uint8_t spike_state[NA];
    OK(bps_population_get_state(m.net, m.a, "spike", spike_state, NA, BPS_DTYPE_UINT8, "", &len));
    CHECK(memcmp(spikes_now, spike_state, NA) == 0, "state \"spike\" != bps_population_get_spikes");

    float vb[NB], vals[STEPS * 3];
    get_v(m.net, m.b, vb, NB);
    OK(bps_monitor_get_values(m.net, m.m2, vals, STEPS * 3, BPS_DTYPE_FLOAT32, "mV", &len));
    CHECK(len == STEPS * 3, "values length %lld", (long long)len);
    for (int j = 0; j < 3; j++) {
        CHECK(vals[(STEPS - 1) * 3 + j] == vb[m2_idx[j]], "last V row, column %d: %g vs state %g", j,
              vals[(STEPS - 1) * 3 + j], vb[m2_idx[j]]);
    }
    double vals_v[STEPS * 3];
    OK(bps_monitor_get_values(m.net, m.m2, vals_v, STEPS * 3, BPS_DTYPE_FLOAT64, "V", &len));
    CHECK(bps_close(vals_v[7] * 1000.0, vals[7], 1e-6), "values in V: %g vs %g mV", vals_v[7], vals[7]);
    static float gvals[STEPS * NB];
    float g[NB];
    OK(bps_monitor_get_values(m.net, m.m3, gvals, STEPS * NB, BPS_DTYPE_FLOAT32, "mS", &len));
    OK(bps_projection_get_state(m.net, m.j0, "g", g, NB, BPS_DTYPE_FLOAT32, "mS", NULL));
    CHECK(memcmp(g, gvals + (STEPS - 1) * NB, sizeof g) == 0, "last g row != synapse state");
    float gmax = 0;
    for (int64_t k = 0; k < STEPS * NB; k++) gmax = gvals[k] > gmax ? gvals[k] : gmax;
    CHECK(gmax > 0, "j0's conductance never rose");

    /* last_spike_time agrees with the last recorded spike of each neuron. */
    float lst[NA];
    OK(bps_population_get_state(m.net, m.a, "last_spike_time", lst, NA, BPS_DTYPE_FLOAT32, "ms", NULL));
    for (int i = 0; i < NA; i++) {
        int64_t last = -1;
        for (int64_t k = 0; k < e.n; k++) if (e.neurons[k] == i) last = e.steps[k];
        if (last >= 0) {
            CHECK(lst[i] == (float)last * 0.1f, "neuron %d: last_spike_time %.9g ms, last recorded spike at step %lld",
                  i, lst[i], (long long)last);
        } else {
            CHECK(lst[i] < -1e6f, "neuron %d never spiked but last_spike_time is %g", i, lst[i]);
        }
    }

    /* Clearing one monitor leaves the others; it records again from the next step on. */
    OK(bps_monitor_clear(m.net, m.m0));
    OK(bps_monitor_shape(m.net, m.m0, &steps, NULL));
    CHECK(steps == 0, "cleared monitor holds %lld steps", (long long)steps);
    OK(bps_network_run(m.net, 10, NULL));
    OK(bps_monitor_shape(m.net, m.m0, &steps, NULL));
    CHECK(steps == 10, "cleared monitor then holds %lld steps", (long long)steps);
    OK(bps_monitor_shape(m.net, m.m1, &steps, NULL));
    CHECK(steps == STEPS + 10, "other monitor holds %lld steps", (long long)steps);
    OK(bps_monitor_get_times(m.net, m.m0, times, 10, "ms", &len));
    CHECK(times[0] == (double)((float)STEPS * 0.1f), "first time after clear %.17g", times[0]);
    events after = get_events(m.net, m.m0);
    for (int64_t k = 0; k < after.n; k++) {
        CHECK(after.steps[k] >= STEPS && after.steps[k] < STEPS + 10, "event step %lld after clear",
              (long long)after.steps[k]);
    }
    free_events(&after);

    /* A monitor added after compile records from then on. */
    int32_t late = -1;
    OK(bps_monitor_spikes(m.net, m.b, NULL, 0, &late));
    OK(bps_network_run(m.net, 5, NULL));
    OK(bps_monitor_shape(m.net, late, &steps, &width));
    CHECK(steps == 5 && width == NB, "late monitor shape %lld x %lld", (long long)steps, (long long)width);
    free_events(&e);
    free_events(&e1);
    destroy(&m);
}

static void read_connections(bps_network *net, int32_t proj, int64_t n, int64_t *pre, int64_t *post, double *w) {
    int64_t len = -1;
    OK(bps_projection_get_connections(net, proj, pre, post, w, n, BPS_DTYPE_FLOAT64, "mS", &len));
    REQUIRE(len == n, "connections length %lld, expected %lld", (long long)len, (long long)n);
}

static void check_fixed_prob(bps_network *net, int32_t proj, int64_t n_pre, int64_t n_post, double p, double w_mS,
                             const char *what) {
    const int64_t k = (int64_t)((double)n_post * p);
    int64_t n = -1;
    OK(bps_projection_num_connections(net, proj, &n));
    CHECK(n == n_pre * k, "%s: %lld connections, expected %lld x int(%lld * %g) = %lld", what, (long long)n,
          (long long)n_pre, (long long)n_post, p, (long long)(n_pre * k));
    int64_t *pre = malloc((size_t)n * sizeof *pre), *post = malloc((size_t)n * sizeof *post);
    double *w = malloc((size_t)n * sizeof *w);
    REQUIRE(pre && post && w, "malloc");
    read_connections(net, proj, n, pre, post, w);
    int64_t *degree = calloc((size_t)n_pre, sizeof *degree);
    REQUIRE(degree, "calloc");
    for (int64_t c = 0; c < n; c++) {
        REQUIRE(pre[c] >= 0 && pre[c] < n_pre, "%s: pre %lld out of the slice", what, (long long)pre[c]);
        CHECK(post[c] >= 0 && post[c] < n_post, "%s: post %lld out of range", what, (long long)post[c]);
        if (c > 0) CHECK(pre[c] >= pre[c - 1], "%s: not ordered by presynaptic neuron at %lld", what, (long long)c);
        CHECK(bps_close(w[c], w_mS, 1e-6), "%s: weight %g mS, expected %g", what, w[c], w_mS);
        degree[pre[c]]++;
    }
    for (int64_t i = 0; i < n_pre; i++) {
        CHECK(degree[i] == k, "%s: presynaptic neuron %lld has %lld targets, expected %lld", what, (long long)i,
              (long long)degree[i], (long long)k);
    }
    /* Only the lengths: NULL buffers. */
    int64_t len = -1;
    OK(bps_projection_get_connections(net, proj, NULL, NULL, NULL, 0, BPS_DTYPE_FLOAT64, "mS", &len));
    CHECK(len == n, "%s: length query gave %lld", what, (long long)len);
    free(degree);
    free(pre);
    free(post);
    free(w);
}

static void test_connectivity(void) {
    model m = build(61, 32);
    check_fixed_prob(m.net, m.j0, 80, NB, 0.1, 200, "j0 (A[0:80] -> B, p 0.1)");
    check_fixed_prob(m.net, m.j1, 20, NA, 0.29, 500, "j1 (A[80:100] -> A, p 0.29)");

    /* SparseLinear reads back what was given. */
    int64_t n = -1;
    OK(bps_projection_num_connections(m.net, m.j2, &n));
    CHECK(n == 2 * NB, "j2 has %lld connections", (long long)n);
    if (n == 2 * NB) {
        int64_t pre[2 * NB], post[2 * NB];
        double w[2 * NB];
        read_connections(m.net, m.j2, n, pre, post, w);
        for (int i = 0; i < 2 * NB; i++) {
            CHECK(pre[i] == i / 2 && post[i] == i, "j2 connection %d = (%lld, %lld)", i, (long long)pre[i],
                  (long long)post[i]);
            CHECK(bps_close(w[i], 5.0, 1e-6), "j2 weight %g", w[i]);
        }
        float wf[2 * NB];
        OK(bps_projection_get_connections(m.net, m.j2, NULL, NULL, wf, n, BPS_DTYPE_FLOAT32, "S", NULL));
        CHECK(bps_close(wf[0], 0.005, 1e-6), "j2 weight in S: %g", wf[0]);
    }

    /* A projection seed fixes its connectivity whatever the network seed; without one the network's
       stream decides. */
    model o = build(62, 32);
    int64_t n0 = 0, n1 = 0;
    OK(bps_projection_num_connections(m.net, m.j1, &n1));
    OK(bps_projection_num_connections(m.net, m.j0, &n0));
    int64_t *a = malloc((size_t)n1 * sizeof *a), *b = malloc((size_t)n1 * sizeof *b);
    REQUIRE(a && b, "malloc");
    OK(bps_projection_get_connections(m.net, m.j1, NULL, a, NULL, n1, BPS_DTYPE_FLOAT64, "mS", NULL));
    OK(bps_projection_get_connections(o.net, o.j1, NULL, b, NULL, n1, BPS_DTYPE_FLOAT64, "mS", NULL));
    CHECK(memcmp(a, b, (size_t)n1 * sizeof *a) == 0, "j1 (seed 1234) differs between network seeds 61 and 62");
    free(a);
    free(b);
    a = malloc((size_t)n0 * sizeof *a);
    b = malloc((size_t)n0 * sizeof *b);
    REQUIRE(a && b, "malloc");
    OK(bps_projection_get_connections(m.net, m.j0, NULL, a, NULL, n0, BPS_DTYPE_FLOAT64, "mS", NULL));
    OK(bps_projection_get_connections(o.net, o.j0, NULL, b, NULL, n0, BPS_DTYPE_FLOAT64, "mS", NULL));
    CHECK(memcmp(a, b, (size_t)n0 * sizeof *a) != 0, "j0 (no seed) is the same for network seeds 61 and 62");
    free(a);
    free(b);
    destroy(&o);
    destroy(&m);
}

static void test_precision64(void) {
    model m32 = build(71, 32), m64 = build(71, 64);
    int32_t p = 0;
    OK(bps_network_get_precision(m64.net, &p));
    CHECK(p == 64, "precision %d", p);
    OK(bps_network_get_precision(m32.net, &p));
    CHECK(p == 32, "precision %d", p);
    double dt = 0;
    OK(bps_network_get_dt(m64.net, "ms", &dt));
    CHECK(dt == 0.1, "dt %g ms", dt);
    OK(bps_network_get_dt(m64.net, "s", &dt));
    CHECK(bps_close(dt, 1e-4, 1e-12), "dt %g s", dt);

    OK(bps_network_run(m32.net, 1000, NULL));
    OK(bps_network_run(m64.net, 1000, NULL));
    double v[NA];
    OK(bps_population_get_state(m64.net, m64.a, "V", v, NA, BPS_DTYPE_FLOAT64, "mV", NULL));
    for (int i = 0; i < NA; i++) CHECK(isfinite(v[i]) && v[i] > -100 && v[i] < -40, "float64 V[%d] = %g", i, v[i]);
    /* float32 rounding of V0 and of every step make the trajectories drift apart, the rates do not. */
    int64_t s32 = count_spikes(m32.net, m32.m0, 0, 0, NA), s64 = count_spikes(m64.net, m64.m0, 0, 0, NA);
    CHECK(s64 > 0 && s32 > 0 && bps_close((double)s32, (double)s64, 0.2),
          "A: %lld spikes in float32, %lld in float64", (long long)s32, (long long)s64);
    int64_t c32 = count_spikes(m32.net, m32.m4, 0, 0, NC), c64 = count_spikes(m64.net, m64.m4, 0, 0, NC);
    printf("float32 vs float64, 1000 steps: A %lld vs %lld spikes, C %lld vs %lld\n", (long long)s32, (long long)s64,
           (long long)c32, (long long)c64);
    /* C is deterministic and uncoupled: at most one spike per driven neuron may fall on the other side of
       the last step. */
    CHECK(c32 > 0 && llabs(c32 - c64) <= 5, "isolated C: %lld spikes in float32, %lld in float64", (long long)c32,
          (long long)c64);
    double t = 0;
    int64_t step = 0;
    OK(bps_network_get_time(m64.net, "ms", &t, &step));
    CHECK(step == 1000 && t == 1000.0 * 0.1, "float64 time (%lld, %.17g)", (long long)step, t);
    double times[1000];
    int64_t len = 0;
    OK(bps_monitor_get_times(m64.net, m64.m0, times, 1000, "ms", &len));
    CHECK(len == 1000 && times[999] == 999.0 * 0.1, "float64 recorded time %.17g", times[999]);
    destroy(&m32);
    destroy(&m64);
}

/* CPU time (user + system) of the whole process, in seconds. */
static double process_cpu_seconds(void) {
    struct rusage r;
    getrusage(RUSAGE_SELF, &r);
    return (double)r.ru_utime.tv_sec + r.ru_utime.tv_usec * 1e-6 + (double)r.ru_stime.tv_sec + r.ru_stime.tv_usec * 1e-6;
}

static void test_threads(void) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.num_threads = 0;
    bps_network *net = NULL;
    OK(bps_network_new(&o, &net));
    int32_t threads = 0;
    OK(bps_network_get_num_threads(net, &threads));
    CHECK(threads >= 1, "num_threads 0 resolves to the cores (%d)", threads);
    OK(bps_network_delete(net));
    o.num_threads = -1;
    EXPECT_ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "num_threads");
    o.num_threads = 100000;
    EXPECT_ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "num_threads");

    /* An idle network's workers park: after a run, sleeping 400 ms costs the process far less CPU
       than one spinning worker would burn (400 ms). The bound is generous; the spin before parking
       lasts a few milliseconds. */
    o.num_threads = 2;
    bps_network *two = NULL;
    OK(bps_network_new(&o, &two));
    int32_t pop = -1;
    OK(bps_population_new(two, "LIF", 2000, &pop));
    const double input = 20;
    OK(bps_population_add_current_input(two, pop, "x", &input, 1, BPS_DTYPE_FLOAT64, "mA"));
    OK(bps_network_compile(two));
    OK(bps_network_run(two, 500, NULL));
    const double before = process_cpu_seconds();
    const struct timespec nap = {0, 400 * 1000 * 1000};
    nanosleep(&nap, NULL);
    const double used = process_cpu_seconds() - before;
    printf("idle 2-thread network: %.1f ms of CPU while sleeping 400 ms\n", used * 1e3);
    CHECK(used < 0.2, "idle workers should park, but the process used %.3f s of CPU in 0.4 s", used);
    OK(bps_network_run(two, 10, NULL));
    OK(bps_network_delete(two));
}

int main(void) {
    test_threads();
    test_determinism();
    test_chunking(32);
    test_chunking(64);
    test_closed_loop();
    test_init_states();
    test_inputs();
    test_monitors();
    test_connectivity();
    test_precision64();
    return bps_test_finish("test_network");
}
