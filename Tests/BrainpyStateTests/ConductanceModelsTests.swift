import BrainpyState
import Testing

@Suite("conductance-based and reduced neurons")
struct ConductanceModelsTests {
    @Test("HH: default V drawn in [-70, -60] mV, gates at steady state, rising-edge spikes")
    func hh() throws {
        let net = try Network(precision: .float64, threads: 1)
        let N = try net.add(HH(3, gNa: [120, 100, 140].mS, C: 1.uF, h_initializer: 0.6))
        try net.compile()
        let V = try N.state(.V)
        #expect(V.allSatisfy { $0 >= -70 && $0 <= -60 })
        #expect(try N.state(.h) == [0.6, 0.6, 0.6])
        let m = try N.state(.m)
        #expect(m.allSatisfy { $0 > 0.01 && $0 < 0.1 })
        var spikes = 0
        for _ in 0..<500 {
            spikes += try net.step(input: [10.0], into: N, unit: .uA, spikesOf: N).reduce(0) { $0 + Int($1) }
        }
        // 10 uA drives repetitive firing; without a reset, one spike per action potential (not per step above V_th).
        #expect(spikes >= 6 && spikes <= 20)
    }

    @Test("WangBuzsakiHH and MorrisLecar take their typed parameters")
    func typedParameters() throws {
        let net = try Network(precision: .float32, threads: 1)
        let wb = try net.add(WangBuzsakiHH(2, phi: 3.0, V_initializer: .constant(-64.mV)))
        let ml = try net.add(MorrisLecar(2, phi: 67.Hz, V_initializer: -65.mV, W_initializer: 0.02,
                                         spk_reset: .hard))
        try wb.addCurrentInput("x", 1.5.uA)
        try ml.addCurrentInput("x", 0.15.mA)
        try net.compile()
        #expect(try wb.state(.V) == [-64, -64])
        #expect(try ml.state(.W, as: Float.self) == [0.02, 0.02])
        try net.run(50.ms)
        #expect(try wb.state(.n).allSatisfy { $0 > 0 && $0 < 1 })
        #expect(try ml.state(.V).allSatisfy { $0.isFinite })
    }

    @Test("FitzHughNagumo and HindmarshRose are dimensionless")
    func reduced() throws {
        let net = try Network(precision: .float64, threads: 1)
        let fhn = try net.add(FitzHughNagumo(2, a: [0.7, 0.6], tau_w: 12.5.ms))
        let hr = try net.add(HindmarshRose(1, r: 0.006, V_initializer: -1.6))
        try fhn.addCurrentInput("x", 0.5)
        try hr.addCurrentInput("x", 2.5)
        try net.compile()
        #expect(try fhn.state("V", in: .one) == [-1.2, -1.2])
        #expect(try hr.state(.y) == [-10])
        try fhn.addOneShotDelta(0.1)
        var spikes = 0
        for _ in 0..<1000 {
            spikes += try net.step(input: [0.0, 0.0], into: fhn, unit: .one, spikesOf: fhn).reduce(0) { $0 + Int($1) }
        }
        #expect(spikes >= 4)
        #expect(throws: BrainpyStateError.self) { try fhn.addCurrentInput("bad", 1.mA) }
    }
}
