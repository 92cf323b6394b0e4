import Glibc

/// OpenBLAS, loaded the first time a network compiles something that needs it (a dense `Linear`
/// projection). Linking it at load time would start its thread pool in every host process, and
/// those threads spin for a while after start-up, competing with the engine's own workers even in
/// networks that never call BLAS.
struct OpenBLAS: @unchecked Sendable {
    typealias Saxpy = @convention(c) (Int32, Float, UnsafePointer<Float>?, Int32, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias Daxpy = @convention(c) (Int32, Double, UnsafePointer<Double>?, Int32, UnsafeMutablePointer<Double>?, Int32) -> Void

    let saxpy: Saxpy
    let daxpy: Daxpy

    /// The library's functions, resolved once per process (nil if it cannot be loaded).
    private static let loaded: OpenBLAS? = {
        for name in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let s = dlsym(handle, "cblas_saxpy"), let d = dlsym(handle, "cblas_daxpy") else { continue }
            return OpenBLAS(saxpy: unsafeBitCast(s, to: Saxpy.self), daxpy: unsafeBitCast(d, to: Daxpy.self))
        }
        return nil
    }()

    static func load() throws(EngineError) -> OpenBLAS {
        guard let blas = loaded else {
            throw EngineError(.invalidArgument, "the Linear comm needs OpenBLAS, but libopenblas.so.0 cannot be loaded (Debian: apt-get install libopenblas0)")
        }
        return blas
    }

    /// y += alpha·x over n elements.
    @inline(__always)
    func axpy<F: SimFloat>(_ n: Int, _ alpha: F, _ x: UnsafePointer<F>, _ y: UnsafeMutablePointer<F>) {
        if F.self == Float.self {
            saxpy(Int32(n), Float(alpha), UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), 1,
                  UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), 1)
        } else {
            daxpy(Int32(n), Double(alpha), UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), 1,
                  UnsafeMutableRawPointer(y).assumingMemoryBound(to: Double.self), 1)
        }
    }
}
