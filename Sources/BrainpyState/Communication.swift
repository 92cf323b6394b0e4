/// `brainstate.nn.EventFixedProb`: every presynaptic neuron gets a fixed number of random targets
/// (int(n_post * conn_prob), or conn_num), drawn with numpy's MT19937 for the same `seed`, so the
/// connectivity equals brainpy.state's. Spikes are processed as events. The weight is a conductance
/// for AlignPostProj and CurrentProj into COBA/CUBA, a voltage for DeltaProj (W is inferred from it).
public struct EventFixedProb<W: PhysicalDimension>: CommModel {
    /// brainpy's `conn_num`: a float is a probability, an int a count.
    public enum Connectivity: Sendable {
        case probability(Double)
        case count(Int)
    }

    public var connectivity: Connectivity
    /// One weight for every synapse, or one per synapse in (n_pre, K) row-major order.
    public var connWeight: Parameter<W>
    /// numpy RandomState seed; nil uses the network's numpy-style global stream.
    public var seed: UInt32?

    public init(connProb: Double, connWeight: any ParameterSource<W>, seed: UInt32? = nil) {
        self.connectivity = .probability(connProb)
        self.connWeight = connWeight.parameter
        self.seed = seed
    }

    public init(connNum: Int, connWeight: any ParameterSource<W>, seed: UInt32? = nil) {
        self.connectivity = .count(connNum)
        self.connWeight = connWeight.parameter
        self.seed = seed
    }

    public var modelName: String { "EventFixedProb" }

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
