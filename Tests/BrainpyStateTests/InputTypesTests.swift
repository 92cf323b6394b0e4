import BrainpyState
import Glibc
import Testing

/// The Swift description types of the input generators and the readout: each must hand its
/// parameters to the engine under brainpy.state's names and units (read back after compile) and bind
/// as brainpy.state does. The generators' equations are checked in the core tests and against
/// brainpy.state in the Python conformance tests.
@Suite("input generators and readout")
struct InputTypesTests {
    func first<D>(_ population: Population, _ name: String, _ unit: Unit<D>) throws -> [Double] {
        try population.parameter(name, in: unit)
    }

    @Test("a value generator of size 1 drives every neuron like a persistent current, within its window")
    func constantInput() throws {
        let net = try Network(precision: .float64, threads: 1)
        let n = try net.add(LIF(3, tau: [4, 6, 10].ms, V_th: 100.mV))
        let gen = try net.add(ConstantInput(1, value: 2000.uA, duration: 5.ms))
        try n.addCurrentInput("stim", gen)
        let reference = try Network(precision: .float64, threads: 1)
        let r = try reference.add(LIF(3, tau: [4, 6, 10].ms, V_th: 100.mV))
        try r.addCurrentInput("stim", 2.mA)
        let out = try net.monitor(gen, .output as StateKey<CurrentDimension>)
        let v = try net.monitor(n, .V)
        let rv = try reference.monitor(r, .V)
        try net.compile()
        try reference.compile()
        try net.run(steps: 70)
        try reference.run(steps: 50)
        #expect(try Array(v.values().prefix(150)) == rv.values())
        let o = try out.values(in: .mA)
        #expect(o.prefix(50).allSatisfy { $0 == 2 } && o.dropFirst(50).allSatisfy { $0 == 0 })
        #expect(try first(gen, "duration", .ms) == [5])
    }

    @Test("SectionInput, StepInput, RampInput and SinusoidalInput pass their parameters and produce their shapes")
    func signalGenerators() throws {
        let net = try Network(precision: .float64, threads: 1)
        let n = try net.add(LIF(2, V_th: 1e6.mV))
        let section = try net.add(SectionInput(2, values: [1, 2, 3].mA, durations: [1, 2, 3].ms))
        let step = try net.add(StepInput(1, amplitudes: [5, 1].uA, step_times: [2, 0.5].ms))
        let ramp = try net.add(RampInput(1, c_start: 1.mA, c_end: 3.mA, duration: 2.ms, t_start: 1.ms))
        let sine = try net.add(SinusoidalInput(1, amplitude: 2.mA, frequency: 250.Hz, duration: 4.ms, bias: 0.5.mA))
        for (key, gen) in [("section", section), ("step", step), ("ramp", ramp), ("sine", sine)] {
            try n.addCurrentInput(key, gen)
        }
        let outs = try [section, step, ramp, sine].map { try net.monitor($0, .output as StateKey<CurrentDimension>) }
        try net.compile()
        #expect(try first(section, "values", .mA) == [1, 2, 3])
        #expect(try first(section, "durations", .ms) == [1, 2, 3])
        #expect(try first(step, "amplitudes", .uA) == [5, 1])
        #expect(try first(ramp, "t_start", .ms) == [1])
        #expect(try first(sine, "frequency", .Hz) == [250])
        #expect(try first(sine, "bias", .mA) == [0.5])
        try net.run(steps: 70)
        let sec = try outs[0].rows(in: .mA).map { $0[0] }
        #expect(sec[9] == 1 && sec[10] == 2 && sec[29] == 2 && sec[30] == 3 && sec[59] == 3 && sec[60] == 0)
        let st = try outs[1].values(in: .uA)
        #expect(st[4] == 0 && st[5] == 1 && st[19] == 1 && st[20] == 5 && st[69] == 5)
        let rp = try outs[2].values(in: .mA)
        #expect(rp[9] == 0 && rp[10] == 1 && abs(rp[20] - 2) < 1e-12 && abs(rp[29] - 2.9) < 1e-12 && rp[30] == 0)
        let sn = try outs[3].values(in: .mA)
        // t = 1 ms: 2 sin(2π·250·0.001) + 0.5 = 2.5; outside [0, 4 ms): 0
        #expect(abs(sn[10] - 2.5) < 1e-12 && abs(sn[0] - 0.5) < 1e-12 && sn[40] == 0)
    }

