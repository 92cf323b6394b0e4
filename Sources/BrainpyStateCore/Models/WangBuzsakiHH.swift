/// brainpy.state.WangBuzsakiHH: the Wang–Buzsáki interneuron (spec neurons §8.2; hh.py decides).
///   m∞ = α_m/(α_m + β_m) (instantaneous), g_Na = gNa·m∞(V_old)³·h, g_K = gK·n⁴, I = I(V_old)
///   V′ = EE(V; (−g_Na(v − ENa) − g_K(v − EK) − gL(v − EL) + I)/C, J = −(g_Na + g_K + gL)/C) + Σdelta
///   x′ = EE(x; φ(α_x(1 − x) − β_x·x), J = −φ(α_x + β_x))   for x ∈ {h, n}, rates at V_old
/// Rates in 1/ms with V in mV: α_m = 1/exprel(−0.1(V+35)), β_m = 4e^{−(V+60)/18}, α_h = 0.07e^{−(V+58)/20},
/// β_h = 1/(e^{−0.1(V+28)} + 1), α_n = 0.1/exprel(−0.1(V+34)), β_n = 0.125e^{−(V+44)/80}. φ is a pure number.
enum WangBuzsakiHHModel: NeuronModel {
    static let spec = ModelSpec(
        name: "WangBuzsakiHH", role: .neuron,
        params: [ParamSpec("ENa", .voltage, default: 55, unit: "mV", doc: "sodium reversal potential"),
                 ParamSpec("gNa", .conductance, default: 35, unit: "mS", doc: "maximal sodium conductance"),
                 ParamSpec("EK", .voltage, default: -90, unit: "mV", doc: "potassium reversal potential"),
                 ParamSpec("gK", .conductance, default: 9, unit: "mS", doc: "maximal potassium conductance"),
                 ParamSpec("EL", .voltage, default: -65, unit: "mV", doc: "leak reversal potential"),
                 ParamSpec("gL", .conductance, default: 0.1, unit: "mS", doc: "leak conductance"),
                 ParamSpec("V_th", .voltage, default: 20, unit: "mV", doc: "spike threshold (rising edge)"),
                 ParamSpec("phi", .one, default: 5, unit: "", doc: "temperature factor of the gate kinetics"),
                 ParamSpec("C", .capacitance, default: 1, unit: "uF", .positive, doc: "membrane capacitance"),
                 ParamSpec("V_initializer", .voltage, default: -65, unit: "mV", initializer: true,
                           doc: "initial membrane potential"),
                 ParamSpec("h_initializer", .one, default: 0.6, unit: "", initializer: true, doc: "initial h"),
                 ParamSpec("n_initializer", .one, default: 0.32, unit: "", initializer: true, doc: "initial n")],
        states: [NeuronModels.V,
                 StateSpec("h", .one, initializer: "h_initializer", doc: "sodium inactivation"),
                 StateSpec("n", .one, initializer: "n_initializer", doc: "potassium activation"),
                 ConductanceModels.spike],
        options: [ConductanceModels.spkReset],
        doc: "Wang-Buzsaki interneuron (HH type, instantaneous m; no reset, rising-edge spikes); input current in uA")

    static var stateNames: [String] { ["V", "h", "n"] }
    static var constantCount: Int { 10 }

    // Constants: ENa, gNa, EK, gK, EL, gL, 1/C, φ, V_th, 1/V_th.
    static func constants(_ p: (String) -> Double) -> [Double] {
        [p("ENa"), p("gNa"), p("EK"), p("gK"), p("EL"), p("gL"), 1 / p("C"), p("phi"), p("V_th"), 1 / p("V_th")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[8], k[9])
    }

    /// One exponential-Euler step of a gate: f = φ(α(1 − x) − βx), J = −φ(α + β).
    @inline(__always)
    static func gateStep<F: SimFloat>(_ x: Lanes<F>, _ alpha: Lanes<F>, _ beta: Lanes<F>, phi: Lanes<F>,
                                      dt: Lanes<F>) -> Lanes<F> {
        Kernel.expEuler(x, drift: phi * (alpha * (1 - x) - beta * x),
                        jacobian: Lanes<F>(repeating: 0) - phi * (alpha + beta), dt: dt)
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let (v, h, n) = (s[0], s[1], s[2])
        let one = Lanes<F>(repeating: 1)
        let am = one / F.exprelRateLanes((v + 35) * -0.1)
        let bm = F.expLanes((v + 60) * (-1.0 / 18)) * 4
        let mInf = am / (am + bm)
        let gNa = k[1] * (mInf * mInf * mInf) * h
        let n2 = n * n
        let gK = k[3] * (n2 * n2)
        let current = ConductanceModels.current(input, at: v)
        let f = (current - gNa * (v - k[0]) - gK * (v - k[2]) - k[5] * (v - k[4])) * k[6]
        let jac = (Lanes<F>(repeating: 0) - (gNa + gK + k[5])) * k[6]
        let v1 = Kernel.expEuler(v, drift: f, jacobian: jac, dt: input.dt) + input.delta
        let ah = F.expLanes((v + 58) * -0.05) * 0.07
        let bh = one / (F.expLanes((v + 28) * -0.1) + one)
        let an = Lanes<F>(repeating: 0.1) / F.exprelRateLanes((v + 34) * -0.1)
        let bn = F.expLanes((v + 44) * -0.0125) * 0.125
        s[0] = v1
        s[1] = gateStep(h, ah, bh, phi: k[7], dt: input.dt)
        s[2] = gateStep(n, an, bn, phi: k[7], dt: input.dt)
        return ConductanceModels.risingEdge(new: v1, old: v, threshold: k[8], inverse: k[9])
    }
}
