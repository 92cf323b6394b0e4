internal import _BrainpyStateShims

/// Connectivity in generation order (rows by presynaptic neuron, synapses in the order they were
/// drawn or given): what compile builds and what read-back returns.
struct CanonicalConnectivity {
    var rowStart: [Int]
    var targets: [UInt32]
    /// Per-synapse weights (internal units), or nil when every synapse has `weight`.
    var weights: [Double]?
    var weight: Double
}

/// A sparse comm's connectivity before layout: the post population it targets, its tiles, and how to
/// rebuild it for read-back.
struct SparseSource {
    let connectivity: CanonicalConnectivity
    let postCount: Int
    let postBounds: [Int]
    let replay: () throws(EngineError) -> CanonicalConnectivity?
}

/// Compiled connectivity of one projection, laid out for event-driven delivery tile by tile of the
/// post population: within each presynaptic row the synapses are grouped by the tile of their target,
/// so delivering into one tile walks only that segment of each spiking row (and the tile's increments
/// stay in cache), and the worker owning the tile is the only one writing there. Targets are stored
/// relative to their tile (16-bit when the tiles are small enough, see SparseTable); a homogeneous
/// weight is not stored per synapse. Dense matrices are delivered row by row, one tile's columns at a
/// time (addScaled). All-to-all with one weight and one-to-one need no table.
final class Connectivity<F: SimFloat> {
    enum Layout {
        case sparse(SparseTable<F>)
        /// Sibling `member` of `count` in a table laid out for them together (`sparse(_:preCount:...)`):
        /// row i's segment for tile k is the ((i·tiles + k)·count + member)-th. SiblingDelivery
        /// delivers it; the walks below serve the other callers.
        case shared(SparseTable<F>, member: Int, count: Int)
        /// preCount × postCount, row-major.
        case dense(UnsafeMutablePointer<F>)
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
        try sparse([SparseSource(connectivity: c, postCount: postCount, postBounds: postBounds, replay: canonical)],
                   preCount: preCount, arena: arena, what: what)[0]
    }

    /// Lay out the connectivities of projections that read the same presynaptic neurons (siblings)
    /// in one table, for the same number of tiles of each post population: row i's segment for tile
    /// k of sibling m is the ((i·tiles + k)·count + m)-th, so a row's segments for one tile of every
    /// sibling are adjacent and SiblingDelivery reads them in one walk. Each sibling's Connectivity
    /// sees only its own segments (Layout.shared). One source is the ordinary layout.
    static func sparse(_ sources: [SparseSource], preCount: Int, arena: Arena,
                       what: String) throws(EngineError) -> [Connectivity] {
        let count = sources.count
        let parts = sources[0].postBounds.count - 1
        guard sources.allSatisfy({ $0.postBounds.count - 1 == parts }) else {
            throw EngineError(.internal, "\(what): siblings must have the same number of tiles")
        }
        let total = sources.reduce(0) { $0 + $1.connectivity.targets.count }
        guard total < Int(UInt32.max) else { throw EngineError(.outOfMemory, "\(what): \(total) synapses is too many") }
        let offsets = try arena.allocate(UInt32.self, count: preCount * parts * count + 1, what: "rows of \(what)")
        let fitsNarrow = sources.allSatisfy { s in
            (0..<parts).allSatisfy { s.postBounds[$0 + 1] - s.postBounds[$0] <= Int(UInt16.max) + 1 }
        }
        let narrow = fitsNarrow ? try arena.allocate(UInt16.self, count: total + SparseTable<F>.padding,
                                                     what: "targets of \(what)") : nil
        let wide = fitsNarrow ? nil : try arena.allocate(UInt32.self, count: total, what: "targets of \(what)")
        let weighted = sources.contains { $0.connectivity.weights != nil }
        let weights = weighted ? try arena.allocate(F.self, count: total, what: "weights of \(what)") : nil
        // Owner tile of each post neuron, per source (tiles are contiguous ranges).
        let owners: [[Int]] = sources.map { s in
            var owner = [Int](repeating: 0, count: s.postCount)
            for p in 0..<parts { for j in s.postBounds[p]..<s.postBounds[p + 1] { owner[j] = p } }
            return owner
        }
        var cursor = [Int](repeating: 0, count: parts * count)
        var slot = 0
        for i in 0..<preCount {
            for k in cursor.indices { cursor[k] = 0 }
            for (m, s) in sources.enumerated() {
                let (c, owner) = (s.connectivity, owners[m])
                for k in c.rowStart[i]..<c.rowStart[i + 1] { cursor[owner[Int(c.targets[k])] * count + m] += 1 }
            }
            for k in cursor.indices {
                offsets[i * parts * count + k] = UInt32(slot)
                (cursor[k], slot) = (slot, slot + cursor[k])
            }
            for (m, s) in sources.enumerated() {
                let (c, owner) = (s.connectivity, owners[m])
                for k in c.rowStart[i]..<c.rowStart[i + 1] {
                    let p = owner[Int(c.targets[k])]
                    let at = cursor[p * count + m]
                    let local = Int(c.targets[k]) - s.postBounds[p]
                    if let narrow { narrow[at] = UInt16(local) } else { wide![at] = UInt32(local) }
                    if let w = c.weights { weights![at] = F(w[k]) }
                    cursor[p * count + m] = at + 1
                }
            }
        }
        offsets[preCount * parts * count] = UInt32(slot)
        let segments = preCount * parts * count
        let length = segments > 0 ? offsets[1] &- offsets[0] : 0
        let segmentsDiffer = (0..<segments).contains { offsets[$0 + 1] &- offsets[$0] != length }
        return sources.enumerated().map { m, s in
            let table = SparseTable(offsets: offsets, narrow: narrow, wide: wide,
                                    weights: s.connectivity.weights == nil ? nil : weights, weight: F(s.connectivity.weight),
                                    segmentsDiffer: segmentsDiffer)
            return Connectivity(preCount: preCount, postCount: s.postCount, postBounds: s.postBounds,
                                layout: count == 1 ? .sparse(table) : .shared(table, member: m, count: count),
                                synapseCount: s.connectivity.targets.count, canonical: s.replay)
        }
    }

