import Glibc
import Testing
@testable import BrainpyStateCore

/// Synapse dynamics and projection kinds against their equations (spec synapses §3, §5), in float64:
/// a LIF neuron fires regularly into one post neuron through explicit connections.
struct SynapseTests {
    let dt = 0.1
    func exprel(_ z: Double) -> Double { abs(z) <= 1e-7 ? 1 + z / 2 : expm1(z) / z }

    /// Builds pre (LIF, spiking) -> post (LIF, silent) with one connection of weight w, runs `steps`
    /// steps recording the pre spikes and the given synapse states; returns (spike steps, states).
    func run(kind: String, syn: String, out: String, w: Double, weightUnit: String, synParams: [(String, Double, String)] = [],
             options: [(String, String)] = [], states: [String], steps: Int = 300)
        throws -> (spikes: Set<Int64>, values: [String: [Double]], V: [Double]) {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pre = try net.addPopulation(model: "LIF", size: 1)
        try net.setPopulationParam(pre, "tau", .scalar(5, unit: "ms"))
        try [30.0].withUnsafeBufferPointer { b in try net.addCurrentInput(pre, key: "x", .float64(b), unit: "mA", replace: false) }
        let post = try net.addPopulation(model: "LIF", size: 1)
        try net.setPopulationParam(post, "tau", .scalar(1e6, unit: "ms"))
        try net.setPopulationParam(post, "V_th", .scalar(1e6, unit: "mV"))
        var spec = Network.ProjectionSpec()
        spec.kind = kind
        spec.pre = pre
        spec.post = post
        spec.comm = "SparseLinear"
        spec.syn = syn
        spec.out = out
        let proj = try net.addProjection(spec)
        try [w].withUnsafeBufferPointer { b in
            try net.setConnections(proj, pre: [0], post: [0], weights: .float64(b), unit: weightUnit)
        }
        if out == "COBA" { try net.setProjectionParam(proj, part: "out", "E", .scalar(0, unit: "mV")) }
        for (name, value, unit) in synParams { try net.setProjectionParam(proj, part: "syn", name, .scalar(value, unit: unit)) }
        for (name, value) in options { try net.setProjectionOption(proj, part: "syn", name, value) }
        let spikeMonitor = try net.addSpikeMonitor(pre, indices: nil)
        let monitors = try states.map { s throws(EngineError) in try net.addSynapseMonitor(proj, s, indices: nil) }
        let vMonitor = try net.addStateMonitor(post, "V", indices: nil)
        try net.compile()
        try net.run(steps: steps)
        var values: [String: [Double]] = [:]
        for (k, s) in states.enumerated() { values[s] = try net.monitorValues(monitors[k], unit: "mS") }
        return (Set(try net.monitorEvents(spikeMonitor).steps), values, try net.monitorValues(vMonitor, unit: "mV"))
    }

    @Test func dualExponIsTheNormalisedDifferenceOfExponentials() throws {
        let r = try run(kind: "AlignPostProj", syn: "DualExpon", out: "CUBA", w: 2, weightUnit: "mS",
                        synParams: [("tau_decay", 10, "ms"), ("tau_rise", 1, "ms"), ("amplitude", 1.5, "")],
                        states: ["g_rise", "g_decay"])
        let n = 10.0 / 9.0 * pow(0.1, 1.0 / -9.0)
        #expect(abs(n - 1.435055) < 1e-6)   // the spec's figure for 10 ms / 1 ms
        var rise = 0.0, decay = 0.0
        for step in 0..<300 {
            let input = r.spikes.contains(Int64(step - 1)) ? 2.0 : 0.0
            rise = (rise + dt * exprel(-dt / 1) * (-rise / 1)) + input
            decay = (decay + dt * exprel(-dt / 10) * (-decay / 10)) + input
            #expect(abs(r.values["g_rise"]![step] - rise) <= 1e-12)
            #expect(abs(r.values["g_decay"]![step] - decay) <= 1e-12)
        }
        #expect(r.spikes.count > 5)
    }

    @Test func alphaLagsItsInputByOneStep() throws {
        let r = try run(kind: "AlignPostProj", syn: "Alpha", out: "CUBA", w: 1, weightUnit: "mS",
                        synParams: [("tau", 8, "ms")], states: ["g", "h"])
        var g = 0.0, h = 0.0
        let a = dt * exprel(-dt / 8)
        for step in 0..<300 {
            let input = r.spikes.contains(Int64(step - 1)) ? 1.0 : 0.0
            let hOld = h
            g = g + a * ((-g + hOld) / 8)
            h = (h + a * (-h / 8)) + input
            #expect(abs(r.values["g"]![step] - g) <= 1e-12)
            #expect(abs(r.values["h"]![step] - h) <= 1e-12)
        }
    }

    @Test func currentProjConductanceIsThisStepsCommOutput() throws {
        let r = try run(kind: "CurrentProj", syn: "", out: "COBA", w: 3, weightUnit: "mS", states: ["g"])
        for step in 0..<300 {
            #expect(r.values["g"]![step] == (r.spikes.contains(Int64(step - 1)) ? 3 : 0))
        }
    }

    @Test func deltaProjAddsItsWeightToV() throws {
        let r = try run(kind: "DeltaProj", syn: "", out: "", w: 0.5, weightUnit: "mV", states: [])
        var v = 0.0
        let tau = 1e6
        for step in 0..<300 {
            // exponential Euler of the (very slow) leak, then the delta input after integration
            v = v + dt * exprel(-dt / tau) * ((-v + 0) / tau)
            v += r.spikes.contains(Int64(step - 1)) ? 0.5 : 0
            #expect(abs(r.V[step] - v) <= 1e-12 * max(abs(v), 1))
        }
        #expect(r.V[299] > 2)
    }

    @Test func projectionKindsAreValidated() throws {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
        let pop = try net.addPopulation(model: "LIF", size: 3)
        var spec = Network.ProjectionSpec()
        spec.pre = pop
        spec.post = pop
        spec.kind = "CurrentProj"
        #expect(throws: EngineError.self) { _ = try net.addProjection(spec) }   // a CurrentProj has no synapse
        spec.syn = ""
        let current = try net.addProjection(spec)
        #expect(throws: EngineError.self) { try net.setProjectionParam(current, part: "syn", "tau", .scalar(1, unit: "ms")) }
        spec.kind = "DeltaProj"
        spec.out = ""
        spec.comm = "SparseLinear"
        let delta = try net.addProjection(spec)
        // DeltaProj weights are voltages for a LIF population.
        #expect(throws: EngineError.self) { try net.setProjectionParam(delta, part: "comm", "weight", .scalar(1, unit: "mS")) }
        try net.setProjectionParam(delta, part: "comm", "weight", .scalar(1, unit: "mV"))
        spec.kind = "GapJunction"
        #expect(throws: EngineError.self) { _ = try net.addProjection(spec) }
    }
}
