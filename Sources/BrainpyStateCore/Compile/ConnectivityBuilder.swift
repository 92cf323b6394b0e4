/// Builds a projection's connectivity at compile from its comm description.
struct ConnectivityBuilder<F: SimFloat> {
    let proj: ProjectionDescription
    let postCount: Int
    /// The post population's worker parts (delivery is grouped by them).
    let postBounds: [Int]
    let arena: Arena
    let rng: Philox

    /// Whether the comm is laid out as a sparse table (SparseSource, then Connectivity.sparse).
    static func isSparse(_ proj: ProjectionDescription) -> Bool {
        ["EventFixedProb", "FixedNumConn", "SparseLinear"].contains(proj.comm?.name ?? "")
    }

    /// A sparse comm's connectivity in generation order, before layout (compile lays it out alone or
    /// with its siblings). `global` is the network's numpy-style global stream, used by EventFixedProb
    /// without a seed (brainstate.random.seed(s) also seeds numpy's global RandomState with s mod 2^32).
    func sparseSource(global: inout MT19937) throws(EngineError) -> SparseSource {
        if proj.comm?.name == "SparseLinear" {
            return SparseSource(connectivity: try sparse(), postCount: postCount, postBounds: postBounds) {
                () throws(EngineError) in try sparse()
            }
        }
        var generator = global
        if case .scalar(let seed)? = proj.commValues["seed"] { generator = MT19937(seed: UInt32(seed)) }
        let start = generator
        let canonical = try eventFixedProb(&generator)
        if proj.commValues["seed"] == nil { global = generator }
        return SparseSource(connectivity: canonical, postCount: postCount, postBounds: postBounds) {
            () throws(EngineError) in
            var replay = start
            return try eventFixedProb(&replay)
        }
    }

    /// The connectivity of a comm laid out alone.
    func build(global: inout MT19937) throws(EngineError) -> Connectivity<F> {
        let what = "projection \(proj.id)"
        guard let comm = proj.comm else { throw EngineError(.internal, "\(what) has no comm layer to build") }
        if Self.isSparse(proj) {
            return try Connectivity<F>.sparse([try sparseSource(global: &global)], preCount: proj.preCount, arena: arena,
                                              what: what)[0]
        }
        switch comm.name {
        case "Linear":
            return try dense(weight: "weight", includeSelf: true)
        case "AllToAll", "EventLinear":
            // One weight: no table (y = w·Σx); a matrix: dense, its diagonal zeroed without self-pairs.
            let selfOption = comm.name == "EventLinear" ? "true" : try proj.option("comm", "include_self")
            let includeSelf = selfOption == "true"
            if case .scalar(let w) = try proj.value("comm", "weight") {
                let count = proj.preCount * postCount - (includeSelf ? 0 : min(proj.preCount, postCount))
                return Connectivity(preCount: proj.preCount, postCount: postCount, postBounds: postBounds,
                                    layout: .allToAll(weight: F(w), includeSelf: includeSelf), synapseCount: count) {
                    () throws(EngineError) in nil
                }
            }
            return try dense(weight: "weight", includeSelf: includeSelf)
        case "OneToOne":
            let w = try Realized.realize(proj.value("comm", "weight"), count: postCount, rng: rng,
                                         stream: proj.stream("comm", "weight"), what: "OneToOne.weight")
            var weights: UnsafeMutablePointer<F>?
            if !w.isUniform {
                let column = try arena.allocate(F.self, count: postCount, what: "weights of projection \(proj.id)")
                for j in 0..<postCount { column[j] = F(w.value(at: j)) }
                weights = column
            }
            return Connectivity(preCount: proj.preCount, postCount: postCount, postBounds: postBounds,
                                layout: .oneToOne(weights: weights, weight: F(w.value(at: 0))), synapseCount: postCount) {
                () throws(EngineError) in nil
            }
        default:
            throw .unknown("unknown comm \(comm.name)")
        }
    }

