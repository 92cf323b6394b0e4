/// A spike-count or firing-rate penalty on a neuron layer's output, added to the loss.
struct Regularizer {
    enum Kind: String { case spikeCount = "spike_count", firingRate = "firing_rate" }
    let kind: Kind
    /// λ
    let strength: Double
    /// firing_rate: the rate (Hz) the penalty pulls towards.
    let target: Double
}

/// The training engine of one float type: the layers, the activations of the last forward pass,
/// the optimizer. Runs layer by layer over the whole sequence (see TrainLayer).
final class SequentialEngine<F: SimFloat> {
    let dt: Double
    let rng: Philox
    var layers: [TrainLayer<F>] = []
    var checkpointEvery = 1
    /// outputs[k]: the output of layer k over the last run ([T, B, out_k]), reused between runs.
    private(set) var outputs: [TrainBuffer<F>] = []
    private(set) var steps = 0
    private(set) var batch = 0
    var regularizers: [Int: Regularizer] = [:]
    var optimizer: Optimizer<F>?
    /// Whether the parameters' gradients belong to the current parameter values' last grad call.
    private(set) var hasGradients = false

    /// The largest array a layer may hold (weights, or a run's values per layer): 2^28, 1 GiB in
    /// float32. Larger requests are refused instead of failing an allocation inside the host.
    static var maxElements: Int { 1 << 28 }

    /// Worker threads of the element-wise layers' time loops and of the input scan (nil: the caller's
    /// thread only). Results do not depend on their number.
    let pool: WorkerPool?

    init(dt: Double, seed: UInt64, threads: Int = 1) throws(EngineError) {
        self.dt = dt
        self.rng = Philox(seed: seed)
        pool = threads > 1 ? try WorkerPool(count: threads) : nil
    }

    var threads: Int { pool?.count ?? 1 }

    func add(kind: String, inSize: Int, outSize: Int) throws(EngineError) -> Int {
        guard optimizer == nil else {
            throw EngineError.state("add every layer before registering an optimizer (it holds the parameter list)")
        }
        guard inSize > 0, outSize > 0 else { throw EngineError.invalid("\(kind): sizes must be positive, got \(inSize) → \(outSize)") }
        let (weights, overflow) = inSize.multipliedReportingOverflow(by: outSize)
        guard !overflow, weights <= SequentialEngine.maxElements else {
            throw EngineError.range("\(kind): \(inSize) × \(outSize) is too large (at most \(SequentialEngine.maxElements) weights or neurons per layer)")
        }
        if let last = layers.last, last.outSize != inSize {
            throw EngineError.invalid("\(kind): input size \(inSize) does not match the previous layer's output size \(last.outSize)")
        }
        let layer: TrainLayer<F>
        switch kind {
        case "Linear": layer = LinearLayer(inSize: inSize, outSize: outSize)
        case "LeakyRateReadout": layer = ReadoutLayer(inSize: inSize, outSize: outSize)
        case "SparseLinear": layer = SparseLinearLayer(inSize: inSize, outSize: outSize)
        case "Expon", "DualExpon", "Alpha", "IF", "LIF", "LIFRef", "ALIF":
            guard inSize == outSize else { throw EngineError.invalid("\(kind) has one size (in_size == out_size), got \(inSize) → \(outSize)") }
            switch kind {
            case "Expon": layer = ExponLayer(size: inSize)
            case "DualExpon": layer = DualExponLayer(size: inSize)
            case "Alpha": layer = AlphaLayer(size: inSize)
            default: layer = try SpikingLayer(kind: kind, size: inSize)
            }
        default:
            throw EngineError.unknown("unknown training layer '\(kind)' (Linear, SparseLinear, Expon, DualExpon, Alpha, IF, LIF, LIFRef, ALIF, LeakyRateReadout)")
        }
        layer.pool = pool
        layers.append(layer)
        outputs = []
        return layers.count - 1
    }

    func layer(_ index: Int) throws(EngineError) -> TrainLayer<F> {
        guard index >= 0, index < layers.count else {
            throw EngineError.range("layer \(index) does not exist (the network has \(layers.count))")
        }
        return layers[index]
    }

