/// Synapses of brainpy.state (spec synapses §3): the post-aligned Expon and DualExpon, and Alpha,
/// AMPA, GABAa and BioNMDA, which follow each presynaptic train (align-pre).
enum SynapseModels {
    static let Expon = ModelSpec(
        name: "Expon", role: .synapse,
        params: [
            ParamSpec("tau", .time, default: 8, unit: "ms", .positive, doc: "decay time constant"),
            ParamSpec("g_initializer", .conductance, default: 0, unit: "mS", initializer: true,
                      doc: "initial conductance"),
        ],
        states: [StateSpec("g", .conductance, initializer: "g_initializer", doc: "synaptic conductance")],
        options: [], doc: "exponential synapse: g decays with tau; a spike adds its weight in the same step")

    static let DualExpon = ModelSpec(
        name: "DualExpon", role: .synapse,
        params: [
            ParamSpec("tau_decay", .time, default: 10, unit: "ms", .positive, doc: "decay time constant"),
            ParamSpec("tau_rise", .time, default: 1, unit: "ms", .positive, doc: "rise time constant"),
            ParamSpec("amplitude", .one, default: 1, unit: "", doc: "peak of the response to a unit input"),
            ParamSpec("g_initializer", .conductance, default: 0, unit: "mS", initializer: true,
                      doc: "initial value of both components"),
        ],
        states: [StateSpec("g_rise", .conductance, initializer: "g_initializer", doc: "rising component"),
                 StateSpec("g_decay", .conductance, initializer: "g_initializer", doc: "decaying component")],
        options: [OptionSpec(name: "normalize", allowed: ["true", "false"], defaultValue: "true",
                             doc: "scale so that a unit input peaks at amplitude")],
        doc: "difference of exponentials: amplitude·N·(g_decay − g_rise); 0 at the input's step")
    static let Alpha = ModelSpec(
        name: "Alpha", role: .synapse,
        params: [
            ParamSpec("tau", .time, default: 8, unit: "ms", .positive, doc: "time constant"),
            ParamSpec("g_initializer", .conductance, default: 0, unit: "mS", initializer: true,
                      doc: "initial value of g and h"),
        ],
        states: [StateSpec("g", .conductance, initializer: "g_initializer", doc: "output conductance"),
                 StateSpec("h", .conductance, initializer: "g_initializer", doc: "auxiliary variable (takes the input)")],
        options: [], doc: "alpha function (g lags the input by one step; peak x/e at tau); not merged")

    /// AMPA and GABAa: a square transmitter pulse of T for T_dur after each presynaptic spike drives
    /// g toward α·T/(α·T + β) (exactly, by exponential Euler on a linear equation).
    static func kinetic(_ name: String, alpha: Double, beta: Double, T: Double, duration: Double) -> ModelSpec {
        ModelSpec(
            name: name, role: .synapse,
            params: [
                ParamSpec("alpha", Dimension(time: -1, concentration: -1), default: alpha, unit: "1/(ms*mM)",
                          .nonNegative, doc: "binding rate"),
                ParamSpec("beta", .frequency, default: beta, unit: "1/ms", .positive, doc: "unbinding rate"),
                ParamSpec("T", .concentration, default: T, unit: "mM", .nonNegative, doc: "transmitter concentration of a pulse"),
                ParamSpec("T_dur", .time, default: duration, unit: "ms", .nonNegative, doc: "pulse duration"),
                ParamSpec("g_initializer", .conductance, default: 0, unit: "mS", initializer: true,
                          doc: "initial open fraction (labelled mS, as in brainpy.state)"),
            ],
            states: [StateSpec("g", .conductance, initializer: "g_initializer", doc: "open fraction"),
                     StateSpec("spike_arrival_time", .time, doc: "time of the last presynaptic spike (-1e7 ms before any)")],
            options: [], doc: "\(name) kinetic synapse (align-pre only): transmitter pulse of T for T_dur after a spike")
    }

