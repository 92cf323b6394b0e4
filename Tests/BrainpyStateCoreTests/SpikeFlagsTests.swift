import Glibc
import Testing
@testable import BrainpyStateCore

/// The LIF kernel keeps a step's spikes in its block masks and spike list only; the spike flags are
/// written from the list when something reads them (PopulationCore.spikeFlags). Every reader must
/// see the current step's spikes, whatever it read before.
struct SpikeFlagsTests {
    /// A recurrent LIFRef population with a per-neuron (or one) persistent current, a full and a
    /// subset spike monitor (indices not sorted) and a readout of part of it.
    func build(sameCurrent: Bool) throws -> Network {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 4, precision: 32, numThreads: 2)
        let pop = try net.addPopulation(model: "LIFRef", size: 300)
        try net.setPopulationParam(pop, "V_rest", .scalar(-60, unit: "mV"))
        try net.setPopulationParam(pop, "V_th", .scalar(-50, unit: "mV"))
        try net.setPopulationParam(pop, "V_reset", .scalar(-60, unit: "mV"))
        try net.setPopulationParam(pop, "tau", .scalar(20, unit: "ms"))
        try net.setPopulationParam(pop, "tau_ref", .scalar(1, unit: "ms"))
        try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [-60, -50], unit: "mV"))
        var spec = Network.ProjectionSpec()
        spec.pre = pop
        spec.post = pop
        let proj = try net.addProjection(spec)
        try net.setProjectionParam(proj, part: "comm", "conn_prob", .scalar(0.05, unit: ""))
        try net.setProjectionParam(proj, part: "comm", "conn_weight", .scalar(2, unit: "mS"))
        try net.setProjectionParam(proj, part: "comm", "seed", .scalar(2, unit: ""))
        try net.setProjectionParam(proj, part: "out", "E", .scalar(0, unit: "mV"))
        let current = (0..<300).map { sameCurrent ? 25.0 : 20 + Double($0 % 9) }
        try current.withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
        }
        _ = try net.addSpikeMonitor(pop, indices: nil)
        _ = try net.addSpikeMonitor(pop, indices: [250, 3, 7, 120, 299, 0, 64])
        let readout = try net.addPopulation(model: "LeakyRateReadout", size: 2)
        try net.set(readout, "in_size", 100, "")
        try net.set(readout, "tau", [5, 10], "ms")
        try net.set(readout, "w_init", (0..<200).map { 1 + Double($0 % 7) }, "")
        try net.setSpikeSource(readout, source: pop, start: 100, stop: 200)
        try net.compile()
        return net
    }

    @Test(arguments: [false, true])
    func everyReaderSeesTheCurrentSpikes(sameCurrent: Bool) throws {
        let net = try build(sameCurrent: sameCurrent)
        let subset = [250, 3, 7, 120, 299, 0, 64]
        let decay = [exp(-0.1 / 5), exp(-0.1 / 10)]
        var r = [0.0, 0.0]
        var total = 0
        for step in 0..<400 {
            try net.run(steps: 1)
            // Read some steps' flags and skip others, so that stale flags of an earlier read would show.
            let bytes = try net.populationSpikes(0)
            if step % 3 != 1 {
                let flags = try net.populationState(0, "spike", unit: "")
                #expect(flags == bytes.map(Double.init), "step \(step)")
            }
            let v = try net.populationState(0, "V", unit: "mV")
            #expect(bytes == v.map { $0 >= -50 ? 1 : 0 }, "step \(step)")
            total += bytes.reduce(0) { $0 + Int($1) }
            for o in 0..<2 {
                let drive = (100..<200).reduce(0.0) { $0 + Double(bytes[$1]) * (1 + Double(((($1 - 100) * 2 + o)) % 7)) }
                r[o] = decay[o] * r[o] + drive
            }
            let ours = try net.populationState(1, "r", unit: "")
            for o in 0..<2 { #expect(abs(ours[o] - r[o]) <= 1e-4 * max(1, abs(r[o])), "step \(step)") }
        }
        #expect(total > 600)   // the population spiked, on many steps
        let all = try net.monitorEvents(0), part = try net.monitorEvents(1)
        var expected: [(Int64, Int32)] = []
        var at = 0
        while at < all.steps.count {
            var end = at
            while end < all.steps.count && all.steps[end] == all.steps[at] { end += 1 }
            let spiking = Set(all.neurons[at..<end])
            for k in subset where spiking.contains(Int32(k)) { expected.append((all.steps[at], Int32(k))) }
            at = end
        }
        #expect(part.steps.count == expected.count && part.steps.count > 10)
        #expect(zip(part.steps, part.neurons).elementsEqual(expected) { $0.0 == $1.0 && $0.1 == $1.1 })
    }

    /// The flags written from the list agree with the ones written from V after a state write.
    @Test func flagsAfterAStateWriteAreTheStates() throws {
        let net = try build(sameCurrent: false)
        try net.run(steps: 30)
        _ = try net.populationState(0, "spike", unit: "")
        let v = (0..<300).map { $0 % 4 == 0 ? -45.0 : -55 }
        try v.withUnsafeBufferPointer { b in try net.setPopulationState(0, "V", .float64(b), unit: "mV") }
        #expect(try net.populationState(0, "spike", unit: "") == v.map { $0 >= -50 ? 1 : 0 })
        try net.run(steps: 1)
        let after = try net.populationState(0, "V", unit: "mV")
        #expect(try net.populationState(0, "spike", unit: "") == after.map { $0 >= -50 ? 1 : 0 })
    }

    /// One persistent current for every neuron is noted as such (the LIF kernel then reads no column);
    /// any difference, even +0 against −0, makes it a column again.
    @Test func oneExternalCurrentIsNoted() throws {
        let arena = Arena()
        let core = try PopulationCore<Float>(id: 0, size: 40, threads: 1, arena: arena)
        #expect(core.uniformExternal == 0)
        core.setExternal { _ in 2.5 }
        #expect(core.uniformExternal == 2.5)
        core.setExternal { Float($0 % 2) }
        #expect(core.uniformExternal == nil)
        core.setExternal { $0 == 39 ? -0.0 : 0 }
        #expect(core.uniformExternal == nil)
        core.setExternal { _ in -0.0 }
        #expect(core.uniformExternal?.sign == .minus)
    }
}
