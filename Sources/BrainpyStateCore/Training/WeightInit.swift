/// The initializers of braintools.init for trainable arrays, drawn from the counter-based generator
/// (seed, stream of the array, element index), so a network's initial weights depend on its seed
/// only. brainstate.nn.init's KaimingNormal (Linear's default there: a normal truncated at ±2σ) is a
/// separate entry under its own name, as in the reference.
public struct WeightInit: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case constant = "Constant", zero = "ZeroInit", normal = "Normal", uniform = "Uniform"
        case truncatedNormal = "TruncatedNormal"
        case kaimingNormal = "KaimingNormal", kaimingUniform = "KaimingUniform"
        case xavierNormal = "XavierNormal", xavierUniform = "XavierUniform"
        case lecunNormal = "LecunNormal", lecunUniform = "LecunUniform"
        case brainstateKaimingNormal = "brainstate.KaimingNormal"

        var defaults: [String: Double] {
            switch self {
            case .constant: return ["value": 0]
            case .zero: return [:]
            case .normal: return ["mean": 0, "std": 1]
            case .uniform: return ["low": 0, "high": 1]
            case .truncatedNormal: return ["mean": 0, "std": 1, "low": -.infinity, "high": .infinity]
            case .kaimingNormal, .kaimingUniform, .brainstateKaimingNormal: return ["scale": 2]
            case .xavierNormal, .xavierUniform, .lecunNormal, .lecunUniform: return ["scale": 1]
            }
        }

        /// (fan mode, distribution) of the variance-scaling family.
        var scaling: (fanAverage: Bool, distribution: Distribution)? {
            switch self {
            case .kaimingNormal, .lecunNormal: return (false, .normal)
            case .kaimingUniform, .lecunUniform: return (false, .uniform)
            case .xavierNormal: return (true, .normal)
            case .xavierUniform: return (true, .uniform)
            case .brainstateKaimingNormal: return (false, .truncated)
            default: return nil
            }
        }
    }

    enum Distribution { case normal, uniform, truncated }

    public let kind: Kind
    var settings: [String: Double]

    public init(named name: String, keys: [String], values: [Double]) throws(EngineError) {
        guard let kind = Kind(rawValue: name) else {
            throw EngineError.unknown("unknown initializer '\(name)' (\(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.kind = kind
        settings = kind.defaults
        for (k, v) in zip(keys, values) {
            guard settings[k] != nil else {
                throw EngineError.unknown("\(name) has no argument '\(k)' (it has: \(settings.keys.sorted().joined(separator: ", ")))")
            }
            guard !v.isNaN, (k == "low" || k == "high") || v.isFinite else {
                throw EngineError.invalid("\(name).\(k) must be finite, got \(v)")
            }
            settings[k] = v
        }
        if let std = settings["std"], std < 0 { throw EngineError.invalid("\(name).std must be ≥ 0, got \(std)") }
        if let s = settings["scale"], s < 0 { throw EngineError.invalid("\(name).scale must be ≥ 0, got \(s)") }
        if kind == .truncatedNormal, !(settings["low"]! < settings["high"]!) {
            throw EngineError.invalid("TruncatedNormal needs low < high")
        }
    }

    /// braintools' fans: the last two axes are (in, out) with any leading axes as the receptive field;
    /// a vector has fan_in = fan_out = its length.
    static func fans(_ shape: [Int]) -> (fanIn: Double, fanOut: Double) {
        guard shape.count >= 2 else { let n = Double(shape.first ?? 1); return (n, n) }
        let receptive = Double(shape.dropLast(2).reduce(1, *))
        return (Double(shape[shape.count - 2]) * receptive, Double(shape[shape.count - 1]) * receptive)
    }

    /// Values for an array of `shape`.
    func draw(shape: [Int], rng: Philox, stream: UInt32) -> [Double] {
        let count = shape.reduce(1, *)
        let s = settings
        func normal(_ i: Int) -> Double { rng.normal(index: UInt64(i), step: 0, stream: stream) }
        func uniform(_ i: Int) -> Double { rng.uniform(index: UInt64(i), step: 0, stream: stream) }
        /// A standard normal restricted to [lo, hi]: redraw from the next counter until it lands inside.
        func truncated(_ i: Int, _ lo: Double, _ hi: Double) -> Double {
            for attempt in 0..<10_000 {
                let z = rng.normal(index: UInt64(i), step: UInt32(attempt), stream: stream)
                if z >= lo && z <= hi { return z }
            }
            return Swift.min(Swift.max(0, lo), hi)
        }
        switch kind {
        case .constant: return [Double](repeating: s["value"]!, count: count)
        case .zero: return [Double](repeating: 0, count: count)
        case .normal: return (0..<count).map { s["mean"]! + s["std"]! * normal($0) }
        case .uniform: return (0..<count).map { s["low"]! + (s["high"]! - s["low"]!) * uniform($0) }
        case .truncatedNormal:
            let mean = s["mean"]!, std = s["std"]!
            guard std > 0 else { return [Double](repeating: mean, count: count) }
            let lo = (s["low"]! - mean) / std, hi = (s["high"]! - mean) / std
            return (0..<count).map { mean + std * truncated($0, lo, hi) }
        default:
            let (avg, distribution) = kind.scaling!
            let (fanIn, fanOut) = WeightInit.fans(shape)
            let fan = avg ? (fanIn + fanOut) / 2 : fanIn
            let variance = s["scale"]! / Swift.max(1, fan)
            switch distribution {
            case .normal: return (0..<count).map { variance.squareRoot() * normal($0) }
            case .uniform:
                let limit = (3 * variance).squareRoot()
                return (0..<count).map { -limit + 2 * limit * uniform($0) }
            case .truncated:
                // the std of a unit normal truncated to ±2 is 0.87962566: divide it out
                let sigma = variance.squareRoot() / 0.87962566103423978
                return (0..<count).map { sigma * truncated($0, -2, 2) }
            }
        }
    }
}
