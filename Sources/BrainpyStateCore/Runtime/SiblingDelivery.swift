internal import _BrainpyStateShims

/// The delivery of sibling projections (Siblings): one walk of each spiking row per worker for all of
/// them, reading the row's offsets once and its segments for the worker's tiles of every sibling,
/// which are adjacent in the shared table. Each target still gets its additions in spike order and
/// nothing else is added to it before them (Siblings.mayShareTable), so the results are the bits of
/// delivering each projection on its own.
final class SiblingDelivery<F: SimFloat> {
    let pre: PopulationCore<F>
    let preStart: Int
    let preStop: Int
    /// The post populations' tiles per worker (the same for every sibling).
    let threadTiles: [Int]
    let tiles: Int
    /// The number of siblings.
    let count: Int
    /// The table as each sibling sees it (its own weights), in the order of their segments.
    private let tables: UnsafeMutablePointer<SparseTable<F>>
    /// tileTargets[tile · count + m]: sibling m's increments of that tile's first neuron.
    private let tileTargets: UnsafeMutablePointer<UnsafeMutablePointer<F>>

    private init(_ members: [ProjectionRuntime<F>], views: [SparseTable<F>], threadTiles: [Int],
                 arena: Arena) throws(EngineError) {
        let lead = members[0]
        pre = lead.pre
        preStart = lead.preStart
        preStop = lead.preStop
        self.threadTiles = threadTiles
        tiles = lead.connectivity.tiles
        count = members.count
        tables = try arena.allocate(SparseTable<F>.self, count: count, what: "siblings of projection \(lead.id)")
        tileTargets = try arena.allocate(UnsafeMutablePointer<F>.self, count: tiles * count,
                                         what: "siblings of projection \(lead.id)")
        for (m, member) in members.enumerated() {
            (tables + m).initialize(to: views[m])
            for tile in 0..<tiles {
                (tileTargets + tile * count + m).initialize(to: member.target + member.connectivity.postBounds[tile])
            }
            member.deliveredBySiblings = true
        }
    }

    /// The sibling groups among `projections` (those whose tables are shared), each in the order of
    /// its segments.
    static func collect(_ projections: [ProjectionRuntime<F>], cores: [PopulationCore<F>],
                        arena: Arena) throws(EngineError) -> [SiblingDelivery] {
        var groups: [UnsafeMutablePointer<UInt32>: [(projection: ProjectionRuntime<F>, table: SparseTable<F>, member: Int)]] = [:]
        var order: [UnsafeMutablePointer<UInt32>] = []
        var counts: [UnsafeMutablePointer<UInt32>: Int] = [:]
        for projection in projections {
            guard case .shared(let table, let member, let count) = projection.connectivity.layout else { continue }
            if groups[table.offsets] == nil { order.append(table.offsets) }
            groups[table.offsets, default: []].append((projection, table, member))
            counts[table.offsets] = count
        }
        return try order.map { key throws(EngineError) in
            let members = groups[key]!.sorted { $0.member < $1.member }
            guard members.map(\.member) == Array(0..<counts[key]!), let post = members[0].projection.channel?.post else {
                throw EngineError(.internal, "projection \(members[0].projection.id): a shared table lacks some of its projections")
            }
            return try SiblingDelivery(members.map(\.projection), views: members.map(\.table),
                                       threadTiles: cores[post].threadTiles, arena: arena)
        }
    }

    /// Deliver the spikes of the previous step into worker `part`'s tiles of every sibling.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func deliver(part: Int) {
        let (first, last) = (threadTiles[part], threadTiles[part + 1])
        guard first < last else { return }
        for p in 0..<pre.tiles where pre.bounds[p] < preStop && pre.bounds[p + 1] > preStart {
            let (rows, n) = pre.spikes(tile: p, in: preStart, preStop)
            walk(rows, n, first, last)
        }
    }

    /// Connectivity.deliver's walk (rows asked for ahead), over every sibling's segments of tiles
    /// [first, last) at once.
    @inline(__always)
    private func walk(_ rows: UnsafePointer<Int32>, _ n: Int, _ first: Int, _ last: Int) {
        let (tiles, count, lead, span) = (self.tiles, self.count, tables[0], last &- first)
        /// Row s's first segment of the range: the first sibling's; every sibling's follow it.
        @inline(__always) func segment(_ s: Int) -> Int { ((Int(rows[s]) &- preStart) &* tiles &+ first) &* count }
        lead.walk(rows: n, segments: span &* count, first: segment) { base in
            var at = base
            for k in 0..<span {
                let targets = tileTargets + (first &+ k) &* count
                for m in 0..<count { tables[m].add(segment: at &+ m, scale: nil, into: targets[m]) }
                at &+= count
            }
            return true
        }
    }
}
