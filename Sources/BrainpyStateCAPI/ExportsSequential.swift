import BrainpyStateCore
import CBrainpyState

// The training ABI: bps_sequential_* over BrainpyStateCore.Sequential (see the header's section).

/// Layer kinds and array names as static C strings (the header promises static storage).
private let layerKinds: [StaticString] = ["Linear", "SparseLinear", "Expon", "DualExpon", "Alpha", "IF", "LIF", "LIFRef", "ALIF", "LeakyRateReadout"]
private let arrayNames: [StaticString] = ["weight", "bias", "tau"]

private func staticName(_ s: String, _ table: [StaticString]) throws(EngineError) -> UnsafePointer<CChar> {
    guard let hit = table.first(where: { $0.description == s }) else { throw EngineError(.internal, "no static name for '\(s)'") }
    return UnsafeRawPointer(hit.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// n (key, value) pairs of keyword arguments.
private func keywords(_ n: Int64, _ keys: UnsafePointer<UnsafePointer<CChar>?>?, _ values: UnsafePointer<Double>?)
    throws(EngineError) -> ([String], [Double]) {
    guard n >= 0 else { throw EngineError(.invalidArgument, "negative keyword count \(n)") }
    guard n > 0 else { return ([], []) }
    guard let keys, let values else { throw EngineError(.nullPointer, "keys or values is NULL but n is \(n)") }
    var ks: [String] = []
    for i in 0..<Int(n) { ks.append(try string(keys[i], "keys[\(i)]")) }
    return (ks, (0..<Int(n)).map { values[$0] })
}

private func layerIndex(_ layer: Int32) -> Int { Int(layer) }

@c @implementation
public func bps_sequential_options_init(_ opts: UnsafeMutablePointer<bps_sequential_options>?) -> bps_status {
    capi { () throws(EngineError) in
        try out(opts, "opts").pointee = bps_sequential_options(
            struct_size: UInt32(MemoryLayout<bps_sequential_options>.size), dt: 0.1, dt_unit: nil, seed: 0, precision: 32,
            num_threads: 0)
    }
}

@c @implementation
public func bps_sequential_new(_ opts: UnsafePointer<bps_sequential_options>?,
                               _ outSeq: UnsafeMutablePointer<OpaquePointer?>?) -> bps_status {
    capi { () throws(EngineError) in
        let o = try out(outSeq, "out_seq")
        var dt = 0.1, unit = "ms", seed: UInt64 = 0, precision: Int32 = 32, threads: Int32 = 0
        if let opts {
            guard UnsafeRawPointer(opts).load(as: UInt32.self) >= 4 else {
                throw EngineError(.invalidArgument, "bps_sequential_options.struct_size is not set (use bps_sequential_options_init)")
            }
            dt = field(opts, \.dt, default: dt)
            unit = string(field(opts, \.dt_unit, default: nil), default: unit)
            seed = field(opts, \.seed, default: seed)
            precision = field(opts, \.precision, default: precision)
            threads = field(opts, \.num_threads, default: threads)
        }
        o.pointee = Handles.register(try Sequential(dt: dt, dtUnit: unit, seed: seed, precision: Int(precision),
                                                    numThreads: Int(threads)))
    }
}

@c @implementation
public func bps_sequential_delete(_ seq: OpaquePointer?) -> bps_status {
    capi { () throws(EngineError) in
        guard let seq else { return }
        guard Handles.deleteSequential(seq) else {
            throw EngineError(.badHandle, "sequential handle \(Handles.hex(UInt(bitPattern: UnsafeMutableRawPointer(seq)))) is not a live sequential (deleted or foreign)")
        }
    }
}

@c @implementation
public func bps_sequential_add_layer(_ seq: OpaquePointer?, _ kind: UnsafePointer<CChar>?, _ inSize: Int64, _ outSize: Int64,
                                     _ outLayer: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let k = try string(kind, "kind")
        guard inSize > 0, outSize > 0, inSize <= Int64(Int32.max), outSize <= Int64(Int32.max) else {
            throw EngineError(.invalidArgument, "\(k): sizes must be in 1...\(Int32.max), got \(inSize) → \(outSize)")
        }
        let index = try s.addLayer(k, inSize: Int(inSize), outSize: Int(outSize))
        outLayer?.pointee = Int32(index)
    }
}

@c @implementation
public func bps_sequential_num_layers(_ seq: OpaquePointer?, _ outCount: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        try out(outCount, "out_count").pointee = Int32(s.layerCount)
    }
}

