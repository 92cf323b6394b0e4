import Glibc

/// libm functions for compile-time work (constants, initializers). Never used inside a step kernel:
/// an opaque libm call there blocks vectorisation (PERFORMANCE_NOTES.md).
enum MathC {
    static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
    static func log(_ x: Double) -> Double { Glibc.log(x) }
    static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    /// Also used once per step (not per element) by SinusoidalInput.
    static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
}
