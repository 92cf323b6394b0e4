import BrainpyState
import Testing

@Suite("connectivity")
struct ConnectivityTests {
    @Test("EventFixedProb: out-degree int(n_post * p), weights read back in any unit")
    func eventFixedProb() throws {
        let coba = try COBANetwork(n: 4000)
        try coba.net.compile()
        #expect(try coba.E.numConnections() == 3200 * 80)
        let (pre, post, weight) = try coba.E.connections(weightUnit: .uS)
        #expect(pre.count == 3200 * 80 && post.count == pre.count && weight.count == pre.count)
        #expect(zip(pre, pre.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(pre.first == 0 && pre.last == 3199)
        #expect(post.allSatisfy { (0..<4000).contains($0) })
        #expect(weight.allSatisfy { abs($0 - 600) < 1e-3 })
        // Every presynaptic neuron has exactly 80 targets.
        var degree = [Int](repeating: 0, count: 3200)
        for i in pre { degree[i] += 1 }
        #expect(degree.allSatisfy { $0 == 80 })
        let inh = try coba.I.connections()
        #expect(inh.pre.count == 800 * 80)
        #expect(inh.weight.allSatisfy { abs($0 - 6.7) < 1e-6 })
    }

    @Test("the same seed draws the same connectivity")
    func seeded() throws {
        let a = try COBANetwork(n: 1000, seed: 1), b = try COBANetwork(n: 1000, seed: 99)
        try a.net.compile()
        try b.net.compile()
        // The comm seed (1), not the network seed, fixes EventFixedProb's draw.
        #expect(try a.E.connections().post == b.E.connections().post)
    }

    @Test("SparseLinear connections round trip, with per-connection or one weight")
    func sparseLinear() throws {
        let net = try Network(precision: .float64, threads: 1)
        let pre = try net.add(LIF(3))
        let post = try net.add(LIF(4))
        let p1 = try net.add(AlignPostProj(pre: pre, comm: SparseLinear(pre: [0, 0, 2], post: [1, 3, 0],
                                                                         weight: [1, 2, 3].nS),
                                           syn: Expon(tau: 5.ms), out: CUBA(), post: post))
        let p2 = try net.add(AlignPostProj(pre: pre[1...], comm: SparseLinear(pre: [1], post: [2], weight: 4.uS),
                                           syn: Expon(tau: 2.ms), out: CUBA(scale: 1.V), post: post))
        try net.compile()
        let c1 = try p1.connections(weightUnit: .nS)
        #expect(c1.pre == [0, 0, 2] && c1.post == [1, 3, 0])
        #expect(zip(c1.weight, [1.0, 2, 3]).allSatisfy { abs($0 - $1) < 1e-9 })
        let c2 = try p2.connections(weightUnit: .uS)
        #expect(c2.pre == [1] && c2.post == [2] && abs(c2.weight[0] - 4) < 1e-9)
    }

    @Test("Linear: a dense weight matrix drives the post synapse")
    func linear() throws {
        let net = try Network(precision: .float64, threads: 1)
        let pre = try net.add(LIF(2, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV, V_initializer: .constant(-60.mV)))
        let post = try net.add(LIF(3))
        let proj = try net.add(AlignPostProj(pre: pre, comm: Linear(weight: [1, 2, 3, 4, 5, 6].mS),
                                             syn: Expon(tau: 5.ms), out: CUBA(), post: post))
        try net.compile()
        // Make neuron 1 spike; its row (4, 5, 6) mS arrives at the next step.
        try pre.setState(.V, [-60, -40].mV)
        try net.step()
        let g = try proj.state(.g, in: .mS)
        #expect(zip(g, [4.0, 5, 6]).allSatisfy { abs($0 - $1) < 1e-9 }, "g = \(g)")
    }
}
