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
    /// Where each slot's next target goes, and where its room ends. Pointers rather than counts, so
    /// that the copying walk computes no slot address per segment: in a model of the walk
    /// (tools/bench/stage_probe.c, `cursors` against `offsets`) that and reading each segment's start
    /// from the previous one's end took 25–40 % off a row at a million neurons, and in the engine
    /// 24 % off the walk (tools/bench/results/staging_cursors_ab_2026-11-29.txt).
    let ends: UnsafeMutablePointer<UnsafeMutablePointer<UInt16>>
    let limits: UnsafeMutablePointer<UnsafeMutablePointer<UInt16>>
    /// Whether each incoming projection of the population being delivered was staged this step (by
    /// index in its list); a projection that was not is delivered from its rows tile by tile.
    let staged: UnsafeMutablePointer<Bool>

    /// An area for populations of up to `slots` slots (their incoming projections × a worker's tiles),
    /// each laid out with `room(slots:)` of its own.
    init(slots: Int, arena: Arena) throws(EngineError) {
        let entries = (1...max(slots, 1)).map { $0 * ((Self.room(slots: $0) ?? 0) + DeliveryStaging.chunk) }
            .max() ?? 0
        targets = try arena.allocate(UInt16.self, count: entries, what: "tile staging")
        ends = try arena.allocate(UnsafeMutablePointer<UInt16>.self, count: slots, what: "tile staging")
        limits = try arena.allocate(UnsafeMutablePointer<UInt16>.self, count: slots, what: "tile staging")
        staged = try arena.allocate(Bool.self, count: slots, what: "tile staging")
        empty(slots: 0..<slots, room: 0)
    }

    /// Targets per slot for `slots` slots (whole chunks), or nil when that is below smallestSlot.
    static func room(slots: Int) -> Int? {
        guard slots > 0 else { return nil }
        let chunk = DeliveryStaging.chunk
        let room = min(largestSlot, capacity / slots / chunk * chunk - chunk)
        return room >= smallestSlot ? room : nil
    }

    /// Where slot `slot` starts when the slots hold `room` targets each (and one chunk that a copy may
    /// write past its segment).
    @inline(__always)
    private func start(slot: Int, room: Int) -> UnsafeMutablePointer<UInt16> {
        targets + slot &* (room &+ DeliveryStaging.chunk)
    }

    /// Empties `slots`, laid out with `room` targets each: before a projection's walk (populations
    /// differ in room), and after a walk that overflowed (what it staged is dropped).
    func empty(slots: Range<Int>, room: Int) {
        for slot in slots {
            ends[slot] = start(slot: slot, room: room)
            limits[slot] = ends[slot] + room
        }
    }

    /// The targets slot `slot` holds.
    func held(slot: Int, room: Int) -> Int { ends[slot] - start(slot: slot, room: room) }

    /// Copies targets[start..<end] to the end of slot `slot`; false, copying nothing, when they do not
    /// fit its room. A segment of at most 16 targets (six on average at a million neurons, 16 tiles
    /// and 100 synapses per row) is copied in one half chunk.
    @inline(__always)
    func stage(_ table: UnsafePointer<UInt16>, _ start: Int, _ end: Int, slot: Int) -> Bool {
        let (to, count) = (ends[slot], end &- start)
        guard to + count <= limits[slot] else { return false }
        if count <= 16 {
            bpsshim_copy_16_targets(table + start, to)
        } else {
            var (k, at) = (start, to)
            while k < end {
                bpsshim_copy_targets(table + k, at)
                k &+= DeliveryStaging.chunk
                at += DeliveryStaging.chunk
            }
        }
        ends[slot] = to + count
        return true
    }

    /// Adds `weight` at each target held by slot `slot` into `increments` (the tile's first neuron
    /// at 0), in order, and empties the slot.
    @inline(__always)
    func add<F: SimFloat>(slot: Int, room: Int, weight: F, into increments: UnsafeMutablePointer<F>) {
        let from = start(slot: slot, room: room)
        for k in 0..<(ends[slot] - from) { increments[Int(from[k])] += weight }
        ends[slot] = from
    }
}
