/// Connectivity in generation order (rows by presynaptic neuron, synapses in the order they were
/// drawn or given): what compile builds and what read-back returns.
struct CanonicalConnectivity {
    var rowStart: [Int]
    var targets: [UInt32]
    /// Per-synapse weights (internal units), or nil when every synapse has `weight`.
    var weights: [Double]?
    var weight: Double
}

/// Compiled connectivity of one projection, laid out for event-driven delivery tile by tile of the
/// post population: within each presynaptic row the synapses are grouped by the tile of their target,
/// so delivering into one tile walks only that segment of each spiking row (and the tile's increments
/// stay in cache), and the worker owning the tile is the only one writing there. Targets are 32-bit;
/// a homogeneous weight is not stored per synapse. Dense matrices are delivered row by row through
/// OpenBLAS, one tile's columns at a time. All-to-all with one weight and one-to-one need no table.
final class Connectivity<F: SimFloat> {
    enum Layout {
        /// offsets[i * tiles + k] is where row i's segment for tile k starts; one sentinel at the end.
        case sparse(offsets: UnsafeMutablePointer<UInt32>, targets: UnsafeMutablePointer<UInt32>,
                    weights: UnsafeMutablePointer<F>?, weight: F)
        /// preCount × postCount, row-major, added through OpenBLAS.
        case dense(UnsafeMutablePointer<F>, OpenBLAS)
        /// Every pre to every post with one weight: y_j = w·Σx (or w·(Σx − x_j) without self-pairs);
        /// delivered by the projection from the sum of its input (see ProjectionRuntime).
        case allToAll(weight: F, includeSelf: Bool)
        /// Pre i to post i: y_i = w_i·x_i.
        case oneToOne(weights: UnsafeMutablePointer<F>?, weight: F)
    }

    let preCount: Int
    let postCount: Int
    let synapseCount: Int
    let tiles: Int
    let postBounds: [Int]
    let layout: Layout
    /// Rebuilds the generation-order connectivity for read-back (the compiled layout regroups rows).
    private let canonical: () throws(EngineError) -> CanonicalConnectivity?

    init(preCount: Int, postCount: Int, postBounds: [Int], layout: Layout, synapseCount: Int,
         canonical: @escaping () throws(EngineError) -> CanonicalConnectivity?) {
        self.preCount = preCount
        self.postCount = postCount
        self.postBounds = postBounds
        self.tiles = postBounds.count - 1
        self.layout = layout
        self.synapseCount = synapseCount
        self.canonical = canonical
    }

    /// Lay out `c` for the post population's tiles in the arena.
    static func sparse(_ c: CanonicalConnectivity, preCount: Int, postCount: Int, postBounds: [Int], arena: Arena,
                       what: String, canonical: @escaping () throws(EngineError) -> CanonicalConnectivity?) throws(EngineError) -> Connectivity {
        let parts = postBounds.count - 1
        let total = c.targets.count
        guard total < Int(UInt32.max) else { throw EngineError(.outOfMemory, "\(what): \(total) synapses is too many") }
        let offsets = try arena.allocate(UInt32.self, count: preCount * parts + 1, what: "rows of \(what)")
        let targets = try arena.allocate(UInt32.self, count: total, what: "targets of \(what)")
        let weights = c.weights == nil ? nil : try arena.allocate(F.self, count: total, what: "weights of \(what)")
        // Owner of each post neuron (parts are contiguous ranges).
        var owner = [Int](repeating: 0, count: postCount)
        for p in 0..<parts { for j in postBounds[p]..<postBounds[p + 1] { owner[j] = p } }
        var fill = [Int](repeating: 0, count: parts)
        var slot = 0
        for i in 0..<preCount {
            let (start, end) = (c.rowStart[i], c.rowStart[i + 1])
            for p in 0..<parts { fill[p] = 0 }
            for k in start..<end { fill[owner[Int(c.targets[k])]] += 1 }
            var cursor = [Int](repeating: 0, count: parts)
            for p in 0..<parts {
                offsets[i * parts + p] = UInt32(slot)
                cursor[p] = slot
                slot += fill[p]
            }
            for k in start..<end {
                let p = owner[Int(c.targets[k])]
                targets[cursor[p]] = c.targets[k]
                if let w = c.weights { weights![cursor[p]] = F(w[k]) }
                cursor[p] += 1
            }
        }
        offsets[preCount * parts] = UInt32(slot)
        return Connectivity(preCount: preCount, postCount: postCount, postBounds: postBounds,
                            layout: .sparse(offsets: offsets, targets: targets, weights: weights, weight: F(c.weight)),
                            synapseCount: total, canonical: canonical)
    }

