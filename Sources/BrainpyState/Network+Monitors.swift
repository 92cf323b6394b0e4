import CBrainpyState

/// Recordings (`bps_monitor_*`): spikes as events or a raster, states as steps x neurons values.
extension Network {
    /// Record the spikes of `population` (every neuron, or the given neuron indices).
    public func monitorSpikes(_ population: Population, indices: [Int]? = nil) throws -> SpikeMonitor {
        try requireMember(population)
        var id: Int32 = -1
        try withIndices(indices) { p, n in try check(bps_monitor_spikes(unsafeHandle, population.id, p, n, &id)) }
        return SpikeMonitor(network: self, id: id)
    }

    /// Record a state of `population` after every step (`.V`, `.last_spike_time`).
    public func monitor<D>(_ population: Population, _ state: StateKey<D>, indices: [Int]? = nil) throws -> StateMonitor<D> {
        try requireMember(population)
        var id: Int32 = -1
        try withIndices(indices) { p, n in
            try check(bps_monitor_state(unsafeHandle, population.id, state.name, p, n, &id))
        }
        return StateMonitor(network: self, id: id)
    }

    /// Record a state of a projection after every step: its synapse's (`.g`, `.g_rise`, `.x`, ...) or its
    /// plasticity module's (`.stp_u`, `.stp_x`).
    public func monitor<D>(_ projection: Projection, _ state: StateKey<D>, indices: [Int]? = nil) throws -> StateMonitor<D> {
        guard projection.network === self else {
            throw BrainpyStateError(status: .invalidArgument, message: "projection \(projection.id) belongs to another network")
        }
        var id: Int32 = -1
        try withIndices(indices) { p, n in
            try check(bps_monitor_projection_state(unsafeHandle, projection.id, state.name, p, n, &id))
        }
        return StateMonitor(network: self, id: id)
    }

    private func withIndices(_ indices: [Int]?, _ body: (UnsafePointer<Int64>?, Int64) throws -> Void) throws {
        guard let indices else { return try body(nil, 0) }
        // An empty list is not "every neuron": pass a non-NULL pointer so the engine rejects it.
        guard !indices.isEmpty else {
            var none: Int64 = 0
            return try body(&none, 0)
        }
        let wide = indices.map(Int64.init)
        try wide.withUnsafeBufferPointer { try body($0.baseAddress, Int64($0.count)) }
    }
}
