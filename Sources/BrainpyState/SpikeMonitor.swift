import CBrainpyState

/// A spike recording. Steps count from the last `initAllStates()`; neurons index the population.
public struct SpikeMonitor {
    public let network: Network
    public let id: Int32

    var handle: OpaquePointer { network.unsafeHandle }

    /// Recorded steps and recorded neurons (the raster's width).
    public func shape() throws -> (steps: Int, width: Int) {
        var steps: Int64 = 0, width: Int64 = 0
        try check(bps_monitor_shape(handle, id, &steps, &width))
        return (Int(steps), Int(width))
    }

    /// Number of recorded spikes.
    public func count() throws -> Int {
        var n: Int64 = 0
        try check(bps_monitor_get_events(handle, id, nil, nil, 0, &n))
        return Int(n)
    }

    /// The spikes as events in time order: step index and neuron index of each spike.
    public func events() throws -> (steps: [Int], neurons: [Int]) {
        let n = try count()
        var steps = [Int64](repeating: 0, count: n)
        var neurons = [Int64](repeating: 0, count: n)
        var len: Int64 = 0
        try check(bps_monitor_get_events(handle, id, &steps, &neurons, Int64(n), &len))
        let k = Int(len)
        return (steps.prefix(k).map(Int.init), neurons.prefix(k).map(Int.init))
    }

    /// The batch row of every event of `events()` (all 0 without a batch axis).
    public func eventRows() throws -> [Int] {
        try readArray(count: try count(), zero: Int64(0)) { p, cap, len in
            bps_monitor_get_event_rows(handle, id, p, cap, len)
        }.map(Int.init)
    }

    /// A dense steps x width raster of 0/1 bytes, row-major (steps x B x width when batched).
    public func raster() throws -> [UInt8] {
        let (steps, width) = try shape()
        return try readArray(count: steps * (try network.rows) * width, zero: 0) { p, cap, len in
            bps_monitor_get_raster(handle, id, p, cap, len)
        }
    }

    /// The time each recorded step ran at, in `unit`.
    public func times(in unit: Unit<TimeDimension> = .ms) throws -> [Double] {
        try readArray(count: try shape().steps, zero: 0.0) { p, cap, len in
            bps_monitor_get_times(handle, id, p, cap, unit.symbol, len)
        }
    }

    /// Drop everything recorded so far.
    public func clear() throws {
        try check(bps_monitor_clear(handle, id))
    }
}
