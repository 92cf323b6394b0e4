import CBrainpyState

/// The element types an input sequence crosses the C ABI in: `Float` or `Double` values, or `UInt8`
/// spikes (0/1), the cheapest form of the Bernoulli-encoded inputs of the reference examples.
public protocol TrainingInputElement: Sendable {}
extension Float: TrainingInputElement {}
extension Double: TrainingInputElement {}
extension UInt8: TrainingInputElement {}

/// The loss of braintools.metric that `grad` differentiates, averaged over the batch (and outputs) as
/// the reference examples' `.mean()` does.
public enum Loss: String, Sendable, CaseIterable {
    /// logsumexp(z) − z_label per batch row; integer labels.
    case softmaxCrossEntropyWithIntegerLabels = "softmax_cross_entropy_with_integer_labels"
    /// (output − target)²; float targets [batch][out], or integer labels meaning one-hot targets.
    case squaredError = "squared_error"
}

/// How the [T, B, out] output is reduced over time before the loss.
public enum TimeReduction: String, Sendable, CaseIterable {
    /// The mean rate (the reference examples' choice).
    case mean
    case sum
    /// The maximum over time (a maximum reached at several steps shares its gradient, as in jax).
    case max
    /// The last step only.
    case last
}

/// Running, differentiating and updating. Inputs are [steps][batch][in] row-major, outputs
/// [steps][batch][out]; every run starts every state from its initializer.
extension Sequential {
    /// Simulate the batch (brainstate's for_loop over `steps`) and return the network's output,
    /// steps·batch·out values. `output(layer:)` then gives any layer's.
    @discardableResult
    public func forward<X: TrainingInputElement>(_ x: [X], steps: Int, batch: Int) throws -> [Double] {
        try withInput(x, steps: steps, batch: batch) { p, type in
            try check(bps_sequential_forward(unsafeHandle, p, type, Int64(steps), Int64(batch)))
        }
        return try output()
    }

    /// The last run's (forward, grad or evaluate) output of `layer` ([steps][batch][out of that layer];
    /// nil: the network's output). Neuron layers give their spikes.
    public func output<T: HostFloat>(layer: Int? = nil, as _: T.Type = Double.self) throws -> [T] {
        let type = try dtype(of: T.self)
        let l = layer.map { Int32(clamping: $0) } ?? -1
        return try readQueryingLength(zero: T.zero) { p, cap, len in
            bps_sequential_get_output(unsafeHandle, l, p, cap, type, len)
        }
    }

    /// brainstate.transform.grad of the loss with respect to every array: forward, the loss of the
    /// time-reduced output against integer `labels` (one per batch row), then backpropagation through
    /// time. Gradients are read with `gradient(_:_:)` and used by `optimizerStep()`. The loss includes
    /// the regularizers; accuracy is the fraction of rows whose largest reduced output is the label.
    @discardableResult
    public func grad<X: TrainingInputElement>(_ x: [X], steps: Int, batch: Int, labels: [Int],
                                               loss: Loss = .softmaxCrossEntropyWithIntegerLabels,
                                               reduce: TimeReduction = .mean) throws -> (loss: Double, accuracy: Double) {
        try lossCall(bps_sequential_grad, x, steps, batch, labels.map(Int64.init), BPS_DTYPE_INT64, loss, reduce)
    }

    /// `grad` against float targets, batch·out values (squared error only).
    @discardableResult
    public func grad<X: TrainingInputElement>(_ x: [X], steps: Int, batch: Int, targets: [Double],
                                               loss: Loss = .squaredError,
                                               reduce: TimeReduction = .mean) throws -> (loss: Double, accuracy: Double) {
        try lossCall(bps_sequential_grad, x, steps, batch, targets, BPS_DTYPE_FLOAT64, loss, reduce)
    }

    /// The loss and accuracy of `grad` without gradients (a validation pass).
    public func evaluate<X: TrainingInputElement>(_ x: [X], steps: Int, batch: Int, labels: [Int],
                                                   loss: Loss = .softmaxCrossEntropyWithIntegerLabels,
                                                   reduce: TimeReduction = .mean) throws -> (loss: Double, accuracy: Double) {
        try lossCall(bps_sequential_evaluate, x, steps, batch, labels.map(Int64.init), BPS_DTYPE_INT64, loss, reduce)
    }

    /// `evaluate` against float targets.
    public func evaluate<X: TrainingInputElement>(_ x: [X], steps: Int, batch: Int, targets: [Double],
                                                   loss: Loss = .squaredError,
                                                   reduce: TimeReduction = .mean) throws -> (loss: Double, accuracy: Double) {
        try lossCall(bps_sequential_evaluate, x, steps, batch, targets, BPS_DTYPE_FLOAT64, loss, reduce)
    }

