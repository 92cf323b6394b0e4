import CBrainpyState

/// A recording of a state of dimension `D`: steps x width values, row-major.
public struct StateMonitor<D: PhysicalDimension> {
    public let network: Network
    public let id: Int32

    var handle: OpaquePointer { network.unsafeHandle }

    /// Recorded steps and recorded neurons (the row width).
    public func shape() throws -> (steps: Int, width: Int) {
        var steps: Int64 = 0, width: Int64 = 0
        try check(bps_monitor_shape(handle, id, &steps, &width))
        return (Int(steps), Int(width))
    }

    /// The recorded values in `unit` (default: brainpy.state's unit), row-major steps x width (steps x
    /// B x width in a batched network: time first, as brainstate's for_loop stacks batched states).
    public func values(in unit: Unit<D> = .natural) throws -> [Double] {
        try values(in: unit, as: Double.self)
    }

    public func values<T: HostFloat>(in unit: Unit<D> = .natural, as _: T.Type) throws -> [T] {
        let type = try dtype(of: T.self)
        let (steps, width) = try shape()
        return try readArray(count: steps * (try network.rows) * width, zero: T.zero) { p, cap, len in
            bps_monitor_get_values(handle, id, p, cap, type, unit.symbol, len)
        }
    }

    /// The recorded values as one row per step (per step and batch row when batched).
    public func rows(in unit: Unit<D> = .natural) throws -> [[Double]] {
        let (_, width) = try shape()
        let flat = try values(in: unit)
        guard width > 0 else { return [] }
        return stride(from: 0, to: flat.count, by: width).map { Array(flat[$0..<$0 + width]) }
    }

    /// The time each recorded step ran at, in `unit`.
    public func times(in unit: Unit<TimeDimension> = .ms) throws -> [Double] {
        try readArray(count: try shape().steps, zero: 0.0) { p, cap, len in
            bps_monitor_get_times(handle, id, p, cap, unit.symbol, len)
        }
    }

    public func clear() throws {
        try check(bps_monitor_clear(handle, id))
    }
}
