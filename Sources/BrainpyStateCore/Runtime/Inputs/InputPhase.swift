/// The generator phase of a step (only in networks that have generators): per-step scalars serially,
/// then every generator's tiles in parallel (each worker the tiles it owns), then serially the new
/// generator spikes become current and the populations driven by generator outputs are told to read
/// their one-shot input column. One extra barrier per step, paid only by networks with generators.
final class InputPhase<F: SimFloat>: ParallelWork {
    let generators: [InputPopulation<F>]
    /// Populations that receive generator outputs in their one-shot input column this step.
    let driven: [PopulationCore<F>]
    private var step = 0
    private var now: F = 0

    init(generators: [InputPopulation<F>], driven: [PopulationCore<F>]) {
        self.generators = generators
        self.driven = driven
    }

    func run(step: Int, t: F, pool: WorkerPool?) {
        self.step = step
        now = t
        for generator in generators { generator.prepare(step: step, t: t) }
        if let pool { pool.run(self) } else { work(part: 0) }
        for generator in generators { generator.finish() }
        for core in driven { core.hasOnce = true }
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func work(part: Int) {
        for generator in generators {
            if generator.serial {
                if part == 0 { generator.generate(tile: 0, step: step, t: now) }
                continue
            }
            let core = generator.core
            for tile in core.threadTiles[part]..<core.threadTiles[part + 1] {
                generator.generate(tile: tile, step: step, t: now)
            }
        }
    }
}

/// What a driven population takes from generators in its own tiles, just before its neurons update
/// (so only the tile's owner writes there): generator outputs added to its one-shot input column
/// (read as part of x this step and cleared by the kernel), and PoissonInput kicks added to a state.
final class InputPulls<F: SimFloat> {
    struct Current {
        let values: UnsafeMutablePointer<F>
        /// A generator of size 1 drives every neuron with its one value.
        let broadcast: Bool
    }

    struct Kick {
        let values: UnsafeMutablePointer<F>
        let state: UnsafeMutablePointer<F>
        /// With indices: per tile of the driven population, (generator element, target element)
        /// pairs in index order (repeated targets add up in that order). nil: element j drives j.
        let byTile: [[(Int, Int)]]?
    }

    let core: PopulationCore<F>
    var currents: [Current] = []
    var kicks: [Kick] = []

    init(core: PopulationCore<F>) { self.core = core }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func apply(tile: Int) {
        let (lo, hi) = (core.bounds[tile], core.bounds[tile + 1])
        guard lo < hi else { return }
        let x = core.iOnce
        for c in currents {
            let v = c.values
            if c.broadcast {
                let value = v[0]
                for j in lo..<hi { x[j] += value }
            } else {
                for j in lo..<hi { x[j] += v[j] }
            }
        }
        for k in kicks {
            let (v, s) = (k.values, k.state)
            if let pairs = k.byTile {
                for (from, to) in pairs[tile] { s[to] += v[from] }
            } else {
                for j in lo..<hi { s[j] += v[j] }
            }
        }
    }
}
