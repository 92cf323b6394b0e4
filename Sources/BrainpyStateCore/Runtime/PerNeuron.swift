/// A parameter inside a kernel: one hoisted scalar, or one value per neuron. Kernels are generic
/// over this, so a homogeneous parameter costs a register, not a memory stream.
protocol PerNeuron {
    associatedtype F: SimFloat
    func at(_ j: Int) -> F
}

struct UniformValue<F: SimFloat>: PerNeuron {
    let value: F
    @inline(__always) func at(_ j: Int) -> F { value }
}

struct ColumnValue<F: SimFloat>: PerNeuron {
    let pointer: UnsafePointer<F>
    @inline(__always) func at(_ j: Int) -> F { pointer[j] }
}

/// A realised parameter: a single value or a column, as compile decided (internal units).
enum Realized {
    case uniform(Double)
    case perNeuron([Double])

    var isUniform: Bool {
        if case .uniform = self { return true }
        return false
    }

    func value(at j: Int) -> Double {
        switch self {
        case .uniform(let v): return v
        case .perNeuron(let a): return a[j]
        }
    }

    /// Realise a described value for `count` elements; random initializers draw from `stream`.
    static func realize(_ value: ParamValue, count: Int, rng: Philox, stream: UInt32,
                        what: String) throws(EngineError) -> Realized {
        switch value {
        case .scalar(let v): return .uniform(v)
        case .array(let a):
            if a.count == 1 { return .uniform(a[0]) }
            guard a.count == count else {
                throw .range("\(what): \(a.count) values given for \(count) elements")
            }
            return .perNeuron(a)
        case .initializer(let i):
            if i.kind == .constant { return .uniform(i.args[0]) }
            var out = [Double](repeating: 0, count: count)
            for j in 0..<count { out[j] = i.value(at: j, rng: rng, stream: stream) }
            return .perNeuron(out)
        }
    }
}
