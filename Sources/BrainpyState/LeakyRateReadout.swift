import CBrainpyState

/// `brainpy.state.LeakyRateReadout(in_size, out_size, tau=5 ms, w_init=KaimingNormal())`:
/// r = exp(−dt/tau)·r + x @ W, one population of `out_size` readouts whose input x is the spikes its
/// source emits in the same step (brainpy's `readout(N(x))`; bind it with `setSpikeSource(_:)`).
/// `w_init` is the (in_size, out_size) matrix in row-major order or an initializer; nil keeps
/// brainpy's KaimingNormal(): Normal(0, √(2/in_size)), drawn by the engine's generator at compile.
public struct LeakyRateReadout: ModelDescription {
    public var in_size: Int
    public var out_size: Int
    public var tau: Parameter<TimeDimension>?
    public var w_init: Parameter<Dimensionless>?

    public init(_ in_size: Int, _ out_size: Int, tau: (any ParameterSource<TimeDimension>)? = nil,
                w_init: (any ParameterSource<Dimensionless>)? = nil) {
        self.in_size = in_size
        self.out_size = out_size
        self.tau = tau?.parameter
        self.w_init = w_init?.parameter
    }

    public var modelName: String { "LeakyRateReadout" }
    /// in_size first: the engine sizes w_init by it.
    public var settings: [ModelSetting] {
        [ModelSetting.parameter("in_size", Quantity(Double(in_size), .one)), .optional("tau", tau),
         .optional("w_init", w_init)].compactMap { $0 }
    }
}

extension StateKey where D == Dimensionless {
    /// LeakyRateReadout's output (starts at 0).
    public static var r: Self { Self("r") }
}

extension Network {
    /// Add a readout of `out_size` elements.
    @discardableResult
    public func add(_ readout: LeakyRateReadout) throws -> Population {
        var id: Int32 = -1
        try check(bps_population_new(unsafeHandle, readout.modelName, Int64(readout.out_size), &id))
        for setting in readout.settings {
            try setting.apply(to: .population(unsafeHandle, id))
        }
        return Population(network: self, id: id, size: readout.out_size)
    }
}

extension Population {
    /// Make this readout read the spikes `source` (a neuron or spike-generator population, or a slice
    /// of one, of in_size neurons) emits in each step (`bps_population_set_spike_source`). Before compile.
    public func setSpikeSource(_ source: some PopulationView) throws {
        guard source.population.network === network else {
            throw BrainpyStateError(status: .invalidArgument,
                                    message: "population \(source.population.id) belongs to another network")
        }
        try check(bps_population_set_spike_source(handle, id, source.population.id, Int64(source.range.lowerBound),
                                                  Int64(source.range.upperBound)))
    }

    /// A readout's weights W (in_size rows of out_size values), after compile.
    public func readoutWeights() throws -> [[Double]] {
        let flat = try parameter("w_init", in: Unit<Dimensionless>.one)
        guard size > 0, flat.count % size == 0 else {
            throw BrainpyStateError(status: .internalError, message: "w_init has \(flat.count) values for \(size) outputs")
        }
        return stride(from: 0, to: flat.count, by: size).map { Array(flat[$0..<($0 + size)]) }
    }
}
