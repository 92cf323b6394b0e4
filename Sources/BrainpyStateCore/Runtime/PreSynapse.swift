/// The synapse of an align-pre projection: one state per presynaptic neuron, advanced every step by
/// the (possibly plasticity-weighted, delayed) presynaptic input x, before comm weights its output
/// (spec synapses §3, §5.6-5.7). brainpy.state's functional wrapper calls `syn(x)`:
///   Expon      g ← EE(−g/τ) + x                                 output g
///   DualExpon  g_rise, g_decay ← EE(−·/τ) + x                  output A·N·(g_decay − g_rise)
///   Alpha      g ← g + dt·φ·(−g + h)/τ; h ← EE(−h/τ) + x       output g
///   AMPA/GABAa last ← t where x ≠ 0; TT = T if t − last < T_dur else 0;
///              g ← EE(α·TT·(1 − g) − β·g)                       output g
///   BioNMDA    x_b ← EE(α2·TT·(1 − x_b) − β2·x_b); g ← EE(α1·x_b·(1 − g) − β1·g)   output g
final class PreSynapse<F: SimFloat> {
    enum Dynamics { case expon, dualExpon, alpha, kinetic, bioNMDA }

    let dynamics: Dynamics
    let size: Int
    /// Expon/Alpha/kinetic/BioNMDA: g; DualExpon: g_rise.
    let g: UnsafeMutablePointer<F>
    /// DualExpon: g_decay; Alpha: h; BioNMDA: x.
    let second: UnsafeMutablePointer<F>
    let arrival: UnsafeMutablePointer<F>
    /// This step's output per neuron, and the indices where it is nonzero (comm's events).
    let output: UnsafeMutablePointer<F>
    let active: UnsafeMutablePointer<Int32>
    private(set) var activeCount = 0
    /// This step's input by neuron (zero where none arrived).
    let input: UnsafeMutablePointer<F>
    private let constants: UnsafeMutablePointer<F>
    private let width = 6
    private var initializers: [(column: UnsafeMutablePointer<F>, value: ParamValue, stream: UInt32)] = []
    private var realized: [String: Realized] = [:]

    init(name: String, size: Int, arena: Arena, what: String) throws(EngineError) {
        switch name {
        case "Expon": dynamics = .expon
        case "DualExpon": dynamics = .dualExpon
        case "Alpha": dynamics = .alpha
        case "AMPA", "GABAa": dynamics = .kinetic
        case "BioNMDA": dynamics = .bioNMDA
        default: throw .unknown("\(name) cannot be the synapse of an align-pre projection")
        }
        self.size = size
        g = try arena.allocate(F.self, count: size, what: what)
        second = try arena.allocate(F.self, count: size, what: what)
        arrival = try arena.allocate(F.self, count: size, what: what)
        output = try arena.allocate(F.self, count: size, what: what)
        active = try arena.allocate(Int32.self, count: size, what: what)
        input = try arena.allocate(F.self, count: size, what: what)
        constants = try arena.allocate(F.self, count: size * width, what: what)
    }

    var stateNames: [String] {
        switch dynamics {
        case .expon: return ["g"]
        case .dualExpon: return ["g_rise", "g_decay"]
        case .alpha: return ["g", "h"]
        case .kinetic: return ["g", "spike_arrival_time"]
        case .bioNMDA: return ["g", "x", "spike_arrival_time"]
        }
    }

    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? {
        switch (dynamics, name) {
        case (.dualExpon, "g_rise"), (.expon, "g"), (.alpha, "g"), (.kinetic, "g"), (.bioNMDA, "g"): return g
        case (.dualExpon, "g_decay"), (.alpha, "h"), (.bioNMDA, "x"): return second
        case (.kinetic, "spike_arrival_time"), (.bioNMDA, "spike_arrival_time"): return arrival
        default: return nil
        }
    }

    func parameter(_ name: String) -> [Double]? {
        guard let r = realized[name] else { return nil }
        return (0..<size).map { r.value(at: $0) }
    }

