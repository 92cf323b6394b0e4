/// A recording. Buffers grow when a run starts, by that run's length (spikes: the worst case of
/// every recorded neuron spiking every step, which the kernel commits lazily), so recording inside
/// the step loop is a plain store.
final class MonitorRuntime<F: SimFloat> {
    enum Source {
        case spikes(PopulationCore<F>)
        case values(UnsafeMutablePointer<F>)
    }

    let source: Source
    /// Recorded element indices; nil = all.
    let indices: [Int]?
    let width: Int
    /// Global step index of every recorded step.
    private(set) var steps = GrowableBuffer<Int64>()
    /// Spikes: neuron indices, and the number of events after each recorded step.
    private(set) var events = GrowableBuffer<Int32>()
    private(set) var eventEnd = GrowableBuffer<Int64>()
    /// Values: steps × width.
    private(set) var values = GrowableBuffer<F>()
    private let indexBuffer: UnsafeMutablePointer<Int>

    init(source: Source, indices: [Int]?, width: Int, arena: Arena) throws(EngineError) {
        self.source = source
        self.indices = indices
        self.width = width
        indexBuffer = try arena.allocate(Int.self, count: width, what: "monitor indices")
        for k in 0..<width { indexBuffer[k] = indices?[k] ?? k }
    }

    deinit {
        steps.free()
        events.free()
        eventEnd.free()
        values.free()
    }

    var recordedSteps: Int { steps.count }

    /// Room for `n` more steps.
    func prepare(steps n: Int) throws(EngineError) {
        try steps.reserve(extra: n, what: "monitor")
        switch source {
        case .spikes:
            try eventEnd.reserve(extra: n, what: "spike monitor")
            let (worst, overflow) = n.multipliedReportingOverflow(by: width)
            guard !overflow else { throw EngineError(.outOfMemory, "spike monitor: recording too large") }
            try events.reserve(extra: worst, what: "spike monitor")
        case .values:
            let (total, overflow) = n.multipliedReportingOverflow(by: width)
            guard !overflow else { throw EngineError(.outOfMemory, "state monitor: recording too large") }
            try values.reserve(extra: total, what: "state monitor")
        }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func record(step: Int) {
        steps.append(Int64(step))
        switch source {
        case .spikes(let core):
            if indices == nil {
                for p in 0..<core.tiles {
                    let list = core.spikeList + core.bounds[p]
                    for s in 0..<core.spikeCount[p] { events.append(list[s]) }
                }
            } else {
                let flags = core.spikeFlags()
                for k in 0..<width where flags[indexBuffer[k]] != 0 {
                    events.append(Int32(truncatingIfNeeded: indexBuffer[k]))
                }
            }
            eventEnd.append(Int64(events.count))
        case .values(let column):
            for k in 0..<width { values.append(column[indexBuffer[k]]) }
        }
    }

    func clear() {
        steps.count = 0
        events.count = 0
        eventEnd.count = 0
        values.count = 0
    }

    var isSpikes: Bool {
        if case .spikes = source { return true }
        return false
    }

    /// (step, neuron) of every recorded spike in time order.
    func eventList() -> (steps: [Int64], neurons: [Int32]) {
        var outSteps = [Int64](), outNeurons = [Int32]()
        outSteps.reserveCapacity(events.count)
        outNeurons.reserveCapacity(events.count)
        var start = 0
        for r in 0..<steps.count {
            let end = Int(eventEnd.pointer![r])
            for e in start..<end {
                outSteps.append(steps.pointer![r])
                outNeurons.append(events.pointer![e])
            }
            start = end
        }
        return (outSteps, outNeurons)
    }

    func value(_ k: Int) -> F { values.pointer![k] }
    func step(_ r: Int) -> Int64 { steps.pointer![r] }
}
