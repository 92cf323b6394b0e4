/// A trainable feed-forward network (brainstate.nn.Sequential of Linear, synapse, neuron and readout
/// layers) with a batch axis: described layer by layer, then run over [T, B, in] inputs, differentiated
/// through time and updated by an optimizer. This is the host-facing, float-type-erased face of
/// `SequentialEngine`; the C ABI's bps_sequential_* functions map onto it one to one.
public final class Sequential {
    public let precision: Int
    public let dt: Double
    /// The largest array a layer may hold (weights, connections, a run's values per layer).
    public static var maxArrayElements: Int { SequentialEngine<Float>.maxElements }
    private let engine: any SequentialOps

    /// dt in `dtUnit`; precision 32 or 64; numThreads worker threads (0 = all cores, 1 = the caller's
    /// thread only).
    public init(dt: Double, dtUnit: String, seed: UInt64, precision: Int, numThreads: Int = 0) throws(EngineError) {
        let unit = try UnitParser.parse(dtUnit, expecting: .time, for: "dt")
        let dtMs = dt * unit.scale
        guard dtMs.isFinite, dtMs > 0 else { throw EngineError.invalid("dt must be positive and finite, got \(dt) \(dtUnit)") }
        guard (0...256).contains(numThreads) else {
            throw EngineError.invalid("num_threads must be between 0 (all cores) and 256, got \(numThreads)")
        }
        let threads = numThreads == 0 ? SystemInfo.cpuCount : numThreads
        switch precision {
        case 32: engine = try SequentialEngine<Float>(dt: dtMs, seed: seed, threads: threads)
        case 64: engine = try SequentialEngine<Double>(dt: dtMs, seed: seed, threads: threads)
        default: throw EngineError.invalid("precision must be 32 or 64, got \(precision)")
        }
        self.precision = precision
        self.dt = dtMs
    }

    public func addLayer(_ kind: String, inSize: Int, outSize: Int) throws(EngineError) -> Int {
        try engine.add(kind: kind, inSize: inSize, outSize: outSize)
    }
    public var layerCount: Int { engine.layerCount }
    /// The worker threads in use (after resolving 0 = all cores).
    public var numThreads: Int { engine.threads }
    public func layerInfo(_ layer: Int) throws(EngineError) -> (kind: String, inSize: Int, outSize: Int) { try engine.info(layer) }
    /// The layer's arrays: name, shape, trainable.
    public func arrays(_ layer: Int) throws(EngineError) -> [(name: String, shape: [Int], trainable: Bool)] { try engine.arrays(layer) }

    /// A scalar setting given in `unit` (nil: the layer's own unit — ms, mV, ohm, or dimensionless).
    public func setParam(_ layer: Int, _ name: String, _ value: Double, unit: String?) throws(EngineError) {
        try engine.setParam(layer, name, value, unit: unit)
    }
    public func getParam(_ layer: Int, _ name: String, unit: String?) throws(EngineError) -> Double {
        try engine.getParam(layer, name, unit: unit)
    }
    /// "spk_reset" = soft | hard, "spk_fun" = a surrogate name (default parameters), "bias" = none.
    public func setOption(_ layer: Int, _ name: String, _ value: String) throws(EngineError) {
        try engine.setOption(layer, name, value)
    }
    public func setSurrogate(_ layer: Int, _ name: String, keys: [String], values: [Double]) throws(EngineError) {
        var s = try Surrogate(named: name)
        for (k, v) in zip(keys, values) { try s.set(k, v) }
        try engine.setSurrogate(layer, s)
    }
    public func initArray(_ layer: Int, _ name: String, initializer: String, keys: [String], values: [Double]) throws(EngineError) {
        try engine.initialize(layer, name, WeightInit(named: initializer, keys: keys, values: values))
    }
    public func setArray(_ layer: Int, _ name: String, _ values: HostArray) throws(EngineError) { try engine.setArray(layer, name, values) }
    public func getArray(_ layer: Int, _ name: String) throws(EngineError) -> [Double] { try engine.getArray(layer, name) }
    public func setGrad(_ layer: Int, _ name: String, _ values: HostArray) throws(EngineError) { try engine.setGrad(layer, name, values) }
    public func getGrad(_ layer: Int, _ name: String) throws(EngineError) -> [Double] { try engine.getGrad(layer, name) }
    public func setTrainable(_ layer: Int, _ name: String, _ on: Bool) throws(EngineError) { try engine.setTrainable(layer, name, on) }
    /// A SparseLinear layer's synapses: pre[k] → post[k].
    public func setConnections(_ layer: Int, pre: [Int], post: [Int]) throws(EngineError) {
        try engine.connect(layer, pre: pre, post: post)
    }

