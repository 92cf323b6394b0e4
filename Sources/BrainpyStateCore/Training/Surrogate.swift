import Glibc

/// A surrogate spike function of braintools.surrogate: the forward pass is the Heaviside step
/// H(x) = (x ≥ 0) for every kind; only the derivative used by backpropagation differs. Parameters are
/// braintools' constructor keywords with its defaults; their own gradient is zero, as in braintools.
public struct Surrogate: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case sigmoid = "Sigmoid", piecewiseQuadratic = "PiecewiseQuadratic", piecewiseExp = "PiecewiseExp"
        case softSign = "SoftSign", arctan = "Arctan", nonzeroSignLog = "NonzeroSignLog", erf = "ERF"
        case piecewiseLeakyRelu = "PiecewiseLeakyRelu", squarewaveFourierSeries = "SquarewaveFourierSeries"
        case s2nn = "S2NN", qPseudoSpike = "QPseudoSpike", leakyRelu = "LeakyRelu"
        case logTailedRelu = "LogTailedRelu", reluGrad = "ReluGrad", gaussianGrad = "GaussianGrad"
        case multiGaussianGrad = "MultiGaussianGrad", invSquareGrad = "InvSquareGrad", slayerGrad = "SlayerGrad"

        /// Keyword names and defaults, in braintools' constructor order.
        public var parameters: [(name: String, value: Double)] {
            switch self {
            case .sigmoid: return [("alpha", 4)]
            case .piecewiseQuadratic, .piecewiseExp, .softSign, .arctan, .nonzeroSignLog, .erf, .slayerGrad:
                return [("alpha", 1)]
            case .piecewiseLeakyRelu: return [("c", 0.01), ("w", 1)]
            case .squarewaveFourierSeries: return [("n", 2), ("t_period", 8)]
            case .s2nn: return [("alpha", 4), ("beta", 1), ("epsilon", 1e-8)]
            case .qPseudoSpike: return [("alpha", 2)]
            case .leakyRelu: return [("alpha", 0.1), ("beta", 1)]
            case .logTailedRelu: return [("alpha", 0)]
            case .reluGrad: return [("alpha", 0.3), ("width", 1)]
            case .gaussianGrad: return [("sigma", 0.5), ("alpha", 0.5)]
            case .multiGaussianGrad: return [("h", 0.15), ("s", 6), ("sigma", 0.5), ("scale", 0.5)]
            case .invSquareGrad: return [("alpha", 100)]
            }
        }
    }

    public let kind: Kind
    /// The keyword values in `kind.parameters` order, in fixed slots: the derivative runs once per
    /// neuron and step, and reading an array there would retain and release it every time.
    private var slots = SIMD4<Double>()

    /// Values of `kind.parameters`, in the same order.
    public var values: [Double] { kind.parameters.indices.map { slots[$0] } }

    public init(_ kind: Kind) {
        self.kind = kind
        for (i, p) in kind.parameters.enumerated() { slots[i] = p.value }
    }

    /// By braintools class name.
    public init(named name: String) throws(EngineError) {
        guard let kind = Kind(rawValue: name) else {
            throw EngineError.unknown("unknown surrogate '\(name)' (known: \(Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        self.init(kind)
    }

    /// Set one keyword (e.g. "alpha").
    public mutating func set(_ name: String, _ value: Double) throws(EngineError) {
        guard let i = kind.parameters.firstIndex(where: { $0.name == name }) else {
            throw EngineError.unknown("\(kind.rawValue) has no parameter '\(name)' (it has: \(kind.parameters.map(\.name).joined(separator: ", ")))")
        }
        guard value.isFinite else { throw EngineError.invalid("\(kind.rawValue).\(name) must be finite, got \(value)") }
        if kind == .squarewaveFourierSeries && name == "n" && (value < 1 || value != value.rounded()) {
            throw EngineError.invalid("SquarewaveFourierSeries.n must be a positive integer, got \(value)")
        }
        slots[i] = value
    }

    public func value(_ name: String) -> Double? {
        kind.parameters.firstIndex { $0.name == name }.map { slots[$0] }
    }

    /// The forward pass: the Heaviside step, 1 at x = 0 (a NaN gives 0).
    @inline(__always)
    public static func heaviside(_ x: Double) -> Double { x >= 0 ? 1 : 0 }

    /// The backward pass: dH/dx as this surrogate defines it (braintools' formulas). Inlined into the
    /// neuron loops, where the kind is the same for every element.
    @inline(__always)
    public func derivative(_ x: Double) -> Double { Surrogate.derivative(kind, slots, x) }

    /// out[i] = derivative(z[i]) · scale for n elements, with the kind chosen once for the whole
    /// loop (so each kind's loop is straight-line code the compiler can vectorise).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func derivatives<F: SimFloat>(_ z: UnsafePointer<F>, _ out: UnsafeMutablePointer<F>, _ n: Int, scale: F) {
        let p = slots
        @inline(__always) func each(_ k: Kind) {
            for i in 0..<n { out[i] = F(Surrogate.derivative(k, p, Double(z[i]))) * scale }
        }
        switch kind {
        case .sigmoid: each(.sigmoid)
        case .piecewiseQuadratic: each(.piecewiseQuadratic)
        case .piecewiseExp: each(.piecewiseExp)
        case .softSign: each(.softSign)
        case .arctan: each(.arctan)
        case .nonzeroSignLog: each(.nonzeroSignLog)
        case .erf: each(.erf)
        case .piecewiseLeakyRelu: each(.piecewiseLeakyRelu)
        case .squarewaveFourierSeries: each(.squarewaveFourierSeries)
        case .s2nn: each(.s2nn)
        case .qPseudoSpike: each(.qPseudoSpike)
        case .leakyRelu: each(.leakyRelu)
        case .logTailedRelu: each(.logTailedRelu)
        case .reluGrad: each(.reluGrad)
        case .gaussianGrad: each(.gaussianGrad)
        case .multiGaussianGrad: each(.multiGaussianGrad)
        case .invSquareGrad: each(.invSquareGrad)
        case .slayerGrad: each(.slayerGrad)
        }
    }

    @inline(__always)
    static func derivative(_ kind: Kind, _ p: SIMD4<Double>, _ x: Double) -> Double {
        switch kind {
        case .sigmoid:
            let sg = 1 / (1 + exp(-p[0] * x))
            return p[0] * sg * (1 - sg)
        case .piecewiseQuadratic:
            return abs(x) > 1 / p[0] ? 0 : p[0] - p[0] * p[0] * abs(x)
        case .piecewiseExp:
            return p[0] / 2 * exp(-p[0] * abs(x))
        case .softSign:
            let d = 1 + abs(p[0] * x)
            return p[0] / (2 * d * d)
        case .arctan:
            let u = Double.pi / 2 * p[0] * x
            return p[0] / (2 * (1 + u * u))
        case .nonzeroSignLog:
            return 1 / (1 / p[0] + abs(x))
        case .erf:
            return p[0] / Double.pi.squareRoot() * exp(-p[0] * p[0] * x * x)
        case .piecewiseLeakyRelu:
            return abs(x) > p[1] ? p[0] : 1 / (2 * p[1])
        case .squarewaveFourierSeries:
            let omega = 2 * Double.pi / p[1]
            var sum = 0.0
            for i in 1...Int(p[0]) { sum += cos(Double(2 * i - 1) * omega * x) }
            return 4 / p[1] * sum
        case .s2nn:
            if x < 0 {
                let sg = 1 / (1 + exp(-p[0] * x))
                return p[0] * sg * (1 - sg)
            }
            return p[1] / (x + 1)
        case .qPseudoSpike:
            return pow(1 + 2 * abs(x) / (p[0] + 1), -p[0])
        case .leakyRelu:
            return x < 0 ? p[0] : p[1]
        case .logTailedRelu:
            return x > 1 ? 1 / x : (x > 0 ? 1 : p[0])
        case .reluGrad:
            return max(p[0] * p[1] - p[0] * abs(x), 0)
        case .gaussianGrad:
            return p[1] * Surrogate.normalDensity(x, 0, p[0])
        case .multiGaussianGrad:
            let (h, s, sigma, scale) = (p[0], p[1], p[2], p[3])
            return scale * ((1 + h) * Surrogate.normalDensity(x, 0, sigma)
                            - h * Surrogate.normalDensity(x, sigma, s * sigma)
                            - h * Surrogate.normalDensity(x, -sigma, s * sigma))
        case .invSquareGrad:
            let d = p[0] * abs(x) + 1
            return 1 / (d * d)
        case .slayerGrad:
            return exp(-p[0] * abs(x))
        }
    }

    static func normalDensity(_ x: Double, _ mean: Double, _ sigma: Double) -> Double {
        let u = (x - mean) / sigma
        return exp(-0.5 * u * u) / (sigma * (2 * Double.pi).squareRoot())
    }

    /// A smooth function whose derivative is `derivative` (braintools' primitives where it has one,
    /// the integral of the derivative otherwise; up to a constant). Finite differences of it check
    /// `derivative`, and the smooth test mode of the neuron layers uses it as the forward pass so that
    /// backpropagation through time can be checked against finite differences of the loss.
    public func primitive(_ x: Double) -> Double {
        let p = slots
        let sign: Double = x < 0 ? -1 : 1
        switch kind {
        case .sigmoid:
            return 1 / (1 + exp(-p[0] * x))
        case .piecewiseQuadratic:
            if abs(x) > 1 / p[0] { return x < 0 ? 0 : 1 }
            return -p[0] * p[0] / 2 * x * abs(x) + p[0] * x + 0.5
        case .piecewiseExp:
            return x < 0 ? exp(p[0] * x) / 2 : 1 - exp(-p[0] * x) / 2
        case .softSign:
            return x / (2 / p[0] + 2 * abs(x)) + 0.5
        case .arctan:
            return atan(Double.pi / 2 * p[0] * x) / Double.pi + 0.5
        case .nonzeroSignLog:
            return sign * log(abs(p[0] * x) + 1)
        case .erf:
            return 0.5 * (1 + Glibc.erf(p[0] * x))
        case .piecewiseLeakyRelu:
            let (c, w) = (p[0], p[1])
            if x < -w { return c * (x + w) }
            if x > w { return 1 + c * (x - w) }
            return (x + w) / (2 * w)
        case .squarewaveFourierSeries:
            let omega = 2 * Double.pi / p[1]
            var sum = 0.0
            for i in 1...Int(p[0]) { let k = Double(2 * i - 1); sum += sin(k * omega * x) / k }
            return 0.5 + 2 / Double.pi * sum
        case .s2nn:
            return x < 0 ? 1 / (1 + exp(-p[0] * x)) : p[1] * log(x + 1) + 0.5
        case .qPseudoSpike:
            let k = 2 / (p[0] + 1)
            if p[0] == 1 { return sign * log(1 + k * abs(x)) / k + 0.5 }
            return sign * (1 - pow(1 + k * abs(x), 1 - p[0])) / (k * (p[0] - 1)) + 0.5
        case .leakyRelu:
            return x < 0 ? p[0] * x : p[1] * x
        case .logTailedRelu:
            return x > 1 ? 1 + log(x) : (x > 0 ? x : p[0] * x)
        case .reluGrad:
            let (a, w) = (p[0], p[1])
            if abs(x) >= w { return sign * a * w * w / 2 }
            return a * w * x - a / 2 * x * abs(x)
        case .gaussianGrad:
            return p[1] * Surrogate.normalCDF(x, 0, p[0])
        case .multiGaussianGrad:
            let (h, s, sigma, scale) = (p[0], p[1], p[2], p[3])
            return scale * ((1 + h) * Surrogate.normalCDF(x, 0, sigma) - h * Surrogate.normalCDF(x, sigma, s * sigma)
                            - h * Surrogate.normalCDF(x, -sigma, s * sigma))
        case .invSquareGrad:
            return sign * (1 - 1 / (p[0] * abs(x) + 1)) / p[0]
        case .slayerGrad:
            return sign * (1 - exp(-p[0] * abs(x))) / p[0]
        }
    }

    static func normalCDF(_ x: Double, _ mean: Double, _ sigma: Double) -> Double {
        0.5 * (1 + Glibc.erf((x - mean) / (sigma * 2.0.squareRoot())))
    }
}