    /// Constants per neuron (k0...k5):
    ///   Expon/Alpha: dt·φ(−dt/τ), 1/τ;  DualExpon: rise (k0, k1), decay (k2, k3), A·N (k4)
    ///   kinetic: α, β, T, T_dur, dt·φ(dt·J) with the pulse (k4) and without it (k5)
    ///   BioNMDA: α1, β1, α2, β2, T, T_dur (the x step's factors depend on TT, g's on x: per step)
    func bind(_ proj: ProjectionDescription, dt: Double, rng: Philox) throws(EngineError) {
        var values: [String: Realized] = [:]
        for p in proj.syn?.params ?? [] where !p.isInitializer {
            values[p.name] = try Realized.realize(proj.value("syn", p.name), count: size, rng: rng,
                                                  stream: proj.stream("syn", p.name),
                                                  what: "projection \(proj.id) syn.\(p.name)")
        }
        let normalize = dynamics == .dualExpon ? try proj.option("syn", "normalize") == "true" : false
        let dtF = F(dt)
        for i in 0..<size {
            func v(_ name: String) -> Double { values[name]!.value(at: i) }
            var k = InlineArray<6, F>(repeating: 0)
            switch dynamics {
            case .expon, .alpha:
                (k[0], k[1]) = ExpEulerStep.decay(tau: v("tau"), dt: dt)
            case .dualExpon:
                let (r, d) = (v("tau_rise"), v("tau_decay"))
                (k[0], k[1]) = ExpEulerStep.decay(tau: r, dt: dt)
                (k[2], k[3]) = ExpEulerStep.decay(tau: d, dt: dt)
                var n = 1.0
                if normalize {
                    guard r != d else {
                        throw .invalid("projection \(proj.id): DualExpon with normalize needs tau_decay != tau_rise (use Alpha)")
                    }
                    n = d / (d - r) * MathC.pow(r / d, r / (r - d))
                }
                k[4] = F(v("amplitude") * n)
            case .kinetic:
                let (alpha, beta, T) = (F(v("alpha")), F(v("beta")), F(v("T")))
                (k[0], k[1], k[2], k[3]) = (alpha, beta, T, F(v("T_dur")))
                k[4] = ExpEulerStep.factor(jacobian: -(alpha * T + beta), dt: dtF)
                k[5] = ExpEulerStep.factor(jacobian: -(alpha * 0 + beta), dt: dtF)
            case .bioNMDA:
                (k[0], k[1], k[2], k[3]) = (F(v("alpha1")), F(v("beta1")), F(v("alpha2")), F(v("beta2")))
                (k[4], k[5]) = (F(v("T")), F(v("T_dur")))
            }
            for c in 0..<width { constants[i * width + c] = k[c] }
        }
        realized = values
        initializers = [(g, try proj.value("syn", "g_initializer"), proj.stream("syn", "g_initializer"))]
        switch dynamics {
        case .dualExpon, .alpha:
            initializers.append((second, try proj.value("syn", "g_initializer"), proj.stream("syn", "g_initializer")))
        case .bioNMDA:
            initializers.append((second, try proj.value("syn", "x_initializer"), proj.stream("syn", "x_initializer")))
        default: break
        }
    }

    func initStates(rng: Philox) throws(EngineError) {
        for (column, value, stream) in initializers {
            let r = try Realized.realize(value, count: size, rng: rng, stream: stream, what: "synapse initializer")
            for i in 0..<size { column[i] = F(r.value(at: i)) }
        }
        arrival.update(repeating: -1e7, count: size)
        input.update(repeating: 0, count: size)
        activeCount = 0
    }

    /// One step at time t with this step's input already in `input`; clears it and collects the
    /// nonzero outputs.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func update(t: F, dt: F) {
        var n = 0
        for i in 0..<size {
            let k = constants + i * width
            let x = input[i]
            input[i] = 0
            let out: F
            switch dynamics {
            case .expon:
                let g0 = g[i]
                out = (g0 + k[0] * (-g0 * k[1])) + x
                g[i] = out
            case .dualExpon:
                let (r0, d0) = (g[i], second[i])
                let r = (r0 + k[0] * (-r0 * k[1])) + x
                let d = (d0 + k[2] * (-d0 * k[3])) + x
                g[i] = r
                second[i] = d
                out = k[4] * (d - r)
            case .alpha:
                let (g0, h0) = (g[i], second[i])
                out = g0 + k[0] * ((-g0 + h0) * k[1])
                g[i] = out
                second[i] = (h0 + k[0] * (-h0 * k[1])) + x
            case .kinetic:
                if x != 0 { arrival[i] = t }
                let pulse = t - arrival[i] < k[3]
                let TT = pulse ? k[2] : 0
                let g0 = g[i]
                out = g0 + (pulse ? k[4] : k[5]) * (k[0] * TT * (1 - g0) - k[1] * g0)
                g[i] = out
            case .bioNMDA:
                if x != 0 { arrival[i] = t }
                let TT = t - arrival[i] < k[5] ? k[4] : 0
                let x0 = second[i]
                let xb = x0 + ExpEulerStep.factor(jacobian: -(k[2] * TT + k[3]), dt: dt) * (k[2] * TT * (1 - x0) - k[3] * x0)
                second[i] = xb
                let g0 = g[i]
                out = g0 + ExpEulerStep.factor(jacobian: -(k[0] * xb + k[1]), dt: dt) * (k[0] * xb * (1 - g0) - k[1] * g0)
                g[i] = out
            }
            output[i] = out
            if out != 0 {
                active[n] = Int32(truncatingIfNeeded: i)
                n += 1
            }
        }
        activeCount = n
    }
}
