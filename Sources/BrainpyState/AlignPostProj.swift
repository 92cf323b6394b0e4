/// `brainpy.state.AlignPostProj`: spikes of `pre` pass through `comm` into a synapse `syn` aligned
/// with the post population, whose output `out` becomes a current of `post`. Projections onto the
/// same post with equal syn and out (and label) share one synapse state, as brainpy.state merges them.
public struct AlignPostProj {
    public var pre: PopulationSlice
    public var comm: any CommModel
    public var syn: any SynapseModel
    public var out: any OutputModel
    public var post: Population
    /// Axonal delay applied to the spikes before comm (a whole number of steps); nil = none.
    public var delay: Time?
    /// Merge label as in brainpy.state.
    public var label: String?

    public init(pre: some PopulationView, comm: some CommModel, syn: some SynapseModel, out: some OutputModel,
                post: Population, delay: Time? = nil, label: String? = nil) {
        self.pre = PopulationSlice(population: pre.population, range: pre.range)
        self.comm = comm
        self.syn = syn
        self.out = out
        self.post = post
        self.delay = delay
        self.label = label
    }
}
