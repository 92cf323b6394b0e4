/// brainpy.state.CobaLIF: LIF with a built-in exponentially decaying synaptic conductance g
/// (spec neurons §6.10).
///   s, V_r as LIF;  g' = EE(g; −g/τ_syn) + Σdelta   (delta inputs feed g, in conductance units)
///   V' = EE(V_r; (−(v − V_rest) + R·(g'·(E − v) + I(v)))/τ),  J = (−1 − R·g' + R·I′)/τ
/// The default E = 0 mV lies below the default V_th = 1 mV: with defaults g cannot excite.
enum CobaLIFModel: NeuronModel {
    static let spec = ModelSpec(
        name: "CobaLIF", role: .neuron,
        params: [NeuronModels.R, NeuronModels.tau, CubaLIFModel.tauSyn,
                 ParamSpec("E", .voltage, default: 0, unit: "mV", doc: "synaptic reversal potential"),
                 NeuronModels.V_th, NeuronModels.V_reset, NeuronModels.V_rest, NeuronModels.V_initializer,
                 ParamSpec("g_initializer", .conductance, default: 0, unit: "S", initializer: true,
                           doc: "initial synaptic conductance")],
        states: [NeuronModels.V, StateSpec("g", .conductance, unit: "S", initializer: "g_initializer", doc: "synaptic conductance"),
                 NeuronModels.spike],
        options: [NeuronModels.spkReset],
        doc: "LIF with an exponential synaptic conductance g driving g*(E - V); delta inputs (conductances) are added to g",
        deltaDimension: .conductance)

    static var stateNames: [String] { ["V", "g"] }
    static var constantCount: Int { 9 }

    // Constants: R, τ, V_th, V_reset, V_rest, 1/(V_th − V_reset), dt·exprel(−dt/τ_syn), τ_syn
    // (τ and τ_syn divide, as in brainpy), E.
    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("R"), p("tau"), p("V_th"), p("V_reset"), p("V_rest"), 1 / (p("V_th") - p("V_reset")),
                dt * Double.exprel(-dt / p("tau_syn")), p("tau_syn"), p("E")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[2], k[5])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness, D: SynapticDrive>(
        _ s: inout StateLanes<F>, _ k: ConstantLanes<F>, _ input: KernelInputs<F, D>, _: R.Type
    ) -> LaneMask<F> where D.F == F {
        let (v, g) = (s[0], s[1])
        let spike = Kernel.indicator(Kernel.above(v, k[2], k[5]), F.self)
        let vr = Kernel.pendingReset(v, spike: spike, threshold: k[2], reset: k[3],
                                      hard: input.hardReset)
        let g1 = F.fma(g, k[6], (Lanes<F>(repeating: 0) - g) / k[7]) + input.delta
        let (current, conductance) = input.current(at: vr)
        let f = F.fma(k[4] - vr, k[0], g1 * (k[8] - vr) + current) / k[1]
        let jac = F.fma(Lanes(repeating: -1), -k[0], g1 + conductance) / k[1]
        let v1 = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt)
        s[0] = v1
        s[1] = g1
        return Kernel.above(v1, k[2], k[5])
    }
}
