import Testing
@testable import BrainpyStateCore

/// Sibling projections (the same presynaptic neurons, delivered straight from the spike list into
/// post populations with the same tiles) share one table and are delivered in one walk of each
/// spiking row (Siblings, SiblingDelivery). The results must be the bits of each projection delivered
/// on its own, for any number of workers, and projections that may not share must not.
struct SiblingTests {
    func scalar(_ v: Double, _ unit: String) -> ParamInput { .scalar(v, unit: unit) }

    /// Example 103's neurons and weights with E and I as two populations, scaled down, plus five
    /// projections that may not join the siblings: into a population cut into other tiles, into a
    /// channel E→I already fills, with a delay, with short-term plasticity, and from a slice of E.
    /// `large`: X's size; above 65 536 neurons it has two tiles on one thread, E and I one.
    func build(threads: Int, share: Bool, large: Int = 66_000) throws -> Network {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 11, precision: 32, numThreads: threads)
        net.desc.shareTables = share
        var pops: [Int] = []
        for (size, refractory) in [(1600, true), (400, true), (large, false)] {
            let pop = try net.addPopulation(model: refractory ? "LIFRef" : "LIF", size: size)
            try net.setPopulationParam(pop, "V_rest", scalar(-60, "mV"))
            try net.setPopulationParam(pop, "V_th", scalar(-50, "mV"))
            try net.setPopulationParam(pop, "V_reset", scalar(-60, "mV"))
            try net.setPopulationParam(pop, "tau", scalar(20, "ms"))
            if refractory { try net.setPopulationParam(pop, "tau_ref", scalar(5, "ms")) }
            try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [-60, -50], unit: "mV"))
            try [20.0].withUnsafeBufferPointer { b in
                try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
            }
            _ = try net.addSpikeMonitor(pop, indices: nil)
            pops.append(pop)
        }
        let (e, i, x) = (pops[0], pops[1], pops[2])
        func connect(_ pre: Int, _ post: Int, weight: Double, reversal: Double, tau: Double, seed: Int, prob: Double = 0.02,
                     preStop: Int = -1, delay: Double = 0, stp: String = "") throws {
            var spec = Network.ProjectionSpec()
            (spec.pre, spec.post, spec.preStop, spec.delay, spec.stp) = (pre, post, preStop, delay, stp)
            if !stp.isEmpty { spec.comm = "FixedNumConn" }   // weighted by the released amplitudes
            let proj = try net.addProjection(spec)
            try net.setProjectionParam(proj, part: "comm", "conn_prob", scalar(prob, ""))
            try net.setProjectionParam(proj, part: "comm", "conn_weight", scalar(weight, "mS"))
            try net.setProjectionParam(proj, part: "comm", "seed", scalar(Double(seed), ""))
            try net.setProjectionParam(proj, part: "syn", "tau", scalar(tau, "ms"))
            try net.setProjectionParam(proj, part: "out", "E", scalar(reversal, "mV"))
        }
        try connect(e, e, weight: 0.6, reversal: 0, tau: 5, seed: 1)          // 0: siblings of E
        try connect(e, i, weight: 0.6, reversal: 0, tau: 5, seed: 2)          // 1
        try connect(i, e, weight: 6.7, reversal: -80, tau: 10, seed: 3)       // 2: siblings of I
        try connect(i, i, weight: 6.7, reversal: -80, tau: 10, seed: 4)       // 3
        try connect(e, x, weight: 6, reversal: 0, tau: 5, seed: 5, prob: 0.0005)  // 4: X has other tiles at 1 thread
        try connect(e, i, weight: 0.6, reversal: 0, tau: 5, seed: 6)          // 5: into E→I's channel again
        try connect(i, e, weight: 2, reversal: -80, tau: 7, seed: 7, delay: 0.5)      // 6: a delay
        try connect(e, i, weight: 0.6, reversal: 0, tau: 3, seed: 8, stp: "STD")      // 7: plasticity
        try connect(e, i, weight: 0.6, reversal: 0, tau: 4, seed: 9, preStop: 800)    // 8: a slice of E
        return net
    }

    func run(threads: Int, share: Bool, large: Int, steps: Int) throws -> (v: [[Double]], spikes: [[Int32]]) {
        let net = try build(threads: threads, share: share, large: large)
        try net.compile()
        try net.run(steps: steps)
        var v: [[Double]] = [], spikes: [[Int32]] = []
        for pop in 0..<3 {
            v.append(try net.populationState(pop, "V", unit: "mV"))
            spikes.append(try net.monitorEvents(pop).neurons)
        }
        return (v, spikes)
    }

    @Test func siblingsAreTheProjectionsThatMayShare() throws {
        let net = try build(threads: 1, share: true)
        let sim = try Compiler.compile(net.desc, as: Float.self)
        #expect(sim.siblings.map { group in group.count } == [2, 2])
        let shared = sim.projections.filter(\.deliveredBySiblings).map(\.id)
        #expect(shared == [0, 1, 2, 3])
        let unshared = try Compiler.compile(build(threads: 1, share: false).desc, as: Float.self)
        #expect(unshared.siblings.isEmpty && !unshared.projections.contains(where: \.deliveredBySiblings))
        // With 2 workers X is cut like E and I (two tiles, one per worker): E→X joins E's siblings.
        let two = try Compiler.compile(build(threads: 2, share: true).desc, as: Float.self)
        #expect(two.siblings.map { group in group.count } == [3, 2])
    }

    @Test func sharingDoesNotChangeResults() throws {
        // X small: E→X a sibling on 1 and 3 threads. X large (fewer steps: a debug build steps it
        // slowly): E→X alone on 1 thread, a third sibling on 2.
        for (large, steps, threads) in [(2000, 150, [1, 3]), (66_000, 40, [1, 2])] {
            let reference = try run(threads: 1, share: false, large: large, steps: steps)
            #expect(reference.spikes[0].count > 300 && reference.spikes[1].count > 70)
            for t in threads {
                let shared = try run(threads: t, share: true, large: large, steps: steps)
                // Compared as one Bool: a failing #expect on arrays this long prints them whole.
                let same = shared.v == reference.v && shared.spikes == reference.spikes
                #expect(same, "X of \(large), \(t) threads")
            }
        }
    }

    /// Each sibling's part of a shared table, delivered through the walks that serve the other
    /// callers, adds exactly its own synapses (by event and by value, weights per synapse or one).
    @Test func eachSiblingsPartOfASharedTableIsItsOwn() throws {
        let arena = Arena(), pre = 30
        func source(post: Int, bounds: [Int], weighted: Bool) -> SparseSource {
            let (rowStart, targets, weights) = randomRows(pre: pre, post: post, perRow: 20, seed: UInt64(post))
            let c = CanonicalConnectivity(rowStart: rowStart, targets: targets, weights: weighted ? weights : nil, weight: 0.5)
            return SparseSource(connectivity: c, postCount: post, postBounds: bounds) { nil }
        }
        let sources = [source(post: 500, bounds: [0, 250, 500], weighted: false),
                       source(post: 90, bounds: [0, 45, 90], weighted: true),
                       source(post: 300, bounds: [0, 100, 300], weighted: false)]
        let laidOut = try Connectivity<Float>.sparse(sources, preCount: pre, arena: arena, what: "test")
        let rows: [Int32] = [1, 4, 5, 17, 29]
        for (source, conn) in zip(sources, laidOut) {
            let c = source.connectivity
            for byValue in [false, true] {
                var expected = [Float](repeating: 0, count: source.postCount)
                for r in rows {
                    for k in c.rowStart[Int(r)]..<c.rowStart[Int(r) + 1] {
                        let w = Float(c.weights?[k] ?? c.weight)
                        expected[Int(c.targets[k])] += byValue ? w * 2 : w
                    }
                }
                let pending = try arena.allocate(Float.self, count: source.postCount, what: "test")
                if byValue {
                    for tile in 0..<2 { for r in rows { conn.deliver(row: Int(r), value: 2, tile: tile, into: pending) } }
                } else {
                    rows.withUnsafeBufferPointer {
                        conn.deliver(rows: $0.baseAddress!, count: rows.count, rowOffset: 0, tiles: 0..<2, into: pending,
                                     staging: nil)
                    }
                }
                let same = Array(UnsafeBufferPointer(start: pending, count: source.postCount)) == expected
                #expect(same, "a sibling of \(source.postCount) neurons, by value: \(byValue)")
            }
        }
    }

    /// Siblings whose worker owns two tiles of each post population (more than 65 536 neurons on one
    /// thread): one walk of each spiking row covers both tiles of both siblings.
    @Test func siblingsOverSeveralTilesPerWorker() throws {
        func run(share: Bool) throws -> (groups: [Int], v: [Double], spikes: [Int32]) {
            let net = try Network(dt: 0.1, dtUnit: "ms", seed: 5, precision: 32, numThreads: 1)
            net.desc.shareTables = share
            var pops: [Int] = []
            for _ in 0..<2 {
                let pop = try net.addPopulation(model: "LIF", size: 66_000)
                try net.setPopulationParam(pop, "V_rest", scalar(-60, "mV"))
                try net.setPopulationParam(pop, "V_th", scalar(-50, "mV"))
                try net.setPopulationParam(pop, "V_reset", scalar(-60, "mV"))
                try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [-60, -49], unit: "mV"))
                try [12.0].withUnsafeBufferPointer { b in
                    try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
                }
                pops.append(pop)
            }
            for (post, seed) in [(pops[0], 1.0), (pops[1], 2.0)] {
                var spec = Network.ProjectionSpec()
                (spec.pre, spec.post) = (pops[0], post)
                let proj = try net.addProjection(spec)
                try net.setProjectionParam(proj, part: "comm", "conn_num", scalar(6, ""))
                try net.setProjectionParam(proj, part: "comm", "conn_weight", scalar(300, "mS"))
                try net.setProjectionParam(proj, part: "comm", "seed", scalar(seed, ""))
                try net.setProjectionParam(proj, part: "out", "E", scalar(0, "mV"))
            }
            let monitor = try net.addSpikeMonitor(pops[1], indices: nil)
            let groups = try Compiler.compile(net.desc, as: Float.self).siblings.map { group in
                group.threadTiles[1] - group.threadTiles[0]
            }
            try net.compile()
            try net.run(steps: 25)
            return (groups, try net.populationState(pops[1], "V", unit: "mV"), try net.monitorEvents(monitor).neurons)
        }
        let shared = try run(share: true), alone = try run(share: false)
        #expect(shared.groups == [2] && alone.groups.isEmpty)
        #expect(shared.spikes.count > 1000)
        let same = shared.v == alone.v && shared.spikes == alone.spikes
        #expect(same)
    }
}
