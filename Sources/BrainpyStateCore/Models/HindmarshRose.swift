/// brainpy.state.HindmarshRose (spec neurons §8.5; reduced.py decides). Dimensionless V, y, z and input:
///   V′ = EE(V; (y_old − a·v³ + b·v² − z_old + I)/τ, J = (−3a·v² + 2b·v)/τ) + Σdelta,  I = I(V_old)
///   y′ = EE(y; (c − d·V_old² − y)/τ, J = −1/τ)
///   z′ = EE(z; r·(s·(V_old − V_r) − z)/τ, J = −r/τ)
/// y's and z's Jacobians are constant, so their factors dt·exprel(dt·J) are constants.
enum HindmarshRoseModel: NeuronModel {
    static let spec = ModelSpec(
        name: "HindmarshRose", role: .neuron,
        params: [ParamSpec("a", .one, default: 1, unit: "", doc: "cubic coefficient"),
                 ParamSpec("b", .one, default: 3, unit: "", doc: "quadratic coefficient"),
                 ParamSpec("c", .one, default: 1, unit: "", doc: "recovery offset"),
                 ParamSpec("d", .one, default: 5, unit: "", doc: "recovery coupling"),
                 ParamSpec("r", .one, default: 0.006, unit: "", doc: "rate of the slow adaptation variable"),
                 ParamSpec("s", .one, default: 4, unit: "", doc: "adaptation coupling"),
                 ParamSpec("V_r", .one, default: -1.6, unit: "", doc: "resting value of V in the adaptation equation"),
                 ParamSpec("tau", .time, default: 1, unit: "ms", .positive, doc: "time constant of all three variables"),
                 ParamSpec("V_th", .one, default: 1, unit: "", doc: "threshold of the rising-edge spike"),
                 ParamSpec("V_initializer", .one, default: -1.6, unit: "", initializer: true, doc: "initial V"),
                 ParamSpec("y_initializer", .one, default: -10, unit: "", initializer: true, doc: "initial y"),
                 ParamSpec("z_initializer", .one, default: 0, unit: "", initializer: true, doc: "initial z")],
        states: [StateSpec("V", .one, initializer: "V_initializer", doc: "fast, voltage-like variable (x)"),
                 StateSpec("y", .one, initializer: "y_initializer", doc: "fast recovery variable"),
                 StateSpec("z", .one, initializer: "z_initializer", doc: "slow adaptation variable"),
                 ConductanceModels.spike],
        options: [ConductanceModels.spkReset],
        doc: "Hindmarsh-Rose bursting model (dimensionless; no reset, rising-edge spikes)",
        inputDimension: .one, deltaDimension: .one)

    static var stateNames: [String] { ["V", "y", "z"] }
    static var constantCount: Int { 12 }

    // Constants: a, b, c, d, r, s, V_r, 1/τ, dt·exprel(−dt/τ), dt·exprel(−dt·r/τ), V_th, 1/V_th.
    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("a"), p("b"), p("c"), p("d"), p("r"), p("s"), p("V_r"), 1 / p("tau"),
                dt * Double.exprel(-dt / p("tau")), dt * Double.exprel(-dt * p("r") / p("tau")),
                p("V_th"), 1 / p("V_th")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[10], k[11])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness>(_ s: inout StateLanes<F>, _ k: ConstantLanes<F>,
                                                     _ input: KernelInputs<F>, _: R.Type) -> LaneMask<F> {
        let (v, y, z) = (s[0], s[1], s[2])
        let current = ConductanceModels.current(input, at: v)
        let v2 = v * v
        let f = (y - k[0] * (v2 * v) + k[1] * v2 - z + current) * k[7]
        let jac = (k[1] * v * 2 - k[0] * v2 * 3) * k[7]
        let v1 = Kernel.expEuler(v, drift: f, jacobian: jac, dt: input.dt) + input.delta
        s[0] = v1
        s[1] = F.fma(y, k[8], (k[2] - k[3] * v2 - y) * k[7])
        s[2] = F.fma(z, k[9], k[4] * (k[5] * (v - k[6]) - z) * k[7])
        return ConductanceModels.risingEdge(new: v1, old: v, threshold: k[10], inverse: k[11])
    }
}
