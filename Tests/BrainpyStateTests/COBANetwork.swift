import BrainpyState

/// brainpy.state's example 103 at any size: n LIFRef neurons (80 % E, 20 % I), out-degree 80.
struct COBANetwork {
    let net: Network
    let N: Population
    let E: Projection
    let I: Projection
    let nExc: Int

    init(n: Int = 4000, seed: UInt64 = 42, precision: Precision = .float32, threads: Int = 1,
         weightScale: Double = 1, input: Bool = true, batchSize: Int = 0) throws {
        net = try Network(dt: 0.1.ms, seed: seed, precision: precision, threads: threads, batchSize: batchSize)
        nExc = n * 4 / 5
        N = try net.add(LIFRef(n, tau: 20.ms, tau_ref: 5.ms, V_th: -50.mV, V_reset: -60.mV, V_rest: -60.mV,
                               V_initializer: .normal(mean: -55.mV, std: 2.mV)))
        let p = 80.0 / Double(n)
        E = try net.add(AlignPostProj(pre: N[0..<nExc],
                                      comm: EventFixedProb(connProb: p, connWeight: 0.6.mS * weightScale, seed: 1),
                                      syn: Expon(tau: 5.ms), out: COBA(E: 0.mV), post: N))
        I = try net.add(AlignPostProj(pre: N[nExc...],
                                      comm: EventFixedProb(connProb: p, connWeight: 6.7.mS * weightScale, seed: 2),
                                      syn: Expon(tau: 10.ms), out: COBA(E: -80.mV), post: N))
        if input { try N.addCurrentInput("ext", 20.mA) }
    }

    /// Mean rates (Hz) of E and I over `duration_ms` from spike events.
    func rates(_ neurons: [Int], duration_ms: Double) -> (E: Double, I: Double) {
        let nE = neurons.lazy.filter { $0 < nExc }.count
        let nI = neurons.count - nE
        let s = duration_ms / 1000
        return (Double(nE) / Double(nExc) / s, Double(nI) / Double(N.size - nExc) / s)
    }
}
