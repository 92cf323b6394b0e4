/* What the memory system alone charges a step of the COBA network at each size, on one thread: the
 * floor under "cost grows linearly". Independent of the engine (no library). A step of any engine of
 * this design moves two kinds of data that it cannot avoid:
 *   states  the neuron kernel's columns, read and written once per step (V, g_E and g_I read and
 *           written, last_spike_time read), and the tile's increments read and cleared in a buffer of
 *           at most 65 536 neurons (tile-local, so in L2 at every size);
 *   rows    the 16-bit targets of the rows that spiked (0.507 % of the neurons per step: 50.7 Hz at
 *           dt 0.1 ms), --synapses per row, read once with the rows asked for 16 ahead.
 * The loops do the least arithmetic that keeps them honest (a decay and an add per state, a sum over
 * the targets), so each phase's time is what its bytes cost where they live: the states (16 bytes a
 * neuron) in L2 while they fit it and in L3 above, the table (2 bytes a synapse) in L3 while it fits
 * it and in memory above. Printed per size: ns per neuron and step for the states, ns per spiking row,
 * and the step's ns per neuron (both phases), minima over --repeats runs.
 *
 *   floor_probe [--sizes A,B,...] [--synapses K] [--steps S] [--repeats R]
 */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "probe_common.h"

enum { TILE = 65536, ROWS_AHEAD = 16, LINE_TARGETS = 32, MAX_SIZES = 16 };

static void *huge_zeroed(size_t bytes) {
    size_t page = (size_t)2 << 20;
    bytes = (bytes + page - 1) / page * page;
    void *p = aligned_alloc(page, bytes);
    if (!p) {
        fprintf(stderr, "floor_probe: out of memory\n");
        exit(1);
    }
    (void)madvise(p, bytes, MADV_HUGEPAGE);
    memset(p, 0, bytes);
    return p;
}

/* One tile's states: neurons [0, n) of the columns given from the tile's first neuron. */
static int step_tile(float *restrict V, const float *restrict last, float *restrict ge, float *restrict gi,
                     float *restrict pe, float *restrict pi, size_t n) {
    int spikes = 0;
    for (size_t j = 0; j < n; j++) {
        float g = ge[j] * 0.98f + pe[j], h = gi[j] * 0.99f + pi[j];
        float held = (float)(last[j] > 1.0f); /* refractory: V kept */
        float v = V[j] + (1.0f - held) * 0.1f * (g - h - V[j]);
        spikes += v > 10.0f;
        V[j] = v;
        ge[j] = g;
        gi[j] = h;
        pe[j] = 0;
        pi[j] = 0;
    }
    return spikes;
}

/* One pass over the states of neurons [0, n), tile by tile; returns the number of "spikes". */
static int step_states(float *V, const float *last, float *ge, float *gi, float *pe, float *pi, size_t n) {
    int spikes = 0;
    for (size_t lo = 0; lo < n; lo += TILE) {
        size_t hi = lo + TILE < n ? lo + TILE : n;
        spikes += step_tile(V + lo, last + lo, ge + lo, gi + lo, pe, pi, hi - lo);
    }
    return spikes;
}

/* Reads the targets of `count` rows of `k` targets each, asking for each row's lines ROWS_AHEAD rows
   ahead; returns their sum. */
static uint64_t read_rows(const uint16_t *table, int k, const int *rows, int count) {
    uint64_t sum = 0;
    for (int s = 0; s < count; s++) {
        if (s + ROWS_AHEAD < count) {
            const uint16_t *ahead = table + (size_t)rows[s + ROWS_AHEAD] * (size_t)k;
            for (int t = 0; t < k; t += LINE_TARGETS) __builtin_prefetch(ahead + t);
            __builtin_prefetch(ahead + k - 1);
        }
        const uint16_t *row = table + (size_t)rows[s] * (size_t)k;
        for (int t = 0; t < k; t++) sum += row[t];
    }
    return sum;
}