    func array(_ index: Int, _ name: String) throws(EngineError) -> TrainParam<F> {
        let l = try layer(index)
        guard let p = l.param(name) else {
            throw EngineError.unknown("\(l.kind) (layer \(index)) has no array '\(name)' (it has: \(l.params.map(\.name).joined(separator: ", ")))")
        }
        return p
    }

    /// Fill an array from an initializer, with its own stream of the network's generator.
    func initialize(_ index: Int, _ name: String, _ initializer: WeightInit) throws(EngineError) {
        let p = try array(index, name)
        let values = initializer.draw(shape: p.shape, rng: rng, stream: Philox.stream("train/\(index)/\(name)"))
        try p.assign(values, owner: layers[index].kind)
        hasGradients = false
    }

    /// SparseLinear's synapses (before an optimizer is registered: it holds the weight array).
    func connect(_ index: Int, pre: [Int], post: [Int]) throws(EngineError) {
        guard let l = try layer(index) as? SparseLinearLayer<F> else {
            throw EngineError.invalid("layer \(index) is \(layers[index].kind); connections belong to a SparseLinear layer")
        }
        guard optimizer == nil else { throw EngineError.state("set the connections before registering an optimizer") }
        try l.connect(pre: pre, post: post)
        hasGradients = false
    }

    /// The trainable arrays in layer order (what an optimizer registers).
    var trainable: [TrainParam<F>] { layers.flatMap { $0.params.filter(\.trainable) } }

    // MARK: running

    private func checkShape(_ x: HostArray, steps: Int, batch: Int) throws(EngineError) {
        guard let first = layers.first else { throw EngineError.state("the network has no layers") }
        guard steps > 0, batch > 0 else { throw EngineError.invalid("steps and batch must be positive, got \(steps), \(batch)") }
        let widest = layers.map { max($0.inSize, $0.outSize) }.max()!
        let (rows, o1) = steps.multipliedReportingOverflow(by: batch)
        let (cells, o2) = rows.multipliedReportingOverflow(by: widest)
        guard !o1, !o2, cells <= SequentialEngine.maxElements else {
            throw EngineError.range("steps × batch × width = \(steps) × \(batch) × \(widest) is too large for one run (at most \(SequentialEngine.maxElements) values per layer)")
        }
        guard x.count == rows * first.inSize else {
            throw EngineError.range("the input holds \(x.count) values; [steps, batch, in] = [\(steps), \(batch), \(first.inSize)] needs \(rows * first.inSize)")
        }
        if let bad = firstNonFinite(x) { throw EngineError.invalid("input element \(bad) is not finite") }
    }

    /// x.firstNonFinite() with the worker threads splitting a large input (float32 spike trains of
    /// training runs are tens of megabytes; one thread read them at a fraction of the bandwidth).
    private func firstNonFinite(_ x: HostArray) -> Int? {
        switch x {
        case .float32, .float64: break
        default: return nil   // integers and bytes are finite
        }
        guard let pool, x.count >= 1 << 20 else { return x.firstNonFinite() }
        let parts = pool.count, count = x.count
        let found = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
        defer { found.deallocate() }
        pool.run(ParallelSection { p in
            found[p] = x.firstNonFinite(in: (count * p / parts)..<(count * (p + 1) / parts)) ?? -1
        })
        return found.first { $0 >= 0 }   // the earliest part's: the first in the input
    }

    /// The first layer's input: values of F, or spike trains as bytes, which a first Linear layer reads
    /// as they are (a quarter of the memory traffic of float32, and no conversion).
    private enum Input {
        case values(UnsafePointer<F>)
        case spikes(UnsafePointer<UInt8>)
    }

    /// The host's input as F without copying when it already is F, else converted into a buffer
    /// kept between calls (inputs of training runs are large; a fresh array per call costs page faults).
    private var inputBuffer: [F] = []

