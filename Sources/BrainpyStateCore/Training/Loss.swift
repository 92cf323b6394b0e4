import Glibc

/// The loss of a training run, as the reference examples build it: the network's output over the
/// sequence, reduced over time per (batch row, class), then a braintools.metric loss averaged over
/// the batch (and classes for squared error).
public struct LossSpec: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// softmax_cross_entropy_with_integer_labels(logits, labels).mean()
        case softmaxCrossEntropy = "softmax_cross_entropy_with_integer_labels"
        /// squared_error(pred, target).mean(); integer labels mean one-hot targets
        case squaredError = "squared_error"
    }
    public enum TimeReduction: String, Sendable, CaseIterable {
        case mean, sum, max, last
    }
    public var kind: Kind
    public var reduce: TimeReduction

    public init(kind: Kind, reduce: TimeReduction) {
        self.kind = kind
        self.reduce = reduce
    }

    public init(kind name: String, reduce: String) throws(EngineError) {
        let aliases = ["softmax_cross_entropy": Kind.softmaxCrossEntropy, "cross_entropy": .softmaxCrossEntropy,
                       "mse": .squaredError, "mean_squared_error": .squaredError]
        guard let kind = Kind(rawValue: name) ?? aliases[name] else {
            throw EngineError.unknown("unknown loss '\(name)' (softmax_cross_entropy_with_integer_labels, squared_error)")
        }
        guard let r = TimeReduction(rawValue: reduce) else {
            throw EngineError.unknown("unknown reduction over time '\(reduce)' (mean, sum, max, last)")
        }
        self.init(kind: kind, reduce: r)
    }
}

/// The target of a loss: integer labels (one per batch row) or one float per (row, class).
public enum LossTarget: Sendable {
    case labels([Int])
    case values([Double])
}

/// Loss, accuracy and, into `gradient` (T·B·C values) when given, dL/d(output) for every step of a
/// [T, B, C] output.
struct LossEvaluation<F: SimFloat> {
    var loss = 0.0
    var accuracy = 0.0

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    init(spec: LossSpec, output: UnsafePointer<F>, steps: Int, batch: Int, classes: Int,
         target: LossTarget, gradient: UnsafeMutablePointer<F>?) {
        let count = batch * classes
        // the time reduction M[b, c] and, for max, how many steps share the maximum
        var m = [Double](repeating: spec.reduce == .max ? -.infinity : 0, count: count)
        m.withUnsafeMutableBufferPointer { mp in
            switch spec.reduce {
            case .mean, .sum: for t in 0..<steps { for i in 0..<count { mp[i] += Double(output[t * count + i]) } }
            case .max: for t in 0..<steps { for i in 0..<count { mp[i] = Swift.max(mp[i], Double(output[t * count + i])) } }
            case .last: for i in 0..<count { mp[i] = Double(output[(steps - 1) * count + i]) }
            }
        }
        if spec.reduce == .mean { for i in 0..<count { m[i] /= Double(steps) } }
        var dm = [Double](repeating: 0, count: count)
        var correct = 0
        for b in 0..<batch {
            let row = b * classes
            var best = 0
            for c in 1..<classes where m[row + c] > m[row + best] { best = c }
            switch (spec.kind, target) {
            case (.softmaxCrossEntropy, .labels(let labels)):
                let label = labels[b]
                let top = m[row + best]
                var sum = 0.0
                for c in 0..<classes { sum += exp(m[row + c] - top) }
                loss += (log(sum) + top - m[row + label]) / Double(batch)
                for c in 0..<classes {
                    dm[row + c] = (exp(m[row + c] - top) / sum - (c == label ? 1 : 0)) / Double(batch)
                }
                if best == label { correct += 1 }
            case (.squaredError, _):
                var wanted = 0
                for c in 0..<classes {
                    let y: Double
                    switch target {
                    case .labels(let labels): y = labels[b] == c ? 1 : 0; wanted = labels[b]
                    case .values(let v):
                        y = v[row + c]
                        if v[row + c] > v[row + wanted] { wanted = c }
                    }
                    let e = m[row + c] - y
                    loss += e * e / Double(count)
                    dm[row + c] = 2 * e / Double(count)
                }
                if best == wanted { correct += 1 }
            case (.softmaxCrossEntropy, .values):
                break   // rejected by the caller
            }
        }
        accuracy = Double(correct) / Double(batch)
        guard let gradient else { return }
        switch spec.reduce {
        case .mean, .sum:
            // the same value at every step
            let each = dm.map { F(spec.reduce == .mean ? $0 / Double(steps) : $0) }
            each.withUnsafeBufferPointer { e in
                for t in 0..<steps { (gradient + t * count).update(from: e.baseAddress!, count: count) }
            }
        case .last:
            gradient.update(repeating: 0, count: steps * count)
            for i in 0..<count { gradient[(steps - 1) * count + i] = F(dm[i]) }
        case .max:
            // jax splits the gradient of a maximum equally between the steps that reach it
            gradient.update(repeating: 0, count: steps * count)
            var ties = [Int](repeating: 0, count: count)
            for t in 0..<steps { for i in 0..<count where Double(output[t * count + i]) == m[i] { ties[i] += 1 } }
            for t in 0..<steps {
                for i in 0..<count where Double(output[t * count + i]) == m[i] {
                    gradient[t * count + i] = F(dm[i] / Double(ties[i]))
                }
            }
        }
    }
}
