/// brainpy.state.ALIF: LIF with an adaptive threshold V_th + β·a (spec neurons §6.4).
///   s = H((V − V_th − β·a)/(V_th − V_reset)); V_r = V − (θ − V_reset)·s; a_r = a + s
///   V' = EE(V_r; (−v + V_rest + R·I(v))/τ) + Σdelta;  a' = EE(a_r; −a/τ_a)
/// (soft reset subtracts only V_th − V_reset, not the adaptive part).
enum ALIFModel: NeuronModel {
    static let spec = ModelSpec(
        name: "ALIF", role: .neuron,
        params: [NeuronModels.R, NeuronModels.tau,
                 ParamSpec("tau_a", .time, default: 100, unit: "ms", .positive, doc: "adaptation time constant"),
                 NeuronModels.V_th, NeuronModels.V_reset, NeuronModels.V_rest,
                 ParamSpec("beta", .voltage, default: 0.1, unit: "mV", doc: "threshold increase per unit of a"),
                 NeuronModels.V_initializer,
                 ParamSpec("a_initializer", .one, default: 0, unit: "", initializer: true, doc: "initial adaptation")],
        states: [NeuronModels.V, StateSpec("a", .one, initializer: "a_initializer", doc: "adaptation variable"),
                 NeuronModels.spike],
        options: [NeuronModels.spkReset],
        doc: "adaptive-threshold LIF: each spike raises the threshold by beta, decaying with tau_a")

    static var stateNames: [String] { ["V", "a"] }
    static var constantCount: Int { 9 }

    // Constants: R, 1/τ, V_th, V_reset, V_rest, β, 1/(V_th − V_reset), dt·exprel(−dt/τ_a), 1/τ_a.
    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("R"), 1 / p("tau"), p("V_th"), p("V_reset"), p("V_rest"), p("beta"),
                1 / (p("V_th") - p("V_reset")), dt * Double.exprel(-dt / p("tau_a")), 1 / p("tau_a")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0] - k[5] * s[1], k[2], k[6])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let (v, a) = (s[0], s[1])
        let spike = Kernel.indicator(F.lanes((v - k[2] - k[5] * a) * k[6], greaterOrEqual: Lanes(repeating: 0)), F.self)
        let vr = Kernel.pendingReset(v, spike: spike, threshold: k[2], reset: k[3],
                                      hard: input.hardReset)
        let ar = a + spike
        let (current, conductance) = input.current(at: vr)
        let f = F.fma(k[4] - vr, k[0], current) * k[1]
        let jac = F.fma(Lanes(repeating: -1), -k[0], conductance) * k[1]
        let v1 = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt) + input.delta
        let a1 = F.fma(ar, k[7], (Lanes<F>(repeating: 0) - ar) * k[8])
        s[0] = v1
        s[1] = a1
        return F.lanes((v1 - k[2] - k[5] * a1) * k[6], greaterOrEqual: Lanes(repeating: 0))
    }
}
