import BrainpyStateCore
import CBrainpyState

@c @implementation
public func bps_monitor_spikes(_ net: OpaquePointer?, _ pop: Int32, _ indices: UnsafePointer<Int64>?,
                               _ nIndices: Int64, _ outMonitor: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let o = try out(outMonitor, "out_monitor")
        o.pointee = Int32(try n.addSpikeMonitor(id(pop), indices: indexArray(indices, nIndices, "indices")))
    }
}

@c @implementation
public func bps_monitor_state(_ net: OpaquePointer?, _ pop: Int32, _ state: UnsafePointer<CChar>?,
                              _ indices: UnsafePointer<Int64>?, _ nIndices: Int64,
                              _ outMonitor: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let o = try out(outMonitor, "out_monitor")
        o.pointee = Int32(try n.addStateMonitor(id(pop), string(state, "state"), indices: indexArray(indices, nIndices, "indices")))
    }
}

@c @implementation
public func bps_monitor_projection_state(_ net: OpaquePointer?, _ proj: Int32, _ state: UnsafePointer<CChar>?,
                                         _ indices: UnsafePointer<Int64>?, _ nIndices: Int64,
                                         _ outMonitor: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let o = try out(outMonitor, "out_monitor")
        o.pointee = Int32(try n.addSynapseMonitor(id(proj), string(state, "state"), indices: indexArray(indices, nIndices, "indices")))
    }
}

@c @implementation
public func bps_monitor_shape(_ net: OpaquePointer?, _ monitor: Int32, _ outSteps: UnsafeMutablePointer<Int64>?,
                              _ outWidth: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let shape = try Handles.network(net).monitorShape(id(monitor))
        outSteps?.pointee = Int64(shape.steps)
        outWidth?.pointee = Int64(shape.width)
    }
}

@c @implementation
public func bps_monitor_get_events(_ net: OpaquePointer?, _ monitor: Int32, _ stepsOut: UnsafeMutablePointer<Int64>?,
                                   _ neuronsOut: UnsafeMutablePointer<Int64>?, _ capacity: Int64,
                                   _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let (steps, _, neurons) = try Handles.network(net).monitorEvents(id(monitor))
        outLen?.pointee = Int64(steps.count)
        guard capacity >= 0 else { throw EngineError(.invalidArgument, "capacity must be >= 0") }
        guard stepsOut != nil || neuronsOut != nil else { return }
        guard Int64(steps.count) <= capacity else {
            throw EngineError(.bufferTooSmall, "events: buffers hold \(capacity) elements, \(steps.count) needed", neededLength: steps.count)
        }
        if let o = stepsOut { for k in steps.indices { o[k] = steps[k] } }
        if let o = neuronsOut { for k in neurons.indices { o[k] = Int64(neurons[k]) } }
    }
}

@c @implementation
public func bps_monitor_get_event_rows(_ net: OpaquePointer?, _ monitor: Int32, _ rowsOut: UnsafeMutablePointer<Int64>?,
                                       _ capacity: Int64, _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let rows = try Handles.network(net).monitorEvents(id(monitor)).rows
        guard try checkCapacity(rows.count, rowsOut, capacity, outLen, "event rows"), let o = rowsOut else { return }
        for k in rows.indices { o[k] = Int64(rows[k]) }
    }
}

@c @implementation
public func bps_monitor_get_raster(_ net: OpaquePointer?, _ monitor: Int32, _ outRaster: UnsafeMutablePointer<UInt8>?,
                                   _ capacity: Int64, _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let raster = try Handles.network(net).monitorRaster(id(monitor))
        guard try checkCapacity(raster.count, outRaster, capacity, outLen, "raster"), let o = outRaster else { return }
        for k in raster.indices { o[k] = raster[k] }
    }
}

@c @implementation
public func bps_monitor_get_values(_ net: OpaquePointer?, _ monitor: Int32, _ outValues: UnsafeMutableRawPointer?,
                                   _ capacity: Int64, _ dtype: bps_dtype, _ unit: UnsafePointer<CChar>?,
                                   _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let values = try Handles.network(net).monitorValues(id(monitor), unit: string(unit, "unit"))
        try writeValues(values, outValues, capacity, dtype, outLen, floatOnly: true, "monitor values")
    }
}

@c @implementation
public func bps_monitor_get_times(_ net: OpaquePointer?, _ monitor: Int32, _ outTimes: UnsafeMutablePointer<Double>?,
                                  _ capacity: Int64, _ unit: UnsafePointer<CChar>?,
                                  _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let times = try Handles.network(net).monitorTimes(id(monitor), unit: string(unit, default: "ms"))
        guard try checkCapacity(times.count, outTimes, capacity, outLen, "times"), let o = outTimes else { return }
        for k in times.indices { o[k] = times[k] }
    }
}

@c @implementation
public func bps_monitor_clear(_ net: OpaquePointer?, _ monitor: Int32) -> bps_status {
    capi { () throws(EngineError) in try Handles.network(net).clearMonitor(id(monitor)) }
}
