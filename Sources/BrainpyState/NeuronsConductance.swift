/// brainpy.state's conductance-based and reduced neurons: HH, WangBuzsakiHH, MorrisLecar,
/// FitzHughNagumo, HindmarshRose. None resets; `spk_reset` is accepted and validated as in brainpy.state
/// and has no effect. An omitted parameter keeps brainpy.state's default.

/// `brainpy.state.HH`: the Hodgkin-Huxley neuron. No reset; a step spikes on the upward crossing of V_th.
/// Defaults: ENa 50 mV, gNa 120 mS, EK -77 mV, gK 36 mS, EL -54.387 mV, gL 0.03 mS, V_th 20 mV, C 1 uF,
/// V Uniform(-70 mV, -60 mV) (drawn by the engine), m, h, n unset = steady state at the initial V.
/// Input: a current (brainpy.state writes it in uA). States `.V`, `.m`, `.h`, `.n`.
public struct HH: NeuronModel {
    public var size: Int
    public var ENa: Parameter<VoltageDimension>?
    public var gNa: Parameter<ConductanceDimension>?
    public var EK: Parameter<VoltageDimension>?
    public var gK: Parameter<ConductanceDimension>?
    public var EL: Parameter<VoltageDimension>?
    public var gL: Parameter<ConductanceDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var C: Parameter<CapacitanceDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var m_initializer: Parameter<Dimensionless>?
    public var h_initializer: Parameter<Dimensionless>?
    public var n_initializer: Parameter<Dimensionless>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                ENa: (any ParameterSource<VoltageDimension>)? = nil,
                gNa: (any ParameterSource<ConductanceDimension>)? = nil,
                EK: (any ParameterSource<VoltageDimension>)? = nil,
                gK: (any ParameterSource<ConductanceDimension>)? = nil,
                EL: (any ParameterSource<VoltageDimension>)? = nil,
                gL: (any ParameterSource<ConductanceDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                C: (any ParameterSource<CapacitanceDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                m_initializer: (any ParameterSource<Dimensionless>)? = nil,
                h_initializer: (any ParameterSource<Dimensionless>)? = nil,
                n_initializer: (any ParameterSource<Dimensionless>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.ENa = ENa?.parameter
        self.gNa = gNa?.parameter
        self.EK = EK?.parameter
        self.gK = gK?.parameter
        self.EL = EL?.parameter
        self.gL = gL?.parameter
        self.V_th = V_th?.parameter
        self.C = C?.parameter
        self.V_initializer = V_initializer?.parameter
        self.m_initializer = m_initializer?.parameter
        self.h_initializer = h_initializer?.parameter
        self.n_initializer = n_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "HH" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("ENa", ENa), .optional("gNa", gNa), .optional("EK", EK), .optional("gK", gK),
         .optional("EL", EL), .optional("gL", gL), .optional("V_th", V_th), .optional("C", C),
         .optional("V_initializer", V_initializer), .optional("m_initializer", m_initializer),
         .optional("h_initializer", h_initializer), .optional("n_initializer", n_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }].compactMap { $0 }
    }
}

/// `brainpy.state.WangBuzsakiHH`: the Wang-Buzsaki interneuron (HH type, instantaneous m).
/// Defaults: ENa 55 mV, gNa 35 mS, EK -90 mV, gK 9 mS, EL -65 mV, gL 0.1 mS, V_th 20 mV, phi 5, C 1 uF,
/// V -65 mV, h 0.6, n 0.32. Input: a current (uA). States `.V`, `.h`, `.n`.
public struct WangBuzsakiHH: NeuronModel {
    public var size: Int
    public var ENa: Parameter<VoltageDimension>?
    public var gNa: Parameter<ConductanceDimension>?
    public var EK: Parameter<VoltageDimension>?
    public var gK: Parameter<ConductanceDimension>?
    public var EL: Parameter<VoltageDimension>?
    public var gL: Parameter<ConductanceDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var phi: Parameter<Dimensionless>?
    public var C: Parameter<CapacitanceDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var h_initializer: Parameter<Dimensionless>?
    public var n_initializer: Parameter<Dimensionless>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                ENa: (any ParameterSource<VoltageDimension>)? = nil,
                gNa: (any ParameterSource<ConductanceDimension>)? = nil,
                EK: (any ParameterSource<VoltageDimension>)? = nil,
                gK: (any ParameterSource<ConductanceDimension>)? = nil,
                EL: (any ParameterSource<VoltageDimension>)? = nil,
                gL: (any ParameterSource<ConductanceDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                phi: (any ParameterSource<Dimensionless>)? = nil,
                C: (any ParameterSource<CapacitanceDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                h_initializer: (any ParameterSource<Dimensionless>)? = nil,
                n_initializer: (any ParameterSource<Dimensionless>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.ENa = ENa?.parameter
        self.gNa = gNa?.parameter
        self.EK = EK?.parameter
        self.gK = gK?.parameter
        self.EL = EL?.parameter
        self.gL = gL?.parameter
        self.V_th = V_th?.parameter
        self.phi = phi?.parameter
        self.C = C?.parameter
        self.V_initializer = V_initializer?.parameter
        self.h_initializer = h_initializer?.parameter
        self.n_initializer = n_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "WangBuzsakiHH" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("ENa", ENa), .optional("gNa", gNa), .optional("EK", EK), .optional("gK", gK),
         .optional("EL", EL), .optional("gL", gL), .optional("V_th", V_th), .optional("phi", phi), .optional("C", C),
         .optional("V_initializer", V_initializer), .optional("h_initializer", h_initializer),
         .optional("n_initializer", n_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }].compactMap { $0 }
    }
}

/// `brainpy.state.MorrisLecar`: the Morris-Lecar neuron. No reset; rising-edge spikes at V_th.
/// Defaults: V_Ca 130 mV, g_Ca 4.4 mS, V_K -84 mV, g_K 8 mS, V_leak -60 mV, g_leak 2 mS, C 20 uF,
/// V1 -1.2 mV, V2 18 mV, V3 2 mV, V4 30 mV, phi 0.04/ms (40 Hz), V_th 10 mV,
/// V Uniform(-70 mV, -60 mV) (drawn by the engine), W 0.02. Input: a current (uA). States `.V`, `.W`.
public struct MorrisLecar: NeuronModel {
    public var size: Int
    public var V_Ca: Parameter<VoltageDimension>?
    public var g_Ca: Parameter<ConductanceDimension>?
    public var V_K: Parameter<VoltageDimension>?
    public var g_K: Parameter<ConductanceDimension>?
    public var V_leak: Parameter<VoltageDimension>?
    public var g_leak: Parameter<ConductanceDimension>?
    public var C: Parameter<CapacitanceDimension>?
    public var V1: Parameter<VoltageDimension>?
    public var V2: Parameter<VoltageDimension>?
    public var V3: Parameter<VoltageDimension>?
    public var V4: Parameter<VoltageDimension>?
    public var phi: Parameter<FrequencyDimension>?
    public var V_th: Parameter<VoltageDimension>?
    public var V_initializer: Parameter<VoltageDimension>?
    public var W_initializer: Parameter<Dimensionless>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                V_Ca: (any ParameterSource<VoltageDimension>)? = nil,
                g_Ca: (any ParameterSource<ConductanceDimension>)? = nil,
                V_K: (any ParameterSource<VoltageDimension>)? = nil,
                g_K: (any ParameterSource<ConductanceDimension>)? = nil,
                V_leak: (any ParameterSource<VoltageDimension>)? = nil,
                g_leak: (any ParameterSource<ConductanceDimension>)? = nil,
                C: (any ParameterSource<CapacitanceDimension>)? = nil,
                V1: (any ParameterSource<VoltageDimension>)? = nil,
                V2: (any ParameterSource<VoltageDimension>)? = nil,
                V3: (any ParameterSource<VoltageDimension>)? = nil,
                V4: (any ParameterSource<VoltageDimension>)? = nil,
                phi: (any ParameterSource<FrequencyDimension>)? = nil,
                V_th: (any ParameterSource<VoltageDimension>)? = nil,
                V_initializer: (any ParameterSource<VoltageDimension>)? = nil,
                W_initializer: (any ParameterSource<Dimensionless>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.V_Ca = V_Ca?.parameter
        self.g_Ca = g_Ca?.parameter
        self.V_K = V_K?.parameter
        self.g_K = g_K?.parameter
        self.V_leak = V_leak?.parameter
        self.g_leak = g_leak?.parameter
        self.C = C?.parameter
        self.V1 = V1?.parameter
        self.V2 = V2?.parameter
        self.V3 = V3?.parameter
        self.V4 = V4?.parameter
        self.phi = phi?.parameter
        self.V_th = V_th?.parameter
        self.V_initializer = V_initializer?.parameter
        self.W_initializer = W_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "MorrisLecar" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("V_Ca", V_Ca), .optional("g_Ca", g_Ca), .optional("V_K", V_K), .optional("g_K", g_K),
         .optional("V_leak", V_leak), .optional("g_leak", g_leak), .optional("C", C), .optional("V1", V1),
         .optional("V2", V2), .optional("V3", V3), .optional("V4", V4), .optional("phi", phi),
         .optional("V_th", V_th), .optional("V_initializer", V_initializer),
         .optional("W_initializer", W_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }].compactMap { $0 }
    }
}

/// `brainpy.state.FitzHughNagumo`: tau dV/dt = V - V^3/3 - w + I, tau_w dw/dt = V + a - b w
/// (dimensionless: inputs and states are plain numbers; read V with `state("V", in: .one)`).
/// Defaults: a 0.7, b 0.8, tau 1 ms, tau_w 12.5 ms, V_th 1, V -1.2, w -0.62. States "V", `.w`.
public struct FitzHughNagumo: NeuronModel {
    public var size: Int
    public var a: Parameter<Dimensionless>?
    public var b: Parameter<Dimensionless>?
    public var tau: Parameter<TimeDimension>?
    public var tau_w: Parameter<TimeDimension>?
    public var V_th: Parameter<Dimensionless>?
    public var V_initializer: Parameter<Dimensionless>?
    public var w_initializer: Parameter<Dimensionless>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                a: (any ParameterSource<Dimensionless>)? = nil,
                b: (any ParameterSource<Dimensionless>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                tau_w: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<Dimensionless>)? = nil,
                V_initializer: (any ParameterSource<Dimensionless>)? = nil,
                w_initializer: (any ParameterSource<Dimensionless>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.a = a?.parameter
        self.b = b?.parameter
        self.tau = tau?.parameter
        self.tau_w = tau_w?.parameter
        self.V_th = V_th?.parameter
        self.V_initializer = V_initializer?.parameter
        self.w_initializer = w_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "FitzHughNagumo" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("a", a), .optional("b", b), .optional("tau", tau), .optional("tau_w", tau_w),
         .optional("V_th", V_th), .optional("V_initializer", V_initializer),
         .optional("w_initializer", w_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }].compactMap { $0 }
    }
}

