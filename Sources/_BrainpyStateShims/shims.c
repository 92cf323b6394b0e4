#define _GNU_SOURCE
#include "bps_shims.h"
#include <sched.h>
#include <string.h>

#define BPS_ERROR_CAPACITY 1024

static _Thread_local char bps_error_slot[BPS_ERROR_CAPACITY];

__attribute__((visibility("hidden"))) void bpsshim_set_error(const char *message) {
    if (message == NULL) {
        bps_error_slot[0] = '\0';
        return;
    }
    size_t n = strlen(message);
    if (n >= BPS_ERROR_CAPACITY) n = BPS_ERROR_CAPACITY - 1;
    memcpy(bps_error_slot, message, n);
    bps_error_slot[n] = '\0';
}

__attribute__((visibility("hidden"))) const char *bpsshim_get_error(void) {
    return bps_error_slot;
}

__attribute__((visibility("hidden"))) int bpsshim_affinity_cpu_count(void) {
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}

#if defined(__x86_64__)
static void bps_cpuid(unsigned leaf, unsigned sub, unsigned r[4]) {
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}
#endif

__attribute__((visibility("hidden"))) int bpsshim_cpu_has_avx512(void) {
#if defined(__x86_64__)
    unsigned r[4];
    bps_cpuid(0, 0, r);
    if (r[0] < 7) return 0;
    bps_cpuid(1, 0, r);
    const unsigned ecx1 = r[2];
    /* FMA (12), MOVBE (22), POPCNT (23), OSXSAVE (27), F16C (29). */
    const unsigned want1 = (1u << 12) | (1u << 22) | (1u << 23) | (1u << 27) | (1u << 29);
    if ((ecx1 & want1) != want1) return 0;
    /* The OS saves SSE, AVX, opmask and both halves of the ZMM registers (XCR0 bits 1, 2, 5, 6, 7). */
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0xE6u) != 0xE6u) return 0;
    bps_cpuid(7, 0, r);
    /* BMI1 (3), AVX2 (5), BMI2 (8), AVX512F (16), AVX512DQ (17), AVX512CD (28), AVX512BW (30),
       AVX512VL (31). */
    const unsigned want7 = (1u << 3) | (1u << 5) | (1u << 8) | (1u << 16) | (1u << 17) | (1u << 28) |
                           (1u << 30) | (1u << 31);
    if ((r[1] & want7) != want7) return 0;
    bps_cpuid(0x80000000u, 0, r);
    if (r[0] < 0x80000001u) return 0;
    bps_cpuid(0x80000001u, 0, r);
    return (r[2] & (1u << 5)) != 0; /* LZCNT (ABM) */
#else
    return 0;
#endif
}
