import CBrainpyState

/// One layer of a trainable `Sequential`, described as brainpy.state writes it:
/// `.Linear(100, 4)`, `.Expon(4, tau: 5.ms)`, `.LIF(4, tau: 20.ms, spkFun: .ReluGrad())`.
/// The factories carry brainpy.state's defaults and are named after its classes; the network-level
/// models of the same names (`LIF`, `Expon`, ...) describe populations of a `Network` instead.
///
/// Values are in the units of brainpy.state's training examples: a neuron's input is a current in mA
/// (R in ohm makes R·I a voltage in mV); synapse layers carry whatever their input carries, so their
/// `gInitializer` is a plain number in that unit. Keyword names keep brainpy's symbols (V_th, tau_ref)
/// and write its other keywords in camel case (spk_fun → spkFun, w_init → wInit).
public struct Layer: Sendable, CustomStringConvertible {
    /// brainpy.state's class name, as the engine knows it.
    public let kind: String
    public let inSize: Int
    public let outSize: Int
    let settings: [Setting]

    /// What `Sequential.add` applies after creating the layer, one C call each, in order.
    enum Setting: Sendable {
        /// A scalar; unit nil is the layer's own (dimensionless settings).
        case param(String, Double, unit: String?)
        /// A time constant that is also an array: one value, one per neuron, or drawn.
        case tau(Parameter<TimeDimension>)
        case option(String, String)
        case surrogate(Surrogate)
        case initialize(String, WeightInitializer)
        /// SparseLinear's synapses, then their weights.
        case connections(pre: [Int], post: [Int])
        case array(String, [Double])
    }

    /// A layer of any kind the engine knows, with the engine's defaults (set its parameters on the
    /// network afterwards with `Sequential.setParam`).
    public init(kind: String, inSize: Int, outSize: Int) {
        self.init(kind, inSize, outSize, [])
    }

    init(_ kind: String, _ inSize: Int, _ outSize: Int, _ settings: [Setting]) {
        self.kind = kind
        self.inSize = inSize
        self.outSize = outSize
        self.settings = settings
    }

    public var description: String { inSize == outSize ? "\(kind)(\(inSize))" : "\(kind)(\(inSize), \(outSize))" }
}

extension Layer.Setting {
    static func quantity<D>(_ name: String, _ q: Quantity<D>) -> Self { .param(name, q.value, unit: q.unit.symbol) }
}

// MARK: - the layers of brainpy.state's training examples

extension Layer {
    /// brainstate.nn.Linear: y = x·W + b over every (step, batch row), W [in, out] and b [out], both
    /// trainable. brainstate's defaults: W from its truncated KaimingNormal, b zero; bInit nil drops
    /// the bias (b_init=None).
    public static func Linear(_ inSize: Int, _ outSize: Int, wInit: WeightInitializer = .brainstateKaimingNormal(),
                              bInit: WeightInitializer? = .ZeroInit()) -> Layer {
        Layer("Linear", inSize, outSize,
              [.initialize("weight", wInit), bInit.map { .initialize("bias", $0) } ?? .option("bias", "none")])
    }

    /// brainpy.state.Expon: g ← g·e^(−dt/τ) + x, output g (the input shows in the same step).
    /// tau may be one value, one per neuron, or an initializer; it trains once `setTrainable`d.
    public static func Expon(_ size: Int, tau: any ParameterSource<TimeDimension> = 8.ms,
                             gInitializer: Double = 0) -> Layer {
        Layer("Expon", size, size, [.tau(tau.parameter), .param("g_initializer", gInitializer, unit: nil)])
    }

    /// brainpy.state.DualExpon: amplitude·N·(g_decay − g_rise), both receiving x; N normalises the
    /// continuous peak to 1 (normalize) and needs tau_decay ≠ tau_rise.
    public static func DualExpon(_ size: Int, tau_decay: Time = 10.ms, tau_rise: Time = 1.ms, amplitude: Double = 1,
                                 normalize: Bool = true, gInitializer: Double = 0) -> Layer {
        Layer("DualExpon", size, size,
              [.quantity("tau_decay", tau_decay), .quantity("tau_rise", tau_rise), .param("amplitude", amplitude, unit: nil),
               .param("normalize", normalize ? 1 : 0, unit: nil), .param("g_initializer", gInitializer, unit: nil)])
    }

