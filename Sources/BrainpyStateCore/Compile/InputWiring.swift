/// Which compiled population runs which generator or readout (the counterpart of NeuronKernels).
enum InputKernels {
    static func make<F: SimFloat>(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena,
                                  rng: Philox, as _: F.Type) throws(EngineError) -> (any NeuronGroup<F>, NeuronKernels.Update<F>) {
        let group: any NeuronGroup<F>
        switch desc.spec.name {
        case "SectionInput", "ConstantInput", "StepInput", "RampInput", "SinusoidalInput":
            group = try SignalPopulation<F>(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        case "WienerProcessInput", "OUProcessInput":
            group = try NoisePopulation<F>(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        case "PoissonSpike", "PoissonEncoder":
            group = try PoissonPopulation<F>(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        case "SpikeTime":
            group = try SpikeTimePopulation<F>(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        case "PoissonInput":
            group = try PoissonInputPopulation<F>(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        case "LeakyRateReadout":
            group = try ReadoutPopulation<F>(desc, dt: dt, threads: threads, arena: arena, rng: rng)
        default:
            throw EngineError(.internal, "no kernel for model \(desc.spec.name)")
        }
        // Nothing to do in the neuron phase: generators run before it, readouts after it.
        return (group, { _, _, _ in })
    }
}

extension Compiler {
    /// The generator phase, the readouts, and for every driven population the pulls that add
    /// generator outputs to its input or state in its own tiles (its update closure is wrapped, so
    /// populations without generators run exactly as before). Validates what the bindings need.
    static func wireInputs<F: SimFloat>(_ net: NetworkDescription, _ sim: Simulation<F>) throws(EngineError) {
        let generators = sim.populations.compactMap { $0 as? InputPopulation<F> }
        sim.readouts = sim.populations.compactMap { $0 as? ReadoutPopulation<F> }
        var driven: [PopulationCore<F>] = []
        for desc in net.populations {
            let target = sim.populations[desc.id]
            if let source = desc.spikeSource, let readout = target as? ReadoutPopulation<F> {
                guard source.stop - source.start == readout.inputs else {
                    throw .range("LeakyRateReadout \(desc.id) has in_size \(readout.inputs) but its source slice has \(source.stop - source.start) neurons")
                }
                readout.connect(sim.populations[source.source].core, start: source.start, stop: source.stop)
            }
            guard !desc.currentSources.isEmpty || !desc.stateSources.isEmpty else { continue }
            let pulls = InputPulls<F>(core: target.core)
            for (_, id) in desc.currentSources {
                let gen = net.populations[id]
                guard let values = (sim.populations[id] as? InputPopulation<F>)?.output else {
                    throw EngineError(.internal, "population \(id) has no output")
                }
                try Network.checkDimension(try outputDimension(gen), desc.spec.inputDimension, gen, desc, "input")
                pulls.currents.append(.init(values: values, broadcast: gen.size == 1 && desc.size > 1))
            }
            for (state, id, indices) in desc.stateSources {
                let gen = net.populations[id]
                guard let values = (sim.populations[id] as? InputPopulation<F>)?.output,
                      let column = target.stateColumn(state) else {
                    throw .unknown("\(desc.spec.name) \(desc.id) has no state \"\(state)\" a PoissonInput can drive")
                }
                let spec = try desc.spec.state(state)
                let want = spec.inOutputUnit ? desc.outputDimension ?? spec.dimension : spec.dimension
                try Network.checkDimension(try outputDimension(gen), want, gen, desc, "state \(state)")
                var byTile: [[(Int, Int)]]?
                if let indices {
                    var lists = [[(Int, Int)]](repeating: [], count: target.core.tiles)
                    for (k, j) in indices.enumerated() {
                        let tile = (0..<target.core.tiles).first { target.core.bounds[$0 + 1] > j } ?? 0
                        lists[tile].append((k, j))
                    }
                    byTile = lists
                }
                pulls.kicks.append(.init(values: values, state: column, byTile: byTile))
            }
            if !pulls.currents.isEmpty { driven.append(target.core) }
            let update = sim.updaters[desc.id]
            sim.updaters[desc.id] = { t, dt, tile in
                pulls.apply(tile: tile)
                update(t, dt, tile)
            }
        }
        if !generators.isEmpty { sim.inputPhase = InputPhase(generators: generators, driven: driven) }
    }

    private static func outputDimension(_ gen: PopulationDescription) throws(EngineError) -> Dimension {
        guard let d = gen.outputDimension else {
            throw .invalid("\(gen.spec.name) population \(gen.id): its amplitudes are not set")
        }
        return d
    }
}
