/// What every compiled population has whatever its model: spike flags and the sorted spike list
/// (what projections read at the next step), input columns, and the synaptic drive that the
/// post-aligned synapses targeting it write before its neurons update.
final class PopulationCore<F: SimFloat> {
    let id: Int
    let size: Int
    /// get_spike() != 0 of the stored state, one byte per neuron.
    let spike: UnsafeMutablePointer<UInt8>
    /// Indices of the spiking neurons, ascending; valid entries: spikeCount.
    let spikeList: UnsafeMutablePointer<Int32>
    var spikeCount = 0
    /// Sum of the persistent current inputs.
    let iExternal: UnsafeMutablePointer<F>
    /// One-shot inputs consumed by the next step.
    let iOnce: UnsafeMutablePointer<F>
    let deltaOnce: UnsafeMutablePointer<F>
    var hasOnce = false
    var hasDelta = false
    /// Synaptic drive of this step: I(v) gets iSyn + GE - G·v.
    let G: UnsafeMutablePointer<F>
    let GE: UnsafeMutablePointer<F>
    let iSyn: UnsafeMutablePointer<F>
    /// Post-aligned synapses targeting this population, in registration order.
    var channels: [ExponChannel<F>] = []

    init(id: Int, size: Int, arena: Arena) throws(EngineError) {
        self.id = id
        self.size = size
        spike = try arena.allocate(UInt8.self, count: size + 8, what: "spikes of population \(id)")
        spikeList = try arena.allocate(Int32.self, count: size, what: "spike list of population \(id)")
        iExternal = try arena.allocate(F.self, count: size, what: "inputs of population \(id)")
        iOnce = try arena.allocate(F.self, count: size, what: "inputs of population \(id)")
        deltaOnce = try arena.allocate(F.self, count: size, what: "inputs of population \(id)")
        G = try arena.allocate(F.self, count: size, what: "synaptic drive of population \(id)")
        GE = try arena.allocate(F.self, count: size, what: "synaptic drive of population \(id)")
        iSyn = try arena.allocate(F.self, count: size, what: "synaptic drive of population \(id)")
    }

    /// Advance every synapse targeting this population and sum its drive (brainpy's merged
    /// AlignPost before-update: out.bind_cond(syn()) for each pair, in registration order).
    @inline(__always)
    func updateChannels() {
        for channel in channels { channel.update(G: G, GE: GE, iSyn: iSyn) }
    }

    /// Rebuild the spike list from the flags: whole zero words are skipped 8 neurons at a time.
    func collectSpikes() {
        var count = 0
        var j = 0
        let words = UnsafeRawPointer(spike)
        while j + 8 <= size {
            if words.loadUnaligned(fromByteOffset: j, as: UInt64.self) != 0 {
                for k in j..<(j + 8) where spike[k] != 0 {
                    spikeList[count] = Int32(truncatingIfNeeded: k)
                    count += 1
                }
            }
            j += 8
        }
        while j < size {
            if spike[j] != 0 {
                spikeList[count] = Int32(truncatingIfNeeded: j)
                count += 1
            }
            j += 1
        }
        spikeCount = count
    }

    /// Drop consumed one-shot inputs.
    @inline(__always)
    func clearOneShots() {
        if hasOnce {
            iOnce.update(repeating: 0, count: size)
            hasOnce = false
        }
        if hasDelta {
            deltaOnce.update(repeating: 0, count: size)
            hasDelta = false
        }
    }

    /// The state after init: no pending inputs, no drive, no spikes yet derived.
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
    /// One step at time t: synapses, neurons, spike flags and list, one-shot inputs consumed.
    func update(t: F, dt: F)
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
