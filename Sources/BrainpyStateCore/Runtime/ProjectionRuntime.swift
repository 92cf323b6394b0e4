/// A compiled AlignPostProj: reads its presynaptic slice's spikes of the previous step, delays them
/// (a ring of spike lists, `delaySteps` + 1 slots), and scatters each spiking row's weights into its
/// synapse's pending increments. Delivery is event-driven (silent neurons cost nothing) and done tile
/// by tile of the post population, by the worker that owns the tile.
final class ProjectionRuntime<F: SimFloat> {
    let id: Int
    let pre: PopulationCore<F>
    let preStart: Int
    let preStop: Int
    /// The synapse the projection drives (nil for DeltaProj).
    let channel: SynapseChannel<F>?
    /// Where the comm output goes: the synapse's pending increments, or the post neurons' delta input.
    let target: UnsafeMutablePointer<F>
    let connectivity: Connectivity<F>
    let delaySteps: Int
    /// Ring of delayed spike lists (local indices): slot s holds ringCount[s] entries.
    private let ring: UnsafeMutablePointer<Int32>
    private let ringCount: UnsafeMutablePointer<Int>
    private var head = 0

    init(id: Int, pre: PopulationCore<F>, preStart: Int, preStop: Int, channel: SynapseChannel<F>?,
         target: UnsafeMutablePointer<F>, connectivity: Connectivity<F>, delaySteps: Int, arena: Arena) throws(EngineError) {
        self.target = target
        self.id = id
        self.pre = pre
        self.preStart = preStart
        self.preStop = preStop
        self.channel = channel
        self.connectivity = connectivity
        self.delaySteps = delaySteps
        let slots = delaySteps > 0 ? delaySteps + 1 : 0
        ring = try arena.allocate(Int32.self, count: slots * (preStop - preStart), what: "delay buffer of projection \(id)")
        ringCount = try arena.allocate(Int.self, count: slots, what: "delay buffer of projection \(id)")
    }

    /// Empty the delay line (init_all_states).
    func resetDelay() {
        if delaySteps > 0 { ringCount.update(repeating: 0, count: delaySteps + 1) }
        head = 0
    }

    /// Before a step (serially): store the spikes this step delivers into the ring's newest slot.
    func pushDelayed() {
        guard delaySteps > 0 else { return }
        let slot = ring + head * (preStop - preStart)
        var n = 0
        let offset = Int32(truncatingIfNeeded: preStart)
        pre.forEachSpike(in: preStart, preStop) { i in
            slot[n] = i - offset
            n += 1
        }
        ringCount[head] = n
    }

    /// After a step (serially): the newest slot becomes one step older.
    func advanceDelayed() {
        guard delaySteps > 0 else { return }
        head = (head + 1) % (delaySteps + 1)
    }

    /// Deliver this step's (delayed) spikes to the post neurons of `tile`.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func deliver(tile: Int) {
        let pending = target
        let connectivity = self.connectivity
        if delaySteps == 0 {
            let offset = preStart
            pre.forEachSpike(in: preStart, preStop) { i in
                connectivity.deliver(row: Int(i) - offset, tile: tile, into: pending)
            }
            return
        }
        // The slot after the newest was written delaySteps steps ago.
        let old = (head + 1) % (delaySteps + 1)
        let slot = ring + old * (preStop - preStart)
        for s in 0..<ringCount[old] { connectivity.deliver(row: Int(slot[s]), tile: tile, into: pending) }
    }
}
