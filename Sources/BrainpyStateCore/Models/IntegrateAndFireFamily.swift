/// The rest of brainpy.state's integrate-and-fire family on the generic kernels (spec neurons §6–§7):
/// ExpIF(Ref), QuaIF, AdQuaIF(Ref), Gif(Ref), CubaLIF, CobaLIF, Izhikevich(Ref). One file per model;
/// this one registers them and holds what their refractory variants share.
enum IntegrateAndFireFamily {
    /// Catalogue entries of the models in this family.
    static let specs: [ModelSpec] = [
        ExpIFModel.spec, ExpIFModel.refSpec, QuaIFModel.spec, AdQuaIFModel.spec, AdQuaIFModel.refSpec,
        GifModel.spec, GifModel.refSpec, CubaLIFModel.spec, CobaLIFModel.spec,
        IzhikevichModel.spec, IzhikevichModel.refSpec,
    ]

    /// The compiled population for `desc` if its model is one of this family's, else nil.
    static func make<F: SimFloat>(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena,
                                  rng: Philox, as _: F.Type) throws(EngineError) -> (any NeuronGroup<F>, NeuronKernels.Update<F>)? {
        typealias K = NeuronKernels
        let (no, yes) = (WithoutRefractory.self, WithRefractory.self)
        switch desc.spec.name {
        case "ExpIF": return try K.model(ExpIFModel.self, no, desc, dt, threads, arena, rng)
        case "ExpIFRef": return try K.model(ExpIFModel.self, yes, desc, dt, threads, arena, rng)
        case "QuaIF": return try K.model(QuaIFModel.self, no, desc, dt, threads, arena, rng)
        case "AdQuaIF": return try K.model(AdQuaIFModel.self, no, desc, dt, threads, arena, rng)
        case "AdQuaIFRef": return try K.model(AdQuaIFModel.self, yes, desc, dt, threads, arena, rng)
        case "Gif": return try K.model(GifModel.self, no, desc, dt, threads, arena, rng)
        case "GifRef": return try K.model(GifModel.self, yes, desc, dt, threads, arena, rng)
        case "CubaLIF": return try K.model(CubaLIFModel.self, no, desc, dt, threads, arena, rng)
        case "CobaLIF": return try K.model(CobaLIFModel.self, no, desc, dt, threads, arena, rng)
        case "Izhikevich": return try K.model(IzhikevichModel.self, no, desc, dt, threads, arena, rng)
        case "IzhikevichRef": return try K.model(IzhikevichModel.self, yes, desc, dt, threads, arena, rng)
        default: return nil
        }
    }

    /// The quadratic models' parameters (QuaIF, AdQuaIF): brainpy.state's defaults.
    static let V_c = ParamSpec("V_c", .voltage, default: -50, unit: "mV", doc: "critical voltage of the quadratic term")
    static let c = ParamSpec("c", Dimension(voltage: -1), default: 0.07, unit: "1/mV", doc: "slope of the quadratic term")
    /// V_th / V_reset / V_rest / tau of the exponential and quadratic models (the LIF defaults differ).
    static let tau10 = ParamSpec("tau", .time, default: 10, unit: "ms", .positive, doc: "membrane time constant")
    static let V_th30 = ParamSpec("V_th", .voltage, default: -30, unit: "mV", doc: "spike threshold")
    static let V_reset68 = ParamSpec("V_reset", .voltage, default: -68, unit: "mV", doc: "reset potential")
    static let V_rest65 = ParamSpec("V_rest", .voltage, default: -65, unit: "mV", doc: "resting potential")
    static let V_init65 = ParamSpec("V_initializer", .voltage, default: -65, unit: "mV", initializer: true,
                                    doc: "initial membrane potential")
}

extension Kernel {
    /// brainpy's refractory test (spec §4.2) on the last_spike_time stored at `index` before this step:
    /// (t − last_spike_time) < τ_ref, one rounding of the subtraction as in the reference.
    @inline(__always)
    static func held<F: SimFloat>(_ s: StateLanes<F>, at index: Int, _ t: Lanes<F>, _ tauRef: Lanes<F>) -> LaneMask<F> {
        F.lanes(t - s[index], less: tauRef)
    }

    /// After the hold: last_spike_time = t where the stored V reached the (raw) threshold, and the
    /// `refractory` state (at index + 1) = held OR fired — brainpy's ref_var state, kept always.
    @inline(__always)
    static func recordSpikes<F: SimFloat>(_ s: inout StateLanes<F>, at index: Int, held: LaneMask<F>,
                                          fired: LaneMask<F>, _ t: Lanes<F>) {
        s[index] = F.lanes(s[index], replacedBy: t, where: fired)
        s[index + 1] = F.lanes(indicator(held, F.self), replacedBy: Lanes(repeating: 1), where: fired)
    }
}
