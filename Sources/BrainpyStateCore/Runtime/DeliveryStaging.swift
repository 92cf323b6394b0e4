internal import _BrainpyStateShims

/// A worker's staging area for the additions of a walk over spiking rows (Connectivity.deliver(rows:)
/// with homogeneous weights). Each row's segments are copied here as targets in the post population,
/// a fixed 32 at a time, and the staged targets are added in one long loop once some thousands are
/// held. Why: where a row's synapses are split among tiles at random, its segments differ in length
/// and the scatter loop's exit was mispredicted once per segment, for every worker, since each walks
/// every spiking row for its own tiles; a copy of up to 32 targets is one chunk, of 33 to 64 two,
/// which the branch predictor follows. The additions are the same, in the same order, so the
/// results are the same bits.
struct DeliveryStaging {
    let targets: UnsafeMutablePointer<UInt32>

    /// Staged targets are added once this many are held (16 KB, in L1 beside the walk); a segment
    /// longer than that is added directly.
    static var flushAt: Int { 4096 }
    /// Targets copied at a time (bpsshim_stage_targets copies 32): a copy may write up to chunk − 1
    /// beyond its segment's end (in the staging area) and read as far beyond it (in the table's
    /// padding, SparseTable.padding).
    static var chunk: Int { 32 }

    init(arena: Arena) throws(EngineError) {
        targets = try arena.allocate(UInt32.self, count: Self.flushAt + Self.chunk, what: "delivery staging")
    }

    /// Copies targets[start..<end] (relative to their tile) to the area from `at`, as post neurons
    /// from `tileStart`.
    @inline(__always)
    func stage(_ table: UnsafePointer<UInt16>, _ start: Int, _ end: Int, tileStart: UInt32, at: Int) {
        var k = start, to = targets + at
        repeat {
            bpsshim_stage_targets(table + k, to, tileStart)
            k &+= Self.chunk
            to += Self.chunk
        } while k < end
    }

    /// Adds `weight` to the increments of the first `count` staged targets, in order.
    @inline(__always)
    func add<F: SimFloat>(_ count: Int, weight: F, into pending: UnsafeMutablePointer<F>) {
        for k in 0..<count { pending[Int(targets[k])] += weight }
    }
}
