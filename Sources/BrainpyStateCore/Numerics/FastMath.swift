/// Inline double-precision log and sine/cosine for the normal draws of the noise generators: a libm
/// call per element would block vectorisation (PERFORMANCE_NOTES.md), and the draws need statistics,
/// not bit-equality with libm (these are within a few ulp of it).
enum FastMath {
    /// (r·cos θ, r·sin θ) with r = sqrt(−2 ln v), θ = 2π·u: two standard normals from v ∈ (0, 1] and
    /// u ∈ [0, 1) (Box–Muller).
    @inline(__always)
    static func boxMuller(_ v: Double, _ u: Double) -> (Double, Double) {
        let r = (-2 * log(v)).squareRoot()
        let (s, c) = sinCosTurns(u)
        return (r * c, r * s)
    }

    /// ln x for a positive normal double: x = m·2^e with m in [√½, √2), ln m = 2·atanh(s),
    /// s = (m − 1)/(m + 1), |s| ≤ 0.172 (series to s^21, truncation < 1e-17).
    @inline(__always)
    static func log(_ x: Double) -> Double {
        let bits = x.bitPattern
        var e = Double(Int((bits >> 52) & 0x7FF) - 1023)
        var m = Double(bitPattern: (bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000)
        let high = m > 1.4142135623730951
        m = high ? m * 0.5 : m
        e = high ? e + 1 : e
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        var p = 1.0 / 21
        p = 1.0 / 19 + s2 * p
        p = 1.0 / 17 + s2 * p
        p = 1.0 / 15 + s2 * p
        p = 1.0 / 13 + s2 * p
        p = 1.0 / 11 + s2 * p
        p = 1.0 / 9 + s2 * p
        p = 1.0 / 7 + s2 * p
        p = 1.0 / 5 + s2 * p
        p = 1.0 / 3 + s2 * p
        let lnM = 2 * s + 2 * s * s2 * p
        return e * 6.93147180369123816490e-01 + (e * 1.90821492927058770002e-10 + lnM)
    }

    /// (sin 2πu, cos 2πu) for u in [0, 1): the nearest quarter turn q and a remainder r in
    /// [−π/4, π/4], Taylor polynomials in r (to r^17 and r^16, truncation < 1e-17), then the quadrant.
    @inline(__always)
    static func sinCosTurns(_ u: Double) -> (Double, Double) {
        let v = u * 4
        let q = v.rounded(.toNearestOrEven)
        let r = (v - q) * 1.5707963267948966
        let r2 = r * r
        var sp = -1.0 / 355_687_428_096_000        // −1/17!
        sp = 1.0 / 1_307_674_368_000 + r2 * sp     // 1/15!
        sp = -1.0 / 6_227_020_800 + r2 * sp
        sp = 1.0 / 39_916_800 + r2 * sp
        sp = -1.0 / 362_880 + r2 * sp
        sp = 1.0 / 5_040 + r2 * sp
        sp = -1.0 / 120 + r2 * sp
        sp = 1.0 / 6 + r2 * sp
        let sinR = r - r * r2 * sp
        var cp = 1.0 / 20_922_789_888_000          // 1/16!
        cp = -1.0 / 87_178_291_200 + r2 * cp       // −1/14!
        cp = 1.0 / 479_001_600 + r2 * cp
        cp = -1.0 / 3_628_800 + r2 * cp
        cp = 1.0 / 40_320 + r2 * cp
        cp = -1.0 / 720 + r2 * cp
        cp = 1.0 / 24 + r2 * cp
        cp = -0.5 + r2 * cp
        let cosR = 1 + r2 * cp
        let quadrant = Int(q) & 3
        let swap = quadrant & 1 == 1
        let s0 = swap ? cosR : sinR
        let c0 = swap ? sinR : cosR
        let sinNeg = quadrant >= 2
        let cosNeg = quadrant == 1 || quadrant == 2
        return (sinNeg ? -s0 : s0, cosNeg ? -c0 : c0)
    }
}