    /// brainpy.state.Alpha: g follows h one step behind, h ← h·e^(−dt/τ) + x (peak ≈ x/e near t = τ).
    public static func Alpha(_ size: Int, tau: any ParameterSource<TimeDimension> = 8.ms,
                             gInitializer: Double = 0) -> Layer {
        Layer("Alpha", size, size, [.tau(tau.parameter), .param("g_initializer", gInitializer, unit: nil)])
    }

    /// brainpy.state.IF: τ dV/dt = −V + R·I, spike when (V − V_th)/V_th ≥ 0 (no V_reset, V_rest: both 0).
    public static func IF(_ size: Int, R: Resistance = 1.ohm, tau: any ParameterSource<TimeDimension> = 5.ms,
                          V_th: Voltage = 1.mV, V_initializer: Voltage = 0.mV, spkFun: Surrogate = .ReluGrad(),
                          spkReset: SpikeReset = .soft) -> Layer {
        neuron("IF", size, [.quantity("R", R), .tau(tau.parameter), .quantity("V_th", V_th),
                            .quantity("V_initializer", V_initializer)], spkFun, spkReset)
    }

    /// brainpy.state.LIF: τ dV/dt = −V + V_rest + R·I, spike when (V − V_th)/(V_th − V_reset) ≥ 0; the
    /// reset is differentiated through the surrogate, as brainpy.state's BPTT does.
    public static func LIF(_ size: Int, R: Resistance = 1.ohm, tau: any ParameterSource<TimeDimension> = 5.ms,
                           V_th: Voltage = 1.mV, V_reset: Voltage = 0.mV, V_rest: Voltage = 0.mV,
                           V_initializer: Voltage = 0.mV, spkFun: Surrogate = .ReluGrad(),
                           spkReset: SpikeReset = .soft) -> Layer {
        neuron("LIF", size, [.quantity("R", R), .tau(tau.parameter), .quantity("V_th", V_th),
                             .quantity("V_reset", V_reset), .quantity("V_rest", V_rest),
                             .quantity("V_initializer", V_initializer)], spkFun, spkReset)
    }

    /// brainpy.state.LIFRef: LIF holding V for tau_ref after each spike.
    public static func LIFRef(_ size: Int, R: Resistance = 1.ohm, tau: any ParameterSource<TimeDimension> = 5.ms,
                              tau_ref: Time = 5.ms, V_th: Voltage = 1.mV, V_reset: Voltage = 0.mV,
                              V_rest: Voltage = 0.mV, V_initializer: Voltage = 0.mV, spkFun: Surrogate = .ReluGrad(),
                              spkReset: SpikeReset = .soft) -> Layer {
        neuron("LIFRef", size, [.quantity("R", R), .tau(tau.parameter), .quantity("tau_ref", tau_ref),
                                .quantity("V_th", V_th), .quantity("V_reset", V_reset), .quantity("V_rest", V_rest),
                                .quantity("V_initializer", V_initializer)], spkFun, spkReset)
    }

    /// brainpy.state.ALIF: LIF whose threshold rises by beta·a, a += 1 per spike and decays with tau_a.
    public static func ALIF(_ size: Int, R: Resistance = 1.ohm, tau: any ParameterSource<TimeDimension> = 5.ms,
                            tau_a: Time = 100.ms, V_th: Voltage = 1.mV, V_reset: Voltage = 0.mV, V_rest: Voltage = 0.mV,
                            beta: Voltage = 0.1.mV, spkFun: Surrogate = .ReluGrad(), spkReset: SpikeReset = .soft,
                            V_initializer: Voltage = 0.mV, aInitializer: Double = 0) -> Layer {
        neuron("ALIF", size, [.quantity("R", R), .tau(tau.parameter), .quantity("tau_a", tau_a),
                              .quantity("V_th", V_th), .quantity("V_reset", V_reset), .quantity("V_rest", V_rest),
                              .quantity("beta", beta), .quantity("V_initializer", V_initializer),
                              .param("a_initializer", aInitializer, unit: nil)], spkFun, spkReset)
    }

