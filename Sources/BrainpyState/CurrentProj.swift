/// `brainpy.state.CurrentProj`: the comm output of this step is bound to `out` directly, with no
/// synapse dynamics (a conductance for COBA, a current scale for CUBA). `Projection.state(.g)` reads it.
public struct CurrentProj {
    public var pre: PopulationSlice
    /// A plasticity module before comm (brainpy requires a Prefetch there; an extension here).
    public var stp: (any PlasticityModel)?
    public var comm: any CommModel
    public var out: any OutputModel
    public var post: Population
    /// Axonal delay of the input of comm (one time, or one per presynaptic neuron); nil = none.
    public var delay: Parameter<TimeDimension>?

    public init(pre: some PopulationView, stp: (any PlasticityModel)? = nil, comm: some CommModel,
                out: some OutputModel, post: Population, delay: (any ParameterSource<TimeDimension>)? = nil) {
        self.pre = PopulationSlice(population: pre.population, range: pre.range)
        self.stp = stp
        self.comm = comm
        self.out = out
        self.post = post
        self.delay = delay?.parameter
    }
}
