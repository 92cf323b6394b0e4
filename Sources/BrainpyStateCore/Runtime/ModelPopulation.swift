/// A compiled population of any NeuronModel: its state columns, its kernel constants (hoisted to
/// broadcast lanes when every parameter is homogeneous, per-neuron columns otherwise) and the
/// specialised block loop. `Ref` adds brainpy's refractory states (last_spike_time, refractory).
final class ModelPopulation<M: NeuronModel, Ref: Refractoriness, F: SimFloat>: NeuronGroup {
    let core: PopulationCore<F>
    let spec: ModelSpec
    /// State names in kernel order (the model's, then the refractory ones).
    let names: [String]
    private var columns = InlineArray<8, UnsafeMutablePointer<F>?>(repeating: nil)
    private var constantColumns = InlineArray<24, UnsafeMutablePointer<F>?>(repeating: nil)
    private var uniform: ConstantLanes<F>?
    private var uniformValues: [Double] = []
    private var realized: [String: Realized] = [:]
    private var hardReset = false
    private var initializers: [ParamValue?] = []
    private var streams: [UInt32] = []
    private let size: Int

    /// Number of state columns (static per model and variant).
    static var stateCount: Int { M.stateNames.count + (Ref.enabled ? 2 : 0) }
    /// The same, stored: `stateCount` builds the model's name list, an allocation per call, so the
    /// step reads this instead (the step allocates nothing; Tests/C/test_alloc.c checks every model).
    private let stateCount: Int

    /// The step (ms): models may fold it into constants (`p("dt")`).
    private let dt: Double

    init(_ desc: PopulationDescription, dt: Double, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        self.dt = dt
        stateCount = Self.stateCount
        precondition(Self.stateCount <= 8 && M.constantCount <= 24, "model exceeds the kernel's lanes")
        spec = desc.spec
        size = desc.size
        core = try PopulationCore(id: desc.id, size: desc.size, threads: threads, arena: arena)
        names = M.stateNames + (Ref.enabled ? ["last_spike_time", "refractory"] : [])
        for k in 0..<Self.stateCount {
            columns[k] = try arena.allocate(F.self, count: size, what: "\(names[k]) of population \(desc.id)")
        }
        for k in 0..<M.constantCount {
            // Written only where the parameters differ by neuron (Arena.allocateUntouched).
            constantColumns[k] = try arena.allocateUntouched(F.self, count: size,
                                                             what: "constants of population \(desc.id)")
        }
        try bind(desc, rng: rng)
    }

