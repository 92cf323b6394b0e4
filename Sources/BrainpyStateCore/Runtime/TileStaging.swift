internal import _BrainpyStateShims

/// A worker's area for delivering into populations whose increments are tile-local
/// (TileLocalIncrements): each incoming projection walks its spiking rows once, copying every
/// segment's targets (16-bit, relative to the tile) to the slot of its tile; then, tile by tile, the
/// slots are added into the tile's buffer and the tile is updated. Walking the rows once per tile
/// instead read each row and its offsets eight times at a million neurons and took twice as long.
/// The additions are the same and, for each neuron, in the same order (by projection, then by row),
/// so the results are the same bits.
struct TileStaging {
    /// A slot holds this many targets (256 KB): a tile's share of a step's synaptic events from one
    /// projection, about 25 000 at a million neurons firing at 50 Hz with 100 synapses each (4 000 E
    /// spikes a step on average; 11 000 in the largest step of the volleys that start `sweep`'s
    /// network, 70 000 targets per tile, which overflowed 41 of 2 500 steps with half this room:
    /// `tools/bench/results/tile_by_tile_walk_experiment_2026-11-29.txt`). A
    /// walk that would overflow its slot is dropped and its projection delivered tile by tile from
    /// the rows instead (ProjectionRuntime.stage), which is slower, not wrong.
    static var largestSlot: Int { 131_072 }
    /// At most this many targets per worker (16 MB), whatever the number of slots...
    static var capacity: Int { 1 << 23 }
    /// ...and no slots smaller than this (the population is then delivered tile by tile).
    static var smallestSlot: Int { 4096 }

    let targets: UnsafeMutablePointer<UInt16>
    /// Targets held by each slot.
    let counts: UnsafeMutablePointer<Int>
    /// Whether each incoming projection of the population being delivered was staged this step (by
    /// index in its list); a projection that was not is delivered from its rows tile by tile.
    let staged: UnsafeMutablePointer<Bool>

    /// An area for populations of up to `slots` slots (their incoming projections × a worker's tiles),
    /// each laid out with `room(slots:)` of its own count.
    init(slots: Int, arena: Arena) throws(EngineError) {
        let entries = (1...max(slots, 1)).map { $0 * ((Self.room(slots: $0) ?? 0) + DeliveryStaging.chunk) }
            .max() ?? 0
        targets = try arena.allocate(UInt16.self, count: entries, what: "tile staging")
        counts = try arena.allocate(Int.self, count: slots, what: "tile staging")
        staged = try arena.allocate(Bool.self, count: slots, what: "tile staging")
    }

    /// Targets per slot for `slots` slots (whole chunks), or nil when that is below smallestSlot.
    static func room(slots: Int) -> Int? {
        guard slots > 0 else { return nil }
        let chunk = DeliveryStaging.chunk
        let room = min(largestSlot, capacity / slots / chunk * chunk - chunk)
        return room >= smallestSlot ? room : nil
    }

    /// Copies targets[start..<end] to the end of slot `slot` (of `room` targets each, and one chunk
    /// that a copy may write past its segment); false, copying nothing, when they do not fit. A
    /// segment of at most 16 targets (six on average at a million neurons, 16 tiles and 100
    /// synapses per row) is copied in one half chunk.
    @inline(__always)
    func stage(_ table: UnsafePointer<UInt16>, _ start: Int, _ end: Int, slot: Int, room: Int) -> Bool {
        let (held, count) = (counts[slot], end &- start)
        guard held &+ count <= room else { return false }
        var k = start, to = targets + (slot &* (room &+ DeliveryStaging.chunk) &+ held)
        if count <= 16 {
            bpsshim_copy_16_targets(table + k, to)
        } else {
            while k < end {
                bpsshim_copy_targets(table + k, to)
                k &+= DeliveryStaging.chunk
                to += DeliveryStaging.chunk
            }
        }
        counts[slot] = held &+ count
        return true
    }

    /// Adds `weight` at each target held by slot `slot` into `increments` (the tile's first neuron
    /// at 0), in order, and empties the slot.
    @inline(__always)
    func add<F: SimFloat>(slot: Int, room: Int, weight: F, into increments: UnsafeMutablePointer<F>) {
        let from = targets + slot &* (room &+ DeliveryStaging.chunk)
        for k in 0..<counts[slot] { increments[Int(from[k])] += weight }
        counts[slot] = 0
    }

    /// Empties `slots` (a walk that overflowed is delivered from the rows instead).
    func clear(slots: Range<Int>) {
        for slot in slots { counts[slot] = 0 }
    }
}
