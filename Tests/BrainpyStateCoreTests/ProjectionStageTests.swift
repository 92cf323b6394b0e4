import Glibc
import Testing
@testable import BrainpyStateCore

/// The stages of a projection before comm (plasticity, delay line, align-pre synapse) and the
/// value-weighted comms, against their equations (spec synapses §3.4-3.7, §5.7, §5.9, §6), in float64.
/// Two LIF neurons fire at different rates into three silent post neurons; every test replays the
/// recorded presynaptic spikes through an independent Double implementation.
struct ProjectionStageTests {
    let dt = 0.1
    func exprel(_ z: Double) -> Double { abs(z) <= 1e-7 ? 1 + z / 2 : expm1(z) / z }
    func decay(_ x: Double, _ tau: Double) -> Double { x + dt * exprel(-dt / tau) * (-x / tau) }

    struct Setup {
        var kind = "AlignPostProj"
        var comm = "SparseLinear"
        var syn = "Expon"
        var out = "CUBA"
        var stp = ""
        var delays: [Double]? = nil
        var pre: [Int64] = [0, 1]
        var post: [Int64] = [0, 2]
        var weights: [Double] = [1, 2]
        var param: [(String, String, Double, String)] = []
        var option: [(String, String, String)] = []
        var states: [String] = []
    }

    struct Result {
        var spikes: [[Bool]]               // [step][pre neuron]
        var values: [String: [Double]]     // per state: steps × width
        var V: [Double]                    // post V, steps × 3
    }

    func run(_ s: Setup, steps: Int = 400) throws -> Result {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pre = try net.addPopulation(model: "LIF", size: 3)
        try net.setPopulationParam(pre, "tau", .scalar(5, unit: "ms"))
        try [30.0, 12.0, 0.0].withUnsafeBufferPointer { b in
            try net.addCurrentInput(pre, key: "x", .float64(b), unit: "mA", replace: false)
        }
        let post = try net.addPopulation(model: "LIF", size: 3)
        try net.setPopulationParam(post, "tau", .scalar(1e6, unit: "ms"))
        try net.setPopulationParam(post, "V_th", .scalar(1e6, unit: "mV"))
        var spec = Network.ProjectionSpec()
        (spec.kind, spec.pre, spec.post, spec.comm, spec.syn, spec.out, spec.stp) = (s.kind, pre, post, s.comm, s.syn, s.out, s.stp)
        let proj = try net.addProjection(spec)
        if s.comm == "SparseLinear" {
            try s.weights.withUnsafeBufferPointer { b in
                try net.setConnections(proj, pre: s.pre.map(Int.init), post: s.post.map(Int.init), weights: .float64(b),
                                       unit: s.kind == "DeltaProj" ? "mV" : "mS")
            }
        }
        if let d = s.delays {
            try d.withUnsafeBufferPointer { b in try net.setProjectionParam(proj, part: "proj", "delay", .array(.float64(b), unit: "ms")) }
        }
        for (part, name, value, unit) in s.param { try net.setProjectionParam(proj, part: part, name, .scalar(value, unit: unit)) }
        for (part, name, value) in s.option { try net.setProjectionOption(proj, part: part, name, value) }
        let spikeMonitor = try net.addSpikeMonitor(pre, indices: nil)
        let monitors = try s.states.map { name throws(EngineError) in try net.addSynapseMonitor(proj, name, indices: nil) }
        let vMonitor = try net.addStateMonitor(post, "V", indices: nil)
        try net.compile()
        try net.run(steps: steps)
        var values: [String: [Double]] = [:]
        for (k, name) in s.states.enumerated() {
            let unit = name.hasSuffix("arrival_time") ? "ms" : (name.hasPrefix("stp.") || name == "syn.x" ? "" : "mS")
            values[name] = try net.monitorValues(monitors[k], unit: unit)
        }
        let raster = try net.monitorRaster(spikeMonitor)
        let spikes = (0..<steps).map { step in (0..<3).map { raster[step * 3 + $0] != 0 } }
        return Result(spikes: spikes, values: values, V: try net.monitorValues(vMonitor, unit: "mV"))
    }

