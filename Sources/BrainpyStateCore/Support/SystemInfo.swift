import Glibc
internal import _BrainpyStateShims

enum SystemInfo {
    /// Logical CPUs this process may run on (its affinity mask, e.g. under taskset or a container's
    /// cpuset), else the CPUs online; at least 1. "All cores" (num_threads = 0) means these.
    static var cpuCount: Int {
        let allowed = Int(bpsshim_affinity_cpu_count())
        return allowed > 0 ? allowed : max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