    /// Add the weights of row `row` that target `tile`'s neurons to `pending` (an event: the input
    /// counts as 1). All-to-all is delivered by the projection, from the input's sum.
    @inline(__always)
    func deliver(row: Int, tile: Int, into pending: UnsafeMutablePointer<F>) {
        switch layout {
        case .sparse(let offsets, let targets, let weights, let weight):
            let base = row * tiles + tile
            let (start, end) = (Int(offsets[base]), Int(offsets[base + 1]))
            if let w = weights {
                for k in start..<end { pending[Int(targets[k])] += w[k] }
            } else {
                for k in start..<end { pending[Int(targets[k])] += weight }
            }
        case .dense(let matrix, let blas):
            let (lo, hi) = (postBounds[tile], postBounds[tile + 1])
            if hi > lo { blas.axpy(hi - lo, 1, matrix + row * postCount + lo, pending + lo) }
        case .oneToOne(let weights, let weight):
            if row >= postBounds[tile], row < postBounds[tile + 1] { pending[row] += weights?[row] ?? weight }
        case .allToAll:
            break
        }
    }

    /// The same, weighted by the input value x of the row (value-weighted comms: w·x per synapse).
    @inline(__always)
    func deliver(row: Int, value x: F, tile: Int, into pending: UnsafeMutablePointer<F>) {
        switch layout {
        case .sparse(let offsets, let targets, let weights, let weight):
            let base = row * tiles + tile
            let (start, end) = (Int(offsets[base]), Int(offsets[base + 1]))
            if let w = weights {
                for k in start..<end { pending[Int(targets[k])] += w[k] * x }
            } else {
                let wx = weight * x
                for k in start..<end { pending[Int(targets[k])] += wx }
            }
        case .dense(let matrix, let blas):
            let (lo, hi) = (postBounds[tile], postBounds[tile + 1])
            if hi > lo { blas.axpy(hi - lo, x, matrix + row * postCount + lo, pending + lo) }
        case .oneToOne(let weights, let weight):
            if row >= postBounds[tile], row < postBounds[tile + 1] { pending[row] += x * (weights?[row] ?? weight) }
        case .allToAll:
            break
        }
    }

    /// (pre, post, weight) of every synapse in generation order (internal weight units).
    func triplets() throws(EngineError) -> (pre: [Int], post: [Int], weight: [Double]) {
        var pre: [Int] = [], post: [Int] = [], weight: [Double] = []
        pre.reserveCapacity(synapseCount)
        post.reserveCapacity(synapseCount)
        weight.reserveCapacity(synapseCount)
        switch layout {
        case .sparse:
            guard let c = try canonical() else { throw EngineError(.internal, "connectivity cannot be rebuilt") }
            for i in 0..<preCount {
                for k in c.rowStart[i]..<c.rowStart[i + 1] {
                    pre.append(i)
                    post.append(Int(c.targets[k]))
                    weight.append(Double(F(c.weights?[k] ?? c.weight)))
                }
            }
        case .dense(let matrix, _):
            for i in 0..<preCount {
                for j in 0..<postCount {
                    pre.append(i)
                    post.append(j)
                    weight.append(Double(matrix[i * postCount + j]))
                }
            }
        case .allToAll(let w, let includeSelf):
            for i in 0..<preCount {
                for j in 0..<postCount where includeSelf || i != j {
                    pre.append(i)
                    post.append(j)
                    weight.append(Double(w))
                }
            }
        case .oneToOne(let weights, let w):
            for i in 0..<preCount {
                pre.append(i)
                post.append(i)
                weight.append(Double(weights?[i] ?? w))
            }
        }
        return (pre, post, weight)
    }
}
