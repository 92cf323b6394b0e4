/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
/// counter-based generator. Every draw of the engine is a pure function of (seed, stream, step, index),
/// so results do not depend on thread count, on how a run is chunked, or on the host language.
public struct Philox: Sendable {
    public let key0: UInt32
    public let key1: UInt32

    public init(seed: UInt64) {
        key0 = UInt32(truncatingIfNeeded: seed)
        key1 = UInt32(truncatingIfNeeded: seed >> 32)
    }

    private init(key0: UInt32, key1: UInt32) {
        self.key0 = key0
        self.key1 = key1
    }

    /// The generator of batch row `row` (init_all_states(batch_size=B) draws every row's states
    /// independently): row 0 is this generator itself, so row 0 of a batched network reproduces the
    /// unbatched one; row r > 0 has the golden-ratio multiple of r added to the key's high word.
    public func row(_ row: Int) -> Philox {
        Philox(key0: key0, key1: key1 &+ UInt32(truncatingIfNeeded: row) &* 0x9E37_79B9)
    }

    /// Four 32-bit words for counter (index, step, stream).
    @inline(__always)
    public func block(index: UInt64, step: UInt32, stream: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        var c0 = UInt32(truncatingIfNeeded: index)
        var c1 = UInt32(truncatingIfNeeded: index >> 32)
        var c2 = step
        var c3 = stream
        var k0 = key0
        var k1 = key1
        for _ in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(c0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c2)
            let hi0 = UInt32(truncatingIfNeeded: p0 >> 32), lo0 = UInt32(truncatingIfNeeded: p0)
            let hi1 = UInt32(truncatingIfNeeded: p1 >> 32), lo1 = UInt32(truncatingIfNeeded: p1)
            c0 = hi1 ^ c1 ^ k0
            c1 = lo1
            c2 = hi0 ^ c3 ^ k1
            c3 = lo0
            k0 = k0 &+ 0x9E37_79B9
            k1 = k1 &+ 0xBB67_AE85
        }
        return (c0, c1, c2, c3)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public func uniform(index: UInt64, step: UInt32, stream: UInt32) -> Double {
        let (a, b, _, _) = block(index: index, step: step, stream: stream)
        let bits = (UInt64(a) << 21) ^ UInt64(b >> 11)
        return Double(bits & ((1 << 53) - 1)) * 0x1p-53
    }

    /// A standard normal double (Box–Muller on two 53-bit uniforms of the same block).
    public func normal(index: UInt64, step: UInt32, stream: UInt32) -> Double {
        let (a, b, c, d) = block(index: index, step: step, stream: stream)
        let u1 = Double(((UInt64(a) << 21) ^ UInt64(b >> 11)) & ((1 << 53) - 1)) * 0x1p-53
        let u2 = Double(((UInt64(c) << 21) ^ UInt64(d >> 11)) & ((1 << 53) - 1)) * 0x1p-53
        return MathC.sqrt(-2 * MathC.log(1 - u1)) * MathC.cos(2 * Double.pi * u2)
    }

    /// A stable 32-bit stream id for a name (FNV-1a), so a stream does not depend on creation order
    /// of unrelated objects.
    public static func stream(_ name: String) -> UInt32 {
        var h: UInt32 = 0x811C_9DC5
        for byte in name.utf8 {
            h = (h ^ UInt32(byte)) &* 0x0100_0193
        }
        return h
    }
}
