import Glibc
import Testing
@testable import BrainpyStateCore

/// The engine through its Swift facade: semantics of the step and the validation of arguments.
struct NetworkTests {
    func scalar(_ v: Double, _ unit: String) -> ParamInput { .scalar(v, unit: unit) }

    /// One LIF neuron with a constant input follows exponential Euler exactly:
    /// V' = V_r + dt·exprel(-dt/τ)·(-V_r + V_rest + R·I)/τ, reset (soft) at the step after a spike.
    @Test func lifFollowsExponentialEuler() throws {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pop = try net.addPopulation(model: "LIF", size: 1)
        try net.setPopulationParam(pop, "tau", scalar(10, "ms"))
        try net.setPopulationParam(pop, "V_th", scalar(-50, "mV"))
        try net.setPopulationParam(pop, "V_reset", scalar(-65, "mV"))
        try net.setPopulationParam(pop, "V_rest", scalar(-60, "mV"))
        try net.setPopulationParam(pop, "V_initializer", scalar(-60, "mV"))
        let current = [25.0]
        try current.withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
        }
        try net.compile()
        var v = -60.0
        var spikes = 0
        let phi = 0.1 * (Glibc.expm1(-0.01) / -0.01)
        for _ in 0..<300 {
            let s = v >= -50 ? 1.0 : 0.0
            let vr = v - (-50 - -65) * s
            v = vr + phi * ((-vr + -60) + 1 * 25) / 10
            if v >= -50 { spikes += 1 }
            try net.run(steps: 1)
            let ours = try net.populationState(pop, "V", unit: "mV")[0]
            #expect(abs(ours - v) <= 1e-12 * max(abs(v), 1))
        }
        #expect(spikes > 3)
    }

    @Test func runChunkingDoesNotChangeResults() throws {
        func build() throws -> Network {
            let net = try Network(dt: 0.1, dtUnit: "ms", seed: 3, precision: 32, numThreads: 1)
            let pop = try net.addPopulation(model: "LIFRef", size: 200)
            try net.setPopulationParam(pop, "V_rest", scalar(-60, "mV"))
            try net.setPopulationParam(pop, "V_th", scalar(-50, "mV"))
            try net.setPopulationParam(pop, "V_reset", scalar(-60, "mV"))
            try net.setPopulationParam(pop, "tau", scalar(20, "ms"))
            try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [-60, -50], unit: "mV"))
            var spec = Network.ProjectionSpec()
            spec.pre = pop
            spec.post = pop
            let proj = try net.addProjection(spec)
            try net.setProjectionParam(proj, part: "comm", "conn_prob", scalar(0.1, ""))
            try net.setProjectionParam(proj, part: "comm", "conn_weight", scalar(20, "mS"))
            try net.setProjectionParam(proj, part: "comm", "seed", scalar(5, ""))
            try net.setProjectionParam(proj, part: "out", "E", scalar(0, "mV"))
            try [20.0].withUnsafeBufferPointer { b in
                try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
            }
            _ = try net.addSpikeMonitor(pop, indices: nil)
            try net.compile()
            return net
        }
        let a = try build(), b = try build()
        try a.run(steps: 500)
        for _ in 0..<500 { try b.run(steps: 1) }
        let ea = try a.monitorEvents(0), eb = try b.monitorEvents(0)
        #expect(ea.steps.count > 100)
        #expect(ea.steps == eb.steps && ea.neurons == eb.neurons)
        #expect(try a.populationState(0, "V", unit: "mV") == b.populationState(0, "V", unit: "mV"))
    }

    @Test func argumentsAreValidated() throws {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
        func status(_ body: () throws -> Void) -> EngineError.Status? {
            do { try body(); return nil } catch let error as EngineError { return error.status } catch { return .internal }
        }
        #expect(status { _ = try net.addPopulation(model: "LIFX", size: 3) } == .unknownName)
        #expect(status { _ = try net.addPopulation(model: "LIF", size: 0) } == .invalidArgument)
        let pop = try net.addPopulation(model: "LIF", size: 3)
        #expect(status { try net.setPopulationParam(pop, "tau", scalar(10, "mV")) } == .unit)
        #expect(status { try net.setPopulationParam(pop, "tau", scalar(.nan, "ms")) } == .invalidArgument)
        #expect(status { try net.setPopulationParam(pop, "tau", scalar(-1, "ms")) } == .invalidArgument)
        #expect(status { try net.setPopulationParam(pop, "taux", scalar(1, "ms")) } == .unknownName)
        #expect(status { try net.setPopulationParam(7, "tau", scalar(1, "ms")) } == .outOfRange)
        #expect(status { try net.setPopulationOption(pop, "spk_reset", "medium") } == .invalidArgument)
        #expect(status { try net.run(steps: 1) } == .badState)
        try net.compile()
        #expect(status { _ = try net.addPopulation(model: "LIF", size: 3) } == .badState)
        #expect(status { try net.compile() } == .badState)
        try net.run(steps: 10)
        #expect(try net.time(in: "ms").step == 10)
    }
}