@c @implementation
public func bps_sequential_get_num_threads(_ seq: OpaquePointer?, _ outThreads: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        try out(outThreads, "out_num_threads").pointee = Int32(s.numThreads)
    }
}

@c @implementation
public func bps_sequential_layer_info(_ seq: OpaquePointer?, _ layer: Int32, _ outKind: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                      _ outIn: UnsafeMutablePointer<Int64>?, _ outOut: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let info = try Handles.sequential(seq).layerInfo(layerIndex(layer))
        outKind?.pointee = try staticName(info.kind, layerKinds)
        outIn?.pointee = Int64(info.inSize)
        outOut?.pointee = Int64(info.outSize)
    }
}

@c @implementation
public func bps_sequential_array_info(_ seq: OpaquePointer?, _ layer: Int32, _ index: Int32,
                                      _ outName: UnsafeMutablePointer<UnsafePointer<CChar>?>?,
                                      _ outLen: UnsafeMutablePointer<Int64>?, _ outTrainable: UnsafeMutablePointer<Int32>?) -> bps_status {
    capi { () throws(EngineError) in
        let arrays = try Handles.sequential(seq).arrays(layerIndex(layer))
        guard index >= 0, Int(index) < arrays.count else {
            throw EngineError(.outOfRange, "layer \(layer) has \(arrays.count) arrays; index \(index) is out of range")
        }
        let a = arrays[Int(index)]
        outName?.pointee = try staticName(a.name, arrayNames)
        outLen?.pointee = Int64(a.shape.reduce(1, *))
        outTrainable?.pointee = a.trainable ? 1 : 0
    }
}

@c @implementation
public func bps_sequential_set_param(_ seq: OpaquePointer?, _ layer: Int32, _ name: UnsafePointer<CChar>?, _ value: Double,
                                     _ unit: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        try Handles.sequential(seq).setParam(layerIndex(layer), try string(name, "name"), value, unit: unit.map { String(cString: $0) })
    }
}

@c @implementation
public func bps_sequential_get_param(_ seq: OpaquePointer?, _ layer: Int32, _ name: UnsafePointer<CChar>?,
                                     _ unit: UnsafePointer<CChar>?, _ outValue: UnsafeMutablePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let o = try out(outValue, "out_value")
        o.pointee = try s.getParam(layerIndex(layer), try string(name, "name"), unit: unit.map { String(cString: $0) })
    }
}

@c @implementation
public func bps_sequential_set_option(_ seq: OpaquePointer?, _ layer: Int32, _ name: UnsafePointer<CChar>?,
                                      _ value: UnsafePointer<CChar>?) -> bps_status {
    capi { () throws(EngineError) in
        try Handles.sequential(seq).setOption(layerIndex(layer), try string(name, "name"), try string(value, "value"))
    }
}

@c @implementation
public func bps_sequential_set_surrogate(_ seq: OpaquePointer?, _ layer: Int32, _ name: UnsafePointer<CChar>?, _ n: Int64,
                                         _ keys: UnsafePointer<UnsafePointer<CChar>?>?, _ values: UnsafePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let (ks, vs) = try keywords(n, keys, values)
        try s.setSurrogate(layerIndex(layer), try string(name, "name"), keys: ks, values: vs)
    }
}

