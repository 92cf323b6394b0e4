/// A compiled IF / LIF / LIFRef population: its state columns, its constants (hoisted to scalars
/// when every parameter is homogeneous, per-neuron columns otherwise) and its specialised kernel.
final class LIFPopulation<F: SimFloat>: NeuronGroup {
    let core: PopulationCore<F>
    let model: String
    let V: UnsafeMutablePointer<F>
    /// LIFRef only (a zero column otherwise, never read).
    let lastSpikeTime: UnsafeMutablePointer<F>
    let hasRefractory: Bool
    private(set) var hardReset = false
    private var initializerV: ParamValue = .scalar(0)
    private var initStream: UInt32 = 0
    /// Homogeneous constants, or nil when the columns below are used.
    private(set) var uniform: LIFConstants<F>?
    /// Whether the step runs the AVX-512 build of the kernel (BrainpyStateAVX512): by default when the
    /// CPU has AVX-512 (SystemInfo.avx512Kernels). Tests switch it to compare the two builds.
    var usesAVX512 = SystemInfo.avx512Kernels
    private let columns: [UnsafeMutablePointer<F>]
    private var realized: [String: Realized] = [:]
    private let size: Int

    /// The parameters a LIF-family kernel reads, in LIFConstants order.
    private static var columnNames: [String] { ["R", "invTau", "vTh", "vReset", "vRest", "tauRef", "invDen"] }

    init(_ desc: PopulationDescription, threads: Int, arena: Arena, rng: Philox) throws(EngineError) {
        size = desc.size
        model = desc.spec.name
        core = try PopulationCore(id: desc.id, size: desc.size, threads: threads, arena: arena,
                                  kernelStoresFlags: false)
        V = try arena.allocate(F.self, count: size, what: "V of population \(desc.id)")
        lastSpikeTime = try arena.allocate(F.self, count: size, what: "last_spike_time of population \(desc.id)")
        hasRefractory = model == "LIFRef"
        var cols: [UnsafeMutablePointer<F>] = []
        for name in Self.columnNames {
            // Written only where the parameters differ by neuron (Arena.allocateUntouched).
            cols.append(try arena.allocateUntouched(F.self, count: size, what: "\(name) of population \(desc.id)"))
        }
        columns = cols
        try bind(desc, rng: rng)
    }

    func bind(_ desc: PopulationDescription, rng: Philox) throws(EngineError) {
        hardReset = try desc.option("spk_reset") == "hard"
        func realize(_ name: String, fallback: Double) throws(EngineError) -> Realized {
            guard desc.spec.params.contains(where: { $0.name == name }) else { return .uniform(fallback) }
            return try Realized.realize(desc.value(name), count: size, rng: rng, stream: desc.stream(name),
                                        what: "\(desc.spec.name).\(name)")
        }
        let R = try realize("R", fallback: 0)
        let tau = try realize("tau", fallback: 1)
        let vTh = try realize("V_th", fallback: 0)
        let vReset = try realize("V_reset", fallback: 0)
        let vRest = try realize("V_rest", fallback: 0)
        let tauRef = try realize("tau_ref", fallback: 0)
        let newRealized = ["R": R, "tau": tau, "V_th": vTh, "V_reset": vReset, "V_rest": vRest, "tau_ref": tauRef]
        let allUniform = newRealized.values.allSatisfy(\.isUniform)
        if !realized.isEmpty, allUniform != (uniform != nil) {
            throw .state("population \(desc.id): a parameter cannot switch between one value and per-neuron values after compile")
        }
        realized = newRealized
        initializerV = try desc.value("V_initializer")
        initStream = desc.stream("V_initializer")
        func constants(_ j: Int) -> LIFConstants<F> {
            let th = vTh.value(at: j), reset = vReset.value(at: j)
            return LIFConstants(R: F(R.value(at: j)), invTau: F(1 / tau.value(at: j)), vTh: F(th),
                                vReset: F(reset), vRest: F(vRest.value(at: j)), tauRef: F(tauRef.value(at: j)),
                                invDen: 1 / (F(th) - F(reset)))
        }
        if allUniform {
            uniform = constants(0)
        } else {
            uniform = nil
            for j in 0..<size {
                let k = constants(j)
                columns[0][j] = k.R
                columns[1][j] = k.invTau
                columns[2][j] = k.vTh
                columns[3][j] = k.vReset
                columns[4][j] = k.vRest
                columns[5][j] = k.tauRef
                columns[6][j] = k.invDen
            }
        }
    }

