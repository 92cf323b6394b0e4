internal import _BrainpyStateShims

/// The vector type of the kernels: 16 lanes (one AVX-512 register of float32, two AVX2 registers).
public typealias LaneVector<T: SIMDScalar> = SIMD16<T>
/// Elements per kernel block.
public let laneCount = 16
public typealias Lanes<F: SIMDScalar> = LaneVector<F>
/// The result of comparing two lane vectors.
public typealias LaneMask<F: SIMDScalar> = SIMDMask<LaneVector<F.SIMDMaskScalar>>

// Lane comparisons, selects and fused multiply-adds are implemented on the concrete vector types:
// the standard library's generic SIMD versions are per-lane loops that stay scalar, its concrete
// ones are single vector instructions.

extension SimFloat {
    /// exprel on lanes (saiunit's definition: Taylor below the cutoff, expm1(z)/z above), with fused
    /// multiply-adds: each lane agrees with `exprel` to rounding. The kernels' arguments are nearly
    /// always small (dt·J with dt much shorter than the time constants), so when every lane has
    /// |z| ≤ 1/2 the Taylor series is summed to the precision's accuracy instead (no range reduction,
    /// no division), and below `exprelShortSquare` a shorter sum that gives the same values;
    /// otherwise the general form. The tests compare z² with the bound's square: z² > b² is |z| > b
    /// exactly for a power-of-two b (b² is representable and rounding is monotonic; NaN takes the
    /// shortest sum), in two instructions instead of four.
    @_transparent
    public static func exprelLanes(_ z: Lanes<Self>) -> Lanes<Self> {
        exprelLanes(z, generalInline: false)
    }

    /// exprelLanes with the general form inlined, for the rate functions of the HH-type models
    /// (α = 1/exprel(−(V − V₀)/10)), whose arguments are large by design (|z| = 2.5 at rest): the
    /// call that keeps the general form out of the LIF kernels costs HH-type models a call and the
    /// spilling of their live vectors around it on every step.
    /// The same operations in the same order as exprelLanes, so the same values.
    @_transparent
    public static func exprelRateLanes(_ z: Lanes<Self>) -> Lanes<Self> {
        exprelLanes(z, generalInline: true)
    }

    @_transparent @usableFromInline
    static func exprelLanes(_ z: Lanes<Self>, generalInline: Bool) -> Lanes<Self> {
        let z2 = z * z
        if !any(lanes(Lanes(repeating: exprelShortSquare), less: z2)) {
            return exprelShortLanes(z)
        }
        if !any(lanes(Lanes(repeating: 0.25), less: z2)) {
            return exprelSeriesLanes(z)
        }
        return generalInline ? exprelGeneralForm(z) : exprelGeneralLanes(z)
    }

    /// The general form, out of line: inlined, its constants and temporaries made the register
    /// allocator spill the hot path's values in every kernel that calls exprelLanes (in a stand-alone
    /// copy of the LIF kernel: 1.34 inlined, 1.10 ns per neuron and step out of line). Rarely taken
    /// (|z| > 1/2).
    @inline(never)
    public static func exprelGeneralLanes(_ z: Lanes<Self>) -> Lanes<Self> {
        exprelGeneralForm(z)
    }

    /// expm1(z)/z, or the Taylor sum where |z| ≤ the cutoff.
    @_transparent @usableFromInline
    static func exprelGeneralForm(_ z: Lanes<Self>) -> Lanes<Self> {
        let magnitude = lanes(z, replacedBy: -z, where: lanes(z, less: Lanes(repeating: 0)))
        var taylor = Lanes<Self>(repeating: 1 / 720)
        taylor = fma(Lanes(repeating: 1 / 120), z, taylor)
        taylor = fma(Lanes(repeating: 1 / 24), z, taylor)
        taylor = fma(Lanes(repeating: 1 / 6), z, taylor)
        taylor = fma(Lanes(repeating: 1 / 2), z, taylor)
        taylor = fma(Lanes(repeating: 1), z, taylor)
        let direct = expm1Lanes(z) / z
        let small = lanes(Lanes(repeating: exprelCutoff), greaterOrEqual: magnitude)
        return lanes(direct, replacedBy: taylor, where: small)
    }
}

