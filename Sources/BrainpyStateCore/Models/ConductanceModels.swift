/// brainpy.state's conductance-based and reduced neurons on the generic kernels (spec neurons §4.3, §8):
/// HH, WangBuzsakiHH, MorrisLecar, FitzHughNagumo, HindmarshRose. None of them resets: every variable
/// takes one exponential-Euler step from the old values (Jacobi), the input is evaluated once at the
/// old V (a COBA drive adds i + gE − g·V_old, outside the linearisation), delta inputs are added to V
/// afterwards, and a step returns the rising edge H(scaled V′)·(1 − H(scaled V_old)).
///
/// The `spike` state: after a step it is what update() returned (the rising edge); after init or a
/// state write it is brainpy's get_spike() of the stored V, H((V − V_th)/V_th), the level: brainpy's
/// get_spike() for these models never looks at the previous V, so no extra state is kept.
enum ConductanceModels {
    /// Catalogue entries of the models in this file.
    static let specs: [ModelSpec] = [HHModel.spec, WangBuzsakiHHModel.spec, MorrisLecarModel.spec,
                                     FitzHughNagumoModel.spec, HindmarshRoseModel.spec]

    /// The compiled population for `desc` if its model is one of this file's, else nil.
    static func make<F: SimFloat>(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena,
                                  rng: Philox, as _: F.Type) throws(EngineError) -> (any NeuronGroup<F>, NeuronKernels.Update<F>)? {
        switch desc.spec.name {
        case "HH":
            return try NeuronKernels.model(HHModel.self, WithoutRefractory.self, desc, dt, threads, arena, rng)
        case "WangBuzsakiHH":
            return try NeuronKernels.model(WangBuzsakiHHModel.self, WithoutRefractory.self, desc, dt, threads, arena, rng)
        case "MorrisLecar":
            return try NeuronKernels.model(MorrisLecarModel.self, WithoutRefractory.self, desc, dt, threads, arena, rng)
        case "FitzHughNagumo":
            return try NeuronKernels.model(FitzHughNagumoModel.self, WithoutRefractory.self, desc, dt, threads, arena, rng)
        case "HindmarshRose":
            return try NeuronKernels.model(HindmarshRoseModel.self, WithoutRefractory.self, desc, dt, threads, arena, rng)
        default: return nil
        }
    }

    /// brainpy's Neuron base validates spk_reset ('soft' | 'hard') for these models too, then ignores it.
    static let spkReset = OptionSpec(name: "spk_reset", allowed: ["soft", "hard"], defaultValue: "soft",
                                     doc: "accepted and validated as in brainpy.state; unused (the model does not reset)")

    static let spike = StateSpec("spike", .one, writable: false,
                                 doc: "after a step: the rising edge update() returned; after init or a write: "
                                    + "get_spike() of the stored V, 1 where (V - V_th)/V_th >= 0")

    /// brainpy.state's default V_initializer of HH and MorrisLecar: Uniform(−70 mV, −60 mV), drawn per
    /// neuron from the engine's counter-based generator (the numbers differ from JAX's draw).
    static let uniformV = ParamSpec("V_initializer", .voltage, default: nil, unit: "mV", initializer: true,
                                    defaultDraw: (.uniform, [-70, -60]),
                                    doc: "initial membrane potential; default Uniform(-70 mV, -60 mV), drawn per neuron")

    /// The rising edge: V′ at or above threshold (scaled by 1/V_th) while V_old was below.
    @inline(__always)
    static func risingEdge<F: SimFloat>(new v1: Lanes<F>, old v: Lanes<F>, threshold: Lanes<F>,
                                        inverse: Lanes<F>) -> LaneMask<F> {
        Kernel.above(v1, threshold, inverse) .& F.lanes((v - threshold) * inverse, less: Lanes(repeating: 0))
    }

    /// The input evaluated once at the old V: x + i + gE − g·V_old.
    @inline(__always)
    static func current<F: SimFloat>(_ input: KernelInputs<F>, at v: Lanes<F>) -> Lanes<F> {
        (input.x + input.i) + F.fma(input.gE, -input.g, v)
    }
}