    /// Keep the states of every K-th step only and recompute the rest during backward (1: keep all).
    public func setCheckpointing(every: Int) throws(EngineError) {
        guard every >= 1 else { throw EngineError.invalid("checkpoint interval must be ≥ 1, got \(every)") }
        engine.setCheckpointing(every)
    }

    public func forward(_ x: HostArray, steps: Int, batch: Int) throws(EngineError) { try engine.forward(x, steps: steps, batch: batch) }
    /// The last forward pass's output of `layer` ([T, B, out]); nil: the network's output.
    public func activation(_ layer: Int?) throws(EngineError) -> [Double] { try engine.activation(layer) }

    public func grad(_ x: HostArray, steps: Int, batch: Int, loss: LossSpec, target: HostArray) throws(EngineError) -> (loss: Double, accuracy: Double) {
        try engine.grad(x, steps: steps, batch: batch, spec: loss, target: target)
    }
    public func evaluate(_ x: HostArray, steps: Int, batch: Int, loss: LossSpec, target: HostArray) throws(EngineError) -> (loss: Double, accuracy: Double) {
        try engine.evaluate(x, steps: steps, batch: batch, spec: loss, target: target)
    }

    /// kind "spike_count" (λ·mean over the batch of the spike count), "firing_rate" (λ·mean of
    /// (rate in Hz − target)²) or "none".
    public func setRegularizer(_ layer: Int, _ kind: String, strength: Double, target: Double) throws(EngineError) {
        try engine.setRegularizer(layer, kind, strength: strength, target: target)
    }

    public func setOptimizer(_ name: String, keys: [String], values: [Double]) throws(EngineError) {
        try engine.setOptimizer(name, keys: keys, values: values)
    }
    public func setScheduler(_ name: String, keys: [String], values: [Double]) throws(EngineError) {
        try engine.setScheduler(name, keys: keys, values: values)
    }
    public func optimizerStep() throws(EngineError) { try engine.optimizerStep() }
    public func schedulerStep() throws(EngineError) { try engine.schedulerStep() }
    public func learningRate() throws(EngineError) -> Double { try engine.learningRate() }
    public func optimizerStepCount() throws(EngineError) -> Int { try engine.optimizerStepCount() }
}

