/// The engine's public surface, used by the C ABI layer: a network description that compiles into
/// a step program. Every argument is validated here and every failure is an `EngineError`, so no
/// trap is reachable from a host. Not thread-safe: one network is used by one thread at a time.
public final class Network {
    let desc: NetworkDescription
    /// The compiled replicas, one per batch row (one without a batch axis); empty before compile.
    private var rows: [any AnySimulation] = []
    /// Row 0: what every row shares (time, parameters, connectivity) is read here.
    private var compiled: (any AnySimulation)? { rows.first }
    /// True while a run or step executes: a progress callback may read the network and change
    /// inputs, states and parameters at the step boundary, but not run it again, re-initialise it,
    /// add monitors or delete it.
    public private(set) var isRunning = false
    /// Worker threads requested (0 = all cores) and resolved.
    public let numThreads: Int

    /// Largest batch_size accepted (replicas are compiled one per row).
    public static let maxBatchSize = 1 << 16

    public init(dt: Double, dtUnit: String, seed: UInt64, precision: Int, numThreads: Int,
                batchSize: Int = 0) throws(EngineError) {
        let unit = try UnitParser.parse(dtUnit, expecting: .time, for: "dt")
        let dtMs = dt * unit.scale
        guard dtMs.isFinite, dtMs > 0 else { throw .invalid("dt must be a finite time > 0, got \(dt) \(dtUnit)") }
        guard precision == 32 || precision == 64 else { throw .invalid("precision must be 32 or 64, got \(precision)") }
        guard numThreads >= 0 else { throw .invalid("num_threads must be >= 0 (0 = all cores), got \(numThreads)") }
        guard numThreads <= 256 else { throw .invalid("num_threads must be <= 256, got \(numThreads)") }
        self.numThreads = numThreads == 0 ? SystemInfo.cpuCount : numThreads
        desc = NetworkDescription(dt: dtMs, seed: seed, precision: precision, threads: self.numThreads)
        try setBatchSize(batchSize)
    }

    // MARK: - network

    public var precision: Int { desc.precision }
    public var isCompiled: Bool { compiled != nil }
    /// 0: no batch axis; B >= 1: every state has a leading axis of B rows.
    public var batchSize: Int { desc.batchSize }

    /// brainstate.nn.init_all_states(net, batch_size=B): B independent rows of every state, sharing
    /// parameters and connectivity. Before compile (the replicas are compiled per row).
    public func setBatchSize(_ size: Int) throws(EngineError) {
        guard size >= 0 else { throw .invalid("batch_size must be >= 0 (0 = no batch axis), got \(size)") }
        guard size <= Self.maxBatchSize else { throw .invalid("batch_size must be <= \(Self.maxBatchSize), got \(size)") }
        guard size == desc.batchSize || compiled == nil else {
            throw .state("cannot change batch_size after compile (it is \(desc.batchSize))")
        }
        desc.batchSize = size
    }

    public func dt(in unit: String) throws(EngineError) -> Double {
        desc.dt / (try UnitParser.parse(unit, expecting: .time, for: "dt")).scale
    }

    /// The next step's index and the time it runs at, in `unit`.
    public func time(in unit: String) throws(EngineError) -> (t: Double, step: Int) {
        let scale = try UnitParser.parse(unit, expecting: .time, for: "t").scale
        guard let sim = compiled else { return (0, 0) }
        return (sim.timeOfStep(sim.stepIndex) / scale, sim.stepIndex)
    }

    public func compile() throws(EngineError) {
        try requireIdle("compile")
        guard compiled == nil else { throw .state("the network is already compiled") }
        guard !desc.populations.isEmpty else { throw .state("cannot compile an empty network: add a population first") }
        try checkBatchedInputs()
        rows = desc.precision == 64
            ? try Compiler.compileRows(desc, as: Double.self)
            : try Compiler.compileRows(desc, as: Float.self)
    }

    /// Step the LIF-family populations with the AVX-512 build of their kernel (on = true, honoured
    /// only if the CPU has AVX-512) or the portable build; for tests that compare the two. Returns
    /// how many populations (over all batch rows) switched.
    func useAVX512Kernels(_ on: Bool) throws(EngineError) -> Int {
        var count = 0
        for row in try simulations("choose the kernels") { count += row.useAVX512Kernels(on) }
        return count
    }

    public func initStates() throws(EngineError) {
        try requireIdle("re-initialise the states")
        for row in try simulations("init_states") { try row.initStates() }
    }

    /// Advance `steps` steps, calling `progress(done, total)` every `interval` steps (0 = ~1 %).
    public func run(steps: Int, interval: Int = 0, progress: ((Int, Int) -> Bool)? = nil) throws(EngineError) {
        let rows = try simulations("run")
        guard steps >= 0 else { throw .invalid("steps must be >= 0, got \(steps)") }
        guard interval >= 0 else { throw .invalid("progress_interval must be >= 0, got \(interval)") }
        let every = interval > 0 ? interval : max(1, steps / 100)
        try requireIdle("run")
        isRunning = true
        defer { isRunning = false }
        try advance(rows, steps: steps, interval: every, progress: progress)
    }

    /// Run `steps` steps; `progress(done, total)` is called every `interval` steps and at the end,
    /// and returning false stops at the next step boundary with `.cancelled`. Batch rows run one
    /// after another chunk by chunk, so a callback sees (and changes) every row at the same step.
    private func advance(_ rows: [any AnySimulation], steps: Int, interval: Int,
                         progress: ((Int, Int) -> Bool)?) throws(EngineError) {
        for row in rows { try row.prepare(steps: steps) }
        var done = 0
        while done < steps {
            let chunk = progress == nil ? steps - done : min(interval, steps - done)
            for row in rows { row.advance(steps: chunk) }
            done += chunk
            if let report = progress, !report(done, steps), done < steps {
                throw EngineError(.cancelled, "run cancelled by the progress callback after \(done) of \(steps) steps")
            }
        }
        if steps == 0, let report = progress { _ = report(0, 0) }
    }

