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
