/// What every compiled population has whatever its model: spike flags and the sorted spike list
/// (what projections read at the next step), input columns, and the synaptic drive that the
/// post-aligned synapses targeting it write before its neurons update.
final class PopulationCore<F: SimFloat> {
    let id: Int
    let size: Int
    /// The population is cut into tiles. Tile k is [bounds[k], bounds[k + 1]); worker t owns the
    /// tiles [threadTiles[t], threadTiles[t + 1]), delivers the projections' input into them and then
    /// updates them, and is the only writer of their states, inputs and synaptic increments (no
    /// atomics on the hot path). Connectivity stores targets relative to their tile, in 16 bits.
    let bounds: [Int]
    let threadTiles: [Int]
    var tiles: Int { bounds.count - 1 }
    /// get_spike() of the stored state: 1 or 0 per neuron, in the network's float type (the kernels
    /// store it with the same vector instructions as the states). Where the kernel does not store it
    /// (`kernelStoresFlags` false) it is current only through `spikeFlags()`; the other models'
    /// kernels read and store it themselves.
    let spike: UnsafeMutablePointer<F>
    /// False for the LIF kernel, which keeps the spikes in its block masks and list only.
    let kernelStoresFlags: Bool
    /// Whether `spike` holds the current spike list (always, where the kernel stores it).
    private var flagsCurrent = true
    /// The neurons whose flag `spikeFlags()` last set, so that the next call clears only those.
    private let flagged: UnsafeMutablePointer<Int32>
    private var flaggedCount = 0
    /// Indices of the spiking neurons: tile k's, ascending, start at spikeList[bounds[k]] and number
    /// spikeCount[k], so the concatenation over tiles is the population's sorted spike list.
    /// Double-buffered: a step's update writes the other buffer while other workers may still be
    /// delivering the previous step's spikes from this one; `flip()` swaps them between steps.
    private(set) var spikeList: UnsafeMutablePointer<Int32>
    private(set) var spikeCount: UnsafeMutablePointer<Int>
    private var nextList: UnsafeMutablePointer<Int32>
    private var nextCount: UnsafeMutablePointer<Int>
    /// Each block of 16 neurons' spiking lanes, stored by the kernels and read into the next spike
    /// list (BlockSpikes.swift). Tile k's masks start at index bounds[k] / 16 + 4·k: every tile has
    /// four zero masks after its own, since the list reads four masks at a time.
    private let blockMasks: UnsafeMutablePointer<UInt16>
    /// Sum of the persistent current inputs.
    let iExternal: UnsafeMutablePointer<F>
    /// iExternal's value when every neuron has the same (then a kernel need not read the column).
    private(set) var uniformExternal: F? = 0
    /// One-shot inputs consumed by the next step.
    let iOnce: UnsafeMutablePointer<F>
    let deltaOnce: UnsafeMutablePointer<F>
    var hasOnce = false
    var hasDelta = false
    /// Synaptic drive of this step for the general path: I(v) gets iSyn + GE - G·v.
    let G: UnsafeMutablePointer<F>
    let GE: UnsafeMutablePointer<F>
    let iSyn: UnsafeMutablePointer<F>
    /// Post-aligned synapses targeting this population, in registration order.
    var channels: [SynapseChannel<F>] = []
    /// The MgBlock outputs among them (set at compile; nil when there is none): the kernels evaluate
    /// these at V instead of reading them from G/GE/iSyn.
    var blockTerms: UnsafePointer<MgBlockTerm<F>>?
    var blockCount = 0
    /// Set when a DeltaProj delivers into deltaOnce: the kernels then add and clear it every step.
    var receivesDelta = false
    /// False for generators, which make their new spikes current in their own phase (before the
    /// projections read them) instead of between steps.
    var flipsAfterStep = true
    /// Whether this step has delta inputs (one-shot or from a DeltaProj).
    var deltaActive: Bool { hasDelta || receivesDelta }

    /// Tiles hold at most `tileSize` neurons (16-bit targets; one tile's synaptic increment column
    /// fits in L2), rounded up to a multiple of the worker count. Measured here, smaller tiles did
    /// not pay: they turn each spiking row into scattered short segments.
    static var tileSize: Int { 65536 }
    /// At most this many tiles per population before the rounding to workers (4 194 304 neurons in
    /// tiles of `tileSize`), so that the rows' offsets stay bounded: each row of a connectivity
    /// holds one 32-bit offset per tile of its post population (256 bytes at 64 tiles, the size of
    /// 128 16-bit targets). Larger populations get larger tiles and 32-bit targets. With at most
    /// 16, two million neurons lost the 16-bit targets and the staged delivery and took 1.5–1.6
    /// times as long as now; with their rows walked once into population-long columns instead,
    /// 1.6–1.9 times (`tools/bench/results/large_populations_2026-11-29.txt`).
    static var maxTiles: Int { 64 }