    /// The number of steps a duration spans; it must be a whole number of steps.
    public func steps(for duration: Double, unit: String) throws(EngineError) -> Int {
        let ms = duration * (try UnitParser.parse(unit, expecting: .time, for: "duration")).scale
        guard ms.isFinite, ms >= 0 else { throw .invalid("duration must be a finite time >= 0, got \(duration) \(unit)") }
        let steps = (ms / desc.dt).rounded()
        guard abs(steps * desc.dt - ms) <= 1e-6 * max(ms, desc.dt), steps < 1e15 else {
            throw .invalid("duration \(duration) \(unit) is not a whole number of steps of dt = \(desc.dt) ms")
        }
        return Int(steps)
    }

    /// The fused closed-loop step: one-shot input current into `inputPopulation` (1, N or, batched,
    /// [B, N] values), one step, and the spikes of `outputPopulation` into `spikesOut` (one byte per
    /// neuron, [B, N] when batched). Returns the spike count of every row together.
    public func step(inputPopulation: Int, input: HostArray?, unit: String, outputPopulation: Int,
                     spikesOut: UnsafeMutableBufferPointer<UInt8>?) throws(EngineError) -> Int {
        let rows = try simulations("step")
        try requireIdle("step")
        // Validate everything before touching state, so a bad argument leaves the network as it was.
        let outSize = outputPopulation < 0 && spikesOut == nil ? 0 : try population(outputPopulation).size
        if let out = spikesOut, out.count < outSize * rows.count {
            throw EngineError(.bufferTooSmall, "spike buffer holds \(out.count) bytes, population \(outputPopulation) has \(outSize) neurons\(rowsNote)", neededLength: outSize * rows.count)
        }
        if let values = input {
            let pop = try population(inputPopulation)
            try requireInput(pop)
            let scale = try UnitParser.parse(unit, expecting: pop.spec.inputDimension, for: "step input").scale
            try checkLength(values, pop.size, "step input of population \(pop.id)")
            // Checked and written in one pass where that applies (the closed loop), else checked first.
            if !addFirstOneShots(rows, population: pop.id, values: values, size: pop.size, scale: scale) {
                try checkFinite(values, "step input")
                for (r, row) in rows.enumerated() {
                    row.addOneShot(population: pop.id, delta: false, values: values.row(r, size: pop.size), scale: scale)
                }
            }
        }
        try advance(rows, steps: 1, interval: 1, progress: nil)
        guard outSize > 0 else { return 0 }
        var count = 0
        for (r, row) in rows.enumerated() {
            count += row.copySpikes(outputPopulation, into: spikesOut.map { UnsafeMutableBufferPointer(rebasing: $0[r * outSize..<(r + 1) * outSize]) })
        }
        return count
    }

    /// addFirstOneShot for every row, each with its row of the input. If a row cannot take that path,
    /// the rows already written are undone (their columns were zero), so that the caller checks and
    /// adds the usual way from the state it started with.
    private func addFirstOneShots(_ rows: [any AnySimulation], population pop: Int, values: HostArray, size: Int,
                                  scale: Double) -> Bool {
        for (r, row) in rows.enumerated()
        where !row.addFirstOneShot(population: pop, values: values.row(r, size: size), scale: scale) {
            for written in rows[..<r] { written.undoFirstOneShot(population: pop) }
            return false
        }
        return true
    }

    // MARK: - populations

    public func addPopulation(model: String, size: Int) throws(EngineError) -> Int {
        try requireDescribing("add a population")
        let spec = try ModelCatalog.population(model)
        guard size > 0 else { throw .invalid("population size must be > 0, got \(size)") }
        guard size < Int(Int32.max) else { throw .invalid("population size \(size) is too large (max \(Int32.max - 1))") }
        let id = desc.populations.count
        desc.populations.append(PopulationDescription(id: id, spec: spec, size: size))
        return id
    }

    public func populationSize(_ pop: Int) throws(EngineError) -> Int { try population(pop).size }

    public func setPopulationParam(_ pop: Int, _ name: String, _ input: ParamInput) throws(EngineError) {
        let p = try population(pop)
        let (spec, outputDimension) = try resolvedParam(p, name, input)
        let value = try paramValue(input, spec, count: elementCount(p, spec), what: "\(p.spec.name).\(name)")
        if outputDimension != p.outputDimension, compiled != nil {
            throw .state("\(p.spec.name).\(name): the output unit's dimension cannot change after compile (it is \(p.outputDimension?.description ?? "unset"))")
        }
        p.outputDimension = outputDimension
        if compiled != nil {
            if case .initializer = input, !spec.isInitializer {
                throw .state("\(p.spec.name).\(name): parameter initializers are drawn at compile; set values after compile")
            }
            let previous = p.values[name]
            p.values[name] = value
            do { try rebindRows { row throws(EngineError) in try row.rebind(population: p) } } catch {
                p.values[name] = previous
                for row in rows { try? row.rebind(population: p) }
                throw error
            }
        } else {
            p.values[name] = value
        }
    }

    public func setPopulationOption(_ pop: Int, _ name: String, _ value: String) throws(EngineError) {
        let p = try population(pop)
        let option = try p.spec.option(name)
        guard option.allowed.contains(value) else {
            throw .invalid("\(p.spec.name).\(name) must be one of \(option.allowed.joined(separator: ", ")), got \"\(value)\"")
        }
        try requireDescribing("change option \(name)")
        p.options[name] = value
    }

