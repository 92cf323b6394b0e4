/// Builds a projection's connectivity at compile from its comm description.
struct ConnectivityBuilder<F: SimFloat> {
    let proj: ProjectionDescription
    let postCount: Int
    let arena: Arena
    let rng: Philox

    /// `global` is the network's numpy-style global stream, used by EventFixedProb without a seed
    /// (brainstate.random.seed(s) also seeds numpy's global RandomState with s mod 2^32).
    func build(global: inout MT19937) throws(EngineError) -> Connectivity<F> {
        switch proj.comm.name {
        case "EventFixedProb": return try eventFixedProb(global: &global)
        case "SparseLinear": return try sparse()
        case "Linear": return try dense()
        default: throw .unknown("unknown comm \(proj.comm.name)")
        }
    }

    /// brainstate.nn.EventFixedProb with allow_multi_conn=True: every presynaptic neuron draws K targets
    /// with numpy's RandomState(seed).randint(0, n_post, size=(n_pre, K)) (spec synapses §6.1).
    private func eventFixedProb(global: inout MT19937) throws(EngineError) -> Connectivity<F> {
        let preCount = proj.preCount
        let K: Int
        if let p = proj.commValues["conn_prob"], case .scalar(let prob) = p {
            K = Int(Double(postCount) * prob)   // brainpy: int(n_post * p), truncation in float64
        } else if let c = proj.commValues["conn_num"], case .scalar(let num) = c {
            K = Int(num)
        } else {
            throw .invalid("projection \(proj.id): EventFixedProb needs conn_prob or conn_num")
        }
        let (total, overflow) = preCount.multipliedReportingOverflow(by: K)
        guard !overflow, total < Int(Int32.max) else {
            throw EngineError(.outOfMemory, "projection \(proj.id): \(preCount) x \(K) synapses is too many")
        }
        let rowStart = try arena.allocate(Int.self, count: preCount + 1, what: "rows of projection \(proj.id)")
        let targets = try arena.allocate(UInt32.self, count: total, what: "targets of projection \(proj.id)")
        for i in 0...preCount { rowStart[i] = i * K }
        var own: MT19937?
        if let s = proj.commValues["seed"], case .scalar(let seed) = s {
            own = MT19937(seed: UInt32(seed))
        }
        let bound = UInt32(postCount)
        if var generator = own {
            for k in 0..<total { targets[k] = generator.randint(below: bound) }
        } else {
            for k in 0..<total { targets[k] = global.randint(below: bound) }
        }
        let (weights, weight) = try synapseWeights(count: total, name: "conn_weight")
        return Connectivity(preCount: preCount, postCount: postCount,
                            layout: .sparse(rowStart: rowStart, targets: targets, weights: weights, weight: weight),
                            synapseCount: total)
    }

    /// Explicit (pre, post, weight) connections, grouped by presynaptic neuron (stable).
    private func sparse() throws(EngineError) -> Connectivity<F> {
        guard let conn = proj.connections else {
            throw .invalid("projection \(proj.id): SparseLinear needs connections (bps_projection_set_connections)")
        }
        let preCount = proj.preCount
        let n = conn.pre.count
        let rowStart = try arena.allocate(Int.self, count: preCount + 1, what: "rows of projection \(proj.id)")
        let targets = try arena.allocate(UInt32.self, count: n, what: "targets of projection \(proj.id)")
        for k in 0..<n {
            let (i, j) = (Int(conn.pre[k]), Int(conn.post[k]))
            guard i >= 0, i < preCount else { throw .range("projection \(proj.id): connection \(k) has pre index \(i) outside [0, \(preCount))") }
            guard j >= 0, j < postCount else { throw .range("projection \(proj.id): connection \(k) has post index \(j) outside [0, \(postCount))") }
            rowStart[i + 1] += 1
        }
        for i in 0..<preCount { rowStart[i + 1] += rowStart[i] }
        var fill = [Int](repeating: 0, count: preCount)
        var order = [Int](repeating: 0, count: n)
        for k in 0..<n {
            let i = Int(conn.pre[k])
            let slot = rowStart[i] + fill[i]
            fill[i] += 1
            targets[slot] = UInt32(conn.post[k])
            order[slot] = k
        }
        var weights: UnsafeMutablePointer<F>?
        var weight: F = 0
        if let w = conn.weight {
            let column = try arena.allocate(F.self, count: n, what: "weights of projection \(proj.id)")
            for slot in 0..<n { column[slot] = F(w[order[slot]]) }
            weights = column
        } else {
            guard let v = proj.commValues["weight"], case .scalar(let s) = v else {
                throw .invalid("projection \(proj.id): SparseLinear needs per-connection weights or the weight parameter")
            }
            weight = F(s)
        }
        return Connectivity(preCount: preCount, postCount: postCount,
                            layout: .sparse(rowStart: rowStart, targets: targets, weights: weights, weight: weight),
                            synapseCount: n)
    }

    /// brainstate.nn.Linear without bias: a dense (n_pre, n_post) matrix.
    private func dense() throws(EngineError) -> Connectivity<F> {
        let total = proj.preCount * postCount
        let w = try Realized.realize(proj.value("comm", "weight"), count: total, rng: rng,
                                     stream: proj.stream("comm", "weight"), what: "Linear.weight")
        let matrix = try arena.allocate(F.self, count: total, what: "weights of projection \(proj.id)")
        for k in 0..<total { matrix[k] = F(w.value(at: k)) }
        return Connectivity(preCount: proj.preCount, postCount: postCount, layout: .dense(matrix),
                            synapseCount: total)
    }

    /// Per-synapse weights (nil when homogeneous) and the homogeneous value.
    private func synapseWeights(count: Int, name: String) throws(EngineError) -> (UnsafeMutablePointer<F>?, F) {
        let w = try Realized.realize(proj.value("comm", name), count: count, rng: rng,
                                     stream: proj.stream("comm", name), what: "\(proj.comm.name).\(name)")
        switch w {
        case .uniform(let v): return (nil, F(v))
        case .perNeuron(let values):
            let column = try arena.allocate(F.self, count: count, what: "weights of projection \(proj.id)")
            for k in 0..<count { column[k] = F(values[k]) }
            return (column, 0)
        }
    }
}
