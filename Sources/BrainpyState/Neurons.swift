/// brainpy.state's spike reset (`spk_reset`): "soft" subtracts V_th - V_reset, "hard" sets V_reset.
public enum SpikeReset: String, Sendable {
    case soft, hard
}

/// `brainpy.state.IF`: dV/dt = (-V + R*I)/tau. Parameters follow brainpy.state's signature order;
/// an omitted parameter keeps brainpy.state's default (R 1 ohm, tau 5 ms, V_th 1 mV, V 0 mV, soft).
public struct IF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.V_th = V_th?.parameter
        self.V_initializer = V_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "IF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("V_th", V_th),
         .optional("V_initializer", V_initializer), spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.LIF`: dV/dt = (-V + V_rest + R*I)/tau, reset to V_reset on a spike.
/// Defaults: R 1 ohm, tau 5 ms, V_th 1 mV, V_reset 0 mV, V_rest 0 mV, V 0 mV, soft reset.
public struct LIF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_initializer = V_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "LIF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("V_th", V_th),
         .optional("V_reset", V_reset), .optional("V_rest", V_rest), .optional("V_initializer", V_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.LIFRef`: LIF with a refractory period tau_ref during which V is held.
/// Defaults: R 1 ohm, tau 5 ms, tau_ref 5 ms, V_th 1 mV, V_reset 0 mV, V_rest 0 mV, V 0 mV, soft reset.
public struct LIFRef: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_ref: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_ref: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_ref = tau_ref?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_initializer = V_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "LIFRef" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_ref", tau_ref),
         .optional("V_th", V_th), .optional("V_reset", V_reset), .optional("V_rest", V_rest),
         .optional("V_initializer", V_initializer), spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}