    // MARK: - optimizer

    /// Register an optimizer over every trainable array (braintools' register_trainable_weights).
    /// After every `add` and `setTrainable`; a new optimizer starts its moments and step count afresh.
    public func setOptimizer(_ optimizer: Optimizer) throws {
        try optimizer.withKeywords { n, keys, values in
            try check(bps_sequential_set_optimizer(unsafeHandle, optimizer.name, n, keys, values))
        }
    }

    /// Attach a learning-rate scheduler to the optimizer (after `setOptimizer`).
    public func setScheduler(_ scheduler: LRScheduler) throws {
        try scheduler.withKeywords { n, keys, values in
            try check(bps_sequential_set_scheduler(unsafeHandle, scheduler.name, n, keys, values))
        }
    }

    /// One optimizer update from the current gradients (braintools' opt.update(grads)). Needs a `grad`
    /// call (or written gradients) since the parameters last changed; a step that would make a value
    /// non-finite, or a time constant non-positive, is refused and changes nothing.
    public func optimizerStep() throws {
        try check(bps_sequential_optimizer_step(unsafeHandle))
    }

    /// One scheduler epoch on (opt.lr.step_epoch()).
    public func schedulerStep() throws {
        try check(bps_sequential_scheduler_step(unsafeHandle))
    }

    /// The learning rate the next optimizer step uses.
    public var learningRate: Double {
        get throws {
            var lr = 0.0
            try check(bps_sequential_get_lr(unsafeHandle, &lr))
            return lr
        }
    }

    /// Optimizer steps taken (braintools' step_count).
    public var stepCount: Int {
        get throws {
            var n: Int64 = 0
            try check(bps_sequential_get_step_count(unsafeHandle, &n))
            return Int(n)
        }
    }

    // MARK: - input

    /// Check that x holds steps·batch·in values (the engine reads that many from the pointer, so a
    /// short array must not reach it) and pass it with its element type.
    private func withInput<X: TrainingInputElement, R>(_ x: [X], steps: Int, batch: Int,
                                                       _ body: (UnsafeRawPointer?, bps_dtype) throws -> R) throws -> R {
        let type: bps_dtype
        switch X.self {
        case is Float.Type: type = BPS_DTYPE_FLOAT32
        case is Double.Type: type = BPS_DTYPE_FLOAT64
        case is UInt8.Type: type = BPS_DTYPE_UINT8
        default: throw BrainpyStateError(status: .type, message: "\(X.self) inputs do not cross the C ABI; use Float, Double or UInt8")
        }
        if let first = layers.first {
            let (rows, o1) = steps.multipliedReportingOverflow(by: batch)
            let (needed, o2) = rows.multipliedReportingOverflow(by: first.inSize)
            guard !o1, !o2, x.count == needed else {
                throw BrainpyStateError(status: .outOfRange, message:
                    "the input holds \(x.count) values; [steps, batch, in] = [\(steps), \(batch), \(first.inSize)] needs \(o1 || o2 ? "more than Int.max" : "\(needed)")")
            }
        }
        return try x.withUnsafeBytes { try body($0.baseAddress, type) }
    }

    private typealias LossFunction = (OpaquePointer?, UnsafeRawPointer?, bps_dtype, Int64, Int64,
                                      UnsafePointer<bps_loss_options>?, UnsafeRawPointer?, Int64, bps_dtype,
                                      UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Double>?) -> bps_status

    /// grad and evaluate share their arguments: input, loss options and a target array.
    private func lossCall<X: TrainingInputElement, T>(_ call: LossFunction, _ x: [X], _ steps: Int, _ batch: Int,
                                                      _ target: [T], _ targetType: bps_dtype, _ loss: Loss,
                                                      _ reduce: TimeReduction) throws -> (loss: Double, accuracy: Double) {
        var opts = bps_loss_options()
        try check(bps_loss_options_init(&opts))
        var value = 0.0, accuracy = 0.0
        try withInput(x, steps: steps, batch: batch) { p, type in
            try withCStrings([loss.rawValue, reduce.rawValue]) { names in
                opts.loss = names[0]
                opts.reduce = names[1]
                try check(target.withUnsafeBytes { t in
                    call(unsafeHandle, p, type, Int64(steps), Int64(batch), &opts, t.baseAddress, Int64(target.count),
                         targetType, &value, &accuracy)
                })
            }
        }
        return (value, accuracy)
    }
}
