/// brainpy.state.AdQuaIF and AdQuaIFRef: adaptive quadratic integrate-and-fire (spec neurons §6.7).
///   s = H((V − V_th)/(V_th − V_reset)); V_r = V − (θ − V_reset)·s; w_r = w + b·s
///   V_c = EE(V_r; (c·(v − V_rest)·(v − V_c) − R·w_r + R·I(v))/τ) + Σdelta
///   w_c = EE(w_r; (a·(V_c − V_rest) − w)/τ_w)            (the new V, delta included)
///   AdQuaIFRef: hold (V_r, w_r) while t − last_spike_time < τ_ref; last_spike_time = t where V' ≥ V_th.
enum AdQuaIFModel: NeuronModel {
    static let params: [ParamSpec] = [
        NeuronModels.R, IntegrateAndFireFamily.tau10,
        ParamSpec("tau_w", .time, default: 10, unit: "ms", .positive, doc: "adaptation time constant"),
        IntegrateAndFireFamily.V_th30, IntegrateAndFireFamily.V_reset68, IntegrateAndFireFamily.V_rest65,
        IntegrateAndFireFamily.V_c, IntegrateAndFireFamily.c,
        ParamSpec("a", .conductance, default: 1, unit: "S", doc: "subthreshold adaptation coupling"),
        ParamSpec("b", .current, default: 0.1, unit: "mA", doc: "spike-triggered adaptation increment"),
        IntegrateAndFireFamily.V_init65,
        ParamSpec("w_initializer", .current, default: 0, unit: "mA", initializer: true, doc: "initial adaptation current"),
    ]
    static let w = StateSpec("w", .current, initializer: "w_initializer", doc: "adaptation current")

    static let spec = ModelSpec(
        name: "AdQuaIF", role: .neuron, params: params, states: [NeuronModels.V, w, NeuronModels.spike],
        options: [NeuronModels.spkReset], doc: "adaptive quadratic integrate-and-fire")
    static let refSpec = ModelSpec(
        name: "AdQuaIFRef", role: .neuron,
        params: Array(params[0..<3]) + [NeuronModels.tauRef(1.7)] + Array(params[3...]),
        states: [NeuronModels.V, w] + NeuronModels.refractoryStates + [NeuronModels.spike],
        options: [NeuronModels.spkReset, NeuronModels.refVar],
        doc: "AdQuaIF holding V and w at their reset values for tau_ref after a spike")

    static var stateNames: [String] { ["V", "w"] }
    static var constantCount: Int { 13 }

    // Constants: R, τ, τ_w (both divide, as in brainpy), V_th, V_reset, V_rest, V_c, c, a, b,
    // 1/(V_th − V_reset), dt·exprel(−dt/τ_w), τ_ref (Ref only).
    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("R"), p("tau"), p("tau_w"), p("V_th"), p("V_reset"), p("V_rest"), p("V_c"), p("c"),
                p("a"), p("b"), 1 / (p("V_th") - p("V_reset")), dt * Double.exprel(-dt / p("tau_w")), p("tau_ref")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[3], k[10])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let (v, w) = (s[0], s[1])
        let spike = Kernel.indicator(Kernel.above(v, k[3], k[10]), F.self)
        let vr = Kernel.pendingReset(v, spike: spike, threshold: k[3], reset: k[4],
                                      hard: input.hardReset)
        let wr = F.fma(w, k[9], spike)
        let (fromRest, fromCritical) = (vr - k[5], vr - k[6])
        let (current, conductance) = input.current(at: vr)
        let f = F.fma(k[7] * fromRest * fromCritical - k[0] * wr, k[0], current) / k[1]
        let jac = F.fma(k[7] * (fromCritical + fromRest), -k[0], conductance) / k[1]
        let vc = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt) + input.delta
        let wc = F.fma(wr, k[11], (k[8] * (vc - k[5]) - wr) / k[2])
        if R.enabled {
            let held = Kernel.held(s, at: 2, input.t, k[12])
            let vNew = F.lanes(vc, replacedBy: vr, where: held)
            s[0] = vNew
            s[1] = F.lanes(wc, replacedBy: wr, where: held)
            Kernel.recordSpikes(&s, at: 2, held: held, fired: F.lanes(vNew, greaterOrEqual: k[3]), input.t)
            return Kernel.above(vNew, k[3], k[10])
        }
        s[0] = vc
        s[1] = wc
        return Kernel.above(vc, k[3], k[10])
    }
}
