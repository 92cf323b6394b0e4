/*
 * test_errors — every bad input returns its status AND a message naming the problem, never crashes,
 * and leaves the library and the network usable and unchanged.
 *
 * After every expected error (ERR below):
 *   - the compiled network `c` and its twin `cref` (built identically, never given a bad call) are
 *     advanced one step and must still agree bit for bit (state, spikes, time): a failed call changed
 *     nothing;
 *   - a fresh small network is built, compiled, run and read, and must give the golden result.
 * Errors aimed at a network under description (`d`) are checked the same way at the end: `d` compiles
 * to exactly the golden network.
 */
#include "bps_test.h"

#include <stddef.h>
#include <stdint.h>

#define N0 20 /* population 0: LIFRef */
#define N1 10 /* population 1: LIF */
#define GOLDEN_STEPS 50

static float golden_v0[N0], golden_v1[N1];
static bps_network *c, *cref; /* compiled twins */

/* ---------------------------------------------------------------- the small network */

static bps_status build_small(bps_network *net) {
    bps_status s;
    int32_t p0, p1, j0, j1, m0, m1;
#define B(call)                                  \
    do {                                         \
        if ((s = (call)) != BPS_OK) return s;    \
    } while (0)
    B(bps_population_new(net, "LIFRef", N0, &p0));
    B(bps_population_set_param(net, p0, "V_rest", -60, "mV"));
    B(bps_population_set_param(net, p0, "V_th", -50, "mV"));
    B(bps_population_set_param(net, p0, "V_reset", -60, "mV"));
    B(bps_population_set_param(net, p0, "tau", 20, "ms"));
    B(bps_population_set_param(net, p0, "tau_ref", 2, "ms"));
    const double uni[2] = {-60, -50};
    B(bps_population_set_param_init(net, p0, "V_initializer", "Uniform", uni, 2, "mV"));
    B(bps_population_new(net, "LIF", N1, &p1));
    B(bps_population_set_param(net, p1, "V_rest", -60, "mV"));
    B(bps_population_set_param(net, p1, "V_th", -50, "mV"));
    B(bps_population_set_param(net, p1, "V_reset", -60, "mV"));
    B(bps_population_set_param(net, p1, "tau", 10, "ms"));
    B(bps_population_set_param(net, p1, "V_initializer", -60, "mV"));

    bps_projection_desc d;
    B(bps_projection_desc_init(&d));
    d.pre = p0;
    d.pre_start = 0;
    d.pre_stop = 16;
    d.post = p1;
    d.comm = "EventFixedProb";
    d.syn = "Expon";
    d.out = "COBA";
    B(bps_projection_new(net, &d, &j0));
    B(bps_projection_set_param(net, j0, "comm", "conn_prob", 0.5, ""));
    B(bps_projection_set_param(net, j0, "comm", "conn_weight", 1.0, "mS"));
    B(bps_projection_set_param(net, j0, "comm", "seed", 42, ""));
    B(bps_projection_set_param(net, j0, "syn", "tau", 5, "ms"));
    B(bps_projection_set_param(net, j0, "out", "E", 0, "mV"));

    B(bps_projection_desc_init(&d));
    d.pre = p0;
    d.pre_start = 16;
    d.pre_stop = -1;
    d.post = p0;
    d.comm = "SparseLinear";
    d.syn = "Expon";
    d.out = "COBA";
    d.delay = 0.5;
    d.delay_unit = "ms";
    B(bps_projection_new(net, &d, &j1));
    const int64_t pre[4] = {0, 1, 2, 3}, post[4] = {1, 2, 3, 4};
    const double w[4] = {2, 2, 2, 2};
    B(bps_projection_set_connections(net, j1, pre, post, w, 4, BPS_DTYPE_FLOAT64, "mS"));
    B(bps_projection_set_param(net, j1, "syn", "tau", 10, "ms"));
    B(bps_projection_set_param(net, j1, "out", "E", -80, "mV"));

    const double input = 20;
    B(bps_population_add_current_input(net, p0, "I_ext", &input, 1, BPS_DTYPE_FLOAT64, "mA"));
    B(bps_monitor_spikes(net, p0, NULL, 0, &m0));
    const int64_t idx[2] = {0, 5};
    B(bps_monitor_state(net, p1, "V", idx, 2, &m1));
#undef B
    return BPS_OK;
}

static bps_network *new_net(uint64_t seed) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.seed = seed;
    o.num_threads = 1;
    bps_network *net = NULL;
    OK(bps_network_new(&o, &net));
    REQUIRE(net != NULL, "bps_network_new gave NULL");
    return net;
}

static bps_network *new_compiled(void) {
    bps_network *net = new_net(3);
    OK(build_small(net));
    OK(bps_network_compile(net));
    return net;
}

static void read_v(bps_network *net, float *v0, float *v1) {
    int64_t len = -1;
    OK(bps_population_get_state(net, 0, "V", v0, N0, BPS_DTYPE_FLOAT32, "mV", &len));
    REQUIRE(len == N0, "V of population 0 has %lld values", (long long)len);
    OK(bps_population_get_state(net, 1, "V", v1, N1, BPS_DTYPE_FLOAT32, "mV", &len));
    REQUIRE(len == N1, "V of population 1 has %lld values", (long long)len);
}

/* Run a compiled small network to GOLDEN_STEPS and compare with the golden V. */
static void check_golden(bps_network *net, const char *what) {
    OK(bps_network_run(net, GOLDEN_STEPS, NULL));
    float v0[N0], v1[N1];
    read_v(net, v0, v1);
    CHECK(memcmp(v0, golden_v0, sizeof v0) == 0 && memcmp(v1, golden_v1, sizeof v1) == 0,
          "%s: V after %d steps differs from the golden network", what, GOLDEN_STEPS);
    int64_t steps = -1;
    OK(bps_network_get_time(net, "ms", NULL, &steps));
    CHECK(steps == GOLDEN_STEPS, "%s: step index %lld", what, (long long)steps);
}

/* The library still builds, compiles, runs and reads a fresh network correctly. */
static void check_fresh(const char *after) {
    bps_network *net = new_compiled();
    check_golden(net, after);
    OK(bps_network_delete(net));
}

/* Number of recorded spike events (the length query: NULL buffers, capacity 0). */
static int64_t event_count(bps_network *net, int32_t monitor) {
    int64_t len = -1;
    bps_status s = bps_monitor_get_events(net, monitor, NULL, NULL, 0, &len);
    REQUIRE(s == BPS_OK || s == BPS_ERR_BUFFER_TOO_SMALL, "event length query returned %s: %s", bps_status_name(s),
            bps_last_error_message());
    return len;
}

