/// STP and STD in presynaptic space (spec synapses §3.6-3.7), advanced once per step before the
/// projection delivers. Every neuron's resources evolve; a spike releases an amplitude:
///   STP  u_d = EE(−u/τ_f), x_d = EE((1 − x)/τ_f); u⁺ = u_d + s·U·(1 − u); released = u⁺·x_d;
///        x ← x_d − s·u⁺·x (u and x before this step on the right), u ← u⁺; output released·s
///   STD  x_d = EE((1 − x)/τ); x ← x_d − s·U·x; output x_d·s
/// Silent neurons (s = 0) only relax, which is what the reference computes for them.
final class ShortTermPlasticity<F: SimFloat> {
    enum Kind { case stp, std }

    let kind: Kind
    let size: Int
    let u: UnsafeMutablePointer<F>
    let x: UnsafeMutablePointer<F>
    /// The released amplitude of each neuron that spiked this step (read by index).
    let released: UnsafeMutablePointer<F>
    /// Per neuron: STP (dt·φ_f, 1/τ_f, dt·φ_d, 1/τ_d, U); STD (dt·φ, 1/τ, U).
    private let constants: UnsafeMutablePointer<F>
    private var width: Int { kind == .stp ? 5 : 3 }
    private var U: [Double] = []

    init(kind: Kind, size: Int, arena: Arena, what: String) throws(EngineError) {
        self.kind = kind
        self.size = size
        u = try arena.allocate(F.self, count: kind == .stp ? size : 1, what: what)
        x = try arena.allocate(F.self, count: size, what: what)
        released = try arena.allocate(F.self, count: size, what: what)
        constants = try arena.allocate(F.self, count: size * (kind == .stp ? 5 : 3), what: what)
    }

    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? {
        switch (kind, name) {
        case (.stp, "u"): return u
        case (_, "x"): return x
        default: return nil
        }
    }

    /// Derive the constants from the projection's stp parameters.
    func bind(_ proj: ProjectionDescription, dt: Double, rng: Philox) throws(EngineError) {
        func realize(_ name: String) throws(EngineError) -> Realized {
            try Realized.realize(proj.value("stp", name), count: size, rng: rng, stream: proj.stream("stp", name),
                                 what: "projection \(proj.id) stp.\(name)")
        }
        let w = width
        switch kind {
        case .stp:
            let (tauF, tauD, u0) = (try realize("tau_f"), try realize("tau_d"), try realize("U"))
            for i in 0..<size {
                let (aF, rF) = ExpEulerStep.decay(tau: tauF.value(at: i), dt: dt, as: F.self)
                let (aD, rD) = ExpEulerStep.decay(tau: tauD.value(at: i), dt: dt, as: F.self)
                for (k, c) in [aF, rF, aD, rD, F(u0.value(at: i))].enumerated() { constants[i * w + k] = c }
            }
            U = (0..<size).map { u0.value(at: $0) }
        case .std:
            let (tau, u0) = (try realize("tau"), try realize("U"))
            for i in 0..<size {
                let (a, r) = ExpEulerStep.decay(tau: tau.value(at: i), dt: dt, as: F.self)
                for (k, c) in [a, r, F(u0.value(at: i))].enumerated() { constants[i * w + k] = c }
            }
        }
    }

    func parameter(_ name: String) -> [Double]? {
        name == "U" && kind == .stp ? U : nil
    }

    /// u = U, x = 1.
    func initStates() {
        for i in 0..<size {
            x[i] = 1
            if kind == .stp { u[i] = constants[i * 5 + 4] }
        }
    }

    /// One step: `spiking` holds the (ascending) indices of this step's input spikes.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func update(spiking: UnsafePointer<Int32>, count: Int) {
        let w = width
        var next = 0
        for i in 0..<size {
            let k = constants + i * w
            let spikes = next < count && Int(spiking[next]) == i
            if spikes { next += 1 }
            let s: F = spikes ? 1 : 0
            switch kind {
            case .stp:
                let (u0, x0) = (u[i], x[i])
                let ud = u0 + k[0] * (-u0 * k[1])
                let xd = x0 + k[2] * ((1 - x0) * k[3])
                let up = ud + s * k[4] * (1 - u0)
                released[i] = up * xd * s
                x[i] = xd - s * up * x0
                u[i] = up
            case .std:
                let x0 = x[i]
                let xd = x0 + k[0] * ((1 - x0) * k[1])
                released[i] = xd * s
                x[i] = xd - s * k[2] * x0
            }
        }
    }
}
