/// A compiled input generator (spec neurons §9). Generators run in their own phase at the start of
/// a step, before any projection delivers and any neuron updates, so that what they produce at step
/// i is used at step i: the spikes of a PoissonSpike go through its projections in the same step (as
/// brainpy's `proj(poisson())` before `N()`), and a SectionInput's value is the x of the neurons it
/// drives (`N(inp())`). Each worker generates the generator's tiles it owns; draws are keyed by
/// (seed, stream, step, element), so results do not depend on the thread count.
class InputPopulation<F: SimFloat>: NeuronGroup {
    let core: PopulationCore<F>
    let spec: ModelSpec
    let size: Int
    /// The step in ms (the engine's time unit; noise scales with sqrt of this number).
    let dt: Double
    /// Draws of parameters (shared by every batch row).
    let rng: Philox
    /// Run-time draws: the batch row's generator (the compiler sets it; `rng` for row 0).
    var draws: Philox
    /// Philox stream of this generator's run-time draws.
    let stream: UInt32
    /// Parameters as bound (internal units), for reading back.
    var bound: [String: [Double]] = [:]

    init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        core = try PopulationCore(id: desc.id, size: desc.size, threads: threads, arena: arena)
        core.flipsAfterStep = false
        spec = desc.spec
        size = desc.size
        self.dt = dt
        self.rng = rng
        draws = rng
        stream = desc.stream("draws")
    }

    /// True when one worker generates the whole population (SpikeTime's event table).
    var serial: Bool { false }
    /// The column a bound population adds to its input x or state; nil for spike generators.
    var output: UnsafeMutablePointer<F>? { nil }

    /// Per-step scalars, serially before the parallel phase.
    func prepare(step: Int, t: F) {}
    /// This step's output of tile k (or of everything when `serial`).
    func generate(tile: Int, step: Int, t: F) {}
    /// Serially after the phase (spike generators make their new spikes current).
    func finish() {}

    // MARK: - NeuronGroup

    /// Generators do nothing in the neuron phase.
    func update(t: F, dt: F, tile: Int) {}

    func initStates(rng: Philox) throws(EngineError) {
        core.resetTransients()
        core.spike.update(repeating: 0, count: size)
        output?.update(repeating: 0, count: size)
        core.collectSpikes()
    }

    func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {}

    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? { name == "output" ? output : nil }

    func parameter(_ name: String) -> [Double]? { bound[name] }

    func refreshSpikes() { core.collectSpikes() }

    // MARK: - binding helpers

    /// A per-element parameter, realised (random initializers drawn) and remembered for reading back.
    func perElement(_ desc: PopulationDescription, _ name: String) throws(EngineError) -> Realized {
        let r = try Realized.realize(desc.value(name), count: size, rng: rng, stream: desc.stream(name),
                                     what: "\(spec.name).\(name)")
        bound[name] = (0..<size).map { r.value(at: $0) }
        return r
    }

    /// A one-value parameter.
    func scalar(_ desc: PopulationDescription, _ name: String) throws(EngineError) -> Double {
        let v: Double
        switch try desc.value(name) {
        case .scalar(let x): v = x
        case .array(let a) where a.count == 1: v = a[0]
        case .initializer(let i) where i.kind == .constant: v = i.args[0]
        default: throw .invalid("\(spec.name).\(name) takes one value")
        }
        bound[name] = [v]
        return v
    }

    /// A list parameter (sections, events) as described.
    func list(_ desc: PopulationDescription, _ name: String) throws(EngineError) -> [Double] {
        let values: [Double]
        switch try desc.value(name) {
        case .scalar(let v): values = [v]
        case .array(let a): values = a
        case .initializer: throw .invalid("\(spec.name).\(name) takes a list of values")
        }
        bound[name] = values
        return values
    }

    /// Fill `column` with a realised parameter converted to F.
    func fill(_ column: UnsafeMutablePointer<F>, _ r: Realized, _ transform: (Double) -> Double = { $0 }) {
        for j in 0..<size { column[j] = F(transform(r.value(at: j))) }
    }
}