    /// Per-neuron values of a parameter in `unit`.
    public func populationParam(_ pop: Int, _ name: String, unit: String) throws(EngineError) -> [Double] {
        let p = try population(pop)
        let spec = try p.spec.param(name)
        let scale = try UnitParser.parse(unit, expecting: paramDimension(p, spec), for: "\(p.spec.name).\(name)").scale
        if let sim = compiled, !spec.isInitializer, let values = sim.populationParameter(pop, name) {
            return values.map { $0 / scale }
        }
        if spec.shape != .perElement { return try listParam(p, spec).map { $0 / scale } }
        switch try p.value(name) {
        case .scalar(let v): return [Double](repeating: v / scale, count: p.size)
        case .array(let a): return a.count == 1 ? [Double](repeating: a[0] / scale, count: p.size) : a.map { $0 / scale }
        case .initializer(let i):
            guard i.kind == .constant else { throw .state("\(p.spec.name).\(name) is drawn by an initializer at compile") }
            return [Double](repeating: i.args[0] / scale, count: p.size)
        }
    }

    /// One value per element ([B, N] row-major when batched).
    public func populationState(_ pop: Int, _ name: String, unit: String) throws(EngineError) -> [Double] {
        let p = try population(pop)
        let spec = try p.spec.state(name)
        let scale = try UnitParser.parse(unit, expecting: stateDimension(p, spec), for: "\(p.spec.name).\(name)").scale
        guard let values = stacked(try simulations("read a state"), { $0.populationState(pop, name) }) else {
            throw .unknown("\(p.spec.name) has no state \"\(name)\"")
        }
        return values.map { $0 / scale }
    }

    public func setPopulationState(_ pop: Int, _ name: String, _ values: HostArray, unit: String) throws(EngineError) {
        let p = try population(pop)
        let spec = try p.spec.state(name)
        guard spec.writable else { throw .invalid("\(p.spec.name).\(name) is derived and cannot be written") }
        let scale = try UnitParser.parse(unit, expecting: stateDimension(p, spec), for: "\(p.spec.name).\(name)").scale
        let rows = try simulations("write a state")
        try checkLength(values, p.size, "\(p.spec.name).\(name)")
        try checkFinite(values, "\(p.spec.name).\(name)")
        for (r, row) in rows.enumerated() where !row.setPopulationState(pop, name, values.row(r, size: p.size), scale: scale) {
            throw .unknown("\(p.spec.name) has no state \"\(name)\"")
        }
    }

    public func populationSpikes(_ pop: Int) throws(EngineError) -> [UInt8] {
        _ = try population(pop)
        return try simulations("read spikes").flatMap { $0.populationSpikes(pop) }
    }

    public func addCurrentInput(_ pop: Int, key: String, _ values: HostArray, unit: String, replace: Bool) throws(EngineError) {
        let p = try population(pop)
        try requireInput(p)
        let scale = try UnitParser.parse(unit, expecting: p.spec.inputDimension, for: "current input \"\(key)\"").scale
        // Before compile a [B, N] input may precede init_all_states(batch_size=B): compile checks B.
        if compiled != nil || values.count % p.size != 0 { try checkLength(values, p.size, "current input \"\(key)\"") }
        try checkFinite(values, "current input \"\(key)\"")
        let value = ParamValue.array(values.doubles(scale: scale))
        let existing = p.currentInputs.firstIndex { $0.key == key }
        if replace {
            guard let k = existing else { throw .unknown("population \(pop) has no current input \"\(key)\"") }
            p.currentInputs[k].value = value
        } else {
            guard existing == nil, !p.currentSources.contains(where: { $0.key == key }) else {
                throw .invalid("key \"\(key)\" has been defined and used in population \(pop)")
            }
            p.currentInputs.append((key, value))
        }
        for (r, row) in rows.enumerated() { row.setExternalCurrent(population: pop, p.currentInputValues(row: r)) }
    }

    /// A one-shot input for the next step: kind "current" (added to I) or "delta" (added to V after integration).
    public func addOneShotInput(_ pop: Int, kind: String, _ values: HostArray, unit: String) throws(EngineError) {
        let p = try population(pop)
        try requireInput(p)
        let delta: Bool
        switch kind {
        case "current": delta = false
        case "delta":
            guard p.spec.role == .neuron else { throw .invalid("\(p.spec.name) takes no delta input") }
            delta = true
        default: throw .unknown("one-shot input kind must be \"current\" or \"delta\", got \"\(kind)\"")
        }
        let scale = try UnitParser.parse(unit, expecting: delta ? p.spec.deltaDimension : p.spec.inputDimension,
                                         for: "\(kind) input").scale
        let rows = try simulations("add a one-shot input")
        try checkLength(values, p.size, "\(kind) input of population \(pop)")
        try checkFinite(values, "\(kind) input")
        for (r, row) in rows.enumerated() {
            row.addOneShot(population: pop, delta: delta, values: values.row(r, size: p.size), scale: scale)
        }
    }

    // MARK: - projections

    public struct ProjectionSpec {
        public var kind = "AlignPostProj"
        public var pre = 0
        public var preStart = 0
        public var preStop = -1
        public var post = 0
        /// nil (C: NULL) for the gap junctions, which have none; required by every other kind.
        public var comm: String? = "EventFixedProb"
        public var syn = "Expon"
        public var out = "COBA"
        public var stp = ""
        public var label = ""
        public var delay = 0.0
        public var delayUnit = "ms"
        public init() {}
    }

