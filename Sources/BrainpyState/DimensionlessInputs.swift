import CBrainpyState

/// Inputs of the dimensionless models (FitzHughNagumo, HindmarshRose): persistent, one-shot, delta and
/// closed-loop inputs in plain numbers, which the engine checks against the model's input dimension.
extension Population {
    /// A persistent input of a dimensionless model (FitzHughNagumo, HindmarshRose).
    public func addCurrentInput(_ key: String, _ value: Quantity<Dimensionless>) throws {
        try addCurrentInput(key, QuantityArray([value.value], .one))
    }

    /// A persistent dimensionless input, one value per neuron.
    public func addCurrentInput(_ key: String, _ values: QuantityArray<Dimensionless>) throws {
        try check(bps_population_add_current_input(network.unsafeHandle, id, key, values.values, Int64(values.count),
                                                   BPS_DTYPE_FLOAT64, ""))
    }

    /// A dimensionless input consumed by the next step only.
    public func addOneShotCurrent(_ value: Quantity<Dimensionless>) throws {
        try check(bps_population_add_one_shot_input(network.unsafeHandle, id, "current", [value.value], 1,
                                                    BPS_DTYPE_FLOAT64, ""))
    }

    /// A dimensionless jump added to V after the next step's integration.
    public func addOneShotDelta(_ value: Quantity<Dimensionless>) throws {
        try check(bps_population_add_one_shot_input(network.unsafeHandle, id, "delta", [value.value], 1,
                                                    BPS_DTYPE_FLOAT64, ""))
    }
}

extension Network {
    /// The closed-loop step with a dimensionless input (`unit: .one`) for FitzHughNagumo and HindmarshRose.
    public func step<T: HostFloat>(input: [T], into target: Population, unit: Unit<Dimensionless>,
                                   spikesOf source: Population) throws -> [UInt8] {
        try requireMember(target)
        try requireMember(source)
        guard !input.isEmpty else {
            throw BrainpyStateError(status: .invalidArgument, message: "step input is empty; use step(spikesOf:) to step without input")
        }
        var spikes = [UInt8](repeating: 0, count: source.size)
        let type = try dtype(of: T.self)
        var count: Int64 = 0
        let status = spikes.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBytes { raw in
                bps_network_step(unsafeHandle, target.id, raw.baseAddress, Int64(input.count), type, unit.symbol,
                                 source.id, out.baseAddress, Int64(out.count), &count)
            }
        }
        try check(status)
        return spikes
    }
}