extension Float {
    /// |z| ≤ 1/64: the sum to n ≤ 5 gives exactly the float32 value of the sum to n ≤ 8 (checked
    /// for every float32 |z| ≤ 1/64; the first difference is at |z| ≈ 0.0221), for three fused
    /// multiply-adds less. COBA networks near rest have |z| = dt·(1 + R·g)/τ of a few 1e-3.
    public static var exprelShortSquare: Float { 1.0 / 4096 }

    @_transparent
    public static func exprelShortLanes(_ z: Lanes<Float>) -> Lanes<Float> {
        var p = Lanes<Float>(repeating: 1.0 / 720)
        p = fma(Lanes(repeating: 1.0 / 120), z, p)
        p = fma(Lanes(repeating: 1.0 / 24), z, p)
        p = fma(Lanes(repeating: 1.0 / 6), z, p)
        p = fma(Lanes(repeating: 0.5), z, p)
        return fma(Lanes(repeating: 1), z, p)
    }

    /// Σ z^n/(n+1)! for n ≤ 8: exprel for |z| ≤ 1/2 to float32 accuracy (truncation < 6e-10).
    @_transparent
    public static func exprelSeriesLanes(_ z: Lanes<Float>) -> Lanes<Float> {
        var p = Lanes<Float>(repeating: 1.0 / 362_880)
        p = fma(Lanes(repeating: 1.0 / 40_320), z, p)
        p = fma(Lanes(repeating: 1.0 / 5_040), z, p)
        p = fma(Lanes(repeating: 1.0 / 720), z, p)
        p = fma(Lanes(repeating: 1.0 / 120), z, p)
        p = fma(Lanes(repeating: 1.0 / 24), z, p)
        p = fma(Lanes(repeating: 1.0 / 6), z, p)
        p = fma(Lanes(repeating: 0.5), z, p)
        return fma(Lanes(repeating: 1), z, p)
    }

    @_transparent
    public static func lanes(_ a: Lanes<Float>, greaterOrEqual b: Lanes<Float>) -> LaneMask<Float> { a .>= b }
    @_transparent
    public static func lanes(_ a: Lanes<Float>, less b: Lanes<Float>) -> LaneMask<Float> { a .< b }
    @_transparent
    public static func lanes(_ a: Lanes<Float>, replacedBy b: Lanes<Float>, where mask: LaneMask<Float>) -> Lanes<Float> {
        a.replacing(with: b, where: mask)
    }
    /// a + b·c, rounded once.
    @_transparent
    public static func fma(_ a: Lanes<Float>, _ b: Lanes<Float>, _ c: Lanes<Float>) -> Lanes<Float> { a.addingProduct(b, c) }
    /// a − b·c, rounded once (b·−1 is an exact sign flip, so the compiler makes one negated
    /// multiply-add of it; the SIMD prefix minus is 0 − b, which it cannot fold).
    @_transparent
    public static func fnma(_ a: Lanes<Float>, _ b: Lanes<Float>, _ c: Lanes<Float>) -> Lanes<Float> { a.addingProduct(b * -1, c) }
    /// Whether any lane is set, by halving ORs (the standard library's reduction is not inlined).
    @_transparent
    public static func any(_ mask: LaneMask<Float>) -> Bool {
        let m = unsafeBitCast(mask, to: SIMD16<Int32>.self)
        let m8 = m.lowHalf | m.highHalf
        let m4 = m8.lowHalf | m8.highHalf
        let m2 = m4.lowHalf | m4.highHalf
        return (m2.x | m2.y) != 0
    }

    /// The mask as bits, lane k in bit k (the shim's conversion: one instruction with AVX-512; not
    /// transparent, because the shim is imported internally).
    @inline(__always)
    public static func bits(_ mask: LaneMask<Float>) -> Int {
        Int(bpsshim_lane_bits32(unsafeBitCast(mask, to: SIMD16<Int32>.self)))
    }

    /// A masked store with AVX-512, else the blend stored whole (the shim's bpsshim_store_where32).
    @inline(__always)
    public static func store(_ v: Lanes<Float>, where mask: LaneMask<Float>, at p: UnsafeMutablePointer<Float>) {
        bpsshim_store_where32(p, v, unsafeBitCast(mask, to: SIMD16<Int32>.self))
    }

