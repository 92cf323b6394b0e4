/// What compile makes of a chemical projection before its runtime: the stages, the target, and its
/// connectivity (nil while its sparse source waits to be laid out with its siblings).
struct ProjectionParts<F: SimFloat> {
    let proj: ProjectionDescription
    let channel: SynapseChannel<F>?
    let target: UnsafeMutablePointer<F>
    let plasticity: ShortTermPlasticity<F>?
    let delay: DelayLine<F>?
    let synapse: PreSynapse<F>?
    var connectivity: Connectivity<F>?
    var source: SparseSource?
}

/// A projection or gap junction in registration order, before the runtimes are made.
enum PendingProjection<F: SimFloat> {
    case chemical(ProjectionParts<F>)
    case junction(GapJunction<F>)
}

/// Siblings: sparse projections that deliver the same presynaptic neurons' spikes straight from the
/// spike list into post populations cut into the same tiles (E→E and E→I when E and I are two
/// populations, as Brian2 and NEST scripts often write them; example 103's one population with two
/// slices has none). Their tables are laid out as one (Connectivity.sparse(_:preCount:arena:what:)),
/// so that a worker reads each spiking row's offsets and targets once for all of them
/// (SiblingDelivery) instead of once per projection: half the row walks in such an E/I network.
enum Siblings {
    /// What siblings have in common; a key with a negative `pre` is a projection's own.
    private struct Key: Hashable {
        let pre: Int, preStart: Int, preStop: Int, threadTiles: [Int]
    }

    /// The projections that may have siblings, from the description alone (before their stages are
    /// made): sparse, into a synapse channel, no plasticity or presynaptic synapse, and another such
    /// projection with the same key. The others are laid out as soon as they are built, as before
    /// siblings existed, so that a network without siblings allocates what it did, in the same order.
    static func candidates<F>(_ net: NetworkDescription, cores: [PopulationCore<F>]) -> Set<Int> {
        var byKey: [Key: [Int]] = [:]
        for proj in net.projections where !proj.isGapJunction && proj.out != nil && proj.stp == nil
            && !proj.synIsPresynaptic && ConnectivityBuilder<F>.isSparse(proj) {
            guard let key = key(proj, post: cores[proj.post]) else { continue }
            byKey[key, default: []].append(proj.id)
        }
        return Set(byKey.values.filter { $0.count > 1 }.joined())
    }

    /// The key of a projection whose post population's tiles are 16-bit addressable, else nil.
    private static func key<F>(_ proj: ProjectionDescription, post: PopulationCore<F>) -> Key? {
        let narrow = (0..<post.tiles).allSatisfy { post.bounds[$0 + 1] - post.bounds[$0] <= Int(UInt16.max) + 1 }
        guard narrow else { return nil }
        return Key(pre: proj.pre, preStart: proj.preStart, preStop: proj.preStop, threadTiles: post.threadTiles)
    }

    /// Whether a candidate may share a table, once its stages are made: no delay (with `candidates`'
    /// conditions, the runtime then delivers straight from the spike list), and no projection
    /// registered before it delivering into the same target (SiblingDelivery delivers before every
    /// other projection, so the target's additions keep their order).
    static func mayShareTable<F>(_ s: ProjectionParts<F>, firstInto: Bool) -> Bool {
        firstInto && s.delay == nil
    }

    /// Lay out every waiting source: with its siblings (same presynaptic slice, post populations with
    /// the same tiles and the same tiles per worker, every tile 16-bit addressable), or alone.
    static func layOut<F>(_ pending: inout [PendingProjection<F>], cores: [PopulationCore<F>], arena: Arena) throws(EngineError) {
        var groups: [Key: [Int]] = [:]
        var order: [Key] = []
        for (k, entry) in pending.enumerated() {
            guard case .chemical(let s) = entry, s.source != nil else { continue }
            // Without a key of its own kind, a key no other projection has: laid out alone.
            let key = key(s.proj, post: cores[s.proj.post]) ?? Key(pre: -1 - k, preStart: 0, preStop: 0, threadTiles: [])
            if groups[key] == nil { order.append(key) }
            groups[key, default: []].append(k)
        }
        for key in order {
            let members = groups[key]!
            var sources: [SparseSource] = []
            var ids: [Int] = []
            var preCount = 0
            for k in members {
                guard case .chemical(let s) = pending[k], let source = s.source else { continue }
                sources.append(source)
                ids.append(s.proj.id)
                preCount = s.proj.preCount
            }
            let what = ids.count == 1 ? "projection \(ids[0])" : "projections \(ids)"
            let laidOut = try Connectivity<F>.sparse(sources, preCount: preCount, arena: arena, what: what)
            for (k, connectivity) in zip(members, laidOut) {
                guard case .chemical(var s) = pending[k] else { continue }
                s.connectivity = connectivity
                s.source = nil
                pending[k] = .chemical(s)
            }
        }
    }
}
