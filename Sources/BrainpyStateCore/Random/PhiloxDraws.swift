/// The draws of the run-time generators, each a pure function of (seed, stream, step, element), so a
/// generator's output does not depend on the thread count or on how a run is chunked. One Philox
/// block gives four 32-bit words: four Bernoulli draws, or one pair of normals.
extension Philox {
    /// The four 32-bit words of block `index` of `step`.
    @inline(__always)
    func words(_ index: Int, step: Int, stream: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        block(index: UInt64(truncatingIfNeeded: index), step: UInt32(truncatingIfNeeded: step), stream: stream)
    }

    /// Two independent standard normals (Box–Muller on two 53-bit uniforms of block `index`).
    @inline(__always)
    func normalPair(_ index: Int, step: Int, stream: UInt32) -> (Double, Double) {
        let (a, b, c, d) = words(index, step: step, stream: stream)
        let u1 = Philox.unit53(a, b)
        let u2 = Philox.unit53(c, d)
        return FastMath.boxMuller(1 - u1, u2)
    }

    /// A uniform double in [0, 1) from two words.
    @inline(__always)
    static func unit53(_ hi: UInt32, _ lo: UInt32) -> Double {
        Double(((UInt64(hi) << 21) ^ UInt64(lo >> 11)) & ((1 << 53) - 1)) * 0x1p-53
    }

    /// The threshold T with P(word < T) = p for a uniform 32-bit word (p clamped to [0, 1]; NaN → 0).
    @inline(__always)
    static func threshold(_ p: Double) -> UInt32 {
        let scaled = p * 4_294_967_296.0
        guard scaled > 0 else { return 0 }
        return scaled >= 4_294_967_295.0 ? UInt32.max : UInt32(scaled)
    }
}