    /// The range reduction shared by e^x and e^x − 1: x = k·ln2 + r with |r| ≤ ln2/2; returns 2^k and
    /// expm1(r) (Taylor to r^7, fused multiply-adds).
    @_transparent
    public static func reduceExp(_ x: Lanes<Float>) -> (twoK: Lanes<Float>, p: Lanes<Float>) {
        let xc = x.replacing(with: -87, where: x .< -87).replacing(with: 88, where: x .> 88)
        let shifted = fma(Lanes(repeating: 12582912.0), xc, Lanes(repeating: 1.442695040888963))
        let k = shifted - 12582912.0
        let r = fma(fma(xc, -k, Lanes(repeating: 0.693145751953125)), -k, Lanes(repeating: 1.428606765330187e-06))
        var q = Lanes<Float>(repeating: 1.0 / 5040)
        q = fma(Lanes(repeating: 1.0 / 720), r, q)
        q = fma(Lanes(repeating: 1.0 / 120), r, q)
        q = fma(Lanes(repeating: 1.0 / 24), r, q)
        q = fma(Lanes(repeating: 1.0 / 6), r, q)
        q = fma(Lanes(repeating: 0.5), r, q)
        let kBits = unsafeBitCast(shifted, to: LaneVector<UInt32>.self) &- 0x4B40_0000
        return (unsafeBitCast((kBits &+ 127) &<< 23, to: Lanes<Float>.self), fma(r, r * r, q))
    }

    /// expm1Fast on lanes: 2^k·p + (2^k − 1).
    @_transparent
    public static func expm1Lanes(_ x: Lanes<Float>) -> Lanes<Float> {
        let (twoK, p) = reduceExp(x)
        return fma(twoK - 1, twoK, p)
    }

    /// e^x on lanes: 2^k·(1 + p), accurate for large negative x too.
    @_transparent
    public static func expLanes(_ x: Lanes<Float>) -> Lanes<Float> {
        let (twoK, p) = reduceExp(x)
        return fma(twoK, twoK, p)
    }
}

extension Double {
    /// No shorter sum in float64 (it could not be checked value by value): the first tier is the
    /// full series.
    public static var exprelShortSquare: Double { 0.25 }

    @_transparent
    public static func exprelShortLanes(_ z: Lanes<Double>) -> Lanes<Double> { exprelSeriesLanes(z) }

    /// Σ z^n/(n+1)! for n ≤ 15: exprel for |z| ≤ 1/2 to float64 accuracy (truncation < 2e-18).
    @_transparent
    public static func exprelSeriesLanes(_ z: Lanes<Double>) -> Lanes<Double> {
        var p = Lanes<Double>(repeating: 1.0 / 20_922_789_888_000)
        p = fma(Lanes(repeating: 1.0 / 1_307_674_368_000), z, p)
        p = fma(Lanes(repeating: 1.0 / 87_178_291_200), z, p)
        p = fma(Lanes(repeating: 1.0 / 6_227_020_800), z, p)
        p = fma(Lanes(repeating: 1.0 / 479_001_600), z, p)
        p = fma(Lanes(repeating: 1.0 / 39_916_800), z, p)
        p = fma(Lanes(repeating: 1.0 / 3_628_800), z, p)
        p = fma(Lanes(repeating: 1.0 / 362_880), z, p)
        p = fma(Lanes(repeating: 1.0 / 40_320), z, p)
        p = fma(Lanes(repeating: 1.0 / 5_040), z, p)
        p = fma(Lanes(repeating: 1.0 / 720), z, p)
        p = fma(Lanes(repeating: 1.0 / 120), z, p)
        p = fma(Lanes(repeating: 1.0 / 24), z, p)
        p = fma(Lanes(repeating: 1.0 / 6), z, p)
        p = fma(Lanes(repeating: 0.5), z, p)
        return fma(Lanes(repeating: 1), z, p)
    }