    var perNeuron: PerNeuronLIF<F> {
        PerNeuronLIF(R: columns[0], invTau: columns[1], vTh: columns[2], vReset: columns[3], vRest: columns[4],
                     tauRef: columns[5], invDen: columns[6])
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func update(t: F, dt: F, tile: Int) {
        let c = core
        let (lo, hi) = (c.bounds[tile], c.bounds[tile + 1])
        guard lo < hi else { return }
        let cols = LIFColumns(V: V, lastSpikeTime: lastSpikeTime, iExternal: c.iExternal,
                              uniformExternal: c.uniformExternal, iOnce: c.iOnce, deltaOnce: c.deltaOnce)
        let blocks = c.blockSpikes(tile: tile)
        step(lo, hi, c.prepareDrive(tile: tile, lo, hi), cols, t: t, dt: dt, blocks: blocks)
        c.collectSpikes(tile: tile)
        c.clearOneShots(tile: tile)
    }

    /// One step through the AVX-512 build when this population uses it and it has a kernel for the
    /// drive (all but MgBlock terms), else through the portable build here, with the drive as a type.
    @inline(__always)
    private func step(_ lo: Int, _ hi: Int, _ drive: DriveChoice<F>, _ cols: LIFColumns<F>, t: F, dt: F,
                      blocks: UnsafeMutablePointer<UInt16>) {
        if usesAVX512, !drive.isBlocked {
            return stepAVX512(lo, hi, drive, cols, t: t, dt: dt, blocks: blocks)
        }
        switch drive {
        case .none: portable(lo, hi, NoDrive<F>(), cols, t: t, dt: dt, blocks: blocks)
        case .fused(let a, nil): portable(lo, hi, FusedCOBA(a), cols, t: t, dt: dt, blocks: blocks)
        case .fused(let a, let b?):
            portable(lo, hi, FusedCOBAPair(first: FusedCOBA(a), second: FusedCOBA(b)), cols, t: t, dt: dt,
                     blocks: blocks)
        case .summed(let d): portable(lo, hi, d, cols, t: t, dt: dt, blocks: blocks)
        case .blocked(let d): portable(lo, hi, d, cols, t: t, dt: dt, blocks: blocks)
        }
    }

    /// The portable kernel for one drive type.
    @inline(__always)
    private func portable<D: SynapticDrive>(_ lo: Int, _ hi: Int, _ drive: D, _ cols: LIFColumns<F>, t: F, dt: F,
                                            blocks: UnsafeMutablePointer<UInt16>) where D.F == F {
        lifStep(lo, hi, uniform: uniform, perNeuron: perNeuron, refractory: hasRefractory, drive, cols,
                t: t, dt: dt, hardReset: hardReset, useOnce: core.hasOnce, useDelta: core.deltaActive,
                blocks: blocks)
    }

    func initStates(rng: Philox) throws(EngineError) {
        let v = try Realized.realize(initializerV, count: size, rng: rng, stream: initStream,
                                     what: "\(model).V_initializer")
        for j in 0..<size { V[j] = F(v.value(at: j)) }
        lastSpikeTime.update(repeating: F(-1e7), count: size)
        core.resetTransients()
        refreshSpikes()
    }

    @_specialize(where F == Float)
    @_specialize(where F == Double)
    func refreshSpikes() {
        if let k = uniform {
            lifSpikes(size, UniformLIF<F, ScaledTest>(constants: k), V: V, spike: core.spike)
        } else {
            lifSpikes(size, perNeuron, V: V, spike: core.spike)
        }
        core.collectSpikes()
    }

    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? {
        switch name {
        case "V": return V
        case "last_spike_time": return hasRefractory ? lastSpikeTime : nil
        default: return nil
        }
    }

    func parameter(_ name: String) -> [Double]? {
        guard let r = realized[name] else { return nil }
        return (0..<size).map { r.value(at: $0) }
    }
}