    public func addProjection(_ s: ProjectionSpec) throws(EngineError) -> Int {
        try requireDescribing("add a projection")
        let kind: ProjectionDescription.Kind
        switch s.kind {
        case "AlignPostProj", "align_post_projection": kind = .alignPost
        case "CurrentProj": kind = .current
        case "DeltaProj": kind = .delta
        case "align_pre_projection": kind = .alignPre
        case "SymmetryGapJunction": kind = .symmetricJunction
        case "AsymmetryGapJunction": kind = .asymmetricJunction
        default:
            throw .unknown("unknown projection kind \"\(s.kind)\" (known: \(ProjectionModels.all.map(\.name).joined(separator: ", ")))")
        }
        let kindSpec = try ModelCatalog.model(s.kind, role: .projection)
        let pre = try population(s.pre)
        let post = try population(s.post)
        guard pre.spec.offers == .spikes else {
            throw .invalid("a projection's pre must emit spikes (a neuron, PoissonSpike, PoissonEncoder or SpikeTime); population \(pre.id) is a \(pre.spec.name)")
        }
        guard post.spec.role == .neuron else {
            throw .invalid("a projection's post must be a neuron population; population \(post.id) is a \(post.spec.name)")
        }
        let stop = s.preStop < 0 ? pre.size : s.preStop
        guard s.preStart >= 0, s.preStart < stop, stop <= pre.size else {
            throw .range("presynaptic slice [\(s.preStart), \(s.preStop)) is outside population \(s.pre) of size \(pre.size) or empty")
        }
        if kind == .symmetricJunction || kind == .asymmetricJunction {
            return try addGapJunction(s, kind, kindSpec, pre, post, stop: stop)
        }
        guard let commName = s.comm else {
            throw EngineError(.nullPointer, "desc.comm is NULL: a \(s.kind) needs a comm layer")
        }
        let comm = try ModelCatalog.model(commName, role: .comm)
        let stp = s.stp.isEmpty ? nil : try ModelCatalog.model(s.stp, role: .plasticity)
        var syn: ModelSpec?, out: ModelSpec?
        switch kind {
        case .alignPost:
            syn = try ModelCatalog.model(s.syn, role: .synapse)
            guard ["Expon", "DualExpon", "Alpha"].contains(s.syn) else {
                throw .invalid("\(s.syn) needs the presynaptic spikes of every step (brainpy.state cannot use it as an AlignPostProj synapse); use align_pre_projection")
            }
            out = try ModelCatalog.model(s.out, role: .output)
        case .alignPre:
            syn = try ModelCatalog.model(s.syn, role: .synapse)
            out = try ModelCatalog.model(s.out, role: .output)
        case .current:
            guard s.syn.isEmpty else { throw .invalid("a CurrentProj has no synapse (the comm output is the conductance); got syn \"\(s.syn)\"") }
            out = try ModelCatalog.model(s.out, role: .output)
        case .delta:
            guard s.syn.isEmpty, s.out.isEmpty else { throw .invalid("a DeltaProj has no synapse and no output; its comm output is added to V") }
        case .symmetricJunction, .asymmetricJunction:
            throw EngineError(.internal, "gap junctions are described by addGapJunction")
        }
        if kind != .delta, post.spec.inputDimension != .current {
            throw EngineError(.unit, "\(post.spec.name) takes an input in \(post.spec.inputDimension), but \(s.out) delivers a current")
        }
        if comm.name == "OneToOne", stop - s.preStart != post.size {
            throw .invalid("OneToOne needs pre and post of equal size, got \(stop - s.preStart) and \(post.size)")
        }
        let id = desc.projections.count
        let p = ProjectionDescription(
            id: id, kind: kind, kindSpec: kindSpec, pre: pre.id, preStart: s.preStart, preStop: stop, post: post.id,
            comm: comm, syn: syn, out: out, stp: stp, label: s.label,
            weightDimension: kind == .delta ? post.spec.deltaDimension : .conductance)
        if s.delay != 0 {
            let param = try p.param("proj", "delay")
            let value = try paramValue(.scalar(s.delay, unit: s.delayUnit), param, count: 1, what: "delay")
            try checkDelay(value)
            try p.set("proj", "delay", value)
        }
        desc.projections.append(p)
        return id
    }

    /// A gap junction (spec synapses §5.8): two whole populations with V in mV and a current input, no
    /// comm, synapse, output, plasticity, delay or label; connections and weight come next.
    private func addGapJunction(_ s: ProjectionSpec, _ kind: ProjectionDescription.Kind, _ kindSpec: ModelSpec,
                                _ pre: PopulationDescription, _ post: PopulationDescription,
                                stop: Int) throws(EngineError) -> Int {
        guard s.preStart == 0, stop == pre.size else {
            throw .invalid("\(s.kind) couples whole populations: the presynaptic slice must be all of population \(pre.id) (0 to \(pre.size)), got [\(s.preStart), \(stop))")
        }
        for (part, name) in [("comm", s.comm ?? ""), ("syn", s.syn), ("out", s.out), ("stp", s.stp)] where !name.isEmpty {
            throw .invalid("\(s.kind) has no \(part) (its current is g*(V_pre - V_post)); got \(part) \"\(name)\" (pass NULL)")
        }
        guard s.delay == 0 else { throw .invalid("\(s.kind) has no delay: it couples the voltages of the same step") }
        guard s.label.isEmpty else { throw .invalid("\(s.kind) takes no label") }
        for p in [pre, post] {
            let v = p.spec.states.first { $0.name == "V" }
            guard v?.dimension == .voltage, p.spec.inputDimension == .current else {
                throw EngineError(.unit, "\(s.kind) turns membrane potentials (mV) into currents: \(p.spec.name) (population \(p.id)) "
                                  + (v == nil ? "has no V" : "has V in \(v!.dimension) and takes inputs in \(p.spec.inputDimension)"))
            }
        }
        let id = desc.projections.count
        desc.projections.append(ProjectionDescription(
            id: id, kind: kind, kindSpec: kindSpec, pre: pre.id, preStart: 0, preStop: pre.size, post: post.id,
            comm: nil, syn: nil, out: nil, stp: nil, label: "", weightDimension: .conductance))
        return id
    }

