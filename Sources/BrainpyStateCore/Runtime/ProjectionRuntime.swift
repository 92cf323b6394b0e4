/// A compiled AlignPostProj: reads its presynaptic slice's spikes of the previous step, delays them
/// (a ring of spike lists, `delaySteps` + 1 slots), and scatters each spiking row's weights into its
/// synapse's pending increments. Delivery is event-driven: silent neurons cost nothing.
final class ProjectionRuntime<F: SimFloat> {
    let id: Int
    let pre: PopulationCore<F>
    let preStart: Int
    let preStop: Int
    let channel: ExponChannel<F>
    let connectivity: Connectivity<F>
    let delaySteps: Int
    /// Ring of delayed spike lists (local indices), slot s holds ringCount[s] entries.
    private let ring: UnsafeMutablePointer<Int32>
    private let ringCount: UnsafeMutablePointer<Int>
    private var head = 0

    init(id: Int, pre: PopulationCore<F>, preStart: Int, preStop: Int, channel: ExponChannel<F>,
         connectivity: Connectivity<F>, delaySteps: Int, arena: Arena) throws(EngineError) {
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

    /// The presynaptic spikes inside [preStart, preStop), as a range of pre's sorted spike list.
    @inline(__always)
    private func sliceRange() -> Range<Int> {
        let list = pre.spikeList
        let count = pre.spikeCount
        var lo = 0, hi = count
        if preStart > 0 {
            var (a, b) = (0, count)
            while a < b { let m = (a + b) >> 1; if Int(list[m]) < preStart { a = m + 1 } else { b = m } }
            lo = a
        }
        if preStop < pre.size {
            var (a, b) = (lo, count)
            while a < b { let m = (a + b) >> 1; if Int(list[m]) < preStop { a = m + 1 } else { b = m } }
            hi = a
        }
        return lo..<hi
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func deliver() {
        let list = pre.spikeList
        let range = sliceRange()
        let pending = channel.pending
        if delaySteps == 0 {
            for s in range { connectivity.deliver(row: Int(list[s]) - preStart, into: pending) }
            return
        }
        let width = preStop - preStart
        let slots = delaySteps + 1
        // Store this step's spikes, then deliver the ones stored delaySteps steps ago.
        let slot = ring + head * width
        var n = 0
        for s in range {
            slot[n] = list[s] - Int32(truncatingIfNeeded: preStart)
            n += 1
        }
        ringCount[head] = n
        let old = (head + 1) % slots
        let oldSlot = ring + old * width
        for s in 0..<ringCount[old] { connectivity.deliver(row: Int(oldSlot[s]), into: pending) }
        head = old
    }
}
