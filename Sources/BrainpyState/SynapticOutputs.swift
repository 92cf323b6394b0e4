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
