import Glibc
import Testing
@testable import BrainpyStateCore

/// The inline exp used by the kernels against libm (the kernels cannot call libm: it blocks vectorisation).
struct NumericsTests {
    @Test func expm1FastFloatWithinTwoUlp() {
        var worst: Float = 0
        var x: Float = -20
        while x < 20 {
            let exact = Float(Glibc.expm1(Double(x)))
            let ulp = max(exact.ulp, Float.leastNormalMagnitude)
            worst = max(worst, abs(Float.expm1Fast(x) - exact) / ulp)
            x += 0.00137
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    @Test func expm1FastDoubleWithinTwoUlp() {
        var worst = 0.0
        var x = -30.0
        while x < 30 {
            let exact = Glibc.expm1(x)
            worst = max(worst, abs(Double.expm1Fast(x) - exact) / exact.ulp)
            x += 0.000731
        }
        #expect(worst <= 2, "worst error \(worst) ulp")
    }

    /// saiunit's exprel: Taylor below the cutoff, expm1(z)/z above; exprel(0) = 1.
    @Test func exprelMatchesItsDefinition() {
        #expect(Float.exprel(0) == 1)
        #expect(Double.exprel(0) == 1)
        for z in [-3.0, -0.5, -0.05, -1e-3, -2e-4, 5e-5, 1e-5, -1e-9, 0.3, 2.0] {
            let exact = Glibc.expm1(z) / z
            #expect(abs(Double.exprel(z) - exact) <= 4 * exact.ulp, "z = \(z)")
            #expect(abs(Double(Float.exprel(Float(z))) - exact) <= 2e-7 * exact, "z = \(z)")
        }
    }

    /// The short float32 sum below |z| = 1/64 gives exactly the full series' values (so the kernels'
    /// results do not depend on which one ran): every third float of the top binade, where the short
    /// sum's truncation is largest, and a sparse sample below it (every float32 |z| ≤ 1/8 was
    /// checked offline: the first difference is at |z| ≈ 0.0221).
    @Test func exprelShortSumEqualsTheSeries() {
        var mismatches: [Float] = []
        func check(_ low: Float, _ high: Float, every step: UInt32) {
            for sign: Float in [1, -1] {
                var bits = low.bitPattern
                while bits <= high.bitPattern {
                    var z = Lanes<Float>()
                    for k in 0..<laneCount { z[k] = sign * Float(bitPattern: min(bits &+ UInt32(k) &* step, high.bitPattern)) }
                    let short = Float.exprelShortLanes(z), full = Float.exprelSeriesLanes(z)
                    for k in 0..<laneCount where short[k].bitPattern != full[k].bitPattern { mismatches.append(z[k]) }
                    bits &+= UInt32(laneCount) &* step
                }
            }
        }
        check(1.0 / 128, 1.0 / 64, every: 3)
        check(Float.leastNonzeroMagnitude, 1.0 / 128, every: 4099)
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
        // Across the tiers' bounds exprelLanes gives the series' values.
        for z: Float in [1.0 / 64, (1.0 / 64).nextUp, -1.0 / 64, (-1.0 / 64).nextDown, 0.1, -0.5, 0.5] {
            #expect(Float.exprelLanes(Lanes(repeating: z)) == Float.exprelSeriesLanes(Lanes(repeating: z)), "z = \(z)")
        }
    }
}