/* The twins advance one step and still agree exactly. */
static void check_twins(const char *after) {
    OK(bps_network_run(c, 1, NULL));
    OK(bps_network_run(cref, 1, NULL));
    float a0[N0], a1[N1], b0[N0], b1[N1];
    read_v(c, a0, a1);
    read_v(cref, b0, b1);
    CHECK(memcmp(a0, b0, sizeof a0) == 0 && memcmp(a1, b1, sizeof a1) == 0,
          "after %s: the network's V differs from its twin's", after);
    uint8_t sa[N0], sb[N0];
    OK(bps_population_get_spikes(c, 0, sa, N0, NULL));
    OK(bps_population_get_spikes(cref, 0, sb, N0, NULL));
    CHECK(memcmp(sa, sb, sizeof sa) == 0, "after %s: spikes differ from the twin's", after);
    int64_t ka = -1, kb = -2;
    OK(bps_network_get_time(c, "ms", NULL, &ka));
    OK(bps_network_get_time(cref, "ms", NULL, &kb));
    CHECK(ka == kb, "after %s: step %lld vs twin %lld", after, (long long)ka, (long long)kb);
    int64_t ea = event_count(c, 0), eb = event_count(cref, 0);
    CHECK(ea == eb, "after %s: %lld recorded events vs twin %lld", after, (long long)ea, (long long)eb);
}

static void after_error(const char *what) {
    check_twins(what);
    check_fresh(what);
}

/* Expect an error with a message naming the problem, then check that everything is still usable. */
#define ERR(call, status, substring)              \
    do {                                          \
        EXPECT_ERR(call, status, substring);      \
        after_error(#call);                       \
    } while (0)
#define ERR2(call, status, substring1, substring2)          \
    do {                                                    \
        EXPECT_ERR2(call, status, substring1, substring2);  \
        after_error(#call);                                 \
    } while (0)

/* ---------------------------------------------------------------- handles */

static void test_handles(void) {
    int32_t pop = -7;
    double dt = -1;
    int32_t compiled = -1;
    int64_t steps, width;
    ERR(bps_network_compile(NULL), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_network_run(NULL, 1, NULL), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_network_run_for(NULL, 1, "ms", NULL), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_network_init_states(NULL), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_network_get_dt(NULL, "ms", &dt), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_network_is_compiled(NULL, &compiled), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_population_new(NULL, "LIF", 5, &pop), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_monitor_shape(NULL, 0, &steps, &width), BPS_ERR_BAD_HANDLE, "NULL");
    ERR(bps_network_step(NULL, 0, NULL, 0, BPS_DTYPE_FLOAT32, "mA", 0, NULL, 0, NULL), BPS_ERR_BAD_HANDLE, "NULL");
    CHECK(pop == -7 && dt == -1 && compiled == -1, "out pointers were written on failure");
    CHECK(bps_network_delete(NULL) == BPS_OK, "bps_network_delete(NULL) must be a no-op returning BPS_OK");

    /* Deleted: delete, then use; delete twice. No network is created in between, so the address
       cannot be handed out again. */
    bps_network *gone = new_net(1);
    OK(bps_population_new(gone, "LIF", 3, &pop));
    OK(bps_network_delete(gone));
    EXPECT_ERR(bps_network_compile(gone), BPS_ERR_BAD_HANDLE, "handle");
    EXPECT_ERR(bps_population_new(gone, "LIF", 3, &pop), BPS_ERR_BAD_HANDLE, "handle");
    EXPECT_ERR(bps_network_get_dt(gone, "ms", &dt), BPS_ERR_BAD_HANDLE, "handle");
    EXPECT_ERR(bps_network_delete(gone), BPS_ERR_BAD_HANDLE, "handle");
    after_error("use of a deleted handle");

    /* Foreign: a stack variable, and malloc'd junk; neither is touched. */
    uint64_t on_stack[8];
    memset(on_stack, 0x5A, sizeof on_stack);
    bps_network *foreign = (bps_network *)(void *)on_stack;
    EXPECT_ERR(bps_network_compile(foreign), BPS_ERR_BAD_HANDLE, "handle");
    EXPECT_ERR(bps_population_new(foreign, "LIF", 3, &pop), BPS_ERR_BAD_HANDLE, "handle");
    EXPECT_ERR(bps_network_delete(foreign), BPS_ERR_BAD_HANDLE, "handle");
    for (size_t i = 0; i < 8; i++) CHECK(on_stack[i] == 0x5A5A5A5A5A5A5A5AULL, "foreign memory was written");
    unsigned char *junk = malloc(256);
    REQUIRE(junk != NULL, "malloc");
    memset(junk, 0xAB, 256);
    bps_network *junk_net = (bps_network *)(void *)junk;
    EXPECT_ERR(bps_network_run(junk_net, 10, NULL), BPS_ERR_BAD_HANDLE, "handle");
    EXPECT_ERR(bps_population_get_state(junk_net, 0, "V", NULL, 0, BPS_DTYPE_FLOAT32, "mV", NULL),
               BPS_ERR_BAD_HANDLE, "handle");
    EXPECT_ERR(bps_network_delete(junk_net), BPS_ERR_BAD_HANDLE, "handle");
    for (size_t i = 0; i < 256; i++) {
        if (junk[i] != 0xAB) {
            CHECK(0, "malloc'd junk was written at byte %zu", i);
            break;
        }
    }
    free(junk);
    after_error("use of a foreign handle");
}

/* ---------------------------------------------------------------- networks and options */

static void test_network_options(void) {
    bps_network *net = (bps_network *)0x1;
    bps_network_options o;
    OK(bps_network_options_init(&o));
    ERR(bps_network_new(&o, NULL), BPS_ERR_NULL_POINTER, "out_net");
    ERR(bps_network_options_init(NULL), BPS_ERR_NULL_POINTER, "opts");
    ERR(bps_run_options_init(NULL), BPS_ERR_NULL_POINTER, "opts");
    ERR(bps_projection_desc_init(NULL), BPS_ERR_NULL_POINTER, "desc");

    o.struct_size = 0;
    ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "struct_size");
    OK(bps_network_options_init(&o));
    o.dt = NAN;
    ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "dt");
    o.dt = INFINITY;
    ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "dt");
    o.dt = 0;
    ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "dt");
    o.dt = -0.1;
    ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "dt");
    OK(bps_network_options_init(&o));
    o.dt_unit = "mV";
    ERR(bps_network_new(&o, &net), BPS_ERR_UNIT, "mV");
    o.dt_unit = "m s";
    ERR(bps_network_new(&o, &net), BPS_ERR_UNIT, "m s");
    OK(bps_network_options_init(&o));
    o.precision = 48;
    ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "precision");
    OK(bps_network_options_init(&o));
    o.num_threads = -1;
    ERR(bps_network_new(&o, &net), BPS_ERR_INVALID_ARGUMENT, "num_threads");
    CHECK(net == (bps_network *)0x1, "out_net was written on failure");

    /* An older caller: struct_size covers only (struct_size, dt, dt_unit); later fields are ignored. */
    OK(bps_network_options_init(&o));
    o.struct_size = (uint32_t)offsetof(bps_network_options, seed);
    o.dt = 0.05;
    o.precision = 64; /* beyond struct_size: must not be read */
    o.num_threads = -5;
    bps_network *old = NULL;
    OK(bps_network_new(&o, &old));
    int32_t precision = 0;
    double dt = 0;
    OK(bps_network_get_precision(old, &precision));
    OK(bps_network_get_dt(old, "ms", &dt));
    CHECK(precision == 32, "a field beyond struct_size was read: precision %d", precision);
    CHECK(dt == 0.05, "dt within struct_size was not read: %g", dt);
    OK(bps_network_delete(old));

    /* Run options and projection descriptions with struct_size 0. */
    bps_run_options r;
    OK(bps_run_options_init(&r));
    r.struct_size = 0;
    ERR(bps_network_run(c, 5, &r), BPS_ERR_INVALID_ARGUMENT, "struct_size");
    OK(bps_run_options_init(&r));
    r.progress_interval = -3;
    ERR(bps_network_run(c, 5, &r), BPS_ERR_INVALID_ARGUMENT, "progress_interval");
}

