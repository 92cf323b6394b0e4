/* What fewer cache lines per spiking row would save the copying walk of tile-local delivery
 * (Connectivity.stage) at a million neurons on one thread. Independent of the engine (no library): a
 * model of the walk over one step's spiking rows, each row's 16-bit targets copied to the slot of its
 * tile (as below), with the engine's prefetches (the offsets 40 rows ahead, the targets 16).
 *
 * Two layouts of where a row's segments start, for --tiles tiles (16: a million neurons):
 *   offsets  the engine's: one 32-bit offset per (row, tile) segment, 64 bytes per row at 16 tiles
 *            (1-2 lines), every line asked for;
 *   compact  one 32-bit start per row and one 16-bit end per segment relative to it, 32 bytes per row
 *            at 16 tiles (at most one line). Rows of more than 65 535 synapses would not fit it.
 * 100 synapses per row with uniform targets, 0.507 % of the neurons spiking per step (50.7 Hz at
 * dt 0.1 ms) in ascending order, tables on transparent huge pages as the engine's Arena asks for.
 * Printed: ns per spiking row, the minimum over --repeats runs of --steps steps, layouts alternated.
 *
 * and a third walk in the engine's layout:
 *   cursors  a pointer per tile to where its next segment goes instead of a count (no slot address
 *            computed per segment), and each segment's start taken from the previous one's end (one
 *            offset read per segment instead of two).
 * Each segment is copied as the engine's TileStaging copies it: 16 targets at once where it has at
 * most 16, else whole chunks of 32 (--whole-chunks 1: always whole chunks, the engine before).
 * --evict-mb M streams M MB (read and written, untimed) between steps, as the neuron kernel's pass
 * does in the engine (24: a million neurons' columns), so that the rows and slots are not left in
 * the caches by the step before.
 *
 *   stage_probe [--neurons N] [--tiles T] [--steps S] [--repeats R] [--rounds K] [--whole-chunks 0|1]
 *               [--evict-mb M]
 */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "probe_common.h"

enum { SYNAPSES = 100, CHUNK = 32, ROWS_AHEAD = 16, OFFSETS_AHEAD = 40, ROOM = 131072 + CHUNK, MAX_TILES = 256 };

/* Tiles per row (--tiles); whether a segment of at most 16 targets is copied as a whole chunk. */
static int TILES = 16, whole_chunks = 0, evict_mb = 0;

static void *huge_zeroed(size_t bytes) {
    size_t page = (size_t)2 << 20;
    bytes = (bytes + page - 1) / page * page;
    void *p = aligned_alloc(page, bytes);
    if (!p) exit(1);
    (void)madvise(p, bytes, MADV_HUGEPAGE);
    memset(p, 0, bytes);
    return p;
}

typedef struct {
    int rows;
    uint32_t *offsets;  /* rows * TILES + 1: the engine's layout */
    uint32_t *starts;   /* rows + 1: the compact layout's row starts... */
    uint16_t *ends;     /* rows * TILES: ...and its segment ends relative to them */
    uint16_t *targets;  /* rows * SYNAPSES + CHUNK */
} table;

static table make_table(int rows, uint64_t *seed) {
    table t = {rows, huge_zeroed(sizeof(uint32_t) * ((size_t)rows * TILES + 1)),
               huge_zeroed(sizeof(uint32_t) * ((size_t)rows + 1)), huge_zeroed(sizeof(uint16_t) * (size_t)rows * TILES),
               huge_zeroed(sizeof(uint16_t) * ((size_t)rows * SYNAPSES + CHUNK))};
    uint32_t at = 0;
    for (int i = 0; i < rows; i++) {
        int count[MAX_TILES] = {0};
        for (int k = 0; k < SYNAPSES; k++) count[next_random(seed) % TILES]++;
        t.starts[i] = at;
        uint32_t end = 0;
        for (int p = 0; p < TILES; p++) {
            t.offsets[(size_t)i * TILES + p] = at + end;
            end += (uint32_t)count[p];
            t.ends[(size_t)i * TILES + p] = (uint16_t)end;
        }
        for (int k = 0; k < SYNAPSES; k++) t.targets[at + (uint32_t)k] = (uint16_t)next_random(seed);
        at += SYNAPSES;
    }
    t.offsets[(size_t)rows * TILES] = at;
    t.starts[rows] = at;
    return t;
}

