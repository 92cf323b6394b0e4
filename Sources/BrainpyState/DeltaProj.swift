/// `brainpy.state.DeltaProj`: the comm output (a voltage: give the comm a weight in mV) is added to
/// the post neurons' V right after their integration, as brainpy's delta inputs. brainpy's positional
/// modules are `stp`.
public struct DeltaProj {
    public var pre: PopulationSlice
    public var stp: (any PlasticityModel)?
    public var comm: any CommModel
    public var post: Population
    /// Axonal delay of the input of comm (one time, or one per presynaptic neuron); nil = none.
    public var delay: Parameter<TimeDimension>?
    /// Merge label as in brainpy.state.
    public var label: String?

    public init(pre: some PopulationView, stp: (any PlasticityModel)? = nil, comm: some CommModel, post: Population,
                delay: (any ParameterSource<TimeDimension>)? = nil, label: String? = nil) {
        self.pre = PopulationSlice(population: pre.population, range: pre.range)
        self.stp = stp
        self.comm = comm
        self.post = post
        self.delay = delay?.parameter
        self.label = label
    }
}
