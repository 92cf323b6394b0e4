/// Compile: description -> Simulation<F>. Validates what only makes sense as a whole, builds
/// connectivity, merges post-aligned synapses, allocates every column once and initialises states.
enum Compiler {
    /// One replica per batch row (one without a batch axis). Rows share the parameters (drawn with the
    /// network's generator), the connectivity of row 0, its arena and its worker pool; each row draws
    /// its states and run-time inputs with its own generator.
    static func compileRows<F: SimFloat>(_ net: NetworkDescription, as _: F.Type) throws(EngineError) -> [Simulation<F>] {
        var rows: [Simulation<F>] = []
        for row in 0..<net.rows { rows.append(try compile(net, as: F.self, row: row, sharing: rows.first)) }
        return rows
    }

    static func compile<F: SimFloat>(_ net: NetworkDescription, as _: F.Type, row: Int = 0,
                                     sharing: Simulation<F>? = nil) throws(EngineError) -> Simulation<F> {
        let rng = Philox(seed: net.seed)
        let sim = try Simulation<F>(dt: net.dt, rng: rng, row: row, threads: max(1, net.threads), sharing: sharing)
        let arena = sim.arena
        var cores: [PopulationCore<F>] = []
        for desc in net.populations {
            let (group, update) = desc.spec.role == .neuron
                ? try NeuronKernels.make(desc, dt: net.dt, threads: sim.threads, arena: arena, rng: rng, as: F.self)
                : try InputKernels.make(desc, dt: net.dt, threads: sim.threads, arena: arena, rng: rng, as: F.self)
            (group as? InputPopulation<F>)?.draws = sim.stateRng
            sim.updaters.append(update)
            sim.populations.append(group)
            cores.append(group.core)
        }
        sim.incoming = Array(repeating: [], count: cores.count)
        // Post-aligned synapses: one channel per merge key, in registration order.
        var channelByKey: [String: SynapseChannel<F>] = [:]
        var global = MT19937(seed: UInt32(truncatingIfNeeded: net.seed))
        // The runtimes are made once every connectivity is: siblings' tables are laid out together.
        var pending: [PendingProjection<F>] = []
        var targeted: Set<UnsafeMutablePointer<F>> = []
        let candidates = net.shareTables ? Siblings.candidates(net, cores: cores) : []
        for proj in net.projections {
            if proj.isGapJunction {
                pending.append(.junction(try gapJunction(proj, sim, arena: arena, rng: rng)))
                continue
            }
            try checkValueInput(proj)
            let post = cores[proj.post]
            var channel: SynapseChannel<F>?
            if let out = proj.out {
                let key = proj.mergeKey
                if let existing = channelByKey[key] {
                    channel = existing
                } else {
                    let output: SynapseChannel<F>.Output = switch out.name {
                    case "COBA": .coba
                    case "MgBlock": .mgBlock
                    default: .cuba
                    }
                    let dynamics: SynapseChannel<F>.Dynamics
                    switch proj.kind == .alignPost ? proj.syn?.name : nil {
                    case nil: dynamics = .direct
                    case "DualExpon": dynamics = .dualExpon
                    case "Alpha": dynamics = .alpha
                    default: dynamics = .expon
                    }
                    let made = try SynapseChannel<F>(post: proj.post, size: post.size, tiles: post.tiles,
                                                     output: output, dynamics: dynamics, arena: arena)
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
            let what = "projection \(proj.id)"
            var plasticity: ShortTermPlasticity<F>?
            if let stp = proj.stp {
                let made = try ShortTermPlasticity<F>(kind: stp.name == "STP" ? .stp : .std, size: proj.preCount,
                                                      arena: arena, what: "plasticity of \(what)")
                try made.bind(proj, dt: net.dt, rng: rng)
                plasticity = made
            }
            var synapse: PreSynapse<F>?
            if proj.synIsPresynaptic, let syn = proj.syn {
                let made = try PreSynapse<F>(name: syn.name, size: proj.preCount, arena: arena, what: "synapse of \(what)")
                try made.bind(proj, dt: net.dt, rng: rng)
                synapse = made
            }
            let target = channel?.pending ?? post.deltaOnce
            let delay: DelayLine<F>? = try delayLine(proj, dt: net.dt, valued: plasticity != nil, rng: rng, arena: arena)
            var parts = ProjectionParts(proj: proj, channel: channel, target: target, plasticity: plasticity,
                                        delay: delay, synapse: synapse)
            if case .chemical(let shared)? = sharing?.byID[proj.id] {
                parts.connectivity = shared.connectivity
            } else {
                let builder = ConnectivityBuilder<F>(proj: proj, postCount: post.size, postBounds: post.bounds,
                                                     arena: arena, rng: rng)
                if candidates.contains(proj.id), Siblings.mayShareTable(parts, firstInto: !targeted.contains(target)) {
                    parts.source = try builder.sparseSource(global: &global)
                } else {
                    parts.connectivity = try builder.build(global: &global)
                }
            }
            targeted.insert(target)
            pending.append(.chemical(parts))
        }
        try Siblings.layOut(&pending, cores: cores, arena: arena)
        for entry in pending {
            switch entry {
            case .junction(let junction):
                sim.junctions.append(junction)
                sim.byID.append(.junction(junction))
            case .chemical(let parts):
                let proj = parts.proj
                guard let connectivity = parts.connectivity else {
                    throw EngineError(.internal, "projection \(proj.id): connectivity was not laid out")
                }
                let runtime = try ProjectionRuntime<F>(
                    id: proj.id, pre: cores[proj.pre], preStart: proj.preStart, preStop: proj.preStop,
                    channel: parts.channel, target: parts.target, connectivity: connectivity,
                    commIsEvent: proj.commIsEvent, plasticity: parts.plasticity, delay: parts.delay,
                    synapse: parts.synapse, arena: arena)
                sim.projections.append(runtime)
                sim.byID.append(.chemical(runtime))
                sim.incoming[proj.post].append(runtime)
            }
        }
        sim.siblings = try SiblingDelivery<F>.collect(sim.projections, cores: cores, arena: arena)
        try sim.keepIncrementsByTile(cores: cores, arena: arena)
        for core in cores { try collectBlockTerms(core, arena: arena) }
        try wireInputs(net, sim)
        for monitor in net.monitors {
            sim.monitors.append(try makeMonitor(sim, monitor.target, monitor.indices))
        }
        for desc in net.populations {
            sim.setExternalCurrent(population: desc.id, desc.currentInputValues(row: row))
        }
        try sim.initStates()
        return sim
    }

    /// A gap junction between the V columns of its two populations (the description checked that both
    /// have V and take currents).
    private static func gapJunction<F: SimFloat>(_ proj: ProjectionDescription, _ sim: Simulation<F>, arena: Arena,
                                                 rng: Philox) throws(EngineError) -> GapJunction<F> {
        let (pre, post) = (sim.populations[proj.pre], sim.populations[proj.post])
        guard let preV = pre.stateColumn("V"), let postV = post.stateColumn("V") else {
            throw EngineError(.internal, "projection \(proj.id): a coupled population has no V column")
        }
        return try GapJunction<F>(proj, pre: pre.core, preV: preV, post: post.core, postV: postV, arena: arena, rng: rng)
    }

    /// The MgBlock outputs of a population's channels, in registration order, where its kernels read them.
    private static func collectBlockTerms<F: SimFloat>(_ core: PopulationCore<F>, arena: Arena) throws(EngineError) {
        let terms = core.channels.compactMap(\.blockTerm)
        guard !terms.isEmpty else { return }
        let column = try arena.allocate(MgBlockTerm<F>.self, count: terms.count, what: "MgBlock outputs of population \(core.id)")
        for (k, term) in terms.enumerated() { (column + k).initialize(to: term) }
        core.blockTerms = UnsafePointer(column)
        core.blockCount = terms.count
    }

    /// A plasticity module's amplitudes and an align-pre synapse's trace are values: an event comm
    /// would count each as one spike (brainevent's BinaryArray semantics), which is never what the
    /// model means, so compile refuses it (spec synapses §3.6, §5.7).
    private static func checkValueInput(_ proj: ProjectionDescription) throws(EngineError) {
        guard proj.commIsEvent else { return }
        let valueComms = "FixedNumConn, Linear, SparseLinear, AllToAll, OneToOne or EventLinear with float_as_event=false"
        if proj.synIsPresynaptic {
            throw .invalid("projection \(proj.id): align_pre_projection feeds the synapse trace into comm; \(proj.comm?.name ?? "comm") would count every nonzero value as a spike: use \(valueComms)")
        }
        if let stp = proj.stp {
            throw .invalid("projection \(proj.id): \(stp.name) releases an amplitude per spike; \(proj.comm?.name ?? "comm") would count it as a plain spike: use \(valueComms)")
        }
    }

    /// The delay line of a projection with a nonzero delay: delay_i/dt in the network precision.
    private static func delayLine<F: SimFloat>(_ proj: ProjectionDescription, dt: Double, valued: Bool, rng: Philox,
                                               arena: Arena) throws(EngineError) -> DelayLine<F>? {
        let delays = try Realized.realize(proj.value("proj", "delay"), count: proj.preCount, rng: rng,
                                          stream: proj.stream("proj", "delay"), what: "projection \(proj.id) delay")
        var steps = [F](repeating: 0, count: proj.preCount)
        var any = false
        for i in 0..<proj.preCount {
            let s = F(delays.value(at: i)) / F(dt)
            guard s.isFinite, s <= 1_000_000 else {
                throw .invalid("projection \(proj.id): a delay of \(delays.value(at: i)) ms is too long (at most 1000000 steps)")
            }
            steps[i] = s
            any = any || s != 0
        }
        guard any else { return nil }
        return try DelayLine<F>(steps: steps, valuedInput: valued, arena: arena, what: "delay line of projection \(proj.id)")
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
        case .projectionState(let proj, let part, let state):
            guard let (column, size) = sim.projectionColumn(proj, part: part, state) else {
                throw .unknown("projection \(proj) has no recordable state \"\(part).\(state)\"")
            }
            return try MonitorRuntime(source: .values(column), indices: indices, width: indices?.count ?? size,
                                      arena: sim.arena)
        }
    }
}
