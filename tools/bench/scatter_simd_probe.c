/* Whether AVX-512 gather/scatter can add a spiking row's segment faster than the scalar loop that
 * delivery runs (`pending[target] += w` per synapse). Independent of the engine (no library), x86-64
 * with AVX-512 only; not built by CMake:
 *
 *   gcc -O2 -o /tmp/scatter_simd_probe tools/bench/scatter_simd_probe.c && /tmp/scatter_simd_probe
 *
 * The model: one tile of 32 000 float increments, 4 096 rows of 40 random 16-bit targets, 324 random
 * spiking rows per step (a 64 000-neuron COBA network's, one tile of two), segments of 33-40 targets.
 *   scalar  the engine's loop;
 *   vec     16 targets at a time: widen, vpconflictd (a repeated target within the 16 falls back to
 *           the scalar loop for them, so each target gets its additions in order), gather, add,
 *           scatter; the rest of the segment scalar;
 *   vecm    the same with a masked last group instead of the scalar rest.
 * Both vector forms must give the scalar loop's bits (checked). Printed: ns per synaptic event. */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { TILE = 32000, SEGMENT = 40, ROWS = 4096, SPIKES = 324, STEPS = 20000 };

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static uint64_t state = 88172645463325252ull;
static uint64_t next_random(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

__attribute__((noinline)) static void scalar(const uint16_t *t, int n, float w, float *p) {
    for (int k = 0; k < n; k++) p[t[k]] += w;
}

__attribute__((noinline, target("avx512f,avx512cd,avx512bw,avx512vl")))
static void vec(const uint16_t *t, int n, float w, float *p) {
    __m512 vw = _mm512_set1_ps(w);
    int k = 0;
    for (; k + 16 <= n; k += 16) {
        __m512i idx = _mm512_cvtepu16_epi32(_mm256_loadu_si256((const __m256i *)(t + k)));
        __m512i c = _mm512_conflict_epi32(idx);
        if (_mm512_test_epi32_mask(c, c)) {
            for (int j = k; j < k + 16; j++) p[t[j]] += w;
            continue;
        }
        __m512 g = _mm512_add_ps(_mm512_i32gather_ps(idx, p, 4), vw);
        _mm512_i32scatter_ps(p, idx, g, 4);
    }
    for (; k < n; k++) p[t[k]] += w;
}

__attribute__((noinline, target("avx512f,avx512cd,avx512bw,avx512vl")))
static void vec_masked(const uint16_t *t, int n, float w, float *p) {
    __m512 vw = _mm512_set1_ps(w);
    for (int k = 0; k < n; k += 16) {
        __mmask16 m = n - k >= 16 ? 0xFFFF : (__mmask16)((1u << (n - k)) - 1);
        __m512i idx = _mm512_maskz_cvtepu16_epi32(m, _mm256_maskz_loadu_epi16(m, t + k));
        __m512i c = _mm512_maskz_conflict_epi32(m, idx);
        if (_mm512_test_epi32_mask(c, c)) {
            int end = k + 16 < n ? k + 16 : n;
            for (int j = k; j < end; j++) p[t[j]] += w;
            continue;
        }
        __m512 g = _mm512_add_ps(_mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, idx, p, 4), vw);
        _mm512_mask_i32scatter_ps(p, m, idx, g, 4);
    }
}

typedef void (*add_fn)(const uint16_t *, int, float, float *);

static double run(add_fn f, const uint16_t *targets, const int *rows, float *p) {
    memset(p, 0, sizeof(float) * TILE);
    double t0 = now_s();
    for (int s = 0; s < STEPS; s++)
        for (int r = 0; r < SPIKES; r++) f(targets + rows[s * SPIKES + r] * SEGMENT, SEGMENT - (r & 7), 0.5f, p);
    double events = (double)STEPS * SPIKES * (SEGMENT - 3.5);
    return (now_s() - t0) / events * 1e9;
}

int main(void) {
    if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512cd") ||
        !__builtin_cpu_supports("avx512bw") || !__builtin_cpu_supports("avx512vl")) {
        fprintf(stderr, "scatter_simd_probe: this CPU has no AVX-512 (F, CD, BW, VL)\n");
        return 1;
    }
    uint16_t *targets = malloc(sizeof(uint16_t) * ROWS * SEGMENT);
    int *rows = malloc(sizeof(int) * STEPS * SPIKES);
    float *want = aligned_alloc(64, sizeof(float) * TILE), *got = aligned_alloc(64, sizeof(float) * TILE);
    if (!targets || !rows || !want || !got) return 1;
    for (int i = 0; i < ROWS * SEGMENT; i++) targets[i] = (uint16_t)(next_random() % TILE);
    for (int i = 0; i < STEPS * SPIKES; i++) rows[i] = (int)(next_random() % ROWS);
    for (int rep = 0; rep < 3; rep++) {
        double a = run(scalar, targets, rows, want);
        double b = run(vec, targets, rows, got);
        if (memcmp(want, got, sizeof(float) * TILE)) { fprintf(stderr, "vec differs from scalar\n"); return 1; }
        double c = run(vec_masked, targets, rows, got);
        if (memcmp(want, got, sizeof(float) * TILE)) { fprintf(stderr, "vecm differs from scalar\n"); return 1; }
        printf("ns per event: scalar %.3f  vec %.3f  vecm %.3f\n", a, b, c);
    }
    free(targets);
    free(rows);
    free(want);
    free(got);
    return 0;
}
