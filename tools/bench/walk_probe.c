/* Why a worker of the 2-thread COBA network delivers more slowly than a 1-thread network of half the
 * size with the same events per thread. Independent of the engine (no library): a model of its
 * delivery (each spiking row's synapses grouped by target tile, 16-bit targets relative to the
 * tile, 32-bit segment offsets, the row and offset prefetches of Connectivity.deliver) and of the
 * neuron kernel's traffic between two deliveries (8 float32 columns per neuron).
 *
 * Six ways to run N neurons' worth of work on one or two threads, 80 synapses per neuron, 0.507 %
 * of the neurons spiking per step (50.7 Hz at dt 0.1 ms), targets uniform:
 *   alone     one thread, a network of N/2 neurons (one tile): the 1-thread process of that size;
 *   pair      two threads, each running its own network of N/2 neurons, no barrier: two processes;
 *   split     two threads, one network of N neurons in two tiles: each thread walks every spiking
 *             row for its own tile (twice the rows of `alone`, half the synapses each), a barrier
 *             per step: what the engine does;
 *   copies    as split, each thread reading its own copy of the table: the cost of sharing one table;
 *   rows      two threads, one network of N neurons: each thread walks half of the spiking rows, whole
 *             (both tiles' segments in one walk), into its own copy of all N increments; after a
 *             barrier each thread adds the other's copy of its own neurons' increments into its own
 *             (and clears it) before the kernel pass, then a second barrier: delivery split by rows;
 *   lists     two threads, one network of N neurons: after its kernel pass each thread walks the
 *             spiking rows of its own neurons, whole, copying each row's segment for each tile to a
 *             list for that tile (double-buffered by step); after the barrier each thread adds the
 *             lists for its tile, the first thread's first (the order of one thread), before its
 *             kernel pass: each row walked once, by its owner, and no merge of dense copies.
 * Printed per thread: delivery and kernel time per step in us (minimum over --repeats runs of the
 * thread's mean; in `rows` the delivery includes the wait at the first barrier and the kernel the
 * merge; in `lists` the delivery is the lists' walk and their additions), and the run's wall time
 * per step, which compares the modes whole.
 *
 *   walk_probe [--neurons N] [--steps S] [--repeats R]
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe_common.h"

enum { SYNAPSES = 80, COLUMNS = 8, AHEAD = 3, OFFSETS_AHEAD = 8 };

/* A projection of `rows` presynaptic neurons onto `tiles` tiles of `tile_size` neurons. */
typedef struct {
    int rows, tiles, tile_size;
    uint32_t *offsets; /* rows * tiles + 1 */
    uint16_t *targets;
} table;

static table make_table(int rows, int tiles, int tile_size, uint64_t seed) {
    table t = {rows, tiles, tile_size, malloc(sizeof(uint32_t) * ((size_t)rows * tiles + 1)),
               malloc(sizeof(uint16_t) * (size_t)rows * SYNAPSES)};
    if (!t.offsets || !t.targets) exit(1);
    int post[SYNAPSES];
    uint32_t slot = 0;
    for (int i = 0; i < rows; i++) {
        for (int k = 0; k < SYNAPSES; k++) post[k] = (int)(next_random(&seed) % (uint64_t)(tiles * tile_size));
        for (int p = 0; p < tiles; p++) {
            t.offsets[(size_t)i * tiles + p] = slot;
            for (int k = 0; k < SYNAPSES; k++)
                if (post[k] / tile_size == p) t.targets[slot++] = (uint16_t)(post[k] - p * tile_size);
        }
    }
    t.offsets[(size_t)rows * tiles] = slot;
    return t;
}

static table copy_table(const table *src) {
    size_t n_off = (size_t)src->rows * src->tiles + 1, n_tgt = (size_t)src->rows * SYNAPSES;
    table t = *src;
    t.offsets = malloc(sizeof(uint32_t) * n_off);
    t.targets = malloc(sizeof(uint16_t) * n_tgt);
    if (!t.offsets || !t.targets) exit(1);
    memcpy(t.offsets, src->offsets, sizeof(uint32_t) * n_off);
    memcpy(t.targets, src->targets, sizeof(uint16_t) * n_tgt);
    return t;
}

