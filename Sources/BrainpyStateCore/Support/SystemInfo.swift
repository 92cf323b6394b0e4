import Glibc

enum SystemInfo {
    /// Logical CPUs online (at least 1).
    static var cpuCount: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}
