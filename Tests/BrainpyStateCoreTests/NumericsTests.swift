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
}
