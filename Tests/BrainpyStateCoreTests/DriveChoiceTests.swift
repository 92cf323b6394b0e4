import Testing
@testable import BrainpyStateCore

/// The drives PopulationCore.prepareDrive chooses give the same bits: homogeneous COBA Expon
/// channels, fused into the neuron loop (one channel, or the E/I pair), against the same channels
/// with their τ given per neuron, which are summed into G/GE first. For a LIF-family population and
/// for models of the generic kernel framework (ModelPopulation), both precisions.
struct DriveChoiceTests {
    /// A population of `model` driven by itself through `channels` COBA Expon projections (E, then I).
    func build(_ model: String, channels: Int, perNeuronTau: Bool, precision: Int) throws -> Network {
        let size = 200
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 5, precision: precision, numThreads: 1)
        let pop = try net.addPopulation(model: model, size: size)
        try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [-70, -55], unit: "mV"))
        for k in 0..<channels {
            var spec = Network.ProjectionSpec()
            spec.pre = pop
            spec.post = pop
            spec.out = "COBA"
            let proj = try net.addProjection(spec)
            try net.setProjectionParam(proj, part: "comm", "conn_prob", .scalar(0.05, unit: ""))
            try net.setProjectionParam(proj, part: "comm", "conn_weight", .scalar(k == 0 ? 0.6 : 6.7, unit: "mS"))
            try net.setProjectionParam(proj, part: "comm", "seed", .scalar(Double(7 + k), unit: ""))
            try net.setProjectionParam(proj, part: "out", "E", .scalar(k == 0 ? 0 : -80, unit: "mV"))
            let tau = Double(5 + 5 * k)
            if perNeuronTau {
                try [Double](repeating: tau, count: size).withUnsafeBufferPointer { b in
                    try net.setProjectionParam(proj, part: "syn", "tau", .array(.float64(b), unit: "ms"))
                }
            } else {
                try net.setProjectionParam(proj, part: "syn", "tau", .scalar(tau, unit: "ms"))
            }
        }
        try [20.0].withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
        }
        _ = try net.addSpikeMonitor(pop, indices: nil)
        try net.compile()
        return net
    }

    @Test(arguments: ["LIFRef", "ExpIF", "AdExIF"], [1, 2])
    func fusedChannelsGiveTheBitsOfSummedOnes(model: String, channels: Int) throws {
        for precision in [32, 64] {
            let fused = try build(model, channels: channels, perNeuronTau: false, precision: precision)
            let summed = try build(model, channels: channels, perNeuronTau: true, precision: precision)
            try fused.run(steps: 400)
            try summed.run(steps: 400)
            let a = try fused.monitorEvents(0), b = try summed.monitorEvents(0)
            #expect(a.neurons.count > 100, "\(model): too few spikes to compare (\(a.neurons.count))")
            #expect(a.steps == b.steps && a.neurons == b.neurons, "\(model), \(channels) channels: spikes differ")
            let x = try fused.populationState(0, "V", unit: "mV"), y = try summed.populationState(0, "V", unit: "mV")
            let first = x.indices.first { x[$0].bitPattern != y[$0].bitPattern }
            #expect(first == nil,
                    "\(model), \(channels) channels, float\(precision): V differs first at \(first ?? -1)")
        }
    }
}