/// What `Sequential` needs of an engine, independent of its float type.
protocol SequentialOps: AnyObject {
    func add(kind: String, inSize: Int, outSize: Int) throws(EngineError) -> Int
    var layerCount: Int { get }
    var threads: Int { get }
    func info(_ layer: Int) throws(EngineError) -> (kind: String, inSize: Int, outSize: Int)
    func arrays(_ layer: Int) throws(EngineError) -> [(name: String, shape: [Int], trainable: Bool)]
    func setParam(_ layer: Int, _ name: String, _ value: Double, unit: String?) throws(EngineError)
    func getParam(_ layer: Int, _ name: String, unit: String?) throws(EngineError) -> Double
    func setOption(_ layer: Int, _ name: String, _ value: String) throws(EngineError)
    func setSurrogate(_ layer: Int, _ s: Surrogate) throws(EngineError)
    func initialize(_ layer: Int, _ name: String, _ initializer: WeightInit) throws(EngineError)
    func setArray(_ layer: Int, _ name: String, _ values: HostArray) throws(EngineError)
    func getArray(_ layer: Int, _ name: String) throws(EngineError) -> [Double]
    func setGrad(_ layer: Int, _ name: String, _ values: HostArray) throws(EngineError)
    func getGrad(_ layer: Int, _ name: String) throws(EngineError) -> [Double]
    func setTrainable(_ layer: Int, _ name: String, _ on: Bool) throws(EngineError)
    func connect(_ layer: Int, pre: [Int], post: [Int]) throws(EngineError)
    func setCheckpointing(_ every: Int)
    func forward(_ x: HostArray, steps: Int, batch: Int) throws(EngineError)
    func activation(_ layer: Int?) throws(EngineError) -> [Double]
    func grad(_ x: HostArray, steps: Int, batch: Int, spec: LossSpec, target: HostArray) throws(EngineError) -> (Double, Double)
    func evaluate(_ x: HostArray, steps: Int, batch: Int, spec: LossSpec, target: HostArray) throws(EngineError) -> (Double, Double)
    func setRegularizer(_ layer: Int, _ kind: String, strength: Double, target: Double) throws(EngineError)
    func setOptimizer(_ name: String, keys: [String], values: [Double]) throws(EngineError)
    func setScheduler(_ name: String, keys: [String], values: [Double]) throws(EngineError)
    func optimizerStep() throws(EngineError)
    func schedulerStep() throws(EngineError)
    func learningRate() throws(EngineError) -> Double
    func optimizerStepCount() throws(EngineError) -> Int
}

extension SequentialEngine: SequentialOps {
    var layerCount: Int { layers.count }

    func info(_ layer: Int) throws(EngineError) -> (kind: String, inSize: Int, outSize: Int) {
        let l = try self.layer(layer)
        return (l.kind, l.inSize, l.outSize)
    }

    func arrays(_ layer: Int) throws(EngineError) -> [(name: String, shape: [Int], trainable: Bool)] {
        try self.layer(layer).params.map { ($0.name, $0.shape, $0.trainable) }
    }

    /// The factor from `unit` into the setting's own unit.
    private func factor(_ l: TrainLayer<F>, _ name: String, _ unit: String?) throws(EngineError) -> Double {
        guard let spec = l.settingSpecs.first(where: { $0.name == name }) else {
            throw EngineError.unknown("\(l.kind) has no parameter '\(name)' (it has: \(l.settingSpecs.map(\.name).joined(separator: ", ")))")
        }
        guard let unit else { return 1 }
        let own = try UnitParser.parse(spec.unit)
        let given = try UnitParser.parse(unit, expecting: own.dimension, for: "\(l.kind).\(name)")
        return ParsedUnit(dimension: .one, exponent: given.exponent - own.exponent).scale
    }

    func setParam(_ layer: Int, _ name: String, _ value: Double, unit: String?) throws(EngineError) {
        let l = try self.layer(layer)
        try l.set(name, value * factor(l, name, unit))
        invalidateGradients()
    }

    func getParam(_ layer: Int, _ name: String, unit: String?) throws(EngineError) -> Double {
        let l = try self.layer(layer)
        return l.setting(name) / (try factor(l, name, unit))
    }

    func setOption(_ layer: Int, _ name: String, _ value: String) throws(EngineError) {
        let l = try self.layer(layer)
        switch (name, l.isNeuron) {
        case ("spk_reset", true):
            guard value == "soft" || value == "hard" else {
                throw EngineError.invalid("\(l.kind).spk_reset must be \"soft\" or \"hard\", got \"\(value)\"")
            }
            l.hardReset = value == "hard"
        case ("spk_fun", true):
            l.surrogate = try Surrogate(named: value)
        case ("bias", _) where l is LinearLayer<F>:
            guard value == "none" else { throw EngineError.invalid("Linear option bias takes \"none\" (b_init=None), got \"\(value)\"") }
            guard optimizer == nil else { throw EngineError.state("remove the bias before registering an optimizer") }
            (l as! LinearLayer<F>).removeBias()
        default:
            throw EngineError.unknown("\(l.kind) has no option '\(name)' (\(l.isNeuron ? "spk_reset, spk_fun" : l is LinearLayer<F> ? "bias" : "none"))")
        }
        invalidateGradients()
    }

