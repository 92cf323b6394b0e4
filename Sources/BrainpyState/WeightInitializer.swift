/// An initializer of braintools.init for a trainable array (a Linear or readout weight, a bias, a
/// per-neuron tau), drawn by the engine from the network's seed with a stream of its own per
/// (layer, array), so initial weights depend on the seed only, not on the order of the calls.
///
/// The variance-scaling family uses braintools' fans: fan_in = rows, fan_out = columns of an
/// [in, out] weight. `brainstateKaimingNormal` is brainstate.nn.init's KaimingNormal (a normal
/// truncated at ±2σ), the default weight of brainstate.nn.Linear; braintools' `KaimingNormal` is an
/// untruncated normal, the default of LeakyRateReadout. Weights are plain numbers in the units of what
/// they carry: a Linear feeding a neuron (directly or through a synapse layer) produces its current
/// in mA.
public struct WeightInitializer: BraintoolsCall {
    public let name: String
    public let arguments: [(name: String, value: Double)]

    public init(_ name: String, _ arguments: [(name: String, value: Double)]) {
        self.name = name
        self.arguments = arguments
    }

    /// Every element `value`.
    public static func Constant(_ value: Double) -> WeightInitializer { WeightInitializer("Constant", [("value", value)]) }
    /// Every element 0 (the default bias).
    public static func ZeroInit() -> WeightInitializer { WeightInitializer("ZeroInit", []) }
    public static func Normal(mean: Double = 0, std: Double = 1) -> WeightInitializer {
        WeightInitializer("Normal", [("mean", mean), ("std", std)])
    }
    public static func Uniform(low: Double = 0, high: Double = 1) -> WeightInitializer {
        WeightInitializer("Uniform", [("low", low), ("high", high)])
    }
    /// A normal restricted to [low, high] (unbounded by default).
    public static func TruncatedNormal(mean: Double = 0, std: Double = 1, low: Double = -.infinity,
                                       high: Double = .infinity) -> WeightInitializer {
        WeightInitializer("TruncatedNormal", [("mean", mean), ("std", std), ("low", low), ("high", high)])
    }
    /// N(0, scale/fan_in).
    public static func KaimingNormal(scale: Double = 2) -> WeightInitializer { scaling("KaimingNormal", scale) }
    /// U(±√(3·scale/fan_in)).
    public static func KaimingUniform(scale: Double = 2) -> WeightInitializer { scaling("KaimingUniform", scale) }
    /// N(0, scale/fan_avg).
    public static func XavierNormal(scale: Double = 1) -> WeightInitializer { scaling("XavierNormal", scale) }
    /// U(±√(3·scale/fan_avg)).
    public static func XavierUniform(scale: Double = 1) -> WeightInitializer { scaling("XavierUniform", scale) }
    /// N(0, scale/fan_in).
    public static func LecunNormal(scale: Double = 1) -> WeightInitializer { scaling("LecunNormal", scale) }
    /// U(±√(3·scale/fan_in)).
    public static func LecunUniform(scale: Double = 1) -> WeightInitializer { scaling("LecunUniform", scale) }
    /// brainstate.nn.init.KaimingNormal: variance scale/fan_in, truncated at ±2σ (brainstate.nn.Linear's
    /// default weight).
    public static func brainstateKaimingNormal(scale: Double = 2) -> WeightInitializer {
        scaling("brainstate.KaimingNormal", scale)
    }

    private static func scaling(_ name: String, _ scale: Double) -> WeightInitializer {
        WeightInitializer(name, [("scale", scale)])
    }
}
