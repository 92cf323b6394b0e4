/// Post-aligned synapses of brainpy.state (spec synapses §3).
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

    static let all: [ModelSpec] = [Expon, DualExpon, Alpha]
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
