/// A compiled network in one precision: the fixed step program and its state.
/// One step (brainpy.state's canonical order, spec synapses §5.1):
///   0. input generators (if any) produce this step's values and spikes (InputPhase): their spikes go
///      through projections in this same step, their values into the x of the populations they drive;
///      gap junctions add their currents from the V stored at the end of the previous step (serially,
///      O(connections)); then projections with stages before comm (plasticity, delay, presynaptic
///      synapse) run them on the spikes of the previous step (a generator's: of this step; serially,
///      O(presynaptic neurons));
///   1. every projection delivers its input (the spikes its presynaptic slice emitted at the previous
///      step, or what its stages made of them) through comm into its target (siblings first, together:
///      SiblingDelivery);
///   2. every population updates: its synapses decay and take their increments, then its neurons
///      integrate with the synaptic drive and emit spikes;
///   3. readouts (if any) read the spikes of this step (serially, after the barrier);
///   4. monitors record.
/// Phases 1 and 2 run in parallel, population by population: each worker owns a range of tiles,
/// delivers every projection's input into them, then updates their neurons (up to 65 536 neurons per
/// worker and population the increments are still in cache), and writes only those neurons, so one
/// barrier per step suffices (the next step's delivery reads every worker's spikes). Results do not
/// depend on the number of workers: every neuron sees the same operations in the same order.
final class Simulation<F: SimFloat> {
    let arena: Arena
    let dt: F
    let dtInternal: Double
    /// Draws of parameters (shared by every batch row).
    let rng: Philox
    /// Draws of states and run-time inputs: this batch row's generator (`rng` itself for row 0).
    let stateRng: Philox
    let threads: Int
    var populations: [any NeuronGroup<F>] = [] { didSet { program = nil } }
    var channels: [SynapseChannel<F>] = []
    /// The chemical projections and the gap junctions, each in registration order, and every
    /// projection by its id.
    var projections: [ProjectionRuntime<F>] = [] { didSet { program = nil } }
    var junctions: [GapJunction<F>] = [] { didSet { program = nil } }
    var byID: [CompiledProjection<F>] = []
    /// The projections into each population, in registration order.
    var incoming: [[ProjectionRuntime<F>]] = [] { didSet { program = nil } }
    /// Projections that share a table, delivered together before every other projection.
    var siblings: [SiblingDelivery<F>] = [] { didSet { program = nil } }
    /// Each population's update, bound to its concrete model type at compile (a call through the
    /// NeuronGroup existential would look up generic metadata on every call).
    var updaters: [(F, F, Int) -> Void] = [] { didSet { program = nil } }
    var monitors: [MonitorRuntime<F>] = [] { didSet { program = nil } }
    /// The generator phase; nil in networks without generators (no cost for them).
    var inputPhase: InputPhase<F>? { didSet { program = nil } }
    var readouts: [ReadoutPopulation<F>] = [] { didSet { program = nil } }
    /// Index of the next step.
    private(set) var stepIndex = 0
    /// The lists a step reads, made by the first run (advance) and dropped whenever one of the lists
    /// above changes (a monitor added after compile), so that later runs allocate nothing.
    private var program: StepProgram<F>?
    let pool: WorkerPool?
    /// Each worker's staging area for delivery, by part (shared with the batch rows that share the pool).
    let staging: [DeliveryStaging]
    /// By population: whether its synaptic increments are tile-local (TileLocalIncrements); and if
    /// any is, each worker's area for delivering into them, by part.
    var tileLocal: [Bool] = [] { didSet { program = nil } }
    var tileStaging: [TileStaging] = [] { didSet { program = nil } }

    /// `sharing`: another batch row of the same network, whose arena and worker pool this row uses
    /// (rows run one after another, never at the same time).
    init(dt: Double, rng: Philox, row: Int, threads: Int, sharing: Simulation<F>?) throws(EngineError) {
        self.arena = sharing?.arena ?? Arena()
        self.dtInternal = dt
        self.dt = F(dt)
        self.rng = rng
        stateRng = rng.row(row)
        self.threads = threads
        if let sharing { pool = sharing.pool } else { pool = threads > 1 ? try WorkerPool(count: threads) : nil }
        if let sharing {
            staging = sharing.staging
        } else {
            var areas: [DeliveryStaging] = []
            for _ in 0..<max(threads, 1) { areas.append(try DeliveryStaging(arena: arena)) }
            staging = areas
        }
    }

    /// The time step i runs at, formed as brainpy.state's compiled loop forms it: F(i) * F(dt).
    @inline(__always)
    func time(ofStep i: Int) -> F { F(i) * dt }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func stepOnce(_ program: StepProgram<F>) {
        let now = time(ofStep: stepIndex)
        program.now = now
        if let inputs = program.inputPhase { inputs.run(step: stepIndex, t: now, pool: pool) }
        for junction in program.junctions { junction.couple() }
        for projection in program.projections { projection.prepare(t: now, dt: dt) }
        if let pool { pool.run(program) } else { program.work(part: 0) }
        for projection in program.projections { projection.finish() }
        for core in program.cores {
            if core.flipsAfterStep { core.flip() }
            core.hasOnce = false
            core.hasDelta = false
        }
        for readout in program.readouts { readout.advance() }
        for monitor in program.monitors { monitor.record(step: stepIndex) }
        stepIndex += 1
    }

    /// Room in every recording for a run of `steps` steps (before the first of them).
    func prepare(steps: Int) throws(EngineError) {
        for monitor in monitors { try monitor.prepare(steps: steps) }
    }

    /// `steps` steps of a run that `prepare` made room for.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func advance(steps: Int) {
        let program: StepProgram<F>
        if let made = self.program {
            program = made
        } else {
            program = StepProgram(self)
            self.program = program
        }
        for _ in 0..<steps { stepOnce(program) }
    }

    /// brainstate's init_all_states: states to their initializers, t back to 0, delays emptied,
    /// pending inputs dropped, recordings cleared.
    func initStates() throws(EngineError) {
        for population in populations { try population.initStates(rng: stateRng) }
        for channel in channels { try channel.initStates(rng: stateRng) }
        for projection in projections {
            projection.reset()
            try projection.synapse?.initStates(rng: stateRng)
        }
        for monitor in monitors { monitor.clear() }
        stepIndex = 0
    }
}
