/// `brainpy.state.AlignPostProj`: spikes of `pre` (through the plasticity module `stp`, if any, and
/// the delay) pass through `comm` into a synapse `syn` aligned with the post population, whose output
/// `out` becomes a current of `post`. Projections onto the same post with equal syn and out (and label)
/// share one synapse state, as brainpy.state merges them. brainpy's positional modules are `stp`.
public struct AlignPostProj {
    public var pre: PopulationSlice
    public var stp: (any PlasticityModel)?
    public var comm: any CommModel
    public var syn: any SynapseModel
    public var out: any OutputModel
    public var post: Population
    /// Axonal delay of the input of comm: one time, or one per presynaptic neuron; a fraction of dt
    /// splits the input between two steps (brainpy's InputDelay). nil = none.
    public var delay: Parameter<TimeDimension>?
    /// Merge label as in brainpy.state.
    public var label: String?

    public init(pre: some PopulationView, stp: (any PlasticityModel)? = nil, comm: some CommModel,
                syn: some SynapseModel, out: some OutputModel, post: Population,
                delay: (any ParameterSource<TimeDimension>)? = nil, label: String? = nil) {
        self.pre = PopulationSlice(population: pre.population, range: pre.range)
        self.stp = stp
        self.comm = comm
        self.syn = syn
        self.out = out
        self.post = post
        self.delay = delay?.parameter
        self.label = label
    }
}

/// `brainpy.state.align_post_projection`: an AlignPostProj whose plasticity module is given by keyword
/// (brainpy's wrapper; its 2.9.0 implementation fails with any stp, spec synapses §5.7, so this is its
/// intended semantics).
public struct align_post_projection {
    /// The projection it stands for.
    public var projection: AlignPostProj

    public init(_ pre: some PopulationView, comm: some CommModel, syn: some SynapseModel, out: some OutputModel,
                post: Population, stp: (any PlasticityModel)? = nil) {
        projection = AlignPostProj(pre: pre, stp: stp, comm: comm, syn: syn, out: out, post: post)
    }
}

/// `brainpy.state.align_pre_projection` with its intended semantics (the 2.9.0 wrapper fails for most
/// inputs, spec synapses §5.7): the presynaptic spikes (through `stp`, if any) drive `syn`, one state
/// per presynaptic neuron (Expon, DualExpon, Alpha, AMPA, GABAa, BioNMDA); a value-weighted `comm`
/// (FixedNumConn, Linear, SparseLinear, AllToAll, OneToOne, EventLinear with floatAsEvent false) weights
/// its output, which is bound to `out` as in a CurrentProj. The spikes of step n−1 update syn at step n
/// and the post neurons feel it in the same step. Synapse states have one value per presynaptic neuron.
public struct align_pre_projection {
    public var pre: PopulationSlice
    public var syn: any SynapseModel
    public var comm: any CommModel
    public var out: any OutputModel
    public var post: Population
    public var stp: (any PlasticityModel)?

    public init(_ pre: some PopulationView, syn: some SynapseModel, comm: some CommModel, out: some OutputModel,
                post: Population, stp: (any PlasticityModel)? = nil) {
        self.pre = PopulationSlice(population: pre.population, range: pre.range)
        self.syn = syn
        self.comm = comm
        self.out = out
        self.post = post
        self.stp = stp
    }
}