    @inline(__always)
    private func withInput<R>(_ x: HostArray, _ body: (Input) throws(EngineError) -> R) throws(EngineError) -> R {
        if let p = x.borrowed(as: F.self) { return try body(.values(p)) }
        if case .uint8(let bytes) = x, layers.first is LinearLayer<F>, let p = bytes.baseAddress {
            return try body(.spikes(p))
        }
        if inputBuffer.count != x.count { inputBuffer = [F](repeating: 0, count: x.count) }
        inputBuffer.withUnsafeMutableBufferPointer { x.copy(into: $0.baseAddress!, scale: 1) }
        return try inputBuffer.withUnsafeBufferPointer { (b: UnsafeBufferPointer<F>) throws(EngineError) -> R in
            try body(.values(b.baseAddress!))
        }
    }

    /// Simulate the batch through the sequence from the layers' initial states (init_all_states,
    /// then for_loop), keeping every layer's output for backward and for reading.
    func forward(_ x: HostArray, steps: Int, batch: Int) throws(EngineError) {
        try checkShape(x, steps: steps, batch: batch)
        try withInput(x) { (input: Input) throws(EngineError) in try run(input, steps: steps, batch: batch) }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    private func run(_ x: Input, steps: Int, batch: Int) throws(EngineError) {
        for l in layers { try l.prepare(dt: dt) }
        if outputs.count != layers.count { outputs = layers.map { _ in TrainBuffer(count: 0) } }
        for (k, l) in layers.enumerated() {
            outputs[k].resize(steps * batch * l.outSize)
            switch (k, x) {
            case (0, .spikes(let bytes)):
                (l as! LinearLayer<F>).forward(spikes: bytes, outputs[0].pointer, steps: steps, batch: batch)
            case (0, .values(let values)):
                l.forward(values, outputs[0].pointer, steps: steps, batch: batch, checkpointEvery: checkpointEvery)
            default:
                l.forward(outputs[k - 1].pointer, outputs[k].pointer, steps: steps, batch: batch, checkpointEvery: checkpointEvery)
            }
        }
        self.steps = steps
        self.batch = batch
    }

    /// The loss target, checked before anything runs (a refused call leaves the last run's outputs).
    private func lossTarget(_ target: HostArray, spec: LossSpec, batch: Int) throws(EngineError) -> LossTarget {
        let classes = layers.last!.outSize
        switch target {
        case .int32, .int64, .uint8:
            guard target.count == batch else { throw EngineError.range("labels: \(target.count) given for a batch of \(batch)") }
            let labels = target.doubles().map { Int($0) }
            if let bad = labels.firstIndex(where: { $0 < 0 || $0 >= classes }) {
                throw EngineError.range("label \(labels[bad]) (row \(bad)) is outside 0..<\(classes)")
            }
            return .labels(labels)
        case .float32, .float64:
            guard spec.kind == .squaredError else {
                throw EngineError(.type, "\(spec.kind.rawValue) takes integer labels (int32/int64/uint8)")
            }
            guard target.count == batch * classes else {
                throw EngineError.range("targets: \(target.count) values given, [batch, classes] = [\(batch), \(classes)] needs \(batch * classes)")
            }
            if let bad = target.firstNonFinite() { throw EngineError.invalid("target element \(bad) is not finite") }
            return .values(target.doubles())
        }
    }

    /// The loss and accuracy of a forward run (no gradients).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func evaluate(_ x: HostArray, steps: Int, batch: Int, spec: LossSpec, target: HostArray) throws(EngineError) -> (Double, Double) {
        try checkShape(x, steps: steps, batch: batch)
        let t = try lossTarget(target, spec: spec, batch: batch)
        try withInput(x) { (input: Input) throws(EngineError) in try run(input, steps: steps, batch: batch) }
        let e = lossEvaluation(spec: spec, target: t, gradient: nil)
        return (e.loss + regularization(gradients: nil), e.accuracy)
    }

    private func lossEvaluation(spec: LossSpec, target: LossTarget, gradient: UnsafeMutablePointer<F>?) -> LossEvaluation<F> {
        LossEvaluation(spec: spec, output: outputs[layers.count - 1].pointer, steps: steps, batch: batch,
                       classes: layers.last!.outSize, target: target, gradient: gradient)
    }

