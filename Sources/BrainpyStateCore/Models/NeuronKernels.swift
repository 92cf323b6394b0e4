/// Which compiled population runs which neuron model. Every case binds the population's update to its
/// concrete type here, so the step loop calls specialised code without dynamic dispatch.
enum NeuronKernels {
    typealias Update<F> = (F, F, Int) -> Void

    static func make<F: SimFloat>(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena,
                                  rng: Philox, as _: F.Type) throws(EngineError) -> (any NeuronGroup<F>, Update<F>) {
        switch desc.spec.name {
        case "IF", "LIF", "LIFRef":
            let pop = try LIFPopulation<F>(desc, threads: threads, arena: arena, rng: rng)
            return (pop, { pop.update(t: $0, dt: $1, tile: $2) })
        case "ALIF": return try model(ALIFModel.self, WithoutRefractory.self, desc, dt, threads, arena, rng)
        case "AdExIF": return try model(AdExIFModel.self, WithoutRefractory.self, desc, dt, threads, arena, rng)
        case "AdExIFRef": return try model(AdExIFModel.self, WithRefractory.self, desc, dt, threads, arena, rng)
        default:
            if let made = try IntegrateAndFireFamily.make(desc, dt: dt, threads: threads, arena: arena, rng: rng, as: F.self) {
                return made
            }
            if let made = try ConductanceModels.make(desc, dt: dt, threads: threads, arena: arena, rng: rng, as: F.self) {
                return made
            }
            throw EngineError(.internal, "no kernel for model \(desc.spec.name)")
        }
    }

    /// A ModelPopulation of model M (refractory variant Ref) and its bound update.
    static func model<M: NeuronModel, Ref: Refractoriness, F: SimFloat>(
        _: M.Type, _: Ref.Type, _ desc: PopulationDescription, _ dt: Double, _ threads: Int, _ arena: Arena,
        _ rng: Philox
    ) throws(EngineError) -> (any NeuronGroup<F>, Update<F>) {
        let pop = try ModelPopulation<M, Ref, F>(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        return (pop, { pop.update(t: $0, dt: $1, tile: $2) })
    }
}
