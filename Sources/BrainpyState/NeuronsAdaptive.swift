/// `brainpy.state.ALIF`: LIF whose threshold rises by beta per unit of the adaptation a (a += 1 per
/// spike, decaying with tau_a). Defaults: R 1 ohm, tau 5 ms, tau_a 100 ms, V_th 1 mV, V_reset 0 mV,
/// V_rest 0 mV, beta 0.1 mV, V 0 mV, a 0, soft reset.
public struct ALIF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_a: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var beta: Parameter<VoltageDimension>?
    public var spk_reset: SpikeReset?
    public var V_initializer: Parameter<VoltageDimension>?
    public var a_initializer: Parameter<Dimensionless>?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_a: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                beta: (any ParameterSource<VoltageDimension>)? = nil,
                spk_reset: SpikeReset? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                a_initializer: (any ParameterSource<Dimensionless>)? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_a = tau_a?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.beta = beta?.parameter
        self.spk_reset = spk_reset
        self.V_initializer = V_initializer?.parameter
        self.a_initializer = a_initializer?.parameter
    }

    public var modelName: String { "ALIF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_a", tau_a), .optional("V_th", V_th),
         .optional("V_reset", V_reset), .optional("V_rest", V_rest), .optional("beta", beta),
         .optional("V_initializer", V_initializer), .optional("a_initializer", a_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// The parameters AdExIF and AdExIFRef share, in brainpy.state's order.
public struct AdExParameters: Sendable {
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_w: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_T: Parameter<VoltageDimension>?
    public var delta_T: Parameter<VoltageDimension>?
    public var a: Parameter<ConductanceDimension>?
    public var b: Parameter<CurrentDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var w_initializer: Parameter<CurrentDimension>?
    public var spk_reset: SpikeReset?

    var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_w", tau_w), .optional("V_th", V_th),
         .optional("V_reset", V_reset), .optional("V_rest", V_rest), .optional("V_T", V_T),
         .optional("delta_T", delta_T), .optional("a", a), .optional("b", b),
         .optional("V_initializer", V_initializer), .optional("w_initializer", w_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.AdExIF`: adaptive exponential integrate-and-fire,
/// tau dV/dt = -(V - V_rest) + delta_T exp((V - V_T)/delta_T) - R w + R I, tau_w dw/dt = a (V - V_rest) - w,
/// w += b per spike. Defaults: R 1 ohm, tau 10 ms, tau_w 30 ms, V_th -55 mV, V_reset -68 mV,
/// V_rest -65 mV, V_T -59.9 mV, delta_T 3.48 mV, a 1 S, b 1 mA, V -65 mV, w 0 mA, soft reset.
public struct AdExIF: NeuronModel {
    public var size: Int
    public var parameters: AdExParameters

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_w: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_T: (any ParameterSource<VoltageDimension>)? = nil,
                delta_T: (any ParameterSource<VoltageDimension>)? = nil,
                a: (any ParameterSource<ConductanceDimension>)? = nil,
                b: (any ParameterSource<CurrentDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                w_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        parameters = AdExParameters(
            R: R?.parameter, tau: tau?.parameter, tau_w: tau_w?.parameter, V_th: V_th?.parameter,
            V_reset: V_reset?.parameter, V_rest: V_rest?.parameter, V_T: V_T?.parameter,
            delta_T: delta_T?.parameter, a: a?.parameter, b: b?.parameter, V_initializer: V_initializer?.parameter,
            w_initializer: w_initializer?.parameter, spk_reset: spk_reset)
    }

    public var modelName: String { "AdExIF" }
    public var settings: [ModelSetting] { parameters.settings }
}

/// `brainpy.state.AdExIFRef`: AdExIF that holds V and w while t - last_spike_time < tau_ref
/// (default 1.7 ms). `ref_var` keeps the boolean state `refractory` up to date.
public struct AdExIFRef: NeuronModel {
    public var size: Int
    public var parameters: AdExParameters
    public var tau_ref: Parameter<TimeDimension>?
    public var ref_var: Bool?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_w: (any ParameterSource<TimeDimension>)? = nil,
                tau_ref: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_T: (any ParameterSource<VoltageDimension>)? = nil,
                delta_T: (any ParameterSource<VoltageDimension>)? = nil,
                a: (any ParameterSource<ConductanceDimension>)? = nil,
                b: (any ParameterSource<CurrentDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                w_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                spk_reset: SpikeReset? = nil,
                ref_var: Bool? = nil) {
        self.size = size
        parameters = AdExParameters(
            R: R?.parameter, tau: tau?.parameter, tau_w: tau_w?.parameter, V_th: V_th?.parameter,
            V_reset: V_reset?.parameter, V_rest: V_rest?.parameter, V_T: V_T?.parameter,
            delta_T: delta_T?.parameter, a: a?.parameter, b: b?.parameter, V_initializer: V_initializer?.parameter,
            w_initializer: w_initializer?.parameter, spk_reset: spk_reset)
        self.tau_ref = tau_ref?.parameter
        self.ref_var = ref_var
    }

    public var modelName: String { "AdExIFRef" }
    public var settings: [ModelSetting] {
        parameters.settings + [ModelSetting.optional("tau_ref", tau_ref),
                               ref_var.map { .option("ref_var", $0 ? "true" : "false") }].compactMap { $0 }
    }
}
