import Testing
@testable import BrainpyStateCore

/// The AVX-512 build of the LIF-family kernel (BrainpyStateAVX512) against the portable build: the
/// same network stepped with each gives the same spikes at every step and the same bits in every
/// state, for every drive the AVX-512 build takes (two fused COBA channels, one, the summed drive, none),
/// both precisions, soft and hard reset, homogeneous and per-neuron parameters, one-shot inputs and
/// sizes that end in a partial block. On a CPU without AVX-512 both networks run the portable build
/// and the test says so.
struct AVX512KernelTests {
    func scalar(_ v: Double, _ unit: String) -> ParamInput { .scalar(v, unit: unit) }

    struct Case {
        var model = "LIFRef"
        var size = 300
        var precision = 32
        var threads = 1
        var reset = "soft"
        /// Expon channels into the population: (out model, E or nil for CUBA, weight, unit).
        var channels: [(out: String, E: Double?, weight: Double, unit: String)] = []
        var perNeuronThreshold = false
        var current = 12.0
        var oneShots = false
    }

    func build(_ c: Case) throws -> Network {
        let net = try Network(dt: 0.1, dtUnit: "ms", seed: 11, precision: c.precision, numThreads: c.threads)
        let pop = try net.addPopulation(model: c.model, size: c.size)
        if c.model != "IF" {
            try net.setPopulationParam(pop, "V_rest", scalar(-60, "mV"))
            try net.setPopulationParam(pop, "V_reset", scalar(-60, "mV"))
        }
        try net.setPopulationParam(pop, "tau", scalar(20, "ms"))
        if c.model == "LIFRef" { try net.setPopulationParam(pop, "tau_ref", scalar(5, "ms")) }
        if c.perNeuronThreshold {
            try net.setPopulationParam(pop, "V_th", .initializer(name: "Uniform", args: [-52, -48], unit: "mV"))
        } else if c.model != "IF" {
            try net.setPopulationParam(pop, "V_th", scalar(-50, "mV"))
        }
        try net.setPopulationOption(pop, "spk_reset", c.reset)
        let low = c.model == "IF" ? -10.0 : -60.0
        try net.setPopulationParam(pop, "V_initializer", .initializer(name: "Uniform", args: [low, low + 10], unit: "mV"))
        for (k, channel) in c.channels.enumerated() {
            var spec = Network.ProjectionSpec()
            spec.pre = pop
            spec.post = pop
            spec.out = channel.out
            let proj = try net.addProjection(spec)
            try net.setProjectionParam(proj, part: "comm", "conn_prob", scalar(0.05, ""))
            try net.setProjectionParam(proj, part: "comm", "conn_weight", scalar(channel.weight, channel.unit))
            try net.setProjectionParam(proj, part: "comm", "seed", scalar(Double(7 + k), ""))
            try net.setProjectionParam(proj, part: "syn", "tau", scalar(Double(5 + 5 * k), "ms"))
            if let e = channel.E { try net.setProjectionParam(proj, part: "out", "E", scalar(e, "mV")) }
        }
        try [c.current].withUnsafeBufferPointer { b in
            try net.addCurrentInput(pop, key: "ext", .float64(b), unit: "mA", replace: false)
        }
        _ = try net.addSpikeMonitor(pop, indices: nil)
        try net.compile()
        return net
    }

    /// Runs `c` with the AVX-512 build and with the portable build; returns the number of spikes.
    @discardableResult
    func compare(_ c: Case, steps: Int = 400) throws -> Int {
        let fast = try build(c), portable = try build(c)
        #expect(try fast.useAVX512Kernels(true) == 1)
        #expect(try portable.useAVX512Kernels(false) == 1)
        for i in 0..<steps {
            if c.oneShots, i % 7 == 3 {
                let kick = (0..<c.size).map { Double($0 % 5) * 0.7 }
                for net in [fast, portable] {
                    try kick.withUnsafeBufferPointer { b in
                        try net.addOneShotInput(0, kind: i % 2 == 0 ? "delta" : "current", .float64(b),
                                                unit: i % 2 == 0 ? "mV" : "mA")
                    }
                }
            }
            try fast.run(steps: 1)
            try portable.run(steps: 1)
        }
        let a = try fast.monitorEvents(0), b = try portable.monitorEvents(0)
        #expect(a.steps == b.steps && a.neurons == b.neurons, "\(c.model) \(c.channels.map(\.out)): spikes differ")
        for (name, unit) in [("V", "mV")] + (c.model == "LIFRef" ? [("last_spike_time", "ms")] : []) {
            let x = try fast.populationState(0, name, unit: unit), y = try portable.populationState(0, name, unit: unit)
            let first = x.indices.first { x[$0].bitPattern != y[$0].bitPattern }
            #expect(x.count == y.count && first == nil, "\(c.model) \(name) differs first at neuron \(first ?? -1)")
        }
        return a.neurons.count
    }

    @Test func theCPUIsReported() {
        // Not an assertion about the machine: which build the comparisons below exercised.
        print("AVX512KernelTests: this CPU \(SystemInfo.cpuHasAVX512 ? "has" : "lacks") AVX-512")
    }

    @Test(arguments: [32, 64], [1, 2])
    func twoFusedConductances(precision: Int, threads: Int) throws {
        var c = Case(precision: precision, threads: threads)
        c.channels = [("COBA", 0, 0.6, "mS"), ("COBA", -80, 6.7, "mS")]
        c.current = 20
        #expect(try compare(c) > 100)
    }

    @Test(arguments: [32, 64])
    func oneFusedConductanceHardResetPerNeuronThreshold(precision: Int) throws {
        var c = Case(model: "LIF", size: 203, precision: precision, reset: "hard")
        c.channels = [("COBA", 0, 0.5, "mS")]
        c.perNeuronThreshold = true
        c.current = 14
        c.oneShots = true
        #expect(try compare(c) > 100)
    }

    @Test(arguments: [32, 64])
    func summedDrive(precision: Int) throws {
        // A CUBA channel is not fused: the channels are summed into G/GE/iSyn first.
        var c = Case(size: 77, precision: precision)
        c.channels = [("CUBA", nil, 2, "mS"), ("COBA", -80, 1.5, "mS")]
        c.current = 15
        c.oneShots = true
        #expect(try compare(c) > 50)
    }

    @Test(arguments: ["IF", "LIF", "LIFRef"])
    func noSynapses(model: String) throws {
        var c = Case(model: model, size: 37, precision: 32)
        c.current = model == "IF" ? 2 : 12
        c.oneShots = true
        #expect(try compare(c) > 10)
    }
}
