import Testing
@testable import BrainpyStateCore

/// Where a worker owns several tiles of a population, its synaptic increments are kept one tile at a
/// time (TileLocalIncrements) and delivered through a TileStaging area just before each tile is
/// updated. The additions are the same and in the same order, so the results must be the bits of the
/// same network with one tile per worker (where the increments are ordinary columns), whether the
/// rows were staged, overflowed their slots or were not eligible to stage.
struct TileLocalTests {
    func scalar(_ v: Double, _ unit: String) -> ParamInput { .scalar(v, unit: unit) }

    static let size = 140_000       // three tiles of at most 65 536 neurons
    static let excitatory = 112_000

    /// Example 103's neurons and weights in one population of `size` (E the first 80 %), about 40
    /// synapses per neuron, and a third projection with a delay (not delivered from the spike list,
    /// so it does not stage) into E's synapse, or with `thirdTau` other than 5 ms into a third one.
    /// `current`: the input in mA (20 in example 103). `weightSD` > 0: the first two projections
    /// draw a weight per synapse from Normal(w, weightSD·w).
    func build(threads: Int, current: Double, model: String = "LIFRef", thirdTau: Double = 5,
               weightSD: Double = 0) throws -> Network {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 5, precision: 32, numThreads: threads)
        let pop = try net.addPopulation(model: model, size: Self.size)
        if model == "ExpIFRef" { try net.setPopulationParam(pop, "V_T", scalar(-52, "mV")) }
        try net.setPopulationParam(pop, "V_rest", scalar(-60, "mV"))
        try net.setPopulationParam(pop, "V_th", scalar(-50, "mV"))
        try net.setPopulationParam(pop, "V_reset", scalar(-60, "mV"))
        try net.setPopulationParam(pop, "tau", scalar(20, "ms"))
        try net.setPopulationParam(pop, "tau_ref", scalar(5, "ms"))
        try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [-60, -50], unit: "mV"))
        try [current].withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
        }
        _ = try net.addSpikeMonitor(pop, indices: nil)
        func connect(_ start: Int, _ stop: Int, weight: Double, reversal: Double, tau: Double, seed: Int,
                     delay: Double = 0) throws {
            var spec = Network.ProjectionSpec()
            (spec.pre, spec.post, spec.preStart, spec.preStop, spec.delay) = (pop, pop, start, stop, delay)
            let proj = try net.addProjection(spec)
            try net.setProjectionParam(proj, part: "comm", "conn_prob", scalar(40.0 / Double(Self.size), ""))
            if weightSD > 0 && delay == 0 {
                try net.setProjectionParam(proj, part: "comm", "conn_weight",
                                           .initializer(name: "Normal", args: [weight, weightSD * weight], unit: "mS"))
            } else {
                try net.setProjectionParam(proj, part: "comm", "conn_weight", scalar(weight, "mS"))
            }
            try net.setProjectionParam(proj, part: "comm", "seed", scalar(Double(seed), ""))
            try net.setProjectionParam(proj, part: "syn", "tau", scalar(tau, "ms"))
            try net.setProjectionParam(proj, part: "out", "E", scalar(reversal, "mV"))
        }
        try connect(0, Self.excitatory, weight: 0.6, reversal: 0, tau: 5, seed: 1)
        try connect(Self.excitatory, Self.size, weight: 6.7, reversal: -80, tau: 10, seed: 2)
        try connect(0, Self.excitatory, weight: 0.3, reversal: 0, tau: thirdTau, seed: 3, delay: 0.3)
        return net
    }

    /// V, every projection's g and the spikes of each step after `steps` steps.
    func run(threads: Int, current: Double, steps: Int, model: String = "LIFRef", thirdTau: Double = 5,
             weightSD: Double = 0) throws -> (states: [[Double]], spikes: (steps: [Int64], rows: [Int32], neurons: [Int32])) {
        let net = try build(threads: threads, current: current, model: model, thirdTau: thirdTau, weightSD: weightSD)
        try net.compile()
        try net.run(steps: steps)
        var states = [try net.populationState(0, "V", unit: "mV")]
        for proj in 0..<3 { states.append(try net.synapseState(proj, "g", unit: "mS")) }
        return (states, try net.monitorEvents(0))
    }

    func sameBits(_ a: [[Double]], _ b: [[Double]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in x.elementsEqual(y) { $0.bitPattern == $1.bitPattern } }
    }

    @Test func incrementsAreTileLocalWhereAWorkerOwnsSeveralTiles() throws {
        let one = try Compiler.compile(build(threads: 1, current: 20).desc, as: Float.self)
        #expect(one.populations[0].core.tiles == 3 && one.tileLocal == [true] && one.tileStaging.count == 1)
        #expect(one.channels.allSatisfy { $0.tileLocal != nil })
        // Their population-long columns are never used, so never committed (Arena.allocateUntouched),
        // through compile and 200 steps.
        try one.prepare(steps: 200)
        one.advance(steps: 200)
        for channel in one.channels {
            let bytes = channel.size * MemoryLayout<Float>.stride
            let resident = try #require(residentPages(channel.pending, bytes: bytes))
            #expect(resident == 0, "\(resident) pages resident")
        }
        let three = try Compiler.compile(build(threads: 3, current: 20).desc, as: Float.self)
        #expect(three.populations[0].core.tiles == 3 && three.tileLocal == [false] && three.tileStaging.isEmpty)
        #expect(three.channels.allSatisfy { $0.tileLocal == nil })
    }

    /// Example 103's regime: rows staged (two projections) and delivered tile by tile (the delayed one).
    @Test func stagedTilesGiveTheBitsOfOneTilePerWorker() throws {
        let local = try run(threads: 1, current: 20, steps: 60)
        let columns = try run(threads: 3, current: 20, steps: 60)
        #expect(local.spikes.neurons.count > 1_000)
        // Compared first, so that a failure does not print a million values.
        let same = sameBits(local.states, columns.states)
        let sameSpikes = local.spikes.steps == columns.spikes.steps && local.spikes.neurons == columns.spikes.neurons
        #expect(same && sameSpikes)
        let two = try run(threads: 2, current: 20, steps: 60)   // two tiles per worker, tile-local too
        let sameOnTwo = sameBits(two.states, columns.states)
        #expect(sameOnTwo)
    }

    /// Three synapses (the third projection's τ 7 ms), so that the neurons take the general path (the
    /// channels summed before the kernel), and a model other than LIF (ModelPopulation) with two and
    /// with three: every path reads the increments through the same tile bases.
    @Test(arguments: [("LIFRef", 7.0), ("ExpIFRef", 5.0), ("ExpIFRef", 7.0)])
    func theGeneralPathAndOtherModelsGiveTheSameBits(model: String, thirdTau: Double) throws {
        let desc = try build(threads: 1, current: 20, model: model, thirdTau: thirdTau).desc
        let sim = try Compiler.compile(desc, as: Float.self)
        #expect(sim.channels.count == (thirdTau == 5 ? 2 : 3) && sim.tileLocal == [true])
        let local = try run(threads: 1, current: 20, steps: 40, model: model, thirdTau: thirdTau)
        let columns = try run(threads: 3, current: 20, steps: 40, model: model, thirdTau: thirdTau)
        #expect(local.spikes.neurons.count > 1_000)
        let same = sameBits(local.states, columns.states), sameSpikes = local.spikes.neurons == columns.spikes.neurons
        #expect(same && sameSpikes)
    }

    /// A weight per synapse does not stage; delivered one tile at a time, such a projection would
    /// read every spiking row once per tile (a million neurons on one thread took 1.3 times as
    /// long: `tools/bench/results/large_populations_2026-11-29.txt`), so its population keeps
    /// the increments in columns and each row is read once for all of a worker's tiles.
    @Test func projectionsThatCannotStageKeepColumns() throws {
        let sim = try Compiler.compile(build(threads: 1, current: 20, weightSD: 0.1).desc, as: Float.self)
        #expect(sim.populations[0].core.tiles == 3 && sim.tileLocal == [false] && sim.tileStaging.isEmpty)
        #expect(sim.channels.allSatisfy { $0.tileLocal == nil } && !sim.projections[0].stages)
        let one = try run(threads: 1, current: 20, steps: 40, weightSD: 0.1)
        let three = try run(threads: 3, current: 20, steps: 40, weightSD: 0.1)
        #expect(one.spikes.neurons.count > 1_000)
        let same = sameBits(one.states, three.states), sameSpikes = one.spikes.neurons == three.spikes.neurons
        #expect(same && sameSpikes)
    }

    /// Above 16 tiles (the former limit) a population still has tiles of at most 65 536 neurons, so
    /// its connectivity keeps 16-bit targets and stages; above PopulationCore.maxTiles the tiles
    /// grow instead.
    @Test func largePopulationsKeepTilesOfAtMostTileSize() throws {
        let size = 18 * 65_536 - 100
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 5, precision: 32, numThreads: 1)
        let pop = try net.addPopulation(model: "LIFRef", size: size)
        var spec = Network.ProjectionSpec()
        (spec.pre, spec.post, spec.preStart, spec.preStop) = (pop, pop, 0, 1_000)
        let proj = try net.addProjection(spec)
        try net.setProjectionParam(proj, part: "comm", "conn_num", scalar(50, ""))
        try net.setProjectionParam(proj, part: "comm", "conn_weight", scalar(0.6, "mS"))
        try net.setProjectionParam(proj, part: "out", "E", scalar(0, "mV"))
        let sim = try Compiler.compile(net.desc, as: Float.self)
        let core = sim.populations[0].core
        let tileSize = PopulationCore<Float>.tileSize
        #expect(core.tiles == 18 && (0..<18).allSatisfy { core.bounds[$0 + 1] - core.bounds[$0] <= tileSize })
        #expect(sim.projections[0].stages && sim.tileLocal == [true])
        let largest = try PopulationCore<Float>(id: 0, size: 65 * tileSize, threads: 1, arena: Arena())
        #expect(largest.tiles == PopulationCore<Float>.maxTiles && largest.bounds[1] > tileSize)
    }

    /// Every neuron fires in the same step: the staged targets of a tile are far more than its slot
    /// holds, so the walks overflow and are delivered from the rows instead.
    @Test func overflowingSlotsGiveTheSameBits() throws {
        let local = try run(threads: 1, current: 2_000, steps: 4)
        let columns = try run(threads: 3, current: 2_000, steps: 4)
        let firstStep = local.spikes.steps.first ?? -1
        let together = local.spikes.steps.filter { $0 == firstStep }.count
        // The E rows of that step alone put about together · 0.8 · 40 / 3 targets in each E slot.
        let room = try #require(TileStaging.room(slots: 3 * 3))
        #expect(together * 32 / 3 > 2 * room)
        let same = sameBits(local.states, columns.states), sameSpikes = local.spikes.neurons == columns.spikes.neurons
        #expect(same && sameSpikes)
    }

    /// The staging walk against the direct one, on DeliveryStagingTests' rows (segments of every
    /// length, one longer than a small slot).
    @Test func stagingThenAddingIsTheDirectWalk() throws {
        let arena = Arena()
        let (rowStart, targets) = DeliveryStagingTests().rows()
        let bounds = [0, 1_000, 2_000, 3_000]
        let c = CanonicalConnectivity(rowStart: rowStart, targets: targets, weights: nil, weight: 0.1)
        let conn = try Connectivity<Float>.sparse(c, preCount: 300, postCount: 3_000, postBounds: bounds, arena: arena,
                                                  what: "test") { nil }
        #expect(conn.stages)
        let area = try TileStaging(slots: 4, arena: arena)
        let spiking: [Int32] = Array(0..<300) + [5, 299, 7, 5]
        let direct = try arena.allocate(Float.self, count: 3_000, what: "test")
        let staged = try arena.allocate(Float.self, count: 3_000, what: "test")
        let room = try #require(TileStaging.room(slots: 4))
        area.empty(slots: 0..<4, room: room)
        let fits = spiking.withUnsafeBufferPointer { rows in
            conn.deliver(rows: rows.baseAddress!, count: rows.count, rowOffset: 0, tiles: 0..<3, into: direct,
                         staging: nil)
            // Tiles 1 and 2 into slots 1 and 2 (slot 0 left empty), then tile 0 on its own into slot 3.
            return conn.stage(rows: rows.baseAddress!, count: rows.count, rowOffset: 0, tiles: 1..<3, into: area,
                              slotBase: 1)
                && conn.stage(rows: rows.baseAddress!, count: rows.count, rowOffset: 0, tiles: 0..<1, into: area,
                              slotBase: 3)
        }
        #expect(fits && area.held(slot: 0, room: room) == 0 && area.held(slot: 1, room: room) > 18_000)
        for (slot, tile) in [(3, 0), (1, 1), (2, 2)] {
            area.add(slot: slot, room: room, weight: conn.stagedWeight, into: staged + bounds[tile])
            #expect(area.held(slot: slot, room: room) == 0)
        }
        #expect(UnsafeBufferPointer(start: direct, count: 3_000).filter { $0 != 0 }.count > 2_500)
        #expect(UnsafeBufferPointer(start: staged, count: 3_000)
            .elementsEqual(UnsafeBufferPointer(start: direct, count: 3_000)) { $0.bitPattern == $1.bitPattern })
        // Row 5 puts 18 000 targets (two spikes of 9 000) into tile 1: a slot of 8 192 overflows.
        area.empty(slots: 0..<3, room: 8_192)
        let overflows = spiking.withUnsafeBufferPointer { rows in
            conn.stage(rows: rows.baseAddress!, count: rows.count, rowOffset: 0, tiles: 0..<3, into: area,
                       slotBase: 0)
        }
        #expect(!overflows)
    }
}
