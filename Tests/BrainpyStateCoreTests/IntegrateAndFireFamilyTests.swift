import Glibc
import Testing
@testable import BrainpyStateCore

/// The integrate-and-fire family and Izhikevich models against their equations (spec neurons §6–§7,
/// brainpy/state/lif.py and izhikevich.py), written out here once more in plain float64 in brainpy's
/// units (mV, mA, ohm, S, ms), step by step, with resets, refractory holds and delta inputs.
struct IntegrateAndFireFamilyTests {
    let dt = 0.1

    func exprel(_ z: Double) -> Double { abs(z) <= 1e-7 ? 1 + z / 2 : expm1(z) / z }
    /// One exponential-Euler step x + dt·exprel(dt·J)·f.
    func ee(_ x: Double, _ f: Double, _ jac: Double) -> Double { x + dt * exprel(dt * jac) * f }
    func H(_ x: Double) -> Double { x >= 0 ? 1 : 0 }

    /// What one comparison runs: a population of `inputs.count` neurons with a constant input each,
    /// optional delta inputs before some steps, and the states to compare (name, brainpy unit).
    struct Case {
        var model: String
        var params: [(String, Double, String)]
        var reset = "soft"
        var inputs: [Double]
        var inputUnit = "mA"
        var states: [(String, String)]
        var steps = 600
        /// The delta input before step i (one value for every neuron), if any.
        var delta: (Int) -> Double? = { _ in nil }
        var deltaUnit = "mV"
    }

