import CBrainpyState

/// brainpy.state's spike generators (inputs.py): populations whose spikes of step i projections
/// deliver in step i (brainpy's `proj(gen())` before `N()`), readouts read, and spike monitors record.

/// `brainpy.state.SpikeTime(in_size, indices, times, weights=1.0, time_as_step='round')`: spikes at
/// given (neuron, time) events. An event's step is rounding(time/dt) in the network precision; events
/// of one neuron in one step add their weights, and a step below 0 is refused at compile. Its `spike`
/// state holds the summed weights of the step (a spike wherever it is nonzero).
public struct SpikeTime: InputGenerator {
    /// How a time becomes a step ('round' is half to even, as numpy's).
    public enum TimeAsStep: String, Sendable { case round, floor, ceil }

    public var size: Int
    public var indices: [Int]
    public var times: QuantityArray<TimeDimension>
    /// One weight for every event, or one per event; nil keeps brainpy's 1.0.
    public var weights: [Double]?
    public var time_as_step: TimeAsStep?

    public init(_ size: Int, indices: [Int], times: QuantityArray<TimeDimension>, weights: [Double]? = nil,
                time_as_step: TimeAsStep? = nil) {
        self.size = size
        self.indices = indices
        self.times = times
        self.weights = weights
        self.time_as_step = time_as_step
    }

    public var modelName: String { "SpikeTime" }
    public var settings: [ModelSetting] {
        [ModelSetting.parameter("indices", QuantityArray(indices.map(Double.init), .one)), .parameter("times", times),
         weights.map { .parameter("weights", QuantityArray($0, .one)) },
         time_as_step.map { .option("time_as_step", $0.rawValue) }].compactMap { $0 }
    }
}

/// `brainpy.state.PoissonSpike(in_size, freqs)`: independent Poisson spikes with probability
/// 1 − exp(−freqs·dt) per element and step, drawn by the engine's counter-based generator (the
/// statistics are brainpy's, the numbers not JAX's).
public struct PoissonSpike: InputGenerator {
    public var size: Int
    public var freqs: Parameter<FrequencyDimension>

    public init(_ size: Int, freqs: some ParameterSource<FrequencyDimension>) {
        self.size = size
        self.freqs = freqs.parameter
    }

    public var modelName: String { "PoissonSpike" }
    public var settings: [ModelSetting] { [.parameter("freqs", freqs)] }
}

/// `brainpy.state.PoissonEncoder(in_size)`: Poisson spikes at the rates that are its input x of the
/// step. brainpy calls `encoder(freqs)`; here the rates are inputs in Hz: persistent
/// (`addCurrentInput(_:_:)` with a frequency), one-shot, or the closed-loop step's input.
public struct PoissonEncoder: InputGenerator {
    public var size: Int

    public init(_ size: Int) { self.size = size }

    public var modelName: String { "PoissonEncoder" }
    public var settings: [ModelSetting] { [] }
}

/// PoissonEncoder's rates: inputs in Hz (the engine checks the unit against the model's input).
extension Population {
    /// A persistent rate added to the encoder's input every step.
    public func addCurrentInput(_ key: String, _ value: Frequency) throws {
        try addCurrentInput(key, QuantityArray([value.value], value.unit))
    }

    /// A persistent rate per element.
    public func addCurrentInput(_ key: String, _ values: QuantityArray<FrequencyDimension>) throws {
        try check(bps_population_add_current_input(handle, id, key, values.values, Int64(values.count),
                                                   BPS_DTYPE_FLOAT64, values.unit.symbol))
    }

    /// Change a persistent rate.
    public func setCurrentInput(_ key: String, _ value: Frequency) throws {
        try check(bps_population_set_current_input(handle, id, key, [value.value], 1, BPS_DTYPE_FLOAT64,
                                                   value.unit.symbol))
    }

    /// A rate for the next step only.
    public func addOneShotCurrent(_ values: QuantityArray<FrequencyDimension>) throws {
        try check(bps_population_add_one_shot_input(handle, id, "current", values.values, Int64(values.count),
                                                    BPS_DTYPE_FLOAT64, values.unit.symbol))
    }
}

extension Network {
    /// The closed-loop step with rates in `unit` as a PoissonEncoder's input (`bps_network_step`).
    public func step<T: HostFloat>(input: [T], into target: Population, unit: Unit<FrequencyDimension>,
                                   spikesOf source: Population) throws -> [UInt8] {
        // The C call takes the unit string and checks it against the target's model.
        try step(input: input, into: target, unit: Unit<CurrentDimension>(unit.symbol), spikesOf: source)
    }
}
