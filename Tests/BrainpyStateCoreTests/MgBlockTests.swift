import Glibc
import Testing
@testable import BrainpyStateCore

/// MgBlock (spec synapses §4.2-4.3) against its equations, in float64: a LIF neuron fires into a
/// LIF population through SparseLinear connections, Expon synapses and the outputs under test; the
/// post V is recomputed by hand, including the exponential-Euler Jacobian term of the block.
struct MgBlockTests {
    let dt = 0.1

    /// One MgBlock output: parameters in internal units (mV, mM, 1/mV).
    struct Block {
        var E = 0.0, ccMg = 1.2, alpha = 0.062, beta = 3.57, vOffset = 0.0

        /// I = g(E − v)/(1 + cc_Mg/β·e^{α(V_off − v)}) in µA (g in mS, v in mV).
        func current(_ g: Double, _ v: Double) -> Double {
            g * (E - v) / (1 + ccMg / beta * exp(alpha * (vOffset - v)))
        }

        /// −∂I/∂v, written out independently of the engine's form.
        func slope(_ g: Double, _ v: Double) -> Double {
            let e = ccMg / beta * exp(alpha * (vOffset - v))
            let b = 1 / (1 + e)
            let db = alpha * e * b * b
            return g * b - g * (E - v) * db
        }
    }

    struct Projection {
        var out = "MgBlock"
        var tau = 20.0
        var weights: [Double]          // mS, pre neuron 0 -> post neuron j
        var block = Block()
        var perNeuronE: [Double]? = nil
    }

    /// Pre LIF(1) (defaults, 1.5 mA: one spike every ~55 steps) -> post LIF(n) (tau 10 ms, V_rest and
    /// V_reset -60 mV, V_th -50 mV, soft reset, x mA). Returns the pre spike steps, the post V and g per projection.
    func run(model: String = "LIF", _ projections: [Projection], n: Int, x: Double, steps: Int = 600)
        throws -> (spikes: Set<Int64>, V: [Double], g: [[Double]]) {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let pre = try net.addPopulation(model: "LIF", size: 1)
        try [1.5].withUnsafeBufferPointer { b in try net.addCurrentInput(pre, key: "x", .float64(b), unit: "mA", replace: false) }
        let post = try net.addPopulation(model: model, size: n)
        if model == "LIF" {
            for (name, value, unit) in [("tau", 10.0, "ms"), ("V_rest", -60, "mV"), ("V_reset", -60, "mV"),
                                        ("V_th", -50, "mV"), ("V_initializer", -60, "mV")] {
                try net.setPopulationParam(post, name, .scalar(value, unit: unit))
            }
        }
        try [x].withUnsafeBufferPointer { b in
            try net.addCurrentInput(post, key: "x", .float64(b), unit: model == "HH" ? "uA" : "mA", replace: false)
        }
        var ids: [Int] = []
        for p in projections {
            var spec = Network.ProjectionSpec()
            (spec.pre, spec.post, spec.comm, spec.syn, spec.out) = (pre, post, "SparseLinear", "Expon", p.out)
            let proj = try net.addProjection(spec)
            try p.weights.withUnsafeBufferPointer { b in
                try net.setConnections(proj, pre: [Int](repeating: 0, count: n), post: Array(0..<n), weights: .float64(b), unit: "mS")
            }
            try net.setProjectionParam(proj, part: "syn", "tau", .scalar(p.tau, unit: "ms"))
            try net.setProjectionParam(proj, part: "out", "E", .scalar(p.block.E, unit: "mV"))
            if let e = p.perNeuronE {
                try e.withUnsafeBufferPointer { b in try net.setProjectionParam(proj, part: "out", "E", .array(.float64(b), unit: "mV")) }
            }
            if p.out == "MgBlock" {
                try net.setProjectionParam(proj, part: "out", "cc_Mg", .scalar(p.block.ccMg, unit: "mM"))
                try net.setProjectionParam(proj, part: "out", "alpha", .scalar(p.block.alpha, unit: "1/mV"))
                try net.setProjectionParam(proj, part: "out", "beta", .scalar(p.block.beta, unit: "mM"))
                try net.setProjectionParam(proj, part: "out", "V_offset", .scalar(p.block.vOffset, unit: "mV"))
            }
            ids.append(proj)
        }
        let spikes = try net.addSpikeMonitor(pre, indices: nil)
        let v = try net.addStateMonitor(post, "V", indices: nil)
        let g = try ids.map { id throws(EngineError) in try net.addSynapseMonitor(id, "g", indices: nil) }
        try net.compile()
        try net.run(steps: steps)
        return (Set(try net.monitorEvents(spikes).steps), try net.monitorValues(v, unit: "mV"),
                try g.map { m throws(EngineError) in try net.monitorValues(m, unit: "mS") })
    }

