/* Tiny C helpers for the engine: Swift has no thread-local storage, so the last-error slot of the
   C ABI lives here; no prefetch or spin-wait hint, which spike delivery and the worker pool use;
   Glibc's Swift module hides
   sched_getaffinity (a _GNU_SOURCE function), which "all cores" needs; and Swift has no CPUID, which
   choosing the AVX-512 kernels at run time needs. Not part of the public ABI
   (hidden symbols, no bps_ prefix). */
#ifndef BPS_SHIMS_H
#define BPS_SHIMS_H
#include <stddef.h>

/* Copy `message` (NUL-terminated; NULL clears) into this thread's error slot, truncating if needed. */
void bpsshim_set_error(const char *message);
/* This thread's error slot ("" if nothing was set). */
const char *bpsshim_get_error(void);

/* Ask for the cache line at `p` ahead of its use (spike delivery: the target rows of the next
   spiking neurons). Swift has no prefetch; inlined into the engine, a hint only. */
static inline void bpsshim_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

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

/* The CPUs this process may run on (its affinity mask: taskset, a container's cpuset); 0 if unknown. */
int bpsshim_affinity_cpu_count(void);

/* 1 if this CPU and the OS support everything the AVX-512 kernels are compiled for (LLVM's
   skylake-avx512: AVX-512 F/CD/BW/DQ/VL with the OS saving the ZMM state, AVX2, FMA, BMI1/2, LZCNT,
   MOVBE, POPCNT, F16C), else 0 (also on other architectures). */
int bpsshim_cpu_has_avx512(void);
#endif
