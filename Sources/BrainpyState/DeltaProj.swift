/// `brainpy.state.DeltaProj`: the comm output (a voltage: give the comm a weight in mV) is added to
/// the post neurons' V right after their integration, as brainpy's delta inputs.
public struct DeltaProj {
    public var pre: PopulationSlice
    public var comm: any CommModel
    public var post: Population
    /// Axonal delay applied to the spikes before comm (a whole number of steps); nil = none.
    public var delay: Time?
    /// Merge label as in brainpy.state.
    public var label: String?

    public init(pre: some PopulationView, comm: some CommModel, post: Population, delay: Time? = nil,
                label: String? = nil) {
        self.pre = PopulationSlice(population: pre.population, range: pre.range)
        self.comm = comm
        self.post = post
        self.delay = delay
        self.label = label
    }
}