    /// Add the weights of row `row` that target `tile`'s neurons to `pending` (an event: the input
    /// counts as 1). All-to-all is delivered by the projection, from the input's sum.
    @inline(__always)
    func deliver(row: Int, tile: Int, into pending: UnsafeMutablePointer<F>) {
        switch layout {
        case .sparse(let table):
            table.add(segment: row * tiles + tile, scale: nil, into: pending + postBounds[tile])
        case .shared(let table, let member, let count):
            table.add(segment: (row * tiles + tile) * count + member, scale: nil, into: pending + postBounds[tile])
        case .dense(let matrix):
            let (lo, hi) = (postBounds[tile], postBounds[tile + 1])
            addScaled(hi - lo, 1, matrix + row * postCount + lo, into: pending + lo)
        case .oneToOne(let weights, let weight):
            if row >= postBounds[tile], row < postBounds[tile + 1] { pending[row] += weights?[row] ?? weight }
        case .allToAll:
            break
        }
    }

    /// `deliver(row:tile:into:)` for rows[0..<count] − rowOffset, in that order, into each of
    /// `tiles`. A row's segments for consecutive tiles are adjacent, so each row is walked once for
    /// all of them (a worker owning several tiles of a large population read every spiking row and
    /// its offsets from memory once per tile, at that size). The rows are asked for ahead
    /// (SparseTable.walk). With the worker's `staging`, a table whose segments differ in
    /// length and share one weight is delivered through it (DeliveryStaging).
    @inline(__always)
    func deliver(rows: UnsafePointer<Int32>, count: Int, rowOffset: Int, tiles range: Range<Int>,
                 into pending: UnsafeMutablePointer<F>, staging: DeliveryStaging?) {
        guard case .sparse(let table) = layout else {
            deliverEachRow(rows: rows, count: count, rowOffset: rowOffset, tiles: range, into: pending)
            return
        }
        guard !range.isEmpty else { return }
        let tiles = self.tiles
        let (first, last) = (range.lowerBound, range.upperBound)
        /// Row s's first segment of the range.
        @inline(__always) func segment(_ s: Int) -> Int { (Int(rows[s]) &- rowOffset) &* tiles &+ first }
        if let staging, let narrow = table.narrow, table.weights == nil, table.segmentsDiffer {
            deliverStaged(count, range, segment, table, narrow, staging, into: pending)
            return
        }
        table.walk(rows: count, segments: last &- first, first: segment) { base in
            for tile in range {
                table.add(segment: base &+ (tile &- first), scale: nil, into: pending + postBounds[tile])
            }
            return true
        }
    }

