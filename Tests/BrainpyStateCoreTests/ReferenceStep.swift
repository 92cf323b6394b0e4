import Glibc

/// The exponential-Euler pieces that equation tests recompute by hand in Double (spec synapses §1.2).
enum ReferenceStep {
    /// expm1(z)/z, with its limit near 0.
    static func exprel(_ z: Double) -> Double { abs(z) <= 1e-7 ? 1 + z / 2 : expm1(z) / z }

    /// x + dt·exprel(−dt/τ)·(−x/τ): an exponential decay as brainpy.state steps it.
    static func decay(_ x: Double, _ tau: Double, dt: Double) -> Double { x + dt * exprel(-dt / tau) * (-x / tau) }
}
