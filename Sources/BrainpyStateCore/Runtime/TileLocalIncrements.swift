/// A synapse channel's pending increments held one tile at a time, in a buffer of the part (worker)
/// that owns the tile, instead of in a column as long as the population. Why: where a worker owns
/// several tiles (above 65 536 neurons per worker), it delivered into all of them and then updated
/// them, so the increments (8 MB for two channels at a million neurons) missed the caches twice a
/// step: once at random in delivery, once in the neuron kernel's pass. Delivered into a tile-long
/// buffer just before the tile is updated (StepProgram, TileStaging), they stay in L2, and the
/// kernel reads them from there and clears them for the next tile. Used only where the owner is
/// the only writer of the tile's increments between its delivery and its update (Compiler).
struct TileLocalIncrements<F: SimFloat> {
    private let buffers: [UnsafeMutablePointer<F>]
    private let length: Int

    /// Buffers for `core`'s parts, and `channel`'s tileBases pointed at them: tile k's base is its
    /// part's buffer shifted back by the tile's first neuron (only tile k's indices are used with it).
    init(_ channel: SynapseChannel<F>, core: PopulationCore<F>, arena: Arena) throws(EngineError) {
        // A kernel's last block of 16 may run past the tile's end: room for whole blocks.
        let longest = (0..<core.tiles).map { core.bounds[$0 + 1] - core.bounds[$0] }.max() ?? 0
        length = (longest + 15) / 16 * 16
        var buffers: [UnsafeMutablePointer<F>] = []
        for part in 0..<(core.threadTiles.count - 1) {
            let buffer = try arena.allocate(F.self, count: length, what: "synapse input of population \(core.id)")
            for tile in core.threadTiles[part]..<core.threadTiles[part + 1] {
                channel.tileBases[tile] = buffer - core.bounds[tile]
            }
            buffers.append(buffer)
        }
        self.buffers = buffers
    }

    /// Empties every buffer (a reset; the kernels leave them empty after each tile).
    func clear() {
        for buffer in buffers { buffer.update(repeating: 0, count: length) }
    }
}

extension Simulation {
    /// Makes the increments tile-local in each population whose workers own several of its tiles,
    /// unless a sibling walk delivers into it (that walk fills all of a worker's tiles before any is
    /// updated) or a projection that cannot stage would walk its rows once per tile instead of once;
    /// gives each worker a TileStaging area with the most slots any of them needs.
    func keepIncrementsByTile(cores: [PopulationCore<F>], arena: Arena) throws(EngineError) {
        var local = [Bool](repeating: false, count: cores.count)
        var slots = 0
        for core in cores where core.threadTiles[1] - core.threadTiles[0] > 1 && !core.channels.isEmpty {
            if incoming[core.id].contains(where: { $0.deliveredBySiblings || $0.walksRowsOncePerTile }) { continue }
            for channel in core.channels {
                channel.tileLocal = try TileLocalIncrements(channel, core: core, arena: arena)
            }
            local[core.id] = true
            slots = max(slots, incoming[core.id].count * (core.threadTiles[1] - core.threadTiles[0]))
        }
        tileLocal = local
        guard slots > 0 else { return }
        var areas: [TileStaging] = []
        for _ in 0..<max(threads, 1) { areas.append(try TileStaging(slots: slots, arena: arena)) }
        tileStaging = areas
    }
}
