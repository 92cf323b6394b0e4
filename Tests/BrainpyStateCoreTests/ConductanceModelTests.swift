import Glibc
import Testing
@testable import BrainpyStateCore

/// HH, WangBuzsakiHH, MorrisLecar, FitzHughNagumo and HindmarshRose against their equations (hh.py,
/// reduced.py; spec neurons §4.3, §8), written out here with libm, step by step in float64: every
/// state to 1e-9 relative, the rising-edge spike of every step, the level spike state after init,
/// a delta input, and HH's steady-state gates.
struct ConductanceModelTests {
    let dt = 0.1

    /// A one-neuron float64 network of `model` with a persistent input `input` (in `unit`).
    func network(_ model: String, _ params: [(String, Double, String)], input: Double, unit: String,
                 size: Int = 1) throws -> (Network, Int) {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pop = try net.addPopulation(model: model, size: size)
        for (name, value, u) in params { try net.setPopulationParam(pop, name, .scalar(value, unit: u)) }
        let x = [Double](repeating: input, count: size)
        try x.withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "x", .float64(b), unit: unit, replace: false)
        }
        try net.compile()
        return (net, pop)
    }

    /// saiunit's exprel: Taylor (degree 5) for |z| ≤ 1e-7, expm1(z)/z otherwise.
    func exprel(_ z: Double) -> Double {
        if abs(z) <= 1e-7 { return 1 + z * (1.0 / 2 + z * (1.0 / 6 + z * (1.0 / 24 + z * (1.0 / 120 + z / 720)))) }
        return expm1(z) / z
    }

    /// brainstate's exp_euler_step for an element-wise drift f with derivative j.
    func ee(_ x: Double, _ f: Double, _ j: Double) -> Double { x + dt * exprel(dt * j) * f }

    func close(_ ours: Double, _ ref: Double) -> Bool { abs(ours - ref) <= 1e-9 * max(abs(ref), 1) }

    /// H(scaled V) of brainpy's get_spike().
    func above(_ v: Double, _ th: Double) -> Bool { (v - th) / th >= 0 }

    /// One step of the engine; returns (states, spike of this step).
    func advance(_ net: Network, _ pop: Int, _ states: [(String, String)]) throws -> ([Double], Bool) {
        try net.run(steps: 1)
        let values = try states.map { try net.populationState(pop, $0.0, unit: $0.1)[0] }
        return (values, try net.populationSpikes(pop)[0] != 0)
    }

    func addDelta(_ net: Network, _ pop: Int, _ value: Double, unit: String) throws {
        try [value].withUnsafeBufferPointer { b in try net.addOneShotInput(pop, kind: "delta", .float64(b), unit: unit) }
    }

    // MARK: HH

    func hhRates(_ V: Double) -> [(Double, Double)] {
        [(1 / exprel(-(V + 40) / 10), 4 * exp(-(V + 65) / 18)),
         (0.07 * exp(-(V + 65) / 20), 1 / (1 + exp(-(V + 35) / 10))),
         (0.1 / exprel(-(V + 55) / 10), 0.125 * exp(-(V + 65) / 80))]
    }

    @Test func hhFollowsItsEquations() throws {
        let (ENa, gNa, EK, gK, EL, gL, Vth, C) = (50.0, 120.0, -77.0, 36.0, -54.387, 0.03, 20.0, 1.0)
        let I = 0.008       // mA = 8 µA
        let (net, pop) = try network("HH", [("V_initializer", -65, "mV")], input: I, unit: "mA")
        var V = -65.0
        // m, h, n unset: steady state at the initial V.
        var gates = hhRates(V).map { $0.0 / ($0.0 + $0.1) }
        for (k, name) in ["m", "h", "n"].enumerated() {
            let ours = try net.populationState(pop, name, unit: "")[0]
            #expect(close(ours, gates[k]), "\(name)0 \(ours) vs \(gates[k])")
        }
        #expect(try net.populationSpikes(pop)[0] == 0)
        var spikes = 0
        for i in 0..<600 {
            let (m, h, n) = (gates[0], gates[1], gates[2])
            let gNaEff = gNa * pow(m, 3) * h, gKEff = gK * pow(n, 4)
            let f = (-gNaEff * (V - ENa) - gKEff * (V - EK) - gL * (V - EL) + I * 1000) / C
            let delta = i == 300 ? 3.0 : 0
            if i == 300 { try addDelta(net, pop, 3, unit: "mV") }
            let V1 = ee(V, f, -(gNaEff + gKEff + gL) / C) + delta
            let rates = hhRates(V)
            gates = (0..<3).map { k in
                let (a, b) = rates[k]
                return ee(gates[k], a * (1 - gates[k]) - b * gates[k], -(a + b))
            }
            let edge = above(V1, Vth) && !above(V, Vth)
            V = V1
            if edge { spikes += 1 }
            let (ours, spiked) = try advance(net, pop, [("V", "mV"), ("m", ""), ("h", ""), ("n", "")])
            #expect(close(ours[0], V), "step \(i): V \(ours[0]) vs \(V)")
            for k in 0..<3 { #expect(close(ours[k + 1], gates[k]), "step \(i): gate \(k)") }
            #expect(spiked == edge, "step \(i)")
        }
        #expect(spikes >= 3)
    }

    /// A COBA conductance is evaluated once at the old V: I = g·(E − V_old), outside the linearisation
    /// (J stays −(g_Na + g_K + gL)/C). The Expon synapse decays before the neuron reads it.
    @Test func hhCOBAInputIsEvaluatedAtTheOldV() throws {
        let (ENa, gNa, EK, gK, EL, gL, C) = (50.0, 120.0, -77.0, 36.0, -54.387, 0.03, 1.0)
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pre = try net.addPopulation(model: "LIF", size: 1)          // silent: V stays at 0 < V_th
        let post = try net.addPopulation(model: "HH", size: 1)
        try net.setPopulationParam(post, "V_initializer", .scalar(-65, unit: "mV"))
        var spec = Network.ProjectionSpec()
        spec.pre = pre
        spec.post = post
        let proj = try net.addProjection(spec)
        try net.setProjectionParam(proj, part: "comm", "conn_prob", .scalar(1, unit: ""))
        try net.setProjectionParam(proj, part: "comm", "conn_weight", .scalar(1, unit: "mS"))
        try net.setProjectionParam(proj, part: "syn", "tau", .scalar(5, unit: "ms"))
        try net.setProjectionParam(proj, part: "out", "E", .scalar(0, unit: "mV"))
        try net.compile()
        try [0.3].withUnsafeBufferPointer { b in try net.setSynapseState(proj, "g", .float64(b), unit: "mS") }
        var V = -65.0, g = 0.3
        var gates = hhRates(V).map { $0.0 / ($0.0 + $0.1) }
        var spikes = 0
        for i in 0..<400 {
            g += dt * exprel(-dt / 5) * (-g / 5)
            let (m, h, n) = (gates[0], gates[1], gates[2])
            let gNaEff = gNa * pow(m, 3) * h, gKEff = gK * pow(n, 4)
            let I = g * (0 - V)
            let f = (-gNaEff * (V - ENa) - gKEff * (V - EK) - gL * (V - EL) + I) / C
            let V1 = ee(V, f, -(gNaEff + gKEff + gL) / C)
            let rates = hhRates(V)
            gates = (0..<3).map { k in ee(gates[k], rates[k].0 * (1 - gates[k]) - rates[k].1 * gates[k], -(rates[k].0 + rates[k].1)) }
            let edge = above(V1, 20) && !above(V, 20)
            V = V1
            if edge { spikes += 1 }
            let (ours, spiked) = try advance(net, post, [("V", "mV"), ("m", ""), ("h", ""), ("n", "")])
            #expect(close(ours[0], V), "step \(i): V \(ours[0]) vs \(V)")
            for k in 0..<3 { #expect(close(ours[k + 1], gates[k]), "step \(i): gate \(k)") }
            #expect(spiked == edge, "step \(i)")
        }
        #expect(spikes >= 1)
    }

    /// HH's default V_initializer is Uniform(−70, −60) mV, drawn per neuron; the gates follow V0.
    @Test func hhDefaultsDrawVAndSettleTheGates() throws {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 7, precision: 64, numThreads: 1)
        let pop = try net.addPopulation(model: "HH", size: 40)
        try net.setPopulationParam(pop, "h_initializer", .scalar(0.3, unit: ""))
        try net.compile()
        let V = try net.populationState(pop, "V", unit: "mV")
        #expect(V.allSatisfy { $0 >= -70 && $0 <= -60 })
        #expect(Set(V).count == 40)
        let m = try net.populationState(pop, "m", unit: ""), h = try net.populationState(pop, "h", unit: "")
        for j in 0..<40 {
            let (a, b) = hhRates(V[j])[0]
            #expect(close(m[j], a / (a + b)))
            #expect(h[j] == 0.3)
        }
    }

    /// After init or a state write the spike state is get_spike() of the stored V (the level); a step
    /// returns the rising edge, so a neuron that starts above threshold does not spike on step 0.
    @Test func spikeStateIsTheLevelUntilAStepReturnsTheEdge() throws {
        let (net, pop) = try network("HH", [("V_initializer", 30, "mV"), ("m_initializer", 0.05, ""),
                                            ("h_initializer", 0.6, ""), ("n_initializer", 0.32, "")],
                                     input: 0, unit: "uA")
        #expect(try net.populationSpikes(pop)[0] == 1)
        try net.run(steps: 1)
        #expect(try net.populationState(pop, "V", unit: "mV")[0] > 20)
        #expect(try net.populationSpikes(pop)[0] == 0)
        try [25.0].withUnsafeBufferPointer { b in try net.setPopulationState(pop, "V", .float64(b), unit: "mV") }
        #expect(try net.populationSpikes(pop)[0] == 1)
    }

    // MARK: WangBuzsakiHH

    @Test func wangBuzsakiFollowsItsEquations() throws {
        let (ENa, gNa, EK, gK, EL, gL, Vth, phi, C) = (55.0, 35.0, -90.0, 9.0, -65.0, 0.1, 20.0, 5.0, 1.0)
        let I = 1.5         // µA
        let (net, pop) = try network("WangBuzsakiHH", [], input: I, unit: "uA")
        var (V, h, n) = (-65.0, 0.6, 0.32)
        var spikes = 0
        for i in 0..<600 {
            let am = 1 / exprel(-0.1 * (V + 35)), bm = 4 * exp(-(V + 60) / 18)
            let mInf = am / (am + bm)
            let gNaEff = gNa * pow(mInf, 3) * h, gKEff = gK * pow(n, 4)
            let f = (-gNaEff * (V - ENa) - gKEff * (V - EK) - gL * (V - EL) + I) / C
            let V1 = ee(V, f, -(gNaEff + gKEff + gL) / C)
            let ah = 0.07 * exp(-(V + 58) / 20), bh = 1 / (exp(-0.1 * (V + 28)) + 1)
            let an = 0.1 / exprel(-0.1 * (V + 34)), bn = 0.125 * exp(-(V + 44) / 80)
            h = ee(h, phi * (ah * (1 - h) - bh * h), -phi * (ah + bh))
            n = ee(n, phi * (an * (1 - n) - bn * n), -phi * (an + bn))
            let edge = above(V1, Vth) && !above(V, Vth)
            V = V1
            if edge { spikes += 1 }
            let (ours, spiked) = try advance(net, pop, [("V", "mV"), ("h", ""), ("n", "")])
            #expect(close(ours[0], V) && close(ours[1], h) && close(ours[2], n), "step \(i)")
            #expect(spiked == edge, "step \(i)")
        }
        #expect(spikes >= 3)
    }

    // MARK: MorrisLecar

    @Test func morrisLecarFollowsItsEquations() throws {
        let (VCa, gCa, VK, gK, VL, gL, C) = (130.0, 4.4, -84.0, 8.0, -60.0, 2.0, 20.0)
        let (V1p, V2p, V3p, V4p, phi, Vth) = (-1.2, 18.0, 2.0, 30.0, 0.04, 10.0)
        let I = 90.0        // µA
        let (net, pop) = try network("MorrisLecar", [("V_initializer", -65, "mV"), ("W_initializer", 0.02, "")],
                                     input: I, unit: "uA")
        var (V, W) = (-65.0, 0.02)
        var spikes = 0
        for i in 0..<2000 {
            let mInf = 0.5 * (1 + tanh((V - V1p) / V2p))
            let wInf = 0.5 * (1 + tanh((V - V3p) / V4p))
            let tauW = 1 / (phi * cosh((V - V3p) / (2 * V4p)))
            let f = (-gCa * mInf * (V - VCa) - gK * W * (V - VK) - gL * (V - VL) + I) / C
            let delta = i == 1000 ? -2.0 : 0
            if i == 1000 { try addDelta(net, pop, -2, unit: "mV") }
            let V1 = ee(V, f, -(gCa * mInf + gK * W + gL) / C) + delta
            W = ee(W, (wInf - W) / tauW, -1 / tauW)
            let edge = above(V1, Vth) && !above(V, Vth)
            V = V1
            if edge { spikes += 1 }
            let (ours, spiked) = try advance(net, pop, [("V", "mV"), ("W", "")])
            #expect(close(ours[0], V) && close(ours[1], W), "step \(i): \(ours) vs \(V), \(W)")
            #expect(spiked == edge, "step \(i)")
        }
        #expect(spikes >= 2)
    }

    // MARK: FitzHughNagumo

    @Test func fitzHughNagumoFollowsItsEquations() throws {
        let (a, b, tau, tauW, Vth) = (0.7, 0.8, 1.0, 12.5, 1.0)
        let I = 0.5
        let (net, pop) = try network("FitzHughNagumo", [], input: I, unit: "")
        var (V, w) = (-1.2, -0.62)
        var spikes = 0
        for i in 0..<2000 {
            let delta = i == 500 ? 0.25 : 0
            if i == 500 { try addDelta(net, pop, 0.25, unit: "") }
            let V1 = ee(V, (V - V * V * V / 3 - w + I) / tau, (1 - V * V) / tau) + delta
            w = ee(w, (V + a - b * w) / tauW, -b / tauW)
            let edge = above(V1, Vth) && !above(V, Vth)
            V = V1
            if edge { spikes += 1 }
            let (ours, spiked) = try advance(net, pop, [("V", ""), ("w", "")])
            #expect(close(ours[0], V) && close(ours[1], w), "step \(i)")
            #expect(spiked == edge, "step \(i)")
        }
        #expect(spikes >= 3)
    }

    // MARK: HindmarshRose

    @Test func hindmarshRoseFollowsItsEquations() throws {
        let (a, b, c, d, r, s, Vr, tau, Vth) = (1.0, 3.0, 1.0, 5.0, 0.006, 4.0, -1.6, 1.0, 1.0)
        let I = 2.5
        let (net, pop) = try network("HindmarshRose", [], input: I, unit: "")
        var (V, y, z) = (-1.6, -10.0, 0.0)
        var spikes = 0
        for i in 0..<3000 {
            let V1 = ee(V, (y - a * V * V * V + b * V * V - z + I) / tau, (-3 * a * V * V + 2 * b * V) / tau)
            y = ee(y, (c - d * V * V - y) / tau, -1 / tau)
            z = ee(z, r * (s * (V - Vr) - z) / tau, -r / tau)
            let edge = above(V1, Vth) && !above(V, Vth)
            V = V1
            if edge { spikes += 1 }
            let (ours, spiked) = try advance(net, pop, [("V", ""), ("y", ""), ("z", "")])
            #expect(close(ours[0], V) && close(ours[1], y) && close(ours[2], z), "step \(i)")
            #expect(spiked == edge, "step \(i)")
        }
        #expect(spikes >= 3)
    }

    /// The reduced models take dimensionless inputs only; a current is refused with a unit error.
    @Test func reducedModelsRefuseCurrents() throws {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pop = try net.addPopulation(model: "FitzHughNagumo", size: 1)
        #expect(throws: EngineError.self) {
            try [1.0].withUnsafeBufferPointer { b in
                try net.addCurrentInput(pop, key: "x", .float64(b), unit: "mA", replace: false)
            }
        }
    }
}
