/// A compiled projection. Each step it takes the spikes its presynaptic slice emitted at the previous
/// step and passes them through its stages (spec synapses §5.1-5.9):
///   [plasticity (STP/STD)] → [delay line] → [presynaptic synapse (align-pre)] → comm → target
/// where the target is its synapse's pending increments, its output's bound conductance or the post
/// neurons' delta input. The stages before comm run once per step, serially, in `prepare`; comm
/// delivers tile by tile of the post population, by the worker that owns the tile. A projection
/// with no stage before comm delivers straight from the spike list (silent neurons cost nothing).
final class ProjectionRuntime<F: SimFloat> {
    let id: Int
    let pre: PopulationCore<F>
    let preStart: Int
    let preStop: Int
    /// The post-aligned synapse or bound output the projection drives (nil for DeltaProj).
    let channel: SynapseChannel<F>?
    /// Where the comm output goes: the synapse's pending increments, or the post neurons' delta input.
    let target: UnsafeMutablePointer<F>
    let connectivity: Connectivity<F>
    /// Whether comm counts any nonzero input as 1 (event layers) or weights it by its value.
    let commIsEvent: Bool
    let plasticity: ShortTermPlasticity<F>?
    let delay: DelayLine<F>?
    let synapse: PreSynapse<F>?
    /// This step's comm input when a stage runs: indices within the slice, and values by index (nil: 1).
    private var events: UnsafePointer<Int32>
    private var eventCount = 0
    private var eventValues: UnsafePointer<F>?
    /// The slice's spikes of the previous step as local indices (input of the stages).
    private let spiking: UnsafeMutablePointer<Int32>
    /// All-to-all with one weight: the input's sum, and the input by index for the self-pair term.
    private var inputSum: F = 0
    private let inputByIndex: UnsafeMutablePointer<F>
    private var direct: Bool { plasticity == nil && delay == nil && synapse == nil }
    /// Whether a SiblingDelivery delivers this projection (with the others that share its table).
    var deliveredBySiblings = false

    init(id: Int, pre: PopulationCore<F>, preStart: Int, preStop: Int, channel: SynapseChannel<F>?,
         target: UnsafeMutablePointer<F>, connectivity: Connectivity<F>, commIsEvent: Bool,
         plasticity: ShortTermPlasticity<F>?, delay: DelayLine<F>?, synapse: PreSynapse<F>?,
         arena: Arena) throws(EngineError) {
        self.id = id
        self.pre = pre
        self.preStart = preStart
        self.preStop = preStop
        self.channel = channel
        self.target = target
        self.connectivity = connectivity
        self.commIsEvent = commIsEvent
        self.plasticity = plasticity
        self.delay = delay
        self.synapse = synapse
        let n = preStop - preStart
        spiking = try arena.allocate(Int32.self, count: n, what: "spikes of projection \(id)")
        inputByIndex = try arena.allocate(F.self, count: n, what: "input of projection \(id)")
        events = UnsafePointer(spiking)
    }

    /// A state column of a part ("syn", "stp", "out") and its length.
    func stateColumn(part: String, _ name: String) -> (UnsafeMutablePointer<F>, Int)? {
        switch part {
        case "stp": return plasticity?.stateColumn(name).map { ($0, preStop - preStart) }
        case "syn" where synapse != nil: return synapse?.stateColumn(name).map { ($0, preStop - preStart) }
        default: return channel?.stateColumn(name).map { ($0, channel!.size) }
        }
    }

    /// A parameter of a part after compile (internal units), nil if unknown.
    func parameter(part: String, _ name: String) -> [Double]? {
        switch part {
        case "stp": return plasticity?.parameter(name)
        case "syn" where synapse != nil: return synapse?.parameter(name)
        default: return channel?.parameter(name)
        }
    }

    /// Re-derive the constants of every stage from the description (a parameter set after compile).
    func rebind(_ desc: ProjectionDescription, dt: Double, rng: Philox) throws(EngineError) {
        try channel?.bind(desc, dt: dt, rng: rng)
        try plasticity?.bind(desc, dt: dt, rng: rng)
        try synapse?.bind(desc, dt: dt, rng: rng)
    }

    /// Empty the delay line and drop any prepared input (init_all_states).
    func reset() {
        delay?.reset()
        plasticity?.initStates()
        eventCount = 0
        inputSum = 0
        inputByIndex.update(repeating: 0, count: preStop - preStart)
    }

