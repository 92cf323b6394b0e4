/* Tiny C helpers for the engine: Swift has no thread-local storage, so the last-error slot of the
   C ABI lives here; no prefetch or spin-wait hint, which spike delivery and the worker pool use;
   Glibc's Swift module hides
   sched_getaffinity (a _GNU_SOURCE function), which "all cores" needs; and Swift has no CPUID, which
   choosing the AVX-512 kernels at run time needs; nor a vector movemask, which the training input's
   scan for spikes and the neuron kernels' spike test need; nor a masked store, which LIFRef's
   last_spike_time uses; nor a restrict pointer, which delivery's
   staging copy needs to vectorise. Not part of the public ABI
   (hidden symbols, no bps_ prefix). */
#ifndef BPS_SHIMS_H
#define BPS_SHIMS_H
#include <stddef.h>
#include <stdint.h>

/* Copy `message` (NUL-terminated; NULL clears) into this thread's error slot, truncating if needed. */
void bpsshim_set_error(const char *message);
/* This thread's error slot ("" if nothing was set). */
const char *bpsshim_get_error(void);

/* Ask for the cache line at `p` ahead of its use (spike delivery: the target rows of the next
   spiking neurons). Swift has no prefetch; inlined into the engine, a hint only. */
static inline void bpsshim_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

/* 32 targets relative to their tile (16-bit) to post neurons (32-bit, + tile_start): one chunk of a
   delivery staging copy. In C, where `restrict` lets the compiler widen with vector instructions
   and no overlap test; Swift's SIMD conversions compiled to calls. */
static inline void bpsshim_stage_targets(const uint16_t *restrict from, uint32_t *restrict to,
                                         uint32_t tile_start) {
    for (int i = 0; i < 32; i++) to[i] = (uint32_t)from[i] + tile_start;
}

/* 32 targets relative to their tile, copied as they are (64 bytes): one chunk of a walk that stages
   each tile's targets for later (TileStaging). */
static inline void bpsshim_copy_targets(const uint16_t *restrict from, uint16_t *restrict to) {
    for (int i = 0; i < 32; i++) to[i] = from[i];
}

/* 16 targets (32 bytes): a segment of at most 16, the usual one where a row's synapses fall into many
   tiles; half the stores of a whole chunk. */
static inline void bpsshim_copy_16_targets(const uint16_t *restrict from, uint16_t *restrict to) {
    for (int i = 0; i < 16; i++) to[i] = from[i];
}

/* A spin-wait hint (x86 PAUSE, about 25 ns on this machine instead of 0.3 ns for a bare load): the
   worker pool's waits then count time rather than loads, and yield or park only after tens of
   microseconds, not after the 18 us that 65 536 bare loads take. */
static inline void bpsshim_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

/* Vectors of 16 or 64 lanes and their comparison results (each lane all ones or zero): converted
   to bool lanes and bit-cast, a comparison gives one bit per lane, lane k in bit k. Clang lowers this
   to a movemask for the target (kmov with AVX-512, pack and byte movemask with AVX2 or SSE2), which
   neither Swift nor its standard library offers. */
typedef char bpsshim_char64 __attribute__((ext_vector_type(64)));
typedef int bpsshim_int16 __attribute__((ext_vector_type(16)));
typedef long long bpsshim_long16 __attribute__((ext_vector_type(16)));
typedef _Bool bpsshim_bool64 __attribute__((ext_vector_type(64)));
typedef _Bool bpsshim_bool16 __attribute__((ext_vector_type(16)));

/* One bit per element of the 64 bytes at p, set when the element is not zero: bytes (64 bits) or
   float32 values whose sign bit is ignored (16 bits; -0.0 counts as zero). The training input's scan
   for spikes: most 64-byte blocks of a spike train are zero, and the set bits of the others lead to
   the spikes. */
static inline unsigned long long bpsshim_nonzero_bytes64(const void *p) {
    bpsshim_char64 v;
    __builtin_memcpy(&v, p, 64);
    return __builtin_bit_cast(unsigned long long, __builtin_convertvector(v != 0, bpsshim_bool64));
}

static inline unsigned bpsshim_nonzero_floats16(const void *p) {
    bpsshim_int16 v;
    __builtin_memcpy(&v, p, 64);
    return __builtin_bit_cast(unsigned short, __builtin_convertvector((v & 0x7FFFFFFF) != 0, bpsshim_bool16));
}

/* A 16-lane comparison result as bits: the neuron kernels' spike test (Swift's own reduction of the
   lanes took some 40 instructions). */
static inline unsigned bpsshim_lane_bits32(bpsshim_int16 mask) {
    return __builtin_bit_cast(unsigned short, __builtin_convertvector(mask, bpsshim_bool16));
}
static inline unsigned bpsshim_lane_bits64(bpsshim_long16 mask) {
    return __builtin_bit_cast(unsigned short, __builtin_convertvector(mask, bpsshim_bool16));
}

/* Store the lanes of v that `mask` selects (all ones) at p and leave the others' memory as it is:
   LIFRef's last_spike_time, which changes only where a neuron spikes. With AVX-512 (where the
   BrainpyStateAVX512 module, compiled for skylake-avx512, includes this) a masked store, which writes
   nothing to a block without a spike; elsewhere the blend of v and the memory's values, stored whole
   (the same values). Swift has no masked store. */
typedef float bpsshim_float16 __attribute__((ext_vector_type(16)));
typedef double bpsshim_double16 __attribute__((ext_vector_type(16)));
typedef double bpsshim_double8 __attribute__((ext_vector_type(8)));

static inline void bpsshim_store_where32(float *p, bpsshim_float16 v, bpsshim_int16 mask) {
#if defined(__AVX512F__)
    __builtin_ia32_storeups512_mask(p, v, (unsigned short)bpsshim_lane_bits32(mask));
#else
    bpsshim_int16 old;
    __builtin_memcpy(&old, p, 64);
    bpsshim_int16 blend = (__builtin_bit_cast(bpsshim_int16, v) & mask) | (old & ~mask);
    __builtin_memcpy(p, &blend, 64);
#endif
}

static inline void bpsshim_store_where64(double *p, bpsshim_double16 v, bpsshim_long16 mask) {
#if defined(__AVX512F__)
    unsigned bits = bpsshim_lane_bits64(mask);
    bpsshim_double8 low = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7);
    bpsshim_double8 high = __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    __builtin_ia32_storeupd512_mask(p, low, (unsigned char)bits);
    __builtin_ia32_storeupd512_mask(p + 8, high, (unsigned char)(bits >> 8));
#else
    bpsshim_long16 old;
    __builtin_memcpy(&old, p, 128);
    bpsshim_long16 blend = (__builtin_bit_cast(bpsshim_long16, v) & mask) | (old & ~mask);
    __builtin_memcpy(p, &blend, 128);
#endif
}

/* The CPUs this process may run on (its affinity mask: taskset, a container's cpuset); 0 if unknown. */
int bpsshim_affinity_cpu_count(void);

/* 1 if this CPU and the OS support everything the AVX-512 kernels are compiled for (LLVM's
   skylake-avx512: AVX-512 F/CD/BW/DQ/VL with the OS saving the ZMM state, AVX2, FMA, BMI1/2, LZCNT,
   MOVBE, POPCNT, F16C), else 0 (also on other architectures). */
int bpsshim_cpu_has_avx512(void);
#endif