    /// The post V of a silent LIF with tau 1e6 ms integrates the CUBA current: V_n − V_{n−1} = the
    /// output of step n times dt·φ/τ·R (R = 1 ohm; mS·V = mA).
    func postInput(_ r: Result, _ j: Int, _ step: Int) -> Double {
        let previous = step == 0 ? 0 : r.V[(step - 1) * 3 + j]
        let v = r.V[step * 3 + j]
        let k = dt * exprel(-dt / 1e6) / 1e6
        return (v - previous * (1 - k)) / k
    }

    @Test func stpReleasesFacilitatedAmplitudesIntoAValueWeightedComm() throws {
        var s = Setup()
        s.stp = "STP"
        s.param = [("stp", "U", 0.2, ""), ("stp", "tau_f", 50, "ms"), ("stp", "tau_d", 20, "ms"), ("syn", "tau", 5, "ms")]
        s.states = ["stp.u", "stp.x", "g"]
        let r = try run(s)
        var u = [Double](repeating: 0.2, count: 3), x = [Double](repeating: 1, count: 3)
        var g = [Double](repeating: 0, count: 3)
        var checked = 0
        for step in 0..<400 {
            var released = [0.0, 0.0, 0.0]
            for i in 0..<3 {
                let spike = step > 0 && r.spikes[step - 1][i]
                let sp = spike ? 1.0 : 0.0
                let ud = decay(u[i], 50)
                let xd = x[i] + dt * exprel(-dt / 20) * ((1 - x[i]) / 20)
                let up = ud + sp * 0.2 * (1 - u[i])
                released[i] = up * xd * sp
                x[i] = xd - sp * up * x[i]
                u[i] = up
                #expect(abs(r.values["stp.u"]![step * 3 + i] - u[i]) <= 1e-12)
                #expect(abs(r.values["stp.x"]![step * 3 + i] - x[i]) <= 1e-12)
            }
            // SparseLinear (value-weighted): pre 0 → post 0 (w 1), pre 1 → post 2 (w 2).
            let input = [released[0] * 1, 0, released[1] * 2]
            for j in 0..<3 {
                g[j] = decay(g[j], 5) + input[j]
                #expect(abs(r.values["g"]![step * 3 + j] - g[j]) <= 1e-12)
                checked += 1
            }
        }
        #expect(r.spikes.filter { $0[0] }.count > 10 && r.spikes.filter { $0[1] }.count > 2)
        #expect(checked == 1200)
    }

    @Test func stdDepletesWithTheAmountBeforeTheSpike() throws {
        var s = Setup()
        s.stp = "STD"
        s.param = [("stp", "tau", 30, "ms"), ("stp", "U", 0.3, ""), ("syn", "tau", 5, "ms")]
        s.states = ["stp.x", "g"]
        let r = try run(s)
        var x = [1.0, 1.0, 1.0], g = [0.0, 0.0, 0.0]
        for step in 0..<400 {
            var released = [0.0, 0.0, 0.0]
            for i in 0..<3 {
                let sp = step > 0 && r.spikes[step - 1][i] ? 1.0 : 0.0
                let xd = x[i] + dt * exprel(-dt / 30) * ((1 - x[i]) / 30)
                released[i] = xd * sp
                x[i] = xd - sp * 0.3 * x[i]
                #expect(abs(r.values["stp.x"]![step * 3 + i] - x[i]) <= 1e-12)
            }
            let input = [released[0], 0, released[1] * 2]
            for j in 0..<3 {
                g[j] = decay(g[j], 5) + input[j]
                #expect(abs(r.values["g"]![step * 3 + j] - g[j]) <= 1e-12)
            }
        }
    }