@c @implementation
public func bps_sequential_init_array(_ seq: OpaquePointer?, _ layer: Int32, _ array: UnsafePointer<CChar>?,
                                      _ initializer: UnsafePointer<CChar>?, _ n: Int64,
                                      _ keys: UnsafePointer<UnsafePointer<CChar>?>?, _ values: UnsafePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let (ks, vs) = try keywords(n, keys, values)
        try s.initArray(layerIndex(layer), try string(array, "array"), initializer: try string(initializer, "initializer"),
                        keys: ks, values: vs)
    }
}

@c @implementation
public func bps_sequential_set_array(_ seq: OpaquePointer?, _ layer: Int32, _ array: UnsafePointer<CChar>?,
                                     _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let name = try string(array, "array")
        try s.setArray(layerIndex(layer), name, try hostArray(values, len, dtype, name))
    }
}

@c @implementation
public func bps_sequential_get_array(_ seq: OpaquePointer?, _ layer: Int32, _ array: UnsafePointer<CChar>?,
                                     _ outValues: UnsafeMutableRawPointer?, _ capacity: Int64, _ dtype: bps_dtype,
                                     _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let name = try string(array, "array")
        try writeValues(try s.getArray(layerIndex(layer), name), outValues, capacity, dtype, outLen, floatOnly: true, name)
    }
}

@c @implementation
public func bps_sequential_set_trainable(_ seq: OpaquePointer?, _ layer: Int32, _ array: UnsafePointer<CChar>?,
                                         _ trainable: Int32) -> bps_status {
    capi { () throws(EngineError) in
        try Handles.sequential(seq).setTrainable(layerIndex(layer), try string(array, "array"), trainable != 0)
    }
}

@c @implementation
public func bps_sequential_set_checkpointing(_ seq: OpaquePointer?, _ every: Int32) -> bps_status {
    capi { () throws(EngineError) in try Handles.sequential(seq).setCheckpointing(every: Int(every)) }
}

/// The [steps, batch, in] input of a run.
private func runInput(_ s: Sequential, _ x: UnsafeRawPointer?, _ dtype: bps_dtype, _ steps: Int64, _ batch: Int64)
    throws(EngineError) -> HostArray {
    guard s.layerCount > 0 else { throw EngineError(.badState, "the network has no layers") }
    guard steps > 0, batch > 0 else { throw EngineError(.invalidArgument, "steps and batch must be positive, got \(steps), \(batch)") }
    let width = Int64(try s.layerInfo(0).inSize)
    let (rows, o1) = steps.multipliedReportingOverflow(by: batch)
    let (n, o2) = rows.multipliedReportingOverflow(by: width)
    guard !o1, !o2 else { throw EngineError(.outOfRange, "steps × batch × in overflows") }
    guard dtype == BPS_DTYPE_FLOAT32 || dtype == BPS_DTYPE_FLOAT64 || dtype == BPS_DTYPE_UINT8 else {
        throw EngineError(.type, "x: inputs are float32, float64 or uint8 (spikes)")
    }
    return try hostArray(x, n, dtype, "x")
}

@c @implementation
public func bps_sequential_forward(_ seq: OpaquePointer?, _ x: UnsafeRawPointer?, _ dtype: bps_dtype, _ steps: Int64,
                                   _ batch: Int64) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        try s.forward(try runInput(s, x, dtype, steps, batch), steps: Int(steps), batch: Int(batch))
    }
}

@c @implementation
public func bps_sequential_get_output(_ seq: OpaquePointer?, _ layer: Int32, _ outValues: UnsafeMutableRawPointer?,
                                      _ capacity: Int64, _ dtype: bps_dtype, _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let values = try s.activation(layer == -1 ? nil : layerIndex(layer))
        try writeValues(values, outValues, capacity, dtype, outLen, floatOnly: false, "output")
    }
}

@c @implementation
public func bps_loss_options_init(_ opts: UnsafeMutablePointer<bps_loss_options>?) -> bps_status {
    capi { () throws(EngineError) in
        try out(opts, "opts").pointee = bps_loss_options(struct_size: UInt32(MemoryLayout<bps_loss_options>.size),
                                                         loss: nil, reduce: nil)
    }
}

