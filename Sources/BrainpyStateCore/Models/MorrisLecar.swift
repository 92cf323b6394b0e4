/// brainpy.state.MorrisLecar (spec neurons §8.3; hh.py decides). All functions of V_old:
///   M∞ = ½(1 + tanh((V − V1)/V2)), W∞ = ½(1 + tanh((V − V3)/V4)), 1/τ_W = φ·cosh((V − V3)/(2V4)), I = I(V_old)
///   V′ = EE(V; (−g_Ca·M∞(v − V_Ca) − g_K·W(v − V_K) − g_leak(v − V_leak) + I)/C,
///           J = −(g_Ca·M∞ + g_K·W + g_leak)/C) + Σdelta
///   W′ = EE(W; (W∞ − w)/τ_W, J = −1/τ_W)
/// ½(1 + tanh(u)) is evaluated as the logistic 1/(1 + e^{−2u}) (the same function, without the
/// cancellation of 1 + tanh for very negative u) and cosh from e^{±u}.
enum MorrisLecarModel: NeuronModel {
    static let spec = ModelSpec(
        name: "MorrisLecar", role: .neuron,
        params: [ParamSpec("V_Ca", .voltage, default: 130, unit: "mV", doc: "calcium reversal potential"),
                 ParamSpec("g_Ca", .conductance, default: 4.4, unit: "mS", doc: "maximal calcium conductance"),
                 ParamSpec("V_K", .voltage, default: -84, unit: "mV", doc: "potassium reversal potential"),
                 ParamSpec("g_K", .conductance, default: 8, unit: "mS", doc: "maximal potassium conductance"),
                 ParamSpec("V_leak", .voltage, default: -60, unit: "mV", doc: "leak reversal potential"),
                 ParamSpec("g_leak", .conductance, default: 2, unit: "mS", doc: "leak conductance"),
                 ParamSpec("C", .capacitance, default: 20, unit: "uF", .positive, doc: "membrane capacitance"),
                 ParamSpec("V1", .voltage, default: -1.2, unit: "mV", doc: "potential at which M_inf = 0.5"),
                 ParamSpec("V2", .voltage, default: 18, unit: "mV", doc: "slope scale of M_inf"),
                 ParamSpec("V3", .voltage, default: 2, unit: "mV", doc: "potential at which W_inf = 0.5"),
                 ParamSpec("V4", .voltage, default: 30, unit: "mV", doc: "slope scale of W_inf"),
                 ParamSpec("phi", .frequency, default: 0.04, unit: "1/ms", doc: "temperature factor (rate of W)"),
                 ParamSpec("V_th", .voltage, default: 10, unit: "mV", doc: "spike threshold (rising edge)"),
                 ConductanceModels.uniformV,
                 ParamSpec("W_initializer", .one, default: 0.02, unit: "", initializer: true,
                           doc: "initial recovery variable")],
        states: [NeuronModels.V, StateSpec("W", .one, initializer: "W_initializer", doc: "recovery variable"),
                 ConductanceModels.spike],
        options: [ConductanceModels.spkReset],
        doc: "Morris-Lecar neuron (no reset; spikes on the upward crossing of V_th); input current in uA")

    static var stateNames: [String] { ["V", "W"] }
    static var constantCount: Int { 15 }

    // Constants: V_Ca, g_Ca, V_K, g_K, V_leak, g_leak, 1/C, V1, −2/V2, V3, −2/V4, 1/(2V4), φ, V_th, 1/V_th.
    static func constants(_ p: (String) -> Double) -> [Double] {
        [p("V_Ca"), p("g_Ca"), p("V_K"), p("g_K"), p("V_leak"), p("g_leak"), 1 / p("C"),
         p("V1"), -2 / p("V2"), p("V3"), -2 / p("V4"), 1 / (2 * p("V4")), p("phi"), p("V_th"), 1 / p("V_th")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[13], k[14])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness>(_ s: inout StateLanes<F>, _ k: ConstantLanes<F>,
                                                     _ input: KernelInputs<F>, _: R.Type) -> LaneMask<F> {
        let (v, w) = (s[0], s[1])
        let one = Lanes<F>(repeating: 1)
        let mInf = one / (one + F.expLanes((v - k[7]) * k[8]))
        let wInf = one / (one + F.expLanes((v - k[9]) * k[10]))
        let e = F.expLanes((v - k[9]) * k[11])
        let rateW = k[12] * ((e + one / e) * 0.5)
        let gCa = k[1] * mInf
        let gK = k[3] * w
        let current = ConductanceModels.current(input, at: v)
        let f = (current - gCa * (v - k[0]) - gK * (v - k[2]) - k[5] * (v - k[4])) * k[6]
        let jac = (Lanes<F>(repeating: 0) - (gCa + gK + k[5])) * k[6]
        let v1 = Kernel.expEuler(v, drift: f, jacobian: jac, dt: input.dt) + input.delta
        s[0] = v1
        s[1] = Kernel.expEuler(w, drift: (wInf - w) * rateW, jacobian: Lanes<F>(repeating: 0) - rateW, dt: input.dt)
        return ConductanceModels.risingEdge(new: v1, old: v, threshold: k[13], inverse: k[14])
    }
}