    @Test func ampaAlignPreFollowsItsTransmitterPulse() throws {
        var s = Setup()
        s.kind = "align_pre_projection"
        s.syn = "AMPA"
        s.states = ["g", "spike_arrival_time"]
        let r = try run(s)
        let (alpha, beta, T, duration) = (0.98, 0.18, 0.5, 0.5)
        var g = [0.0, 0.0, 0.0], last = [-1e7, -1e7, -1e7]
        for step in 0..<400 {
            let t = Double(step) * dt
            var out = [0.0, 0.0, 0.0]
            for i in 0..<3 {
                if step > 0 && r.spikes[step - 1][i] { last[i] = t }
                let TT = t - last[i] < duration ? T : 0
                g[i] = g[i] + dt * exprel(dt * -(alpha * TT + beta)) * (alpha * TT * (1 - g[i]) - beta * g[i])
                out[i] = g[i]
                #expect(abs(r.values["g"]![step * 3 + i] - g[i]) <= 1e-12)
                #expect(r.values["spike_arrival_time"]![step * 3 + i] == last[i])
            }
            // comm SparseLinear: post 0 gets g_0·1, post 2 gets g_1·2 (CUBA: a current in mA).
            if step > 0 {
                #expect(abs(postInput(r, 0, step) - out[0]) <= 1e-6 * max(1, out[0]))
                #expect(abs(postInput(r, 2, step) - 2 * out[1]) <= 1e-6 * max(1, out[1]))
            }
        }
        #expect(g[0] > 0.01)
    }

    @Test func bioNMDAUpdatesXFirstThenG() throws {
        var s = Setup()
        s.kind = "align_pre_projection"
        s.syn = "BioNMDA"
        s.states = ["g", "syn.x"]
        let r = try run(s)
        let (a1, b1, a2, b2, T, duration) = (2.0, 0.01, 1.0, 0.5, 1.0, 0.5)
        var g = [0.0, 0.0, 0.0], x = [0.0, 0.0, 0.0], last = [-1e7, -1e7, -1e7]
        for step in 0..<400 {
            let t = Double(step) * dt
            for i in 0..<3 {
                if step > 0 && r.spikes[step - 1][i] { last[i] = t }
                let TT = t - last[i] < duration ? T : 0
                x[i] = x[i] + dt * exprel(dt * -(a2 * TT + b2)) * (a2 * TT * (1 - x[i]) - b2 * x[i])
                g[i] = g[i] + dt * exprel(dt * -(a1 * x[i] + b1)) * (a1 * x[i] * (1 - g[i]) - b1 * g[i])
                #expect(abs(r.values["syn.x"]![step * 3 + i] - x[i]) <= 1e-12)
                #expect(abs(r.values["g"]![step * 3 + i] - g[i]) <= 1e-12)
            }
        }
        #expect(g[0] > 0.1)
    }

    @Test func fractionalPerNeuronDelaysInterpolateBetweenSteps() throws {
        var s = Setup()
        s.delays = [0.25, 0.7, 0]
        s.param = [("syn", "tau", 1e9, "ms")]     // g keeps the sum of its inputs
        s.states = ["g"]
        let r = try run(s)
        // g_0 collects pre 0's spikes delayed 2.5 steps; g_2 pre 1's (weight 2) delayed 7 steps.
        var expected = [0.0, 0.0, 0.0]
        for step in 0..<400 {
            func spiked(_ i: Int, _ back: Int) -> Double {
                let k = step - 1 - back
                return k >= 0 && r.spikes[k][i] ? 1 : 0
            }
            expected[0] = decay(expected[0], 1e9) + (0.5 * spiked(0, 2) + 0.5 * spiked(0, 3))
            expected[2] = decay(expected[2], 1e9) + 2 * spiked(1, 7)
            #expect(abs(r.values["g"]![step * 3] - expected[0]) <= 1e-9)
            #expect(abs(r.values["g"]![step * 3 + 2] - expected[2]) <= 1e-9)
        }
        #expect(expected[0] > 10)
    }

