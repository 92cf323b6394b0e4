/*
 * test_alloc — the step loop allocates nothing.
 *
 * This executable defines malloc, calloc, realloc, free, posix_memalign, aligned_alloc, memalign,
 * valloc and pvalloc itself (forwarding to glibc's __libc_* entry points) and exports them
 * (-rdynamic / ENABLE_EXPORTS), so every allocation of libbrainpystate.so — its Swift runtime
 * included, which is linked into the library — and of OpenBLAS goes through the counters here. Counting
 * is switched on only around the measured call, from every thread.
 *
 * Measured on the COBA network of brainpy.state's example 103 (4000 LIFRef, EventFixedProb E/I,
 * Expon + COBA), compiled and warmed up with run(100):
 *   1. without monitors: run(1000) makes 0 allocations and 0 frees (num_threads 1 and 0 = all cores);
 *      run_for may allocate to parse its unit, but run_for(50 ms) and run_for(100 ms) allocate alike;
 *   2. with a spike monitor: the recording buffer is reserved when a run starts (allowed), nothing per
 *      step, so run(1000) and run(2000) make the same number of allocations.
 * First it checks that the interposition works at all (building a network is counted).
 */
#include "bps_test.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* glibc's allocator entry points (exported by libc.so.6 since GLIBC_2.2.5). */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

static atomic_int counting;
static atomic_long n_allocs, n_frees;

static inline void count_alloc(void) {
    if (atomic_load_explicit(&counting, memory_order_relaxed)) atomic_fetch_add_explicit(&n_allocs, 1, memory_order_relaxed);
}

void *malloc(size_t size) {
    count_alloc();
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    count_alloc();
    return __libc_calloc(n, size);
}

void *realloc(void *p, size_t size) {
    count_alloc();
    return __libc_realloc(p, size);
}

void free(void *p) {
    if (p != NULL && atomic_load_explicit(&counting, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&n_frees, 1, memory_order_relaxed);
    }
    __libc_free(p);
}

void *memalign(size_t alignment, size_t size);
void *memalign(size_t alignment, size_t size) {
    count_alloc();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count_alloc();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size);
int posix_memalign(void **out, size_t alignment, size_t size) {
    count_alloc();
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    void *p = __libc_memalign(alignment, size);
    if (p == NULL) return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size);
void *valloc(size_t size) {
    count_alloc();
    return __libc_valloc(size);
}

void *pvalloc(size_t size);
void *pvalloc(size_t size) {
    count_alloc();
    return __libc_pvalloc(size);
}

static void counting_on(void) {
    atomic_store(&n_allocs, 0);
    atomic_store(&n_frees, 0);
    atomic_store(&counting, 1);
}

static void counting_off(long *allocs, long *frees) {
    atomic_store(&counting, 0);
    *allocs = atomic_load(&n_allocs);
    *frees = atomic_load(&n_frees);
}

/* ---------------------------------------------------------------- the COBA network (example 103) */

static bps_network *coba(int32_t threads, int with_monitor, int32_t *monitor) {
    bps_network_options o;
    OK(bps_network_options_init(&o));
    o.num_threads = threads;
    bps_network *net = NULL;
    OK(bps_network_new(&o, &net));
    int32_t pop = bps_test_coba_neurons(net, 4000);
    const double normal[2] = {-55, 2};
    OK(bps_population_set_param_init(net, pop, "V_initializer", "Normal", normal, 2, "mV"));
    bps_test_coba_projection(net, pop, 0, 3200, pop, 0.02, 0.6, 5, 0);
    bps_test_coba_projection(net, pop, 3200, 4000, pop, 0.02, 6.7, 10, -80);
    const double input = 20;
    OK(bps_population_add_current_input(net, pop, "I_ext", &input, 1, BPS_DTYPE_FLOAT64, "mA"));
    if (with_monitor) OK(bps_monitor_spikes(net, pop, NULL, 0, monitor));
    OK(bps_network_compile(net));
    OK(bps_network_run(net, 100, NULL)); /* warm-up */
    return net;
}

static long measured_run(bps_network *net, int64_t steps, long *frees) {
    long allocs;
    counting_on();
    bps_status s = bps_network_run(net, steps, NULL);
    counting_off(&allocs, frees);
    OK(s);
    return allocs;
}