    /// brainpy.state.LeakyRateReadout: r ← e^(−dt/τ)·r + x·W, W [in, out] trainable (braintools'
    /// KaimingNormal by default).
    /// brainstate.nn.SparseLinear: explicit synapses pre[k] → post[k] (input, output indices), one
    /// trainable weight each: a simulator's connectivity made trainable.
    public static func SparseLinear(_ inSize: Int, _ outSize: Int, pre: [Int], post: [Int], weights: [Double]) -> Layer {
        Layer("SparseLinear", inSize, outSize, [.connections(pre: pre, post: post), .array("weight", weights)])
    }

    public static func LeakyRateReadout(_ inSize: Int, _ outSize: Int, tau: Time = 5.ms,
                                        wInit: WeightInitializer = .KaimingNormal()) -> Layer {
        Layer("LeakyRateReadout", inSize, outSize, [.quantity("tau", tau), .initialize("weight", wInit)])
    }

    private static func neuron(_ kind: String, _ size: Int, _ parameters: [Setting], _ spkFun: Surrogate,
                               _ spkReset: SpikeReset) -> Layer {
        Layer(kind, size, size, parameters + [.option("spk_reset", spkReset.rawValue), .surrogate(spkFun)])
    }
}

// MARK: - applying a description

extension Layer.Setting {
    /// The C call of this setting on layer `layer` of `seq`.
    func apply(to seq: OpaquePointer, layer: Int32) throws {
        switch self {
        case .param(let name, let value, let unit):
            try check(bps_sequential_set_param(seq, layer, name, value, unit))
        case .tau(.value(let q)):
            try check(bps_sequential_set_param(seq, layer, "tau", q.value, q.unit.symbol))
        case .tau(.perNeuron(let a)):
            let factor = a.unit == .ms ? 1 : try convertUnit(1, from: a.unit.symbol, to: "ms")
            let ms = a.values.map { $0 * factor }
            try check(bps_sequential_set_array(seq, layer, "tau", ms, Int64(ms.count), BPS_DTYPE_FLOAT64))
        case .tau(.initializer(let i)):
            try Layer.Setting.initialize("tau", try i.weightInitializer(in: .ms)).apply(to: seq, layer: layer)
        case .option(let name, let value):
            try check(bps_sequential_set_option(seq, layer, name, value))
        case .surrogate(let s):
            try s.withKeywords { n, keys, values in
                try check(bps_sequential_set_surrogate(seq, layer, s.name, n, keys, values))
            }
        case .initialize(let array, let i):
            try i.withKeywords { n, keys, values in
                try check(bps_sequential_init_array(seq, layer, array, i.name, n, keys, values))
            }
        case .connections(let pre, let post):
            guard pre.count == post.count else {
                throw BrainpyStateError(status: .outOfRange, message: "SparseLinear: \(pre.count) pre indices, \(post.count) post indices")
            }
            let p = pre.map(Int64.init), q = post.map(Int64.init)
            try check(bps_sequential_set_connections(seq, layer, p, q, Int64(p.count)))
        case .array(let name, let values):
            try check(bps_sequential_set_array(seq, layer, name, values, Int64(values.count), BPS_DTYPE_FLOAT64))
        }
    }
}

extension Initializer {
    /// A state initializer (Constant, Normal, Uniform, with units) as the training engine's array
    /// initializer of the same name, its arguments in `unit`.
    func weightInitializer(in unit: Unit<D>) throws -> WeightInitializer {
        let keys: [String]
        switch name {
        case "Constant": keys = ["value"]
        case "Normal": keys = ["mean", "std"]
        case "Uniform": keys = ["low", "high"]
        default: keys = arguments.indices.map { "argument\($0)" }   // the engine names what it rejects
        }
        return WeightInitializer(name, try zip(keys, arguments).map { (name: $0, value: try $1.value(in: unit)) })
    }
}
