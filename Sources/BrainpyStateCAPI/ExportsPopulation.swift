import BrainpyStateCore
import CBrainpyState

@c @implementation
public func bps_population_new(_ net: OpaquePointer?, _ model: UnsafePointer<CChar>?, _ size: Int64,
                               _ outPop: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let o = try out(outPop, "out_pop")
        guard size > 0, size < Int64(Int32.max) else {
            throw EngineError(.invalidArgument, "population size must be in [1, \(Int32.max - 1)], got \(size)")
        }
        o.pointee = Int32(try n.addPopulation(model: string(model, "model"), size: Int(size)))
    }
}

@c @implementation
public func bps_population_size(_ net: OpaquePointer?, _ pop: Int32, _ outSize: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try out(outSize, "out_size").pointee = Int64(try n.populationSize(id(pop)))
    }
}

@c @implementation
public func bps_population_set_param(_ net: OpaquePointer?, _ pop: Int32, _ name: UnsafePointer<CChar>?,
                                     _ value: Double, _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try n.setPopulationParam(id(pop), string(name, "name"), .scalar(value, unit: string(unit, "unit")))
    }
}

@c @implementation
public func bps_population_set_param_array(_ net: OpaquePointer?, _ pop: Int32, _ name: UnsafePointer<CChar>?,
                                           _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype,
                                           _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let paramName = try string(name, "name")
        let array = try hostArray(values, len, dtype, paramName, allowEmpty: true)
        try n.setPopulationParam(id(pop), paramName, .array(array, unit: string(unit, "unit")))
    }
}

@c @implementation
public func bps_population_set_param_init(_ net: OpaquePointer?, _ pop: Int32, _ name: UnsafePointer<CChar>?,
                                          _ initializer: UnsafePointer<CChar>?, _ args: UnsafePointer<Double>?,
                                          _ nargs: Int32, _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let a = try initializerArgs(args, nargs)
        try n.setPopulationParam(id(pop), string(name, "name"),
                                 .initializer(name: string(initializer, "initializer"), args: a, unit: string(unit, "unit")))
    }
}

func initializerArgs(_ args: UnsafePointer<Double>?, _ nargs: Int32) throws(EngineError) -> [Double] {
    guard nargs >= 0, nargs <= 16 else { throw EngineError(.invalidArgument, "nargs must be in [0, 16], got \(nargs)") }
    guard nargs == 0 || args != nil else { throw EngineError(.nullPointer, "args is NULL but nargs is \(nargs)") }
    return (0..<Int(nargs)).map { args![$0] }
}

@c @implementation
public func bps_population_set_option(_ net: OpaquePointer?, _ pop: Int32, _ name: UnsafePointer<CChar>?,
                                      _ value: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try n.setPopulationOption(id(pop), string(name, "name"), string(value, "value"))
    }
}

@c @implementation
public func bps_population_get_param(_ net: OpaquePointer?, _ pop: Int32, _ name: UnsafePointer<CChar>?,
                                     _ outValues: UnsafeMutableRawPointer?, _ capacity: Int64, _ dtype: bps_dtype,
                                     _ unit: UnsafePointer<CChar>?, _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let paramName = try string(name, "name")
        let values = try n.populationParam(id(pop), paramName, unit: string(unit, "unit"))
        try writeValues(values, outValues, capacity, dtype, outLen, floatOnly: true, paramName)
    }
}

@c @implementation
public func bps_population_get_state(_ net: OpaquePointer?, _ pop: Int32, _ state: UnsafePointer<CChar>?,
                                     _ outValues: UnsafeMutableRawPointer?, _ capacity: Int64, _ dtype: bps_dtype,
                                     _ unit: UnsafePointer<CChar>?, _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let stateName = try string(state, "state")
        let values = try n.populationState(id(pop), stateName, unit: string(unit, default: ""))
        try writeValues(values, outValues, capacity, dtype, outLen, floatOnly: stateName != "spike", stateName)
    }
}

@c @implementation
public func bps_population_set_state(_ net: OpaquePointer?, _ pop: Int32, _ state: UnsafePointer<CChar>?,
                                     _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype,
                                     _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let stateName = try string(state, "state")
        try n.setPopulationState(id(pop), stateName, hostArray(values, len, dtype, stateName), unit: string(unit, "unit"))
    }
}

@c @implementation
public func bps_population_get_spikes(_ net: OpaquePointer?, _ pop: Int32, _ outSpikes: UnsafeMutablePointer<UInt8>?,
                                      _ capacity: Int64, _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let spikes = try n.populationSpikes(id(pop))
        guard try checkCapacity(spikes.count, outSpikes, capacity, outLen, "spikes"), let o = outSpikes else { return }
        for j in spikes.indices { o[j] = spikes[j] }
    }
}

@c @implementation
public func bps_population_add_current_input(_ net: OpaquePointer?, _ pop: Int32, _ key: UnsafePointer<CChar>?,
                                             _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype,
                                             _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let k = try string(key, "key")
        try n.addCurrentInput(id(pop), key: k, hostArray(values, len, dtype, k), unit: string(unit, "unit"), replace: false)
    }
}

@c @implementation
public func bps_population_set_current_input(_ net: OpaquePointer?, _ pop: Int32, _ key: UnsafePointer<CChar>?,
                                             _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype,
                                             _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let k = try string(key, "key")
        try n.addCurrentInput(id(pop), key: k, hostArray(values, len, dtype, k), unit: string(unit, "unit"), replace: true)
    }
}

@c @implementation
public func bps_population_add_one_shot_input(_ net: OpaquePointer?, _ pop: Int32, _ kind: UnsafePointer<CChar>?,
                                              _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype,
                                              _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let k = try string(kind, "kind")
        try n.addOneShotInput(id(pop), kind: k, hostArray(values, len, dtype, "\(k) input"), unit: string(unit, "unit"))
    }
}