    @Test("WienerProcessInput and OUProcessInput: moments, window, and x starting at its mean")
    func noiseGenerators() throws {
        let net = try Network(seed: 9, precision: .float64, threads: 1)
        let n = try net.add(LIF(500, V_th: 1e6.mV))
        let wiener = try net.add(WienerProcessInput(500, sigma: 2.mA, duration: 10.ms))
        let ou = try net.add(OUProcessInput(500, mean: 1.mA, sigma: 0.5.mA, tau: 5.ms, duration: 1000.ms))
        try n.addCurrentInput("w", wiener)
        try n.addCurrentInput("ou", ou)
        let out = try net.monitor(wiener, .output as StateKey<CurrentDimension>)
        try net.compile()
        #expect(try ou.state(.x as StateKey<CurrentDimension>, in: .mA).allSatisfy { $0 == 1 })
        #expect(try first(ou, "tau", .ms).allSatisfy { $0 == 5 })
        try net.run(steps: 120)
        let w = try out.values(in: .mA)
        let inside = Array(w.prefix(100 * 500))
        let mean = inside.reduce(0, +) / Double(inside.count)
        let variance = inside.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(inside.count)
        // sigma·√dt = 2·√0.1: variance 0.4; 50 000 samples give a standard error of 0.0025 on it
        #expect(abs(variance - 0.4) < 0.0125 && abs(mean) < 4 * (0.4 / Double(inside.count)).squareRoot())
        #expect(w.dropFirst(100 * 500).allSatisfy { $0 == 0 })
        let x = try ou.state(.x as StateKey<CurrentDimension>, in: .mA)
        #expect(x.contains { $0 != 1 })
        try net.initAllStates()
        #expect(try ou.state(.x as StateKey<CurrentDimension>, in: .mA).allSatisfy { $0 == 1 })
    }

    @Test("SpikeTime drives a projection in the step of its events; PoissonSpike and PoissonEncoder fire at their rates")
    func spikeGenerators() throws {
        let net = try Network(seed: 3, precision: .float64, threads: 1)
        let events = try net.add(SpikeTime(2, indices: [1, 0, 1], times: [0.3, 0.5, 0.3].ms, weights: [1, 2, 0.5]))
        let post = try net.add(LIF(1, V_th: 100.mV))
        let proj = try net.add(AlignPostProj(pre: events, comm: SparseLinear(pre: [0, 1], post: [0, 0], weight: 1.mS),
                                             syn: Expon(tau: 5.ms), out: CUBA(), post: post))
        let poisson = try net.add(PoissonSpike(1000, freqs: 200.Hz))
        let encoder = try net.add(PoissonEncoder(1000))
        try encoder.addCurrentInput("rate", 1.kHz)
        let g = try net.monitor(proj, .g)
        let seen = try net.monitorSpikes(events)
        let mp = try net.monitorSpikes(poisson)
        let me = try net.monitorSpikes(encoder)
        try net.compile()
        try net.run(steps: 200)
        let ev = try seen.events()
        #expect(ev.steps == [3, 5] && ev.neurons == [1, 0])
        let gv = try g.values()
        #expect(gv[0...2].allSatisfy { $0 == 0 } && gv[3] > 0)
        for (monitor, rate) in [(mp, 200.0), (me, 1000.0)] {
            let p = -expm1(-rate * 1e-4), expected = 200 * 1000 * p
            let count = Double(try monitor.count())
            #expect(abs(count - expected) < 5 * (expected * (1 - p)).squareRoot(), "\(count) spikes, expected \(expected)")
        }
        // the encoder's input is a rate: a current is refused, also in the closed-loop step
        let error = #expect(throws: BrainpyStateError.self) { try encoder.addCurrentInput("x", 1.mA) }
        #expect(error?.status == .unit)
        try encoder.setCurrentInput("rate", 0.Hz)
        let silent = try net.step(input: [0.0], into: encoder, unit: .Hz, spikesOf: encoder)
        let busy = try net.step(input: [5.0], into: encoder, unit: .kHz, spikesOf: encoder)
        #expect(silent.allSatisfy { $0 == 0 } && busy.filter { $0 != 0 }.count > 300)
    }

