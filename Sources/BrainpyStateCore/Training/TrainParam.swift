/// A named array of a layer that training may change (brainstate's ParamState): Linear's weight and
/// bias, a time constant. Its gradient lives next to it, filled by the last backward pass.
public final class TrainParam<F: SimFloat> {
    public let name: String
    /// Row-major shape, e.g. [in, out] for a weight.
    public let shape: [Int]
    public var value: [F]
    public var grad: [F]
    /// Whether optimizers update it (weights and biases by default; time constants on request).
    public var trainable: Bool
    /// Time constants must stay positive; writes and optimizer steps are checked against this.
    let positive: Bool

    init(_ name: String, shape: [Int], fill: F, trainable: Bool, positive: Bool = false) {
        self.name = name
        self.shape = shape
        let count = shape.reduce(1, *)
        self.value = [F](repeating: fill, count: count)
        self.grad = [F](repeating: 0, count: count)
        self.trainable = trainable
        self.positive = positive
    }

    public var count: Int { value.count }

    func zeroGrad() {
        for i in grad.indices { grad[i] = 0 }
    }

    /// Replace every value, refusing non-finite (and, for time constants, non-positive) ones so that
    /// a bad write leaves the old values in place.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func assign(_ values: [Double], owner: String) throws(EngineError) {
        guard values.count == count else {
            throw EngineError.range("\(owner).\(name) has \(count) elements (shape \(shape)), got \(values.count)")
        }
        if let i = values.firstIndex(where: { !$0.isFinite || (positive && $0 <= 0) }) {
            throw EngineError.invalid("\(owner).\(name)[\(i)] must be \(positive ? "positive and finite" : "finite"), got \(values[i])")
        }
        for i in values.indices { value[i] = F(values[i]) }
    }
}
