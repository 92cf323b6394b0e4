/* What the stand-alone probes (scatter_probe.c, walk_probe.c) share: a clock, the xorshift generator
   that draws their targets and spikes, and a model of the neuron kernel's memory traffic. Not part of
   the library. */
#ifndef BPS_PROBE_COMMON_H
#define BPS_PROBE_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

static inline double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static inline uint64_t next_random(uint64_t *s) {
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* One pass of the kernel's traffic (as it was on 2026-11-28) over n neurons: eight columns read,
   seven written. */
static inline float stream_states(float *const *col, size_t n) {
    float acc = 0;
    for (size_t j = 0; j < n; j++) {
        float g = col[4][j] * 0.99f + col[6][j];
        float h = col[5][j] * 0.98f + col[7][j];
        float v = col[0][j] + 0.1f * (col[3][j] - g * col[0][j] - h * col[0][j]);
        col[0][j] = v;
        col[1][j] = v > 1.0f ? 0.5f : col[1][j];
        col[2][j] = v > 1.0f ? 1.0f : 0.0f;
        col[4][j] = g;
        col[5][j] = h;
        col[6][j] = 0;
        col[7][j] = 0;
        acc += col[2][j];
    }
    return acc;
}

#endif
