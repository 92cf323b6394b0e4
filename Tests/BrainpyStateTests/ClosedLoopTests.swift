import BrainpyState
import Testing

@Suite("closed loop (bps_network_step)")
struct ClosedLoopTests {
    @Test("step with the input of every step equals run with a persistent input")
    func stepEqualsRun() throws {
        let steps = 500
        // Reference: persistent 20 mA, run.
        let a = try COBANetwork(n: 1000)
        let spikesA = try a.net.monitorSpikes(a.N)
        try a.net.compile()
        try a.net.run(steps: steps)
        let eventsA = try spikesA.events()

        // Closed loop: no persistent input; the same current handed to every step.
        let b = try COBANetwork(n: 1000, input: false)
        try b.net.compile()
        let input = [Float](repeating: 20, count: b.N.size)
        var stepsB: [Int] = [], neuronsB: [Int] = []
        for k in 0..<steps {
            let spk = try b.net.step(input: input, into: b.N, unit: .mA, spikesOf: b.N)
            #expect(spk.count == b.N.size)
            for (j, s) in spk.enumerated() where s != 0 {
                stepsB.append(k)
                neuronsB.append(j)
            }
        }
        #expect(!eventsA.steps.isEmpty)
        #expect(eventsA.steps == stepsB)
        #expect(eventsA.neurons == neuronsB)
        #expect(try a.N.state(.V, as: Float.self) == b.N.state(.V, as: Float.self))
        #expect(try a.E.state(.g) == b.E.state(.g))
        #expect(try b.net.i == steps)
    }

    @Test("the buffer variant reuses its buffer and returns the spike count")
    func bufferVariant() throws {
        let a = try COBANetwork(n: 500, input: false)
        let b = try COBANetwork(n: 500, input: false)
        try a.net.compile()
        try b.net.compile()
        var buffer: [UInt8] = []
        var total = 0
        let input: [Double] = Array(repeating: 0.02, count: 500)   // 0.02 A = 20 mA
        for _ in 0..<300 {
            let count = try a.net.step(input: input, into: a.N, unit: .A, spikesOf: a.N, buffer: &buffer)
            #expect(count == buffer.reduce(0) { $0 + Int($1) })
            #expect(try a.N.spikes() == buffer)
            let other = try b.net.step(input: 20.mA, into: b.N, spikesOf: b.N)   // one value for all
            #expect(other == buffer)
            total += count
        }
        #expect(buffer.count == 500)
        #expect(total > 0)
    }

    @Test("a one-shot current before a step acts like a step input")
    func oneShotEqualsStepInput() throws {
        let a = try COBANetwork(n: 300, input: false)
        let b = try COBANetwork(n: 300, input: false)
        try a.net.compile()
        try b.net.compile()
        for _ in 0..<200 {
            try a.N.addOneShotCurrent(20.mA)
            try a.net.step()
            _ = try b.net.step(input: [Float(20)], into: b.N, spikesOf: b.N)
        }
        #expect(try a.N.state(.V) == b.N.state(.V))
    }

    @Test("a step without input decays toward rest")
    func stepWithoutInput() throws {
        let net = try Network(threads: 1)
        let N = try net.add(LIF(3, tau: 10.ms, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV, V_initializer: .constant(-55.mV)))
        try net.compile()
        let spk = try net.step(spikesOf: N)
        #expect(spk == [0, 0, 0])
        let V = try N.state(.V)
        #expect(V.allSatisfy { $0 < -55 && $0 > -60 })
    }
}