static void copy_segment(const uint16_t *from, uint32_t start, uint32_t end, uint16_t *slots, int *held, int tile) {
    uint16_t *to = slots + (size_t)tile * ROOM + held[tile];
    if (!whole_chunks && end - start <= 16) {
        memcpy(to, from + start, 16 * sizeof(uint16_t));
        held[tile] += (int)(end - start);
        return;
    }
    for (uint32_t k = start; k < end; k += CHUNK) memcpy(to + (k - start), from + k, CHUNK * sizeof(uint16_t));
    held[tile] += (int)(end - start);
}

static void ask_lines(const uint16_t *targets, uint32_t start, uint32_t end) {
    for (uint32_t k = start & ~(uint32_t)(CHUNK - 1); k < end; k += CHUNK) __builtin_prefetch(targets + k);
}

/* The engine's prefetches before row s of n in its layout: the offsets OFFSETS_AHEAD rows ahead (every
   line), the targets ROWS_AHEAD rows ahead. */
static void ask_ahead(const table *t, const int *rows, int s, int n) {
    if (s + OFFSETS_AHEAD < n) {
        const uint32_t *o = t->offsets + (size_t)rows[s + OFFSETS_AHEAD] * TILES;
        for (int p = 0; p < TILES; p += 16) __builtin_prefetch(o + p);
        __builtin_prefetch(o + TILES);
    }
    if (s + ROWS_AHEAD < n) {
        const uint32_t *o = t->offsets + (size_t)rows[s + ROWS_AHEAD] * TILES;
        ask_lines(t->targets, o[0], o[TILES]);
    }
}

/* One step's walk over `n` spiking rows in the engine's layout. */
static void walk_offsets(const table *t, const int *rows, int n, uint16_t *slots, int *held) {
    for (int s = 0; s < n; s++) {
        ask_ahead(t, rows, s, n);
        const uint32_t *o = t->offsets + (size_t)rows[s] * TILES;
        for (int p = 0; p < TILES; p++) copy_segment(t->targets, o[p], o[p + 1], slots, held, p);
    }
}

/* The engine's layout with a cursor per tile (held[] turned into pointers and back). */
static void walk_cursors(const table *t, const int *rows, int n, uint16_t *slots, int *held) {
    uint16_t *cursor[MAX_TILES];
    for (int p = 0; p < TILES; p++) cursor[p] = slots + (size_t)p * ROOM + held[p];
    for (int s = 0; s < n; s++) {
        ask_ahead(t, rows, s, n);
        const uint32_t *o = t->offsets + (size_t)rows[s] * TILES;
        uint32_t start = o[0];
        for (int p = 0; p < TILES; p++) {
            uint32_t end = o[p + 1];
            uint16_t *to = cursor[p];
            if (!whole_chunks && end - start <= 16) memcpy(to, t->targets + start, 16 * sizeof(uint16_t));
            else
                for (uint32_t k = start; k < end; k += CHUNK)
                    memcpy(to + (k - start), t->targets + k, CHUNK * sizeof(uint16_t));
            cursor[p] = to + (end - start);
            start = end;
        }
    }
    for (int p = 0; p < TILES; p++) held[p] = (int)(cursor[p] - (slots + (size_t)p * ROOM));
}

/* The same walk in the compact layout. */
static void walk_compact(const table *t, const int *rows, int n, uint16_t *slots, int *held) {
    for (int s = 0; s < n; s++) {
        if (s + OFFSETS_AHEAD < n) {
            size_t i = (size_t)rows[s + OFFSETS_AHEAD];
            __builtin_prefetch(t->starts + i);
            for (int p = 0; p < TILES; p += 32) __builtin_prefetch(t->ends + i * TILES + p);
            __builtin_prefetch(t->ends + i * TILES + TILES - 1);
        }
        if (s + ROWS_AHEAD < n) {
            size_t i = (size_t)rows[s + ROWS_AHEAD];
            ask_lines(t->targets, t->starts[i], t->starts[i + 1]);
        }
        size_t i = (size_t)rows[s];
        uint32_t start = t->starts[i], previous = 0;
        const uint16_t *ends = t->ends + i * TILES;
        for (int p = 0; p < TILES; p++) {
            copy_segment(t->targets, start + previous, start + ends[p], slots, held, p);
            previous = ends[p];
        }
    }
}

