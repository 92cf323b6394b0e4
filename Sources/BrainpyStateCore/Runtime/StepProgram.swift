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
    /// Population p's slot size in a TileStaging area where its increments are tile-local
    /// (TileLocalIncrements): `TileStaging.room`, 0 where they are not, −1 where they are but its
    /// slots would be too small (its projections are then delivered from their rows tile by tile).
    let slotRoom: [Int]
    let tileStaging: [TileStaging]
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
        tileStaging = sim.tileStaging
        let populations = cores
        slotRoom = populations.indices.map { p in
            guard p < sim.tileLocal.count, sim.tileLocal[p] else { return 0 }
            let perPart = populations[p].threadTiles[1] - populations[p].threadTiles[0]
            return TileStaging.room(slots: sim.incoming[p].count * perPart) ?? -1
        }
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
            let update = updaters[p]
            if slotRoom[p] != 0 {
                deliverTileByTile(p, tiles, part: part, update)
                continue
            }
            for projection in incoming[p] { projection.deliver(tiles: tiles, staging: staging) }
            for tile in tiles { update(now, dt, tile) }
        }
    }

    /// Population p's `tiles` where its increments are tile-local: each incoming projection's spiking
    /// rows are staged once for all the tiles (TileStaging), then tile by tile the staged targets are
    /// added and the tile is updated, while its increments are in L2. A projection that does not
    /// stage, or whose slots would overflow, is delivered from its rows tile by tile instead.
    @inline(__always)
    private func deliverTileByTile(_ p: Int, _ tiles: Range<Int>, part: Int, _ update: (F, F, Int) -> Void) {
        let (projections, room, area) = (incoming[p], slotRoom[p], tileStaging[part])
        let span = tiles.count
        if room > 0 {
            for q in projections.indices {
                area.staged[q] = projections[q].stages
                    && projections[q].stage(tiles: tiles, into: area, slotBase: q &* span, room: room)
            }
        }
        for tile in tiles {
            for q in projections.indices {
                if room > 0 && area.staged[q] {
                    projections[q].addStaged(tile: tile, from: area, slot: q &* span &+ (tile &- tiles.lowerBound),
                                             room: room)
                } else {
                    projections[q].deliver(tiles: tile..<(tile &+ 1), staging: staging[part])
                }
            }
            update(now, dt, tile)
        }
    }
}