    init(id: Int, size: Int, threads: Int, arena: Arena, kernelStoresFlags: Bool = true) throws(EngineError) {
        self.id = id
        self.size = size
        self.kernelStoresFlags = kernelStoresFlags
        let wanted = min(max(1, (size + Self.tileSize - 1) / Self.tileSize), Self.maxTiles)
        let tiles = (wanted + threads - 1) / threads * threads
        bounds = PopulationCore.split(size, into: tiles)
        threadTiles = (0...threads).map { $0 * tiles / threads }
        spike = try arena.allocate(F.self, count: size, what: "spikes of population \(id)")
        spikeList = try arena.allocate(Int32.self, count: size, what: "spike list of population \(id)")
        spikeCount = try arena.allocate(Int.self, count: tiles, what: "spike list of population \(id)")
        nextList = try arena.allocate(Int32.self, count: size, what: "spike list of population \(id)")
        flagged = try arena.allocate(Int32.self, count: kernelStoresFlags ? 0 : size,
                                     what: "spike flags of population \(id)")
        nextCount = try arena.allocate(Int.self, count: tiles, what: "spike list of population \(id)")
        blockMasks = try arena.allocate(UInt16.self, count: (size + 15) / 16 + 4 * tiles,
                                        what: "spike list of population \(id)")
        iExternal = try arena.allocate(F.self, count: size, what: "inputs of population \(id)")
        iOnce = try arena.allocate(F.self, count: size, what: "inputs of population \(id)")
        deltaOnce = try arena.allocate(F.self, count: size, what: "inputs of population \(id)")
        G = try arena.allocate(F.self, count: size, what: "synaptic drive of population \(id)")
        GE = try arena.allocate(F.self, count: size, what: "synaptic drive of population \(id)")
        iSyn = try arena.allocate(F.self, count: size, what: "synaptic drive of population \(id)")
    }

    /// Contiguous ranges of about equal size, cut at multiples of 16 neurons (one cache line of
    /// float32, so two workers never write the same line).
    static func split(_ size: Int, into count: Int) -> [Int] {
        var bounds = [0]
        for p in 1..<count {
            let cut = (size * p / count + 8) / 16 * 16
            bounds.append(min(max(cut, bounds[p - 1]), size))
        }
        bounds.append(size)
        return bounds
    }

    /// Number of spikes of the last step.
    var totalSpikes: Int {
        var n = 0
        for k in 0..<tiles { n += spikeCount[k] }
        return n
    }

    /// Call `body` with every spiking neuron in [lo, hi), ascending.
    @inline(__always)
    func forEachSpike(in lo: Int, _ hi: Int, _ body: (Int32) -> Void) {
        for p in 0..<tiles where bounds[p] < hi && bounds[p + 1] > lo {
            let (list, n) = spikes(tile: p, in: lo, hi)
            for s in 0..<n { body(list[s]) }
        }
    }

    /// Tile p's spiking neurons in [lo, hi): a contiguous part of its list, which is ascending.
    @inline(__always)
    func spikes(tile p: Int, in lo: Int, _ hi: Int) -> (UnsafePointer<Int32>, Int) {
        var list = UnsafePointer(spikeList + bounds[p])
        var n = spikeCount[p]
        if bounds[p] < lo {
            while n > 0 && Int(list[0]) < lo {
                list += 1
                n -= 1
            }
        }
        if bounds[p + 1] > hi {
            while n > 0 && Int(list[n - 1]) >= hi { n -= 1 }
        }
        return (list, n)
    }

    /// The spike flags as bytes, 1 or 0, into `out` (if given; `size` of them); returns the number of
    /// spikes. Branch-free, so it vectorises: with a branch per neuron, mispredicted wherever spikes
    /// are frequent, this copy was the largest part of a closed-loop step at 4 000 neurons. Counted
    /// in 32 bits per chunk of 65 536 (64-bit lanes took twice the time).
    func spikeBytes(into out: UnsafeMutablePointer<UInt8>?) -> Int {
        let spike = spikeFlags()
        var total = 0
        var lo = 0
        while lo < size {
            let hi = min(size, lo + 1 << 16)
            var count: UInt32 = 0
            if let out {
                for j in lo..<hi {
                    let s: UInt8 = spike[j] != 0 ? 1 : 0
                    out[j] = s
                    count &+= UInt32(s)
                }
            } else {
                for j in lo..<hi { count &+= spike[j] != 0 ? 1 : 0 }
            }
            total += Int(count)
            lo = hi
        }
        return total
    }

    /// Make the spikes collected during the step the current ones (serially, between steps).
    func flip() {
        swap(&spikeList, &nextList)
        swap(&spikeCount, &nextCount)
        if !kernelStoresFlags { flagsCurrent = false }
    }

