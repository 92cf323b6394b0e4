import CBrainpyState

/// A population of a network: its id (counted from 0 in order of creation) and size. A small value
/// that keeps its network alive; every method is one C call on the network's handle.
public struct Population: PopulationView {
    public let network: Network
    public let id: Int32
    public let size: Int

    init(network: Network, id: Int32, size: Int) {
        self.network = network
        self.id = id
        self.size = size
    }

    public var population: Population { self }
    public var range: Range<Int> { 0..<size }

    /// A contiguous slice of neurons, as brainpy's `N[a:b]` (for a projection's presynaptic side).
    public subscript(bounds: some RangeExpression<Int>) -> PopulationSlice {
        PopulationSlice(population: self, range: bounds.relative(to: 0..<size))
    }

    var handle: OpaquePointer { network.unsafeHandle }

    // MARK: - states

    /// A state variable, one value per neuron ([B, N] row-major in a batched network), in `unit`
    /// (default: brainpy.state's unit).
    public func state<D>(_ key: StateKey<D>, in unit: Unit<D> = .natural) throws -> [Double] {
        try state(key, in: unit, as: Double.self)
    }

    /// A state variable as `Float` or `Double`.
    public func state<D, T: HostFloat>(_ key: StateKey<D>, in unit: Unit<D> = .natural, as _: T.Type) throws -> [T] {
        let type = try dtype(of: T.self)
        return try readArray(count: size, zero: T.zero) { p, cap, len in
            bps_population_get_state(handle, id, key.name, p, cap, type, unit.symbol, len)
        }
    }

    /// Read a state into `buffer` (resized to the population's size if needed), without allocating.
    public func readState<D, T: HostFloat>(_ key: StateKey<D>, in unit: Unit<D> = .natural, into buffer: inout [T]) throws {
        let type = try dtype(of: T.self)
        try readArray(into: &buffer, count: size * network.rows, zero: T.zero) { p, cap, len in
            bps_population_get_state(handle, id, key.name, p, cap, type, unit.symbol, len)
        }
    }

    /// Overwrite a state, one value per neuron (writing V also re-derives the pending spikes).
    public func setState<D>(_ key: StateKey<D>, _ values: QuantityArray<D>) throws {
        try setState(key, values.values, in: values.unit)
    }

    /// Set a state to one value for every neuron.
    public func setState<D>(_ key: StateKey<D>, _ value: Quantity<D>) throws {
        try setState(key, [value.value], in: value.unit)
    }

    /// Overwrite a state from a host array in `unit` (one value per neuron, or one for all; in a
    /// batched network also [B, N] row-major, one row per batch row).
    public func setState<D, T: HostFloat>(_ key: StateKey<D>, _ values: [T], in unit: Unit<D>) throws {
        let type = try dtype(of: T.self)
        try check(values.withUnsafeBytes { raw in
            bps_population_set_state(handle, id, key.name, raw.baseAddress, Int64(values.count), type, unit.symbol)
        })
    }

    /// The spikes of the last step (get_spike() != 0), one byte per neuron ([B, N] when batched).
    public func spikes() throws -> [UInt8] {
        try readArray(count: size, zero: 0) { p, cap, len in bps_population_get_spikes(handle, id, p, cap, len) }
    }

    /// The spikes of the last step into `buffer`, without allocating.
    public func readSpikes(into buffer: inout [UInt8]) throws {
        try readArray(into: &buffer, count: size * network.rows, zero: 0) { p, cap, len in
            bps_population_get_spikes(handle, id, p, cap, len)
        }
    }

    // MARK: - parameters

    /// A parameter, one value per neuron, in `unit` (`N.parameter("tau", in: .ms)`).
    public func parameter<D>(_ name: String, in unit: Unit<D>) throws -> [Double] {
        try readArray(count: size, zero: 0.0) { p, cap, len in
            bps_population_get_param(handle, id, name, p, cap, BPS_DTYPE_FLOAT64, unit.symbol, len)
        }
    }

    /// Set a parameter by brainpy.state's name. After compile a parameter may still change if it
    /// stays homogeneous; a state initializer change takes effect at the next `initAllStates()`.
    public func setParameter<D: PhysicalDimension>(_ name: String, _ value: any ParameterSource<D>) throws {
        try ModelSetting.parameter(name, value).apply(to: .population(handle, id))
    }

    /// Set a string option ("spk_reset"), before compile.
    public func setOption(_ name: String, _ value: String) throws {
        try check(bps_population_set_option(handle, id, name, value))
    }

    // MARK: - inputs

    /// brainpy.state's `add_current_input(key, constant)`: a persistent current added every step.
    public func addCurrentInput(_ key: String, _ value: Current) throws {
        try check(bps_population_add_current_input(handle, id, key, [value.value], 1, BPS_DTYPE_FLOAT64, value.unit.symbol))
    }

    /// A persistent current, one value per neuron.
    public func addCurrentInput(_ key: String, _ values: QuantityArray<CurrentDimension>) throws {
        try check(bps_population_add_current_input(handle, id, key, values.values, Int64(values.count),
                                                   BPS_DTYPE_FLOAT64, values.unit.symbol))
    }

    /// Change an existing persistent current input.
    public func setCurrentInput(_ key: String, _ value: Current) throws {
        try check(bps_population_set_current_input(handle, id, key, [value.value], 1, BPS_DTYPE_FLOAT64, value.unit.symbol))
    }

    /// Change an existing persistent current input, one value per neuron.
    public func setCurrentInput(_ key: String, _ values: QuantityArray<CurrentDimension>) throws {
        try check(bps_population_set_current_input(handle, id, key, values.values, Int64(values.count),
                                                   BPS_DTYPE_FLOAT64, values.unit.symbol))
    }

    /// A current consumed by the next step only (several calls before a step add up).
    public func addOneShotCurrent(_ value: Current) throws {
        try oneShot("current", [value.value], value.unit.symbol)
    }

    public func addOneShotCurrent(_ values: QuantityArray<CurrentDimension>) throws {
        try oneShot("current", values.values, values.unit.symbol)
    }

    /// A voltage jump added to V after the next step's integration (brainpy's delta input).
    public func addOneShotDelta(_ value: Voltage) throws {
        try oneShot("delta", [value.value], value.unit.symbol)
    }

    public func addOneShotDelta(_ values: QuantityArray<VoltageDimension>) throws {
        try oneShot("delta", values.values, values.unit.symbol)
    }

    private func oneShot(_ kind: String, _ values: [Double], _ unit: String) throws {
        try check(bps_population_add_one_shot_input(handle, id, kind, values, Int64(values.count), BPS_DTYPE_FLOAT64, unit))
    }
}