    /// The regularizers' share of the loss; with `gradients`, also add dL/d(spikes) of layer k to
    /// gradients[k] (a closure that receives the layer index and its output gradient).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    private func regularization(gradients: ((Int, Int, F) -> Void)?) -> Double {
        var total = 0.0
        for (k, r) in regularizers.sorted(by: { $0.key < $1.key }) {
            let out = outputs[k].values, n = layers[k].outSize, count = batch * n
            var counts = [Double](repeating: 0, count: count)
            for t in 0..<steps { for i in 0..<count { counts[i] += Double(out[t * count + i]) } }
            switch r.kind {
            case .spikeCount:
                total += r.strength * counts.reduce(0, +) / Double(batch)
                if let gradients { for i in 0..<(steps * count) { gradients(k, i, F(r.strength / Double(batch))) } }
            case .firingRate:
                let toHz = 1000 / (Double(steps) * dt)
                var sum = 0.0
                var slope = [Double](repeating: 0, count: count)
                for i in 0..<count {
                    let e = counts[i] * toHz - r.target
                    sum += e * e
                    slope[i] = r.strength * 2 * e / Double(count) * toHz
                }
                total += r.strength * sum / Double(count)
                if let gradients { for t in 0..<steps { for i in 0..<count { gradients(k, t * count + i, F(slope[i])) } } }
            }
        }
        return total
    }

    /// Forward, loss and backpropagation through time: every parameter's gradient (trainable or
    /// not) is dL/dp for this batch. Returns (loss, accuracy).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func grad(_ x: HostArray, steps: Int, batch: Int, spec: LossSpec, target: HostArray) throws(EngineError) -> (Double, Double) {
        try checkShape(x, steps: steps, batch: batch)
        let t = try lossTarget(target, spec: spec, batch: batch)
        return try withInput(x) { (input: Input) throws(EngineError) -> (Double, Double) in
            try run(input, steps: steps, batch: batch)
            outputGradient.resize(steps * batch * layers.last!.outSize)
            let e = lossEvaluation(spec: spec, target: t, gradient: outputGradient.pointer)
            var extra: [Int: [F]] = [:]
            let reg = regularization { k, i, g in
                if extra[k] == nil { extra[k] = [F](repeating: 0, count: steps * batch * self.layers[k].outSize) }
                extra[k]![i] += g
            }
            backward(input, extra: extra)
            return (e.loss + reg, e.accuracy)
        }
    }

    /// dL/d(input of layer k) of the last backward pass, reused between runs (k > 0), and dL/d(output).
    private var inputGradients: [TrainBuffer<F>] = []
    private let outputGradient = TrainBuffer<F>(count: 0)

    /// Backpropagation through the layers, last to first, from dL/d(output) (in outputGradient).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    private func backward(_ x: Input, extra: [Int: [F]]) {
        for l in layers { for p in l.params { p.zeroGrad() } }
        if inputGradients.count != layers.count { inputGradients = layers.map { _ in TrainBuffer(count: 0) } }
        var g = outputGradient.pointer
        for k in stride(from: layers.count - 1, through: 0, by: -1) {
            let l = layers[k]
            if let add = extra[k] { for i in add.indices { g[i] += add[i] } }
            var gx: UnsafeMutablePointer<F>?
            if k > 0 {
                inputGradients[k].resize(steps * batch * l.inSize)
                gx = inputGradients[k].pointer
            }
            let input: UnsafePointer<F>
            switch (k, x) {
            case (0, .values(let values)): input = values
            // a Linear layer that took spikes kept them as events and does not read its input here
            case (0, .spikes): input = UnsafePointer(outputs[0].pointer)
            default: input = UnsafePointer(outputs[k - 1].pointer)
            }
            l.backward(input, g, gx, steps: steps, batch: batch)
            if let gx { g = gx }
        }
        hasGradients = true
    }

    /// Apply the optimizer to the gradients of the last grad call (or the ones the host wrote).
    func optimizerStep() throws(EngineError) {
        guard let optimizer else { throw EngineError.state("no optimizer registered (set one first)") }
        guard hasGradients else { throw EngineError.state("no gradients yet: call grad (or write every gradient) before an optimizer step") }
        try optimizer.step()
    }

    func markGradientsWritten() { hasGradients = true }

    func invalidateGradients() { hasGradients = false }
}