static int ascending(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv) {
    long sizes[MAX_SIZES] = {64000, 1000000};
    int nsizes = 2, k = 80, steps = 400, repeats = 5;
    for (int a = 1; a + 1 < argc; a += 2) {
        if (!strcmp(argv[a], "--sizes")) {
            nsizes = 0;
            for (char *p = argv[a + 1]; *p && nsizes < MAX_SIZES;) {
                sizes[nsizes++] = strtol(p, &p, 10);
                if (*p == ',') p++;
            }
        } else if (!strcmp(argv[a], "--synapses")) k = atoi(argv[a + 1]);
        else if (!strcmp(argv[a], "--steps")) steps = atoi(argv[a + 1]);
        else if (!strcmp(argv[a], "--repeats")) repeats = atoi(argv[a + 1]);
    }
    for (int s = 0; s < nsizes; s++) {
        if (sizes[s] < 1000 || sizes[s] > 100000000) {
            fprintf(stderr, "floor_probe: sizes from 1 000 to 100 000 000 neurons\n");
            return 2;
        }
    }
    if (k < 1 || k > 100000 || steps < 1 || repeats < 1) {
        fprintf(stderr, "floor_probe: --synapses 1 to 100 000, --steps and --repeats at least 1\n");
        return 2;
    }
    printf("floor_probe: %d synapses per row, 0.507 %% of the neurons spiking per step, %d steps, minimum over %d runs\n",
           k, steps, repeats);
    printf("%10s  %15s  %12s  %18s  %10s\n", "neurons", "states ns/neuron", "rows ns/row", "step ns/neuron", "table MB");
    uint64_t seed = 88172645463325252ull;
    for (int s = 0; s < nsizes; s++) {
        size_t n = (size_t)sizes[s];
        float *V = huge_zeroed(sizeof(float) * n), *last = huge_zeroed(sizeof(float) * n);
        float *ge = huge_zeroed(sizeof(float) * n), *gi = huge_zeroed(sizeof(float) * n);
        float *pe = huge_zeroed(sizeof(float) * TILE), *pi = huge_zeroed(sizeof(float) * TILE);
        uint16_t *table = huge_zeroed(sizeof(uint16_t) * n * (size_t)k);
        for (size_t j = 0; j < n * (size_t)k; j++) table[j] = (uint16_t)next_random(&seed);
        int per_step = (int)((double)n * 0.00507);
        if (per_step < 1) per_step = 1;
        int *rows = malloc(sizeof(int) * (size_t)steps * (size_t)per_step);
        if (!rows) return 1;
        for (int t = 0; t < steps; t++) {
            int *r = rows + (size_t)t * (size_t)per_step;
            for (int q = 0; q < per_step; q++) r[q] = (int)(next_random(&seed) % n);
            qsort(r, (size_t)per_step, sizeof(int), ascending);
        }
        double best_states = 1e30, best_rows = 1e30, best_step = 1e30;
        uint64_t sink = 0;
        for (int rep = 0; rep < repeats; rep++) {
            double states = 0, reads = 0;
            for (int t = 0; t < steps; t++) {
                double t0 = now_s();
                sink += read_rows(table, k, rows + (size_t)t * (size_t)per_step, per_step);
                double t1 = now_s();
                sink += (uint64_t)step_states(V, last, ge, gi, pe, pi, n);
                double t2 = now_s();
                reads += t1 - t0;
                states += t2 - t1;
            }
            double ns_states = states / ((double)steps * (double)n) * 1e9;
            double ns_rows = reads / ((double)steps * per_step) * 1e9;
            double ns_step = (states + reads) / ((double)steps * (double)n) * 1e9;
            if (ns_states < best_states) best_states = ns_states;
            if (ns_rows < best_rows) best_rows = ns_rows;
            if (ns_step < best_step) best_step = ns_step;
        }
        printf("%10zu  %15.3f  %12.1f  %18.3f  %10.0f   (checksum %llu)\n", n, best_states, best_rows, best_step,
               (double)(sizeof(uint16_t) * n * (size_t)k) / 1e6, (unsigned long long)(sink & 0xffff));
        free(rows);
        float *columns[] = {V, last, ge, gi, pe, pi};
        for (int c = 0; c < 6; c++) free(columns[c]);
        free(table);
    }
    return 0;
}
