import CBrainpyState

/// brainstate's `module.prefetch('V')`: a state of a population, the target of a PoissonInput.
public struct Prefetch<D: PhysicalDimension> {
    public let population: Population
    public let state: StateKey<D>
}

extension Population {
    /// A reference to one of this population's states (`N.prefetch(.V)`).
    public func prefetch<D>(_ state: StateKey<D>) -> Prefetch<D> { Prefetch(population: self, state: state) }
}

/// `brainpy.state.PoissonInput(target, indices, num_input, freq, weight)`: the summed effect of
/// `num_input` Poisson sources of rate `freq`, each spike adding `weight`, added to the target state
/// every step just before its population updates: K ~ Binomial(N, 1 − exp(−freq·dt)), or its normal
/// approximation max(round(N(a, √(b·p))), 0) when a = N·p > 5 and b = N·(1 − p) > 5, as brainpy.
/// `indices` nil drives every element; repeated indices add up. The weight's dimension is the state's.
/// Like a projection it names populations of one network, so it is added with `Network.add`.
public struct PoissonInput<D: PhysicalDimension> {
    public var target: Prefetch<D>
    public var indices: [Int]?
    public var num_input: Int
    public var freq: Frequency
    public var weight: Parameter<D>

    public init(target: Prefetch<D>, indices: [Int]? = nil, num_input: Int, freq: Frequency,
                weight: some ParameterSource<D>) {
        self.target = target
        self.indices = indices
        self.num_input = num_input
        self.freq = freq
        self.weight = weight.parameter
    }

    /// One generator element per driven element.
    public var size: Int { indices?.count ?? target.population.size }

    var settings: [ModelSetting] {
        [.parameter("num_input", Quantity(Double(num_input), .one)), .parameter("freq", freq), .parameter("weight", weight)]
    }
}

extension Network {
    /// Add a PoissonInput and bind it to its target (`bps_population_add_state_source`). If the
    /// binding is refused (a weight in the wrong unit, a bad index), the error is thrown and the
    /// unbound generator left in the network does nothing.
    @discardableResult
    public func add<D>(_ input: PoissonInput<D>) throws -> Population {
        let target = input.target.population
        try requireMember(target)
        guard input.num_input >= 0 else {
            throw BrainpyStateError(status: .invalidArgument, message: "PoissonInput: num_input must be >= 0, got \(input.num_input)")
        }
        if let indices = input.indices, let bad = indices.first(where: { $0 < 0 || $0 >= target.size }) {
            throw BrainpyStateError(status: .outOfRange,
                                    message: "PoissonInput index \(bad) is outside population \(target.id) of size \(target.size)")
        }
        var id: Int32 = -1
        try check(bps_population_new(unsafeHandle, "PoissonInput", Int64(input.size), &id))
        for setting in input.settings {
            try setting.apply(to: .population(unsafeHandle, id))
        }
        if let indices = input.indices {
            let wide = indices.map(Int64.init)
            try check(bps_population_add_state_source(unsafeHandle, target.id, input.target.state.name, id, wide,
                                                      Int64(wide.count)))
        } else {
            try check(bps_population_add_state_source(unsafeHandle, target.id, input.target.state.name, id, nil, 0))
        }
        return Population(network: self, id: id, size: input.size)
    }
}
