/// The transmitter-gated synapses of brainpy.state (AMPA, GABAa, BioNMDA) and the dimensions their
/// parameters need. They follow each presynaptic spike train, so they are the `syn` of an
/// `align_pre_projection` (brainpy.state cannot post-align them).

/// Concentration (mM: the transmitter concentration T).
public enum ConcentrationDimension: PhysicalDimension { public static let naturalUnit = "mM" }
/// Rate per concentration (1/(ms·mM): the binding rates alpha of AMPA and GABAa, alpha2 of BioNMDA).
public enum BindingRateDimension: PhysicalDimension { public static let naturalUnit = "1/(ms*mM)" }

public typealias Concentration = Quantity<ConcentrationDimension>
public typealias BindingRate = Quantity<BindingRateDimension>

extension Unit where D == ConcentrationDimension {
    public static var M: Self { Self("M") }
    public static var mM: Self { Self("mM") }
    public static var uM: Self { Self("uM") }
}

extension Unit where D == BindingRateDimension {
    /// 1/(ms·mM), brainpy.state's unit of the binding rates.
    public static var perMsPerMM: Self { Self("1/(ms*mM)") }
}

extension Double {
    public var mM: Concentration { Concentration(self, .mM) }
    public var uM: Concentration { Concentration(self, .uM) }
    /// `0.98.perMsPerMM`: a binding rate in 1/(ms·mM).
    public var perMsPerMM: BindingRate { BindingRate(self, .perMsPerMM) }
}

extension Int {
    public var mM: Concentration { Concentration(Double(self), .mM) }
    public var uM: Concentration { Concentration(Double(self), .uM) }
    public var perMsPerMM: BindingRate { BindingRate(Double(self), .perMsPerMM) }
}

extension StateKey where D == TimeDimension {
    /// Time of the last presynaptic spike of AMPA, GABAa, BioNMDA (starts at -1e7 ms).
    public static var spike_arrival_time: Self { Self("spike_arrival_time") }
}

extension StateKey where D == ConductanceDimension {
    /// DualExpon's rising and decaying components.
    public static var g_rise: Self { Self("g_rise") }
    public static var g_decay: Self { Self("g_decay") }
}

extension StateKey where D == Dimensionless {
    /// BioNMDA's bound transmitter fraction x.
    public static var x: Self { Self("x") }
    /// The utilisation u and the resources x of a projection's STP/STD module (brainpy's proj.stp.u,
    /// proj.stp.x), qualified so that they never name a synapse state.
    public static var stp_u: Self { Self("stp.u") }
    public static var stp_x: Self { Self("stp.x") }
}

/// The parameters AMPA and GABAa share; nil keeps brainpy.state's default.
public struct TransmitterKinetics: Sendable {
    public var alpha: Parameter<BindingRateDimension>?
    public var beta: Parameter<FrequencyDimension>?
    public var T: Parameter<ConcentrationDimension>?
    public var T_dur: Parameter<TimeDimension>?
    /// Initial open fraction (labelled mS, as in brainpy.state).
    public var g_initializer: Parameter<ConductanceDimension>?
}

/// AMPA and GABAa: a square pulse of transmitter T for T_dur after each presynaptic spike drives the
/// open fraction g toward α·T/(α·T + β).
public protocol KineticSynapse: SynapseModel {
    var kinetics: TransmitterKinetics { get set }
    init(kinetics: TransmitterKinetics)
}

extension KineticSynapse {
    public init(alpha: (any ParameterSource<BindingRateDimension>)? = nil,
                beta: (any ParameterSource<FrequencyDimension>)? = nil,
                T: (any ParameterSource<ConcentrationDimension>)? = nil,
                T_dur: (any ParameterSource<TimeDimension>)? = nil,
                g_initializer: (any ParameterSource<ConductanceDimension>)? = nil) {
        self.init(kinetics: TransmitterKinetics(alpha: alpha?.parameter, beta: beta?.parameter, T: T?.parameter,
                                                T_dur: T_dur?.parameter, g_initializer: g_initializer?.parameter))
    }

    public var settings: [ModelSetting] {
        let k = kinetics
        return [ModelSetting.optional("alpha", k.alpha), .optional("beta", k.beta), .optional("T", k.T),
                .optional("T_dur", k.T_dur), .optional("g_initializer", k.g_initializer)].compactMap { $0 }
    }
}

/// `brainpy.state.AMPA`. Defaults: alpha 0.98/(ms·mM), beta 0.18/ms, T 0.5 mM, T_dur 0.5 ms, g 0.
public struct AMPA: KineticSynapse {
    public var kinetics: TransmitterKinetics
    public init(kinetics: TransmitterKinetics) { self.kinetics = kinetics }
    public var modelName: String { "AMPA" }
}

