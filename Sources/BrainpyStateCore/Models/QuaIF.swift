/// brainpy.state.QuaIF: quadratic integrate-and-fire (spec neurons §6.7).
///   s = H((V − V_th)/(V_th − V_reset)); V_r = V − (θ − V_reset)·s
///   V' = EE(V_r; (c·(v − V_rest)·(v − V_c) + R·I(v))/τ) + Σdelta,  J = (c·((v − V_c) + (v − V_rest)) + R·I′)/τ
enum QuaIFModel: NeuronModel {
    static let spec = ModelSpec(
        name: "QuaIF", role: .neuron,
        params: [NeuronModels.R, IntegrateAndFireFamily.tau10, IntegrateAndFireFamily.V_th30,
                 IntegrateAndFireFamily.V_reset68, IntegrateAndFireFamily.V_rest65, IntegrateAndFireFamily.V_c,
                 IntegrateAndFireFamily.c, IntegrateAndFireFamily.V_init65],
        states: [NeuronModels.V, NeuronModels.spike], options: [NeuronModels.spkReset],
        doc: "quadratic integrate-and-fire")

    static var stateNames: [String] { ["V"] }
    static var constantCount: Int { 8 }

    // Constants: R, τ (divides, as in brainpy), V_th, V_reset, V_rest, V_c, c, 1/(V_th − V_reset).
    static func constants(_ p: (String) -> Double) -> [Double] {
        [p("R"), p("tau"), p("V_th"), p("V_reset"), p("V_rest"), p("V_c"), p("c"), 1 / (p("V_th") - p("V_reset"))]
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
        let (fromRest, fromCritical) = (vr - k[4], vr - k[5])
        let (current, conductance) = input.current(at: vr)
        let f = F.fma(k[6] * fromRest * fromCritical, k[0], current) / k[1]
        let jac = F.fma(k[6] * (fromCritical + fromRest), -k[0], conductance) / k[1]
        let v1 = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt) + input.delta
        s[0] = v1
        return Kernel.above(v1, k[2], k[7])
    }
}
