/// brainpy.state.Gif and GifRef: generalized integrate-and-fire with two spike-triggered currents and
/// a dynamic threshold Θ (the state `V_th`), spec neurons §6.8. With s = H((V − Θ)/(Θ − V_reset)):
///   V_r = V − (θ − V_reset)·s (θ = Θ soft, V hard); I_k,r = I_k + s·(R_k·I_k + A_k − I_k);
///   Θ_r = Θ + s·(max(V_th_reset, Θ) − Θ)
///   I_k,c = EE(I_k,r; −k_k·i);  Θ_c = EE(Θ_r; a·(V_r − V_rest) − b·(ϑ − V_th_inf))   (post-reset V)
///   V_c = EE(V_r; (−(v − V_rest) + R·(Ĩ1 + Ĩ2 + I(v)))/τ) + Σdelta
/// Ĩ is the decayed I_c in Gif but the undecayed I_r in GifRef: the two classes differ there (trap 5).
/// GifRef holds all four states at their reset values while refractory; last_spike_time = t where V' ≥ Θ'.
enum GifModel: NeuronModel {
    static let params: [ParamSpec] = [
        ParamSpec("R", .resistance, default: 20, unit: "ohm", doc: "membrane resistance"),
        ParamSpec("tau", .time, default: 20, unit: "ms", .positive, doc: "membrane time constant"),
        ParamSpec("V_rest", .voltage, default: -70, unit: "mV", doc: "resting potential"),
        ParamSpec("V_reset", .voltage, default: -70, unit: "mV", doc: "reset potential"),
        ParamSpec("V_th_inf", .voltage, default: -50, unit: "mV", doc: "threshold the dynamic threshold relaxes to"),
        ParamSpec("V_th_reset", .voltage, default: -60, unit: "mV", doc: "lower bound of the threshold after a spike"),
        ParamSpec("V_th_initializer", .voltage, default: -50, unit: "mV", initializer: true, doc: "initial threshold"),
        ParamSpec("a", .frequency, default: 0, unit: "1/ms", doc: "coupling of the threshold to V - V_rest"),
        ParamSpec("b", .frequency, default: 0.01, unit: "1/ms", doc: "relaxation rate of the threshold"),
        ParamSpec("k1", .frequency, default: 0.2, unit: "1/ms", doc: "decay rate of I1"),
        ParamSpec("k2", .frequency, default: 0.02, unit: "1/ms", doc: "decay rate of I2"),
        ParamSpec("R1", .one, default: 0, unit: "", doc: "fraction of I1 kept at a spike"),
        ParamSpec("R2", .one, default: 1, unit: "", doc: "fraction of I2 kept at a spike"),
        ParamSpec("A1", .current, default: 0, unit: "mA", doc: "jump of I1 at a spike"),
        ParamSpec("A2", .current, default: 0, unit: "mA", doc: "jump of I2 at a spike"),
        ParamSpec("V_initializer", .voltage, default: -70, unit: "mV", initializer: true, doc: "initial membrane potential"),
        ParamSpec("I1_initializer", .current, default: 0, unit: "mA", initializer: true, doc: "initial I1"),
        ParamSpec("I2_initializer", .current, default: 0, unit: "mA", initializer: true, doc: "initial I2"),
    ]
    static let states = [
        NeuronModels.V,
        StateSpec("I1", .current, initializer: "I1_initializer", doc: "fast spike-triggered current"),
        StateSpec("I2", .current, initializer: "I2_initializer", doc: "slow spike-triggered current"),
        StateSpec("V_th", .voltage, initializer: "V_th_initializer", doc: "dynamic spike threshold"),
    ]
    static let spike = StateSpec("spike", .one, writable: false,
                                 doc: "get_spike() of the stored V and V_th: 1 where (V - V_th)/(V_th - V_reset) >= 0")

