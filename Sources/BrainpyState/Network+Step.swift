import CBrainpyState

/// The closed loop (`bps_network_step`): one fused call per step that sets this step's input current
/// of one population, advances one step and returns the spikes another population emitted in it.
extension Network {
    /// Step once with `input` (one value per neuron of `target`, or one value for all; [B, N] in a
    /// batched network) as this step's one-shot current, and return the spikes of `source` as one byte
    /// (0/1) per neuron ([B, N] when batched).
    public func step<T: HostFloat>(input: [T], into target: Population, unit: Unit<CurrentDimension> = .mA,
                                   spikesOf source: Population) throws -> [UInt8] {
        var spikes = [UInt8](repeating: 0, count: source.size * (try rows))
        try step(input: input, into: target, unit: unit, spikesOf: source, buffer: &spikes)
        return spikes
    }

    /// The allocation-free variant: writes the spikes of `source` into `buffer` (resized to the
    /// population's size if it differs) and returns the number of spikes.
    @discardableResult
    public func step<T: HostFloat>(input: [T], into target: Population, unit: Unit<CurrentDimension> = .mA,
                                   spikesOf source: Population, buffer: inout [UInt8]) throws -> Int {
        try requireMember(target)
        try requireMember(source)
        // An empty array has no storage to point at; NULL would silently mean "no input".
        guard !input.isEmpty else {
            throw BrainpyStateError(status: .invalidArgument, message: "step input is empty; use step(spikesOf:) to step without input")
        }
        let needed = source.size * (try rows)
        if buffer.count != needed { buffer = [UInt8](repeating: 0, count: needed) }
        let type = try dtype(of: T.self)
        var count: Int64 = 0
        let status = buffer.withUnsafeMutableBufferPointer { out in
            input.withUnsafeBytes { raw in
                bps_network_step(unsafeHandle, target.id, raw.baseAddress, Int64(input.count), type, unit.symbol,
                                 source.id, out.baseAddress, Int64(out.count), &count)
            }
        }
        try check(status)
        return Int(count)
    }

    /// Step once with one current for every neuron of `target`.
    public func step(input: Current, into target: Population, spikesOf source: Population) throws -> [UInt8] {
        try step(input: [input.value], into: target, unit: input.unit, spikesOf: source)
    }

    /// Step once without input and return the spikes of `source`.
    public func step(spikesOf source: Population) throws -> [UInt8] {
        try requireMember(source)
        var spikes = [UInt8](repeating: 0, count: source.size * (try rows))
        var count: Int64 = 0
        let status = spikes.withUnsafeMutableBufferPointer { out in
            bps_network_step(unsafeHandle, -1, nil, 0, BPS_DTYPE_FLOAT32, nil, source.id, out.baseAddress,
                             Int64(out.count), &count)
        }
        try check(status)
        return spikes
    }

    /// Step once without input or output.
    public func step() throws {
        try check(bps_network_step(unsafeHandle, -1, nil, 0, BPS_DTYPE_FLOAT32, nil, -1, nil, 0, nil))
    }

    /// Populations carry their network; one from another network would name a different population.
    func requireMember(_ population: Population) throws {
        guard population.network === self else {
            throw BrainpyStateError(status: .invalidArgument, message: "population \(population.id) belongs to another network")
        }
    }
}