    /// The table and its 16-bit targets where `stage(rows:...)` takes this connectivity: a table of
    /// its own (not shared by siblings) with 16-bit targets and one weight.
    private var stagedTable: (table: SparseTable<F>, narrow: UnsafeMutablePointer<UInt16>)? {
        guard case .sparse(let table) = layout, let narrow = table.narrow, table.weights == nil else { return nil }
        return (table, narrow)
    }

    /// Whether `stage(rows:...)` takes this connectivity.
    var stages: Bool { stagedTable != nil }

    /// Whether `deliver(rows:...)` walks a table of its own: each spiking row is then read once for
    /// all the tiles delivered together.
    var walksRows: Bool {
        if case .sparse = layout { return true }
        return false
    }

    /// The walk of deliver(rows:) with the segments copied to `staging` instead of added: tile t of
    /// `range`'s to slot slotBase + t − first (laid out by the caller, TileStaging.empty), each row
    /// walked once, with the same prefetches (further ahead). False when a slot would overflow (what
    /// was staged is then to be dropped) or the layout does not stage (`stages`).
    @inline(__always)
    func stage(rows: UnsafePointer<Int32>, count: Int, rowOffset: Int, tiles range: Range<Int>,
               into staging: TileStaging, slotBase: Int) -> Bool {
        guard let (table, narrow) = stagedTable else { return false }
        guard !range.isEmpty else { return true }
        let (tiles, first, span) = (self.tiles, range.lowerBound, range.count)
        /// Row s's first segment of the range.
        @inline(__always) func segment(_ s: Int) -> Int { (Int(rows[s]) &- rowOffset) &* tiles &+ first }
        return table.walk(rows: count, segments: span, first: segment, rowsAhead: SparseTable<F>.stagingRowsAhead,
                          offsetsAhead: SparseTable<F>.stagingOffsetsAhead) { base in
            // Each segment starts where the one before it ended: one offset read per segment.
            var (at, start) = (base, Int(table.offsets[base]))
            for slot in slotBase..<(slotBase &+ span) {
                at &+= 1
                let end = Int(table.offsets[at])
                guard staging.stage(narrow, start, end, slot: slot) else { return false }
                start = end
            }
            return true
        }
    }

    /// The one weight of a table that `stages` (0 for one that does not: never added).
    var stagedWeight: F { stagedTable?.table.weight ?? 0 }

    /// The walk of deliver(rows:) through the worker's staging area: the same rows, segments and
    /// prefetches, the additions deferred and made in the same order.
    @inline(__always)
    private func deliverStaged(_ count: Int, _ range: Range<Int>, _ segment: (Int) -> Int, _ table: SparseTable<F>,
                               _ narrow: UnsafeMutablePointer<UInt16>, _ staging: DeliveryStaging,
                               into pending: UnsafeMutablePointer<F>) {
        let (span, weight) = (range.count, table.weight)
        var held = 0
        table.walk(rows: count, segments: span, first: segment) { base in
            var at = base
            for tile in range {
                let (start, end) = (Int(table.offsets[at]), Int(table.offsets[at &+ 1]))
                at &+= 1
                if held &+ (end &- start) > DeliveryStaging.flushAt {
                    staging.add(held, weight: weight, into: pending)
                    held = 0
                    if end &- start > DeliveryStaging.flushAt {
                        table.add(segment: at &- 1, scale: nil, into: pending + postBounds[tile])
                        continue
                    }
                }
                staging.stage(narrow, start, end, tileStart: UInt32(truncatingIfNeeded: postBounds[tile]), at: held)
                held &+= end &- start
            }
            return true
        }
        staging.add(held, weight: weight, into: pending)
    }

