/// brainpy.state.AdExIF and AdExIFRef: adaptive exponential integrate-and-fire (spec neurons §6.6).
///   s = H((V − V_th)/(V_th − V_reset)); V_r = V − (θ − V_reset)·s; w_r = w + b·s
///   V_c = EE(V_r; (−(v − V_rest) + ΔT·e^{min((v − V_T)/ΔT, 20)} − R·w_r + R·I(v))/τ) + Σdelta
///   w_c = EE(w_r; (a·(V_c − V_rest) − w)/τ_w)            (the new V)
///   AdExIFRef: hold (V_r, w_r) while t − last_spike_time < τ_ref; last_spike_time = t where V' ≥ V_th.
/// The clipped exponential contributes e^u to the linearisation below the clip and nothing above it.
enum AdExIFModel: NeuronModel {
    static let params: [ParamSpec] = [
        NeuronModels.R,
        ParamSpec("tau", .time, default: 10, unit: "ms", .positive, doc: "membrane time constant"),
        ParamSpec("tau_w", .time, default: 30, unit: "ms", .positive, doc: "adaptation time constant"),
        ParamSpec("V_th", .voltage, default: -55, unit: "mV", doc: "spike threshold"),
        ParamSpec("V_reset", .voltage, default: -68, unit: "mV", doc: "reset potential"),
        ParamSpec("V_rest", .voltage, default: -65, unit: "mV", doc: "resting potential"),
        ParamSpec("V_T", .voltage, default: -59.9, unit: "mV", doc: "threshold of the exponential term"),
        ParamSpec("delta_T", .voltage, default: 3.48, unit: "mV", .positive, doc: "spike slope factor"),
        ParamSpec("a", .conductance, default: 1, unit: "S", doc: "subthreshold adaptation coupling"),
        ParamSpec("b", .current, default: 1, unit: "mA", doc: "spike-triggered adaptation increment"),
        ParamSpec("V_initializer", .voltage, default: -65, unit: "mV", initializer: true, doc: "initial membrane potential"),
        ParamSpec("w_initializer", .current, default: 0, unit: "mA", initializer: true, doc: "initial adaptation current"),
    ]
    static let w = StateSpec("w", .current, initializer: "w_initializer", doc: "adaptation current")

    static let spec = ModelSpec(
        name: "AdExIF", role: .neuron, params: params, states: [NeuronModels.V, w, NeuronModels.spike],
        options: [NeuronModels.spkReset], doc: "adaptive exponential integrate-and-fire")
    static let refSpec = ModelSpec(
        name: "AdExIFRef", role: .neuron,
        params: Array(params[0..<3]) + [NeuronModels.tauRef(1.7)] + Array(params[3...]),
        states: [NeuronModels.V, w] + NeuronModels.refractoryStates + [NeuronModels.spike],
        options: [NeuronModels.spkReset, NeuronModels.refVar],
        doc: "AdExIF holding V and w at their reset values for tau_ref after a spike")

    static var stateNames: [String] { ["V", "w"] }
    static var constantCount: Int { 14 }

    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("R"), 1 / p("tau"), 1 / p("tau_w"), p("V_th"), p("V_reset"), p("V_rest"), p("V_T"),
                p("delta_T"), 1 / p("delta_T"), p("a"), p("b"), 1 / (p("V_th") - p("V_reset")),
                dt * Double.exprel(-dt / p("tau_w")), p("tau_ref")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[3], k[11])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let (v, w) = (s[0], s[1])
        let spike = Kernel.indicator(Kernel.above(v, k[3], k[11]), F.self)
        let vr = Kernel.pendingReset(v, spike: spike, threshold: k[3], reset: k[4],
                                      hard: input.hardReset)
        let wr = F.fma(w, k[10], spike)
        let u = (vr - k[6]) * k[8]
        let clip = Lanes<F>(repeating: 20)
        let below = F.lanes(u, less: clip)
        let e = F.expLanes(F.lanes(clip, replacedBy: u, where: below))
        let (current, conductance) = input.current(at: vr)
        let f = F.fma((k[5] - vr + k[7] * e) - k[0] * wr, k[0], current) * k[1]
        let slope = F.lanes(Lanes(repeating: 0), replacedBy: e, where: below)
        let jac = F.fma(slope - 1, -k[0], conductance) * k[1]
        let vc = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt) + input.delta
        let wc = F.fma(wr, k[12], (k[9] * (vc - k[5]) - wr) * k[2])
        if R.enabled {
            let last = s[2]
            let held = F.lanes(input.t - last, less: k[13])
            let vNew = F.lanes(vc, replacedBy: vr, where: held)
            s[0] = vNew
            s[1] = F.lanes(wc, replacedBy: wr, where: held)
            let fired = F.lanes(vNew, greaterOrEqual: k[3])
            s[2] = F.lanes(last, replacedBy: input.t, where: fired)
            s[3] = Kernel.indicator(held .| fired, F.self)
            return Kernel.above(vNew, k[3], k[11])
        }
        s[0] = vc
        s[1] = wc
        return Kernel.above(vc, k[3], k[11])
    }
}
