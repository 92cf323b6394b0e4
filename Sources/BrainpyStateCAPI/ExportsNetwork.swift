import BrainpyStateCore
import CBrainpyState

@c @implementation
public func bps_network_options_init(_ opts: UnsafeMutablePointer<bps_network_options>?) -> bps_status {
    capi { () throws(EngineError) in
        let o = try out(opts, "opts")
        o.pointee = bps_network_options(struct_size: UInt32(MemoryLayout<bps_network_options>.size), dt: 0.1,
                                        dt_unit: nil, seed: 0, precision: 32, num_threads: 0,
                                        batch_size: 0)
    }
}

@c @implementation
public func bps_network_new(_ opts: UnsafePointer<bps_network_options>?,
                            _ outNet: UnsafeMutablePointer<OpaquePointer?>?) -> bps_status {
    capi { () throws(EngineError) in
        let o = try out(outNet, "out_net")
        var dt = 0.1, unit = "ms", seed: UInt64 = 0, precision: Int32 = 32, threads: Int32 = 0, batch: Int32 = 0
        if let opts {
            guard UnsafeRawPointer(opts).load(as: UInt32.self) >= 4 else {
                throw EngineError(.invalidArgument, "bps_network_options.struct_size is not set (use bps_network_options_init)")
            }
            dt = field(opts, \.dt, default: dt)
            unit = string(field(opts, \.dt_unit, default: nil), default: unit)
            seed = field(opts, \.seed, default: seed)
            precision = field(opts, \.precision, default: precision)
            threads = field(opts, \.num_threads, default: threads)
            batch = field(opts, \.batch_size, default: batch)
        }
        let network = try Network(dt: dt, dtUnit: unit, seed: seed, precision: Int(precision), numThreads: Int(threads),
                                  batchSize: Int(batch))
        o.pointee = Handles.register(network)
    }
}

@c @implementation
public func bps_network_delete(_ net: OpaquePointer?) -> bps_status {
    capi { () throws(EngineError) in
        guard let net else { return }
        try Handles.network(net).requireIdle("delete the network")
        guard Handles.delete(net) else {
            throw EngineError(.badHandle, "network handle \(Handles.hex(UInt(bitPattern: UnsafeMutableRawPointer(net)))) is not a live network (deleted or foreign)")
        }
    }
}

@c @implementation
public func bps_network_get_dt(_ net: OpaquePointer?, _ unit: UnsafePointer<CChar>?,
                               _ outDt: UnsafeMutablePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try out(outDt, "out_dt").pointee = try n.dt(in: string(unit, default: "ms"))
    }
}

@c @implementation
public func bps_network_get_precision(_ net: OpaquePointer?, _ outPrecision: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try out(outPrecision, "out_precision").pointee = Int32(n.precision)
    }
}

@c @implementation
public func bps_network_get_num_threads(_ net: OpaquePointer?, _ outThreads: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try out(outThreads, "out_num_threads").pointee = Int32(n.numThreads)
    }
}

@c @implementation
public func bps_network_set_batch_size(_ net: OpaquePointer?, _ batchSize: Int32) -> bps_status {
    capi { () throws(EngineError) in try Handles.network(net).setBatchSize(Int(batchSize)) }
}

@c @implementation
public func bps_network_get_batch_size(_ net: OpaquePointer?, _ outBatchSize: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try out(outBatchSize, "out_batch_size").pointee = Int32(n.batchSize)
    }
}

@c @implementation
public func bps_network_get_time(_ net: OpaquePointer?, _ unit: UnsafePointer<CChar>?,
                                 _ outT: UnsafeMutablePointer<Double>?, _ outStep: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let (t, step) = try n.time(in: string(unit, default: "ms"))
        outT?.pointee = t
        outStep?.pointee = Int64(step)
    }
}

@c @implementation
public func bps_network_compile(_ net: OpaquePointer?) -> bps_status {
    capi { () throws(EngineError) in try Handles.network(net).compile() }
}

@c @implementation
public func bps_network_is_compiled(_ net: OpaquePointer?, _ outCompiled: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        try out(outCompiled, "out_compiled").pointee = n.isCompiled ? 1 : 0
    }
}

@c @implementation
public func bps_network_init_states(_ net: OpaquePointer?) -> bps_status {
    capi { () throws(EngineError) in try Handles.network(net).initStates() }
}

@c @implementation
public func bps_run_options_init(_ opts: UnsafeMutablePointer<bps_run_options>?) -> bps_status {
    capi { () throws(EngineError) in
        try out(opts, "opts").pointee = bps_run_options(struct_size: UInt32(MemoryLayout<bps_run_options>.size),
                                                        progress: nil, user_data: nil, progress_interval: 0)
    }
}

/// Run with the caller's progress callback, if any.
private func run(_ n: Network, steps: Int, _ opts: UnsafePointer<bps_run_options>?) throws(EngineError) {
    guard let opts else { return try n.run(steps: steps) }
    guard UnsafeRawPointer(opts).load(as: UInt32.self) >= 4 else {
        throw EngineError(.invalidArgument, "bps_run_options.struct_size is not set (use bps_run_options_init)")
    }
    let callback = field(opts, \.progress, default: nil)
    let user = field(opts, \.user_data, default: nil)
    let interval = field(opts, \.progress_interval, default: 0)
    guard interval >= 0 else { throw EngineError(.invalidArgument, "progress_interval must be >= 0, got \(interval)") }
    if let callback {
        try n.run(steps: steps, interval: Int(interval)) { done, total in
            callback(user, Int64(done), Int64(total)) == 0
        }
    } else {
        try n.run(steps: steps, interval: Int(interval))
    }
}

@c @implementation
public func bps_network_run(_ net: OpaquePointer?, _ steps: Int64, _ opts: UnsafePointer<bps_run_options>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        guard steps >= 0 else { throw EngineError(.invalidArgument, "steps must be >= 0, got \(steps)") }
        try run(n, steps: Int(steps), opts)
    }
}

@c @implementation
public func bps_network_run_for(_ net: OpaquePointer?, _ duration: Double, _ unit: UnsafePointer<CChar>?,
                                _ opts: UnsafePointer<bps_run_options>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let steps = try n.steps(for: duration, unit: string(unit, "unit"))
        try run(n, steps: steps, opts)
    }
}

@c @implementation
public func bps_network_step(_ net: OpaquePointer?, _ inputPop: Int32, _ input: UnsafeRawPointer?, _ inputLen: Int64,
                             _ inputDtype: bps_dtype, _ inputUnit: UnsafePointer<CChar>?, _ outputPop: Int32,
                             _ outSpikes: UnsafeMutablePointer<UInt8>?, _ outCapacity: Int64,
                             _ outSpikeCount: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let n = try Handles.network(net)
        let values = input == nil ? nil : try hostArray(input, inputLen, inputDtype, "step input")
        let unit = values == nil ? "" : try string(inputUnit, "input_unit")
        guard outCapacity >= 0 else { throw EngineError(.invalidArgument, "out_capacity must be >= 0") }
        let buffer = outSpikes.map { UnsafeMutableBufferPointer(start: $0, count: Int(outCapacity)) }
        let count = try n.step(inputPopulation: id(inputPop), input: values, unit: unit,
                               outputPopulation: id(outputPop), spikesOut: buffer)
        outSpikeCount?.pointee = Int64(count)
    }
}