/* ---------------------------------------------------------------- description errors on `d` */

static void test_description(void) {
    bps_network *d = new_net(3);
    int32_t pop = -7, proj = -7, mon = -7;

    /* Before any population. */
    ERR(bps_network_compile(d), BPS_ERR_BAD_STATE, "empty");
    ERR(bps_network_run(d, 10, NULL), BPS_ERR_BAD_STATE, "compile");
    ERR(bps_network_init_states(d), BPS_ERR_BAD_STATE, "compile");
    ERR(bps_population_new(d, "LIFX", 5, &pop), BPS_ERR_UNKNOWN_NAME, "LIFX");
    ERR(bps_population_new(d, NULL, 5, &pop), BPS_ERR_NULL_POINTER, "model");
    ERR(bps_population_new(d, "LIF", 5, NULL), BPS_ERR_NULL_POINTER, "out_pop");
    ERR(bps_population_new(d, "LIF", 0, &pop), BPS_ERR_INVALID_ARGUMENT, "size");
    ERR(bps_population_new(d, "LIF", -5, &pop), BPS_ERR_INVALID_ARGUMENT, "size");
    ERR(bps_population_new(d, "LIF", INT64_MAX, &pop), BPS_ERR_INVALID_ARGUMENT, "size");
    ERR(bps_population_set_param(d, 0, "tau", 10, "ms"), BPS_ERR_OUT_OF_RANGE, "0");
    CHECK(pop == -7, "out_pop was written on failure");

    /* The valid description (none of the failed calls above may have added anything). */
    OK(build_small(d));

    /* Populations. */
    ERR(bps_population_set_param(d, 7, "tau", 10, "ms"), BPS_ERR_OUT_OF_RANGE, "7");
    ERR(bps_population_set_param(d, -1, "tau", 10, "ms"), BPS_ERR_OUT_OF_RANGE, "-1");
    ERR(bps_population_set_param(d, 0, "taux", 10, "ms"), BPS_ERR_UNKNOWN_NAME, "taux");
    ERR(bps_population_set_param(d, 0, NULL, 10, "ms"), BPS_ERR_NULL_POINTER, "name");
    ERR(bps_population_set_param(d, 0, "tau", 10, NULL), BPS_ERR_NULL_POINTER, "unit");
    ERR2(bps_population_set_param(d, 0, "tau", 10, "mV"), BPS_ERR_UNIT, "tau", "mV");
    ERR2(bps_population_set_param(d, 0, "V_th", -50, "ms"), BPS_ERR_UNIT, "V_th", "ms");
    ERR(bps_population_set_param(d, 0, "tau", 10, "m s"), BPS_ERR_UNIT, "m s");
    ERR(bps_population_set_param(d, 0, "tau", 10, "mega"), BPS_ERR_UNIT, "mega");
    ERR(bps_population_set_param(d, 0, "tau", 10, "ms^"), BPS_ERR_UNIT, "ms^");
    ERR(bps_population_set_param(d, 0, "tau", 10, "(ms"), BPS_ERR_UNIT, "(ms");
    ERR(bps_population_set_param(d, 0, "tau", 10, "Ms"), BPS_ERR_UNIT, "Ms");
    ERR2(bps_population_set_param(d, 0, "V_th", NAN, "mV"), BPS_ERR_INVALID_ARGUMENT, "V_th", "finite");
    ERR2(bps_population_set_param(d, 0, "V_th", INFINITY, "mV"), BPS_ERR_INVALID_ARGUMENT, "V_th", "finite");
    ERR2(bps_population_set_param(d, 0, "V_th", -INFINITY, "mV"), BPS_ERR_INVALID_ARGUMENT, "V_th", "finite");
    ERR(bps_population_set_param(d, 0, "tau", -20, "ms"), BPS_ERR_INVALID_ARGUMENT, "tau");
    ERR(bps_population_set_param(d, 0, "tau", 0, "ms"), BPS_ERR_INVALID_ARGUMENT, "tau");
    ERR(bps_population_set_param(d, 0, "tau_ref", -1, "ms"), BPS_ERR_INVALID_ARGUMENT, "tau_ref");

    /* Arrays: NaN / inf inside, wrong length, wrong element type; nothing is applied partially. */
    double arr[N0];
    for (int i = 0; i < N0; i++) arr[i] = -50.0;
    arr[13] = NAN;
    ERR2(bps_population_set_param_array(d, 0, "V_th", arr, N0, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_INVALID_ARGUMENT,
         "V_th", "finite");
    arr[13] = INFINITY;
    ERR2(bps_population_set_param_array(d, 0, "V_th", arr, N0, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_INVALID_ARGUMENT,
         "V_th", "finite");
    float farr[N0];
    for (int i = 0; i < N0; i++) farr[i] = -50.0f;
    farr[0] = NAN;
    ERR2(bps_population_set_param_array(d, 0, "V_th", farr, N0, BPS_DTYPE_FLOAT32, "mV"), BPS_ERR_INVALID_ARGUMENT,
         "V_th", "finite");
    arr[13] = -50.0;
    ERR(bps_population_set_param_array(d, 0, "V_th", arr, 3, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_OUT_OF_RANGE, "3");
    ERR(bps_population_set_param_array(d, 0, "V_th", arr, 0, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_INVALID_ARGUMENT,
        "empty");
    ERR(bps_population_set_param_array(d, 0, "V_th", arr, -4, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_INVALID_ARGUMENT,
        "-4");
    ERR(bps_population_set_param_array(d, 0, "V_th", NULL, N0, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_NULL_POINTER,
        "NULL");
    ERR(bps_population_set_param_array(d, 0, "V_th", arr, N0, 99, "mV"), BPS_ERR_TYPE, "99");
    ERR(bps_population_set_param_array(d, 0, "V_th", arr, N0, 0, "mV"), BPS_ERR_TYPE, "0");

    /* Initializers and options. */
    const double args2[2] = {-55, 2};
    ERR(bps_population_set_param_init(d, 0, "V_initializer", "Gauss", args2, 2, "mV"), BPS_ERR_UNKNOWN_NAME,
        "Gauss");
    ERR(bps_population_set_param_init(d, 0, "V_initializerx", "Normal", args2, 2, "mV"), BPS_ERR_UNKNOWN_NAME,
        "V_initializerx");
    ERR(bps_population_set_param_init(d, 0, "V_initializer", "Normal", args2, 1, "mV"), BPS_ERR_INVALID_ARGUMENT,
        "Normal");
    ERR(bps_population_set_param_init(d, 0, "V_initializer", "Normal", args2, -1, "mV"), BPS_ERR_INVALID_ARGUMENT,
        "nargs");
    ERR(bps_population_set_param_init(d, 0, "V_initializer", "Normal", NULL, 2, "mV"), BPS_ERR_NULL_POINTER,
        "args");
    const double bad_args[2] = {-55, NAN};
    ERR(bps_population_set_param_init(d, 0, "V_initializer", "Normal", bad_args, 2, "mV"), BPS_ERR_INVALID_ARGUMENT,
        "finite");
    const double neg_std[2] = {-55, -2};
    ERR(bps_population_set_param_init(d, 0, "V_initializer", "Normal", neg_std, 2, "mV"), BPS_ERR_INVALID_ARGUMENT,
        "std");
    ERR2(bps_population_set_param_init(d, 0, "V_initializer", "Normal", args2, 2, "ms"), BPS_ERR_UNIT,
         "V_initializer", "ms");
    ERR(bps_population_set_option(d, 0, "spk_resetx", "hard"), BPS_ERR_UNKNOWN_NAME, "spk_resetx");
    ERR(bps_population_set_option(d, 0, "spk_reset", "medium"), BPS_ERR_INVALID_ARGUMENT, "medium");
    ERR(bps_population_set_option(d, 0, "spk_reset", NULL), BPS_ERR_NULL_POINTER, "value");
    ERR(bps_population_set_option(d, 9, "spk_reset", "hard"), BPS_ERR_OUT_OF_RANGE, "9");

    /* Current inputs. */
    const double cur = 5;
    ERR(bps_population_add_current_input(d, 0, "I_ext", &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_INVALID_ARGUMENT,
        "I_ext");
    ERR(bps_population_add_current_input(d, 0, "other", &cur, 1, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_UNIT, "mV");
    ERR(bps_population_add_current_input(d, 0, "other", NULL, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_NULL_POINTER,
        "NULL");
    ERR(bps_population_add_current_input(d, 0, "other", &cur, 1, 42, "mA"), BPS_ERR_TYPE, "42");
    ERR(bps_population_add_current_input(d, 0, NULL, &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_NULL_POINTER, "key");
    double curs[N0];
    for (int i = 0; i < N0; i++) curs[i] = 1;
    curs[3] = INFINITY;
    ERR(bps_population_add_current_input(d, 0, "other", curs, N0, BPS_DTYPE_FLOAT64, "mA"),
        BPS_ERR_INVALID_ARGUMENT, "finite");
    curs[3] = 1;
    ERR(bps_population_add_current_input(d, 0, "other", curs, 7, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_OUT_OF_RANGE,
        "7");
    ERR(bps_population_set_current_input(d, 0, "nokey", &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_UNKNOWN_NAME,
        "nokey");

    /* Projections. */
    bps_projection_desc pd;
    OK(bps_projection_desc_init(&pd));
    pd.comm = "EventFixedProb";
    pd.syn = "Expon";
    pd.out = "COBA";
    ERR(bps_projection_new(d, NULL, &proj), BPS_ERR_NULL_POINTER, "desc");
    ERR(bps_projection_new(d, &pd, NULL), BPS_ERR_NULL_POINTER, "out_proj");
    pd.struct_size = 0;
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_INVALID_ARGUMENT, "struct_size");
    OK(bps_projection_desc_init(&pd));
    pd.comm = "EventFixedProbX";
    pd.syn = "Expon";
    pd.out = "COBA";
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_UNKNOWN_NAME, "EventFixedProbX");
    pd.comm = "EventFixedProb";
    pd.syn = "Exponx";
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_UNKNOWN_NAME, "Exponx");
    pd.syn = "Expon";
    pd.out = "COBAX";
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_UNKNOWN_NAME, "COBAX");
    pd.out = "COBA";
    pd.kind = "AlignPreProjX";
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_UNKNOWN_NAME, "AlignPreProjX");
    pd.kind = NULL;
    pd.comm = NULL;
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_NULL_POINTER, "comm");
    pd.comm = "EventFixedProb";
    pd.pre = 5;
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_OUT_OF_RANGE, "5");
    pd.pre = 0;
    pd.post = 6;
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_OUT_OF_RANGE, "6");
    pd.post = 1;
    pd.pre_start = 5;
    pd.pre_stop = 5; /* empty */
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_OUT_OF_RANGE, "slice");
    pd.pre_start = 10;
    pd.pre_stop = 3; /* reversed */
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_OUT_OF_RANGE, "slice");
    pd.pre_start = 0;
    pd.pre_stop = N0 + 1; /* stop > size */
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_OUT_OF_RANGE, "slice");
    pd.pre_start = -1;
    pd.pre_stop = 4;
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_OUT_OF_RANGE, "slice");
    pd.pre_start = N0;
    pd.pre_stop = -1; /* start at the end: empty */
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_OUT_OF_RANGE, "slice");
    pd.pre_start = 0;
    pd.delay = NAN;
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_INVALID_ARGUMENT, "delay");
    pd.delay = -1;
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_INVALID_ARGUMENT, "delay");
    pd.delay = 1e9; /* 10^10 steps */
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_INVALID_ARGUMENT, "too long");
    pd.delay = 1;
    pd.delay_unit = "mV";
    ERR(bps_projection_new(d, &pd, &proj), BPS_ERR_UNIT, "mV");
    CHECK(proj == -7, "out_proj was written on failure");

    ERR(bps_projection_set_param(d, 9, "syn", "tau", 5, "ms"), BPS_ERR_OUT_OF_RANGE, "9");
    ERR(bps_projection_set_param(d, 0, "synx", "tau", 5, "ms"), BPS_ERR_UNKNOWN_NAME, "synx");
    ERR(bps_projection_set_param(d, 0, "syn", "taux", 5, "ms"), BPS_ERR_UNKNOWN_NAME, "taux");
    ERR2(bps_projection_set_param(d, 0, "syn", "tau", 5, "mV"), BPS_ERR_UNIT, "tau", "mV");
    ERR(bps_projection_set_param(d, 0, "syn", "tau", NAN, "ms"), BPS_ERR_INVALID_ARGUMENT, "finite");
    ERR(bps_projection_set_param(d, 0, "out", "E", INFINITY, "mV"), BPS_ERR_INVALID_ARGUMENT, "finite");
    ERR(bps_projection_set_param(d, 0, "comm", "conn_prob", 1.5, ""), BPS_ERR_INVALID_ARGUMENT, "conn_prob");
    ERR(bps_projection_set_param(d, 0, "comm", "conn_prob", -0.1, ""), BPS_ERR_INVALID_ARGUMENT, "conn_prob");
    ERR(bps_projection_set_param(d, 0, "comm", "conn_prob", 0.5, "ms"), BPS_ERR_UNIT, "ms");
    ERR(bps_projection_set_param(d, 0, "comm", "conn_weight", 1, "mV"), BPS_ERR_UNIT, "mV");
    ERR(bps_projection_set_param(d, 0, "comm", "seed", -3, ""), BPS_ERR_INVALID_ARGUMENT, "seed");
    ERR(bps_projection_set_param(d, 0, NULL, "tau", 5, "ms"), BPS_ERR_NULL_POINTER, "part");

    const int64_t cpre[2] = {0, 1}, cpost_bad[2] = {0, N0}, cpre_bad[2] = {0, 4};
    const double cw[2] = {1, NAN};
    ERR(bps_projection_set_connections(d, 0, cpre, cpre, NULL, 2, BPS_DTYPE_FLOAT64, "mS"),
        BPS_ERR_INVALID_ARGUMENT, "SparseLinear");
    ERR(bps_projection_set_connections(d, 1, cpre, cpost_bad, NULL, 2, BPS_DTYPE_FLOAT64, "mS"),
        BPS_ERR_OUT_OF_RANGE, "20");
    ERR(bps_projection_set_connections(d, 1, cpre_bad, cpre, NULL, 2, BPS_DTYPE_FLOAT64, "mS"),
        BPS_ERR_OUT_OF_RANGE, "4");
    ERR(bps_projection_set_connections(d, 1, cpre, cpre, cw, 2, BPS_DTYPE_FLOAT64, "mS"), BPS_ERR_INVALID_ARGUMENT,
        "finite");
    ERR(bps_projection_set_connections(d, 1, cpre, cpre, cw, 2, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_UNIT, "mA");
    ERR(bps_projection_set_connections(d, 1, NULL, cpre, NULL, 2, BPS_DTYPE_FLOAT64, "mS"), BPS_ERR_NULL_POINTER,
        "NULL");
    ERR(bps_projection_set_connections(d, 1, cpre, cpre, NULL, -2, BPS_DTYPE_FLOAT64, "mS"),
        BPS_ERR_INVALID_ARGUMENT, "-2");
    ERR(bps_projection_set_connections(d, 1, cpre, cpre, cw, 2, 99, "mS"), BPS_ERR_TYPE, "99");

    /* Monitors. */
    const int64_t idx_bad[2] = {0, N0}, idx_neg[1] = {-1};
    ERR(bps_monitor_spikes(d, 0, idx_bad, 2, &mon), BPS_ERR_OUT_OF_RANGE, "20");
    ERR(bps_monitor_spikes(d, 0, idx_neg, 1, &mon), BPS_ERR_OUT_OF_RANGE, "-1");
    ERR(bps_monitor_spikes(d, 0, idx_bad, -1, &mon), BPS_ERR_INVALID_ARGUMENT, "-1");
    ERR(bps_monitor_spikes(d, 8, NULL, 0, &mon), BPS_ERR_OUT_OF_RANGE, "8");
    ERR(bps_monitor_spikes(d, 0, NULL, 0, NULL), BPS_ERR_NULL_POINTER, "out_monitor");
    ERR(bps_monitor_state(d, 0, "Vx", NULL, 0, &mon), BPS_ERR_UNKNOWN_NAME, "Vx");
    ERR(bps_monitor_state(d, 0, NULL, NULL, 0, &mon), BPS_ERR_NULL_POINTER, "state");
    ERR(bps_monitor_projection_state(d, 0, "gx", NULL, 0, &mon), BPS_ERR_UNKNOWN_NAME, "gx");
    ERR(bps_monitor_projection_state(d, 7, "g", NULL, 0, &mon), BPS_ERR_OUT_OF_RANGE, "7");
    ERR(bps_monitor_shape(d, 5, NULL, NULL), BPS_ERR_OUT_OF_RANGE, "5");
    CHECK(mon == -7, "out_monitor was written on failure");

    /* Calls that need a compiled network. */
    float v[N0];
    ERR(bps_population_get_state(d, 0, "V", v, N0, BPS_DTYPE_FLOAT32, "mV", NULL), BPS_ERR_BAD_STATE, "compile");
    ERR(bps_network_step(d, -1, NULL, 0, BPS_DTYPE_FLOAT32, "mA", -1, NULL, 0, NULL), BPS_ERR_BAD_STATE, "compile");
    ERR(bps_population_add_one_shot_input(d, 0, "current", &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_BAD_STATE,
        "compile");
    ERR(bps_network_run_for(d, 10, "ms", NULL), BPS_ERR_BAD_STATE, "compile");
    int64_t nconn = -7;
    ERR(bps_projection_num_connections(d, 0, &nconn), BPS_ERR_BAD_STATE, "compile");

    /* Despite all of this, d is exactly the golden network. */
    OK(bps_network_compile(d));
    check_golden(d, "the description network after its errors");
    OK(bps_network_delete(d));
}

/* ---------------------------------------------------------------- errors on the compiled `c` */

static void test_compiled(void) {
    int32_t pop = -7, proj = -7;
    float v[N0];
    for (int i = 0; i < N0; i++) v[i] = 1234.5f;
    int64_t len = -7;

    /* Structure is frozen. */
    ERR(bps_network_compile(c), BPS_ERR_BAD_STATE, "already");
    ERR(bps_population_new(c, "LIF", 5, &pop), BPS_ERR_BAD_STATE, "compile");
    bps_projection_desc pd;
    OK(bps_projection_desc_init(&pd));
    pd.comm = "EventFixedProb";
    pd.syn = "Expon";
    pd.out = "COBA";
    ERR(bps_projection_new(c, &pd, &proj), BPS_ERR_BAD_STATE, "compile");
    ERR(bps_population_set_option(c, 0, "spk_reset", "hard"), BPS_ERR_BAD_STATE, "compile");
    const int64_t cpre[1] = {0};
    ERR(bps_projection_set_connections(c, 1, cpre, cpre, NULL, 1, BPS_DTYPE_FLOAT64, "mS"), BPS_ERR_BAD_STATE,
        "compile");
    ERR(bps_projection_set_param(c, 0, "comm", "conn_prob", 0.2, ""), BPS_ERR_BAD_STATE, "compile");
    /* A parameter drawn by an initializer is drawn at compile (a state initializer such as
       V_initializer may still change: it is drawn at the next bps_network_init_states). */
    const double args2[2] = {20, 2};
    ERR(bps_population_set_param_init(c, 0, "tau", "Normal", args2, 2, "ms"), BPS_ERR_BAD_STATE,
        "initializer");
    CHECK(pop == -7 && proj == -7, "out ids written on failure");

    /* Parameter writes after compile: bad values change nothing. */
    ERR(bps_population_set_param(c, 0, "tau", NAN, "ms"), BPS_ERR_INVALID_ARGUMENT, "finite");
    ERR(bps_population_set_param(c, 0, "tau", -1, "ms"), BPS_ERR_INVALID_ARGUMENT, "tau");
    ERR2(bps_population_set_param(c, 0, "tau", 10, "mV"), BPS_ERR_UNIT, "tau", "mV");
    ERR(bps_projection_set_param(c, 0, "syn", "tau", INFINITY, "ms"), BPS_ERR_INVALID_ARGUMENT, "finite");

    /* States. */
    ERR(bps_population_get_state(c, 0, "Vx", v, N0, BPS_DTYPE_FLOAT32, "mV", &len), BPS_ERR_UNKNOWN_NAME, "Vx");
    ERR(bps_population_get_state(c, 0, "V", v, N0, BPS_DTYPE_INT32, "mV", &len), BPS_ERR_TYPE, "V");
    ERR(bps_population_get_state(c, 0, "V", v, N0, 99, "mV", &len), BPS_ERR_TYPE, "99");
    ERR(bps_population_get_state(c, 0, "V", v, N0, BPS_DTYPE_FLOAT32, "ms", &len), BPS_ERR_UNIT, "ms");
    ERR(bps_population_get_state(c, 0, "V", v, N0, BPS_DTYPE_FLOAT32, "m V", &len), BPS_ERR_UNIT, "m V");
    ERR(bps_population_get_state(c, 3, "V", v, N0, BPS_DTYPE_FLOAT32, "mV", &len), BPS_ERR_OUT_OF_RANGE, "3");
    ERR(bps_population_get_state(c, 0, "V", NULL, N0, BPS_DTYPE_FLOAT32, "mV", &len), BPS_ERR_NULL_POINTER, "NULL");
    ERR(bps_population_get_state(c, 0, "V", v, -1, BPS_DTYPE_FLOAT32, "mV", &len), BPS_ERR_INVALID_ARGUMENT, "-1");
    for (int i = 0; i < N0; i++) CHECK(v[i] == 1234.5f, "V buffer written on failure at %d", i);

    /* Too small: the status, the needed length, and the buffer untouched. */
    len = -7;
    EXPECT_ERR(bps_population_get_state(c, 0, "V", v, 5, BPS_DTYPE_FLOAT32, "mV", &len), BPS_ERR_BUFFER_TOO_SMALL,
               "20");
    CHECK(len == N0, "needed length %lld, expected %d", (long long)len, N0);
    for (int i = 0; i < N0; i++) CHECK(v[i] == 1234.5f, "V buffer written on BUFFER_TOO_SMALL at %d", i);
    after_error("get_state too small");
    /* The length query: NULL buffer, capacity 0. */
    len = -7;
    bps_status s = bps_population_get_state(c, 0, "V", NULL, 0, BPS_DTYPE_FLOAT32, "mV", &len);
    CHECK(s == BPS_OK || s == BPS_ERR_BUFFER_TOO_SMALL, "length query returned %s", bps_status_name(s));
    CHECK(len == N0, "length query gave %lld", (long long)len);
    uint8_t sp[N0];
    len = -7;
    ERR(bps_population_get_spikes(c, 0, sp, 3, &len), BPS_ERR_BUFFER_TOO_SMALL, "20");
    CHECK(len == N0, "spikes: needed %lld", (long long)len);
    ERR(bps_population_get_spikes(c, 0, NULL, N0, &len), BPS_ERR_NULL_POINTER, "NULL");
    len = -7;
    double pv[N0];
    ERR(bps_population_get_param(c, 0, "tau", pv, 2, BPS_DTYPE_FLOAT64, "ms", &len), BPS_ERR_BUFFER_TOO_SMALL,
        "20");
    CHECK(len == N0, "get_param: needed %lld", (long long)len);
    ERR(bps_population_get_param(c, 0, "taux", pv, N0, BPS_DTYPE_FLOAT64, "ms", &len), BPS_ERR_UNKNOWN_NAME, "taux");
    ERR(bps_population_get_param(c, 0, "tau", pv, N0, BPS_DTYPE_INT64, "ms", &len), BPS_ERR_TYPE, "tau");
    ERR(bps_population_get_param(c, 0, "tau", pv, N0, BPS_DTYPE_FLOAT64, "mV", &len), BPS_ERR_UNIT, "mV");

    /* State writes: NaN anywhere, wrong length, read-only state; nothing written. */
    float w[N0];
    for (int i = 0; i < N0; i++) w[i] = -55.0f;
    w[17] = NAN;
    ERR(bps_population_set_state(c, 0, "V", w, N0, BPS_DTYPE_FLOAT32, "mV"), BPS_ERR_INVALID_ARGUMENT, "finite");
    w[17] = -INFINITY;
    ERR(bps_population_set_state(c, 0, "V", w, N0, BPS_DTYPE_FLOAT32, "mV"), BPS_ERR_INVALID_ARGUMENT, "finite");
    w[17] = -55.0f;
    ERR(bps_population_set_state(c, 0, "V", w, 4, BPS_DTYPE_FLOAT32, "mV"), BPS_ERR_OUT_OF_RANGE, "4");
    ERR(bps_population_set_state(c, 0, "V", w, N0, BPS_DTYPE_FLOAT32, "mA"), BPS_ERR_UNIT, "mA");
    ERR(bps_population_set_state(c, 0, "V", w, N0, 7, "mV"), BPS_ERR_TYPE, "7");
    ERR(bps_population_set_state(c, 0, "spike", w, N0, BPS_DTYPE_FLOAT32, ""), BPS_ERR_INVALID_ARGUMENT, "spike");
    ERR(bps_population_set_state(c, 0, "Vx", w, N0, BPS_DTYPE_FLOAT32, "mV"), BPS_ERR_UNKNOWN_NAME, "Vx");

    /* Synapse states. */
    float g[N1];
    len = -7;
    ERR(bps_projection_get_state(c, 0, "g", g, 2, BPS_DTYPE_FLOAT32, "mS", &len), BPS_ERR_BUFFER_TOO_SMALL, "10");
    CHECK(len == N1, "g: needed %lld", (long long)len);
    ERR(bps_projection_get_state(c, 0, "gx", g, N1, BPS_DTYPE_FLOAT32, "mS", &len), BPS_ERR_UNKNOWN_NAME, "gx");
    ERR(bps_projection_get_state(c, 0, "g", g, N1, BPS_DTYPE_FLOAT32, "mV", &len), BPS_ERR_UNIT, "mV");
    ERR(bps_projection_get_state(c, 4, "g", g, N1, BPS_DTYPE_FLOAT32, "mS", &len), BPS_ERR_OUT_OF_RANGE, "4");
    ERR(bps_projection_get_state(c, 0, "g", g, N1, BPS_DTYPE_UINT8, "mS", &len), BPS_ERR_TYPE, "g");
    for (int i = 0; i < N1; i++) g[i] = 0.5f;
    g[2] = NAN;
    ERR(bps_projection_set_state(c, 0, "g", g, N1, BPS_DTYPE_FLOAT32, "mS"), BPS_ERR_INVALID_ARGUMENT, "finite");

    /* Connectivity read-back. */
    int64_t n = -7;
    OK(bps_projection_num_connections(c, 0, &n));
    int64_t pre[2], post[2];
    len = -7;
    ERR(bps_projection_get_connections(c, 0, pre, post, NULL, 2, BPS_DTYPE_FLOAT64, "mS", &len),
        BPS_ERR_BUFFER_TOO_SMALL, "needed");
    CHECK(len == n, "connections: needed %lld, expected %lld", (long long)len, (long long)n);
    ERR(bps_projection_get_connections(c, 5, pre, post, NULL, 2, BPS_DTYPE_FLOAT64, "mS", &len),
        BPS_ERR_OUT_OF_RANGE, "5");
    ERR(bps_projection_num_connections(c, 0, NULL), BPS_ERR_NULL_POINTER, "out_n");
    {
        int64_t *p = malloc((size_t)n * sizeof *p);
        int64_t *wt = malloc((size_t)n * sizeof *wt);
        REQUIRE(p != NULL && wt != NULL, "malloc");
        ERR(bps_projection_get_connections(c, 0, p, NULL, wt, n, BPS_DTYPE_INT64, "mS", &len), BPS_ERR_TYPE,
            "weights");
        ERR(bps_projection_get_connections(c, 0, p, NULL, wt, n, BPS_DTYPE_FLOAT64, "mV", &len), BPS_ERR_UNIT,
            "mV");
        free(p);
        free(wt);
    }

    /* Monitors. */
    int64_t steps = -7, width = -7;
    ERR(bps_monitor_shape(c, 2, &steps, &width), BPS_ERR_OUT_OF_RANGE, "2");
    ERR(bps_monitor_shape(c, -1, &steps, &width), BPS_ERR_OUT_OF_RANGE, "-1");
    CHECK(steps == -7 && width == -7, "monitor shape written on failure");
    OK(bps_monitor_shape(c, 0, &steps, &width));
    REQUIRE(steps > 0, "the twins have run");
    int64_t ev[4];
    len = -7;
    ERR(bps_monitor_get_events(c, 0, ev, ev, -1, &len), BPS_ERR_INVALID_ARGUMENT, "capacity");
    uint8_t raster[4];
    /* (every ERR advances the twins by a step: read the shape right before the call) */
    OK(bps_monitor_shape(c, 0, &steps, &width));
    len = -7;
    EXPECT_ERR(bps_monitor_get_raster(c, 0, raster, 4, &len), BPS_ERR_BUFFER_TOO_SMALL, "raster");
    CHECK(len == steps * width, "raster: needed %lld, expected %lld", (long long)len, (long long)(steps * width));
    after_error("get_raster too small");
    ERR(bps_monitor_get_raster(c, 1, raster, 4, &len), BPS_ERR_INVALID_ARGUMENT, "spikes");
    double vals[4];
    ERR(bps_monitor_get_values(c, 0, vals, 4, BPS_DTYPE_FLOAT64, "mV", &len), BPS_ERR_INVALID_ARGUMENT, "spikes");
    ERR(bps_monitor_get_events(c, 1, ev, ev, 4, &len), BPS_ERR_INVALID_ARGUMENT, "spikes");
    OK(bps_monitor_shape(c, 1, &steps, &width));
    len = -7;
    EXPECT_ERR(bps_monitor_get_values(c, 1, vals, 4, BPS_DTYPE_FLOAT64, "mV", &len), BPS_ERR_BUFFER_TOO_SMALL,
               "monitor");
    CHECK(len == steps * 2, "values: needed %lld, expected %lld", (long long)len, (long long)(steps * 2));
    after_error("get_values too small");
    ERR(bps_monitor_get_values(c, 1, vals, 4, BPS_DTYPE_UINT8, "mV", &len), BPS_ERR_TYPE, "monitor");
    ERR(bps_monitor_get_values(c, 1, vals, 4, BPS_DTYPE_FLOAT64, "ms", &len), BPS_ERR_UNIT, "ms");
    OK(bps_monitor_shape(c, 0, &steps, &width));
    len = -7;
    EXPECT_ERR(bps_monitor_get_times(c, 0, vals, 4, "ms", &len), BPS_ERR_BUFFER_TOO_SMALL, "times");
    CHECK(len == steps, "times: needed %lld, expected %lld", (long long)len, (long long)steps);
    after_error("get_times too small");
    ERR(bps_monitor_get_times(c, 0, vals, 4, "mV", &len), BPS_ERR_UNIT, "mV");
    ERR(bps_monitor_clear(c, 9), BPS_ERR_OUT_OF_RANGE, "9");
    const int64_t idx_bad[1] = {N0};
    int32_t mon = -7;
    ERR(bps_monitor_spikes(c, 0, idx_bad, 1, &mon), BPS_ERR_OUT_OF_RANGE, "20");

    /* Runs. */
    ERR(bps_network_run(c, -1, NULL), BPS_ERR_INVALID_ARGUMENT, "steps");
    ERR(bps_network_run_for(c, 0.05, "ms", NULL), BPS_ERR_INVALID_ARGUMENT, "whole number");
    ERR(bps_network_run_for(c, NAN, "ms", NULL), BPS_ERR_INVALID_ARGUMENT, "duration");
    ERR(bps_network_run_for(c, -1, "ms", NULL), BPS_ERR_INVALID_ARGUMENT, "duration");
    ERR(bps_network_run_for(c, 1, "mV", NULL), BPS_ERR_UNIT, "mV");
    ERR(bps_network_run_for(c, 1, NULL, NULL), BPS_ERR_NULL_POINTER, "unit");
    ERR(bps_network_get_dt(c, "ms", NULL), BPS_ERR_NULL_POINTER, "out_dt");
    ERR(bps_network_get_dt(c, "mV", &pv[0]), BPS_ERR_UNIT, "mV");
    ERR(bps_network_get_time(c, "mV", &pv[0], &len), BPS_ERR_UNIT, "mV");
    ERR(bps_network_get_precision(c, NULL), BPS_ERR_NULL_POINTER, "out_precision");
    ERR(bps_network_get_num_threads(c, NULL), BPS_ERR_NULL_POINTER, "out_num_threads");
    ERR(bps_network_is_compiled(c, NULL), BPS_ERR_NULL_POINTER, "out_compiled");

    /* One-shot inputs: nothing is queued by a failed call. */
    const double cur = 5;
    ERR(bps_population_add_one_shot_input(c, 0, "voltage", &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_UNKNOWN_NAME,
        "voltage");
    ERR(bps_population_add_one_shot_input(c, 0, "current", &cur, 1, BPS_DTYPE_FLOAT64, "mV"), BPS_ERR_UNIT, "mV");
    ERR(bps_population_add_one_shot_input(c, 0, "delta", &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_UNIT, "mA");
    double curs[N0];
    for (int i = 0; i < N0; i++) curs[i] = 1;
    curs[19] = NAN;
    ERR(bps_population_add_one_shot_input(c, 0, "current", curs, N0, BPS_DTYPE_FLOAT64, "mA"),
        BPS_ERR_INVALID_ARGUMENT, "finite");
    ERR(bps_population_add_one_shot_input(c, 0, "current", curs, 3, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_OUT_OF_RANGE,
        "3");
    ERR(bps_population_add_current_input(c, 0, "I_ext", &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_INVALID_ARGUMENT,
        "I_ext");
    ERR(bps_population_set_current_input(c, 0, "nokey", &cur, 1, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_UNKNOWN_NAME,
        "nokey");
    curs[19] = 1;
    curs[0] = INFINITY;
    ERR(bps_population_set_current_input(c, 0, "I_ext", curs, N0, BPS_DTYPE_FLOAT64, "mA"), BPS_ERR_INVALID_ARGUMENT,
        "finite");

    /* The fused step: every bad argument is refused before the step is taken. */
    uint8_t out[N0];
    int64_t count = -7;
    ERR(bps_network_step(c, 0, &cur, 1, BPS_DTYPE_FLOAT64, "mA", 0, out, 5, &count), BPS_ERR_BUFFER_TOO_SMALL,
        "20");
    ERR(bps_network_step(c, 7, &cur, 1, BPS_DTYPE_FLOAT64, "mA", 0, out, N0, &count), BPS_ERR_OUT_OF_RANGE, "7");
    ERR(bps_network_step(c, 0, &cur, 1, BPS_DTYPE_FLOAT64, "mA", 7, out, N0, &count), BPS_ERR_OUT_OF_RANGE, "7");
    ERR(bps_network_step(c, 0, &cur, 1, BPS_DTYPE_FLOAT64, "mV", 0, out, N0, &count), BPS_ERR_UNIT, "mV");
    ERR(bps_network_step(c, 0, &cur, 1, 99, "mA", 0, out, N0, &count), BPS_ERR_TYPE, "99");
    ERR(bps_network_step(c, 0, curs, N0, BPS_DTYPE_FLOAT64, "mA", 0, out, N0, &count), BPS_ERR_INVALID_ARGUMENT,
        "finite");
    ERR(bps_network_step(c, 0, curs, 4, BPS_DTYPE_FLOAT64, "mA", 0, out, N0, &count), BPS_ERR_OUT_OF_RANGE, "4");
    ERR(bps_network_step(c, 0, &cur, -1, BPS_DTYPE_FLOAT64, "mA", 0, out, N0, &count), BPS_ERR_INVALID_ARGUMENT,
        "-1");
    ERR(bps_network_step(c, 0, &cur, 1, BPS_DTYPE_FLOAT64, NULL, 0, out, N0, &count), BPS_ERR_NULL_POINTER,
        "input_unit");
    CHECK(count == -7, "spike count written on failure");
}

/* ---------------------------------------------------------------- cancel from the progress callback */

typedef struct {
    int64_t cancel_at;
    int64_t calls;
    int64_t last_done;
} cancel_state;

static int32_t cancel_cb(void *user, int64_t done, int64_t total) {
    cancel_state *s = user;
    s->calls++;
    CHECK(done > s->last_done || (done == 0 && total == 0), "progress went from %lld to %lld",
          (long long)s->last_done, (long long)done);
    CHECK(total == 100, "steps_total %lld, expected 100", (long long)total);
    s->last_done = done;
    return done >= s->cancel_at ? 1 : 0;
}

static void test_cancel(void) {
    bps_network *a = new_compiled(), *b = new_compiled();
    bps_run_options r;
    OK(bps_run_options_init(&r));
    cancel_state st = {.cancel_at = 30, .calls = 0, .last_done = 0};
    r.progress = cancel_cb;
    r.user_data = &st;
    r.progress_interval = 10;
    EXPECT_ERR(bps_network_run(a, 100, &r), BPS_ERR_CANCELLED, "cancel");
    CHECK(st.calls == 3, "progress called %lld times before cancelling at 30 (interval 10)", (long long)st.calls);

    int64_t step = -1;
    double t = -1;
    OK(bps_network_get_time(a, "ms", &t, &step));
    CHECK(step == 30, "after cancelling at 30 completed steps the step index is %lld", (long long)step);
    CHECK(t == (double)(30.0f * 0.1f), "t = %.9g ms, expected float32(30)*float32(0.1)", t);
    int64_t rec = -1, width = -1;
    OK(bps_monitor_shape(a, 0, &rec, &width));
    CHECK(rec == 30 && width == N0, "spike monitor holds %lld steps x %lld, expected 30 x %d", (long long)rec,
          (long long)width, N0);
    OK(bps_monitor_shape(a, 1, &rec, &width));
    CHECK(rec == 30 && width == 2, "state monitor holds %lld steps x %lld, expected 30 x 2", (long long)rec,
          (long long)width);
    double times[30];
    int64_t len = -1;
    OK(bps_monitor_get_times(a, 1, times, 30, "ms", &len));
    CHECK(len == 30, "times %lld", (long long)len);
    CHECK(times[29] == (double)(29.0f * 0.1f), "last recorded time %.9g", times[29]);

    /* The twin runs 30 steps straight: identical state. */
    OK(bps_network_run(b, 30, NULL));
    float a0[N0], a1[N1], b0[N0], b1[N1];
    read_v(a, a0, a1);
    read_v(b, b0, b1);
    CHECK(memcmp(a0, b0, sizeof a0) == 0 && memcmp(a1, b1, sizeof a1) == 0,
          "the cancelled run's state differs from 30 plain steps");

    /* It runs on normally: 20 (the golden 50 in total). */
    OK(bps_network_run(a, 20, NULL));
    read_v(a, a0, a1);
    CHECK(memcmp(a0, golden_v0, sizeof a0) == 0 && memcmp(a1, golden_v1, sizeof a1) == 0,
          "after cancel + 20 steps the state is not the golden one");
    OK(bps_monitor_shape(a, 0, &rec, NULL));
    CHECK(rec == 50, "spike monitor holds %lld steps after 30 + 20", (long long)rec);

    /* Cancelling at the very first report. */
    cancel_state st2 = {.cancel_at = 0, .calls = 0, .last_done = 0};
    r.user_data = &st2;
    r.progress_interval = 1;
    EXPECT_ERR(bps_network_run(b, 100, &r), BPS_ERR_CANCELLED, "cancel");
    OK(bps_network_get_time(b, "ms", NULL, &step));
    CHECK(step == 31, "cancelled after its first step: step index %lld, expected 31", (long long)step);
    OK(bps_network_delete(a));
    OK(bps_network_delete(b));
    after_error("cancelled runs");
}

int main(void) {
    /* The golden small network. */
    bps_network *g = new_compiled();
    OK(bps_network_run(g, GOLDEN_STEPS, NULL));
    read_v(g, golden_v0, golden_v1);
    int64_t events = event_count(g, 0);
    REQUIRE(events > 0, "the small network must spike in %d steps (got %lld events)", GOLDEN_STEPS,
            (long long)events);
    OK(bps_network_delete(g));

    c = new_compiled();
    cref = new_compiled();

    test_handles();
    test_network_options();
    test_description();
    test_compiled();
    test_cancel();

    OK(bps_network_delete(c));
    OK(bps_network_delete(cref));
    return bps_test_finish("test_errors");
}
