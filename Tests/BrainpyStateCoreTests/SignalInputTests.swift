import Glibc
import Testing
@testable import BrainpyStateCore

/// The deterministic generators step by step (spec neurons §9.5–§9.9): values, windows and their
/// boundaries with t = F(i)·F(dt).
struct SignalInputTests {
    func net(_ precision: Int = 32) throws -> Network {
        try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: precision, numThreads: 1)
    }

    @Test func sectionInputBoundaryBelongsToTheNextSection() throws {
        let n = try net()
        let g = try n.addPopulation(model: "SectionInput", size: 2)
        try n.set(g, "values", [0, 2, -1], "mA")
        try n.set(g, "durations", [1, 1, 0.5], "ms")
        try n.compile()
        let out = try n.record(g, "output", unit: "mA", steps: 30)
        for i in 0..<30 {
            let t = Float(i) * Float(0.1)
            let expected: Double = t < 1 ? 0 : t < 2 ? 2 : t < 2.5 ? -1 : 0
            #expect(out[i] == [expected, expected], "step \(i)")
        }
        #expect(out[10][0] == 2 && out[20][0] == -1 && out[25][0] == 0)
    }

    @Test func constantStepAndRamp() throws {
        let n = try net(64)
        let c = try n.addPopulation(model: "ConstantInput", size: 3)
        try n.set(c, "value", [1, 2, 3], "nA")
        try n.set(c, "duration", 1.0, "ms")
        let s = try n.addPopulation(model: "StepInput", size: 1)
        try n.set(s, "amplitudes", [5, 1, 3], "mA")
        try n.set(s, "step_times", [0.5, 0.2, 1.0], "ms")
        let r = try n.addPopulation(model: "RampInput", size: 1)
        try n.set(r, "c_start", 1, "mA")
        try n.set(r, "c_end", 3, "mA")
        try n.set(r, "duration", 1, "ms")
        try n.set(r, "t_start", 0.5, "ms")
        let mc = try n.addStateMonitor(c, "output", indices: nil)
        let ms = try n.addStateMonitor(s, "output", indices: nil)
        let mr = try n.addStateMonitor(r, "output", indices: nil)
        try n.compile()
        try n.run(steps: 20)
        let vc = try n.monitorValues(mc, unit: "nA"), vs = try n.monitorValues(ms, unit: "mA")
        let vr = try n.monitorValues(mr, unit: "mA")
        for i in 0..<20 {
            let t = Double(i) * 0.1
            #expect(Array(vc[(3 * i)..<(3 * i + 3)]) == (t < 1 ? [1, 2, 3] : [0, 0, 0]), "constant \(i)")
            // sorted: 0.2 -> 1, 0.5 -> 5, 1.0 -> 3 (held)
            let step: Double = t < 0.2 ? 0 : t < 0.5 ? 1 : t < 1.0 ? 5 : 3
            #expect(abs(vs[i] - step) < 1e-12, "step \(i): \(vs[i])")
            let ramp = t >= 0.5 && t < 1.5 ? 1 + 2 * (t - 0.5) / 1 : 0
            #expect(abs(vr[i] - ramp) < 1e-9, "ramp \(i): \(vr[i]) vs \(ramp)")
        }
    }

    @Test func sinusoidInSecondsWithBias() throws {
        let n = try net(64)
        let g = try n.addPopulation(model: "SinusoidalInput", size: 1)
        try n.set(g, "amplitude", 2, "mA")
        try n.set(g, "frequency", 100, "Hz")
        try n.set(g, "duration", 5, "ms")
        try n.set(g, "bias", 0.5, "mA")
        try n.compile()
        let out = try n.record(g, "output", unit: "mA", steps: 60)
        for i in 0..<60 {
            let ts = Double(i) * 0.1 * 1e-3
            let expected = ts < 5e-3 ? 2 * sin(2 * Double.pi * 100 * ts) + 0.5 : 0
            #expect(abs(out[i][0] - expected) < 1e-9, "step \(i)")
        }
    }

    /// A generator bound as a current source drives a LIF exactly like the same constant input.
    @Test func currentSourceEqualsTheSameConstantInput() throws {
        func trace(viaGenerator: Bool) throws -> [[Double]] {
            let n = try net()
            let pop = try n.addPopulation(model: "LIF", size: 4)
            try n.set(pop, "tau", 10, "ms")
            if viaGenerator {
                let g = try n.addPopulation(model: "ConstantInput", size: 1)
                try n.set(g, "value", 3, "mA")
                try n.set(g, "duration", 100, "ms")
                try n.addCurrentSource(pop, key: "stim", source: g)
            } else {
                try n.addConstant(pop, "stim", 3, "mA")
            }
            try n.compile()
            return try n.record(pop, "V", unit: "mV", steps: 200)
        }
        let a = try trace(viaGenerator: true), b = try trace(viaGenerator: false)
        #expect(a == b)
        #expect(a[199][0] != 0)
    }

    /// Writing an amplitude after compile re-derives the output; its dimension cannot change.
    @Test func parametersAfterCompile() throws {
        let n = try net()
        let g = try n.addPopulation(model: "ConstantInput", size: 1)
        try n.set(g, "value", 1, "mA")
        try n.set(g, "duration", 10, "ms")
        try n.compile()
        try n.run(steps: 1)
        #expect(try n.populationState(g, "output", unit: "mA") == [1])
        try n.set(g, "value", 4, "mA")
        try n.run(steps: 1)
        #expect(try n.populationState(g, "output", unit: "mA") == [4])
        #expect(status { try n.set(g, "value", 4, "mV") } == .badState)
        #expect(try n.populationParam(g, "value", unit: "uA") == [4000])
    }
}