/* Connectivity.deliver's loop for one tile: offsets asked for 8 rows ahead, segments 3 rows ahead. */
static void deliver(const table *t, int tile, const int32_t *rows, int count, float w, float *pending) {
    for (int s = 0; s < count; s++) {
        if (s + OFFSETS_AHEAD < count) __builtin_prefetch(t->offsets + (size_t)rows[s + OFFSETS_AHEAD] * t->tiles + tile);
        if (s + AHEAD < count) {
            size_t base = (size_t)rows[s + AHEAD] * t->tiles + tile;
            for (uint32_t k = t->offsets[base] & ~31u; k < t->offsets[base + 1]; k += 32) __builtin_prefetch(t->targets + k);
        }
        size_t base = (size_t)rows[s] * t->tiles + tile;
        for (uint32_t k = t->offsets[base]; k < t->offsets[base + 1]; k++) pending[t->targets[k]] += w;
    }
}

/* Whole rows (every tile's segment, adjacent) into increments of the whole population. */
static void deliver_rows(const table *t, const int32_t *rows, int count, float w, float *pending) {
    for (int s = 0; s < count; s++) {
        if (s + OFFSETS_AHEAD < count) __builtin_prefetch(t->offsets + (size_t)rows[s + OFFSETS_AHEAD] * t->tiles);
        if (s + AHEAD < count) {
            size_t base = (size_t)rows[s + AHEAD] * t->tiles;
            for (uint32_t k = t->offsets[base] & ~31u; k < t->offsets[base + t->tiles]; k += 32) __builtin_prefetch(t->targets + k);
        }
        size_t base = (size_t)rows[s] * t->tiles;
        for (int p = 0; p < t->tiles; p++) {
            float *tile_pending = pending + (size_t)p * t->tile_size;
            for (uint32_t k = t->offsets[base + p]; k < t->offsets[base + p + 1]; k++) tile_pending[t->targets[k]] += w;
        }
    }
}


/* A spinning barrier for two threads. */
typedef struct {
    atomic_int arrived, generation;
} barrier2;

static void barrier_wait(barrier2 *b, int parties) {
    int gen = atomic_load(&b->generation);
    if (atomic_fetch_add(&b->arrived, 1) + 1 == parties) {
        atomic_store(&b->arrived, 0);
        atomic_fetch_add(&b->generation, 1);
    } else {
        while (atomic_load(&b->generation) == gen) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#endif
        }
    }
}

typedef struct {
    const table *t;
    int tile, neurons, steps, spikes, parties;
    const int32_t *spiking; /* steps * spikes rows, ascending within a step */
    barrier2 *barrier;
    float *col[COLUMNS];
    /* rows mode: this thread's copy of every increment, and the other thread's copy of its neurons' */
    float *own_copy, *other_part;
    /* lists mode: lists[(parity * 2 + from) * 2 + to] and their lengths, shared by the threads; the
     * thread's own spiking rows of a step */
    uint16_t **lists;
    int *list_len;
    int32_t *own_rows;
    double deliver_s, kernel_s;
    float sink;
} worker;

/* lists mode, after step s's kernel pass: this thread's spiking rows (its half of the population),
 * each row's segment for tile p copied to the list from this thread to p for step s + 1. */
static void build_lists(worker *w, const int32_t *rows, int count, int s) {
    const table *t = w->t;
    int me = w->tile, n = 0;
    for (int k = 0; k < count; k++)
        if (rows[k] / t->tile_size == me) w->own_rows[n++] = rows[k];
    uint16_t **out = w->lists + (size_t)((s + 1) % 2) * 4 + me * 2;
    int *len = w->list_len + (size_t)((s + 1) % 2) * 4 + me * 2;
    len[0] = len[1] = 0;
    for (int k = 0; k < n; k++) {
        if (k + OFFSETS_AHEAD < n) __builtin_prefetch(t->offsets + (size_t)w->own_rows[k + OFFSETS_AHEAD] * t->tiles);
        if (k + AHEAD < n) {
            size_t b = (size_t)w->own_rows[k + AHEAD] * t->tiles;
            for (uint32_t i = t->offsets[b] & ~31u; i < t->offsets[b + t->tiles]; i += 32) __builtin_prefetch(t->targets + i);
        }
        size_t base = (size_t)w->own_rows[k] * t->tiles;
        for (int p = 0; p < 2; p++) {
            uint32_t a = t->offsets[base + p], b = t->offsets[base + p + 1];
            memcpy(out[p] + len[p], t->targets + a, (b - a) * sizeof(uint16_t));
            len[p] += (int)(b - a);
        }
    }
}

