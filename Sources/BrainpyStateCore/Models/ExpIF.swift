/// brainpy.state.ExpIF and ExpIFRef: exponential integrate-and-fire (spec neurons §6.5).
///   s = H((V − V_th)/(V_th − V_reset)); V_r = V − (θ − V_reset)·s
///   V_c = EE(V_r; (−(v − V_rest) + ΔT·e^{min((v − V_T)/ΔT, 20)} + R·I(v))/τ) + Σdelta
///   ExpIFRef: hold V_r while t − last_spike_time < τ_ref; last_spike_time = t where V' ≥ V_th.
/// With the defaults (V_th = −30 mV, soft reset) the late spike test lets one stiff step run V up to
/// ~1e15 mV; that runaway is brainpy's behaviour and is reproduced, not prevented.
enum ExpIFModel: NeuronModel {
    static let params: [ParamSpec] = [
        NeuronModels.R, IntegrateAndFireFamily.tau10,
        IntegrateAndFireFamily.V_th30, IntegrateAndFireFamily.V_reset68, IntegrateAndFireFamily.V_rest65,
        ParamSpec("V_T", .voltage, default: -59.9, unit: "mV", doc: "threshold of the exponential term"),
        ParamSpec("delta_T", .voltage, default: 3.48, unit: "mV", .positive, doc: "spike slope factor"),
        IntegrateAndFireFamily.V_init65,
    ]

    static let spec = ModelSpec(
        name: "ExpIF", role: .neuron, params: params, states: [NeuronModels.V, NeuronModels.spike],
        options: [NeuronModels.spkReset], doc: "exponential integrate-and-fire")
    static let refSpec = ModelSpec(
        name: "ExpIFRef", role: .neuron,
        params: Array(params[0..<2]) + [NeuronModels.tauRef(1.7)] + Array(params[2...]),
        states: [NeuronModels.V] + NeuronModels.refractoryStates + [NeuronModels.spike],
        options: [NeuronModels.spkReset, NeuronModels.refVar],
        doc: "ExpIF holding V at its reset value for tau_ref after a spike")

    static var stateNames: [String] { ["V"] }
    static var constantCount: Int { 9 }

    // Constants: R, τ, V_th, V_reset, V_rest, V_T, ΔT, 1/(V_th − V_reset), τ_ref (Ref only). τ and ΔT
    // divide as in brainpy: a rounded reciprocal biases every step the same way, which the upswing
    // amplifies into spike-time differences in float32.
    static func constants(_ p: (String) -> Double) -> [Double] {
        [p("R"), p("tau"), p("V_th"), p("V_reset"), p("V_rest"), p("V_T"), p("delta_T"),
         1 / (p("V_th") - p("V_reset")), p("tau_ref")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[2], k[7])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let v = s[0]
        let spike = Kernel.indicator(Kernel.above(v, k[2], k[7]), F.self)
        let vr = Kernel.pendingReset(v, spike: spike, threshold: k[2], reset: k[3],
                                      hard: input.hardReset)
        let (e, slope) = Kernel.clippedExp((vr - k[5]) / k[6])
        let (current, conductance) = input.current(at: vr)
        let f = F.fma(k[4] - vr + k[6] * e, k[0], current) / k[1]
        let jac = F.fma(slope - 1, -k[0], conductance) / k[1]
        let vc = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt) + input.delta
        if R.enabled {
            let held = Kernel.held(s, at: 1, input.t, k[8])
            let vNew = F.lanes(vc, replacedBy: vr, where: held)
            s[0] = vNew
            Kernel.recordSpikes(&s, at: 1, held: held, fired: F.lanes(vNew, greaterOrEqual: k[2]), input.t)
            return Kernel.above(vNew, k[2], k[7])
        }
        s[0] = vc
        return Kernel.above(vc, k[2], k[7])
    }
}

extension Kernel {
    /// e^{min(u, 20)} and its derivative in u as JAX differentiates the clip: e^u below 20, 0 above,
    /// half at an exact tie (lax.min splits the gradient) — spec neurons §3, §6.5.
    @inline(__always)
    static func clippedExp<F: SimFloat>(_ u: Lanes<F>) -> (value: Lanes<F>, slope: Lanes<F>) {
        let clip = Lanes<F>(repeating: 20)
        let below = F.lanes(u, less: clip)
        let e = F.expLanes(F.lanes(clip, replacedBy: u, where: below))
        let atClip = F.lanes(e * 0.5, replacedBy: Lanes(repeating: 0), where: F.lanes(clip, less: u))
        return (e, F.lanes(atClip, replacedBy: e, where: below))
    }
}