/// `brainpy.state.HindmarshRose`: tau dV/dt = y - a V^3 + b V^2 - z + I, tau dy/dt = c - d V^2 - y,
/// tau dz/dt = r (s (V - V_r) - z) (dimensionless, bursting). Defaults: a 1, b 3, c 1, d 5, r 0.006, s 4,
/// V_r -1.6, tau 1 ms, V_th 1, V -1.6, y -10, z 0. States "V", `.y`, `.z`.
public struct HindmarshRose: NeuronModel {
    public var size: Int
    public var a: Parameter<Dimensionless>?
    public var b: Parameter<Dimensionless>?
    public var c: Parameter<Dimensionless>?
    public var d: Parameter<Dimensionless>?
    public var r: Parameter<Dimensionless>?
    public var s: Parameter<Dimensionless>?
    public var V_r: Parameter<Dimensionless>?
    public var tau: Parameter<TimeDimension>?
    public var V_th: Parameter<Dimensionless>?
    public var V_initializer: Parameter<Dimensionless>?
    public var y_initializer: Parameter<Dimensionless>?
    public var z_initializer: Parameter<Dimensionless>?
    public var spk_reset: SpikeReset?

    public init(_ size: Int,
                a: (any ParameterSource<Dimensionless>)? = nil,
                b: (any ParameterSource<Dimensionless>)? = nil,
                c: (any ParameterSource<Dimensionless>)? = nil,
                d: (any ParameterSource<Dimensionless>)? = nil,
                r: (any ParameterSource<Dimensionless>)? = nil,
                s: (any ParameterSource<Dimensionless>)? = nil,
                V_r: (any ParameterSource<Dimensionless>)? = nil,
                tau: (any ParameterSource<TimeDimension>)? = nil,
                V_th: (any ParameterSource<Dimensionless>)? = nil,
                V_initializer: (any ParameterSource<Dimensionless>)? = nil,
                y_initializer: (any ParameterSource<Dimensionless>)? = nil,
                z_initializer: (any ParameterSource<Dimensionless>)? = nil,
                spk_reset: SpikeReset? = nil) {
        self.size = size
        self.a = a?.parameter
        self.b = b?.parameter
        self.c = c?.parameter
        self.d = d?.parameter
        self.r = r?.parameter
        self.s = s?.parameter
        self.V_r = V_r?.parameter
        self.tau = tau?.parameter
        self.V_th = V_th?.parameter
        self.V_initializer = V_initializer?.parameter
        self.y_initializer = y_initializer?.parameter
        self.z_initializer = z_initializer?.parameter
        self.spk_reset = spk_reset
    }

    public var modelName: String { "HindmarshRose" }

    public var settings: [ModelSetting] {
        [ModelSetting.optional("a", a), .optional("b", b), .optional("c", c), .optional("d", d), .optional("r", r),
         .optional("s", s), .optional("V_r", V_r), .optional("tau", tau), .optional("V_th", V_th),
         .optional("V_initializer", V_initializer), .optional("y_initializer", y_initializer),
         .optional("z_initializer", z_initializer),
         spk_reset.map { .option("spk_reset", $0.rawValue) }].compactMap { $0 }
    }
}
