/// Constants of brainstate's exponential-Euler step x' = x + (dt·φ(dt·J))·f for a drift whose
/// Jacobian J is constant, formed in the network precision as the reference forms them.
enum ExpEulerStep {
    /// For f = −x/τ (+ terms without x): (dt·φ(−dt/τ), 1/τ).
    @inline(__always)
    static func decay<F: SimFloat>(tau: Double, dt: Double, as _: F.Type = F.self) -> (step: F, rate: F) {
        let rate = F(1 / tau)
        return (factor(jacobian: -rate, dt: F(dt)), rate)
    }

    /// dt·φ(dt·J).
    @inline(__always)
    static func factor<F: SimFloat>(jacobian: F, dt: F) -> F { dt * F.exprel(dt * jacobian) }
}