    @Test func slopeConductanceIsTheDerivativeOfTheCurrent() {
        let b = Block(E: -10, ccMg: 1.5, alpha: 0.07, beta: 3, vOffset: -5)
        for v in stride(from: -90.0, through: 30, by: 7.5) {
            let h = 1e-4
            let numeric = -(b.current(2, v + h) - b.current(2, v - h)) / (2 * h)
            #expect(abs(b.slope(2, v) - numeric) <= 1e-7 * max(1, abs(numeric)))
            // the engine's lane form: (g − I·α·K·e)/(1 + K·e)
            let blocked = b.ccMg / b.beta * exp(b.alpha * (b.vOffset - v))
            let engine = (2 - b.current(2, v) * b.alpha * blocked) / (1 + blocked)
            #expect(abs(engine - b.slope(2, v)) <= 1e-13 * max(1, abs(engine)))
        }
        // around E − something the slope conductance turns negative: the reason it must be in J
        #expect(Block().slope(1, -40) < 0)
    }

    /// COBA (AMPA-like) plus two MgBlock outputs with different parameters onto 3 LIF neurons: the
    /// post V of every step from V_r (post-reset), I = x + Σ COBA + Σ MgBlock at V_r, and
    /// J = (−1 − R·(g_COBA + Σ −∂I_Mg/∂v))/τ.
    @Test func lifStepHasTheBlockInItsCurrentAndJacobian() throws {
        let n = 3
        let blockA = Block()
        let blockB = Block(E: -10, ccMg: 1.0, alpha: 0.08, beta: 3.0, vOffset: -5)
        let projections = [
            Projection(out: "COBA", tau: 2, weights: [40, 60, 20], block: Block(E: 0)),
            Projection(tau: 30, weights: [300, 150, 600], block: blockA),
            Projection(tau: 50, weights: [100, 400, 250], block: blockB),
        ]
        let steps = 600
        let r = try run(projections, n: n, x: 8, steps: steps)
        let (R, tau, x) = (1e-3, 10.0, 8000.0)        // kΩ, ms, µA: the engine's internal units
        var V = [Double](repeating: -60, count: n)
        var g = [[Double]](repeating: [Double](repeating: 0, count: n), count: 3)
        var postSpikes = 0, largestJacobianEffect = 0.0
        for step in 0..<steps {
            let arrived = r.spikes.contains(Int64(step - 1))
            for p in 0..<3 {
                for j in 0..<n { g[p][j] = ReferenceStep.decay(g[p][j], projections[p].tau, dt: dt) + (arrived ? projections[p].weights[j] : 0) }
            }
            for j in 0..<n {
                let s = V[j] >= -50 ? 1.0 : 0.0
                let vr = V[j] - 10 * s
                let current = x + g[0][j] * (0 - vr) + blockA.current(g[1][j], vr) + blockB.current(g[2][j], vr)
                let conductance = g[0][j] + blockA.slope(g[1][j], vr) + blockB.slope(g[2][j], vr)
                let f = (-vr - 60 + R * current) / tau
                let J = (-1 - R * conductance) / tau
                V[j] = vr + dt * ReferenceStep.exprel(dt * J) * f
                let withoutBlockSlope = vr + dt * ReferenceStep.exprel(dt * (-1 - R * g[0][j]) / tau) * f
                largestJacobianEffect = max(largestJacobianEffect, abs(withoutBlockSlope - V[j]))
                let ours = r.V[step * n + j]
                #expect(abs(ours - V[j]) <= 1e-11 * max(1, abs(V[j])), "step \(step) neuron \(j): \(ours) vs \(V[j])")
                postSpikes += V[j] >= -50 ? 1 : 0
                V[j] = ours                     // follow the engine, so one bad step is reported once
            }
            for p in 0..<3 {
                for j in 0..<n { #expect(abs(r.g[p][step * n + j] - g[p][j]) <= 1e-12 * max(1, g[p][j])) }
            }
        }
        #expect(r.spikes.count >= 8)
        #expect(postSpikes >= 10)
        // the block's Jacobian term moves V by far more than the tolerance: leaving it out would fail
        #expect(largestJacobianEffect > 1e-6)
    }

    /// With cc_Mg = 0 there is no block: MgBlock(E) is COBA(E) in every kernel family (LIF, the generic
    /// integrate-and-fire kernels, HH's input at the old V), to rounding.
    @Test(arguments: ["LIF", "AdExIF", "CobaLIF", "HH"])
    func withoutMagnesiumItIsCOBA(model: String) throws {
        let scale = model == "HH" ? 1e-3 : 1
        let x = model == "HH" ? 4.0 : 12.0
        let coba = try run(model: model, [Projection(out: "COBA", weights: [200 * scale, 500 * scale], block: Block(E: -20))],
                           n: 2, x: x, steps: 400)
        let mg = try run(model: model, [Projection(weights: [200 * scale, 500 * scale], block: Block(E: -20, ccMg: 0))],
                         n: 2, x: x, steps: 400)
        var differs = 0.0
        for k in 0..<coba.V.count { differs = max(differs, abs(coba.V[k] - mg.V[k]) / max(1, abs(coba.V[k]))) }
        #expect(differs <= 1e-10, "\(model): \(differs)")
        let blocked = try run(model: model, [Projection(weights: [200 * scale, 500 * scale], block: Block(E: -20))],
                              n: 2, x: x, steps: 400)
        #expect(zip(blocked.V, coba.V).contains { abs($0 - $1) > 1e-3 }, "\(model): the block must change V")
    }

    /// Per-neuron constants (a column read block by block) and one value (broadcast) give the same
    /// numbers, across more than one 16-neuron block.
    @Test func perNeuronConstantsMatchUniformOnes() throws {
        let n = 37
        let weights = (0..<n).map { 100 + 10 * Double($0) }
        let mixed = try run([Projection(weights: weights, perNeuronE: (0..<n).map { $0 % 2 == 0 ? 0 : -20 })], n: n, x: 9)
        let even = try run([Projection(weights: weights, block: Block(E: 0))], n: n, x: 9)
        let odd = try run([Projection(weights: weights, block: Block(E: -20))], n: n, x: 9)
        for k in 0..<mixed.V.count {
            let reference = (k % n) % 2 == 0 ? even.V[k] : odd.V[k]
            #expect(mixed.V[k] == reference, "entry \(k)")
        }
    }

    @Test func mgBlockParametersAreChecked() throws {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
        let pop = try net.addPopulation(model: "LIF", size: 2)
        var spec = Network.ProjectionSpec()
        (spec.pre, spec.post, spec.comm, spec.syn, spec.out) = (pop, pop, "SparseLinear", "Expon", "MgBlock")
        let proj = try net.addProjection(spec)
        func status(_ name: String, _ value: Double, _ unit: String) -> EngineError.Status? {
            do { try net.setProjectionParam(proj, part: "out", name, .scalar(value, unit: unit)) } catch { return error.status }
            return nil
        }
        #expect(status("alpha", 0.062, "mV") == .unit)
        #expect(status("alpha", 62, "1/V") == nil)
        #expect(status("E", 0, "mS") == .unit)
        #expect(status("beta", 0, "mM") == .invalidArgument)
        #expect(status("cc_Mg", -1, "mM") == .invalidArgument)
        #expect(status("E", .nan, "mV") == .invalidArgument)
        #expect(status("V_offset", 1, "") == .unit)
        #expect(status("cc_Mg", 1.2, "") == .unit)
        // an Izhikevich post takes mV/ms, so no output that delivers a current fits it
        let izh = try net.addPopulation(model: "Izhikevich", size: 2)
        spec.post = izh
        #expect(throws: EngineError.self) { try net.addProjection(spec) }
    }
}