    /// Before the parallel phase of a step at time t (serially): run the stages before comm.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func prepare(t: F, dt: F) {
        if case .allToAll = connectivity.layout {} else if direct { return }
        // The slice's spikes of the previous step.
        var n = 0
        let offset = Int32(truncatingIfNeeded: preStart)
        pre.forEachSpike(in: preStart, preStop) { i in
            spiking[n] = i - offset
            n += 1
        }
        events = UnsafePointer(spiking)
        eventCount = n
        eventValues = nil
        if let plasticity {
            plasticity.update(spiking: spiking, count: n)
            eventValues = UnsafePointer(plasticity.released)
        }
        if let delay {
            for k in 0..<eventCount { delay.schedule(events[k], eventValues?[Int(events[k])] ?? 1) }
            let arriving = delay.arriving
            (events, eventCount) = (UnsafePointer(arriving.index), arriving.count)
            eventValues = arriving.values.map { UnsafePointer($0) }
        }
        if let synapse {
            for k in 0..<eventCount {
                let i = Int(events[k])
                synapse.input[i] = eventValues?[i] ?? 1
            }
            synapse.update(t: t, dt: dt)
            (events, eventCount) = (UnsafePointer(synapse.active), synapse.activeCount)
            eventValues = UnsafePointer(synapse.output)
        }
        if case .allToAll(_, let includeSelf) = connectivity.layout { sumInput(byIndex: !includeSelf) }
    }

    /// All-to-all with one weight: Σx over this step's input (events count 1 in an event comm).
    private func sumInput(byIndex: Bool) {
        var sum: F = 0
        for k in 0..<eventCount {
            let i = Int(events[k])
            let x: F = commIsEvent ? 1 : (eventValues?[i] ?? 1)
            sum += x
            if byIndex { inputByIndex[i] = x }
        }
        inputSum = sum
    }

    /// After the step (serially): the delay line moves on; the self-pair input is cleared.
    func finish() {
        if case .allToAll(_, false) = connectivity.layout {
            for k in 0..<eventCount { inputByIndex[Int(events[k])] = 0 }
        }
        delay?.advance()
    }

    /// Where tile `tile`'s input goes, indexed by post neuron: `target`, or the tile's buffer where
    /// the channel's increments are tile-local.
    @inline(__always)
    private func target(tile: Int) -> UnsafeMutablePointer<F> {
        channel?.pending(tile: tile) ?? target
    }

    /// Whether `stage` can take this projection: delivered straight from the spike list through a
    /// table of 16-bit targets with one weight.
    var stages: Bool { direct && !deliveredBySiblings && connectivity.stages }

    /// Whether delivering a worker's tiles one at a time would read each spiking row once per tile
    /// where delivering them together reads it once: delivered straight from the spike list
    /// through a table of rows that cannot stage (32-bit targets or a weight per synapse).
    var walksRowsOncePerTile: Bool { direct && !deliveredBySiblings && connectivity.walksRows && !connectivity.stages }

    /// Copies the targets of this step's spiking rows for each of `tiles` to its slot of `staging`
    /// (slotBase + k for the k-th tile, `room` targets each; TileStaging), walking each row once.
    /// False when a slot would overflow: the slots are then emptied and the caller delivers the
    /// tiles one by one instead (`deliver(tiles:staging:)`).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func stage(tiles: Range<Int>, into staging: TileStaging, slotBase: Int, room: Int) -> Bool {
        let slots = slotBase..<(slotBase + tiles.count)
        staging.empty(slots: slots, room: room)
        for p in 0..<pre.tiles where pre.bounds[p] < preStop && pre.bounds[p + 1] > preStart {
            let (rows, n) = pre.spikes(tile: p, in: preStart, preStop)
            if !connectivity.stage(rows: rows, count: n, rowOffset: preStart, tiles: tiles, into: staging,
                                   slotBase: slotBase) {
                staging.empty(slots: slots, room: room)
                return false
            }
        }
        return true
    }

    /// Adds what `stage` put in slot `slot` for tile `tile` and empties the slot.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func addStaged(tile: Int, from staging: TileStaging, slot: Int, room: Int) {
        staging.add(slot: slot, room: room, weight: connectivity.stagedWeight,
                    into: target(tile: tile) + connectivity.postBounds[tile])
    }

    /// Deliver this step's input to the post neurons of `tiles` (a worker's, with its staging area).
    /// Each tile gets its additions in input order whichever tiles are delivered together, so
    /// results do not depend on how tiles fall to workers. Tiles with tile-local increments are
    /// delivered one at a time (StepProgram).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func deliver(tiles: Range<Int>, staging: DeliveryStaging) {
        if deliveredBySiblings { return }
        guard !tiles.isEmpty else { return }
        let pending = target(tile: tiles.lowerBound)
        let connectivity = self.connectivity
        if case .allToAll(let w, let includeSelf) = connectivity.layout {
            for tile in tiles { deliverAllToAll(w, includeSelf, tile: tile, into: target(tile: tile)) }
            return
        }
        if direct {
            for p in 0..<pre.tiles where pre.bounds[p] < preStop && pre.bounds[p + 1] > preStart {
                let (rows, n) = pre.spikes(tile: p, in: preStart, preStop)
                connectivity.deliver(rows: rows, count: n, rowOffset: preStart, tiles: tiles, into: pending,
                                     staging: staging)
            }
            return
        }
        for tile in tiles {
            let pending = target(tile: tile)
            if commIsEvent || eventValues == nil {
                for k in 0..<eventCount {
                    let i = Int(events[k])
                    if let v = eventValues, v[i] == 0 { continue }
                    connectivity.deliver(row: i, tile: tile, into: pending)
                }
            } else {
                let values = eventValues!
                for k in 0..<eventCount {
                    let i = Int(events[k])
                    connectivity.deliver(row: i, value: values[i], tile: tile, into: pending)
                }
            }
        }
    }

    /// y_j = w·Σx, or w·(Σx − x_j) without self-pairs (brainstate.nn.AllToAll, EventLinear with one weight).
    private func deliverAllToAll(_ w: F, _ includeSelf: Bool, tile: Int, into target: UnsafeMutablePointer<F>) {
        guard eventCount > 0 else { return }
        let (lo, hi) = (connectivity.postBounds[tile], connectivity.postBounds[tile + 1])
        if includeSelf {
            let y = w * inputSum
            for j in lo..<hi { target[j] += y }
        } else {
            let n = preStop - preStart
            for j in lo..<hi { target[j] += w * (inputSum - (j < n ? inputByIndex[j] : 0)) }
        }
    }
}
