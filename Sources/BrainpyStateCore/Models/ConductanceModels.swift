/// brainpy.state's conductance-based and reduced neurons on the generic kernels (spec neurons §8):
/// HH, WangBuzsakiHH, MorrisLecar, FitzHughNagumo, HindmarshRose.
enum ConductanceModels {
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