    static let AMPA = kinetic("AMPA", alpha: 0.98, beta: 0.18, T: 0.5, duration: 0.5)
    static let GABAa = kinetic("GABAa", alpha: 0.53, beta: 0.18, T: 1, duration: 1)

    static let BioNMDA = ModelSpec(
        name: "BioNMDA", role: .synapse,
        params: [
            ParamSpec("alpha1", .frequency, default: 2, unit: "1/ms", .nonNegative, doc: "opening rate of g"),
            ParamSpec("beta1", .frequency, default: 0.01, unit: "1/ms", .positive, doc: "closing rate of g"),
            ParamSpec("alpha2", Dimension(time: -1, concentration: -1), default: 1, unit: "1/(ms*mM)", .nonNegative,
                      doc: "binding rate of x"),
            ParamSpec("beta2", .frequency, default: 0.5, unit: "1/ms", .positive, doc: "unbinding rate of x"),
            ParamSpec("T", .concentration, default: 1, unit: "mM", .nonNegative, doc: "transmitter concentration of a pulse"),
            ParamSpec("T_dur", .time, default: 0.5, unit: "ms", .nonNegative, doc: "pulse duration"),
            ParamSpec("g_initializer", .conductance, default: 0, unit: "mS", initializer: true, doc: "initial g"),
            ParamSpec("x_initializer", .one, default: 0, unit: "", initializer: true, doc: "initial x"),
        ],
        states: [StateSpec("g", .conductance, initializer: "g_initializer", doc: "open fraction"),
                 StateSpec("x", .one, initializer: "x_initializer", doc: "bound transmitter fraction"),
                 StateSpec("spike_arrival_time", .time, doc: "time of the last presynaptic spike")],
        options: [], doc: "second-order NMDA kinetics (align-pre only): x first, then g with the new x; pair with MgBlock")

    static let all: [ModelSpec] = [Expon, DualExpon, Alpha, AMPA, GABAa, BioNMDA]
}

/// Short-term plasticity modules (spec synapses §3.6-3.7): they live in presynaptic space and turn
/// each spike into a released amplitude, so a value-weighted comm must follow them.
enum PlasticityModels {
    static let STP = ModelSpec(
        name: "STP", role: .plasticity,
        params: [
            ParamSpec("U", .one, default: 0.15, unit: "", .probability, doc: "utilisation increment (and initial u)"),
            ParamSpec("tau_f", .time, default: 1500, unit: "ms", .positive, doc: "facilitation time constant"),
            ParamSpec("tau_d", .time, default: 200, unit: "ms", .positive, doc: "depression recovery time constant"),
        ],
        states: [StateSpec("u", .one, doc: "utilisation (initially U)"),
                 StateSpec("x", .one, doc: "available resources (initially 1)")],
        options: [], doc: "Tsodyks-Markram facilitation and depression: a spike releases u+·x")
    static let STD = ModelSpec(
        name: "STD", role: .plasticity,
        params: [
            ParamSpec("tau", .time, default: 200, unit: "ms", .positive, doc: "recovery time constant"),
            ParamSpec("U", .one, default: 0.07, unit: "", .probability, doc: "fraction used per spike"),
        ],
        states: [StateSpec("x", .one, doc: "available resources (initially 1)")],
        options: [], doc: "short-term depression: a spike releases x and uses U·x")

    static let all: [ModelSpec] = [STP, STD]
}

/// Synaptic outputs: how a conductance becomes the post neuron's current (spec synapses §4).
enum OutputModels {
    static let COBA = ModelSpec(
        name: "COBA", role: .output,
        params: [ParamSpec("E", .voltage, default: nil, unit: "mV", doc: "reversal potential")],
        states: [], options: [], doc: "conductance-based: I = g*(E - V), inside the exponential-Euler step")
    static let CUBA = ModelSpec(
        name: "CUBA", role: .output,
        params: [ParamSpec("scale", .voltage, default: 1, unit: "V", doc: "I = g*scale")],
        states: [], options: [], doc: "current-based: I = g*scale")

    static let all: [ModelSpec] = [COBA, CUBA]
}