/* lists mode, before step s's kernel pass: the lists for this thread's tile, from thread 0 first. */
static void add_lists(worker *w, int s, float weight, float *pending) {
    for (int from = 0; from < 2; from++) {
        size_t at = (size_t)(s % 2) * 4 + from * 2 + w->tile;
        const uint16_t *list = w->lists[at];
        for (int k = 0; k < w->list_len[at]; k++) pending[list[k]] += weight;
    }
}

static void *run_worker(void *arg) {
    worker *w = arg;
    w->deliver_s = w->kernel_s = 0;
    if (w->lists) {
        for (int s = 0; s < w->steps; s++) {
            double t0 = now_s();
            if (s > 0) add_lists(w, s, 0.6f, w->col[6]);
            double t1 = now_s();
            w->sink += stream_states(w->col, (size_t)w->neurons);
            double t2 = now_s();
            build_lists(w, w->spiking + (size_t)s * w->spikes, w->spikes, s);
            w->deliver_s += (t1 - t0) + (now_s() - t2);
            w->kernel_s += t2 - t1;
            barrier_wait(w->barrier, w->parties);
        }
        return NULL;
    }
    for (int s = 0; s < w->steps; s++) {
        double t0 = now_s();
        const int32_t *rows = w->spiking + (size_t)s * w->spikes;
        if (w->own_copy) {
            int lo = w->tile * (w->spikes / 2), hi = w->tile == 0 ? w->spikes / 2 : w->spikes;
            deliver_rows(w->t, rows + lo, hi - lo, 0.6f, w->own_copy);
            barrier_wait(w->barrier, w->parties);
        } else {
            deliver(w->t, w->tile, rows, w->spikes, 0.6f, w->col[6]);
        }
        double t1 = now_s();
        if (w->own_copy) {
            for (int j = 0; j < w->neurons; j++) {
                w->col[6][j] += w->other_part[j];
                w->other_part[j] = 0;
            }
        }
        w->sink += stream_states(w->col, (size_t)w->neurons);
        double t2 = now_s();
        w->deliver_s += t1 - t0;
        w->kernel_s += t2 - t1;
        if (w->barrier) barrier_wait(w->barrier, w->parties);
    }
    return NULL;
}

static int32_t *draw_spikes(int rows, int spikes, int steps, uint64_t seed) {
    int32_t *out = malloc(sizeof(int32_t) * (size_t)steps * spikes);
    unsigned char *chosen = calloc((size_t)rows, 1);
    if (!out || !chosen) exit(1);
    for (int s = 0; s < steps; s++) {
        memset(chosen, 0, (size_t)rows);
        for (int k = 0; k < spikes;) {
            int r = (int)(next_random(&seed) % (uint64_t)rows);
            if (!chosen[r]) {
                chosen[r] = 1;
                k++;
            }
        }
        int n = 0;
        for (int r = 0; r < rows; r++)
            if (chosen[r]) out[(size_t)s * spikes + n++] = r;
    }
    free(chosen);
    return out;
}

static void make_columns(worker *w) {
    for (int c = 0; c < COLUMNS; c++) {
        w->col[c] = calloc((size_t)w->neurons + 16, sizeof(float));
        if (!w->col[c]) exit(1);
    }
}

