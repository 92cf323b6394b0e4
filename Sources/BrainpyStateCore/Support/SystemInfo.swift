import Glibc
internal import _BrainpyStateShims

enum SystemInfo {
    /// Logical CPUs this process may run on (its affinity mask, e.g. under taskset or a container's
    /// cpuset), else the CPUs online; at least 1. "All cores" (num_threads = 0) means these.
    static var cpuCount: Int {
        let allowed = Int(bpsshim_affinity_cpu_count())
        return allowed > 0 ? allowed : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// Whether the LIF-family kernels run their AVX-512 build (BrainpyStateAVX512): when this CPU
    /// has AVX-512, unless the environment variable BRAINPYSTATE_KERNELS is "portable" (for
    /// benchmarks and comparisons; both builds give the same results). Read when a population compiles.
    static var avx512Kernels: Bool {
        if let choice = getenv("BRAINPYSTATE_KERNELS"), String(cString: choice) == "portable" { return false }
        return cpuHasAVX512
    }

    /// Whether this CPU and the OS support the AVX-512 build of the kernels (CPUID, XGETBV).
    static var cpuHasAVX512: Bool { bpsshim_cpu_has_avx512() != 0 }
}
