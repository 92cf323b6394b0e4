/// Communication layers (spec synapses §6): how presynaptic spikes become postsynaptic increments.
enum CommModels {
    static let EventFixedProb = ModelSpec(
        name: "EventFixedProb", role: .comm,
        params: [
            ParamSpec("conn_prob", .one, default: nil, unit: "", .probability, array: false,
                      doc: "probability p: every presynaptic neuron gets int(n_post*p) targets"),
            ParamSpec("conn_num", .one, default: nil, unit: "", .count, array: false,
                      doc: "fixed out-degree K (brainpy's conn_num given as an int)"),
            ParamSpec("conn_weight", .conductance, default: nil, unit: "mS",
                      doc: "weight: one value, or one per synapse in (n_pre, K) row-major order"),
            ParamSpec("seed", .one, default: nil, unit: "", .seed, array: false,
                      doc: "numpy RandomState seed; unset = the network's numpy-style global stream"),
        ],
        states: [], options: [], doc: "fixed out-degree random connectivity, event-driven (brainstate.nn.EventFixedProb)")
    static let SparseLinear = ModelSpec(
        name: "SparseLinear", role: .comm,
        params: [ParamSpec("weight", .conductance, default: nil, unit: "mS", array: false,
                           doc: "weight of every connection when none is given per connection")],
        states: [], options: [], doc: "explicit (pre, post, weight) connections")
    static let Linear = ModelSpec(
        name: "Linear", role: .comm,
        params: [ParamSpec("weight", .conductance, default: nil, unit: "mS",
                           doc: "dense (n_pre, n_post) weight matrix, row-major")],
        states: [], options: [], doc: "dense weights (OpenBLAS): y = spikes @ W")

    static let all: [ModelSpec] = [EventFixedProb, SparseLinear, Linear]
}