private func lossSpec(_ opts: UnsafePointer<bps_loss_options>?) throws(EngineError) -> LossSpec {
    var loss = LossSpec.Kind.softmaxCrossEntropy.rawValue, reduce = "mean"
    if let opts {
        guard UnsafeRawPointer(opts).load(as: UInt32.self) >= 4 else {
            throw EngineError(.invalidArgument, "bps_loss_options.struct_size is not set (use bps_loss_options_init)")
        }
        loss = string(field(opts, \.loss, default: nil), default: loss)
        reduce = string(field(opts, \.reduce, default: nil), default: reduce)
    }
    return try LossSpec(kind: loss, reduce: reduce)
}

/// grad and evaluate share their arguments.
private func lossCall(_ seq: OpaquePointer?, _ x: UnsafeRawPointer?, _ dtype: bps_dtype, _ steps: Int64, _ batch: Int64,
                      _ opts: UnsafePointer<bps_loss_options>?, _ target: UnsafeRawPointer?, _ targetLen: Int64,
                      _ targetDtype: bps_dtype, _ outLoss: UnsafeMutablePointer<Double>?,
                      _ outAccuracy: UnsafeMutablePointer<Double>?, withGradient: Bool) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let input = try runInput(s, x, dtype, steps, batch)
        let spec = try lossSpec(opts)
        let t = try hostArray(target, targetLen, targetDtype, "target")
        let r = withGradient
            ? try s.grad(input, steps: Int(steps), batch: Int(batch), loss: spec, target: t)
            : try s.evaluate(input, steps: Int(steps), batch: Int(batch), loss: spec, target: t)
        outLoss?.pointee = r.loss
        outAccuracy?.pointee = r.accuracy
    }
}

@c @implementation
public func bps_sequential_grad(_ seq: OpaquePointer?, _ x: UnsafeRawPointer?, _ dtype: bps_dtype, _ steps: Int64, _ batch: Int64,
                                _ opts: UnsafePointer<bps_loss_options>?, _ target: UnsafeRawPointer?, _ targetLen: Int64,
                                _ targetDtype: bps_dtype, _ outLoss: UnsafeMutablePointer<Double>?,
                                _ outAccuracy: UnsafeMutablePointer<Double>?) -> bps_status {
    lossCall(seq, x, dtype, steps, batch, opts, target, targetLen, targetDtype, outLoss, outAccuracy, withGradient: true)
}

@c @implementation
public func bps_sequential_evaluate(_ seq: OpaquePointer?, _ x: UnsafeRawPointer?, _ dtype: bps_dtype, _ steps: Int64,
                                    _ batch: Int64, _ opts: UnsafePointer<bps_loss_options>?, _ target: UnsafeRawPointer?,
                                    _ targetLen: Int64, _ targetDtype: bps_dtype, _ outLoss: UnsafeMutablePointer<Double>?,
                                    _ outAccuracy: UnsafeMutablePointer<Double>?) -> bps_status {
    lossCall(seq, x, dtype, steps, batch, opts, target, targetLen, targetDtype, outLoss, outAccuracy, withGradient: false)
}

@c @implementation
public func bps_sequential_get_grad(_ seq: OpaquePointer?, _ layer: Int32, _ array: UnsafePointer<CChar>?,
                                    _ outValues: UnsafeMutableRawPointer?, _ capacity: Int64, _ dtype: bps_dtype,
                                    _ outLen: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let name = try string(array, "array")
        try writeValues(try s.getGrad(layerIndex(layer), name), outValues, capacity, dtype, outLen, floatOnly: true, "gradient of \(name)")
    }
}

@c @implementation
public func bps_sequential_set_grad(_ seq: OpaquePointer?, _ layer: Int32, _ array: UnsafePointer<CChar>?,
                                    _ values: UnsafeRawPointer?, _ len: Int64, _ dtype: bps_dtype) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let name = try string(array, "array")
        try s.setGrad(layerIndex(layer), name, try hostArray(values, len, dtype, "gradient of \(name)"))
    }
}

