import CBrainpyState

/// A projection of a network (id counted from 0 in order of creation).
public struct Projection {
    /// The parts of a projection whose parameters can be set: the projection itself (its delay, a gap
    /// junction's weight), the plasticity module, comm, syn and out.
    public enum Part: String, Sendable { case proj, stp, comm, syn, out }

    public let network: Network
    public let id: Int32
    /// Size of the post population (the length of synapse states).
    public let postSize: Int

    var handle: OpaquePointer { network.unsafeHandle }

    /// Number of connections (after compile).
    public func numConnections() throws -> Int {
        var n: Int64 = 0
        try check(bps_projection_num_connections(handle, id, &n))
        return Int(n)
    }

    /// The connectivity (after compile), ordered by presynaptic neuron and, within a row, in generation
    /// order: `pre` indexes the presynaptic slice, `post` the post population.
    public func connections(weightUnit: Unit<ConductanceDimension> = .mS) throws
        -> (pre: [Int], post: [Int], weight: [Double]) {
        let n = try numConnections()
        var pre = [Int64](repeating: 0, count: n)
        var post = [Int64](repeating: 0, count: n)
        var weight = [Double](repeating: 0, count: n)
        var len: Int64 = 0
        try check(bps_projection_get_connections(handle, id, &pre, &post, &weight, Int64(n), BPS_DTYPE_FLOAT64,
                                                 weightUnit.symbol, &len))
        let k = Int(len)
        return (pre.prefix(k).map(Int.init), post.prefix(k).map(Int.init), Array(weight.prefix(k)))
    }

    /// A state of the projection's synapse (`.g`; one value per post neuron, per presynaptic neuron for
    /// an align-pre synapse) or of its plasticity module (`.stp_u`, `.stp_x`: per presynaptic neuron).
    public func state<D>(_ key: StateKey<D>, in unit: Unit<D> = .natural) throws -> [Double] {
        try readArray(count: postSize, zero: 0.0) { p, cap, len in
            bps_projection_get_state(handle, id, key.name, p, cap, BPS_DTYPE_FLOAT64, unit.symbol, len)
        }
    }

    /// Overwrite a state of the projection's synapse or plasticity module (one value per element, or one
    /// for all).
    public func setState<D>(_ key: StateKey<D>, _ values: QuantityArray<D>) throws {
        try check(bps_projection_set_state(handle, id, key.name, values.values, Int64(values.count),
                                           BPS_DTYPE_FLOAT64, values.unit.symbol))
    }

    public func setState<D>(_ key: StateKey<D>, _ value: Quantity<D>) throws {
        try setState(key, QuantityArray([value.value], value.unit))
    }

    /// Set a parameter of one part by brainpy.state's name (`.syn`, "tau", 5.ms).
    public func setParameter<D: PhysicalDimension>(_ part: Part, _ name: String, _ value: any ParameterSource<D>) throws {
        try ModelSetting.parameter(name, value).apply(to: .projection(handle, id, part: part.rawValue))
    }
}
