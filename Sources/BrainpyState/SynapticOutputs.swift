/// `brainpy.state.COBA`: conductance-based output I = g * (E - V), integrated inside the
/// exponential-Euler step of the post neuron.
public struct COBA: OutputModel {
    /// Reversal potential.
    public var E: Parameter<VoltageDimension>

    public init(E: any ParameterSource<VoltageDimension>) {
        self.E = E.parameter
    }

    public var modelName: String { "COBA" }
    public var settings: [ModelSetting] { [.parameter("E", E)] }
}

/// `brainpy.state.CUBA`: current-based output I = g * scale (default scale 1 V, so mS -> mA).
public struct CUBA: OutputModel {
    public var scale: Parameter<VoltageDimension>?

    public init(scale: (any ParameterSource<VoltageDimension>)? = nil) {
        self.scale = scale?.parameter
    }

    public var modelName: String { "CUBA" }
    public var settings: [ModelSetting] { [ModelSetting.optional("scale", scale)].compactMap { $0 } }
}

/// `brainpy.state.MgBlock`: NMDA-type output with a voltage-dependent magnesium block,
/// I = g * (E - V) / (1 + cc_Mg / beta * exp(alpha * (V_offset - V))), evaluated like COBA inside the
/// post neuron's exponential-Euler step (its V-derivative enters the linearisation). Defaults are
/// brainpy.state's numbers in the units its documentation gives them (its own bare defaults do not
/// combine with a V in mV): E 0 mV, cc_Mg 1.2 mM, alpha 0.062/mV, beta 3.57 mM, V_offset 0 mV.
public struct MgBlock: OutputModel {
    public var E: Parameter<VoltageDimension>?
    public var cc_Mg: Parameter<ConcentrationDimension>?
    public var alpha: Parameter<InverseVoltageDimension>?
    public var beta: Parameter<ConcentrationDimension>?
    public var V_offset: Parameter<VoltageDimension>?

    public init(E: (any ParameterSource<VoltageDimension>)? = nil,
                cc_Mg: (any ParameterSource<ConcentrationDimension>)? = nil,
                alpha: (any ParameterSource<InverseVoltageDimension>)? = nil,
                beta: (any ParameterSource<ConcentrationDimension>)? = nil,
                V_offset: (any ParameterSource<VoltageDimension>)? = nil) {
        self.E = E?.parameter
        self.cc_Mg = cc_Mg?.parameter
        self.alpha = alpha?.parameter
        self.beta = beta?.parameter
        self.V_offset = V_offset?.parameter
    }

    public var modelName: String { "MgBlock" }
    public var settings: [ModelSetting] {
        [ModelSetting.optional("E", E), .optional("cc_Mg", cc_Mg), .optional("alpha", alpha), .optional("beta", beta),
         .optional("V_offset", V_offset)].compactMap { $0 }
    }
}