    /// brainstate.nn.EventFixedProb with allow_multi_conn=True: every presynaptic neuron draws K targets
    /// with numpy's RandomState(seed).randint(0, n_post, size=(n_pre, K)) (spec synapses §6.1).
    private func eventFixedProb(_ generator: inout MT19937) throws(EngineError) -> CanonicalConnectivity {
        let preCount = proj.preCount
        let K: Int
        if case .scalar(let prob)? = proj.commValues["conn_prob"] {
            K = Int(Double(postCount) * prob)   // brainpy: int(n_post * p), truncation in float64
        } else if case .scalar(let num)? = proj.commValues["conn_num"] {
            K = Int(num)
        } else {
            throw .invalid("projection \(proj.id): EventFixedProb needs conn_prob or conn_num")
        }
        let (total, overflow) = preCount.multipliedReportingOverflow(by: K)
        guard !overflow, total < Int(Int32.max) else {
            throw EngineError(.outOfMemory, "projection \(proj.id): \(preCount) x \(K) synapses is too many")
        }
        let bound = UInt32(postCount)
        var targets = [UInt32](repeating: 0, count: total)
        for k in 0..<total { targets[k] = generator.randint(below: bound) }
        let w = try Realized.realize(proj.value("comm", "conn_weight"), count: total, rng: rng,
                                     stream: proj.stream("comm", "conn_weight"), what: "EventFixedProb.conn_weight")
        var c = CanonicalConnectivity(rowStart: (0...preCount).map { $0 * K }, targets: targets, weights: nil, weight: 0)
        switch w {
        case .uniform(let v): c.weight = v
        case .perNeuron(let values): c.weights = values
        }
        return c
    }

    /// Explicit (pre, post, weight) connections, grouped by presynaptic neuron (stable).
    private func sparse() throws(EngineError) -> CanonicalConnectivity {
        guard let conn = proj.connections else {
            throw .invalid("projection \(proj.id): SparseLinear needs connections (bps_projection_set_connections)")
        }
        let preCount = proj.preCount
        let n = conn.pre.count
        var rowStart = [Int](repeating: 0, count: preCount + 1)
        for k in 0..<n { rowStart[Int(conn.pre[k]) + 1] += 1 }
        for i in 0..<preCount { rowStart[i + 1] += rowStart[i] }
        var cursor = Array(rowStart[0..<preCount])
        var targets = [UInt32](repeating: 0, count: n)
        var weights = conn.weight.map { _ in [Double](repeating: 0, count: n) }
        for k in 0..<n {
            let i = Int(conn.pre[k])
            targets[cursor[i]] = UInt32(conn.post[k])
            if let w = conn.weight { weights![cursor[i]] = w[k] }
            cursor[i] += 1
        }
        var weight = 0.0
        if weights == nil {
            guard case .scalar(let s)? = proj.commValues["weight"] else {
                throw .invalid("projection \(proj.id): SparseLinear needs per-connection weights or the weight parameter")
            }
            weight = s
        }
        return CanonicalConnectivity(rowStart: rowStart, targets: targets, weights: weights, weight: weight)
    }

    /// A dense (n_pre, n_post) matrix (brainstate.nn.Linear without bias, AllToAll and EventLinear
    /// with matrix weights); without self-pairs the diagonal is zero.
    private func dense(weight: String, includeSelf: Bool) throws(EngineError) -> Connectivity<F> {
        let total = proj.preCount * postCount
        let w = try Realized.realize(proj.value("comm", weight), count: total, rng: rng,
                                     stream: proj.stream("comm", weight), what: "\(proj.comm?.name ?? "comm").\(weight)")
        let matrix = try arena.allocate(F.self, count: total, what: "weights of projection \(proj.id)")
        for k in 0..<total { matrix[k] = F(w.value(at: k)) }
        if !includeSelf { for i in 0..<min(proj.preCount, postCount) { matrix[i * postCount + i] = 0 } }
        return Connectivity(preCount: proj.preCount, postCount: postCount, postBounds: postBounds,
                            layout: .dense(matrix), synapseCount: total) { () throws(EngineError) in nil }
    }
}