    /// The spike flags of the current spike list (serially, between steps). Where the kernel does not
    /// store them, the flags set last time are cleared and the list's set: the cost of the spikes, not
    /// of the population.
    func spikeFlags() -> UnsafeMutablePointer<F> {
        if !flagsCurrent {
            for s in 0..<flaggedCount { spike[Int(flagged[s])] = 0 }
            noteFlagged()
            for s in 0..<flaggedCount { spike[Int(flagged[s])] = 1 }
            flagsCurrent = true
        }
        return spike
    }

    /// The current spike list becomes the record of which flags are set.
    private func noteFlagged() {
        var count = 0
        forEachSpike(in: 0, size) { i in
            flagged[count] = i
            count += 1
        }
        flaggedCount = count
    }

    /// Sets iExternal (serially, between steps) and notes whether it is one value: the same bits,
    /// so that ±0 stay apart.
    func setExternal(_ value: (Int) -> F) {
        for j in 0..<size { iExternal[j] = value(j) }
        let first = iExternal[0]
        var same = true
        for j in 1..<size where iExternal[j] != first || iExternal[j].sign != first.sign { same = false }
        uniformExternal = same ? first : nil
    }

    /// Where a kernel writes tile k's spike list for the next step (read after flip()).
    @inline(__always)
    func nextSpikeList(tile k: Int) -> UnsafeMutablePointer<Int32> { nextList + bounds[k] }
    /// Where the kernel stores tile k's block masks for the next spike list.
    func blockSpikes(tile k: Int) -> UnsafeMutablePointer<UInt16> { blockMasks + bounds[k] / 16 + 4 * k }
    /// Tile k's next spike list and count from the block masks its kernel has just stored.
    func collectSpikes(tile k: Int) {
        nextCount[k] = listSpikes(fromBlocks: blockSpikes(tile: k), lo: bounds[k], hi: bounds[k + 1],
                                  into: nextList + bounds[k])
    }

    @inline(__always)
    func setNextSpikeCount(tile k: Int, _ count: Int) { nextCount[k] = count }

    /// Rebuild the current spike lists from the flags (after init or a state write).
    func collectSpikes() {
        for k in 0..<tiles { collect(tile: k, into: spikeList, spikeCount) }
        if !kernelStoresFlags { noteFlagged() }
        flagsCurrent = true
    }

    /// Tile p's spike list from the flags: 8 bytes of flags (2 float32 or 1 float64) are tested at a
    /// time, so silent stretches cost little.
    private func collect(tile p: Int, into lists: UnsafeMutablePointer<Int32>, _ counts: UnsafeMutablePointer<Int>) {
        let (lo, hi) = (bounds[p], bounds[p + 1])
        let list = lists + lo
        let perWord = 8 / MemoryLayout<F>.stride
        let words = UnsafeRawPointer(spike + lo)
        var count = 0
        var j = lo
        while j + perWord <= hi {
            if words.loadUnaligned(fromByteOffset: (j - lo) * MemoryLayout<F>.stride, as: UInt64.self) != 0 {
                for k in j..<(j + perWord) where spike[k] != 0 {
                    list[count] = Int32(truncatingIfNeeded: k)
                    count += 1
                }
            }
            j += perWord
        }
        while j < hi {
            if spike[j] != 0 {
                list[count] = Int32(truncatingIfNeeded: j)
                count += 1
            }
            j += 1
        }
        counts[p] = count
    }

    /// Drop the consumed one-shot inputs of tile p (the flags are reset after the step, serially).
    @inline(__always)
    func clearOneShots(tile p: Int) {
        let (lo, n) = (bounds[p], bounds[p + 1] - bounds[p])
        if hasOnce { (iOnce + lo).update(repeating: 0, count: n) }
        if hasDelta || receivesDelta { (deltaOnce + lo).update(repeating: 0, count: n) }
    }

    /// The state after init: no pending inputs, no drive.
    func resetTransients() {
        iOnce.update(repeating: 0, count: size)
        deltaOnce.update(repeating: 0, count: size)
        hasOnce = false
        hasDelta = false
        G.update(repeating: 0, count: size)
        GE.update(repeating: 0, count: size)
        iSyn.update(repeating: 0, count: size)
    }
}

/// A compiled neuron model. One dynamic call per population per step; everything below it is a
/// specialised loop.
protocol NeuronGroup<F>: AnyObject {
    associatedtype F: SimFloat
    var core: PopulationCore<F> { get }
    /// One step of tile k's neurons at time t: synapses, neurons, spike flags and list, one-shot
    /// inputs consumed.
    func update(t: F, dt: F, tile: Int)
    /// Every state to its initializer; spikes derived from the new state.
    func initStates(rng: Philox) throws(EngineError)
    /// (Re)derive the constants from the description; throws if what compile specialised on changed.
    func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError)
    /// A state column by name ("V", "last_spike_time"), nil if the model has none.
    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>?
    /// Per-neuron values of a parameter (internal units).
    func parameter(_ name: String) -> [Double]?
    /// Re-derive spike flags and list from the stored state (get_spike()).
    func refreshSpikes()
}