    /// A string option of a part (DualExpon's "normalize", AllToAll's "include_self", ...). Before compile.
    public func setProjectionOption(_ proj: Int, part: String, _ name: String, _ value: String) throws(EngineError) {
        let p = try projection(proj)
        let spec = try p.spec(part)
        let option = try spec.option(name)
        guard option.allowed.contains(value) else {
            throw .invalid("\(spec.name).\(name) must be one of \(option.allowed.joined(separator: ", ")), got \"\(value)\"")
        }
        try requireDescribing("change option \(name)")
        p.options[part, default: [:]][name] = value
    }

    /// Delay lines hold at most 10^6 steps.
    private func checkDelay(_ value: ParamValue) throws(EngineError) {
        let longest: Double
        switch value {
        case .scalar(let v): longest = v
        case .array(let a): longest = a.max() ?? 0
        case .initializer(let i): longest = i.kind == .constant ? i.args[0] : 0
        }
        guard longest / desc.dt <= 1_000_000 else {
            throw .invalid("a delay of \(longest) ms is too long (at most 1000000 steps of dt = \(desc.dt) ms)")
        }
    }

    /// How many values a per-element parameter of a part takes.
    private func elementCount(_ p: ProjectionDescription, part: String, _ name: String) -> Int {
        switch part {
        case "comm": return commElementCount(p, name)
        case "proj", "stp": return p.preCount
        case "syn": return p.synIsPresynaptic ? p.preCount : desc.populations[p.post].size
        default: return desc.populations[p.post].size
        }
    }

    public func setProjectionParam(_ proj: Int, part: String, _ name: String, _ input: ParamInput) throws(EngineError) {
        let p = try projection(proj)
        let spec = try p.spec(part)
        let param = try p.param(part, name)
        let value = try paramValue(input, param, count: p.isGapJunction ? -1 : elementCount(p, part: part, name),
                                   what: "\(spec.name).\(name)")
        if p.isGapJunction {
            return try setGapJunctionWeight(p, value, input)
        }
        if part == "comm" || part == "proj" {
            try requireDescribing(part == "comm" ? "change the connectivity parameter \(name)" : "change the delay")
            if part == "proj" { try checkDelay(value) }
            if name == "conn_prob" { p.values["comm"]?["conn_num"] = nil }
            if name == "conn_num" { p.values["comm"]?["conn_prob"] = nil }
            try p.set(part, name, value)
            return
        }
        guard compiled != nil else { return try p.set(part, name, value) }
        if case .initializer = input, !param.isInitializer {
            throw .state("\(spec.name).\(name): parameter initializers are drawn at compile; set values after compile")
        }
        let previous = try p.value(part, name)
        try p.set(part, name, value)
        do { try rebindRows { row throws(EngineError) in try row.rebind(projection: p) } } catch {
            try p.set(part, name, previous)
            for row in rows { try? row.rebind(projection: p) }
            throw error
        }
    }

    /// The weight of a gap junction: checked against its connections when they are known (here, or at
    /// compile); after compile it is re-bound, keeping one value or one per connection.
    private func setGapJunctionWeight(_ p: ProjectionDescription, _ value: ParamValue, _ input: ParamInput) throws(EngineError) {
        if let n = p.connections?.pre.count { try checkGapJunctionWeight(p, value, count: n) }
        guard compiled != nil else { return try p.set("proj", "weight", value) }
        if case .initializer = input {
            throw .state("\(p.kind.rawValue).weight: initializers are drawn at compile; set values after compile")
        }
        let previous = try? p.value("proj", "weight")
        try p.set("proj", "weight", value)
        do { try rebindRows { row throws(EngineError) in try row.rebind(projection: p) } } catch {
            if let previous { try? p.set("proj", "weight", previous) }
            for row in rows { try? row.rebind(projection: p) }
            throw error
        }
    }

    public func setConnections(_ proj: Int, pre: [Int], post: [Int], weights: HostArray?, unit: String) throws(EngineError) {
        let p = try projection(proj)
        try requireDescribing("set connections")
        if p.isGapJunction {
            guard weights == nil else {
                throw .invalid("projection \(proj): a \(p.kind.rawValue)'s weights are its \"proj\" parameter \"weight\"; pass weight NULL")
            }
        } else if p.comm?.name != "SparseLinear" {
            throw .invalid("projection \(proj): connections are for comm SparseLinear, this one is \(p.comm?.name ?? "none")")
        }
        guard pre.count == post.count else { throw .invalid("pre and post index arrays differ in length (\(pre.count) and \(post.count))") }
        let postSize = desc.populations[p.post].size
        for k in 0..<pre.count {
            guard pre[k] >= 0, pre[k] < p.preCount else { throw .range("connection \(k): pre index \(pre[k]) outside the slice [0, \(p.preCount))") }
            guard post[k] >= 0, post[k] < postSize else { throw .range("connection \(k): post index \(post[k]) outside [0, \(postSize))") }
        }
        var w: [Double]?
        if let weights {
            let scale = try UnitParser.parse(unit, expecting: p.weightDimension, for: "connection weights").scale
            guard weights.count == pre.count else { throw .invalid("\(weights.count) weights for \(pre.count) connections") }
            try checkFinite(weights, "connection weights")
            w = weights.doubles(scale: scale)
        }
        if p.isGapJunction, let weight = p.values["proj"]?["weight"] {
            try checkGapJunctionWeight(p, weight, count: pre.count)
        }
        p.connections = (pre.map { Int32($0) }, post.map { Int32($0) }, w)
    }