    func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        if desc.spec.options.contains(where: { $0.name == "spk_reset" }) {
            hardReset = try desc.option("spk_reset") == "hard"
        }
        var values: [String: Realized] = [:]
        for p in desc.spec.params where !p.isInitializer {
            values[p.name] = try Realized.realize(desc.value(p.name), count: size, rng: rng, stream: desc.stream(p.name),
                                                  what: "\(desc.spec.name).\(p.name)")
        }
        let allUniform = values.values.allSatisfy(\.isUniform)
        if !realized.isEmpty, allUniform != (uniform != nil) {
            throw .state("population \(desc.id): a parameter cannot switch between one value and per-neuron values after compile")
        }
        realized = values
        if allUniform {
            uniformValues = M.constants { name in name == "dt" ? dt : values[name]?.value(at: 0) ?? .nan }
            var lanes = ConstantLanes<F>(repeating: Lanes(repeating: 0))
            for k in 0..<M.constantCount { lanes[k] = Lanes(repeating: F(uniformValues[k])) }
            uniform = lanes
        } else {
            uniform = nil
            for j in 0..<size {
                let c = M.constants { name in name == "dt" ? dt : values[name]?.value(at: j) ?? .nan }
                for k in 0..<M.constantCount { constantColumns[k].unsafelyUnwrapped[j] = F(c[k]) }
            }
        }
        initializers = []
        streams = []
        for name in names {
            if let p = desc.spec.states.first(where: { $0.name == name })?.initializer {
                initializers.append(try desc.value(p))
                streams.append(desc.stream(p))
            } else {
                initializers.append(nil)
                streams.append(0)
            }
        }
    }

    /// The constants of neuron j (internal units).
    private func constants(at j: Int) -> [Double] {
        if uniform != nil { return uniformValues }
        return (0..<M.constantCount).map { Double(constantColumns[$0].unsafelyUnwrapped[j]) }
    }

    /// Called through a closure bound at compile to the concrete model and precision (no @_specialize
    /// needed: the call site is already specialised).
    func update(t: F, dt: F, tile: Int) {
        let c = core
        let (lo, hi) = (c.bounds[tile], c.bounds[tile + 1])
        guard lo < hi else { return }
        switch c.prepareDrive(tile: tile, lo, hi) {
        case .none: run(tile, lo, hi, NoDrive<F>(), t: t, dt: dt)
        case .fused(let a, nil): run(tile, lo, hi, FusedCOBA(a), t: t, dt: dt)
        case .fused(let a, let b?):
            run(tile, lo, hi, FusedCOBAPair(first: FusedCOBA(a), second: FusedCOBA(b)), t: t, dt: dt)
        case .summed(let d): run(tile, lo, hi, d, t: t, dt: dt)
        case .blocked(let d): run(tile, lo, hi, d, t: t, dt: dt)
        }
        c.clearOneShots(tile: tile)
    }

    @inline(__always)
    private func run<D: SynapticDrive>(_ tile: Int, _ lo: Int, _ hi: Int, _ drive: D, t: F, dt: F) where D.F == F {
        let blocks = core.blockSpikes(tile: tile)
        let (once, delta, hard) = (core.hasOnce, core.deltaActive, hardReset)
        if let k = uniform, !once && !delta && !hard {
            // The common step, compiled without the options' per-block tests (ColumnStep): HH 9.1 →
            // 6.5 ns per neuron and step, CubaLIF 0.48 → 0.39 (model_step_options_2026-11-29.txt).
            // Only for homogeneous constants, which halves the code it adds (every model, drive and
            // precision).
            modelBlocks(lo, hi, UniformConstants(lanes: k), drive, ColumnStep<F>(), t: t, dt: dt, blocks: blocks)
        } else {
            let options = StepOptions<F>(hardReset: hard, useOnce: once, useDelta: delta)
            if let k = uniform {
                modelBlocks(lo, hi, UniformConstants(lanes: k), drive, options, t: t, dt: dt, blocks: blocks)
            } else {
                modelBlocks(lo, hi, ColumnConstants<F>(columns: constantColumns, count: M.constantCount),
                            drive, options, t: t, dt: dt, blocks: blocks)
            }
        }
        core.collectSpikes(tile: tile)
    }

    /// The block loop: load states, run the model's step, store states, flag spikes and store each
    /// block's spiking lanes. A function of its own for each model, constants, drive and options (a
    /// call per tile and step): inlined into `run` beside its other variants, the kernels of several
    /// models were optimised worse (model_step_options_2026-11-29.txt).
    @inline(never)
    private func modelBlocks<C: ConstantSource, D: SynapticDrive, O: LIFStepOptions>(
        _ lo: Int, _ hi: Int, _ constants: C, _ drive: D, _ options: O, t: F, dt: F,
        blocks: UnsafeMutablePointer<UInt16>
    ) where C.F == F, D.F == F, O.F == F {
        let c = core
        let cols = columns
        let now = Lanes<F>(repeating: t), step = Lanes<F>(repeating: dt)
        let zero = Lanes<F>(repeating: 0), one = Lanes<F>(repeating: 1)
        let stateCount = self.stateCount
        var j = lo
        while j < hi {
            var s = StateLanes<F>(repeating: zero)
            for k in 0..<stateCount { s[k] = cols[k].unsafelyUnwrapped.lanes(j) }
            let d = drive.advanceLanes(j)
            let external = options.external(c.iExternal, j)
            let x = options.useOnce ? external + c.iOnce.lanes(j) : external
            let input = KernelInputs(x: x, delta: options.useDelta ? c.deltaOnce.lanes(j) : zero, g: d.g, gE: d.gE,
                                     i: d.i, drive: drive, block: j, t: now, dt: step, hardReset: options.hardReset)
            let spiked = M.step(&s, constants.lanes(j), input, Ref.self)
            for k in 0..<stateCount { cols[k].unsafelyUnwrapped.setLanes(j, s[k]) }
            c.spike.setLanes(j, F.lanes(zero, replacedBy: one, where: spiked))
            storeBlockSpikes(F.bits(spiked), block: j, lo: lo, into: blocks)
            j &+= laneCount
        }
        trimBlockSpikes(lo: lo, upTo: hi, blocks)
    }

    func initStates(rng: Philox) throws(EngineError) {
        var realizedStates: [Realized?] = []
        for (k, initializer) in initializers.enumerated() {
            guard let initializer else { realizedStates.append(nil); continue }
            realizedStates.append(try Realized.realize(initializer, count: size, rng: rng, stream: streams[k],
                                                       what: "\(spec.name).\(names[k])"))
        }
        let lastIndex = M.stateNames.count
        var s = [Double](repeating: 0, count: Self.stateCount)
        for j in 0..<size {
            for k in 0..<Self.stateCount {
                if let r = realizedStates[k] { s[k] = r.value(at: j) } else { s[k] = .nan }
            }
            if Ref.enabled {
                s[lastIndex] = -1e7
                s[lastIndex + 1] = 0
            }
            M.completeInitialState(&s, constants(at: j))
            for k in 0..<Self.stateCount { columns[k].unsafelyUnwrapped[j] = F(s[k]) }
        }
        core.resetTransients()
        refreshSpikes()
    }

    func refreshSpikes() {
        let zero = Lanes<F>(repeating: 0), one = Lanes<F>(repeating: 1)
        var j = 0
        while j < size {
            var s = StateLanes<F>(repeating: zero)
            for k in 0..<stateCount { s[k] = columns[k].unsafelyUnwrapped.lanes(j) }
            let k: ConstantLanes<F>
            if let u = uniform {
                k = u
            } else {
                k = ColumnConstants<F>(columns: constantColumns, count: M.constantCount).lanes(j)
            }
            core.spike.setLanes(j, F.lanes(zero, replacedBy: one, where: M.spiking(s, k)))
            j += laneCount
        }
        core.collectSpikes()
    }

    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? {
        guard let k = names.firstIndex(of: name) else { return nil }
        return columns[k]
    }

    func parameter(_ name: String) -> [Double]? {
        guard let r = realized[name] else { return nil }
        return (0..<size).map { r.value(at: $0) }
    }
}

/// Where a block's constants come from.
protocol ConstantSource {
    associatedtype F: SimFloat
    func lanes(_ j: Int) -> ConstantLanes<F>
}

/// Homogeneous parameters: the broadcast lanes, hoisted out of the loop.
struct UniformConstants<F: SimFloat>: ConstantSource {
    let lanes: ConstantLanes<F>
    @inline(__always) func lanes(_ j: Int) -> ConstantLanes<F> { lanes }
}

/// Per-neuron parameters: one column per constant.
struct ColumnConstants<F: SimFloat>: ConstantSource {
    let columns: InlineArray<24, UnsafeMutablePointer<F>?>
    let count: Int
    @inline(__always) func lanes(_ j: Int) -> ConstantLanes<F> {
        var k = ConstantLanes<F>(repeating: Lanes(repeating: 0))
        for c in 0..<count { k[c] = columns[c].unsafelyUnwrapped.lanes(j) }
        return k
    }
}
