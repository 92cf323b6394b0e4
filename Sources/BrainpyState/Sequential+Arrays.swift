import CBrainpyState

/// A named array of a layer (brainstate's ParamState when trainable): Linear's "weight" [in, out] and
/// "bias" [out], a readout's "weight", a time constant "tau" [size].
public struct TrainingArray: Hashable, Sendable, CustomStringConvertible {
    public let layer: Int
    public let name: String
    /// Number of elements (row-major: a weight has in·out).
    public let count: Int
    /// Whether the optimizer updates it (weights and biases by default, time constants on request).
    public let isTrainable: Bool

    public var description: String { "layer \(layer) \(name) [\(count)]\(isTrainable ? " trainable" : "")" }
}

/// Arrays and their gradients by (layer, name), all elements row-major.
extension Sequential {
    /// The arrays of one layer, in the engine's order (weight before bias).
    public func arrays(of layer: Int) throws -> [TrainingArray] {
        var found: [TrainingArray] = []
        while true {
            var name: UnsafePointer<CChar>?
            var count: Int64 = 0
            var trainable: Int32 = 0
            let status = bps_sequential_array_info(unsafeHandle, Int32(clamping: layer), Int32(found.count), &name,
                                                   &count, &trainable)
            // past the last array; a bad layer index is out of range at index 0 and is reported
            if status == BPS_ERR_OUT_OF_RANGE && !found.isEmpty { return found }
            try check(status)
            found.append(TrainingArray(layer: layer, name: name.map { String(cString: $0) } ?? "", count: Int(count),
                                       isTrainable: trainable != 0))
        }
    }

    /// Every array of every layer, in layer order.
    public var arrays: [TrainingArray] {
        get throws { try layers.indices.flatMap { try arrays(of: $0) } }
    }

    /// The arrays an optimizer registers (brainstate's `net.states(ParamState)`).
    public var trainableArrays: [TrainingArray] {
        get throws { try arrays.filter(\.isTrainable) }
    }

    /// Mark an array trainable or frozen (e.g. `setTrainable(1, "tau")` to learn a time constant).
    /// Before `setOptimizer`, which registers the trainable arrays.
    public func setTrainable(_ layer: Int, _ name: String, _ trainable: Bool = true) throws {
        try check(bps_sequential_set_trainable(unsafeHandle, Int32(clamping: layer), name, trainable ? 1 : 0))
    }

    /// Draw an array anew from an initializer (with the network's seed).
    public func initArray(_ layer: Int, _ name: String, _ initializer: WeightInitializer) throws {
        try Layer.Setting.initialize(name, initializer).apply(to: unsafeHandle, layer: Int32(clamping: layer))
    }

    /// An array's values (a time constant in ms).
    public func array<T: HostFloat>(_ layer: Int, _ name: String, as _: T.Type = Double.self) throws -> [T] {
        try read(layer, name, T.self, bps_sequential_get_array)
    }

    /// Overwrite every element of an array; non-finite values (and non-positive time constants) are
    /// refused and leave it unchanged.
    public func setArray<T: HostFloat>(_ layer: Int, _ name: String, _ values: [T]) throws {
        try write(layer, name, values, bps_sequential_set_array)
    }

    /// dL/d(array) of the last `grad` call (zero for arrays whose gradient backward does not form:
    /// a time constant that is not trainable).
    public func gradient<T: HostFloat>(_ layer: Int, _ name: String, as _: T.Type = Double.self) throws -> [T] {
        try read(layer, name, T.self, bps_sequential_get_grad)
    }

    /// Replace a gradient (one the host clipped or accumulated) before `optimizerStep`.
    public func setGradient<T: HostFloat>(_ layer: Int, _ name: String, _ values: [T]) throws {
        try write(layer, name, values, bps_sequential_set_grad)
    }

    private typealias Reader = (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?, Int64, bps_dtype,
                                UnsafeMutablePointer<Int64>?) -> bps_status
    private typealias Writer = (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeRawPointer?, Int64, bps_dtype) -> bps_status

    private func read<T: HostFloat>(_ layer: Int, _ name: String, _: T.Type, _ call: Reader) throws -> [T] {
        let type = try dtype(of: T.self)
        let l = Int32(clamping: layer)
        return try readQueryingLength(zero: T.zero) { p, cap, len in call(unsafeHandle, l, name, p, cap, type, len) }
    }

    private func write<T: HostFloat>(_ layer: Int, _ name: String, _ values: [T], _ call: Writer) throws {
        let type = try dtype(of: T.self)
        try check(values.withUnsafeBytes { raw in
            call(unsafeHandle, Int32(clamping: layer), name, raw.baseAddress, Int64(values.count), type)
        })
    }
}

/// `readArray` for arrays whose length the caller does not know: a length query (NULL, 0) first.
func readQueryingLength<T>(zero: T, _ call: (UnsafeMutablePointer<T>?, Int64, UnsafeMutablePointer<Int64>) -> bps_status)
    throws -> [T] {
    var needed: Int64 = 0
    try check(call(nil, 0, &needed))
    return try readArray(count: Int(needed), zero: zero, call)
}