    @Test func eventCommsCountAnyNonzeroInputAsOne() throws {
        // EventLinear(float_as_event) sees pre 0's half-weighted arrivals as whole events.
        var s = Setup()
        s.comm = "EventLinear"
        s.delays = [0.25, 0.25, 0.25]
        s.param = [("comm", "weight", 1, "mS"), ("syn", "tau", 1e9, "ms")]
        s.states = ["g"]
        let event = try run(s)
        s.option = [("comm", "float_as_event", "false")]
        let value = try run(s)
        var events = 0.0, values = 0.0
        for step in 0..<400 {
            func spiked(_ back: Int) -> Double {
                let k = step - 1 - back
                return k >= 0 && event.spikes[k][0] ? 1 : 0
            }
            let (a, b) = (spiked(2), spiked(3))
            // One weight: w·count(x ≠ 0) on every post neuron, or w·Σx; pre 1 spikes too.
            func spiked1(_ back: Int) -> Double {
                let k = step - 1 - back
                return k >= 0 && event.spikes[k][1] ? 1 : 0
            }
            let (c, d) = (spiked1(2), spiked1(3))
            events = decay(events, 1e9) + ((a + b > 0 ? 1 : 0) + (c + d > 0 ? 1 : 0))
            values = decay(values, 1e9) + 0.5 * (a + b + c + d)
            #expect(abs(event.values["g"]![step * 3 + 1] - events) <= 1e-9)
            #expect(abs(value.values["g"]![step * 3 + 1] - values) <= 1e-9)
        }
        #expect(events > values)
    }

    @Test func allToAllWithoutSelfPairsAndOneToOne() throws {
        var s = Setup()
        s.comm = "AllToAll"
        s.param = [("comm", "weight", 0.5, "mS"), ("syn", "tau", 1e9, "ms")]
        s.option = [("comm", "include_self", "false")]
        s.states = ["g"]
        let r = try run(s)
        var g = [0.0, 0.0, 0.0]
        for step in 0..<400 {
            let x = (0..<3).map { step > 0 && r.spikes[step - 1][$0] ? 1.0 : 0.0 }
            let sum = x.reduce(0, +)
            for j in 0..<3 {
                g[j] = decay(g[j], 1e9) + 0.5 * (sum - x[j])
                #expect(abs(r.values["g"]![step * 3 + j] - g[j]) <= 1e-9)
            }
        }
        s.comm = "OneToOne"
        s.option = []
        s.param = [("comm", "weight", 3, "mS"), ("syn", "tau", 1e9, "ms")]
        let o = try run(s)
        let count0 = Double(o.spikes.dropLast().filter { $0[0] }.count)
        #expect(abs(o.values["g"]![399 * 3] - 3 * count0) <= 1e-7 * 400 * 3 * count0)   // tau 1e9 ms: 1e-10 decay per step
        #expect(o.values["g"]![399 * 3 + 2] == 0)
    }

    @Test func valueInputsIntoEventCommsAndPostAlignedKineticsAreRefused() throws {
        var s = Setup()
        s.syn = "AMPA"
        #expect(throws: EngineError.self) { try run(s, steps: 1) }
        s = Setup()
        s.stp = "STP"
        s.comm = "EventFixedProb"
        s.param = [("comm", "conn_num", 1, ""), ("comm", "conn_weight", 1, "mS")]
        let e = #expect(throws: EngineError.self) { try run(s, steps: 1) }
        #expect(e?.message.contains("FixedNumConn") == true)
        s = Setup()
        s.kind = "align_pre_projection"
        s.comm = "EventLinear"
        s.param = [("comm", "weight", 1, "mS")]
        #expect(throws: EngineError.self) { try run(s, steps: 1) }
    }
}