    @_transparent
    public static func lanes(_ a: Lanes<Double>, greaterOrEqual b: Lanes<Double>) -> LaneMask<Double> { a .>= b }
    @_transparent
    public static func lanes(_ a: Lanes<Double>, less b: Lanes<Double>) -> LaneMask<Double> { a .< b }
    @_transparent
    public static func lanes(_ a: Lanes<Double>, replacedBy b: Lanes<Double>, where mask: LaneMask<Double>) -> Lanes<Double> {
        a.replacing(with: b, where: mask)
    }
    @_transparent
    public static func fma(_ a: Lanes<Double>, _ b: Lanes<Double>, _ c: Lanes<Double>) -> Lanes<Double> { a.addingProduct(b, c) }
    /// a − b·c, rounded once (b·−1 is an exact sign flip, so the compiler makes one negated
    /// multiply-add of it; the SIMD prefix minus is 0 − b, which it cannot fold).
    @_transparent
    public static func fnma(_ a: Lanes<Double>, _ b: Lanes<Double>, _ c: Lanes<Double>) -> Lanes<Double> { a.addingProduct(b * -1, c) }
    @_transparent
    public static func any(_ mask: LaneMask<Double>) -> Bool {
        let m = unsafeBitCast(mask, to: SIMD16<Int64>.self)
        let m8 = m.lowHalf | m.highHalf
        let m4 = m8.lowHalf | m8.highHalf
        let m2 = m4.lowHalf | m4.highHalf
        return (m2.x | m2.y) != 0
    }

    @inline(__always)
    public static func bits(_ mask: LaneMask<Double>) -> Int {
        Int(bpsshim_lane_bits64(unsafeBitCast(mask, to: SIMD16<Int64>.self)))
    }

    /// A masked store with AVX-512, else the blend stored whole (the shim's bpsshim_store_where64).
    @inline(__always)
    public static func store(_ v: Lanes<Double>, where mask: LaneMask<Double>, at p: UnsafeMutablePointer<Double>) {
        bpsshim_store_where64(p, v, unsafeBitCast(mask, to: SIMD16<Int64>.self))
    }

    @_transparent
    public static func reduceExp(_ x: Lanes<Double>) -> (twoK: Lanes<Double>, p: Lanes<Double>) {
        let xc = x.replacing(with: -708, where: x .< -708).replacing(with: 709, where: x .> 709)
        let shifted = fma(Lanes(repeating: 6755399441055744.0), xc, Lanes(repeating: 1.4426950408889634))
        let k = shifted - 6755399441055744.0
        let r = fma(fma(xc, -k, Lanes(repeating: 6.93147180369123816490e-01)), -k,
                    Lanes(repeating: 1.90821492927058770002e-10))
        var q = Lanes<Double>(repeating: 1.0 / 6_227_020_800)
        q = fma(Lanes(repeating: 1.0 / 479_001_600), r, q)
        q = fma(Lanes(repeating: 1.0 / 39_916_800), r, q)
        q = fma(Lanes(repeating: 1.0 / 3_628_800), r, q)
        q = fma(Lanes(repeating: 1.0 / 362_880), r, q)
        q = fma(Lanes(repeating: 1.0 / 40_320), r, q)
        q = fma(Lanes(repeating: 1.0 / 5_040), r, q)
        q = fma(Lanes(repeating: 1.0 / 720), r, q)
        q = fma(Lanes(repeating: 1.0 / 120), r, q)
        q = fma(Lanes(repeating: 1.0 / 24), r, q)
        q = fma(Lanes(repeating: 1.0 / 6), r, q)
        q = fma(Lanes(repeating: 0.5), r, q)
        let kBits = unsafeBitCast(shifted, to: LaneVector<UInt64>.self) &- 0x4338_0000_0000_0000
        return (unsafeBitCast((kBits &+ 1023) &<< 52, to: Lanes<Double>.self), fma(r, r * r, q))
    }

    @_transparent
    public static func expm1Lanes(_ x: Lanes<Double>) -> Lanes<Double> {
        let (twoK, p) = reduceExp(x)
        return fma(twoK - 1, twoK, p)
    }

    @_transparent
    public static func expLanes(_ x: Lanes<Double>) -> Lanes<Double> {
        let (twoK, p) = reduceExp(x)
        return fma(twoK, twoK, p)
    }
}
