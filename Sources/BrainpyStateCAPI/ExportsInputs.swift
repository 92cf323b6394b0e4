import BrainpyStateCore
import CBrainpyState

@c @implementation
public func bps_population_add_current_source(_ net: OpaquePointer?, _ pop: Int32, _ key: UnsafePointer<CChar>?,
                                              _ source: Int32) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try n.addCurrentSource(id(pop), key: string(key, "key"), source: id(source))
    }
}

@c @implementation
public func bps_population_add_state_source(_ net: OpaquePointer?, _ pop: Int32, _ state: UnsafePointer<CChar>?,
                                            _ source: Int32, _ indices: UnsafePointer<Int64>?,
                                            _ nIndices: Int64) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let stateName = try string(state, "state")
        let idx = try indexArray(indices, nIndices, "indices")
        try n.addStateSource(id(pop), state: stateName, source: id(source), indices: idx)
    }
}

@c @implementation
public func bps_population_set_spike_source(_ net: OpaquePointer?, _ pop: Int32, _ source: Int32, _ start: Int64,
                                            _ stop: Int64) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        guard start >= 0, start < Int64(Int32.max), stop >= -1, stop < Int64(Int32.max) else {
            throw EngineError(.outOfRange, "source slice [\(start), \(stop)) is out of range")
        }
        try n.setSpikeSource(id(pop), source: id(source), start: Int(start), stop: Int(stop))
    }
}