    func setSurrogate(_ layer: Int, _ s: Surrogate) throws(EngineError) {
        let l = try self.layer(layer)
        guard l.isNeuron else { throw EngineError.invalid("\(l.kind) (layer \(layer)) is not a neuron layer: it has no spk_fun") }
        l.surrogate = s
        invalidateGradients()
    }

    func setArray(_ layer: Int, _ name: String, _ values: HostArray) throws(EngineError) {
        if let bad = values.firstNonFinite() { throw EngineError.invalid("\(name)[\(bad)] is not finite") }
        try array(layer, name).assign(values.doubles(), owner: layers[layer].kind)
        invalidateGradients()
    }

    func getArray(_ layer: Int, _ name: String) throws(EngineError) -> [Double] {
        try array(layer, name).value.map(Double.init)
    }

    func setGrad(_ layer: Int, _ name: String, _ values: HostArray) throws(EngineError) {
        let p = try array(layer, name)
        guard values.count == p.count else { throw EngineError.range("gradient of \(name): \(values.count) values for \(p.count) elements") }
        if let bad = values.firstNonFinite() { throw EngineError.invalid("gradient of \(name)[\(bad)] is not finite") }
        p.grad = values.doubles().map { F($0) }
        markGradientsWritten()
    }

    func getGrad(_ layer: Int, _ name: String) throws(EngineError) -> [Double] {
        try array(layer, name).grad.map(Double.init)
    }

    func setTrainable(_ layer: Int, _ name: String, _ on: Bool) throws(EngineError) {
        guard optimizer == nil else { throw EngineError.state("choose the trainable arrays before registering an optimizer") }
        try array(layer, name).trainable = on
    }

    func setCheckpointing(_ every: Int) { checkpointEvery = every }

    func activation(_ layer: Int?) throws(EngineError) -> [Double] {
        guard !outputs.isEmpty, steps > 0 else { throw EngineError.state("nothing has run yet: forward, grad or evaluate first") }
        let k = try layer.map { (i: Int) throws(EngineError) -> Int in _ = try self.layer(i); return i } ?? layers.count - 1
        return outputs[k].values.map(Double.init)
    }

    func setRegularizer(_ layer: Int, _ kind: String, strength: Double, target: Double) throws(EngineError) {
        let l = try self.layer(layer)
        if kind == "none" { regularizers[layer] = nil; return }
        guard l.isNeuron else { throw EngineError.invalid("a spike regularizer needs a neuron layer; layer \(layer) is \(l.kind)") }
        guard let k = Regularizer.Kind(rawValue: kind) else {
            throw EngineError.unknown("unknown regularizer '\(kind)' (spike_count, firing_rate, none)")
        }
        guard strength.isFinite, strength >= 0, target.isFinite else {
            throw EngineError.invalid("regularizer strength must be finite and ≥ 0 and its target finite")
        }
        regularizers[layer] = Regularizer(kind: k, strength: strength, target: target)
    }

    func setOptimizer(_ name: String, keys: [String], values: [Double]) throws(EngineError) {
        let params = trainable
        guard !params.isEmpty else { throw EngineError.state("the network has no trainable arrays to register") }
        optimizer = try Optimizer(named: name, keys: keys, values: values, params: params)
    }

    private func requireOptimizer() throws(EngineError) -> Optimizer<F> {
        guard let optimizer else { throw EngineError.state("no optimizer registered (set one first)") }
        return optimizer
    }

    func setScheduler(_ name: String, keys: [String], values: [Double]) throws(EngineError) {
        let o = try requireOptimizer()
        o.scheduler = try LRScheduler(named: name, keys: keys, values: values, baseLR: o.scheduler.baseLR)
    }

    func schedulerStep() throws(EngineError) { try requireOptimizer().scheduler.step() }
    func learningRate() throws(EngineError) -> Double { try requireOptimizer().lr }
    func optimizerStepCount() throws(EngineError) -> Int { try requireOptimizer().stepCount }
}
