import Glibc

/// OpenBLAS, loaded the first time something needs it (a training layer's matrix products). Linking
/// it at load time would start its thread pool in every host process, and those threads spin for a
/// while after start-up, competing with the engine's own workers even in networks that never call
/// BLAS.
struct OpenBLAS: @unchecked Sendable {
    typealias Sgemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    typealias Dgemm = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Double, UnsafePointer<Double>?, Int32,
                                      UnsafePointer<Double>?, Int32, Double, UnsafeMutablePointer<Double>?, Int32) -> Void

    let sgemm: Sgemm
    let dgemm: Dgemm

    /// The library's functions, resolved once per process (nil if it cannot be loaded).
    private static let loaded: OpenBLAS? = {
        for name in ["libopenblas.so.0", "libopenblas.so"] {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let sg = dlsym(handle, "cblas_sgemm"), let dg = dlsym(handle, "cblas_dgemm") else { continue }
            return OpenBLAS(sgemm: unsafeBitCast(sg, to: Sgemm.self), dgemm: unsafeBitCast(dg, to: Dgemm.self))
        }
        return nil
    }()

    static func load() throws(EngineError) -> OpenBLAS {
        guard let blas = loaded else {
            throw EngineError(.invalidArgument, "the training layers need OpenBLAS, but libopenblas.so.0 cannot be loaded (Debian: apt-get install libopenblas0)")
        }
        return blas
    }

    /// C[m×n] = alpha·op(A)·op(B) + beta·C, row-major; op transposes when asked. A is m×k (k×m when
    /// transposed), B is k×n (n×k when transposed).
    @inline(__always)
    func gemm<F: SimFloat>(transA: Bool, transB: Bool, _ m: Int, _ n: Int, _ k: Int, alpha: F,
                           _ a: UnsafePointer<F>, _ b: UnsafePointer<F>, beta: F, _ c: UnsafeMutablePointer<F>) {
        guard m > 0, n > 0, k > 0 else {
            if beta == 0 { c.update(repeating: 0, count: max(0, m * n)) }
            return
        }
        let rowMajor: Int32 = 101, noTrans: Int32 = 111, trans: Int32 = 112
        let lda = Int32(transA ? m : k), ldb = Int32(transB ? k : n)
        if F.self == Float.self {
            sgemm(rowMajor, transA ? trans : noTrans, transB ? trans : noTrans, Int32(m), Int32(n), Int32(k),
                  Float(alpha), UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda,
                  UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb, Float(beta),
                  UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), Int32(n))
        } else {
            dgemm(rowMajor, transA ? trans : noTrans, transB ? trans : noTrans, Int32(m), Int32(n), Int32(k),
                  Double(alpha), UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda,
                  UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb, Double(beta),
                  UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), Int32(n))
        }
    }
}
