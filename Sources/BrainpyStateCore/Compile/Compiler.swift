/// Compile: description -> Simulation<F>. Validates what only makes sense as a whole, builds
/// connectivity, merges post-aligned synapses, allocates every column once and initialises states.
enum Compiler {
    static func compile<F: SimFloat>(_ net: NetworkDescription, as _: F.Type) throws(EngineError) -> Simulation<F> {
        let arena = Arena()
        let rng = Philox(seed: net.seed)
        let sim = try Simulation<F>(dt: net.dt, rng: rng, threads: max(1, net.threads), arena: arena)
        var cores: [PopulationCore<F>] = []
        for desc in net.populations {
            let (group, update) = desc.spec.role == .neuron
                ? try NeuronKernels.make(desc, dt: net.dt, threads: sim.threads, arena: arena, rng: rng, as: F.self)
                : try InputKernels.make(desc, dt: net.dt, threads: sim.threads, arena: arena, rng: rng, as: F.self)
            sim.updaters.append(update)
            sim.populations.append(group)
            cores.append(group.core)
        }
        sim.incoming = Array(repeating: [], count: cores.count)
        // Post-aligned synapses: one channel per merge key, in registration order.
        var channelByKey: [String: SynapseChannel<F>] = [:]
        var global = MT19937(seed: UInt32(truncatingIfNeeded: net.seed))
        for proj in net.projections {
            let post = cores[proj.post]
            var channel: SynapseChannel<F>?
            if let out = proj.out {
                let key = proj.mergeKey
                if let existing = channelByKey[key] {
                    channel = existing
                } else {
                    let output: SynapseChannel<F>.Output = out.name == "COBA" ? .coba : .cuba
                    let dynamics: SynapseChannel<F>.Dynamics
                    switch proj.syn?.name {
                    case nil: dynamics = .direct
                    case "DualExpon": dynamics = .dualExpon
                    case "Alpha": dynamics = .alpha
                    default: dynamics = .expon
                    }
                    let made = try SynapseChannel<F>(post: proj.post, size: post.size, output: output, dynamics: dynamics,
                                                     arena: arena)
                    try made.bind(proj, dt: net.dt, rng: rng)
                    made.assigns = !post.channels.contains { $0.output == output }
                    post.channels.append(made)
                    sim.channels.append(made)
                    channelByKey[key] = made
                    channel = made
                }
            } else {
                post.receivesDelta = true
            }
            let builder = ConnectivityBuilder<F>(proj: proj, postCount: post.size, postBounds: post.bounds,
                                                 arena: arena, rng: rng)
            let connectivity = try builder.build(global: &global)
            let runtime = try ProjectionRuntime<F>(
                id: proj.id, pre: cores[proj.pre], preStart: proj.preStart, preStop: proj.preStop,
                channel: channel, target: channel?.pending ?? post.deltaOnce, connectivity: connectivity,
                delaySteps: proj.delaySteps, arena: arena)
            sim.projections.append(runtime)
            sim.incoming[proj.post].append(runtime)
        }
        try wireInputs(net, sim)
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
        case .projectionState(let proj, let state):
            guard let channel = sim.projections[proj].channel, let column = channel.stateColumn(state) else {
                throw .unknown("projection \(proj) has no recordable synapse state \"\(state)\"")
            }
            return try MonitorRuntime(source: .values(column), indices: indices,
                                      width: indices?.count ?? channel.size, arena: sim.arena)
        }
    }
}
