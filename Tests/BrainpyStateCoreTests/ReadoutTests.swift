import Glibc
import Testing
@testable import BrainpyStateCore

/// LeakyRateReadout (spec neurons §9.12) and the rules of binding generators and readouts.
struct ReadoutTests {
    /// r ← exp(−dt/τ)·r + x @ W with x the source's spikes of the same step.
    @Test func readoutIntegratesTheSpikesOfTheSameStep() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let src = try n.addPopulation(model: "SpikeTime", size: 4)
        try n.set(src, "times", [0.0, 0.0, 0.2, 0.3], "ms")
        try n.set(src, "indices", [1, 2, 3, 1], "")
        try n.set(src, "weights", [1, 1, 2, 1], "")
        let r = try n.addPopulation(model: "LeakyRateReadout", size: 2)
        try n.set(r, "in_size", 3, "")
        try n.set(r, "tau", [5, 10], "ms")
        let w = [1.0, 2, 3, 4, 5, 6]              // (3, 2) row-major
        try n.set(r, "w_init", w, "")
        try n.setSpikeSource(r, source: src, start: 1, stop: 4)
        try n.compile()
        let trace = try n.record(r, "r", unit: "", steps: 6)
        let decay = [exp(-0.1 / 5), exp(-0.1 / 10)]
        var expected = [0.0, 0.0]
        let x: [[Double]] = [[1, 1, 0], [0, 0, 0], [0, 0, 2], [1, 0, 0], [0, 0, 0], [0, 0, 0]]
        for i in 0..<6 {
            for o in 0..<2 {
                let drive = (0..<3).reduce(0.0) { $0 + x[i][$1] * w[$1 * 2 + o] }
                expected[o] = decay[o] * expected[o] + drive
                #expect(abs(trace[i][o] - expected[o]) < 1e-12, "step \(i), output \(o)")
            }
        }
        #expect(try n.populationParam(r, "w_init", unit: "") == w)
    }

    @Test func kaimingNormalIsTheDefault() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 6, precision: 32, numThreads: 1)
        let r = try n.addPopulation(model: "LeakyRateReadout", size: 50)
        try n.set(r, "in_size", 200, "")
        try n.compile()
        let w = try n.populationParam(r, "w_init", unit: "")
        #expect(w.count == 200 * 50)
        let (mean, variance) = moments(w)
        #expect(abs(mean) < 4 * (0.01 / 1e4).squareRoot())
        #expect(abs(variance / 0.01 - 1) < 0.06)
    }

    @Test func bindingsAreChecked() throws {
        let n = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
        let lif = try n.addPopulation(model: "LIF", size: 4)
        let small = try n.addPopulation(model: "ALIF", size: 2)
        let section = try n.addPopulation(model: "SectionInput", size: 4)
        try n.set(section, "values", [1, 2], "mA")
        #expect(status { try n.set(section, "durations", [1, 2], "mV") } == .unit)
        try n.set(section, "durations", [1, 2], "ms")
        #expect(status { try n.addCurrentSource(small, key: "s", source: section) } == .outOfRange)
        #expect(status { try n.addCurrentSource(lif, key: "s", source: lif) } == .invalidArgument)
        try n.addCurrentSource(lif, key: "s", source: section)
        #expect(status { try n.addCurrentSource(lif, key: "s", source: section) } == .invalidArgument)
        let volts = try n.addPopulation(model: "ConstantInput", size: 1)
        try n.set(volts, "value", 1, "mV")
        #expect(status { try n.addCurrentSource(lif, key: "v", source: volts) } == .unit)
        let ramp = try n.addPopulation(model: "RampInput", size: 1)
        try n.set(ramp, "c_start", 1, "mA")
        #expect(status { try n.set(ramp, "c_end", 1, "mV") } == .unit)
        let kick = try n.addPopulation(model: "PoissonInput", size: 2)
        try n.set(kick, "weight", 1, "mA")
        #expect(status { try n.addStateSource(lif, state: "V", source: kick, indices: [0, 1]) } == .unit)
        #expect(status { try n.addStateSource(lif, state: "spike", source: kick, indices: [0, 1]) } == .invalidArgument)
        #expect(status { try n.addStateSource(lif, state: "V", source: kick, indices: [0, 9]) } == .outOfRange)
        #expect(status { try n.addStateSource(lif, state: "V", source: kick, indices: nil) } == .outOfRange)
        let readout = try n.addPopulation(model: "LeakyRateReadout", size: 2)
        try n.set(readout, "in_size", 3, "")
        #expect(status { try n.setSpikeSource(readout, source: lif, start: 0, stop: 4) } == .outOfRange)
        #expect(status { try n.setSpikeSource(readout, source: section, start: 0, stop: 3) } == .invalidArgument)
        #expect(status { try n.setSpikeSource(lif, source: lif, start: 0, stop: 3) } == .invalidArgument)
        var spec = Network.ProjectionSpec()
        spec.pre = section
        spec.post = lif
        #expect(status { _ = try n.addProjection(spec) } == .invalidArgument)
        spec.pre = lif
        spec.post = readout
        #expect(status { _ = try n.addProjection(spec) } == .invalidArgument)
        #expect(status { try n.addConstant(section, "x", 1, "mA") } == .invalidArgument)
        #expect(status { _ = try n.addPopulation(model: "Nope", size: 1) } == .unknownName)
        // volts / ramp / kick are incomplete or unbound: compile names the missing parameter
        #expect(status { try n.compile() } == .invalidArgument)
        #expect(!n.isCompiled)
    }
}
