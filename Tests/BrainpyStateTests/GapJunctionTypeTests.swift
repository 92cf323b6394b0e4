import BrainpyState
import Glibc
import Testing

/// The Swift gap-junction types: index pairs and weights reach the engine, and one step matches the
/// equations by hand (spec synapses §5.8).
@Suite("gap junction types")
struct GapJunctionTypeTests {
    /// One LIF step (tau 10 ms, V_rest -60 mV, R 1 ohm) from V with a junction current I in uA.
    func step(_ V: Double, _ I: Double) -> Double {
        let dt = 0.1, z = -dt / 10
        return V + dt * (expm1(z) / z) * (-V - 60 + 1e-3 * I) / 10
    }

    func lif(_ net: Network, _ V0: [Double]) throws -> Population {
        try net.add(LIF(V0.count, tau: 10.ms, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV,
                        V_initializer: V0.mV))
    }

    @Test("symmetric self-coupling with a repeated pair")
    func symmetric() throws {
        let net = try Network(precision: .float64, threads: 1)
        let V0 = [-52.0, -58, -55]
        let N = try lif(net, V0)
        let gj = try net.add(SymmetryGapJunction(couples: N, preIds: [0, 0, 2], postIds: [1, 1, 0], weight: 100.mS))
        try net.compile()
        try net.run(steps: 1)
        var I = [0.0, 0, 0]
        for (i, o) in [(0, 1), (0, 1), (2, 0)] {
            I[o] += 100 * (V0[i] - V0[o])
            I[i] -= 100 * (V0[i] - V0[o])
        }
        let V = try N.state(.V)
        for j in 0..<3 { #expect(abs(V[j] - step(V0[j], I[j])) <= 1e-12) }
        let c = try gj.connections()
        #expect(c.pre == [0, 0, 2] && c.post == [1, 1, 0] && c.weight == [100, 100, 100])
        try gj.setParameter(.proj, "weight", 0.2.S)      // after compile, still one value
        #expect(try gj.connections().weight == [200, 200, 200])
    }

    @Test("asymmetric pair: [g_pre, g_post], the post side uses g_pre")
    func asymmetric() throws {
        let net = try Network(precision: .float64, threads: 1)
        let (Va, Vb) = ([-52.0], [-60.0])
        let a = try lif(net, Va), b = try lif(net, Vb)
        try net.add(AsymmetryGapJunction(pre: a, post: b, preIds: [0], postIds: [0], weight: [400, 100].mS))
        try net.compile()
        try net.run(steps: 1)
        let d = Va[0] - Vb[0]
        #expect(abs(try b.state(.V)[0] - step(Vb[0], 400 * d)) <= 1e-12)
        #expect(abs(try a.state(.V)[0] - step(Va[0], -100 * d)) <= 1e-12)
        #expect(throws: BrainpyStateError.self) {
            try net.add(AsymmetryGapJunction(pre: a, post: b, preIds: [0], postIds: [1], weight: [1, 1].mS))
        }
    }
}
