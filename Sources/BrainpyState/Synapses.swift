/// `brainpy.state.Expon`: an exponential conductance g that decays with tau; a spike adds its weight
/// in the same step. Defaults: tau 8 ms, g 0 mS.
public struct Expon: SynapseModel {
    public var tau: Parameter<TimeDimension>?
    public var g_initializer: Parameter<ConductanceDimension>?

    public init(tau: (any ParameterSource<TimeDimension>)? = nil,
                g_initializer: (any ParameterSource<ConductanceDimension>)? = nil) {
        self.tau = tau?.parameter
        self.g_initializer = g_initializer?.parameter
    }

    public var modelName: String { "Expon" }
    public var settings: [ModelSetting] {
        [ModelSetting.optional("tau", tau), .optional("g_initializer", g_initializer)].compactMap { $0 }
    }
}

/// `brainpy.state.DualExpon`: rise and decay exponentials that both take the input; the output
/// amplitude * N * (g_decay - g_rise) peaks at `amplitude` when `normalize` is true.
/// Defaults: tau_decay 10 ms, tau_rise 1 ms, amplitude 1, normalize true, g 0 mS.
public struct DualExpon: SynapseModel {
    public var tau_decay: Parameter<TimeDimension>?
    public var tau_rise: Parameter<TimeDimension>?
    public var amplitude: Parameter<Dimensionless>?
    public var normalize: Bool?
    public var g_initializer: Parameter<ConductanceDimension>?

    public init(tau_decay: (any ParameterSource<TimeDimension>)? = nil,
                tau_rise: (any ParameterSource<TimeDimension>)? = nil,
                amplitude: (any ParameterSource<Dimensionless>)? = nil,
                normalize: Bool? = nil,
                g_initializer: (any ParameterSource<ConductanceDimension>)? = nil) {
        self.tau_decay = tau_decay?.parameter
        self.tau_rise = tau_rise?.parameter
        self.amplitude = amplitude?.parameter
        self.normalize = normalize
        self.g_initializer = g_initializer?.parameter
    }

    public var modelName: String { "DualExpon" }
    public var settings: [ModelSetting] {
        [ModelSetting.optional("tau_decay", tau_decay), .optional("tau_rise", tau_rise),
         .optional("amplitude", amplitude), normalize.map { .option("normalize", $0 ? "true" : "false") },
         .optional("g_initializer", g_initializer)].compactMap { $0 }
    }
}

/// `brainpy.state.Alpha`: g follows h, which takes the input, so the output lags the input by one
/// step and peaks near x/e after tau (not normalised). Defaults: tau 8 ms, g and h 0 mS.
public struct Alpha: SynapseModel {
    public var tau: Parameter<TimeDimension>?
    public var g_initializer: Parameter<ConductanceDimension>?

    public init(tau: (any ParameterSource<TimeDimension>)? = nil,
                g_initializer: (any ParameterSource<ConductanceDimension>)? = nil) {
        self.tau = tau?.parameter
        self.g_initializer = g_initializer?.parameter
    }

    public var modelName: String { "Alpha" }
    public var settings: [ModelSetting] {
        [ModelSetting.optional("tau", tau), .optional("g_initializer", g_initializer)].compactMap { $0 }
    }
}
