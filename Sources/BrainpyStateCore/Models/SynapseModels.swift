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

    static let all: [ModelSpec] = [Expon]
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