/// Large populations are stepped in several tiles per worker; the result must not depend on how
/// tiles fall to workers.
struct TilingTests {
    func run(threads: Int) throws -> ([Double], [Int32]) {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 9, precision: 32, numThreads: threads)
        let pop = try net.addPopulation(model: "LIF", size: 140_000)   // 3 tiles of <= 65536 neurons
        try net.setPopulationParam(pop, "V_th", .scalar(-50, unit: "mV"))
        try net.setPopulationParam(pop, "V_reset", .scalar(-60, unit: "mV"))
        try net.setPopulationParam(pop, "V_rest", .scalar(-60, unit: "mV"))
        try net.setPopulationParam(pop, "tau", .scalar(10, unit: "ms"))
        try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [-60, -49], unit: "mV"))
        var spec = Network.ProjectionSpec()
        spec.pre = pop
        spec.post = pop
        let proj = try net.addProjection(spec)
        try net.setProjectionParam(proj, part: "comm", "conn_num", .scalar(5, unit: ""))
        try net.setProjectionParam(proj, part: "comm", "conn_weight", .scalar(500, unit: "mS"))
        try net.setProjectionParam(proj, part: "comm", "seed", .scalar(3, unit: ""))
        try net.setProjectionParam(proj, part: "out", "E", .scalar(0, unit: "mV"))
        try [15.0].withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "x", .float64(b), unit: "mA", replace: false)
        }
        let monitor = try net.addSpikeMonitor(pop, indices: nil)
        try net.compile()
        try net.run(steps: 30)
        return (try net.populationState(pop, "V", unit: "mV"), try net.monitorEvents(monitor).neurons)
    }

    @Test func workersAndTilesDoNotChangeResults() throws {
        let one = try run(threads: 1), two = try run(threads: 2), three = try run(threads: 3)
        #expect(one.1.count > 1000)
        #expect(one.0 == two.0 && one.1 == two.1)
        #expect(one.0 == three.0 && one.1 == three.1)
    }

    /// Targets are stored relative to their tile, in 16 bits when every tile has at most 65 536
    /// neurons and in 32 bits otherwise; both deliver the same increments, by event and by value,
    /// tile by tile or several tiles in one walk of each row.
    @Test func narrowAndWideTargetTablesDeliverTheSame() throws {
        let post = 70_000, pre = 50
        let (rowStart, targets, weights) = randomRows(pre: pre, post: post, perRow: 40, seed: 1)
        let rows: [Int32] = [3, 7, 20, 21, 22, 49]
        let arena = Arena()
        func deliver(_ bounds: [Int], weighted: Bool, together: Bool = false) throws -> (wide: Bool, pending: [Float]) {
            let c = CanonicalConnectivity(rowStart: rowStart, targets: targets, weights: weighted ? weights : nil, weight: 0.5)
            let conn = try Connectivity<Float>.sparse(c, preCount: pre, postCount: post, postBounds: bounds, arena: arena,
                                                      what: "test") { nil }
            let pending = try arena.allocate(Float.self, count: post, what: "test")
            if together, !weighted {
                // The first tile alone, then one walk of each row for the others, as a worker owning
                // several tiles delivers.
                rows.withUnsafeBufferPointer {
                    conn.deliver(rows: $0.baseAddress!, count: rows.count, rowOffset: 0, tiles: 0..<1, into: pending,
                                 staging: nil)
                    conn.deliver(rows: $0.baseAddress!, count: rows.count, rowOffset: 0, tiles: 1..<bounds.count - 1,
                                 into: pending, staging: nil)
                }
            } else {
                for tile in 0..<bounds.count - 1 {
                    if weighted {
                        for r in rows { conn.deliver(row: Int(r), value: 2, tile: tile, into: pending) }
                    } else {
                        rows.withUnsafeBufferPointer {
                            conn.deliver(rows: $0.baseAddress!, count: rows.count, rowOffset: 0, tiles: tile..<tile + 1,
                                         into: pending, staging: nil)
                        }
                    }
                }
            }
            guard case .sparse(let table) = conn.layout else { return (false, []) }
            return (table.wide != nil, Array(UnsafeBufferPointer(start: pending, count: post)))
        }
        for weighted in [false, true] {
            var expected = [Float](repeating: 0, count: post)
            for r in rows {
                for k in rowStart[Int(r)]..<rowStart[Int(r) + 1] {
                    expected[Int(targets[k])] += weighted ? Float(weights[k]) * 2 : 0.5
                }
            }
            let wide = try deliver([0, post], weighted: weighted), narrow = try deliver([0, 35_008, post], weighted: weighted)
            #expect(wide.wide && !narrow.wide)
            #expect(wide.pending == expected)
            #expect(narrow.pending == expected)
            let three = try deliver([0, 20_000, 45_008, post], weighted: weighted, together: true)
            #expect(three.pending == expected)
        }
    }
}