    static let spec = ModelSpec(
        name: "Gif", role: .neuron, params: params, states: states + [spike],
        options: [NeuronModels.spkReset], doc: "generalized integrate-and-fire with a dynamic threshold")
    static let refSpec = ModelSpec(
        name: "GifRef", role: .neuron,
        params: Array(params[0..<2]) + [NeuronModels.tauRef(1.7)] + Array(params[2...]),
        states: states + NeuronModels.refractoryStates + [spike],
        options: [NeuronModels.spkReset, NeuronModels.refVar],
        doc: "Gif holding V, I1, I2 and V_th at their reset values for tau_ref after a spike "
            + "(its V equation uses the undecayed I1, I2, unlike Gif)")

    static var stateNames: [String] { ["V", "I1", "I2", "V_th"] }
    static var constantCount: Int { 18 }

    // Constants: R, τ (divides, as in brainpy), V_rest, V_reset, V_th_inf, V_th_reset, a, b, k1, k2, R1, R2, A1, A2,
    // dt·exprel(−dt·k1), dt·exprel(−dt·k2), dt·exprel(−dt·b), τ_ref (Ref only).
    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("R"), p("tau"), p("V_rest"), p("V_reset"), p("V_th_inf"), p("V_th_reset"), p("a"), p("b"),
                p("k1"), p("k2"), p("R1"), p("R2"), p("A1"), p("A2"), dt * Double.exprel(-dt * p("k1")),
                dt * Double.exprel(-dt * p("k2")), dt * Double.exprel(-dt * p("b")), p("tau_ref")]
    }

    /// H((V − Θ)/(Θ − V_reset)), the division as in brainpy (Θ is a state, so no precomputed reciprocal).
    @inline(__always)
    static func fires<F: SimFloat>(_ v: Lanes<F>, _ threshold: Lanes<F>, _ vReset: Lanes<F>) -> LaneMask<F> {
        F.lanes((v - threshold) / (threshold - vReset), greaterOrEqual: Lanes(repeating: 0))
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        fires(s[0], s[3], k[3])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let (v, i1, i2, th) = (s[0], s[1], s[2], s[3])
        let spike = Kernel.indicator(fires(v, th, k[3]), F.self)
        let vr = Kernel.pendingReset(v, spike: spike, threshold: th, reset: k[3],
                                      hard: input.hardReset)
        let i1r = F.fma(i1, spike, (k[10] * i1 + k[12]) - i1)
        let i2r = F.fma(i2, spike, (k[11] * i2 + k[13]) - i2)
        let raised = F.lanes(th, replacedBy: k[5], where: F.lanes(th, less: k[5]))
        let thr = F.fma(th, spike, raised - th)
        let i1c = F.fma(i1r, k[14], (Lanes<F>(repeating: 0) - k[8]) * i1r)
        let i2c = F.fma(i2r, k[15], (Lanes<F>(repeating: 0) - k[9]) * i2r)
        let thc = F.fma(thr, k[16], k[6] * (vr - k[2]) - k[7] * (thr - k[4]))
        let drive = R.enabled ? i1r + i2r : i1c + i2c
        let (current, conductance) = input.current(at: vr)
        let f = F.fma(k[2] - vr, k[0], drive + current) / k[1]
        let jac = F.fma(Lanes(repeating: -1), -k[0], conductance) / k[1]
        let vc = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt) + input.delta
        if R.enabled {
            let held = Kernel.held(s, at: 4, input.t, k[17])
            let vNew = F.lanes(vc, replacedBy: vr, where: held)
            let thNew = F.lanes(thc, replacedBy: thr, where: held)
            s[0] = vNew
            s[1] = F.lanes(i1c, replacedBy: i1r, where: held)
            s[2] = F.lanes(i2c, replacedBy: i2r, where: held)
            s[3] = thNew
            Kernel.recordSpikes(&s, at: 4, held: held, fired: F.lanes(vNew, greaterOrEqual: thNew), input.t)
            return fires(vNew, thNew, k[3])
        }
        s[0] = vc
        s[1] = i1c
        s[2] = i2c
        s[3] = thc
        return fires(vc, thc, k[3])
    }
}
