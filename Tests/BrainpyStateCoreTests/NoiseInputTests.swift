import Testing
@testable import BrainpyStateCore

/// Random value generators (spec neurons §9.4, §9.10, §9.11): moments, windows, state handling.
struct NoiseInputTests {
    @Test func wienerMomentsAndWindow() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 4, precision: 64, numThreads: 2)
        let g = try n.addPopulation(model: "WienerProcessInput", size: 500)
        try n.set(g, "sigma", 2, "mA")
        try n.set(g, "duration", 10, "ms")
        try n.compile()
        let out = try n.record(g, "output", unit: "mA", steps: 120)
        let inside = out[0..<100].flatMap { $0 }
        let (mean, variance) = moments(inside)
        let expected = 4 * 0.1          // sigma² · dt (dt's number in ms)
        #expect(abs(mean) < 4 * (expected / Double(inside.count)).squareRoot())
        #expect(abs(variance / expected - 1) < 4 * (2 / Double(inside.count)).squareRoot())
        #expect(out[100...].allSatisfy { $0.allSatisfy { $0 == 0 } })
    }

    @Test func ouStartsAtMeanFreezesAfterDurationAndReinitialises() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 8, precision: 64, numThreads: 1)
        let g = try n.addPopulation(model: "OUProcessInput", size: 400)
        try n.set(g, "mean", 1, "mA")
        try n.set(g, "sigma", 0.5, "mA")
        try n.set(g, "tau", 2, "ms")
        try n.set(g, "duration", 50, "ms")
        try n.compile()
        #expect(try n.populationState(g, "x", unit: "mA").allSatisfy { $0 == 1 })
        let x = try n.record(g, "x", unit: "mA", steps: 520)
        let out = try n.populationState(g, "output", unit: "mA")
        #expect(out.allSatisfy { $0 == 0 })
        #expect(x[519] == x[499])       // frozen from t = 50 ms on
        // stationary variance sigma²·tau/2 (Euler–Maruyama: sigma²·dt/(1 − (1 − dt/tau)²))
        let late = x[100..<500].flatMap { $0 }
        let (mean, variance) = moments(late)
        let k = 0.1 / 2, expected = 0.25 * 0.1 / (1 - (1 - k) * (1 - k))
        #expect(abs(mean - 1) < 0.02, "\(mean)")
        #expect(abs(variance / expected - 1) < 0.05, "\(variance) vs \(expected)")
        try n.initStates()
        #expect(try n.populationState(g, "x", unit: "mA").allSatisfy { $0 == 1 })
        let again = try n.record(g, "x", unit: "mA", steps: 10)
        #expect(again[9] == x[9])        // the same draws after init_all_states (keyed by step)
    }

    @Test func poissonInputKicksTheBoundStateBeforeTheUpdate() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 1, precision: 64, numThreads: 1)
        let pop = try n.addPopulation(model: "IF", size: 4)
        try n.set(pop, "V_th", 1e9, "mV")
        try n.set(pop, "tau", 1e12, "ms")          // V only integrates the kicks
        let normal = try n.addPopulation(model: "PoissonInput", size: 2)
        try n.set(normal, "num_input", 1000, "")
        try n.set(normal, "freq", 100, "Hz")            // a = 1000·0.00995 > 5: the normal branch
        try n.set(normal, "weight", 0.5, "mV")
        try n.addStateSource(pop, state: "V", source: normal, indices: [1, 3])
        let mo = try n.addStateMonitor(normal, "output", indices: nil)
        try n.compile()
        try n.run(steps: 2000)
        let v = try n.populationState(pop, "V", unit: "mV")
        let kicks = try n.monitorValues(mo, unit: "mV")
        #expect(v[0] == 0 && v[2] == 0)
        let k1 = stride(from: 0, to: kicks.count, by: 2).map { kicks[$0] }
        #expect(abs(v[1] - k1.reduce(0, +)) < 1e-6 * max(v[1], 1))
        let p = -expm1Ref(-0.01), (mean, variance) = moments(kicks.map { $0 / 0.5 })
        let sd = (1000 * p * (1 - p)).squareRoot()
        #expect(abs(mean - 1000 * p) < 4 * sd / Double(kicks.count).squareRoot())
        #expect(abs(variance / (sd * sd) - 1) < 0.1)
        #expect(kicks.allSatisfy { $0 == ($0 / 0.5).rounded() * 0.5 && $0 >= 0 })
    }

    @Test func poissonInputBinomialBranch() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 3, precision: 32, numThreads: 2)
        let pop = try n.addPopulation(model: "LIF", size: 3000)
        let g = try n.addPopulation(model: "PoissonInput", size: 3000)
        try n.set(g, "num_input", 40, "")
        try n.set(g, "freq", 200, "Hz")        // a = 40·0.0198 = 0.79: binomial
        try n.set(g, "weight", 1, "mV")
        try n.addStateSource(pop, state: "V", source: g, indices: nil)
        try n.compile()
        let out = try n.record(g, "output", unit: "mV", steps: 20).flatMap { $0 }
        let p = -expm1Ref(-0.02), (mean, variance) = moments(out)
        #expect(abs(mean / (40 * p) - 1) < 0.03, "\(mean)")
        #expect(abs(variance / (40 * p * (1 - p)) - 1) < 0.05, "\(variance)")
        #expect(out.allSatisfy { $0 == $0.rounded() && $0 >= 0 && $0 <= 40 })
    }
}
