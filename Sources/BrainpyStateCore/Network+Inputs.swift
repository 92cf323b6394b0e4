/// Input generators and readouts on the facade: binding a generator to the population it drives,
/// a readout to the population it reads, and the unit rules of generator amplitudes.
extension Network {
    /// brainpy.state's `pop.add_current_input(key, generator)`: every step the generator's output is
    /// added to `pop`'s input x (a generator of size 1 drives every neuron). Before compile.
    public func addCurrentSource(_ pop: Int, key: String, source: Int) throws(EngineError) {
        let target = try population(pop)
        let gen = try population(source)
        try requireDescribing("bind an input generator")
        try requireInput(target)
        guard target.spec.role == .neuron else { throw .invalid("only neuron populations take current sources; population \(pop) is a \(target.spec.name)") }
        guard gen.spec.offers == .current else {
            throw .invalid("population \(source) is a \(gen.spec.name), not a generator of input values (SectionInput, ConstantInput, StepInput, RampInput, SinusoidalInput, WienerProcessInput, OUProcessInput)")
        }
        guard gen.size == 1 || gen.size == target.size else {
            throw .range("\(gen.spec.name) \(source) has \(gen.size) elements; population \(pop) has \(target.size) (give 1 or \(target.size))")
        }
        if let d = gen.outputDimension { try Self.checkDimension(d, target.spec.inputDimension, gen, target, "input") }
        guard !target.currentInputs.contains(where: { $0.key == key }), !target.currentSources.contains(where: { $0.key == key }) else {
            throw .invalid("key \"\(key)\" has been defined and used in population \(pop)")
        }
        target.currentSources.append((key, source))
    }

    /// PoissonInput(target=pop.prefetch(state), indices, ...): every step, before `pop` updates, the
    /// generator's K·weight is added to `state` of the listed elements (all when nil; repeated indices
    /// add up). Before compile.
    public func addStateSource(_ pop: Int, state: String, source: Int, indices: [Int]?) throws(EngineError) {
        let target = try population(pop)
        let gen = try population(source)
        try requireDescribing("bind a PoissonInput")
        guard gen.spec.offers == .stateKick else { throw .invalid("population \(source) is a \(gen.spec.name), not a PoissonInput") }
        let spec = try target.spec.state(state)
        guard spec.writable else { throw .invalid("\(target.spec.name).\(state) is derived; a PoissonInput needs a state such as V") }
        if let idx = indices {
            guard !idx.isEmpty else { throw .invalid("PoissonInput indices are empty; pass none to drive every element") }
            for i in idx where i < 0 || i >= target.size { throw .range("PoissonInput index \(i) outside [0, \(target.size))") }
        }
        let count = indices?.count ?? target.size
        guard gen.size == count else {
            throw .range("PoissonInput \(source) has \(gen.size) elements but drives \(count) (\(indices == nil ? "the population's size" : "the number of indices"))")
        }
        if let d = gen.outputDimension { try Self.checkDimension(d, stateDimension(target, spec), gen, target, "state \(state)") }
        for other in desc.populations where other.stateSources.contains(where: { $0.source == source }) {
            throw .invalid("PoissonInput \(source) already drives population \(other.id)")
        }
        target.stateSources.append((state, source, indices))
    }

    /// A readout reads the spikes of source[start..<stop] emitted in the same step (brainpy:
    /// `readout(N(x))`). Before compile.
    public func setSpikeSource(_ readout: Int, source: Int, start: Int, stop: Int) throws(EngineError) {
        let r = try population(readout)
        let src = try population(source)
        try requireDescribing("bind a readout")
        guard r.spec.role == .readout else { throw .invalid("population \(readout) is a \(r.spec.name), not a readout") }
        guard src.spec.offers == .spikes else {
            throw .invalid("a readout reads spikes; population \(source) is a \(src.spec.name)")
        }
        let end = stop < 0 ? src.size : stop
        guard start >= 0, start < end, end <= src.size else {
            throw .range("source slice [\(start), \(stop)) is outside population \(source) of size \(src.size) or empty")
        }
        if case .scalar(let n)? = r.values["in_size"], Int(n) != end - start {
            throw .range("LeakyRateReadout \(readout) has in_size \(Int(n)) but the source slice has \(end - start) neurons")
        }
        r.spikeSource = (source, start, end)
    }

    // MARK: - units and shapes of generator parameters

    /// The parameter spec with its dimension resolved, and the population's output dimension after
    /// this write: the first amplitude fixes it, the others must agree.
    func resolvedParam(_ p: PopulationDescription, _ name: String, _ input: ParamInput) throws(EngineError) -> (ParamSpec, Dimension?) {
        let spec = try p.spec.param(name)
        guard spec.inOutputUnit else { return (spec, p.outputDimension) }
        let unit: String
        switch input {
        case .scalar(_, let u), .array(_, let u), .initializer(_, _, let u): unit = u
        }
        let dimension = try UnitParser.parse(unit).dimension
        let others = p.spec.params.filter { $0.inOutputUnit && $0.name != name && p.values[$0.name] != nil }
        if let fixed = p.outputDimension, !others.isEmpty, fixed != dimension {
            throw EngineError(.unit, "\(p.spec.name).\(name): unit \"\(unit)\" is a \(dimension), but the generator's other amplitudes (\(others.map(\.name).joined(separator: ", "))) are a \(fixed)")
        }
        return (spec.withDimension(dimension), dimension)
    }

    /// How many values a parameter takes (-1: any number).
    func elementCount(_ p: PopulationDescription, _ spec: ParamSpec) -> Int {
        switch spec.shape {
        case .perElement: return p.size
        case .list: return -1
        case .matrix:
            if case .scalar(let n)? = p.values["in_size"] { return Int(n) * p.size }
            return -1
        }
    }

    func paramDimension(_ p: PopulationDescription, _ spec: ParamSpec) -> Dimension {
        spec.inOutputUnit ? p.outputDimension ?? spec.dimension : spec.dimension
    }

    func stateDimension(_ p: PopulationDescription, _ spec: StateSpec) -> Dimension {
        spec.inOutputUnit ? p.outputDimension ?? spec.dimension : spec.dimension
    }

    /// A list or matrix parameter as described (internal units).
    func listParam(_ p: PopulationDescription, _ spec: ParamSpec) throws(EngineError) -> [Double] {
        switch try p.value(spec.name) {
        case .scalar(let v): return [v]
        case .array(let a): return a
        case .initializer: throw .state("\(p.spec.name).\(spec.name) is drawn by an initializer at compile")
        }
    }

    func requireInput(_ p: PopulationDescription) throws(EngineError) {
        guard p.spec.takesInput else {
            throw .invalid("\(p.spec.name) population \(p.id) takes no input (it is a \(p.spec.role.rawValue))")
        }
    }

    static func checkDimension(_ have: Dimension, _ want: Dimension, _ gen: PopulationDescription,
                               _ target: PopulationDescription, _ what: String) throws(EngineError) {
        guard have == want else {
            throw EngineError(.unit, "\(gen.spec.name) \(gen.id) produces a \(have), but \(target.spec.name) \(target.id)'s \(what) is a \(want)")
        }
    }
}