int main(int argc, char **argv) {
    int neurons = 64000, steps = 2000, repeats = 5;
    for (int a = 1; a < argc; a++) {
        if (a + 1 < argc && strcmp(argv[a], "--neurons") == 0) neurons = atoi(argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--steps") == 0) steps = atoi(argv[++a]);
        else if (a + 1 < argc && strcmp(argv[a], "--repeats") == 0) repeats = atoi(argv[++a]);
        else {
            fprintf(stderr, "usage: walk_probe [--neurons N] [--steps S] [--repeats R]\n");
            return 2;
        }
    }
    int half = neurons / 2 / 16 * 16;
    if (half < 1024 || half > 65536 || steps < 1 || repeats < 1) {
        fprintf(stderr, "walk_probe: --neurons must be 2048..131072, --steps and --repeats positive\n");
        return 2;
    }
    int spikes_half = (int)(half * 0.00507 + 0.5), spikes_full = 2 * spikes_half;
    table small[2] = {make_table(half, 1, half, 11), make_table(half, 1, half, 12)};
    table big = make_table(2 * half, 2, half, 13);
    table big_copy = copy_table(&big);
    int32_t *spiking_small[2] = {draw_spikes(half, spikes_half, steps, 21), draw_spikes(half, spikes_half, steps, 22)};
    int32_t *spiking_big = draw_spikes(2 * half, spikes_full, steps, 23);
    printf("# walk_probe: %d neurons per thread, %d synapses per row, %d spiking rows per step of a %d-neuron "
           "network (%d of a %d-neuron one), %d steps, minimum over %d runs\n",
           half, SYNAPSES, spikes_full, 2 * half, spikes_half, half, steps, repeats);
    printf("%-7s %8s %14s %14s %14s %14s %12s\n", "mode", "threads", "deliver t0 us", "kernel t0 us", "deliver t1 us",
           "kernel t1 us", "wall us/step");
    const char *modes[6] = {"alone", "pair", "split", "copies", "rows", "lists"};
    float *copies[2] = {calloc((size_t)2 * half + 16, sizeof(float)), calloc((size_t)2 * half + 16, sizeof(float))};
    if (!copies[0] || !copies[1]) return 1;
    uint16_t *lists[8];
    int list_len[8] = {0};
    int32_t *own_rows[2] = {malloc(sizeof(int32_t) * (size_t)spikes_full), malloc(sizeof(int32_t) * (size_t)spikes_full)};
    if (!own_rows[0] || !own_rows[1]) return 1;
    for (int k = 0; k < 8; k++)
        if (!(lists[k] = malloc(sizeof(uint16_t) * (size_t)spikes_full * SYNAPSES))) return 1;
    for (int m = 0; m < 6; m++) {
        int threads = m == 0 ? 1 : 2;
        worker w[2];
        memset(w, 0, sizeof w);
        barrier2 barrier;
        atomic_init(&barrier.arrived, 0);
        atomic_init(&barrier.generation, 0);
        for (int t = 0; t < threads; t++) {
            w[t].neurons = half;
            w[t].steps = steps;
            w[t].parties = 2;
            if (m <= 1) {
                w[t].t = &small[t];
                w[t].tile = 0;
                w[t].spiking = spiking_small[t];
                w[t].spikes = spikes_half;
            } else {
                w[t].t = (m == 3 && t == 1) ? &big_copy : &big;
                w[t].tile = t;
                w[t].spiking = spiking_big;
                w[t].spikes = spikes_full;
                w[t].barrier = &barrier;
            }
            make_columns(&w[t]);
        }
        if (m == 5) {
            for (int t = 0; t < 2; t++) {
                w[t].lists = lists;
                w[t].list_len = list_len;
                w[t].own_rows = own_rows[t];
            }
        }
        if (m == 4) {
            /* Each thread's increment column is its own tile's part of its own copy. */
            for (int t = 0; t < 2; t++) {
                free(w[t].col[6]);
                w[t].own_copy = copies[t];
                w[t].col[6] = copies[t] + (size_t)t * half;
                w[t].other_part = copies[1 - t] + (size_t)t * half;
            }
        }
        double best_wall = 1e30, best_d[2] = {1e30, 1e30}, best_k[2] = {1e30, 1e30};
        for (int r = 0; r < repeats; r++) {
            pthread_t thread;
            double t0 = now_s();
            if (threads == 2 && pthread_create(&thread, NULL, run_worker, &w[1]) != 0) return 1;
            run_worker(&w[0]);
            if (threads == 2) pthread_join(thread, NULL);
            double wall = now_s() - t0;
            if (wall < best_wall) best_wall = wall;
            for (int t = 0; t < threads; t++) {
                if (w[t].deliver_s < best_d[t]) best_d[t] = w[t].deliver_s;
                if (w[t].kernel_s < best_k[t]) best_k[t] = w[t].kernel_s;
            }
        }
        double per = 1e6 / steps;
        if (threads == 1)
            printf("%-7s %8d %14.2f %14.2f %14s %14s %12.2f\n", modes[m], threads, best_d[0] * per, best_k[0] * per,
                   "-", "-", best_wall * per);
        else
            printf("%-7s %8d %14.2f %14.2f %14.2f %14.2f %12.2f\n", modes[m], threads, best_d[0] * per,
                   best_k[0] * per, best_d[1] * per, best_k[1] * per, best_wall * per);
        for (int t = 0; t < threads; t++)
            for (int c = 0; c < COLUMNS; c++)
                if (!(m == 4 && c == 6)) free(w[t].col[c]);
        if (w[0].sink < -1) printf("%f\n", w[0].sink);
    }
    return 0;
}
