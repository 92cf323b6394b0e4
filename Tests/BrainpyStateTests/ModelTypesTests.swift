import BrainpyState
import Testing

/// The Swift description types beyond LIF: each must hand every parameter to the engine under
/// brainpy.state's name and unit (read back after compile), and the projection kinds must wire as
/// brainpy.state does. The models' equations are checked in the core tests and against brainpy.state
/// in the Python conformance tests.
@Suite("model types")
struct ModelTypesTests {
    func parameter<D>(_ population: Population, _ name: String, _ unit: Unit<D>) throws -> Double {
        let values = try population.parameter(name, in: unit)
        return values.first ?? .nan
    }

    @Test("ALIF passes every parameter and initial state")
    func alif() throws {
        let net = try Network(precision: .float64, threads: 1)
        let n = try net.add(ALIF(3, R: 2.ohm, tau: 7.ms, tau_a: 90.ms, V_th: -50.mV, V_reset: -70.mV, V_rest: -65.mV,
                                 beta: 0.3.mV, spk_reset: .hard, V_initializer: .constant(-66.mV), a_initializer: 0.5))
        try net.compile()
        #expect(try parameter(n, "R", .ohm) == 2)
        #expect(try parameter(n, "tau", .ms) == 7)
        #expect(try parameter(n, "tau_a", .ms) == 90)
        #expect(try parameter(n, "V_th", .mV) == -50)
        #expect(try parameter(n, "V_reset", .mV) == -70)
        #expect(try parameter(n, "V_rest", .mV) == -65)
        #expect(try parameter(n, "beta", .mV) == 0.3)
        #expect(try n.state(.V, in: .mV) == [-66, -66, -66])
        #expect(try n.state(StateKey<Dimensionless>("a")) == [0.5, 0.5, 0.5])
    }

    @Test("AdExIF and AdExIFRef pass every parameter; AdExIFRef holds V through tau_ref")
    func adex() throws {
        let net = try Network(precision: .float64, threads: 1)
        let a = try net.add(AdExIF(2, R: 1.5.ohm, tau: 12.ms, tau_w: 40.ms, V_th: -50.mV, V_reset: -70.mV,
                                   V_rest: -66.mV, V_T: -58.mV, delta_T: 2.mV, a: 0.5.S, b: 2.mA,
                                   V_initializer: .constant(-60.mV), w_initializer: .constant(1.mA)))
        let r = try net.add(AdExIFRef(2, tau_ref: 2.ms, V_th: -50.mV, V_reset: -70.mV, spk_reset: .hard,
                                      ref_var: true))
        try net.compile()
        #expect(try parameter(a, "R", .ohm) == 1.5)
        #expect(try parameter(a, "tau", .ms) == 12)
        #expect(try parameter(a, "tau_w", .ms) == 40)
        #expect(try parameter(a, "V_th", .mV) == -50)
        #expect(try parameter(a, "V_reset", .mV) == -70)
        #expect(try parameter(a, "V_rest", .mV) == -66)
        #expect(try parameter(a, "V_T", .mV) == -58)
        #expect(try parameter(a, "delta_T", .mV) == 2)
        #expect(try parameter(a, "a", .S) == 0.5)
        #expect(try parameter(a, "b", .mA) == 2)
        #expect(try a.state(.V, in: .mV) == [-60, -60])
        #expect(try a.state(StateKey<CurrentDimension>("w"), in: .mA) == [1, 1])
        #expect(try parameter(r, "tau_ref", .ms) == 2)
        // Drive the refractory population hard: after each spike V stays at V_reset for 2 ms (20 steps).
        try r.addCurrentInput("drive", 200.mA)
        var held = 0, spikes = 0, sinceSpike = 1_000
        for _ in 0..<400 {
            let s = try net.step(spikesOf: r)
            let v = try r.state(.V, in: .mV)[0]
            let refractory = try r.state(StateKey<Dimensionless>("refractory"))[0]
            if s[0] != 0 { spikes += 1; sinceSpike = 0; continue }
            sinceSpike += 1
            if sinceSpike < 20 {
                #expect(v == -70 && refractory == 1, "step \(sinceSpike) after a spike: V \(v), refractory \(refractory)")
                held += 1
            }
        }
        #expect(spikes > 2 && held > 2 * 19)
    }