    /// Whether a gap-junction weight fits `count` connections (throws the reason if not).
    private func checkGapJunctionWeight(_ p: ProjectionDescription, _ value: ParamValue, count: Int) throws(EngineError) {
        _ = try GapJunction<Double>.weights(value, symmetric: p.kind == .symmetricJunction, count: count,
                                            rng: Philox(seed: 0), stream: 0)
    }

    public func connectionCount(_ proj: Int) throws(EngineError) -> Int {
        _ = try projection(proj)
        return try simulation("read connectivity").connectionCount(proj)
    }

    /// (pre within the slice, post, weight in `unit`) for every synapse.
    public func connections(_ proj: Int, unit: String) throws(EngineError) -> (pre: [Int], post: [Int], weight: [Double]) {
        let p = try projection(proj)
        let scale = try UnitParser.parse(unit, expecting: p.weightDimension, for: "weights").scale
        let c = try simulation("read connectivity").connections(proj)
        return (c.pre, c.post, c.weight.map { $0 / scale })
    }

    /// The synapse state `name` of a projection (brainpy's syn.g, syn.g_rise, ...; a CurrentProj's
    /// bound conductance is "g").
    /// A state of a projection by name: "g", "g_rise", ... of the synapse, "u", "x" of the plasticity
    /// module, or qualified as "syn.x" / "stp.x" when both have it (BioNMDA with STD); a CurrentProj's
    /// bound conductance is "g". Returns the part, the state's spec and its length.
    func projectionState(_ p: ProjectionDescription, _ name: String) throws(EngineError) -> (part: String, spec: StateSpec, size: Int) {
        let postSize = desc.populations[p.post].size
        var part: String?, stateName = name
        if let dot = name.firstIndex(of: ".") {
            part = String(name[..<dot])
            stateName = String(name[name.index(after: dot)...])
        }
        if p.kind == .current, stateName == "g", part == nil || part == "out" {
            return ("out", StateSpec("g", .conductance, doc: "bound conductance"), postSize)
        }
        if part == nil || part == "syn", let syn = p.syn, syn.states.contains(where: { $0.name == stateName }) {
            return ("syn", try syn.state(stateName), p.synIsPresynaptic ? p.preCount : postSize)
        }
        if part == nil || part == "stp", let stp = p.stp, stp.states.contains(where: { $0.name == stateName }) {
            return ("stp", try stp.state(stateName), p.preCount)
        }
        let known = ((p.syn?.states.map { "syn.\($0.name)" } ?? []) + (p.stp?.states.map { "stp.\($0.name)" } ?? [])
                     + (p.kind == .current ? ["g"] : [])).joined(separator: ", ")
        throw .unknown("projection \(p.id) has no state \"\(name)\" (states: \(known.isEmpty ? "none" : known))")
    }

    public func synapseState(_ proj: Int, _ name: String, unit: String) throws(EngineError) -> [Double] {
        let p = try projection(proj)
        let (part, spec, _) = try projectionState(p, name)
        let scale = try UnitParser.parse(unit, expecting: spec.dimension, for: "synapse state \(name)").scale
        guard let values = stacked(try simulations("read a synapse state"), { $0.synapseState(proj, part: part, spec.name) }) else {
            throw .unknown("projection \(proj) has no synapse state \"\(name)\"")
        }
        return values.map { $0 / scale }
    }

    public func setSynapseState(_ proj: Int, _ name: String, _ values: HostArray, unit: String) throws(EngineError) {
        let p = try projection(proj)
        let (part, spec, size) = try projectionState(p, name)
        let scale = try UnitParser.parse(unit, expecting: spec.dimension, for: "synapse state \(name)").scale
        let rows = try simulations("write a synapse state")
        try checkLength(values, size, "synapse state \(name)")
        try checkFinite(values, "synapse state \(name)")
        for (r, row) in rows.enumerated() where !row.setSynapseState(proj, part: part, spec.name, values.row(r, size: size), scale: scale) {
            throw .unknown("projection \(proj) has no synapse state \"\(name)\"")
        }
    }

    // MARK: - monitors

    public func addSpikeMonitor(_ pop: Int, indices: [Int]?) throws(EngineError) -> Int {
        let p = try population(pop)
        return try addMonitor(.spikes(population: pop), indices, size: p.size)
    }

    public func addStateMonitor(_ pop: Int, _ state: String, indices: [Int]?) throws(EngineError) -> Int {
        let p = try population(pop)
        let spec = try p.spec.state(state)
        guard spec.name != "spike" else { throw .invalid("record spikes with a spike monitor, not the state \"\(state)\"") }
        return try addMonitor(.populationState(population: pop, state: state), indices, size: p.size)
    }

    public func addSynapseMonitor(_ proj: Int, _ state: String, indices: [Int]?) throws(EngineError) -> Int {
        let p = try projection(proj)
        let (part, spec, size) = try projectionState(p, state)
        return try addMonitor(.projectionState(projection: proj, part: part, state: spec.name), indices, size: size)
    }

    public struct MonitorShape { public let steps: Int; public let width: Int; public let isSpikes: Bool }

    public func monitorShape(_ m: Int) throws(EngineError) -> MonitorShape {
        try monitor(m)
        guard let sim = compiled else {
            let width = desc.monitors[m].indices?.count ?? monitorTargetSize(desc.monitors[m].target)
            if case .spikes = desc.monitors[m].target { return MonitorShape(steps: 0, width: width, isSpikes: true) }
            return MonitorShape(steps: 0, width: width, isSpikes: false)
        }
        let s = sim.monitorShape(m)
        return MonitorShape(steps: s.steps, width: s.width, isSpikes: s.spikes)
    }

