/// The floating-point types a network can run in (float32 by default, float64 selectable), with the
/// few operations the kernels need written inline so that the hot loops vectorise (no libm calls).
public protocol SimFloat: BinaryFloatingPoint, SIMDScalar, Codable, Sendable
where SIMDMaskScalar: FixedWidthInteger {
    /// e^x − 1, range-reduced polynomial; within about 1 ulp of libm over the range the kernels use.
    static func expm1Fast(_ x: Self) -> Self
    /// Below this |z|, exprel uses its degree-5 Taylor polynomial (saiunit: 1e-4 for float32, 1e-7 for float64).
    static var exprelCutoff: Self { get }
    /// 32 or 64.
    static var precisionBits: Int { get }
    /// The lane operations of the kernels, on the concrete vector type (see Lanes.swift).
    static func expm1Lanes(_ x: Lanes<Self>) -> Lanes<Self>
    static func exprelSeriesLanes(_ z: Lanes<Self>) -> Lanes<Self>
    /// The square of the bound below which `exprelShortLanes` serves (see `exprelLanes`).
    static var exprelShortSquare: Self { get }
    static func exprelShortLanes(_ z: Lanes<Self>) -> Lanes<Self>
    static func expLanes(_ x: Lanes<Self>) -> Lanes<Self>
    static func lanes(_ a: Lanes<Self>, greaterOrEqual b: Lanes<Self>) -> LaneMask<Self>
    static func lanes(_ a: Lanes<Self>, less b: Lanes<Self>) -> LaneMask<Self>
    static func lanes(_ a: Lanes<Self>, replacedBy b: Lanes<Self>, where mask: LaneMask<Self>) -> Lanes<Self>
    static func fma(_ a: Lanes<Self>, _ b: Lanes<Self>, _ c: Lanes<Self>) -> Lanes<Self>
    static func fnma(_ a: Lanes<Self>, _ b: Lanes<Self>, _ c: Lanes<Self>) -> Lanes<Self>
    static func any(_ mask: LaneMask<Self>) -> Bool
    static func bits(_ mask: LaneMask<Self>) -> Int
    /// Stores the lanes of v that `mask` selects at p, leaving the other lanes' memory as it is.
    static func store(_ v: Lanes<Self>, where mask: LaneMask<Self>, at p: UnsafeMutablePointer<Self>)
}

extension SimFloat {
    /// exprel(z) = (e^z − 1)/z as brainstate's exponential Euler computes it (saiunit.math.exprel):
    /// expm1(z)/z, or the Taylor polynomial Σ z^n/(n+1)! (n ≤ 5) when |z| ≤ the cutoff. Branch-free.
    @inline(__always)
    public static func exprel(_ z: Self) -> Self {
        var taylor: Self = 1 / 720
        taylor = 1 / 120 + z * taylor
        taylor = 1 / 24 + z * taylor
        taylor = 1 / 6 + z * taylor
        taylor = 1 / 2 + z * taylor
        taylor = 1 + z * taylor
        let direct = expm1Fast(z) / z
        return abs(z) <= exprelCutoff ? taylor : direct
    }
}

extension Float: SimFloat {
    public static var exprelCutoff: Float { 1e-4 }
    public static var precisionBits: Int { 32 }

    @inline(__always)
    public static func expm1Fast(_ x: Float) -> Float {
        // Clamp so that 2^k stays a normal float; expm1 is −1 below and overflows above anyway.
        let xc = Swift.min(Swift.max(x, -87.0), 88.0)
        // k = round(x / ln2) through the 1.5·2^23 shifter: the integer lands in the low mantissa bits.
        let shifted = xc * 1.442695040888963 + 12582912.0
        let k = shifted - 12582912.0
        let r = (xc - k * 0.693145751953125) - k * 1.428606765330187e-06
        // expm1(r) for |r| ≤ ln2/2: Taylor to r^7 (truncation < 2e-8 relative).
        var q: Float = 1.0 / 5040
        q = 1.0 / 720 + r * q
        q = 1.0 / 120 + r * q
        q = 1.0 / 24 + r * q
        q = 1.0 / 6 + r * q
        q = 0.5 + r * q
        let p = r + r * r * q
        let kBits = shifted.bitPattern &- 0x4B40_0000
        let twoK = Float(bitPattern: (kBits &+ 127) &<< 23)
        return twoK * p + (twoK - 1)
    }

}

extension Double: SimFloat {
    public static var exprelCutoff: Double { 1e-7 }
    public static var precisionBits: Int { 64 }

    @inline(__always)
    public static func expm1Fast(_ x: Double) -> Double {
        let xc = Swift.min(Swift.max(x, -708.0), 709.0)
        let shifted = xc * 1.4426950408889634 + 6755399441055744.0
        let k = shifted - 6755399441055744.0
        let r = (xc - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
        // expm1(r) for |r| ≤ ln2/2: Taylor to r^13 (truncation < 2e-17 relative).
        var q = 1.0 / 6_227_020_800                 // 1/13!
        q = 1.0 / 479_001_600 + r * q              // 1/12!
        q = 1.0 / 39_916_800 + r * q
        q = 1.0 / 3_628_800 + r * q
        q = 1.0 / 362_880 + r * q
        q = 1.0 / 40_320 + r * q
        q = 1.0 / 5_040 + r * q
        q = 1.0 / 720 + r * q
        q = 1.0 / 120 + r * q
        q = 1.0 / 24 + r * q
        q = 1.0 / 6 + r * q
        q = 0.5 + r * q
        let p = r + r * r * q
        let kBits = shifted.bitPattern &- 0x4338_0000_0000_0000
        let twoK = Double(bitPattern: (kBits &+ 1023) &<< 52)
        return twoK * p + (twoK - 1)
    }

}
