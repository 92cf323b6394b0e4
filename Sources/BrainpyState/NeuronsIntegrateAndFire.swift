/// brainpy.state's other integrate-and-fire models and Izhikevich (lif.py, izhikevich.py), in the style of
/// Neurons.swift: parameters in brainpy.state's signature order, each optional (nil keeps brainpy's default).
/// The refractory variants take `ref_var`; their `refractory` state is kept whatever it says.

/// `brainpy.state.ExpIF`: exponential integrate-and-fire, tau dV/dt = -(V - V_rest) + delta_T exp((V - V_T)/delta_T) + R I
/// (exponent clipped at 20). Defaults: R 1 ohm, tau 10 ms, V_th -30 mV, V_reset -68 mV, V_rest -65 mV,
/// V_T -59.9 mV, delta_T 3.48 mV, V -65 mV, soft reset (with these V runs away to ~1e15 mV, as in brainpy).
public struct ExpIF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_T: Parameter<VoltageDimension>?
    public var delta_T: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_T: (any ParameterSource<VoltageDimension>)? = nil,
                delta_T: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_T = V_T?.parameter
        self.delta_T = delta_T?.parameter
        self.V_initializer = V_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "ExpIF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("V_th", V_th),
         .optional("V_reset", V_reset), .optional("V_rest", V_rest), .optional("V_T", V_T),
         .optional("delta_T", delta_T), .optional("V_initializer", V_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.ExpIFRef`: ExpIF holding V at its post-reset value while t - last_spike_time < tau_ref (default 1.7 ms).
/// States V, last_spike_time, refractory (kept whatever ref_var says).
public struct ExpIFRef: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_ref: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_T: Parameter<VoltageDimension>?
    public var delta_T: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var spk_reset: SpikeReset?
    public var ref_var: Bool?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_ref: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_T: (any ParameterSource<VoltageDimension>)? = nil,
                delta_T: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                spk_reset: SpikeReset? = nil,
                ref_var: Bool? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_ref = tau_ref?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_T = V_T?.parameter
        self.delta_T = delta_T?.parameter
        self.V_initializer = V_initializer?.parameter
        self.spk_reset = spk_reset
        self.ref_var = ref_var
    }

    public var modelName: String { "ExpIFRef" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_ref", tau_ref),
         .optional("V_th", V_th), .optional("V_reset", V_reset), .optional("V_rest", V_rest),
         .optional("V_T", V_T), .optional("delta_T", delta_T), .optional("V_initializer", V_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) },
         ref_var.map { .option("ref_var", $0 ? "true" : "false") }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.QuaIF`: quadratic integrate-and-fire, tau dV/dt = c (V - V_rest)(V - V_c) + R I.
/// Defaults: R 1 ohm, tau 10 ms, V_th -30 mV, V_reset -68 mV, V_rest -65 mV, V_c -50 mV, c 0.07 /mV, V -65 mV.
public struct QuaIF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_c: Parameter<VoltageDimension>?
    public var c: Parameter<InverseVoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_c: (any ParameterSource<VoltageDimension>)? = nil,
                c: (any ParameterSource<InverseVoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_c = V_c?.parameter
        self.c = c?.parameter
        self.V_initializer = V_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "QuaIF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("V_th", V_th),
         .optional("V_reset", V_reset), .optional("V_rest", V_rest), .optional("V_c", V_c), .optional("c", c),
         .optional("V_initializer", V_initializer), spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.AdQuaIF`: QuaIF with adaptation: tau dV/dt = c (V - V_rest)(V - V_c) - R w + R I,
/// tau_w dw/dt = a (V - V_rest) - w, w += b per spike. Defaults as QuaIF plus tau_w 10 ms, a 1 S, b 0.1 mA, w 0 mA.
public struct AdQuaIF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_w: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_c: Parameter<VoltageDimension>?
    public var c: Parameter<InverseVoltageDimension>?
    public var a: Parameter<ConductanceDimension>?
    public var b: Parameter<CurrentDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var w_initializer: Parameter<CurrentDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_w: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_c: (any ParameterSource<VoltageDimension>)? = nil,
                c: (any ParameterSource<InverseVoltageDimension>)? = nil,
                a: (any ParameterSource<ConductanceDimension>)? = nil,
                b: (any ParameterSource<CurrentDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                w_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_w = tau_w?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_c = V_c?.parameter
        self.c = c?.parameter
        self.a = a?.parameter
        self.b = b?.parameter
        self.V_initializer = V_initializer?.parameter
        self.w_initializer = w_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "AdQuaIF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_w", tau_w), .optional("V_th", V_th),
         .optional("V_reset", V_reset), .optional("V_rest", V_rest), .optional("V_c", V_c), .optional("c", c),
         .optional("a", a), .optional("b", b), .optional("V_initializer", V_initializer),
         .optional("w_initializer", w_initializer), spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.AdQuaIFRef`: AdQuaIF holding V and w at their post-reset values while t - last_spike_time < tau_ref
/// (default 1.7 ms). States V, w, last_spike_time, refractory.
public struct AdQuaIFRef: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_w: Parameter<TimeDimension>?
    public var tau_ref: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_c: Parameter<VoltageDimension>?
    public var c: Parameter<InverseVoltageDimension>?
    public var a: Parameter<ConductanceDimension>?
    public var b: Parameter<CurrentDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var w_initializer: Parameter<CurrentDimension>?
    public var spk_reset: SpikeReset?
    public var ref_var: Bool?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_w: (any ParameterSource<TimeDimension>)? = nil,
                tau_ref: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_c: (any ParameterSource<VoltageDimension>)? = nil,
                c: (any ParameterSource<InverseVoltageDimension>)? = nil,
                a: (any ParameterSource<ConductanceDimension>)? = nil,
                b: (any ParameterSource<CurrentDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                w_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                spk_reset: SpikeReset? = nil,
                ref_var: Bool? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_w = tau_w?.parameter
        self.tau_ref = tau_ref?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_c = V_c?.parameter
        self.c = c?.parameter
        self.a = a?.parameter
        self.b = b?.parameter
        self.V_initializer = V_initializer?.parameter
        self.w_initializer = w_initializer?.parameter
        self.spk_reset = spk_reset
        self.ref_var = ref_var
    }

    public var modelName: String { "AdQuaIFRef" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_w", tau_w),
         .optional("tau_ref", tau_ref), .optional("V_th", V_th), .optional("V_reset", V_reset),
         .optional("V_rest", V_rest), .optional("V_c", V_c), .optional("c", c), .optional("a", a),
         .optional("b", b), .optional("V_initializer", V_initializer), .optional("w_initializer", w_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) },
         ref_var.map { .option("ref_var", $0 ? "true" : "false") }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.Gif`: generalized integrate-and-fire: two spike-triggered currents I1, I2 and a dynamic threshold
/// state V_th. Defaults: R 20 ohm, tau 20 ms, V_rest/V_reset -70 mV, V_th_inf -50 mV, V_th_reset -60 mV, V_th -50 mV,
/// a 0 /ms, b 0.01 /ms, k1 0.2 /ms, k2 0.02 /ms, R1 0, R2 1, A1 = A2 = 0 mA, V -70 mV, I1 = I2 = 0 mA.
public struct Gif: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_th_inf: Parameter<VoltageDimension>?
    public var V_th_reset: Parameter<VoltageDimension>?
    public var V_th_initializer: Parameter<VoltageDimension>?
    public var a: Parameter<FrequencyDimension>?
    public var b: Parameter<FrequencyDimension>?
    public var k1: Parameter<FrequencyDimension>?
    public var k2: Parameter<FrequencyDimension>?
    public var R1: Parameter<Dimensionless>?
    public var R2: Parameter<Dimensionless>?
    public var A1: Parameter<CurrentDimension>?
    public var A2: Parameter<CurrentDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var I1_initializer: Parameter<CurrentDimension>?
    public var I2_initializer: Parameter<CurrentDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_th_inf: (any ParameterSource<VoltageDimension>)? = nil,
                V_th_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_th_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                a: (any ParameterSource<FrequencyDimension>)? = nil,
                b: (any ParameterSource<FrequencyDimension>)? = nil,
                k1: (any ParameterSource<FrequencyDimension>)? = nil,
                k2: (any ParameterSource<FrequencyDimension>)? = nil,
                R1: (any ParameterSource<Dimensionless>)? = nil,
                R2: (any ParameterSource<Dimensionless>)? = nil,
                A1: (any ParameterSource<CurrentDimension>)? = nil,
                A2: (any ParameterSource<CurrentDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                I1_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                I2_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.V_rest = V_rest?.parameter
        self.V_reset = V_reset?.parameter
        self.V_th_inf = V_th_inf?.parameter
        self.V_th_reset = V_th_reset?.parameter
        self.V_th_initializer = V_th_initializer?.parameter
        self.a = a?.parameter
        self.b = b?.parameter
        self.k1 = k1?.parameter
        self.k2 = k2?.parameter
        self.R1 = R1?.parameter
        self.R2 = R2?.parameter
        self.A1 = A1?.parameter
        self.A2 = A2?.parameter
        self.V_initializer = V_initializer?.parameter
        self.I1_initializer = I1_initializer?.parameter
        self.I2_initializer = I2_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "Gif" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("V_rest", V_rest),
         .optional("V_reset", V_reset), .optional("V_th_inf", V_th_inf), .optional("V_th_reset", V_th_reset),
         .optional("V_th_initializer", V_th_initializer), .optional("a", a), .optional("b", b),
         .optional("k1", k1), .optional("k2", k2), .optional("R1", R1), .optional("R2", R2), .optional("A1", A1),
         .optional("A2", A2), .optional("V_initializer", V_initializer),
         .optional("I1_initializer", I1_initializer), .optional("I2_initializer", I2_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.GifRef`: Gif holding V, I1, I2 and V_th at their post-reset values while t - last_spike_time < tau_ref
/// (default 1.7 ms); as in brainpy its V equation uses the undecayed I1, I2.
public struct GifRef: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_ref: Parameter<TimeDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_th_inf: Parameter<VoltageDimension>?
    public var V_th_reset: Parameter<VoltageDimension>?
    public var V_th_initializer: Parameter<VoltageDimension>?
    public var a: Parameter<FrequencyDimension>?
    public var b: Parameter<FrequencyDimension>?
    public var k1: Parameter<FrequencyDimension>?
    public var k2: Parameter<FrequencyDimension>?
    public var R1: Parameter<Dimensionless>?
    public var R2: Parameter<Dimensionless>?
    public var A1: Parameter<CurrentDimension>?
    public var A2: Parameter<CurrentDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var I1_initializer: Parameter<CurrentDimension>?
    public var I2_initializer: Parameter<CurrentDimension>?
    public var spk_reset: SpikeReset?
    public var ref_var: Bool?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_ref: (any ParameterSource<TimeDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_th_inf: (any ParameterSource<VoltageDimension>)? = nil,
                V_th_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_th_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                a: (any ParameterSource<FrequencyDimension>)? = nil,
                b: (any ParameterSource<FrequencyDimension>)? = nil,
                k1: (any ParameterSource<FrequencyDimension>)? = nil,
                k2: (any ParameterSource<FrequencyDimension>)? = nil,
                R1: (any ParameterSource<Dimensionless>)? = nil,
                R2: (any ParameterSource<Dimensionless>)? = nil,
                A1: (any ParameterSource<CurrentDimension>)? = nil,
                A2: (any ParameterSource<CurrentDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                I1_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                I2_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                spk_reset: SpikeReset? = nil,
                ref_var: Bool? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_ref = tau_ref?.parameter
        self.V_rest = V_rest?.parameter
        self.V_reset = V_reset?.parameter
        self.V_th_inf = V_th_inf?.parameter
        self.V_th_reset = V_th_reset?.parameter
        self.V_th_initializer = V_th_initializer?.parameter
        self.a = a?.parameter
        self.b = b?.parameter
        self.k1 = k1?.parameter
        self.k2 = k2?.parameter
        self.R1 = R1?.parameter
        self.R2 = R2?.parameter
        self.A1 = A1?.parameter
        self.A2 = A2?.parameter
        self.V_initializer = V_initializer?.parameter
        self.I1_initializer = I1_initializer?.parameter
        self.I2_initializer = I2_initializer?.parameter
        self.spk_reset = spk_reset
        self.ref_var = ref_var
    }

    public var modelName: String { "GifRef" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_ref", tau_ref),
         .optional("V_rest", V_rest), .optional("V_reset", V_reset), .optional("V_th_inf", V_th_inf),
         .optional("V_th_reset", V_th_reset), .optional("V_th_initializer", V_th_initializer), .optional("a", a),
         .optional("b", b), .optional("k1", k1), .optional("k2", k2), .optional("R1", R1), .optional("R2", R2),
         .optional("A1", A1), .optional("A2", A2), .optional("V_initializer", V_initializer),
         .optional("I1_initializer", I1_initializer), .optional("I2_initializer", I2_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) },
         ref_var.map { .option("ref_var", $0 ? "true" : "false") }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.CubaLIF`: LIF with a built-in exponential synaptic current g (mA): tau dV/dt = -(V - V_rest) + R (g + I).
/// Delta inputs (`addOneShotDelta(_: Current)`) are added to g. Defaults as LIF plus tau_syn 5 ms, g 0 mA.
public struct CubaLIF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_syn: Parameter<TimeDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var g_initializer: Parameter<CurrentDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_syn: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                g_initializer: (any ParameterSource<CurrentDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_syn = tau_syn?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_initializer = V_initializer?.parameter
        self.g_initializer = g_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "CubaLIF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_syn", tau_syn),
         .optional("V_th", V_th), .optional("V_reset", V_reset), .optional("V_rest", V_rest),
         .optional("V_initializer", V_initializer), .optional("g_initializer", g_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.CobaLIF`: LIF with a built-in exponential synaptic conductance g (S): tau dV/dt = -(V - V_rest) + R (g (E - V) + I).
/// Delta inputs (`addOneShotDelta(_: Conductance)`) are added to g. Defaults as LIF plus tau_syn 5 ms, E 0 mV, g 0 S.
public struct CobaLIF: NeuronModel {
    public var size: Int
    public var R: Parameter<ResistanceDimension>?
    public var tau: Parameter<TimeDimension>?
    public var tau_syn: Parameter<TimeDimension>?
    public var E: Parameter<VoltageDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_reset: Parameter<VoltageDimension>?
    public var V_rest: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var g_initializer: Parameter<ConductanceDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                R: (any ParameterSource<ResistanceDimension>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_syn: (any ParameterSource<TimeDimension>)? = nil,
                E: (any ParameterSource<VoltageDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_reset: (any ParameterSource<VoltageDimension>)? = nil,
                V_rest: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                g_initializer: (any ParameterSource<ConductanceDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.R = R?.parameter
        self.tau = tau?.parameter
        self.tau_syn = tau_syn?.parameter
        self.E = E?.parameter
        self.V_th = V_th?.parameter
        self.V_reset = V_reset?.parameter
        self.V_rest = V_rest?.parameter
        self.V_initializer = V_initializer?.parameter
        self.g_initializer = g_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "CobaLIF" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("R", R), .optional("tau", tau), .optional("tau_syn", tau_syn), .optional("E", E),
         .optional("V_th", V_th), .optional("V_reset", V_reset), .optional("V_rest", V_rest),
         .optional("V_initializer", V_initializer), .optional("g_initializer", g_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.Izhikevich`: Izhikevich's model, dV/dt = 0.04 V^2 + 5 V + 140 - u + I, du/dt = a (b V - u); input in mV/ms.
/// Defaults: a 0.02 /ms, b 0.2 /ms, c -65 mV, d 8 mV/ms, V_th 30 mV, V -65 mV, u 0 mV/ms. spk_reset is
/// accepted and ignored (V is always reset to c), as in brainpy.
public struct Izhikevich: NeuronModel {
    public var size: Int
    public var a: Parameter<FrequencyDimension>?
    public var b: Parameter<FrequencyDimension>?
    public var c: Parameter<VoltageDimension>?
    public var d: Parameter<VoltageRateDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var u_initializer: Parameter<VoltageRateDimension>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                a: (any ParameterSource<FrequencyDimension>)? = nil,
                b: (any ParameterSource<FrequencyDimension>)? = nil,
                c: (any ParameterSource<VoltageDimension>)? = nil,
                d: (any ParameterSource<VoltageRateDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                u_initializer: (any ParameterSource<VoltageRateDimension>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.a = a?.parameter
        self.b = b?.parameter
        self.c = c?.parameter
        self.d = d?.parameter
        self.V_th = V_th?.parameter
        self.V_initializer = V_initializer?.parameter
        self.u_initializer = u_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "Izhikevich" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("a", a), .optional("b", b), .optional("c", c), .optional("d", d),
         .optional("V_th", V_th), .optional("V_initializer", V_initializer),
         .optional("u_initializer", u_initializer), spk_reset.map { .option("spk_reset", $0.rawValue) }]
            .compactMap { $0 }
    }
}

/// `brainpy.state.IzhikevichRef`: Izhikevich holding V and u at their post-reset values while t - last_spike_time < tau_ref
/// (default 0 ms: never).
public struct IzhikevichRef: NeuronModel {
    public var size: Int
    public var a: Parameter<FrequencyDimension>?
    public var b: Parameter<FrequencyDimension>?
    public var c: Parameter<VoltageDimension>?
    public var d: Parameter<VoltageRateDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var tau_ref: Parameter<TimeDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var u_initializer: Parameter<VoltageRateDimension>?
    public var spk_reset: SpikeReset?
    public var ref_var: Bool?

    public init(_ size: Int,
                a: (any ParameterSource<FrequencyDimension>)? = nil,
                b: (any ParameterSource<FrequencyDimension>)? = nil,
                c: (any ParameterSource<VoltageDimension>)? = nil,
                d: (any ParameterSource<VoltageRateDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                tau_ref: (any ParameterSource<TimeDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                u_initializer: (any ParameterSource<VoltageRateDimension>)? = nil,
                spk_reset: SpikeReset? = nil,
                ref_var: Bool? = nil) {
        self.size = size
        self.a = a?.parameter
        self.b = b?.parameter
        self.c = c?.parameter
        self.d = d?.parameter
        self.V_th = V_th?.parameter
        self.tau_ref = tau_ref?.parameter
        self.V_initializer = V_initializer?.parameter
        self.u_initializer = u_initializer?.parameter
        self.spk_reset = spk_reset
        self.ref_var = ref_var
    }

    public var modelName: String { "IzhikevichRef" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("a", a), .optional("b", b), .optional("c", c), .optional("d", d),
         .optional("V_th", V_th), .optional("tau_ref", tau_ref), .optional("V_initializer", V_initializer),
         .optional("u_initializer", u_initializer), spk_reset.map { .option("spk_reset", $0.rawValue) },
         ref_var.map { .option("ref_var", $0 ? "true" : "false") }]
            .compactMap { $0 }
    }
}
