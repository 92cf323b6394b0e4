/// LeakyRateReadout (spec neurons §9.12): r ← decay·r + x @ W, decay = exp(−dt/τ) computed once (at
/// compile, and again if τ is written), W the (in_size, out_size) weights, x the spikes its source
/// emitted in the same step (brainpy: `readout(N(x))`). It runs serially after the neuron phase and
/// the spike exchange of the step, so x is complete; only the spiking rows of W are read. A SpikeTime
/// source contributes its summed event weights (its row value), a neuron or Poisson source 1.
final class ReadoutPopulation<F: SimFloat>: NeuronGroup {
    let core: PopulationCore<F>
    let inputs: Int
    private let size: Int
    private let dt: Double
    private let r: UnsafeMutablePointer<F>
    private let decay: UnsafeMutablePointer<F>
    private let weights: UnsafeMutablePointer<F>
    private let sum: UnsafeMutablePointer<F>
    private var bound: [String: [Double]] = [:]
    /// The source and its slice, set by the compiler.
    private var source: PopulationCore<F>?
    private var start = 0, stop = 0

    init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        guard case .scalar(let n) = try desc.value("in_size"), n >= 1 else {
            throw .invalid("LeakyRateReadout population \(desc.id): in_size must be >= 1")
        }
        inputs = Int(n)
        size = desc.size
        self.dt = dt
        let (cells, overflow) = inputs.multipliedReportingOverflow(by: size)
        guard !overflow else { throw EngineError(.outOfMemory, "LeakyRateReadout: \(inputs) x \(size) weights is too large") }
        core = try PopulationCore(id: desc.id, size: desc.size, threads: threads, arena: arena)
        r = try arena.allocate(F.self, count: size, what: "r of population \(desc.id)")
        decay = try arena.allocate(F.self, count: size, what: "decay of population \(desc.id)")
        weights = try arena.allocate(F.self, count: cells, what: "weights of population \(desc.id)")
        sum = try arena.allocate(F.self, count: size, what: "input of population \(desc.id)")
        try bind(desc, rng: rng)
    }

    func connect(_ source: PopulationCore<F>, start: Int, stop: Int) {
        self.source = source
        self.start = start
        self.stop = stop
    }

    func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        if case .scalar(let n) = try desc.value("in_size"), Int(n) != inputs {
            throw .state("LeakyRateReadout \(desc.id): in_size cannot change after compile (it is \(inputs))")
        }
        let tau = try Realized.realize(desc.value("tau"), count: size, rng: rng, stream: desc.stream("tau"),
                                       what: "LeakyRateReadout.tau")
        for j in 0..<size { decay[j] = F(MathC.exp(-dt / tau.value(at: j))) }
        bound["tau"] = (0..<size).map { tau.value(at: $0) }
        var w = try desc.value("w_init")
        if case .scalar(let v) = w, v.isNaN {
            // braintools.init.KaimingNormal(): Normal(0, sqrt(2 / fan_in)), fan_in = in_size.
            w = .initializer(Initializer(kind: .normal, args: [0, (2 / Double(inputs)).squareRoot()]))
        }
        let cells = inputs * size
        let realized = try Realized.realize(w, count: cells, rng: rng, stream: desc.stream("w_init"),
                                            what: "LeakyRateReadout.w_init")
        for k in 0..<cells { weights[k] = F(realized.value(at: k)) }
        bound["w_init"] = (0..<cells).map { realized.value(at: $0) }
    }

    /// One readout step (serially, after the step's spikes are current).
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func advance() {
        guard let src = source else { return }
        let (acc, out, n) = (sum, size, size)
        acc.update(repeating: 0, count: n)
        let (x, w, first) = (src.spikeFlags(), weights, start)
        src.forEachSpike(in: start, stop) { i in
            let value = x[Int(i)]
            let row = w + (Int(i) - first) * out
            for o in 0..<out { acc[o] += value * row[o] }
        }
        for o in 0..<n { r[o] = decay[o] * r[o] + acc[o] }
    }

    // MARK: - NeuronGroup

    func update(t: F, dt: F, tile: Int) {}

    func initStates(rng: Philox) throws(EngineError) {
        r.update(repeating: 0, count: size)
        core.resetTransients()
        core.collectSpikes()
    }

    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? { name == "r" ? r : nil }

    func parameter(_ name: String) -> [Double]? { bound[name] }

    func refreshSpikes() {}
}