    /// (step, batch row, neuron) of every recorded spike, in time order and, within a step, by row
    /// (the row is 0 without a batch axis).
    public func monitorEvents(_ m: Int) throws(EngineError) -> (steps: [Int64], rows: [Int32], neurons: [Int32]) {
        guard try monitorShape(m).isSpikes else { throw .invalid("monitor \(m) records a state, not spikes") }
        guard let sim = compiled else { return ([], [], []) }
        let lists = rows.map { $0.monitorEvents(m) }
        var steps: [Int64] = [], rowOf: [Int32] = [], neurons: [Int32] = []
        var cursor = [Int](repeating: 0, count: lists.count)
        for step in sim.monitorSteps(m) {
            for (r, list) in lists.enumerated() {
                while cursor[r] < list.steps.count, list.steps[cursor[r]] == step {
                    steps.append(step)
                    rowOf.append(Int32(r))
                    neurons.append(list.neurons[cursor[r]])
                    cursor[r] += 1
                }
            }
        }
        return (steps, rowOf, neurons)
    }

    /// steps × width bytes; steps × B × width when batched.
    public func monitorRaster(_ m: Int) throws(EngineError) -> [UInt8] {
        let shape = try monitorShape(m)
        guard shape.isSpikes else { throw .invalid("monitor \(m) records a state, not spikes") }
        guard let sim = compiled else { return [] }
        let b = rows.count
        var raster = [UInt8](repeating: 0, count: shape.steps * b * shape.width)
        let (steps, rowOf, neurons) = try monitorEvents(m)
        var columnOf: [Int32: Int] = [:]
        if let cols = sim.monitorColumns(m) { for (k, j) in cols.enumerated() where columnOf[Int32(j)] == nil { columnOf[Int32(j)] = k } }
        let stepList = sim.monitorSteps(m)
        var t = 0
        for e in 0..<steps.count {
            while stepList[t] != steps[e] { t += 1 }
            let col = sim.monitorColumns(m) == nil ? Int(neurons[e]) : columnOf[neurons[e]]!
            raster[(t * b + Int(rowOf[e])) * shape.width + col] = 1
        }
        return raster
    }

    /// steps × width values; steps × B × width when batched (time first, as brainpy.state's for_loop
    /// stacks a batched state).
    public func monitorValues(_ m: Int, unit: String) throws(EngineError) -> [Double] {
        let shape = try monitorShape(m)
        guard !shape.isSpikes else { throw .invalid("monitor \(m) records spikes; read events or a raster") }
        let scale = try UnitParser.parse(unit, expecting: monitorDimension(desc.monitors[m].target), for: "monitor \(m)").scale
        let perRow = rows.map { $0.monitorValues(m) }
        var values = [Double](repeating: 0, count: shape.steps * perRow.count * shape.width)
        for (r, v) in perRow.enumerated() {
            for t in 0..<shape.steps {
                for k in 0..<shape.width { values[(t * perRow.count + r) * shape.width + k] = v[t * shape.width + k] / scale }
            }
        }
        return values
    }

    public func monitorTimes(_ m: Int, unit: String) throws(EngineError) -> [Double] {
        try monitor(m)
        let scale = try UnitParser.parse(unit, expecting: .time, for: "times").scale
        guard let sim = compiled else { return [] }
        return sim.monitorSteps(m).map { sim.timeOfStep(Int($0)) / scale }
    }

    public func clearMonitor(_ m: Int) throws(EngineError) {
        try monitor(m)
        for row in rows { row.clearMonitor(m) }
    }

    // MARK: - helpers

    func population(_ id: Int) throws(EngineError) -> PopulationDescription {
        guard id >= 0, id < desc.populations.count else {
            throw .range("population id \(id) does not exist (the network has \(desc.populations.count))")
        }
        return desc.populations[id]
    }

    private func projection(_ id: Int) throws(EngineError) -> ProjectionDescription {
        guard id >= 0, id < desc.projections.count else {
            throw .range("projection id \(id) does not exist (the network has \(desc.projections.count))")
        }
        return desc.projections[id]
    }

    private func monitor(_ id: Int) throws(EngineError) {
        guard id >= 0, id < desc.monitors.count else {
            throw .range("monitor id \(id) does not exist (the network has \(desc.monitors.count))")
        }
    }

    private func simulation(_ action: String) throws(EngineError) -> any AnySimulation {
        try simulations(action)[0]
    }

    /// Every batch row's replica (one without a batch axis).
    private func simulations(_ action: String) throws(EngineError) -> [any AnySimulation] {
        guard !rows.isEmpty else { throw .state("cannot \(action) before bps_network_compile") }
        return rows
    }

    /// Every row's values one row after another ([B, N] row-major); nil if the state is unknown.
    private func stacked(_ rows: [any AnySimulation], _ read: (any AnySimulation) -> [Double]?) -> [Double]? {
        var values: [Double] = []
        for row in rows {
            guard let v = read(row) else { return nil }
            values += v
        }
        return values
    }

    /// Re-derive a parameter's constants in every row (parameters are shared by the batch).
    private func rebindRows(_ rebind: (any AnySimulation) throws(EngineError) -> Void) throws(EngineError) {
        for row in rows { try rebind(row) }
    }

    /// A persistent [B, N] input must match the batch size the network compiles with.
    private func checkBatchedInputs() throws(EngineError) {
        for p in desc.populations {
            for input in p.currentInputs {
                guard case .array(let a) = input.value, a.count > p.size, a.count != desc.rows * p.size else { continue }
                throw .range("current input \"\(input.key)\" of population \(p.id) has \(a.count) values, expected 1, \(p.size) or batch_size × \(p.size) = \(desc.rows * p.size)")
            }
        }
    }

