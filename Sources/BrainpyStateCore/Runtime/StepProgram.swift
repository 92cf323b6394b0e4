/// What a step reads of a compiled network: `let` copies of the Simulation's lists, made by its first
/// run (Simulation.advance) and kept until one of those lists changes. The lists are `var`s that the
/// compiler fills in; the step's reads of them cost retains, releases and exclusivity checks (9 % of
/// a 4 000-neuron run's perf samples), fewer through these: 4–5 % faster at 4 000 neurons
/// (`tools/bench/results/step_program_ab_2026-11-29.txt`).
final class StepProgram<F: SimFloat>: ParallelWork {
    let dt: F
    let cores: [PopulationCore<F>]
    let projections: [ProjectionRuntime<F>]
    let junctions: [GapJunction<F>]
    let incoming: [[ProjectionRuntime<F>]]
    let siblings: [SiblingDelivery<F>]
    let updaters: [(F, F, Int) -> Void]
    let monitors: [MonitorRuntime<F>]
    let readouts: [ReadoutPopulation<F>]
    let inputPhase: InputPhase<F>?
    /// tileStart[tileBase[p] + k]: population p's first tile of part k (its PopulationCore.threadTiles).
    let tileStart: [Int]
    let tileBase: [Int]
    /// Each worker's staging area for delivery (DeliveryStaging), by part.
    let staging: [DeliveryStaging]
    /// The time of the step being run (written by the caller before the parallel section, read by
    /// the workers).
    var now: F = 0

    init(_ sim: Simulation<F>) {
        dt = sim.dt
        cores = sim.populations.map { $0.core }
        projections = sim.projections
        junctions = sim.junctions
        incoming = sim.incoming
        siblings = sim.siblings
        updaters = sim.updaters
        monitors = sim.monitors
        readouts = sim.readouts
        inputPhase = sim.inputPhase
        staging = sim.staging
        tileStart = cores.flatMap { $0.threadTiles }
        var base: [Int] = []
        var at = 0
        for core in cores {
            base.append(at)
            at += core.threadTiles.count
        }
        tileBase = base
    }

    /// Phases 1 and 2 for the tiles worker `part` owns.
    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func work(part: Int) {
        for group in siblings { group.deliver(part: part) }
        let staging = self.staging[part]
        for p in 0..<updaters.count {
            let first = tileBase[p] &+ part
            let tiles = tileStart[first]..<tileStart[first &+ 1]
            for projection in incoming[p] { projection.deliver(tiles: tiles, staging: staging) }
            let update = updaters[p]
            for tile in tiles { update(now, dt, tile) }
        }
    }
}
