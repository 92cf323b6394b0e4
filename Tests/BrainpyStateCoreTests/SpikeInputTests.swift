import Testing
@testable import BrainpyStateCore

/// Spike generators (spec neurons §9.1–§9.3): SpikeTime's table, Poisson rates, same-step delivery
/// through projections, and independence of the thread count.
struct SpikeInputTests {
    @Test func spikeTimeRoundsHalfToEvenAndSumsDuplicates() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
        let g = try n.addPopulation(model: "SpikeTime", size: 3)
        // 0.25 ms -> 2.5 steps -> 2; 0.35 ms -> 3.5 -> 4; 0.05 -> 0.5 -> 0; -0.04 -> -0.4 -> 0
        try n.set(g, "times", [0.25, 0.35, 0.05, 0.25, 0.25, -0.04], "ms")
        try n.set(g, "indices", [0, 1, 2, 0, 2, 1], "")
        try n.set(g, "weights", [1, 2, 3, 0.5, 4, 7], "")
        let m = try n.addSpikeMonitor(g, indices: nil)
        try n.compile()
        var rows: [[Double]] = []
        for _ in 0..<6 {
            try n.run(steps: 1)
            rows.append(try n.populationState(g, "spike", unit: ""))
        }
        #expect(rows == [[0, 7, 3], [0, 0, 0], [1.5, 0, 4], [0, 0, 0], [0, 2, 0], [0, 0, 0]])
        let events = try n.monitorEvents(m)
        #expect(events.steps == [0, 0, 2, 2, 4] && events.neurons == [1, 2, 0, 2, 1])
    }

    @Test func spikeTimeRejectsNegativeStepsAndBadIndices() throws {
        for (times, indices) in [([-0.06], [0.0]), ([0.1], [3.0])] {
            let n = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
            let g = try n.addPopulation(model: "SpikeTime", size: 3)
            try n.set(g, "times", times, "ms")
            try n.set(g, "indices", indices, "")
            #expect(status { try n.compile() } != nil)
            #expect(!n.isCompiled)
        }
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
        let g = try n.addPopulation(model: "SpikeTime", size: 3)
        try n.set(g, "times", [0.1, 0.2], "ms")
        try n.set(g, "indices", [0], "")
        #expect(status { try n.compile() } == .invalidArgument)
    }

    /// The rate, and identical draws for 1 and 2 workers and for chunked runs.
    @Test func poissonSpikeRateAndDeterminism() throws {
        func run(threads: Int, chunked: Bool) throws -> [Int32] {
            let n = try Network(dt: 0.1, dtUnit: "ms", seed: 5, precision: 32, numThreads: threads)
            let g = try n.addPopulation(model: "PoissonSpike", size: 1000)
            try n.set(g, "freqs", 50, "Hz")
            let m = try n.addSpikeMonitor(g, indices: nil)
            try n.compile()
            if chunked { for _ in 0..<4 { try n.run(steps: 250) } } else { try n.run(steps: 1000) }
            return try n.monitorEvents(m).neurons
        }
        let a = try run(threads: 1, chunked: false)
        #expect(a == (try run(threads: 2, chunked: true)))
        let p = -Double(expm1Ref(-50 * 1e-4))
        let expected = 1000 * 1000 * p
        #expect(abs(Double(a.count) - expected) < 5 * expected.squareRoot(), "\(a.count) spikes, expected \(expected)")
    }

    /// Spikes a generator emits at step i reach the post synapse in step i (brainpy: proj(poisson());
    /// N()), while a neuron's spikes of step i arrive at step i + 1.
    @Test func generatorSpikesAreDeliveredInTheSameStep() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let g = try n.addPopulation(model: "SpikeTime", size: 1)
        try n.set(g, "times", [0.3], "ms")
        try n.set(g, "indices", [0], "")
        let post = try n.addPopulation(model: "LIF", size: 1)
        var spec = Network.ProjectionSpec()
        spec.pre = g
        spec.post = post
        spec.comm = "SparseLinear"
        spec.out = "CUBA"
        let proj = try n.addProjection(spec)
        try n.setProjectionParam(proj, part: "comm", "weight", .scalar(1, unit: "mS"))
        try n.setConnections(proj, pre: [0], post: [0], weights: nil, unit: "mS")
        let m = try n.addSynapseMonitor(proj, "g", indices: nil)
        try n.compile()
        try n.run(steps: 5)
        let g5 = try n.monitorValues(m, unit: "mS")
        #expect(g5[0...2].allSatisfy { $0 == 0 } && g5[3] == 1)
    }

    /// PoissonEncoder takes its rates as input x each step (here through the closed-loop step).
    @Test func poissonEncoderFollowsItsInput() throws {
        let n = try Network(dt: 1, dtUnit: "ms", seed: 2, precision: 32, numThreads: 1)
        let g = try n.addPopulation(model: "PoissonEncoder", size: 2000)
        try n.compile()
        var counts = [0, 0]
        var out = [UInt8](repeating: 0, count: 2000)
        for rate in [0.0, 400.0] {
            for _ in 0..<50 {
                let k = try [rate].withUnsafeBufferPointer { b in
                    try out.withUnsafeMutableBufferPointer { o in
                        try n.step(inputPopulation: g, input: .float64(b), unit: "Hz", outputPopulation: g, spikesOut: o)
                    }
                }
                counts[rate == 0 ? 0 : 1] += k
            }
        }
        #expect(counts[0] == 0)
        let p = -expm1Ref(-0.4), expected = 2000 * 50 * p
        #expect(abs(Double(counts[1]) - expected) < 5 * (expected * (1 - p)).squareRoot())
    }
}

func expm1Ref(_ x: Double) -> Double { MathC.expm1(x) }
