import Glibc
import Testing
@testable import BrainpyStateCore

/// SymmetryGapJunction and AsymmetryGapJunction (spec synapses §5.8) against their equations, in
/// float64, on LIF neurons recomputed by hand: the currents use the V stored at the end of the
/// previous step (before this step's reset), repeated index pairs add up, and both sides receive them
/// as one-shot currents of the same step.
struct GapJunctionTests {
    let dt = 0.1

    /// LIF with tau 10 ms, V_rest = V_reset = -60 mV, V_th = -50 mV, soft reset, R 1 ohm: one step from
    /// V with the current I (µA, the engine's unit).
    func lif(_ V: Double, _ I: Double) -> Double {
        let vr = V >= -50 ? V - 10 : V
        return vr + dt * ReferenceStep.exprel(-dt / 10) * ((-vr - 60 + 1e-3 * I) / 10)
    }

    func population(_ net: Network, _ n: Int, x: [Double], V0: Double = -60) throws -> Int {
        let pop = try net.addPopulation(model: "LIF", size: n)
        for (name, value, unit) in [("tau", 10.0, "ms"), ("V_rest", -60, "mV"), ("V_reset", -60, "mV"),
                                    ("V_th", -50, "mV"), ("V_initializer", V0, "mV")] {
            try net.setPopulationParam(pop, name, .scalar(value, unit: unit))
        }
        try x.withUnsafeBufferPointer { b in try net.addCurrentInput(pop, key: "x", .float64(b), unit: "mA", replace: false) }
        return pop
    }

    func junction(_ net: Network, _ kind: String, _ pre: Int, _ post: Int, _ preIds: [Int], _ postIds: [Int],
                  _ weight: [Double]) throws -> Int {
        var spec = Network.ProjectionSpec()
        (spec.kind, spec.pre, spec.post, spec.comm, spec.syn, spec.out) = (kind, pre, post, nil, "", "")
        let proj = try net.addProjection(spec)
        try net.setConnections(proj, pre: preIds, post: postIds, weights: nil, unit: "mS")
        try weight.withUnsafeBufferPointer { b in try net.setProjectionParam(proj, part: "proj", "weight", .array(.float64(b), unit: "mS")) }
        return proj
    }

    /// Self-coupled LIF(4) with a repeated pair (0 -> 1 twice), a pair i -> i and per-connection weights.
    @Test func symmetricSelfCouplingFromPreResetV() throws {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let x = [25.0, 14.0, 12.0, 14.0]                   // mA: every neuron fires
        let pop = try population(net, 4, x: x)
        let (pre, post) = ([0, 0, 1, 2, 3], [1, 1, 2, 2, 0])
        let w = [300.0, 200.0, 150.0, 400.0, 250.0]        // mS
        _ = try junction(net, "SymmetryGapJunction", pop, pop, pre, post, w)
        let mon = try net.addStateMonitor(pop, "V", indices: nil)
        try net.compile()
        let steps = 500
        try net.run(steps: steps)
        let ours = try net.monitorValues(mon, unit: "mV")
        var V = [Double](repeating: -60, count: 4)
        var spikes = [0, 0, 0, 0], resetWithJunctionCurrent = 0, postResetWouldDiffer = false
        for step in 0..<steps {
            var I = x.map { $0 * 1000 }
            for k in 0..<pre.count {
                let d = V[pre[k]] - V[post[k]]
                I[post[k]] += w[k] * d
                I[pre[k]] -= w[k] * d
            }
            // what a junction reading the post-reset V would have given at this step
            let reset = V.map { $0 >= -50 ? $0 - 10 : $0 }
            var Ireset = x.map { $0 * 1000 }
            for k in 0..<pre.count {
                let d = reset[pre[k]] - reset[post[k]]
                Ireset[post[k]] += w[k] * d
                Ireset[pre[k]] -= w[k] * d
            }
            for j in 0..<4 {
                if V[j] >= -50 { resetWithJunctionCurrent += abs(I[j] - x[j] * 1000) > 1 ? 1 : 0 }
                let expected = lif(V[j], I[j])
                let got = ours[step * 4 + j]
                #expect(abs(got - expected) <= 1e-12 * max(1, abs(expected)), "step \(step) neuron \(j)")
                postResetWouldDiffer = postResetWouldDiffer || abs(lif(V[j], Ireset[j]) - expected) > 1e-6
                spikes[j] += got >= -50 ? 1 : 0
                V[j] = got
            }
        }
        #expect(spikes.allSatisfy { $0 >= 2 }, "\(spikes)")
        #expect(resetWithJunctionCurrent > 0)
        #expect(postResetWouldDiffer)
    }

