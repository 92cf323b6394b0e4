/// brainpy's `conn_num` of EventFixedProb and FixedNumConn: a float is a probability (every
/// presynaptic neuron gets int(n_post * p) targets), an int a count.
public enum FixedOutDegree: Sendable {
    case probability(Double)
    case count(Int)
}

/// EventFixedProb and FixedNumConn: the same fixed out-degree connectivity (numpy's MT19937 draw for
/// the same `seed`, so it equals brainpy.state's); they differ only in how they weight their input.
public protocol FixedOutDegreeComm: CommModel {
    associatedtype W: PhysicalDimension
    var connectivity: FixedOutDegree { get }
    /// One weight for every synapse, or one per synapse in (n_pre, K) row-major order.
    var connWeight: Parameter<W> { get }
    /// numpy RandomState seed; nil uses the network's numpy-style global stream.
    var seed: UInt32? { get }
    init(connectivity: FixedOutDegree, connWeight: Parameter<W>, seed: UInt32?)
}

extension FixedOutDegreeComm {
    public init(connProb: Double, connWeight: any ParameterSource<W>, seed: UInt32? = nil) {
        self.init(connectivity: .probability(connProb), connWeight: connWeight.parameter, seed: seed)
    }

    public init(connNum: Int, connWeight: any ParameterSource<W>, seed: UInt32? = nil) {
        self.init(connectivity: .count(connNum), connWeight: connWeight.parameter, seed: seed)
    }

    public var settings: [ModelSetting] {
        var s: [ModelSetting] = []
        switch connectivity {
        case .probability(let p): s.append(.parameter("conn_prob", Quantity<Dimensionless>(p, .one)))
        case .count(let k): s.append(.parameter("conn_num", Quantity<Dimensionless>(Double(k), .one)))
        }
        s.append(.parameter("conn_weight", connWeight))
        if let seed { s.append(.parameter("seed", Quantity<Dimensionless>(Double(seed), .one))) }
        return s
    }
}

/// `brainstate.nn.EventFixedProb`: every presynaptic neuron gets a fixed number of random targets
/// (int(n_post * conn_prob), or conn_num). Spikes are processed as events: any nonzero input counts
/// as one. The weight is a conductance for AlignPostProj and CurrentProj into COBA/CUBA, a voltage
/// for DeltaProj (W is inferred from it).
public struct EventFixedProb<W: PhysicalDimension>: FixedOutDegreeComm {
    public typealias Connectivity = FixedOutDegree

    public var connectivity: FixedOutDegree
    public var connWeight: Parameter<W>
    public var seed: UInt32?

    public init(connectivity: FixedOutDegree, connWeight: Parameter<W>, seed: UInt32?) {
        (self.connectivity, self.connWeight, self.seed) = (connectivity, connWeight, seed)
    }

    public var modelName: String { "EventFixedProb" }
}

/// `brainstate.nn.FixedNumConn`: EventFixedProb's connectivity, with the input weighted by its value
/// (x @ W): the comm for STP/STD amplitudes and align-pre synapse traces.
public struct FixedNumConn<W: PhysicalDimension>: FixedOutDegreeComm {
    public var connectivity: FixedOutDegree
    public var connWeight: Parameter<W>
    public var seed: UInt32?

    public init(connectivity: FixedOutDegree, connWeight: Parameter<W>, seed: UInt32?) {
        (self.connectivity, self.connWeight, self.seed) = (connectivity, connWeight, seed)
    }

    public var modelName: String { "FixedNumConn" }
}

/// Explicit (pre, post, weight) connections: `pre` indexes the presynaptic slice, `post` the post
/// population. `weight` is one value for all, or one per connection.
public struct SparseLinear<W: PhysicalDimension>: CommModel {
    public var pre: [Int]
    public var post: [Int]
    public var weight: Parameter<W>

    public init(pre: [Int], post: [Int], weight: any ParameterSource<W>) {
        self.pre = pre
        self.post = post
        self.weight = weight.parameter
    }

    public var modelName: String { "SparseLinear" }

    public var settings: [ModelSetting] {
        if case .perNeuron(let w) = weight {
            return [.connections(pre: pre, post: post, weight: w)]
        }
        return [.parameter("weight", weight), .connections(pre: pre, post: post, weight: QuantityArray<W>?.none)]
    }
}

/// `brainstate.nn.Linear` without bias: input_j = sum_i spike_i * W[i, j], with W a dense
/// (n_pre, n_post) row-major weight matrix.
public struct Linear<W: PhysicalDimension>: CommModel {
    public var weight: Parameter<W>

    public init(weight: any ParameterSource<W>) {
        self.weight = weight.parameter
    }

    public var modelName: String { "Linear" }
    public var settings: [ModelSetting] { [.parameter("weight", weight)] }
}

/// `brainstate.nn.AllToAll`: every presynaptic neuron to every post neuron, weighted by the input value.
/// One weight gives y_j = w·Σx (w·(Σx − x_j) without self pairs, `includeSelf: false`); a dense
/// (n_pre, n_post) row-major matrix gives x @ W (its diagonal dropped without self pairs).
public struct AllToAll<W: PhysicalDimension>: CommModel {
    public var weight: Parameter<W>
    /// brainpy's include_self (default true).
    public var includeSelf: Bool?

    public init(weight: any ParameterSource<W>, includeSelf: Bool? = nil) {
        self.weight = weight.parameter
        self.includeSelf = includeSelf
    }

    public var modelName: String { "AllToAll" }
    public var settings: [ModelSetting] {
        [.parameter("weight", weight)] + (includeSelf.map { [.option("include_self", $0 ? "true" : "false")] } ?? [])
    }
}

/// `brainstate.nn.OneToOne`: y_i = x_i·w_i (pre slice and post population of equal size); one
/// weight or one per neuron.
public struct OneToOne<W: PhysicalDimension>: CommModel {
    public var weight: Parameter<W>

    public init(weight: any ParameterSource<W>) {
        self.weight = weight.parameter
    }

    public var modelName: String { "OneToOne" }
    public var settings: [ModelSetting] { [.parameter("weight", weight)] }
}

/// `brainstate.nn.EventLinear`: dense weights; with `floatAsEvent` (brainpy's default) any nonzero
/// input counts as one ([x ≠ 0] @ W), otherwise the input is weighted by its value (x @ W). One
/// weight gives w·count(x ≠ 0) (or w·Σx) on every post neuron.
public struct EventLinear<W: PhysicalDimension>: CommModel {
    public var weight: Parameter<W>
    /// brainpy's float_as_event (default true).
    public var floatAsEvent: Bool?

    public init(weight: any ParameterSource<W>, floatAsEvent: Bool? = nil) {
        self.weight = weight.parameter
        self.floatAsEvent = floatAsEvent
    }

    public var modelName: String { "EventLinear" }
    public var settings: [ModelSetting] {
        [.parameter("weight", weight)] + (floatAsEvent.map { [.option("float_as_event", $0 ? "true" : "false")] } ?? [])
    }
}
