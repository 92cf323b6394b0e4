/// Communication layers (spec synapses §6): how presynaptic spikes (or the values of a plasticity
/// module or a presynaptic synapse) become postsynaptic increments. Event layers count any nonzero
/// input as 1; the others weight their input by its value.
enum CommModels {
    /// The comms that treat their input as binary events (brainevent's BinaryArray semantics).
    static func isEvent(_ name: String, options: [String: String]) -> Bool {
        switch name {
        case "EventFixedProb": return true
        case "EventLinear": return (options["float_as_event"] ?? "true") == "true"
        default: return false
        }
    }

    static func fixedNum(_ name: String, doc: String) -> ModelSpec {
        ModelSpec(name: name, role: .comm, params: [
            ParamSpec("conn_prob", .one, default: nil, unit: "", .probability, array: false,
                      doc: "probability p: every presynaptic neuron gets int(n_post*p) targets"),
            ParamSpec("conn_num", .one, default: nil, unit: "", .count, array: false,
                      doc: "fixed out-degree K (brainpy's conn_num given as an int)"),
            ParamSpec("conn_weight", .conductance, default: nil, unit: "mS",
                      doc: "weight: one value, or one per synapse in (n_pre, K) row-major order"),
            ParamSpec("seed", .one, default: nil, unit: "", .seed, array: false,
                      doc: "numpy RandomState seed; unset = the network's numpy-style global stream"),
        ],
        states: [], options: [], doc: doc)
    }

    static let EventFixedProb = fixedNum(
        "EventFixedProb", doc: "fixed out-degree random connectivity, event-driven (brainstate.nn.EventFixedProb)")
    static let FixedNumConn = fixedNum(
        "FixedNumConn", doc: "EventFixedProb's connectivity, weighted by the input values (brainstate.nn.FixedNumConn)")
    static let SparseLinear = ModelSpec(
        name: "SparseLinear", role: .comm,
        params: [ParamSpec("weight", .conductance, default: nil, unit: "mS", array: false,
                           doc: "weight of every connection when none is given per connection")],
        states: [], options: [], doc: "explicit (pre, post, weight) connections")
    static let Linear = ModelSpec(
        name: "Linear", role: .comm,
        params: [ParamSpec("weight", .conductance, default: nil, unit: "mS",
                           doc: "dense (n_pre, n_post) weight matrix, row-major")],
        states: [], options: [], doc: "dense weights (OpenBLAS): y = x @ W")
    static let AllToAll = ModelSpec(
        name: "AllToAll", role: .comm,
        params: [ParamSpec("weight", .conductance, default: nil, unit: "mS",
                           doc: "one weight for every pair (y = w·Σx), or a dense (n_pre, n_post) matrix")],
        states: [], options: [OptionSpec(name: "include_self", allowed: ["true", "false"], defaultValue: "true",
                                         doc: "false drops the pairs i == j")],
        doc: "all-to-all connectivity (brainstate.nn.AllToAll)")
    static let OneToOne = ModelSpec(
        name: "OneToOne", role: .comm,
        params: [ParamSpec("weight", .conductance, default: nil, unit: "mS", doc: "one weight, or one per neuron")],
        states: [], options: [], doc: "y_i = x_i·w_i (brainstate.nn.OneToOne; pre and post of equal size)")
    static let EventLinear = ModelSpec(
        name: "EventLinear", role: .comm,
        params: [ParamSpec("weight", .conductance, default: nil, unit: "mS",
                           doc: "dense (n_pre, n_post) matrix, or one value (y = w·count(x≠0) on every post neuron)")],
        states: [], options: [OptionSpec(name: "float_as_event", allowed: ["true", "false"], defaultValue: "true",
                                         doc: "true counts any nonzero input as 1; false weights by the value")],
        doc: "dense event-driven weights (brainstate.nn.EventLinear)")

    static let all: [ModelSpec] = [EventFixedProb, FixedNumConn, SparseLinear, Linear, AllToAll, OneToOne, EventLinear]
}
