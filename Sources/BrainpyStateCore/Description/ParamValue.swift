/// A parameter as described (internal units): one value, one per element, or an initializer that
/// compile draws with the counter-based generator.
public enum ParamValue: Sendable {
    case scalar(Double)
    case array([Double])
    case initializer(Initializer)

    var isHomogeneous: Bool {
        switch self {
        case .scalar: return true
        case .initializer(let i): return i.kind == .constant
        case .array: return false
        }
    }
}

/// braintools.init's Constant, Normal and Uniform, drawn per element from Philox keyed by
/// (network seed, a stream named after the owner and parameter, element index).
public struct Initializer: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case constant = "Constant", normal = "Normal", uniform = "Uniform"
        var argumentCount: Int { self == .constant ? 1 : 2 }
    }

    public let kind: Kind
    /// In internal units: [value] | [mean, std] | [low, high].
    public let args: [Double]

    public init(kind: Kind, args: [Double]) {
        self.kind = kind
        self.args = args
    }

    /// Element `index` of a draw from `stream`.
    func value(at index: Int, rng: Philox, stream: UInt32) -> Double {
        switch kind {
        case .constant: return args[0]
        case .normal: return args[0] + args[1] * rng.normal(index: UInt64(index), step: 0, stream: stream)
        case .uniform: return args[0] + (args[1] - args[0]) * rng.uniform(index: UInt64(index), step: 0, stream: stream)
        }
    }
}

/// A parameter as it arrives from a host: a value, an array or an initializer, with its unit.
public enum ParamInput {
    case scalar(Double, unit: String)
    case array(HostArray, unit: String)
    case initializer(name: String, args: [Double], unit: String)
}
