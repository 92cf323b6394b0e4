/// `brainpy.state.CurrentProj`: the comm output of this step is bound to `out` directly, with no
/// synapse dynamics (a conductance for COBA, a current scale for CUBA). `Projection.state("g")` reads it.
public struct CurrentProj {
    public var pre: PopulationSlice
    public var comm: any CommModel
    public var out: any OutputModel
    public var post: Population
    /// Axonal delay applied to the spikes before comm (a whole number of steps); nil = none.
    public var delay: Time?

    public init(pre: some PopulationView, comm: some CommModel, out: some OutputModel, post: Population,
                delay: Time? = nil) {
        self.pre = PopulationSlice(population: pre.population, range: pre.range)
        self.comm = comm
        self.out = out
        self.post = post
        self.delay = delay
    }
}
