import CBrainpyState

/// A surrogate spike function of braintools.surrogate, a neuron layer's `spkFun`. The forward pass is
/// the Heaviside step H(x) = (x ≥ 0) for every kind; the kind and its keywords choose only the
/// derivative that backpropagation through time uses in place of H's (zero almost everywhere).
///
/// The factories carry braintools' defaults (`.ReluGrad()`, every trainable neuron's default, is
/// max(alpha·width − alpha·|x|, 0)); `Surrogate(name:arguments:)` names any kind the engine knows.
/// `forward` and `derivative` evaluate the engine's own formulas (`bps_surrogate_eval`), i.e. exactly
/// what training applies.
public struct Surrogate: BraintoolsCall, Equatable {
    public let name: String
    public let arguments: [(name: String, value: Double)]

    public init(_ name: String, _ arguments: [(name: String, value: Double)]) {
        self.name = name
        self.arguments = arguments
    }

    public static func == (a: Surrogate, b: Surrogate) -> Bool { a.sameCall(as: b) }

    /// H(x) at every point (1 at x ≥ 0), as the forward pass computes spikes.
    public func forward(_ x: [Double]) throws -> [Double] { try evaluate(x).forward }

    /// The surrogate derivative dH/dx at every point, as the backward pass uses it.
    public func derivative(_ x: [Double]) throws -> [Double] { try evaluate(x).derivative }

    public func forward(_ x: Double) throws -> Double { try forward([x])[0] }
    public func derivative(_ x: Double) throws -> Double { try derivative([x])[0] }

    /// Both outputs of one `bps_surrogate_eval` call (which also checks the name and keywords).
    private func evaluate(_ x: [Double]) throws -> (forward: [Double], derivative: [Double]) {
        var h = [Double](repeating: 0, count: x.count)
        var d = [Double](repeating: 0, count: x.count)
        try withKeywords { n, keys, values in
            try check(h.withUnsafeMutableBufferPointer { hp in
                d.withUnsafeMutableBufferPointer { dp in
                    bps_surrogate_eval(name, n, keys, values, x, Int64(x.count), hp.baseAddress, dp.baseAddress)
                }
            })
        }
        return (h, d)
    }
}

// The 18 classes of braintools.surrogate with their constructor keywords and defaults.
extension Surrogate {
    /// α·sg(αx)(1 − sg(αx)), sg the logistic function.
    public static func Sigmoid(alpha: Double = 4) -> Surrogate { Surrogate("Sigmoid", [("alpha", alpha)]) }
    /// α − α²|x| inside |x| ≤ 1/α, else 0.
    public static func PiecewiseQuadratic(alpha: Double = 1) -> Surrogate {
        Surrogate("PiecewiseQuadratic", [("alpha", alpha)])
    }
    /// (α/2)·e^(−α|x|).
    public static func PiecewiseExp(alpha: Double = 1) -> Surrogate { Surrogate("PiecewiseExp", [("alpha", alpha)]) }
    /// α / (2(1 + |αx|)²).
    public static func SoftSign(alpha: Double = 1) -> Surrogate { Surrogate("SoftSign", [("alpha", alpha)]) }
    /// α / (2(1 + (παx/2)²)).
    public static func Arctan(alpha: Double = 1) -> Surrogate { Surrogate("Arctan", [("alpha", alpha)]) }
    /// 1 / (1/α + |x|).
    public static func NonzeroSignLog(alpha: Double = 1) -> Surrogate { Surrogate("NonzeroSignLog", [("alpha", alpha)]) }
    /// (α/√π)·e^(−α²x²).
    public static func ERF(alpha: Double = 1) -> Surrogate { Surrogate("ERF", [("alpha", alpha)]) }
    /// c outside |x| ≤ w, 1/(2w) inside.
    public static func PiecewiseLeakyRelu(c: Double = 0.01, w: Double = 1) -> Surrogate {
        Surrogate("PiecewiseLeakyRelu", [("c", c), ("w", w)])
    }
    /// (4/T)·Σ_{i=1..n} cos((2i − 1)·2πx/T), T = t_period.
    public static func SquarewaveFourierSeries(n: Int = 2, t_period: Double = 8) -> Surrogate {
        Surrogate("SquarewaveFourierSeries", [("n", Double(n)), ("t_period", t_period)])
    }
    /// The sigmoid's derivative below 0, β/(x + 1) from 0 on.
    public static func S2NN(alpha: Double = 4, beta: Double = 1, epsilon: Double = 1e-8) -> Surrogate {
        Surrogate("S2NN", [("alpha", alpha), ("beta", beta), ("epsilon", epsilon)])
    }
    /// (1 + 2|x|/(α + 1))^(−α).
    public static func QPseudoSpike(alpha: Double = 2) -> Surrogate { Surrogate("QPseudoSpike", [("alpha", alpha)]) }
    /// α below 0, β from 0 on.
    public static func LeakyRelu(alpha: Double = 0.1, beta: Double = 1) -> Surrogate {
        Surrogate("LeakyRelu", [("alpha", alpha), ("beta", beta)])
    }
    /// α at x ≤ 0, 1 on (0, 1], 1/x above.
    public static func LogTailedRelu(alpha: Double = 0) -> Surrogate { Surrogate("LogTailedRelu", [("alpha", alpha)]) }
    /// max(α·width − α|x|, 0): the default of IF, LIF, LIFRef and ALIF.
    public static func ReluGrad(alpha: Double = 0.3, width: Double = 1) -> Surrogate {
        Surrogate("ReluGrad", [("alpha", alpha), ("width", width)])
    }
    /// α·N(x; 0, σ), N the normal density.
    public static func GaussianGrad(sigma: Double = 0.5, alpha: Double = 0.5) -> Surrogate {
        Surrogate("GaussianGrad", [("sigma", sigma), ("alpha", alpha)])
    }
    /// scale·[(1 + h)·N(x; 0, σ) − h·N(x; σ, sσ) − h·N(x; −σ, sσ)].
    public static func MultiGaussianGrad(h: Double = 0.15, s: Double = 6, sigma: Double = 0.5,
                                         scale: Double = 0.5) -> Surrogate {
        Surrogate("MultiGaussianGrad", [("h", h), ("s", s), ("sigma", sigma), ("scale", scale)])
    }
    /// 1 / (α|x| + 1)²: brainpy.state's base Neuron default.
    public static func InvSquareGrad(alpha: Double = 100) -> Surrogate { Surrogate("InvSquareGrad", [("alpha", alpha)]) }
    /// e^(−α|x|).
    public static func SlayerGrad(alpha: Double = 1) -> Surrogate { Surrogate("SlayerGrad", [("alpha", alpha)]) }
}