    /// Refuse what a progress callback must not do to the network that is running.
    public func requireIdle(_ action: String) throws(EngineError) {
        guard !isRunning else { throw .state("cannot \(action) while the network is running (called from its progress callback)") }
    }

    func requireDescribing(_ action: String) throws(EngineError) {
        guard compiled == nil else { throw .state("cannot \(action) after compile: the network structure is frozen") }
    }

    private func addMonitor(_ target: MonitorTarget, _ indices: [Int]?, size: Int) throws(EngineError) -> Int {
        try requireIdle("add a monitor")
        if let idx = indices {
            guard !idx.isEmpty else { throw .invalid("monitor indices are empty; pass none to record every neuron") }
            for i in idx where i < 0 || i >= size { throw .range("monitor index \(i) outside [0, \(size))") }
        }
        do {
            for row in rows { try row.addMonitor(target, indices) }
        } catch {
            for row in rows { row.keepMonitors(desc.monitors.count) }
            throw error
        }
        desc.monitors.append((target, indices))
        return desc.monitors.count - 1
    }

    private func monitorTargetSize(_ target: MonitorTarget) -> Int {
        switch target {
        case .spikes(let p), .populationState(let p, _): return desc.populations[p].size
        case .projectionState(let j, let part, let s):
            return (try? projectionState(desc.projections[j], "\(part).\(s)").size) ?? 0
        }
    }

    private func monitorDimension(_ target: MonitorTarget) -> Dimension {
        switch target {
        case .spikes: return .one
        case .populationState(let p, let s):
            let pop = desc.populations[p]
            return (try? pop.spec.state(s)).map { stateDimension(pop, $0) } ?? .one
        case .projectionState(let j, let part, let s):
            return (try? projectionState(desc.projections[j], "\(part).\(s)").spec.dimension) ?? .one
        }
    }

    private func commElementCount(_ p: ProjectionDescription, _ name: String) -> Int {
        let post = desc.populations[p.post].size
        switch p.comm?.name {
        case "Linear", "AllToAll", "EventLinear": return p.preCount * post
        case "OneToOne": return post
        case "EventFixedProb", "FixedNumConn":
            // (n_pre, K) per-synapse weights; K is known once conn_prob / conn_num is set.
            if case .scalar(let prob)? = p.commValues["conn_prob"] { return p.preCount * Int(Double(post) * prob) }
            if case .scalar(let num)? = p.commValues["conn_num"] { return p.preCount * Int(num) }
            return -1
        default: return 1
        }
    }

    /// Convert and check a parameter as it arrives.
    func paramValue(_ input: ParamInput, _ spec: ParamSpec, count: Int, what: String) throws(EngineError) -> ParamValue {
        switch input {
        case .scalar(let v, let unit):
            let scale = try UnitParser.parse(unit, expecting: spec.dimension, for: what).scale
            let value = v * scale
            try spec.check(value, what)
            return .scalar(value)
        case .array(let values, let unit):
            let scale = try UnitParser.parse(unit, expecting: spec.dimension, for: what).scale
            guard values.count >= 1 || spec.shape == .list else { throw .invalid("\(what): empty array") }
            if values.count > 1 {
                guard spec.allowsArray else { throw .invalid("\(what) takes one value, got \(values.count)") }
                guard count < 0 || values.count == count else {
                    throw .range("\(what): \(values.count) values given for \(count) elements")
                }
            }
            let converted = values.doubles(scale: scale)
            for (k, v) in converted.enumerated() { try spec.check(v, "\(what)[\(k)]") }
            return converted.count == 1 ? .scalar(converted[0]) : .array(converted)
        case .initializer(let name, let args, let unit):
            guard let kind = Initializer.Kind(rawValue: name) else {
                throw .unknown("unknown initializer \"\(name)\" (known: Constant, Normal, Uniform)")
            }
            guard args.count == kind.argumentCount else {
                throw .invalid("\(name) takes \(kind.argumentCount) argument(s), got \(args.count)")
            }
            guard spec.allowsArray || kind == .constant else { throw .invalid("\(what) takes one value, not a random initializer") }
            guard spec.shape != .list else { throw .invalid("\(what) takes a list of values, not an initializer") }
            let scale = try UnitParser.parse(unit, expecting: spec.dimension, for: what).scale
            for a in args where !a.isFinite { throw .invalid("\(what): initializer arguments must be finite") }
            if kind == .normal, args[1] < 0 { throw .invalid("\(what): Normal std must be >= 0, got \(args[1])") }
            if kind == .uniform, args[1] < args[0] { throw .invalid("\(what): Uniform needs low <= high") }
            if kind == .constant { try spec.check(args[0] * scale, what) }
            return .initializer(Initializer(kind: kind, args: args.map { $0 * scale }))
        }
    }

    /// 1 value, one per element, or in a batched network one per element of every row ([B, N]).
    private func checkLength(_ values: HostArray, _ size: Int, _ what: String) throws(EngineError) {
        guard values.count == 1 || values.count == size || (desc.batchSize > 0 && values.count == desc.batchSize * size) else {
            throw .range("\(what): \(values.count) values given, expected 1 or \(size)"
                         + (desc.batchSize > 0 ? " or batch_size × \(size) = \(desc.batchSize * size)" : ""))
        }
    }

    /// How a buffer's needed length counts the batch rows, for messages.
    private var rowsNote: String { desc.batchSize > 0 ? " in each of \(desc.batchSize) batch rows" : "" }

    private func checkFinite(_ values: HostArray, _ what: String) throws(EngineError) {
        if let k = values.firstNonFinite() { throw .invalid("\(what): element \(k) is not finite (NaN or inf)") }
    }
}
