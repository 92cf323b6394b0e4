import Glibc
import Testing
@testable import BrainpyStateCore

/// Models of the generic kernel framework against their equations, step by step in float64.
struct ModelTests {
    func network(_ model: String, _ params: [(String, Double, String)], input: Double, unit: String = "mA")
        throws -> (Network, Int) {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pop = try net.addPopulation(model: model, size: 1)
        for (name, value, u) in params { try net.setPopulationParam(pop, name, .scalar(value, unit: u)) }
        try [input].withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "x", .float64(b), unit: unit, replace: false)
        }
        try net.compile()
        return (net, pop)
    }

    func exprel(_ z: Double) -> Double { abs(z) <= 1e-7 ? 1 + z / 2 : expm1(z) / z }

    /// ALIF (spec neurons §6.4): adaptive threshold V_th + β·a, a += 1 per spike, decays with τ_a.
    @Test func alifFollowsItsEquations() throws {
        let (net, pop) = try network("ALIF", [("tau", 10, "ms"), ("tau_a", 50, "ms"), ("V_th", -50, "mV"),
                                              ("V_reset", -65, "mV"), ("V_rest", -60, "mV"), ("beta", 2, "mV"),
                                              ("V_initializer", -60, "mV")], input: 20)
        var v = -60.0, a = 0.0, spikes = 0
        let dt = 0.1
        for _ in 0..<600 {
            let s = (v - -50 - 2 * a) / (-50 - -65) >= 0 ? 1.0 : 0.0
            let vr = v - (-50 - -65) * s
            let ar = a + s
            let f = ((-vr + -60) + 1 * 20) / 10
            v = vr + dt * exprel(dt * -1 / 10) * f
            a = ar + dt * exprel(-dt / 50) * (-ar / 50)
            if (v - -50 - 2 * a) / 15 >= 0 { spikes += 1 }
            try net.run(steps: 1)
            let ours = try net.populationState(pop, "V", unit: "mV")[0]
            let oursA = try net.populationState(pop, "a", unit: "")[0]
            #expect(abs(ours - v) <= 1e-12 * max(abs(v), 1))
            #expect(abs(oursA - a) <= 1e-12 * max(abs(a), 1))
        }
        #expect(spikes > 3)
    }

    /// AdExIFRef (spec neurons §6.6, §4.2): exponential upswing, adaptation from the new V, refractory hold.
    @Test func adExIFRefFollowsItsEquations() throws {
        let (net, pop) = try network("AdExIFRef", [("tau_ref", 2, "ms"), ("a", 0.5, "S"), ("b", 2, "mA"),
                                                   ("V_initializer", -65, "mV")], input: 30)
        let (R, tau, tauW, vTh, vReset, vRest, vT, dT, a, b, tauRef) =
            (1.0, 10.0, 30.0, -55.0, -68.0, -65.0, -59.9, 3.48, 0.5, 2.0, 2.0)
        var v = -65.0, w = 0.0, last = -1e7, spikes = 0
        let dt = 0.1
        for i in 0..<1000 {
            let t = Double(i) * dt
            let s = (v - vTh) / (vTh - vReset) >= 0 ? 1.0 : 0.0
            let vr = v - (vTh - vReset) * s
            let wr = w + b * s
            let u = (vr - vT) / dT
            let e = exp(min(u, 20))
            let f = (-(vr - vRest) + dT * e - R * wr + R * 30) / tau
            let jac = (-1 + (u < 20 ? e : 0)) / tau
            let vc = vr + dt * exprel(dt * jac) * f
            let wc = wr + dt * exprel(-dt / tauW) * ((a * (vc - vRest) - wr) / tauW)
            let held = t - last < tauRef
            v = held ? vr : vc
            w = held ? wr : wc
            if v >= vTh { last = t; spikes += 1 }
            try net.run(steps: 1)
            let ours = try net.populationState(pop, "V", unit: "mV")[0]
            let oursW = try net.populationState(pop, "w", unit: "mA")[0]
            #expect(abs(ours - v) <= 1e-9 * max(abs(v), 1), "step \(i)")
            #expect(abs(oursW - w) <= 1e-9 * max(abs(w), 1), "step \(i)")
        }
        #expect(spikes > 3)
    }
}
