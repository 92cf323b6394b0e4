/// brainpy.state.HH: the Hodgkin–Huxley neuron (spec neurons §8.1; hh.py decides).
///   g_Na = gNa·m³·h, g_K = gK·n⁴ (old gates), I = I(V_old)
///   V′ = EE(V; (−g_Na(v − ENa) − g_K(v − EK) − gL(v − EL) + I)/C, J = −(g_Na + g_K + gL)/C) + Σdelta
///   x′ = EE(x; α_x(V_old)(1 − x) − β_x(V_old)·x, J = −(α_x + β_x))   for x ∈ {m, h, n}
/// Rates in 1/ms with V in mV: α_m = 1/exprel(−(V+40)/10), β_m = 4e^{−(V+65)/18}, α_h = 0.07e^{−(V+65)/20},
/// β_h = 1/(1 + e^{−(V+35)/10}), α_n = 0.1/exprel(−(V+55)/10), β_n = 0.125e^{−(V+65)/80}.
/// An unset gate initializer (NaN, brainpy's None) starts the gate at x∞(V0) = α/(α + β).
enum HHModel: NeuronModel {
    static func gate(_ name: String, _ doc: String) -> ParamSpec {
        ParamSpec("\(name)_initializer", .one, default: .nan, unit: "", initializer: true,
                  doc: "initial \(doc); unset (NaN, brainpy's None) = steady state at the initial V")
    }

    static let spec = ModelSpec(
        name: "HH", role: .neuron,
        params: [ParamSpec("ENa", .voltage, default: 50, unit: "mV", doc: "sodium reversal potential"),
                 ParamSpec("gNa", .conductance, default: 120, unit: "mS", doc: "maximal sodium conductance"),
                 ParamSpec("EK", .voltage, default: -77, unit: "mV", doc: "potassium reversal potential"),
                 ParamSpec("gK", .conductance, default: 36, unit: "mS", doc: "maximal potassium conductance"),
                 ParamSpec("EL", .voltage, default: -54.387, unit: "mV", doc: "leak reversal potential"),
                 ParamSpec("gL", .conductance, default: 0.03, unit: "mS", doc: "leak conductance"),
                 ParamSpec("V_th", .voltage, default: 20, unit: "mV", doc: "spike threshold (rising edge)"),
                 ParamSpec("C", .capacitance, default: 1, unit: "uF", .positive, doc: "membrane capacitance"),
                 ConductanceModels.uniformV,
                 gate("m", "sodium activation m"), gate("h", "sodium inactivation h"),
                 gate("n", "potassium activation n")],
        states: [NeuronModels.V,
                 StateSpec("m", .one, initializer: "m_initializer", doc: "sodium activation"),
                 StateSpec("h", .one, initializer: "h_initializer", doc: "sodium inactivation"),
                 StateSpec("n", .one, initializer: "n_initializer", doc: "potassium activation"),
                 ConductanceModels.spike],
        options: [ConductanceModels.spkReset],
        doc: "Hodgkin-Huxley neuron (no reset; spikes on the upward crossing of V_th); input current in uA")

    static var stateNames: [String] { ["V", "m", "h", "n"] }
    static var constantCount: Int { 9 }

    // Constants: ENa, gNa, EK, gK, EL, gL, 1/C, V_th, 1/V_th.
    static func constants(_ p: (String) -> Double) -> [Double] {
        [p("ENa"), p("gNa"), p("EK"), p("gK"), p("EL"), p("gL"), 1 / p("C"), p("V_th"), 1 / p("V_th")]
    }

    /// The six rate functions at V (1/ms).
    @inline(__always)
    static func rates<F: SimFloat>(_ v: Lanes<F>)
        -> (am: Lanes<F>, bm: Lanes<F>, ah: Lanes<F>, bh: Lanes<F>, an: Lanes<F>, bn: Lanes<F>) {
        let one = Lanes<F>(repeating: 1)
        let am = one / F.exprelRateLanes((v + 40) * -0.1)
        let bm = F.expLanes((v + 65) * (-1.0 / 18)) * 4
        let ah = F.expLanes((v + 65) * -0.05) * 0.07
        let bh = one / (one + F.expLanes((v + 35) * -0.1))
        let an = Lanes<F>(repeating: 0.1) / F.exprelRateLanes((v + 55) * -0.1)
        let bn = F.expLanes((v + 65) * -0.0125) * 0.125
        return (am, bm, ah, bh, an, bn)
    }

    /// One exponential-Euler step of a gate: f = α(1 − x) − βx, J = −(α + β).
    @inline(__always)
    static func gateStep<F: SimFloat>(_ x: Lanes<F>, _ alpha: Lanes<F>, _ beta: Lanes<F>, dt: Lanes<F>) -> Lanes<F> {
        Kernel.expEuler(x, drift: alpha * (1 - x) - beta * x, jacobian: Lanes<F>(repeating: 0) - (alpha + beta), dt: dt)
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[7], k[8])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let (v, m, h, n) = (s[0], s[1], s[2], s[3])
        let gNa = k[1] * (m * m * m) * h
        let n2 = n * n
        let gK = k[3] * (n2 * n2)
        let current = ConductanceModels.current(input, at: v)
        let f = (current - gNa * (v - k[0]) - gK * (v - k[2]) - k[5] * (v - k[4])) * k[6]
        let jac = (Lanes<F>(repeating: 0) - (gNa + gK + k[5])) * k[6]
        let v1 = Kernel.expEuler(v, drift: f, jacobian: jac, dt: input.dt) + input.delta
        let r = rates(v)
        s[0] = v1
        s[1] = gateStep(m, r.am, r.bm, dt: input.dt)
        s[2] = gateStep(h, r.ah, r.bh, dt: input.dt)
        s[3] = gateStep(n, r.an, r.bn, dt: input.dt)
        return ConductanceModels.risingEdge(new: v1, old: v, threshold: k[7], inverse: k[8])
    }

    /// Unset gates (NaN) start at their steady state x∞(V0), computed with the kernel's own rate functions.
    static func completeInitialState(_ s: inout [Double], _ k: [Double]) {
        let r = rates(Lanes<Double>(repeating: s[0]))
        let inf = [r.am / (r.am + r.bm), r.ah / (r.ah + r.bh), r.an / (r.an + r.bn)]
        for g in 0..<3 where s[g + 1].isNaN { s[g + 1] = inf[g][0] }
    }
}
