import BrainpyState
import Testing

@Suite("states and parameters")
struct StateTests {
    @Test("write V in V, read it in mV")
    func roundTrip() throws {
        let net = try Network(precision: .float64, threads: 1)
        let N = try net.add(LIFRef(4, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV))
        try net.compile()
        try N.setState(.V, [-0.065, -0.055, -0.0601, -0.07].V)
        let mV = try N.state(.V, in: .mV)
        #expect(zip(mV, [-65, -55, -60.1, -70]).allSatisfy { abs($0 - $1) < 1e-9 })
        let uV = try N.state(.V, in: .uV)
        #expect(abs(uV[0] + 65_000) < 1e-6)
        // A string key takes its dimension from the unit.
        #expect(try N.state("V", in: .mV) == mV)
        // One value for all, and Float host arrays.
        try N.setState(.V, -58.mV)
        #expect(try N.state(.V, as: Float.self) == [-58, -58, -58, -58])
        try N.setState(.V, [Float](repeating: -0.059, count: 4), in: .V)
        #expect(try N.state(.V).allSatisfy { abs($0 + 59) < 1e-5 })
        var buffer: [Double] = []
        try N.readState(.V, in: .mV, into: &buffer)
        #expect(buffer.count == 4)
        // last_spike_time starts at -1e7 ms.
        #expect(try N.state(.last_spike_time, in: .s) == [-1e4, -1e4, -1e4, -1e4])
    }

    @Test("float32 networks round to float32")
    func float32() throws {
        let net = try Network(precision: .float32, threads: 1)
        let N = try net.add(LIF(2))
        try net.compile()
        try N.setState(.V, [-0.0601, 0.001].V)
        let V = try N.state(.V, as: Float.self)
        #expect(V == [Float(-60.1), Float(1)])
        #expect(try net.precision == .float32)
    }

    @Test("writing V above threshold re-derives the pending spikes")
    func writeVSpikes() throws {
        let net = try Network(threads: 1)
        let N = try net.add(LIF(3, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV, V_initializer: .constant(-60.mV)))
        try net.compile()
        #expect(try N.spikes() == [0, 0, 0])
        try N.setState(.V, [-60, -49, -60].mV)
        #expect(try N.spikes() == [0, 1, 0])
        #expect(try N.state(.spike) == [0, 1, 0])
    }

    @Test("initAllStates resets states, time and recordings")
    func initAllStates() throws {
        let coba = try COBANetwork(n: 400)
        let V = try coba.net.monitor(coba.N, .V, indices: [0, 1, 2])
        let spikes = try coba.net.monitorSpikes(coba.N)
        try coba.net.compile()
        let V0 = try coba.N.state(.V)
        let g0 = try coba.E.state(.g)
        #expect(g0.allSatisfy { $0 == 0 })
        try coba.net.run(50.ms)
        #expect(try coba.net.i == 500)
        #expect(try coba.N.state(.V) != V0)
        #expect(try coba.E.state(.g).contains { $0 > 0 })
        #expect(try V.shape().steps == 500)
        #expect(try spikes.count() > 0)

        try coba.net.initAllStates()
        #expect(try coba.net.i == 0)
        #expect(try coba.net.time(in: .ms) == 0)
        #expect(try coba.N.state(.V) == V0)
        #expect(try coba.E.state(.g) == g0)
        #expect(try coba.N.state(.last_spike_time).allSatisfy { $0 == -1e7 })
        #expect(try V.shape().steps == 0)
        #expect(try spikes.count() == 0)

        // The same run again gives the same recording.
        try coba.net.run(50.ms)
        let first = try V.values()
        try coba.net.initAllStates()
        try coba.net.run(50.ms)
        #expect(try V.values() == first)
    }

    @Test("state monitors record values and times")
    func stateMonitor() throws {
        let net = try Network(dt: 0.1.ms, precision: .float64, threads: 1)
        let N = try net.add(LIF(5, tau: 10.ms, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV,
                                V_initializer: .constant(-60.mV)))
        try N.addCurrentInput("drive", 5.mA)
        let V = try net.monitor(N, .V, indices: [0, 4])
        try net.compile()
        try net.run(steps: 10)
        let shape = try V.shape()
        #expect(shape.steps == 10 && shape.width == 2)
        let rows = try V.rows(in: .mV)
        #expect(rows.count == 10)
        #expect(rows.allSatisfy { $0[0] == $0[1] })
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0[0] < $1[0] })
        let times = try V.times(in: .ms)
        #expect(times.count == 10)
        #expect(abs(times[3] - 0.3) < 1e-12)
        #expect(try V.values(in: .V).map { $0 * 1000 }.elementsEqual(V.values(in: .mV)) { abs($0 - $1) < 1e-9 })
        try V.clear()
        #expect(try V.shape().steps == 0)
    }

    @Test("parameters: values, per-neuron arrays and initializers")
    func parameters() throws {
        let net = try Network(seed: 7, precision: .float64, threads: 1)
        let N = try net.add(LIFRef(4, R: 2.kohm, tau: 0.02.s, tau_ref: [1, 2, 3, 4].ms,
                                   V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV,
                                   V_initializer: .uniform(low: -70.mV, high: -0.06.V), spk_reset: .hard))
        try net.compile()
        #expect(try N.parameter("tau", in: .ms) == [20, 20, 20, 20])
        #expect(try N.parameter("R", in: .ohm) == [2000, 2000, 2000, 2000])
        #expect(try N.parameter("tau_ref", in: .ms) == [1, 2, 3, 4])
        let V = try N.state(.V, in: .mV)
        #expect(V.allSatisfy { $0 >= -70 && $0 <= -60 })
        #expect(Set(V).count == 4)
        // Homogeneous changes are allowed after compile.
        try N.setParameter("V_th", -45.mV)
        #expect(try N.parameter("V_th", in: .mV) == [-45, -45, -45, -45])
    }

    @Test("projection state g can be written and read")
    func synapseState() throws {
        let coba = try COBANetwork(n: 200)
        try coba.net.compile()
        try coba.I.setState(.g, 0.5.uS)
        #expect(try coba.I.state(.g, in: .uS).allSatisfy { abs($0 - 0.5) < 1e-6 })
        #expect(try coba.I.state(.g).allSatisfy { abs($0 - 0.0005) < 1e-9 })
    }
}
