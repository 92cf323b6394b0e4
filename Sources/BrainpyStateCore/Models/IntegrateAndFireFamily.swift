/// The rest of brainpy.state's integrate-and-fire family on the generic kernels (spec neurons §6–§7):
/// ExpIF(Ref), QuaIF, AdQuaIF(Ref), Gif(Ref), CubaLIF, CobaLIF, Izhikevich(Ref).
enum IntegrateAndFireFamily {
    /// Catalogue entries of the models in this file.
    static let specs: [ModelSpec] = []

    /// The compiled population for `desc` if its model is one of this file's, else nil.
    static func make<F: SimFloat>(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena,
                                  rng: Philox, as _: F.Type) throws(EngineError) -> (any NeuronGroup<F>, NeuronKernels.Update<F>)? {
        switch desc.spec.name {
        default: return nil
        }
    }
}
