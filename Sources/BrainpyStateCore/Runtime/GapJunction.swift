/// brainpy.state's SymmetryGapJunction and AsymmetryGapJunction (spec synapses §5.8): electrical
/// coupling through explicit (pre, post) index pairs. Each step, before any population updates,
///   d_k = V_pre[pre_k] − V_post[post_k]           (the stored V: before this step's spike reset)
///   I_post[post_k] += g_post-side,k · d_k,  I_pre[pre_k] −= g_pre-side,k · d_k
/// into the populations' one-shot current inputs, which this step's update consumes. Repeated indices
/// add up, as the reference's scatter-adds do. Symmetric: both sides use g; asymmetric [g_pre, g_post]:
/// the post side uses g_pre, the pre side g_post. mS·mV = µA, the engine's current unit. It runs in the
/// serial part of the step (it reads V of neurons other workers own); it is O(connections).
final class GapJunction<F: SimFloat> {
    let id: Int
    let symmetric: Bool
    let pre: PopulationCore<F>
    let post: PopulationCore<F>
    private let preV: UnsafeMutablePointer<F>
    private let postV: UnsafeMutablePointer<F>
    private let preIds: UnsafeMutablePointer<Int32>
    private let postIds: UnsafeMutablePointer<Int32>
    let count: Int
    /// Per connection: the conductance of the post side and of the pre side (the same column for a
    /// symmetric junction), or one value each when the weight is homogeneous.
    private let postSide: UnsafeMutablePointer<F>
    private let preSide: UnsafeMutablePointer<F>
    private var uniform: (post: F, pre: F)?
    private var weights: [Double] = []

    init(_ desc: ProjectionDescription, pre: PopulationCore<F>, preV: UnsafeMutablePointer<F>,
         post: PopulationCore<F>, postV: UnsafeMutablePointer<F>, arena: Arena, rng: Philox) throws(EngineError) {
        guard let conn = desc.connections else {
            throw .invalid("projection \(desc.id): \(desc.kind.rawValue) needs its (pre, post) index pairs (bps_projection_set_connections)")
        }
        id = desc.id
        symmetric = desc.kind == .symmetricJunction
        self.pre = pre
        self.post = post
        self.preV = preV
        self.postV = postV
        count = conn.pre.count
        let what = "gap junction \(desc.id)"
        preIds = try arena.allocate(Int32.self, count: count, what: what)
        postIds = try arena.allocate(Int32.self, count: count, what: what)
        for k in 0..<count {
            guard conn.pre[k] >= 0, Int(conn.pre[k]) < pre.size, conn.post[k] >= 0, Int(conn.post[k]) < post.size else {
                throw .range("projection \(desc.id): connection \(k) (\(conn.pre[k]), \(conn.post[k])) is outside the populations")
            }
            preIds[k] = conn.pre[k]
            postIds[k] = conn.post[k]
        }
        postSide = try arena.allocate(F.self, count: count, what: what)
        preSide = symmetric ? postSide : try arena.allocate(F.self, count: count, what: what)
        try bind(desc, rng: rng)
    }

    /// The weight from the description (at compile, and when it is set afterwards).
    func bind(_ desc: ProjectionDescription, rng: Philox) throws(EngineError) {
        let (uniformNow, values) = try GapJunction.weights(desc.value("proj", "weight"), symmetric: symmetric,
                                                            count: count, rng: rng, stream: desc.stream("proj", "weight"))
        if !weights.isEmpty, uniformNow != (uniform != nil) {
            throw .state("projection \(desc.id): the gap-junction weight cannot switch between one value and per-connection values after compile")
        }
        weights = values
        if uniformNow {
            uniform = symmetric ? (F(values[0]), F(values[0])) : (F(values[0]), F(values[1]))
        } else {
            uniform = nil
            for k in 0..<count {
                if symmetric {
                    postSide[k] = F(values[k])
                } else {
                    postSide[k] = F(values[2 * k])
                    preSide[k] = F(values[2 * k + 1])
                }
            }
        }
    }

    /// (homogeneous?, values): symmetric g (1 or n values), asymmetric [g_pre, g_post] pairs (2 or 2n
    /// values, (n, 2) row-major); a random initializer draws one value per entry.
    static func weights(_ value: ParamValue, symmetric: Bool, count n: Int, rng: Philox,
                        stream: UInt32) throws(EngineError) -> (Bool, [Double]) {
        let name = symmetric ? "SymmetryGapJunction" : "AsymmetryGapJunction"
        if symmetric {
            let r = try Realized.realize(value, count: n, rng: rng, stream: stream,
                                         what: "\(name).weight (one value or one per connection, \(n) connections)")
            return r.isUniform ? (true, [r.value(at: 0)]) : (false, (0..<n).map { r.value(at: $0) })
        }
        switch value {
        case .array(let a) where a.count == 2:
            return (true, a)
        case .array(let a) where a.count != 2 * n:
            throw .range("\(name).weight: \(a.count) values given; it takes [g_pre, g_post] (2 values) or one pair per connection (\(2 * n) values)")
        case .scalar:
            throw .invalid("\(name).weight must be [g_pre, g_post] (2 values) or one pair per connection (\(2 * n) values), got one value")
        case .initializer(let i) where i.kind == .constant:
            throw .invalid("\(name).weight must be [g_pre, g_post] (2 values) or one pair per connection (\(2 * n) values), got one value")
        default:
            let r = try Realized.realize(value, count: 2 * n, rng: rng, stream: stream, what: "\(name).weight")
            return (false, (0..<(2 * n)).map { r.value(at: $0) })
        }
    }

    /// Add this step's currents to both populations' one-shot inputs (serially, before the update).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func couple() {
        let (preOnce, postOnce) = (pre.iOnce, post.iOnce)
        if let g = uniform {
            let (gPost, gPre) = (g.post, g.pre)
            for k in 0..<count {
                let (i, o) = (Int(preIds[k]), Int(postIds[k]))
                let d = preV[i] - postV[o]
                postOnce[o] += gPost * d
                preOnce[i] -= gPre * d
            }
        } else {
            for k in 0..<count {
                let (i, o) = (Int(preIds[k]), Int(postIds[k]))
                let d = preV[i] - postV[o]
                postOnce[o] += postSide[k] * d
                preOnce[i] -= preSide[k] * d
            }
        }
        pre.hasOnce = true
        post.hasOnce = true
    }

    /// (pre, post, weight of the post side) per connection, in the order given.
    func triplets() -> (pre: [Int], post: [Int], weight: [Double]) {
        let stride = symmetric ? 1 : 2
        let w: [Double] = (0..<count).map { k in
            uniform != nil ? weights[0] : weights[stride * k]
        }
        return ((0..<count).map { Int(preIds[$0]) }, (0..<count).map { Int(postIds[$0]) }, w)
    }

    func parameter(_ name: String) -> [Double]? { name == "weight" ? weights : nil }
}