    @Test("DualExpon peaks at its amplitude when normalised; Alpha lags by a step and peaks near 1/e")
    func synapses() throws {
        let net = try Network(precision: .float64, threads: 1)
        let pre = try net.add(LIF(1, V_th: 1.mV))
        // R/tau = 1e7 ohm / 1e6 ms: each step adds (output in mS) * (CUBA's 1 V) mV to V, so the
        // increments of V show the synapse output.
        let post = try net.add(LIF(2, R: 1e7.ohm, tau: 1e6.ms, V_th: 1e9.mV))
        _ = try net.add(AlignPostProj(pre: pre, comm: SparseLinear(pre: [0], post: [0], weight: 1.mS),
                                      syn: DualExpon(tau_decay: 10.ms, tau_rise: 1.ms, amplitude: 2.0),
                                      out: CUBA(), post: post))
        _ = try net.add(AlignPostProj(pre: pre, comm: SparseLinear(pre: [0], post: [1], weight: 1.mS),
                                      syn: DualExpon(tau_decay: 10.ms, tau_rise: 1.ms, normalize: false),
                                      out: CUBA(), post: post))
        let alpha = try net.add(AlignPostProj(pre: pre, comm: SparseLinear(pre: [0], post: [0], weight: 1.mS),
                                              syn: Alpha(tau: 8.ms), out: CUBA(), post: try net.add(LIF(1))))
        try net.compile()
        try pre.setState(.V, [5].mV)        // one spike at step 0, delivered at step 1
        var previous = try post.state(.V, in: .mV)
        var peak = [0.0, 0.0]
        var alphaG: [Double] = []
        for _ in 0..<300 {
            try net.step()
            try pre.setState(.V, [0].mV)
            let v = try post.state(.V, in: .mV)
            for k in 0..<2 { peak[k] = max(peak[k], v[k] - previous[k]) }
            previous = v
            alphaG.append(try alpha.state(.g)[0])
        }
        #expect(abs(peak[0] - 2) < 0.01, "normalised DualExpon output peak \(peak[0]) (amplitude 2)")
        // unnormalised: the peak of exp(-t/10) - exp(-t/1) is 0.697
        #expect(abs(peak[1] - 0.697) < 0.01, "unnormalised DualExpon output peak \(peak[1])")
        // Alpha: h takes the input at step 1, g follows from step 2.
        #expect(alphaG[0] == 0 && alphaG[1] > 0)
        let top = alphaG.max() ?? 0
        #expect(abs(top - 1 / 2.718281828459045) < 0.02, "alpha peak \(top)")
    }

    @Test("CurrentProj binds this step's comm output; DeltaProj adds a voltage to V")
    func projectionKinds() throws {
        let net = try Network(precision: .float64, threads: 1)
        let pre = try net.add(LIF(1, tau: 5.ms))
        try pre.addCurrentInput("x", 30.mA)
        let post = try net.add(LIF(2, tau: 1e6.ms, V_th: 1e6.mV))
        let current = try net.add(CurrentProj(pre: pre, comm: SparseLinear(pre: [0], post: [0], weight: 3.mS),
                                              out: COBA(E: 0.mV), post: post))
        _ = try net.add(DeltaProj(pre: pre, comm: SparseLinear(pre: [0], post: [1], weight: 0.5.mV), post: post))
        try net.compile()
        var fired = 0, lastFired = false
        for _ in 0..<200 {
            let s = try net.step(spikesOf: pre)
            let g = try current.state(.g)[0]
            #expect(g == (lastFired ? 3 : 0), "g = \(g) after a step with\(lastFired ? "" : "out") a spike")
            if lastFired { fired += 1 }
            lastFired = s[0] != 0
        }
        #expect(fired > 3)
        let v = try post.state(.V, in: .mV)[1]
        #expect(abs(v - 0.5 * Double(fired)) < 1e-3, "V \(v) after \(fired) delta inputs of 0.5 mV")
        // A conductance weight is not a voltage: DeltaProj refuses it.
        let other = try Network(threads: 1)
        let a = try other.add(LIF(1)), b = try other.add(LIF(1))
        #expect(throws: BrainpyStateError.self) {
            try other.add(DeltaProj(pre: a, comm: SparseLinear(pre: [0], post: [0], weight: 1.mS), post: b))
            try other.compile()
        }
    }
}