@c @implementation
public func bps_sequential_set_regularizer(_ seq: OpaquePointer?, _ layer: Int32, _ kind: UnsafePointer<CChar>?,
                                           _ strength: Double, _ target: Double) -> bps_status {
    capi { () throws(EngineError) in
        try Handles.sequential(seq).setRegularizer(layerIndex(layer), try string(kind, "kind"), strength: strength, target: target)
    }
}

@c @implementation
public func bps_sequential_set_optimizer(_ seq: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ n: Int64,
                                        _ keys: UnsafePointer<UnsafePointer<CChar>?>?, _ values: UnsafePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let (ks, vs) = try keywords(n, keys, values)
        try s.setOptimizer(try string(name, "name"), keys: ks, values: vs)
    }
}

@c @implementation
public func bps_sequential_set_scheduler(_ seq: OpaquePointer?, _ name: UnsafePointer<CChar>?, _ n: Int64,
                                        _ keys: UnsafePointer<UnsafePointer<CChar>?>?, _ values: UnsafePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        let (ks, vs) = try keywords(n, keys, values)
        try s.setScheduler(try string(name, "name"), keys: ks, values: vs)
    }
}

@c @implementation
public func bps_sequential_optimizer_step(_ seq: OpaquePointer?) -> bps_status {
    capi { () throws(EngineError) in try Handles.sequential(seq).optimizerStep() }
}

@c @implementation
public func bps_sequential_scheduler_step(_ seq: OpaquePointer?) -> bps_status {
    capi { () throws(EngineError) in try Handles.sequential(seq).schedulerStep() }
}

@c @implementation
public func bps_sequential_get_lr(_ seq: OpaquePointer?, _ outLR: UnsafeMutablePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        try out(outLR, "out_lr").pointee = try s.learningRate()
    }
}

@c @implementation
public func bps_sequential_get_step_count(_ seq: OpaquePointer?, _ outCount: UnsafeMutablePointer<Int64>?) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        try out(outCount, "out_count").pointee = Int64(try s.optimizerStepCount())
    }
}

@c @implementation
public func bps_surrogate_eval(_ name: UnsafePointer<CChar>?, _ n: Int64, _ keys: UnsafePointer<UnsafePointer<CChar>?>?,
                               _ values: UnsafePointer<Double>?, _ x: UnsafePointer<Double>?, _ len: Int64,
                               _ outForward: UnsafeMutablePointer<Double>?, _ outGrad: UnsafeMutablePointer<Double>?) -> bps_status {
    capi { () throws(EngineError) in
        var s = try Surrogate(named: try string(name, "name"))
        let (ks, vs) = try keywords(n, keys, values)
        for (k, v) in zip(ks, vs) { try s.set(k, v) }
        guard len >= 0 else { throw EngineError(.invalidArgument, "negative length \(len)") }
        guard len > 0 else { return }
        guard let x else { throw EngineError(.nullPointer, "x is NULL") }
        for i in 0..<Int(len) {
            outForward?[i] = Surrogate.heaviside(x[i])
            outGrad?[i] = s.derivative(x[i])
        }
    }
}

@c @implementation
public func bps_sequential_set_connections(_ seq: OpaquePointer?, _ layer: Int32, _ pre: UnsafePointer<Int64>?,
                                           _ post: UnsafePointer<Int64>?, _ n: Int64) -> bps_status {
    capi { () throws(EngineError) in
        let s = try Handles.sequential(seq)
        guard n > 0 else { throw EngineError(.invalidArgument, "SparseLinear needs at least one connection, got \(n)") }
        guard n <= Int64(Sequential.maxArrayElements) else {
            throw EngineError(.outOfRange, "SparseLinear: \(n) connections, at most \(Sequential.maxArrayElements)")
        }
        guard let pre, let post else { throw EngineError(.nullPointer, "pre or post is NULL") }
        try s.setConnections(layerIndex(layer), pre: (0..<Int(n)).map { Int(pre[$0]) }, post: (0..<Int(n)).map { Int(post[$0]) })
    }
}
