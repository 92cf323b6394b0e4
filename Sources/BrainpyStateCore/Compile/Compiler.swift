/// Compile: description -> Simulation<F>. Validates what only makes sense as a whole, builds
/// connectivity, merges post-aligned synapses, allocates every column once and initialises states.
enum Compiler {
    static func compile<F: SimFloat>(_ net: NetworkDescription, as _: F.Type) throws(EngineError) -> Simulation<F> {
        let arena = Arena()
        let rng = Philox(seed: net.seed)
        let sim = try Simulation<F>(dt: net.dt, rng: rng, threads: max(1, net.threads), arena: arena)
        var cores: [PopulationCore<F>] = []
        for desc in net.populations {
            let (group, update) = try NeuronKernels.make(desc, dt: net.dt, threads: sim.threads, arena: arena,
                                                         rng: rng, as: F.self)
            sim.updaters.append(update)
            sim.populations.append(group)
            cores.append(group.core)
        }
        sim.incoming = Array(repeating: [], count: cores.count)
        // Post-aligned synapses: one channel per merge key, in registration order.
        var channelByKey: [String: ExponChannel<F>] = [:]
        var global = MT19937(seed: UInt32(truncatingIfNeeded: net.seed))
        for proj in net.projections {
            let post = cores[proj.post]
            let key = proj.mergeKey
            let channel: ExponChannel<F>
            if let existing = channelByKey[key] {
                channel = existing
            } else {
                let output: ExponChannel<F>.Output = proj.out.name == "COBA" ? .coba : .cuba
                channel = try ExponChannel<F>(post: proj.post, size: post.size, output: output, arena: arena)
                try channel.bind(proj, dt: net.dt, rng: rng)
                channel.assigns = !post.channels.contains { $0.output == output }
                post.channels.append(channel)
                sim.channels.append(channel)
                channelByKey[key] = channel
            }
            let builder = ConnectivityBuilder<F>(proj: proj, postCount: post.size, postBounds: post.bounds,
                                                 arena: arena, rng: rng)
            let connectivity = try builder.build(global: &global)
            let runtime = try ProjectionRuntime<F>(
                id: proj.id, pre: cores[proj.pre], preStart: proj.preStart, preStop: proj.preStop,
                channel: channel, connectivity: connectivity, delaySteps: proj.delaySteps, arena: arena)
            sim.projections.append(runtime)
            sim.incoming[proj.post].append(runtime)
        }
        for monitor in net.monitors {
            sim.monitors.append(try makeMonitor(sim, monitor.target, monitor.indices))
        }
        for desc in net.populations {
            sim.setExternalCurrent(population: desc.id, desc.currentInputs.map(\.value))
        }
        try sim.initStates()
        return sim
    }

    /// A runtime monitor for a target (monitors can be added before or after compile).
    static func makeMonitor<F: SimFloat>(_ sim: Simulation<F>, _ target: MonitorTarget,
                                         _ indices: [Int]?) throws(EngineError) -> MonitorRuntime<F> {
        switch target {
        case .spikes(let pop):
            let core = sim.populations[pop].core
            return try MonitorRuntime(source: .spikes(core), indices: indices,
                                      width: indices?.count ?? core.size, arena: sim.arena)
        case .populationState(let pop, let state):
            let group = sim.populations[pop]
            guard let column = group.stateColumn(state) else {
                throw .unknown("population \(pop) has no recordable state \"\(state)\"")
            }
            return try MonitorRuntime(source: .values(column), indices: indices,
                                      width: indices?.count ?? group.core.size, arena: sim.arena)
        case .projectionState(let proj, _):
            let channel = sim.projections[proj].channel
            return try MonitorRuntime(source: .values(channel.g), indices: indices,
                                      width: indices?.count ?? channel.size, arena: sim.arena)
        }
    }
}