/// `brainpy.state.GABAa`. Defaults: alpha 0.53/(ms·mM), beta 0.18/ms, T 1 mM, T_dur 1 ms, g 0.
public struct GABAa: KineticSynapse {
    public var kinetics: TransmitterKinetics
    public init(kinetics: TransmitterKinetics) { self.kinetics = kinetics }
    public var modelName: String { "GABAa" }
}

/// `brainpy.state.BioNMDA`: second-order NMDA kinetics, x first (driven by the transmitter pulse),
/// then g with the new x; no Mg²⁺ block inside. Defaults: alpha1 2/ms, beta1 0.01/ms,
/// alpha2 1/(ms·mM), beta2 0.5/ms, T 1 mM, T_dur 0.5 ms, g 0, x 0.
public struct BioNMDA: SynapseModel {
    public var alpha1: Parameter<FrequencyDimension>?
    public var beta1: Parameter<FrequencyDimension>?
    public var alpha2: Parameter<BindingRateDimension>?
    public var beta2: Parameter<FrequencyDimension>?
    public var T: Parameter<ConcentrationDimension>?
    public var T_dur: Parameter<TimeDimension>?
    public var g_initializer: Parameter<ConductanceDimension>?
    public var x_initializer: Parameter<Dimensionless>?

    public init(alpha1: (any ParameterSource<FrequencyDimension>)? = nil,
                beta1: (any ParameterSource<FrequencyDimension>)? = nil,
                alpha2: (any ParameterSource<BindingRateDimension>)? = nil,
                beta2: (any ParameterSource<FrequencyDimension>)? = nil,
                T: (any ParameterSource<ConcentrationDimension>)? = nil,
                T_dur: (any ParameterSource<TimeDimension>)? = nil,
                g_initializer: (any ParameterSource<ConductanceDimension>)? = nil,
                x_initializer: (any ParameterSource<Dimensionless>)? = nil) {
        (self.alpha1, self.beta1, self.alpha2, self.beta2) = (alpha1?.parameter, beta1?.parameter, alpha2?.parameter,
                                                               beta2?.parameter)
        (self.T, self.T_dur) = (T?.parameter, T_dur?.parameter)
        (self.g_initializer, self.x_initializer) = (g_initializer?.parameter, x_initializer?.parameter)
    }

    public var modelName: String { "BioNMDA" }
    public var settings: [ModelSetting] {
        [ModelSetting.optional("alpha1", alpha1), .optional("beta1", beta1), .optional("alpha2", alpha2),
         .optional("beta2", beta2), .optional("T", T), .optional("T_dur", T_dur),
         .optional("g_initializer", g_initializer), .optional("x_initializer", x_initializer)].compactMap { $0 }
    }
}

/// A short-term plasticity module of a projection ("stp"): it lives in presynaptic space and turns
/// each spike into a released amplitude, so a value-weighted comm (FixedNumConn, Linear, SparseLinear,
/// AllToAll, OneToOne, EventLinear with floatAsEvent false) or an align-pre synapse must follow it.
public protocol PlasticityModel: ModelDescription {}

/// `brainpy.state.STP` (Tsodyks–Markram): a spike releases u⁺·x. Defaults: U 0.15, tau_f 1500 ms,
/// tau_d 200 ms. States `.stp_u`, `.stp_x` (one per presynaptic neuron).
public struct STP: PlasticityModel {
    public var U: Parameter<Dimensionless>?
    public var tau_f: Parameter<TimeDimension>?
    public var tau_d: Parameter<TimeDimension>?

    public init(U: (any ParameterSource<Dimensionless>)? = nil, tau_f: (any ParameterSource<TimeDimension>)? = nil,
                tau_d: (any ParameterSource<TimeDimension>)? = nil) {
        (self.U, self.tau_f, self.tau_d) = (U?.parameter, tau_f?.parameter, tau_d?.parameter)
    }

    public var modelName: String { "STP" }
    public var settings: [ModelSetting] {
        [ModelSetting.optional("U", U), .optional("tau_f", tau_f), .optional("tau_d", tau_d)].compactMap { $0 }
    }
}

/// `brainpy.state.STD`: short-term depression; a spike releases x and uses U·x. Defaults: tau 200 ms,
/// U 0.07. State `.stp_x`.
public struct STD: PlasticityModel {
    public var tau: Parameter<TimeDimension>?
    public var U: Parameter<Dimensionless>?

    public init(tau: (any ParameterSource<TimeDimension>)? = nil, U: (any ParameterSource<Dimensionless>)? = nil) {
        (self.tau, self.U) = (tau?.parameter, U?.parameter)
    }

    public var modelName: String { "STD" }
    public var settings: [ModelSetting] {
        [ModelSetting.optional("tau", tau), .optional("U", U)].compactMap { $0 }
    }
}
