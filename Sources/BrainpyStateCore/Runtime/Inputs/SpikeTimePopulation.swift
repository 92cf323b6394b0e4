/// SpikeTime (spec neurons §9.1): events (neuron, time, weight) become a table of steps, built at
/// compile: step = rounding(F(time)·(1/F(dt))) with 'round' half to even, in the network precision.
/// The quotient is formed as XLA forms `times / dt` on the CPU, a product with the rounded reciprocal
/// (measured: it differs from a true division in 14 % of float32 and 35 % of float64 cases, e.g.
/// 0.35 ms / 0.1 ms is 3.5 → step 4 there, 3.4999999999999996 → 3 by division); a step below 0 is rejected, as the
/// reference rejects it. Row i holds, per neuron, the sum of the weights of its events at step i
/// (duplicates add). At step i the population's `spike` values are row i (0 elsewhere, and everywhere
/// after the last row): projections see a spike wherever the sum is nonzero, readouts the sum.
final class SpikeTimePopulation<F: SimFloat>: InputPopulation<F> {
    /// Row r is rowNeuron/rowWeight[rowStart[r] ..< rowStart[r + 1]], neurons ascending.
    private var rowStart: [Int] = [0]
    private var rowNeuron: [Int32] = []
    private var rowWeight: [F] = []
    /// The row written at the previous step (cleared before the next is written), or −1.
    private var shown = -1

    override init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        try super.init(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        try bind(desc, rng: rng)
    }

    override var serial: Bool { true }

    override func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        let indices = try list(desc, "indices"), times = try list(desc, "times")
        let weights = try list(desc, "weights")
        guard indices.count == times.count else {
            throw .invalid("SpikeTime: the length of \"indices\" and \"times\" must be the same, got \(indices.count) != \(times.count)")
        }
        guard weights.count == 1 || weights.count == times.count else {
            throw .invalid("SpikeTime: \"weights\" must be one value or one per event, got \(weights.count) for \(times.count) events")
        }
        let rounding: FloatingPointRoundingRule
        switch try desc.option("time_as_step") {
        case "floor": rounding = .down
        case "ceil": rounding = .up
        default: rounding = .toNearestOrEven
        }
        var events: [(step: Int, neuron: Int32, weight: F)] = []
        events.reserveCapacity(times.count)
        let perStep = 1 / F(dt)
        for k in 0..<times.count {
            let quotient = (F(times[k]) * perStep).rounded(rounding)
            guard quotient.isFinite, quotient >= 0, quotient < 1e12 else {
                throw .invalid("SpikeTime: event \(k) at \(times[k]) ms falls on step \(quotient); steps must be >= 0")
            }
            let neuron = Int(indices[k])
            guard neuron < size else { throw .range("SpikeTime: event \(k) has neuron index \(neuron) outside [0, \(size))") }
            events.append((Int(quotient), Int32(neuron), F(weights.count == 1 ? weights[0] : weights[k])))
        }
        // Stable: events of one neuron and step add up in the order given (sorted by time there too).
        events = events.enumerated().sorted { a, b in
            (a.element.step, a.element.neuron, a.offset) < (b.element.step, b.element.neuron, b.offset)
        }.map(\.element)
        let rows = (events.last?.step ?? -1) + 1
        var starts = [Int](repeating: 0, count: rows + 1)
        var neurons: [Int32] = [], sums: [F] = []
        var e = 0
        for r in 0..<rows {
            starts[r] = neurons.count
            while e < events.count, events[e].step == r {
                let n = events[e].neuron
                var w: F = 0
                while e < events.count, events[e].step == r, events[e].neuron == n {
                    w += events[e].weight
                    e += 1
                }
                neurons.append(n)
                sums.append(w)
            }
        }
        starts[rows] = neurons.count
        rowStart = starts
        rowNeuron = neurons
        rowWeight = sums
    }

    override func initStates(rng: Philox) throws(EngineError) {
        try super.initStates(rng: rng)
        shown = -1
    }

    /// The whole population (one worker): clear the previous row, write row `step`, list the spikes.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    override func generate(tile _: Int, step: Int, t: F) {
        let c = core
        let spike = c.spike
        if shown >= 0 {
            for k in rowStart[shown]..<rowStart[shown + 1] { spike[Int(rowNeuron[k])] = 0 }
            shown = -1
        }
        var tile = 0
        var count = 0
        var list = c.nextSpikeList(tile: 0)
        if step < rowStart.count - 1 {
            shown = step
            for k in rowStart[step]..<rowStart[step + 1] {
                let n = Int(rowNeuron[k])
                spike[n] = rowWeight[k]
                guard rowWeight[k] != 0 else { continue }
                while n >= c.bounds[tile + 1] {
                    c.setNextSpikeCount(tile: tile, count)
                    tile += 1
                    count = 0
                    list = c.nextSpikeList(tile: tile)
                }
                list[count] = Int32(truncatingIfNeeded: n)
                count += 1
            }
        }
        c.setNextSpikeCount(tile: tile, count)
        for k in (tile + 1)..<c.tiles { c.setNextSpikeCount(tile: k, 0) }
    }

    override func finish() { core.flip() }
}