    /// The other layouts' walk, row by row and tile by tile; out of line, so that the sparse walk
    /// above stays the code it was before the shared layout added a case here (inlined, that case
    /// doubled the specialised function: 1 014 instructions against 518).
    @inline(never)
    private func deliverEachRow(rows: UnsafePointer<Int32>, count: Int, rowOffset: Int, tiles range: Range<Int>,
                                into pending: UnsafeMutablePointer<F>) {
        for tile in range {
            for s in 0..<count { deliver(row: Int(rows[s]) - rowOffset, tile: tile, into: pending) }
        }
    }

    /// The same, weighted by the input value x of the row (value-weighted comms: w·x per synapse).
    @inline(__always)
    func deliver(row: Int, value x: F, tile: Int, into pending: UnsafeMutablePointer<F>) {
        switch layout {
        case .sparse(let table):
            table.add(segment: row * tiles + tile, scale: x, into: pending + postBounds[tile])
        case .shared(let table, let member, let count):
            table.add(segment: (row * tiles + tile) * count + member, scale: x, into: pending + postBounds[tile])
        case .dense(let matrix):
            let (lo, hi) = (postBounds[tile], postBounds[tile + 1])
            addScaled(hi - lo, x, matrix + row * postCount + lo, into: pending + lo)
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
        case .sparse, .shared:
            guard let c = try canonical() else { throw EngineError(.internal, "connectivity cannot be rebuilt") }
            for i in 0..<preCount {
                for k in c.rowStart[i]..<c.rowStart[i + 1] {
                    pre.append(i)
                    post.append(Int(c.targets[k]))
                    weight.append(Double(F(c.weights?[k] ?? c.weight)))
                }
            }
        case .dense(let matrix):
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

/// The sparse layout's table. offsets[i * tiles + k] is where row i's segment for tile k starts (one
/// sentinel at the end; segment (i·tiles + k)·count + m in a table shared by `count` siblings).
/// Targets are relative to the first neuron of their tile: 16-bit when every tile has at most 65 536
/// neurons (`narrow`: half the bytes that delivery reads from a table that is far larger than the
/// caches at scale), 32-bit otherwise (`wide`).
struct SparseTable<F: SimFloat> {
    let offsets: UnsafeMutablePointer<UInt32>
    let narrow: UnsafeMutablePointer<UInt16>?
    let wide: UnsafeMutablePointer<UInt32>?
    let weights: UnsafeMutablePointer<F>?
    let weight: F
    /// Whether segments differ in length (they do not where every row has the same number of synapses
    /// and there is one tile): then the walk stages its additions (DeliveryStaging).
    let segmentsDiffer: Bool

    /// Targets beyond the last that `narrow` has room for: a staging copy reads whole chunks.
    static var padding: Int { DeliveryStaging.chunk }

    /// Add the segment's weights (times x for value-weighted comms) to its tile's increments.
    @inline(__always)
    func add(segment base: Int, scale x: F?, into tilePending: UnsafeMutablePointer<F>) {
        let (start, end) = (Int(offsets[base]), Int(offsets[base + 1]))
        if let narrow { scatter(narrow, start, end, x, into: tilePending) } else { scatter(wide!, start, end, x, into: tilePending) }
    }

    @inline(__always)
    private func scatter<I: FixedWidthInteger>(_ targets: UnsafeMutablePointer<I>, _ start: Int, _ end: Int, _ x: F?,
                                               into p: UnsafeMutablePointer<F>) {
        if let w = weights {
            if let x {
                for k in start..<end { p[Int(targets[k])] += w[k] * x }
            } else {
                for k in start..<end { p[Int(targets[k])] += w[k] }
            }
        } else {
            var v = weight
            if let x { v = weight * x }
            for k in start..<end { p[Int(targets[k])] += v }
        }
    }

    /// Ask for the cache lines of `count` adjacent segments that will be delivered soon.
    @inline(__always)
    func prefetch(segments base: Int, count: Int) {
        let (start, end) = (Int(offsets[base]), Int(offsets[base &+ count]))
        if let narrow { lines(narrow, start, end) } else { lines(wide!, start, end) }
    }

    @inline(__always)
    private func lines<I>(_ targets: UnsafeMutablePointer<I>, _ start: Int, _ end: Int) {
        let perLine = 64 / MemoryLayout<I>.stride
        for k in stride(from: start & -perLine, to: end, by: perLine) { bpsshim_prefetch(targets + k) }
    }

    /// How far ahead a walk over spiking rows asks for them. At scale the rows are random reads from
    /// a table far larger than the caches, and waiting for each in turn was half of delivery's time;
    /// where a row's segments are must itself be read (the offsets, random reads too) before they
    /// can be asked for, so the offsets are asked for further ahead still. On the Zen 3 host 4 / 16
    /// and 6 / 24 rows were no faster than 3 / 8 (`delivery_prefetch_experiment_2026-11-28.txt`); on
    /// the Zen 5 host 8 / 20, with the walk's first rows asked for before it starts, were 16 % faster
    /// at 64 000 neurons on 2 threads and 14 % on 1, with 6 to 12 rows about as good
    /// (`tools/bench/results/prefetch_distance_2026-11-29.txt`).
    static var rowsAhead: Int { 8 }
    static var offsetsAhead: Int { 20 }
    /// The same for a walk that only copies each row's targets (Connectivity.stage), which spends
    /// less time per row than one that adds them: at 256 000 and a million neurons 16 / 40 was
    /// 4–8 % faster than 8 / 20, 24 / 60 and 32 / 80 no better than 16 / 40
    /// (`tools/bench/results/stage_prefetch_distance_2026-11-29.txt`).
    static var stagingRowsAhead: Int { 16 }
    static var stagingOffsetsAhead: Int { 40 }

    /// The walk of every delivery over spiking rows 0..<n: `visit(first(s))` for each row s in
    /// order, with the rows asked for ahead (prefetchWalkStart, prefetchWalk). `first(s)` is the
    /// first of the `segments` adjacent segments that the walk reads for row s. `visit` returns
    /// false to stop the walk; the result says whether it ran to the end.
    @inline(__always) @discardableResult
    func walk(rows n: Int, segments: Int, first: (Int) -> Int, rowsAhead: Int = Self.rowsAhead,
              offsetsAhead: Int = Self.offsetsAhead, _ visit: (Int) -> Bool) -> Bool {
        prefetchWalkStart(rows: n, segments: segments, first: first, rowsAhead: rowsAhead, offsetsAhead: offsetsAhead)
        for s in 0..<n {
            prefetchWalk(at: s, rows: n, segments: segments, first: first, rowsAhead: rowsAhead,
                         offsetsAhead: offsetsAhead)
            guard visit(first(s)) else { return false }
        }
        return true
    }

    /// A walk's prefetches before it reads row s: the offsets of row s + offsetsAhead and the lines
    /// of row s + rowsAhead.
    @inline(__always)
    private func prefetchWalk(at s: Int, rows n: Int, segments: Int, first: (Int) -> Int,
                      rowsAhead: Int = Self.rowsAhead, offsetsAhead: Int = Self.offsetsAhead) {
        if s &+ offsetsAhead < n { prefetchOffsets(of: first(s &+ offsetsAhead), count: segments) }
        if s &+ rowsAhead < n { prefetch(segments: first(s &+ rowsAhead), count: segments) }
    }

    /// What prefetchWalk would have asked for, for the rows a walk starts with: without it the
    /// first rowsAhead rows of every walk (a step has one walk per projection and spike list)
    /// were read on demand.
    @inline(__always)
    private func prefetchWalkStart(rows n: Int, segments: Int, first: (Int) -> Int,
                           rowsAhead: Int = Self.rowsAhead, offsetsAhead: Int = Self.offsetsAhead) {
        for s in 0..<min(n, offsetsAhead) { prefetchOffsets(of: first(s), count: segments) }
        for s in 0..<min(n, rowsAhead) { prefetch(segments: first(s), count: segments) }
    }

    /// Ask for where `count` adjacent segments start and where they end: every line from the first
    /// offset to the last (two at most up to 15 tiles; asking for those two only, two million
    /// neurons in 31 tiles took 217 ns per staged row, 134 ns with every line asked for:
    /// `tools/bench/results/large_populations_2026-11-29.txt`).
    @inline(__always)
    private func prefetchOffsets(of base: Int, count: Int) {
        var k = base
        while k < base &+ count {
            bpsshim_prefetch(offsets + k)
            k &+= 16
        }
        bpsshim_prefetch(offsets + (base &+ count))
    }
}
