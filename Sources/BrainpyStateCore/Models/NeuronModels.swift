/// The integrate-and-fire neurons of brainpy.state (lif.py) with its defaults (spec neurons §6).
enum NeuronModels {
    static let spkReset = OptionSpec(name: "spk_reset", allowed: ["soft", "hard"], defaultValue: "soft",
                                     doc: "soft: V -= V_th - V_reset on a spike; hard: V = V_reset (arithmetically)")

    static let R = ParamSpec("R", .resistance, default: 1, unit: "ohm", doc: "membrane resistance")
    static let tau = ParamSpec("tau", .time, default: 5, unit: "ms", .positive, doc: "membrane time constant")
    static let V_th = ParamSpec("V_th", .voltage, default: 1, unit: "mV", doc: "spike threshold")
    static let V_reset = ParamSpec("V_reset", .voltage, default: 0, unit: "mV", doc: "reset potential")
    static let V_rest = ParamSpec("V_rest", .voltage, default: 0, unit: "mV", doc: "resting potential")
    static let tau_ref = ParamSpec("tau_ref", .time, default: 5, unit: "ms", .nonNegative,
                                   doc: "refractory period (t - last_spike_time < tau_ref holds V)")
    static let V_initializer = ParamSpec("V_initializer", .voltage, default: 0, unit: "mV", initializer: true,
                                         doc: "initial membrane potential")

    static let V = StateSpec("V", .voltage, initializer: "V_initializer", doc: "membrane potential")
    static let spike = StateSpec("spike", .one, writable: false,
                                 doc: "get_spike() of the stored V: 1 where the scaled V is >= 0")
    static let lastSpikeTime = StateSpec("last_spike_time", .time,
                                         doc: "time of the last spike (starts at -1e7 ms)")
    /// The states every refractory variant of the generic kernels keeps after its own.
    static let refractoryStates = [
        lastSpikeTime,
        StateSpec("refractory", .one, doc: "1 while refractory or at a spike (brainpy's ref_var state)"),
    ]
    static let refVar = OptionSpec(name: "ref_var", allowed: ["false", "true"], defaultValue: "false",
                                   doc: "brainpy's ref_var; the refractory state is always kept and readable")

    static func tauRef(_ value: Double) -> ParamSpec {
        ParamSpec("tau_ref", .time, default: value, unit: "ms", .nonNegative,
                  doc: "refractory period (t - last_spike_time < tau_ref holds the states)")
    }

    static let IF = ModelSpec(
        name: "IF", role: .neuron, params: [R, tau, V_th, V_initializer], states: [V, spike],
        options: [spkReset], doc: "integrate-and-fire: dV/dt = (-V + R*I)/tau, spike when (V - V_th)/V_th >= 0")
    static let LIF = ModelSpec(
        name: "LIF", role: .neuron, params: [R, tau, V_th, V_reset, V_rest, V_initializer], states: [V, spike],
        options: [spkReset], doc: "leaky integrate-and-fire: dV/dt = (-V + V_rest + R*I)/tau")
    static let LIFRef = ModelSpec(
        name: "LIFRef", role: .neuron, params: [R, tau, tau_ref, V_th, V_reset, V_rest, V_initializer],
        states: [V, lastSpikeTime, spike], options: [spkReset],
        doc: "LIF with a refractory period during which V is held at its post-reset value")

    static let all: [ModelSpec] = [IF, LIF, LIFRef, ALIFModel.spec, AdExIFModel.spec, AdExIFModel.refSpec]
        + IntegrateAndFireFamily.specs + ConductanceModels.specs
}
