import CBrainpyState

/// A trainable network: brainstate.nn.Sequential of training layers with a batch axis, trained with
/// surrogate gradients and backpropagation through time in the engine, as brainpy.state trains
/// spiking networks. The owner of one `bps_sequential*` handle.
///
///     let net = try Sequential(.Linear(100, 4), .LIF(4, tau: 20.ms), .Linear(4, 2), .Expon(2, tau: 10.ms), dt: 1.ms)
///     try net.setOptimizer(.Adam(lr: 3e-3))
///     let (loss, accuracy) = try net.grad(x, steps: 200, batch: 256, labels: y)
///     try net.optimizerStep()
///
/// Every run starts every state from its initializer (init_all_states), so runs are independent.
/// One network is used by one thread at a time (the engine's rule), so the class is not Sendable.
public final class Sequential {
    /// The C handle, for calls into the C ABI that this layer does not wrap. Owned by this object.
    public let unsafeHandle: OpaquePointer
    /// brainstate.environ's dt for every layer.
    public let dt: Time
    /// The seed of every initializer's draws.
    public let seed: UInt64
    public let precision: Precision
    /// The layers added so far; a layer's index here is its index in every call.
    public private(set) var layers: [Layer] = []

    /// `bps_sequential_new`: an empty network. numThreads: worker threads of the layers' time loops
    /// (0 = all cores, 1 = the caller's thread only; results do not depend on it).
    public init(dt: Time = 0.1.ms, seed: UInt64 = 0, precision: Precision = .float32, numThreads: Int = 0) throws {
        var opts = bps_sequential_options()
        try check(bps_sequential_options_init(&opts))
        opts.dt = dt.value
        opts.seed = seed
        opts.precision = precision.rawValue
        opts.num_threads = Int32(clamping: numThreads)
        var handle: OpaquePointer?
        try dt.unit.symbol.withCString { unit in
            opts.dt_unit = unit
            try check(bps_sequential_new(&opts, &handle))
        }
        guard let handle else { throw BrainpyStateError(status: .internalError, message: "bps_sequential_new returned no handle") }
        unsafeHandle = handle
        self.dt = dt
        self.seed = seed
        self.precision = precision
    }

    /// A network of these layers, in order (brainstate.nn.Sequential(*layers)).
    public convenience init(_ first: Layer, _ rest: Layer..., dt: Time = 0.1.ms, seed: UInt64 = 0,
                            precision: Precision = .float32, numThreads: Int = 0) throws {
        try self.init(dt: dt, seed: seed, precision: precision, numThreads: numThreads)
        for layer in [first] + rest { try add(layer) }
    }

    deinit {
        _ = bps_sequential_delete(unsafeHandle)
    }

    /// The worker threads in use (0 resolved to the number of cores).
    public var numThreads: Int {
        var n: Int32 = 0
        _ = bps_sequential_get_num_threads(unsafeHandle, &n)
        return Int(n)
    }

    // MARK: - building

    /// Append a layer (its input size must be the previous layer's output size) and apply its
    /// description; returns its index. Before `setOptimizer`. If a setting is refused, the layer stays
    /// in the network with the settings applied before it, and the error says which one failed.
    @discardableResult
    public func add(_ layer: Layer) throws -> Int {
        var index: Int32 = -1
        try check(bps_sequential_add_layer(unsafeHandle, layer.kind, Int64(layer.inSize), Int64(layer.outSize), &index))
        layers.append(layer)
        for setting in layer.settings { try setting.apply(to: unsafeHandle, layer: index) }
        return Int(index)
    }

    /// A scalar parameter by brainpy.state's name (`setParam(1, "V_th", 0.8.mV)`); a time constant that
    /// is also an array ("tau") is filled with the value.
    public func setParam<D>(_ layer: Int, _ name: String, _ value: Quantity<D>) throws {
        try check(bps_sequential_set_param(unsafeHandle, Int32(clamping: layer), name, value.value, value.unit.symbol))
    }

    /// A dimensionless parameter ("amplitude", "normalize" as 0/1, "g_initializer"), or any parameter in
    /// the layer's own unit.
    public func setParam(_ layer: Int, _ name: String, _ value: Double) throws {
        try check(bps_sequential_set_param(unsafeHandle, Int32(clamping: layer), name, value, nil))
    }

    /// A scalar parameter in `unit`.
    public func param<D>(_ layer: Int, _ name: String, in unit: Unit<D>) throws -> Double {
        try param(layer, name, unit: unit.symbol)
    }

    /// A scalar parameter in the layer's own unit (ms, mV, ohm, or dimensionless).
    public func param(_ layer: Int, _ name: String) throws -> Double {
        try param(layer, name, unit: nil)
    }

    private func param(_ layer: Int, _ name: String, unit: String?) throws -> Double {
        var out = 0.0
        try check(bps_sequential_get_param(unsafeHandle, Int32(clamping: layer), name, unit, &out))
        return out
    }

    /// A neuron layer's spike reset.
    public func setSpikeReset(_ layer: Int, _ reset: SpikeReset) throws {
        try Layer.Setting.option("spk_reset", reset.rawValue).apply(to: unsafeHandle, layer: Int32(clamping: layer))
    }

    /// A neuron layer's surrogate spike function.
    public func setSurrogate(_ layer: Int, _ spkFun: Surrogate) throws {
        try Layer.Setting.surrogate(spkFun).apply(to: unsafeHandle, layer: Int32(clamping: layer))
    }

    /// Keep the layer states of every `every`-th step only and recompute the others during backward:
    /// memory for time (1, the default, keeps all; about √steps minimises memory). Gradients are the same.
    public func setCheckpointing(every: Int) throws {
        try check(bps_sequential_set_checkpointing(unsafeHandle, Int32(clamping: every)))
    }

    /// A penalty on a neuron layer's spikes, added to the loss of `grad` and `evaluate`.
    public func setRegularizer(_ layer: Int, _ regularizer: SpikeRegularizer) throws {
        let (kind, strength, target) = try regularizer.arguments()
        try check(bps_sequential_set_regularizer(unsafeHandle, Int32(clamping: layer), kind, strength, target))
    }
}

/// A penalty on the spikes of a neuron layer, as the reference examples add rate terms to the loss.
public enum SpikeRegularizer: Sendable {
    case none
    /// strength × the mean over the batch of the layer's total spike count.
    case spikeCount(strength: Double)
    /// strength × the mean over batch rows and neurons of (rate − target)², rates in Hz.
    case firingRate(strength: Double, target: Frequency)

    func arguments() throws -> (kind: String, strength: Double, target: Double) {
        switch self {
        case .none: return ("none", 0, 0)
        case .spikeCount(let strength): return ("spike_count", strength, 0)
        case .firingRate(let strength, let target): return ("firing_rate", strength, try target.value(in: .Hz))
        }
    }
}