    @Test("PoissonInput adds exact kicks to the listed elements when every source fires")
    func poissonInput() throws {
        let net = try Network(precision: .float64, threads: 1)
        let n = try net.add(LIF(4, tau: 1e12.ms, V_th: 1e6.mV))
        // freq·dt = 1e5: p = 1 to double precision, so K = num_input exactly
        let kicks = try net.add(PoissonInput(target: n.prefetch(.V), indices: [0, 2, 2], num_input: 3, freq: 1e9.Hz,
                                             weight: 0.5.mV))
        try net.compile()
        #expect(try first(kicks, "num_input", .one) == [3])
        try net.run(steps: 4)
        let v = try n.state(.V, in: .mV)
        for (got, want) in zip(v, [6.0, 0, 12, 0]) { #expect(abs(got - want) < 1e-6) }
        #expect(try kicks.state(.output as StateKey<VoltageDimension>, in: .mV) == [1.5, 1.5, 1.5])
        let bad = try Network(precision: .float64, threads: 1)
        let m = try bad.add(LIF(2))
        // a weight in the wrong dimension does not compile (`m.prefetch(.V)` with `1.mA`); a key typed
        // by hand can still name the wrong one, which the engine refuses
        let error = #expect(throws: BrainpyStateError.self) {
            try bad.add(PoissonInput(target: m.prefetch(StateKey<CurrentDimension>("V")), num_input: 1, freq: 1.Hz,
                                     weight: 1.mA))
        }
        #expect(error?.status == .unit)
        let range = #expect(throws: BrainpyStateError.self) {
            try bad.add(PoissonInput(target: m.prefetch(.V), indices: [2], num_input: 1, freq: 1.Hz, weight: 1.mV))
        }
        #expect(range?.status == .outOfRange)
    }

    @Test("LeakyRateReadout reads a slice of a spike source with given or KaimingNormal weights")
    func readout() throws {
        let net = try Network(seed: 1, precision: .float64, threads: 1)
        let events = try net.add(SpikeTime(5, indices: [1, 3, 3], times: [0, 0, 0.2].ms))
        let w: [Double] = [0, 1, 2, 3, 4, 5]               // (3, 2) row-major
        let r = try net.add(LeakyRateReadout(3, 2, tau: [2, 4].ms, w_init: QuantityArray(w, .one)))
        try r.setSpikeSource(events[1..<4])
        let kaiming = try net.add(LeakyRateReadout(5, 400))
        try kaiming.setSpikeSource(events)
        let mismatch = #expect(throws: BrainpyStateError.self) {
            try net.add(LeakyRateReadout(4, 1)).setSpikeSource(events)
        }
        #expect(mismatch?.status == .outOfRange)
        let m = try net.monitor(r, .r)
        try net.compile()
        #expect(try r.readoutWeights() == [[0, 1], [2, 3], [4, 5]])
        #expect(try first(r, "tau", .ms) == [2, 4])
        let k = try kaiming.readoutWeights().flatMap { $0 }
        let std = (k.reduce(0) { $0 + $1 * $1 } / Double(k.count)).squareRoot()
        #expect(k.count == 2000 && abs(std - (2.0 / 5).squareRoot()) < 0.05 * (2.0 / 5).squareRoot())
        try net.run(steps: 3)
        let rows = try m.rows(in: .one)
        let decay = [2.0, 4.0].map { exp(-0.1 / $0) }
        let r0 = [w[0] + w[4], w[1] + w[5]]               // source neurons 1 and 3 = rows 0 and 2
        for o in 0..<2 {
            #expect(abs(rows[0][o] - r0[o]) < 1e-12)
            #expect(abs(rows[1][o] - decay[o] * r0[o]) < 1e-12)
            #expect(abs(rows[2][o] - (decay[o] * decay[o] * r0[o] + w[4 + o])) < 1e-12)
        }
    }

    @Test("a value generator in the wrong dimension or size is refused with the engine's message")
    func bindingErrors() throws {
        let net = try Network()
        let n = try net.add(LIF(3))
        let voltage = try net.add(ConstantInput(3, value: 1.mV, duration: 1.ms))
        let unit = #expect(throws: BrainpyStateError.self) { try n.addCurrentInput("v", voltage) }
        #expect(unit?.status == .unit && unit?.message.contains("voltage") == true)
        let small = try net.add(ConstantInput(2, value: 1.mA, duration: 1.ms))
        let size = #expect(throws: BrainpyStateError.self) { try n.addCurrentInput("s", small) }
        #expect(size?.status == .outOfRange)
        let lengths = #expect(throws: BrainpyStateError.self) {
            try net.add(SectionInput(3, values: [1, 2].mA, durations: [1].ms))
            try net.compile()
        }
        #expect(lengths?.status == .invalidArgument)
    }
}