int main(void) {
    printf("test_alloc: counting malloc & co. around bps_network_run\n");
    fflush(stdout); /* stdio's own buffer is allocated now, not inside a measurement */

    /* 0. The interposition works: building a network allocates, and it is seen. */
    long allocs, frees;
    counting_on();
    bps_network *probe = NULL;
    bps_status s = bps_network_new(NULL, &probe);
    int32_t pop;
    if (s == BPS_OK) s = bps_population_new(probe, "LIF", 10, &pop);
    if (s == BPS_OK) s = bps_network_compile(probe);
    counting_off(&allocs, &frees);
    OK(s);
    printf("  building and compiling a 10-neuron network: %ld allocations, %ld frees\n", allocs, frees);
    REQUIRE(allocs > 0, "no allocation was counted while building a network: malloc is not interposed "
                        "(link with -rdynamic / ENABLE_EXPORTS)");
    counting_on();
    OK(bps_network_delete(probe));
    counting_off(&allocs, &frees);
    REQUIRE(frees > 0, "deleting a network freed nothing that was counted: free is not interposed");

    /* 1. No monitors: nothing at all. */
    const int32_t thread_options[2] = {1, 0};
    for (int k = 0; k < 2; k++) {
        bps_network *net = coba(thread_options[k], 0, NULL);
        int32_t threads = 0;
        OK(bps_network_get_num_threads(net, &threads));
        long f1 = 0;
        long a1 = measured_run(net, 1000, &f1);
        printf("  COBA 4000, num_threads %d (%d), no monitor: run(1000) -> %ld allocations, %ld frees\n",
               thread_options[k], threads, a1, f1);
        CHECK(a1 == 0, "run(1000) without monitors allocated %ld times (num_threads %d)", a1, thread_options[k]);
        CHECK(f1 == 0, "run(1000) without monitors freed %ld times (num_threads %d)", f1, thread_options[k]);
        /* run_for: converting the duration (parsing its unit) may allocate once per call, but the
           count must not grow with the number of steps. */
        long fa = 0, fb = 0, ra, rb;
        counting_on();
        s = bps_network_run_for(net, 50, "ms", NULL);
        counting_off(&ra, &fa);
        OK(s);
        counting_on();
        s = bps_network_run_for(net, 100, "ms", NULL);
        counting_off(&rb, &fb);
        OK(s);
        printf("  COBA 4000, num_threads %d, no monitor: run_for(50 ms) -> %ld allocations, run_for(100 ms) -> %ld\n",
               thread_options[k], ra, rb);
        CHECK(ra == rb, "run_for(50 ms) allocated %ld times, run_for(100 ms) %ld: allocation per step", ra, rb);
        OK(bps_network_delete(net));
    }

    /* 2. A spike monitor: one reservation when the run starts, nothing per step. */
    int32_t monitor = -1;
    bps_network *net = coba(1, 1, &monitor);
    long f1000 = 0, f2000 = 0, f1000b = 0;
    long a1000 = measured_run(net, 1000, &f1000);
    long a2000 = measured_run(net, 2000, &f2000);
    long a1000b = measured_run(net, 1000, &f1000b);
    int64_t recorded = 0;
    OK(bps_monitor_shape(net, monitor, &recorded, NULL));
    printf("  COBA 4000, spike monitor: run(1000) -> %ld allocations (%ld frees), run(2000) -> %ld (%ld), "
           "run(1000) again -> %ld (%ld); %lld steps recorded\n",
           a1000, f1000, a2000, f2000, a1000b, f1000b, (long long)recorded);
    CHECK(a1000 == a2000, "with a spike monitor run(1000) allocated %ld times but run(2000) %ld: allocation per step",
          a1000, a2000);
    CHECK(a1000b <= a1000, "with a spike monitor a second run(1000) allocated %ld times, the first %ld", a1000b,
          a1000);
    CHECK(a1000 <= 16, "with a spike monitor run(1000) allocated %ld times (expected a few reservations)", a1000);
    CHECK(recorded == 100 + 1000 + 2000 + 1000, "monitor holds %lld steps", (long long)recorded);
    int64_t n_events = 0;
    s = bps_monitor_get_events(net, monitor, NULL, NULL, 0, &n_events);
    CHECK((s == BPS_OK || s == BPS_ERR_BUFFER_TOO_SMALL) && n_events > 0, "no spikes recorded (%s)",
          bps_status_name(s));
    OK(bps_network_delete(net));

    /* 3. Every neuron model's step: built from the catalogue, driven by a current input so the
       kernels run their spiking paths too. */
    int32_t n_models = 0;
    OK(bps_model_count(&n_models));
    int checked = 0;
    for (int32_t m = 0; m < n_models; m++) {
        const char *name = NULL, *role = NULL;
        OK(bps_model_info(m, &name, &role, NULL, NULL, NULL, NULL));
        if (strcmp(role, "neuron") != 0) continue;
        bps_network_options o;
        OK(bps_network_options_init(&o));
        o.num_threads = 1;
        bps_network *mnet = NULL;
        OK(bps_network_new(&o, &mnet));
        int32_t mpop;
        OK(bps_population_new(mnet, name, 64, &mpop));
        OK(bps_network_compile(mnet));
        OK(bps_network_run(mnet, 10, NULL));
        long mf = 0;
        long ma = measured_run(mnet, 200, &mf);
        CHECK(ma == 0 && mf == 0, "%s: run(200) allocated %ld times and freed %ld times", name, ma, mf);
        OK(bps_network_delete(mnet));
        checked++;
    }
    printf("  every neuron model (%d): run(200) without allocating\n", checked);
    CHECK(checked >= 22, "only %d neuron models in the catalogue", checked);
    return bps_test_finish("test_alloc");
}