    /// Runs the engine and `reference` (one neuron's state vector in `states` order, t, x, delta ->
    /// spike) side by side; every state within 1e-9 relative, every spike identical. Returns the
    /// number of spikes.
    func compare(_ c: Case, initial: [Double],
                 _ reference: (inout [Double], Double, Double, Double) -> Bool) throws -> Int {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pop = try net.addPopulation(model: c.model, size: c.inputs.count)
        for (name, value, u) in c.params { try net.setPopulationParam(pop, name, .scalar(value, unit: u)) }
        try net.setPopulationOption(pop, "spk_reset", c.reset)
        try c.inputs.withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "x", .float64(b), unit: c.inputUnit, replace: false)
        }
        try net.compile()
        var ref = Array(repeating: initial, count: c.inputs.count)
        var spikes = 0
        for i in 0..<c.steps {
            let t = Double(i) * dt
            let d = c.delta(i)
            if let d {
                let values = [Double](repeating: d, count: c.inputs.count)
                try values.withUnsafeBufferPointer { b in
                    try net.addOneShotInput(pop, kind: "delta", .float64(b), unit: c.deltaUnit)
                }
            }
            var expected: [Bool] = []
            for n in ref.indices { expected.append(reference(&ref[n], t, c.inputs[n], d ?? 0)) }
            try net.run(steps: 1)
            let got = try net.populationSpikes(pop)
            for n in ref.indices {
                #expect((got[n] != 0) == expected[n], "\(c.model) neuron \(n) step \(i): spike")
                if expected[n] { spikes += 1 }
            }
            for (k, (name, unit)) in c.states.enumerated() {
                let ours = try net.populationState(pop, name, unit: unit)
                for n in ref.indices {
                    let want = ref[n][k]
                    #expect(abs(ours[n] - want) <= 1e-9 * max(abs(want), 1),
                            "\(c.model) neuron \(n) step \(i): \(name) \(ours[n]) vs \(want)")
                }
            }
        }
        return spikes
    }

    // MARK: - ExpIF

    /// ExpIF with brainpy's defaults: the late spike test at V_th = −30 mV lets one stiff step run V
    /// up to ~1e15 mV, after which the soft-reset neuron spikes every step (spec §6.5, trap 3).
    @Test func expIFRunsAway() throws {
        let (R, tau, vTh, vReset, vRest, vT, dT) = (1.0, 10.0, -30.0, -68.0, -65.0, -59.9, 3.48)
        var peak = 0.0
        let c = Case(model: "ExpIF", params: [], inputs: [8, 20], states: [("V", "mV")], steps: 400)
        let spikes = try compare(c, initial: [-65]) { s, _, x, d in
            let v = s[0]
            let vr = v - (vTh - vReset) * H((v - vTh) / (vTh - vReset))
            let u = (vr - vT) / dT
            let f = (-(vr - vRest) + dT * exp(min(u, 20)) + R * x) / tau
            let jac = (-1 + (u < 20 ? exp(u) : 0)) / tau
            s[0] = ee(vr, f, jac) + d
            peak = max(peak, s[0])
            return H((s[0] - vTh) / (vTh - vReset)) == 1
        }
        #expect(spikes > 100)
        #expect(peak > 1e12)
    }

    /// ExpIFRef with hard reset, a lower threshold and delta inputs: the hold at V_r for τ_ref.
    @Test func expIFRefHoldsAfterSpikes() throws {
        let (R, tau, tauRef, vTh, vReset, vRest, vT, dT) = (2.0, 12.0, 2.0, -45.0, -70.0, -65.0, -55.0, 2.0)
        var holds = 0
        let c = Case(model: "ExpIFRef",
                     params: [("R", R, "ohm"), ("tau", tau, "ms"), ("tau_ref", tauRef, "ms"), ("V_th", vTh, "mV"),
                              ("V_reset", vReset, "mV"), ("V_rest", vRest, "mV"), ("V_T", vT, "mV"),
                              ("delta_T", dT, "mV"), ("V_initializer", -60, "mV")],
                     reset: "hard", inputs: [6, 12],
                     states: [("V", "mV"), ("last_spike_time", "ms"), ("refractory", "")],
                     delta: { $0 % 37 == 5 ? 1.5 : nil })
        let spikes = try compare(c, initial: [-60, -1e7, 0]) { s, t, x, d in
            let v = s[0]
            let vr = v - (v - vReset) * H((v - vTh) / (vTh - vReset))
            let u = (vr - vT) / dT
            let f = (-(vr - vRest) + dT * exp(min(u, 20)) + R * x) / tau
            let jac = (-1 + (u < 20 ? exp(u) : 0)) / tau
            let vc = ee(vr, f, jac) + d
            let held = t - s[1] < tauRef
            if held { holds += 1 }
            s[0] = held ? vr : vc
            let fired = s[0] >= vTh
            if fired { s[1] = t }
            s[2] = held || fired ? 1 : 0
            return H((s[0] - vTh) / (vTh - vReset)) == 1
        }
        #expect(spikes > 5)
        #expect(holds > 20)
    }

    // MARK: - QuaIF, AdQuaIF

    @Test func quaIFFollowsItsEquations() throws {
        let (R, tau, vTh, vReset, vRest, vC, c0) = (1.0, 10.0, -30.0, -68.0, -65.0, -50.0, 0.07)
        let c = Case(model: "QuaIF", params: [], inputs: [5, 12, 40], states: [("V", "mV")],
                     delta: { $0 == 100 ? 3 : nil })
        let spikes = try compare(c, initial: [-65]) { s, _, x, d in
            let v = s[0]
            let vr = v - (vTh - vReset) * H((v - vTh) / (vTh - vReset))
            let f = (c0 * (vr - vRest) * (vr - vC) + R * x) / tau
            let jac = c0 * ((vr - vC) + (vr - vRest)) / tau
            s[0] = ee(vr, f, jac) + d
            return H((s[0] - vTh) / (vTh - vReset)) == 1
        }
        #expect(spikes > 5)
    }

    /// AdQuaIF: w jumps by b at a spike and follows the new V (delta included).
    @Test func adQuaIFFollowsItsEquations() throws {
        let (R, tau, tauW, vTh, vReset, vRest, vC, c0, a, b) = (1.0, 10.0, 10.0, -30.0, -68.0, -65.0, -50.0, 0.07, 0.2, 2.0)
        let c = Case(model: "AdQuaIF", params: [("a", a, "S"), ("b", b, "mA")], inputs: [5, 15, 40],
                     states: [("V", "mV"), ("w", "mA")], delta: { $0 == 150 ? 2 : nil })
        let spikes = try compare(c, initial: [-65, 0]) { s, _, x, d in
            let (v, w) = (s[0], s[1])
            let spike = H((v - vTh) / (vTh - vReset))
            let vr = v - (vTh - vReset) * spike
            let wr = w + b * spike
            let f = (c0 * (vr - vRest) * (vr - vC) - R * wr + R * x) / tau
            let jac = c0 * ((vr - vC) + (vr - vRest)) / tau
            s[0] = ee(vr, f, jac) + d
            s[1] = ee(wr, (a * (s[0] - vRest) - wr) / tauW, -1 / tauW)
            return H((s[0] - vTh) / (vTh - vReset)) == 1
        }
        #expect(spikes > 5)
    }

    /// AdQuaIFRef with hard reset: V and w held at their reset values for τ_ref.
    @Test func adQuaIFRefHoldsAfterSpikes() throws {
        let (R, tau, tauW, tauRef, vTh, vReset, vRest, vC, c0, a, b) =
            (1.0, 10.0, 10.0, 2.0, -30.0, -68.0, -65.0, -50.0, 0.07, 0.2, 2.0)
        var holds = 0
        let c = Case(model: "AdQuaIFRef", params: [("a", a, "S"), ("b", b, "mA"), ("tau_ref", tauRef, "ms")],
                     reset: "hard", inputs: [15, 40],
                     states: [("V", "mV"), ("w", "mA"), ("last_spike_time", "ms"), ("refractory", "")])
        let spikes = try compare(c, initial: [-65, 0, -1e7, 0]) { s, t, x, _ in
            let (v, w) = (s[0], s[1])
            let spike = H((v - vTh) / (vTh - vReset))
            let vr = v - (v - vReset) * spike
            let wr = w + b * spike
            let f = (c0 * (vr - vRest) * (vr - vC) - R * wr + R * x) / tau
            let jac = c0 * ((vr - vC) + (vr - vRest)) / tau
            let vc = ee(vr, f, jac)
            let wc = ee(wr, (a * (vc - vRest) - wr) / tauW, -1 / tauW)
            let held = t - s[2] < tauRef
            if held { holds += 1 }
            (s[0], s[1]) = held ? (vr, wr) : (vc, wc)
            let fired = s[0] >= vTh
            if fired { s[2] = t }
            s[3] = held || fired ? 1 : 0
            return H((s[0] - vTh) / (vTh - vReset)) == 1
        }
        #expect(spikes > 5)
        #expect(holds > 20)
    }

    // MARK: - Gif

    /// Gif's parameters for the tests: spike-triggered currents and a moving threshold.
    let gifParams: [(String, Double, String)] = [("a", 0.005, "1/ms"), ("A1", 0.2, "mA"), ("A2", -0.1, "mA"),
                                                 ("R1", 0.5, ""), ("R2", 0.8, "")]

    /// One Gif/GifRef step; `undecayed` selects GifRef's V equation (I_r instead of I_c).
    func gifStep(_ s: inout [Double], _ t: Double, _ x: Double, _ d: Double, hard: Bool, tauRef: Double?) -> Bool {
        let (R, tau, vRest, vReset, thInf, thReset, a, b, k1, k2, R1, R2, A1, A2) =
            (20.0, 20.0, -70.0, -70.0, -50.0, -60.0, 0.005, 0.01, 0.2, 0.02, 0.5, 0.8, 0.2, -0.1)
        let (v, i1, i2, th) = (s[0], s[1], s[2], s[3])
        let spike = H((v - th) / (th - vReset))
        let vr = v - ((hard ? v : th) - vReset) * spike
        let i1r = i1 + spike * (R1 * i1 + A1 - i1)
        let i2r = i2 + spike * (R2 * i2 + A2 - i2)
        let thr = th + spike * (max(thReset, th) - th)
        let i1c = ee(i1r, -k1 * i1r, -k1)
        let i2c = ee(i2r, -k2 * i2r, -k2)
        let thc = ee(thr, a * (vr - vRest) - b * (thr - thInf), -b)
        let (j1, j2) = tauRef == nil ? (i1c, i2c) : (i1r, i2r)
        let vc = ee(vr, (-(vr - vRest) + R * (j1 + j2 + x)) / tau, -1 / tau) + d
        if let tauRef {
            let held = t - s[4] < tauRef
            s[0...3] = held ? [vr, i1r, i2r, thr] : [vc, i1c, i2c, thc]
            let fired = s[0] >= s[3]
            if fired { s[4] = t }
            s[5] = held || fired ? 1 : 0
        } else {
            s[0...3] = [vc, i1c, i2c, thc]
        }
        return H((s[0] - s[3]) / (s[3] - vReset)) == 1
    }

    @Test func gifFollowsItsEquations() throws {
        let c = Case(model: "Gif", params: gifParams, inputs: [1.2, 2, 3],
                     states: [("V", "mV"), ("I1", "mA"), ("I2", "mA"), ("V_th", "mV")], steps: 1500,
                     delta: { $0 == 300 ? 4 : nil })
        let spikes = try compare(c, initial: [-70, 0, 0, -50]) { s, t, x, d in
            gifStep(&s, t, x, d, hard: false, tauRef: nil)
        }
        #expect(spikes > 5)
    }

    /// GifRef: hard reset, every state held while refractory, and the undecayed I1, I2 in the V equation.
    @Test func gifRefHoldsAfterSpikes() throws {
        var holds = 0
        let c = Case(model: "GifRef", params: gifParams + [("tau_ref", 2, "ms")], reset: "hard", inputs: [2, 3],
                     states: [("V", "mV"), ("I1", "mA"), ("I2", "mA"), ("V_th", "mV"), ("last_spike_time", "ms"),
                              ("refractory", "")], steps: 1500)
        let spikes = try compare(c, initial: [-70, 0, 0, -50, -1e7, 0]) { s, t, x, d in
            if t - s[4] < 2 { holds += 1 }
            return gifStep(&s, t, x, d, hard: true, tauRef: 2)
        }
        #expect(spikes > 5)
        #expect(holds > 20)
    }

    // MARK: - CubaLIF, CobaLIF

    /// CubaLIF: g decays first and takes the delta input (a current); V sees the new g, no delta.
    @Test func cubaLIFIntegratesGFirst() throws {
        let (R, tau, tauSyn, vTh, vReset, vRest) = (1.0, 5.0, 5.0, 1.0, 0.0, 0.0)
        let c = Case(model: "CubaLIF", params: [], reset: "soft", inputs: [0.5, 1.5],
                     states: [("V", "mV"), ("g", "mA")], delta: { $0 % 25 == 0 ? 0.8 : nil }, deltaUnit: "mA")
        let spikes = try compare(c, initial: [0, 0]) { s, _, x, d in
            let (v, g) = (s[0], s[1])
            let vr = v - (vTh - vReset) * H((v - vTh) / (vTh - vReset))
            s[1] = ee(g, -g / tauSyn, -1 / tauSyn) + d
            s[0] = ee(vr, (-(vr - vRest) + R * (s[1] + x)) / tau, -1 / tau)
            return H((s[0] - vTh) / (vTh - vReset)) == 1
        }
        #expect(spikes > 5)
    }

    /// CobaLIF: g (a conductance, delta inputs in S) drives g·(E − V) and enters the linearisation.
    @Test func cobaLIFIntegratesGFirst() throws {
        let (R, tau, tauSyn, E, vTh, vReset, vRest) = (1.0, 5.0, 5.0, 5.0, 1.0, 0.0, 0.0)
        let c = Case(model: "CobaLIF", params: [("E", E, "mV")], reset: "hard", inputs: [0.5, 0.9],
                     states: [("V", "mV"), ("g", "S")], delta: { $0 % 25 == 0 ? 0.2 : nil }, deltaUnit: "S")
        let spikes = try compare(c, initial: [0, 0]) { s, _, x, d in
            let (v, g) = (s[0], s[1])
            let vr = v - (v - vReset) * H((v - vTh) / (vTh - vReset))
            let g1 = ee(g, -g / tauSyn, -1 / tauSyn) + d
            s[1] = g1
            s[0] = ee(vr, (-(vr - vRest) + R * (g1 * (E - vr) + x)) / tau, (-1 - R * g1) / tau)
            return H((s[0] - vTh) / (vTh - vReset)) == 1
        }
        #expect(spikes > 5)
    }

    // MARK: - Izhikevich

    /// Izhikevich: input in mV/ms, reset to c by selection whatever spk_reset says, u from the new V.
    @Test func izhikevichFollowsItsEquations() throws {
        let (a, b, c0, d0, vTh) = (0.02, 0.2, -65.0, 8.0, 30.0)
        let c = Case(model: "Izhikevich", params: [], reset: "soft", inputs: [10, 20, 40], inputUnit: "mV/ms",
                     states: [("V", "mV"), ("u", "mV/ms")], steps: 1000, delta: { $0 == 200 ? 5 : nil })
        let spikes = try compare(c, initial: [-65, 0]) { s, _, x, d in
            let (v, u) = (s[0], s[1])
            let spike = H((v - vTh) / vTh)
            let vr = spike > 0 ? c0 : v
            let ur = u + d0 * spike
            let vc = ee(vr, 0.04 * vr * vr + 5 * vr + 140 - ur + x, 2 * 0.04 * vr + 5) + d
            s[0] = vc
            s[1] = ee(ur, a * (b * vc - ur), -a)
            return H((s[0] - vTh) / vTh) == 1
        }
        #expect(spikes > 5)
    }

    /// IzhikevichRef with τ_ref = 2 ms: (V_r, u_r) held while refractory.
    @Test func izhikevichRefHoldsAfterSpikes() throws {
        let (a, b, c0, d0, vTh, tauRef) = (0.02, 0.2, -65.0, 8.0, 30.0, 2.0)
        var holds = 0
        let c = Case(model: "IzhikevichRef", params: [("tau_ref", tauRef, "ms")], reset: "hard", inputs: [10, 40],
                     inputUnit: "mV/ms", states: [("V", "mV"), ("u", "mV/ms"), ("last_spike_time", "ms"), ("refractory", "")],
                     steps: 1000)
        let spikes = try compare(c, initial: [-65, 0, -1e7, 0]) { s, t, x, _ in
            let (v, u) = (s[0], s[1])
            let spike = H((v - vTh) / vTh)
            let vr = spike > 0 ? c0 : v
            let ur = u + d0 * spike
            let vc = ee(vr, 0.04 * vr * vr + 5 * vr + 140 - ur + x, 2 * 0.04 * vr + 5)
            let uc = ee(ur, a * (b * vc - ur), -a)
            let held = t - s[2] < tauRef
            if held { holds += 1 }
            (s[0], s[1]) = held ? (vr, ur) : (vc, uc)
            let fired = s[0] >= vTh
            if fired { s[2] = t }
            s[3] = held || fired ? 1 : 0
            return H((s[0] - vTh) / vTh) == 1
        }
        #expect(spikes > 5)
        #expect(holds > 20)
    }

    /// Izhikevich takes mV/ms: a current is refused; CubaLIF's delta input is a current, CobaLIF's a conductance.
    @Test func inputDimensionsFollowTheModel() throws {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let izh = try net.addPopulation(model: "Izhikevich", size: 1)
        let cuba = try net.addPopulation(model: "CubaLIF", size: 1)
        let coba = try net.addPopulation(model: "CobaLIF", size: 1)
        try [1.0].withUnsafeBufferPointer { b in
            #expect(throws: EngineError.self) { try net.addCurrentInput(izh, key: "x", .float64(b), unit: "mA", replace: false) }
            try net.addCurrentInput(izh, key: "x", .float64(b), unit: "mV/ms", replace: false)
            try net.compile()
            #expect(throws: EngineError.self) { try net.addOneShotInput(cuba, kind: "delta", .float64(b), unit: "mV") }
            try net.addOneShotInput(cuba, kind: "delta", .float64(b), unit: "mA")
            #expect(throws: EngineError.self) { try net.addOneShotInput(coba, kind: "delta", .float64(b), unit: "mA") }
            try net.addOneShotInput(coba, kind: "delta", .float64(b), unit: "mS")
        }
    }

    /// A one-shot current before every step moves a model exactly as the same persistent current does
    /// (x = 0 + I is I): the kernel compiled for steps without one-shot input (ColumnStep) must not
    /// run on a step that has one.
    @Test(arguments: ["ExpIF", "AdExIF", "QuaIF"])
    func oneShotCurrentsActLikeAPersistentOne(model: String) throws {
        let size = 40
        let current = (0..<size).map { 5 + Double($0) * 0.5 }
        func network(persistent: Bool) throws -> Network {
            let net = try Network(dt: dt, dtUnit: "ms", seed: 3, precision: 32, numThreads: 1)
            let pop = try net.addPopulation(model: model, size: size)
            if persistent {
                try current.withUnsafeBufferPointer { b in
                    try net.addCurrentInput(pop, key: "x", .float64(b), unit: "mA", replace: false)
                }
            }
            try net.compile()
            return net
        }
        let steady = try network(persistent: true), kicked = try network(persistent: false)
        var spikes = 0
        for _ in 0..<300 {
            try current.withUnsafeBufferPointer { b in
                try kicked.addOneShotInput(0, kind: "current", .float64(b), unit: "mA")
            }
            try steady.run(steps: 1)
            try kicked.run(steps: 1)
            spikes += try steady.populationSpikes(0).filter { $0 != 0 }.count
        }
        let a = try steady.populationState(0, "V", unit: "mV"), b = try kicked.populationState(0, "V", unit: "mV")
        #expect(spikes > 20, "\(model): too few spikes (\(spikes))")
        #expect(a.indices.allSatisfy { a[$0].bitPattern == b[$0].bitPattern }, "\(model): V differs")
    }
}
