/// brainpy.state.Izhikevich and IzhikevichRef (spec neurons §7). Input x is in mV/ms.
///   s = H((V − V_th)/V_th); V_r = c where s else V (a selection: spk_reset is accepted and ignored);
///   u_r = u + d·s
///   V_c = EE(V_r; p1·v² + p2·v + p3 − u_r + I(v)) + Σdelta,  J = 2·p1·v + p2 + I′(v)
///   u_c = EE(u_r; a·(b·V_c − u))                               (the new V, delta included)
///   IzhikevichRef: hold (V_r, u_r) while t − last_spike_time < τ_ref (default 0: never);
///   last_spike_time = t where V' ≥ V_th.
/// p1 = 0.04 /(ms·mV), p2 = 5 /ms, p3 = 140 mV/ms are brainpy's fixed constants (internal units).
/// u starts at 0, not b·V₀ as in Izhikevich's paper.
enum IzhikevichModel: NeuronModel {
    static let voltagePerTime = Dimension(time: -1, voltage: 1)

    static let params: [ParamSpec] = [
        ParamSpec("a", .frequency, default: 0.02, unit: "1/ms", doc: "recovery rate of u"),
        ParamSpec("b", .frequency, default: 0.2, unit: "1/ms", doc: "sensitivity of u to V"),
        ParamSpec("c", .voltage, default: -65, unit: "mV", doc: "after-spike reset value of V"),
        ParamSpec("d", voltagePerTime, default: 8, unit: "mV/ms", doc: "after-spike increment of u"),
        ParamSpec("V_th", .voltage, default: 30, unit: "mV", doc: "spike threshold"),
        ParamSpec("V_initializer", .voltage, default: -65, unit: "mV", initializer: true, doc: "initial membrane potential"),
        ParamSpec("u_initializer", voltagePerTime, default: 0, unit: "mV/ms", initializer: true, doc: "initial recovery variable"),
    ]
    static let u = StateSpec("u", voltagePerTime, unit: "mV/ms", initializer: "u_initializer", doc: "recovery variable")
    static let spike = StateSpec("spike", .one, writable: false,
                                 doc: "get_spike() of the stored V: 1 where (V - V_th)/V_th >= 0")
    static let spkReset = OptionSpec(name: "spk_reset", allowed: ["soft", "hard"], defaultValue: "hard",
                                     doc: "accepted for brainpy compatibility and ignored: V is always reset to c")

    static let spec = ModelSpec(
        name: "Izhikevich", role: .neuron, params: params, states: [NeuronModels.V, u, spike],
        options: [spkReset], doc: "Izhikevich's quadratic model with recovery variable u; input in mV/ms",
        inputDimension: voltagePerTime)
    static let refSpec = ModelSpec(
        name: "IzhikevichRef", role: .neuron,
        params: Array(params[0..<5]) + [NeuronModels.tauRef(0)] + Array(params[5...]),
        states: [NeuronModels.V, u] + NeuronModels.refractoryStates + [spike],
        options: [spkReset, NeuronModels.refVar],
        doc: "Izhikevich holding V and u at their reset values for tau_ref after a spike; input in mV/ms",
        inputDimension: voltagePerTime)

    static var stateNames: [String] { ["V", "u"] }
    static var constantCount: Int { 8 }

    // Constants: a, b, c, d, V_th, 1/V_th, dt·exprel(−dt·a), τ_ref (Ref only).
    static func constants(_ p: (String) -> Double) -> [Double] {
        let dt = p("dt")
        return [p("a"), p("b"), p("c"), p("d"), p("V_th"), 1 / p("V_th"), dt * Double.exprel(-dt * p("a")), p("tau_ref")]
    }

    @inline(__always)
    static func spiking<F: SimFloat>(_ s: StateLanes<F>, _ k: ConstantLanes<F>) -> LaneMask<F> {
        Kernel.above(s[0], k[4], k[5])
    }

    @inline(__always)
    static func step<F: SimFloat, R: Refractoriness>(_ s: inout StateLanes<F>, _ k: ConstantLanes<F>,
                                                     _ input: KernelInputs<F>, _: R.Type) -> LaneMask<F> {
        let (v, u) = (s[0], s[1])
        let fired = Kernel.above(v, k[4], k[5])
        let vr = F.lanes(v, replacedBy: k[2], where: fired)
        let ur = F.fma(u, k[3], Kernel.indicator(fired, F.self))
        let (p1, p2, p3) = (Lanes<F>(repeating: 0.04), Lanes<F>(repeating: 5), Lanes<F>(repeating: 140))
        let current = (input.x + input.i) + F.fma(input.gE, -input.g, vr)
        // The contractions XLA makes in brainpy's float32 code (p2·v + p1·v·v and 2·p1·v + p2 each one
        // fused multiply-add): the same rounding keeps the amplifying upswings closest to the reference.
        let f = ((F.fma(p1 * vr * vr, p2, vr) + p3) - ur) + current
        let jac = F.fma(p2, p1 * 2, vr) - input.g
        let vc = Kernel.expEuler(vr, drift: f, jacobian: jac, dt: input.dt) + input.delta
        let uc = F.fma(ur, k[6], k[0] * F.fma(Lanes<F>(repeating: 0) - ur, k[1], vc))
        if R.enabled {
            let held = Kernel.held(s, at: 2, input.t, k[7])
            let vNew = F.lanes(vc, replacedBy: vr, where: held)
            s[0] = vNew
            s[1] = F.lanes(uc, replacedBy: ur, where: held)
            Kernel.recordSpikes(&s, at: 2, held: held, fired: F.lanes(vNew, greaterOrEqual: k[4]), input.t)
            return Kernel.above(vNew, k[4], k[5])
        }
        s[0] = vc
        s[1] = uc
        return Kernel.above(vc, k[4], k[5])
    }
}