static int ascending(const void *a, const void *b) { return *(const int *)a - *(const int *)b; }

int main(int argc, char **argv) {
    int neurons = 1000000, steps = 400, repeats = 3, rounds = 3;
    for (int a = 1; a + 1 < argc; a += 2) {
        int v = atoi(argv[a + 1]);
        if (!strcmp(argv[a], "--neurons")) neurons = v;
        else if (!strcmp(argv[a], "--steps")) steps = v;
        else if (!strcmp(argv[a], "--repeats")) repeats = v;
        else if (!strcmp(argv[a], "--rounds")) rounds = v;
        else if (!strcmp(argv[a], "--tiles")) TILES = v;
        else if (!strcmp(argv[a], "--whole-chunks")) whole_chunks = v;
        else if (!strcmp(argv[a], "--evict-mb")) evict_mb = v;
    }
    if (TILES < 1 || TILES > MAX_TILES || neurons < TILES || steps < 1 || repeats < 1 || rounds < 1 || evict_mb < 0
        || evict_mb > 4096) {
        fprintf(stderr, "stage_probe: --tiles 1 to %d, --neurons at least --tiles, --steps, --repeats and --rounds "
                        "at least 1, --evict-mb 0 to 4096\n", MAX_TILES);
        return 2;
    }
    uint64_t seed = 88172645463325252ull;
    table t = make_table(neurons, &seed);
    int per_step = (int)(neurons * 0.00507);
    int *rows = malloc(sizeof(int) * (size_t)steps * (size_t)per_step);
    uint16_t *slots = huge_zeroed(sizeof(uint16_t) * (size_t)TILES * ROOM);
    if (!rows) return 1;
    float *evict = evict_mb ? huge_zeroed((size_t)evict_mb << 20) : NULL;
    for (int s = 0; s < steps; s++) {
        int *r = rows + (size_t)s * (size_t)per_step;
        for (int k = 0; k < per_step; k++) r[k] = (int)(next_random(&seed) % (uint64_t)neurons);
        qsort(r, (size_t)per_step, sizeof(int), ascending);
    }
    printf("stage_probe: %d neurons, %d tiles, %d synapses per row, %d spiking rows per step, %d steps, minimum over %d runs%s, "
           "%d MB streamed between steps\n",
           neurons, TILES, SYNAPSES, per_step, steps, repeats, whole_chunks ? ", whole chunks" : "", evict_mb);
    printf("round  offsets ns/row  compact ns/row  cursors ns/row\n");
    for (int round = 1; round <= rounds; round++) {
        double best[3] = {1e30, 1e30, 1e30};
        for (int layout = 0; layout < 3; layout++) {
            for (int rep = 0; rep < repeats; rep++) {
                int held[MAX_TILES];
                double walking = 0;
                for (int s = 0; s < steps; s++) {
                    for (size_t k = 0; k < ((size_t)evict_mb << 18); k++) evict[k] = evict[k] * 0.5f + 1.0f;
                    memset(held, 0, sizeof held);
                    const int *r = rows + (size_t)s * (size_t)per_step;
                    double t0 = now_s();
                    if (layout == 0) walk_offsets(&t, r, per_step, slots, held);
                    else if (layout == 1) walk_compact(&t, r, per_step, slots, held);
                    else walk_cursors(&t, r, per_step, slots, held);
                    walking += now_s() - t0;
                }
                double ns = walking / ((double)steps * per_step) * 1e9;
                if (ns < best[layout]) best[layout] = ns;
            }
        }
        printf("%5d  %14.1f  %14.1f  %14.1f\n", round, best[0], best[1], best[2]);
    }
    return 0;
}