    /// LIF(3) -> LIF(2) with [g_pre, g_post] per connection, repeated post index: the post side uses
    /// g_pre, the pre side g_post. The currents of one step are one-shot: a run with the junction's
    /// weights at zero leaves V as without it.
    @Test func asymmetricPairUsesOneConductancePerDirection() throws {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 64, numThreads: 1)
        let xa = [22.0, 14.0, 9.0], xb = [9.5, 11.0]
        let a = try population(net, 3, x: xa, V0: -55)
        let b = try population(net, 2, x: xb)
        let (pre, post) = ([0, 1, 2, 0], [1, 1, 0, 1])
        let w = [500.0, 50.0, 300.0, 100.0, 80.0, 400.0, 500.0, 50.0]   // (4, 2) row-major
        let proj = try junction(net, "AsymmetryGapJunction", a, b, pre, post, w)
        let ma = try net.addStateMonitor(a, "V", indices: nil)
        let mb = try net.addStateMonitor(b, "V", indices: nil)
        try net.compile()
        let steps = 400
        try net.run(steps: steps)
        let (oa, ob) = (try net.monitorValues(ma, unit: "mV"), try net.monitorValues(mb, unit: "mV"))
        var (Va, Vb) = ([Double](repeating: -55, count: 3), [Double](repeating: -60, count: 2))
        for step in 0..<steps {
            var Ia = xa.map { $0 * 1000 }, Ib = xb.map { $0 * 1000 }
            for k in 0..<pre.count {
                let d = Va[pre[k]] - Vb[post[k]]
                Ib[post[k]] += w[2 * k] * d
                Ia[pre[k]] -= w[2 * k + 1] * d
            }
            for j in 0..<3 {
                let e = lif(Va[j], Ia[j])
                #expect(abs(oa[step * 3 + j] - e) <= 1e-12 * max(1, abs(e)), "pre step \(step) neuron \(j)")
                Va[j] = oa[step * 3 + j]
            }
            for j in 0..<2 {
                let e = lif(Vb[j], Ib[j])
                #expect(abs(ob[step * 2 + j] - e) <= 1e-12 * max(1, abs(e)), "post step \(step) neuron \(j)")
                Vb[j] = ob[step * 2 + j]
            }
        }
        let c = try net.connections(proj, unit: "mS")
        #expect(c.pre == pre && c.post == post && c.weight == [500, 300, 80, 500])
        // the weight may change after compile (one pair for all connections now would switch layouts)
        try [0.0, 0.0, 0, 0, 0, 0, 0, 0].withUnsafeBufferPointer { z in
            try net.setProjectionParam(proj, part: "proj", "weight", .array(.float64(z), unit: "mS"))
        }
        #expect(throws: EngineError.self) {
            try [1.0, 2.0].withUnsafeBufferPointer { p in try net.setProjectionParam(proj, part: "proj", "weight", .array(.float64(p), unit: "mS")) }
        }
        try net.initStates()
        try net.run(steps: 50)
        var V = [-55.0, -55, -55]
        let after = try net.monitorValues(ma, unit: "mV")
        for step in 0..<50 {
            for j in 0..<3 {
                V[j] = lif(V[j], xa[j] * 1000)
                #expect(abs(after[step * 3 + j] - V[j]) <= 1e-12 * max(1, abs(V[j])))
            }
        }
    }

    /// Float32 and several threads: the junction runs serially before the workers, so the result does
    /// not depend on the worker count.
    @Test func threadsDoNotChangeTheCoupling() throws {
        func run(_ threads: Int) throws -> [Double] {
            let net = try Network(dt: dt, dtUnit: "ms", seed: 3, precision: 32, numThreads: threads)
            let n = 70
            let pop = try population(net, n, x: (0..<n).map { 8 + Double($0 % 9) * 2 })
            let pre = (0..<200).map { ($0 * 7) % n }, post = (0..<200).map { ($0 * 13 + 5) % n }
            _ = try junction(net, "SymmetryGapJunction", pop, pop, pre, post, [120])
            let mon = try net.addStateMonitor(pop, "V", indices: nil)
            try net.compile()
            try net.run(steps: 300)
            return try net.monitorValues(mon, unit: "mV")
        }
        let one = try run(1)
        #expect(try run(2) == one)
        #expect(try run(3) == one)
    }

    @Test func badDescriptionsAreRefused() throws {
        let net = try Network(dt: dt, dtUnit: "ms", seed: 0, precision: 32, numThreads: 1)
        let a = try population(net, 3, x: [10])
        let b = try population(net, 2, x: [10])
        let fhn = try net.addPopulation(model: "FitzHughNagumo", size: 2)
        let izh = try net.addPopulation(model: "Izhikevich", size: 2)
        func status(_ body: () throws -> Void) -> EngineError.Status? {
            do { try body() } catch let error as EngineError { return error.status } catch { return .internal }
            return nil
        }
        func spec(_ pre: Int, _ post: Int, kind: String = "SymmetryGapJunction") -> Network.ProjectionSpec {
            var s = Network.ProjectionSpec()
            (s.kind, s.pre, s.post, s.comm, s.syn, s.out) = (kind, pre, post, nil, "", "")
            return s
        }
        // populations without V in mV taking currents
        #expect(status { _ = try net.addProjection(spec(a, fhn)) } == .unit)
        #expect(status { _ = try net.addProjection(spec(izh, a)) } == .unit)
        // parts a gap junction does not have, a slice, a delay
        var s = spec(a, b)
        s.comm = "SparseLinear"
        #expect(status { _ = try net.addProjection(s) } == .invalidArgument)
        s = spec(a, b)
        s.out = "COBA"
        #expect(status { _ = try net.addProjection(s) } == .invalidArgument)
        s = spec(a, b)
        s.preStart = 1
        #expect(status { _ = try net.addProjection(s) } == .invalidArgument)
        s = spec(a, b)
        s.delay = 1
        #expect(status { _ = try net.addProjection(s) } == .invalidArgument)
        // a chemical projection still needs its comm
        s = spec(a, b, kind: "AlignPostProj")
        #expect(status { _ = try net.addProjection(s) } == .nullPointer)

        let sym = try net.addProjection(spec(a, b))
        #expect(status { try net.setConnections(sym, pre: [0, 3], post: [0, 1], weights: nil, unit: "mS") } == .outOfRange)
        #expect(status { try net.setConnections(sym, pre: [0, 1], post: [0, 2], weights: nil, unit: "mS") } == .outOfRange)
        #expect(status { try net.setConnections(sym, pre: [-1, 1], post: [0, 1], weights: nil, unit: "mS") } == .outOfRange)
        #expect(status { try net.setConnections(sym, pre: [0, 1, 2], post: [0, 1], weights: nil, unit: "mS") } == .invalidArgument)
        [1.0, 2.0].withUnsafeBufferPointer { w in
            #expect(status { try net.setConnections(sym, pre: [0, 1], post: [0, 1], weights: .float64(w), unit: "mS") } == .invalidArgument)
        }
        try net.setConnections(sym, pre: [0, 1, 1], post: [0, 1, 1], weights: nil, unit: "mS")
        func weight(_ p: Int, _ values: [Double], _ unit: String = "mS") -> EngineError.Status? {
            status {
                try values.withUnsafeBufferPointer { w in
                    try net.setProjectionParam(p, part: "proj", "weight", .array(.float64(w), unit: unit))
                }
            }
        }
        #expect(weight(sym, [1, 2]) == .outOfRange)           // 2 values for 3 connections
        #expect(weight(sym, [1, .nan, 3]) == .invalidArgument)
        #expect(weight(sym, [1, 2, 3], "mV") == .unit)
        #expect(weight(sym, [1, 2, 3]) == nil)
        #expect(status { try net.setProjectionParam(sym, part: "comm", "weight", .scalar(1, unit: "mS")) } == .unknownName)

        let asym = try net.addProjection(spec(a, a, kind: "AsymmetryGapJunction"))
        try net.setConnections(asym, pre: [0, 2], post: [1, 1], weights: nil, unit: "mS")
        #expect(status { try net.setProjectionParam(asym, part: "proj", "weight", .scalar(1, unit: "mS")) } == .invalidArgument)
        #expect(weight(asym, [1, 2, 3]) == .outOfRange)       // neither a pair nor one pair per connection
        #expect(weight(asym, [1, 2]) == nil)
        // connections that no longer fit the weight already set are refused, and leave the old ones
        #expect(weight(asym, [1, 2, 3, 4]) == nil)
        #expect(status { try net.setConnections(asym, pre: [0], post: [1], weights: nil, unit: "mS") } == .outOfRange)

        let noConnections = try net.addProjection(spec(b, b))
        try net.setProjectionParam(noConnections, part: "proj", "weight", .scalar(1, unit: "mS"))
        #expect(status { try net.compile() } == .invalidArgument)
        #expect(!net.isCompiled)
    }
}
