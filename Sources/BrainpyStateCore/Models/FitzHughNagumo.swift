/// brainpy.state.FitzHughNagumo (spec neurons §8.4; reduced.py decides). Dimensionless V, w and input:
///   V′ = EE(V; (v − v³/3 − w_old + I)/τ, J = (1 − v²)/τ) + Σdelta,  I = I(V_old)
///   w′ = EE(w; (V_old + a − b·w)/τ_w, J = −b/τ_w)   (constant J: its factor dt·exprel(dt·J) is a constant)
enum FitzHughNagumoModel: NeuronModel {
    static let spec = ModelSpec(
        name: "FitzHughNagumo", role: .neuron,
        params: [ParamSpec("a", .one, default: 0.7, unit: "", doc: "recovery offset"),
                 ParamSpec("b", .one, default: 0.8, unit: "", doc: "recovery coupling"),
                 ParamSpec("tau", .time, default: 1, unit: "ms", .positive, doc: "fast (voltage) time constant"),
                 ParamSpec("tau_w", .time, default: 12.5, unit: "ms", .positive, doc: "slow (recovery) time constant"),
                 ParamSpec("V_th", .one, default: 1, unit: "", doc: "threshold of the rising-edge spike"),
                 ParamSpec("V_initializer", .one, default: -1.2, unit: "", initializer: true, doc: "initial V"),
                 ParamSpec("w_initializer", .one, default: -0.62, unit: "", initializer: true, doc: "initial w")],
        states: [StateSpec("V", .one, initializer: "V_initializer", doc: "fast, voltage-like variable"),
                 StateSpec("w", .one, initializer: "w_initializer", doc: "slow recovery variable"),
                 ConductanceModels.spike],
        options: [ConductanceModels.spkReset],
        doc: "FitzHugh-Nagumo excitable model (dimensionless; no reset, rising-edge spikes)",
        inputDimension: .one, deltaDimension: .one)

    static var stateNames: [String] { ["V", "w"] }
    static var constantCount: Int { 7 }

    // Constants: a, b, 1/τ, 1/τ_w, dt·exprel(−dt·b/τ_w), V_th, 1/V_th.
    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("a"), p("b"), 1 / p("tau"), 1 / p("tau_w"), dt * Double.exprel(-dt * p("b") / p("tau_w")),
                p("V_th"), 1 / p("V_th")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[5], k[6])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness>(_ s: inout StateLanes<F>, _ k: ConstantLanes<F>,
                                                     _ input: KernelInputs<F>, _: R.Type) -> LaneMask<F> {
        let (v, w) = (s[0], s[1])
        let current = ConductanceModels.current(input, at: v)
        let v2 = v * v
        let f = ((v - v2 * v * (1.0 / 3)) - w + current) * k[2]
        let jac = (1 - v2) * k[2]
        let v1 = Kernel.expEuler(v, drift: f, jacobian: jac, dt: input.dt) + input.delta
        s[0] = v1
        s[1] = F.fma(w, k[4], (v + k[0] - k[1] * w) * k[3])
        return ConductanceModels.risingEdge(new: v1, old: v, threshold: k[5], inverse: k[6])
    }
}
