import BrainpyStateCore
import CBrainpyState

@c @implementation
public func bps_projection_desc_init(_ desc: UnsafeMutablePointer<bps_projection_desc>?) -> bps_status {
    capi { () throws(EngineError) in
        try out(desc, "desc").pointee = bps_projection_desc(
            struct_size: UInt32(MemoryLayout<bps_projection_desc>.size), kind: nil, pre: 0, pre_start: 0, pre_stop: -1,
            post: 0, comm: nil, syn: nil, out: nil, label: nil, delay: 0, delay_unit: nil, stp: nil)
    }
}

@c @implementation
public func bps_projection_new(_ net: OpaquePointer?, _ desc: UnsafePointer<bps_projection_desc>?,
                               _ outProj: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        guard let desc else { throw EngineError(.nullPointer, "desc is NULL") }
        let o = try out(outProj, "out_proj")
        guard UnsafeRawPointer(desc).load(as: UInt32.self) >= 4 else {
            throw EngineError(.invalidArgument, "bps_projection_desc.struct_size is not set (use bps_projection_desc_init)")
        }
        var s = Network.ProjectionSpec()
        s.kind = string(field(desc, \.kind, default: nil), default: s.kind)
        s.pre = Int(field(desc, \.pre, default: 0))
        s.preStart = Int(field(desc, \.pre_start, default: 0))
        s.preStop = Int(field(desc, \.pre_stop, default: -1))
        s.post = Int(field(desc, \.post, default: 0))
        s.comm = try string(field(desc, \.comm, default: nil), "desc.comm")
        s.syn = string(field(desc, \.syn, default: nil), default: "")
        s.out = string(field(desc, \.out, default: nil), default: "")
        s.label = string(field(desc, \.label, default: nil), default: "")
        s.delay = field(desc, \.delay, default: 0)
        s.delayUnit = string(field(desc, \.delay_unit, default: nil), default: "ms")
        s.stp = string(field(desc, \.stp, default: nil), default: "")
        o.pointee = Int32(try n.addProjection(s))
    }
}

@c @implementation
public func bps_projection_set_option(_ net: OpaquePointer?, _ proj: Int32, _ part: UnsafePointer<CChar>?,
                                      _ name: UnsafePointer<CChar>?, _ value: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try n.setProjectionOption(id(proj), part: string(part, "part"), string(name, "name"), string(value, "value"))
    }
}

@c @implementation
public func bps_projection_set_param(_ net: OpaquePointer?, _ proj: Int32, _ part: UnsafePointer<CChar>?,
                                     _ name: UnsafePointer<CChar>?, _ value: Double,
                                     _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try n.setProjectionParam(id(proj), part: string(part, "part"), string(name, "name"),
                                 .scalar(value, unit: string(unit, "unit")))
    }
}

@c @implementation
public func bps_projection_set_param_array(_ net: OpaquePointer?, _ proj: Int32, _ part: UnsafePointer<CChar>?,
                                           _ name: UnsafePointer<CChar>?, _ values: UnsafeRawPointer?, _ len: Int64,
                                           _ dtype: bps_dtype, _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let paramName = try string(name, "name")
        try n.setProjectionParam(id(proj), part: string(part, "part"), paramName,
                                 .array(hostArray(values, len, dtype, paramName), unit: string(unit, "unit")))
    }
}

@c @implementation
public func bps_projection_set_param_init(_ net: OpaquePointer?, _ proj: Int32, _ part: UnsafePointer<CChar>?,
                                          _ name: UnsafePointer<CChar>?, _ initializer: UnsafePointer<CChar>?,
                                          _ args: UnsafePointer<Double>?, _ nargs: Int32,
                                          _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let a = try initializerArgs(args, nargs)
        try n.setProjectionParam(id(proj), part: string(part, "part"), string(name, "name"),
                                 .initializer(name: string(initializer, "initializer"), args: a, unit: string(unit, "unit")))
    }
}

@c @implementation
public func bps_projection_set_connections(_ net: OpaquePointer?, _ proj: Int32, _ pre: UnsafePointer<Int64>?,
                                          _ post: UnsafePointer<Int64>?, _ weight: UnsafeRawPointer?, _ count: Int64,
                                          _ weightDtype: bps_dtype, _ weightUnit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        guard count >= 0 else { throw EngineError(.invalidArgument, "n must be >= 0, got \(count)") }
        guard count == 0 || (pre != nil && post != nil) else { throw EngineError(.nullPointer, "pre or post is NULL") }
        let preIdx = try indexArray(pre, count, "pre") ?? []
        let postIdx = try indexArray(post, count, "post") ?? []
        let weights = weight == nil ? nil : try hostArray(weight, count, weightDtype, "weight")
        try n.setConnections(id(proj), pre: preIdx, post: postIdx, weights: weights,
                             unit: weights == nil ? "mS" : string(weightUnit, "weight_unit"))
    }
}

@c @implementation
public func bps_projection_num_connections(_ net: OpaquePointer?, _ proj: Int32, _ outN: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try out(outN, "out_n").pointee = Int64(try n.connectionCount(id(proj)))
    }
}

@c @implementation
public func bps_projection_get_connections(_ net: OpaquePointer?, _ proj: Int32, _ preOut: UnsafeMutablePointer<Int64>?,
                                           _ postOut: UnsafeMutablePointer<Int64>?, _ weightOut: UnsafeMutableRawPointer?,
                                           _ capacity: Int64, _ weightDtype: bps_dtype, _ weightUnit: UnsafePointer<CChar>?,
                                           _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let total = try n.connectionCount(id(proj))
        outLen?.pointee = Int64(total)
        guard capacity >= 0 else { throw EngineError(.invalidArgument, "capacity must be >= 0") }
        guard Int64(total) <= capacity || (preOut == nil && postOut == nil && weightOut == nil) else {
            throw EngineError(.bufferTooSmall, "connections: buffers hold \(capacity) elements, \(total) needed", neededLength: total)
        }
        guard preOut != nil || postOut != nil || weightOut != nil else { return }
        let c = try n.connections(id(proj), unit: weightOut == nil ? "mS" : string(weightUnit, "weight_unit"))
        if let p = preOut { for k in 0..<total { p[k] = Int64(c.pre[k]) } }
        if let p = postOut { for k in 0..<total { p[k] = Int64(c.post[k]) } }
        if weightOut != nil { try writeValues(c.weight, weightOut, capacity, weightDtype, nil, floatOnly: true, "weights") }
    }
}

@c @implementation
public func bps_projection_get_state(_ net: OpaquePointer?, _ proj: Int32, _ state: UnsafePointer<CChar>?,
                                     _ outValues: UnsafeMutableRawPointer?, _ capacity: Int64, _ dtype: bps_dtype,
                                     _ unit: UnsafePointer<CChar>?, _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let stateName = try string(state, "state")
        let values = try n.synapseState(id(proj), stateName, unit: string(unit, "unit"))
        try writeValues(values, outValues, capacity, dtype, outLen, floatOnly: true, stateName)
    }
}

@c @implementation
public func bps_projection_set_state(_ net: OpaquePointer?, _ proj: Int32, _ state: UnsafePointer<CChar>?,
                                     _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype,
                                     _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let stateName = try string(state, "state")
        try n.setSynapseState(id(proj), stateName, hostArray(values, len, dtype, stateName), unit: string(unit, "unit"))
    }
}
