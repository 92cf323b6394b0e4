/* What one synaptic event costs on this machine as the increments outgrow the caches: random
 * float32 additions ("pending[target] += w", spike delivery's inner loop) into a column of N
 * neurons, N from 32 768 to 8 388 608. Independent of the engine (no library): it measures the
 * memory system that the sweep's million-neuron row runs into.
 *
 * Each size runs steps as the COBA network does: N/2 events per step (at 50 Hz, dt 0.1 ms and 80 to
 * 100 synapses per neuron a step delivers 0.4 to 0.5 events per neuron), 2^22 events in all. Two
 * figures per size, in ns per event (the events' time only; minimum over --repeats runs):
 *   quiet     the steps' events alone (the column stays in whatever cache holds it);
 *   streamed  before each step's events a pass over 32 bytes per neuron read and 28 written (the
 *             neuron kernel's columns of the COBA network: V, last spike time, spike flag, input, two
 *             conductances and two increment columns), which is what runs between two deliveries.
 * The targets are drawn beforehand (xorshift), so the timed loop is load, add, store.
 *
 *   scatter_probe [--repeats R]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "probe_common.h"

enum { EVENTS = 1 << 22, STATE_COLUMNS = 8 };

int main(int argc, char **argv) {
    int repeats = 5;
    for (int a = 1; a < argc; a++) {
        if (a + 1 < argc && strcmp(argv[a], "--repeats") == 0) repeats = atoi(argv[++a]);
        else {
            fprintf(stderr, "usage: scatter_probe [--repeats R]\n");
            return 2;
        }
    }
    if (repeats < 1) repeats = 1;
    const size_t max_n = (size_t)1 << 23; /* N/2 events per step fit in the 2^22 drawn */
    uint32_t *targets = malloc(sizeof *targets * EVENTS);
    float *pending = calloc(max_n, sizeof *pending);
    float *col[STATE_COLUMNS];
    int ok = targets != NULL && pending != NULL;
    for (int c = 0; c < STATE_COLUMNS; c++) {
        col[c] = calloc(max_n, sizeof(float));
        ok = ok && col[c] != NULL;
    }
    if (!ok) {
        fprintf(stderr, "scatter_probe: out of memory\n");
        return 1;
    }
    printf("# random float32 '+= w' into a column of N neurons, N/2 events per step; ns per event, minimum of %d runs\n",
           repeats);
    printf("%10s %10s %10s %12s\n", "neurons", "column MB", "quiet", "streamed");
    uint64_t x = 88172645463325252ull;
    float sink = 0;
    for (size_t n = (size_t)1 << 15; n <= max_n; n <<= 1) {
        for (size_t e = 0; e < EVENTS; e++) {
            targets[e] = (uint32_t)(next_random(&x) & (n - 1));
        }
        const size_t per_step = n / 2;
        double best[2] = {1e30, 1e30};
        for (int mode = 0; mode < 2; mode++) {
            for (int r = 0; r < repeats; r++) {
                double t = 0;
                for (size_t first = 0; first + per_step <= EVENTS; first += per_step) {
                    if (mode == 1) sink += stream_states(col, n);
                    double t0 = now_s();
                    for (size_t e = first; e < first + per_step; e++) pending[targets[e]] += 0.6f;
                    t += now_s() - t0;
                }
                if (t < best[mode]) best[mode] = t;
            }
        }
        const double events = (double)(EVENTS / per_step * per_step);
        printf("%10zu %10.2f %10.2f %12.2f\n", n, (double)(n * sizeof(float)) / 1e6, best[0] / events * 1e9,
               best[1] / events * 1e9);
    }
    printf("# (checksum %g)\n", (double)(sink + pending[1]));
    return 0;
}
