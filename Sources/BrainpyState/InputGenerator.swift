import CBrainpyState

/// An input generator of brainpy.state (inputs.py): in the engine a population of its own, created
/// by `Network.add` and then bound to the population it drives (`addCurrentInput(_:_:)` with a
/// generator) or used as the `pre` of a projection (the spike generators). It runs at the start of
/// every step, so what it produces at step i is used at step i, as brainpy's `N(gen())` does.
public protocol InputGenerator: ModelDescription {
    /// Number of elements (brainpy's `in_size`); a value generator of size 1 drives every neuron.
    var size: Int { get }
}

extension Network {
    /// Add an input generator (`bps_population_new`, then one call per setting). Its `output` (value
    /// generators) or `spike` (spike generators) state can be read and monitored like any state.
    @discardableResult
    public func add(_ generator: some InputGenerator) throws -> Population {
        var id: Int32 = -1
        try check(bps_population_new(unsafeHandle, generator.modelName, Int64(generator.size), &id))
        for setting in generator.settings {
            try setting.apply(to: .population(unsafeHandle, id))
        }
        return Population(network: self, id: id, size: generator.size)
    }
}

extension Population {
    /// brainpy.state's `N.add_current_input(key, generator)`: every step the value generator's output
    /// (`bps_population_add_current_source`) is added to this population's input x. The generator's
    /// amplitudes must be in the dimension of the model's input (a current for the IF family); the
    /// engine checks it. Before compile.
    public func addCurrentInput(_ key: String, _ generator: Population) throws {
        guard generator.network === network else {
            throw BrainpyStateError(status: .invalidArgument, message: "population \(generator.id) belongs to another network")
        }
        try check(bps_population_add_current_source(handle, id, key, generator.id))
    }
}

extension StateKey {
    /// What a value generator produced this step (in its amplitudes' dimension), or the K·weight a
    /// PoissonInput added (in its target state's dimension).
    public static var output: Self { Self("output") }
    /// OUProcessInput's process (starts at its mean).
    public static var x: Self { Self("x") }
}
