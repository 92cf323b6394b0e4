/// A post-aligned synapse with its output, on one post population. Projections scatter their spikes'
/// weights into `pending`; each step the channel advances its states, adds the pending increments
/// (brainpy: exponential Euler, then Σ delta inputs) and turns its conductance into the post
/// population's drive (COBA: G and G·E; CUBA: a current; MgBlock: its own conductance column, which
/// the kernels evaluate at V through an `MgBlockTerm`).
///
/// Dynamics (spec synapses §3, §5.4):
///   Expon      g ← g + dt·exprel(−dt/τ)·(−g/τ) + Σ                         output g
///   DualExpon  g_rise, g_decay each as Expon with their τ, both + Σ          output A·N·(g_decay − g_rise)
///   Alpha      g ← g + dt·exprel(−dt/τ)·(−g + h_old)/τ; h ← h + dt·exprel(−dt/τ)·(−h/τ) + Σ   output g
///   direct     g ← Σ (CurrentProj: the comm output is the conductance of this step)   output g
/// Expon and DualExpon are shared by every projection brainpy.state would merge into them.
final class SynapseChannel<F: SimFloat> {
    enum Output { case coba, cuba, mgBlock }
    enum Dynamics { case expon, dualExpon, alpha, direct }

    let post: Int
    let size: Int
    let output: Output
    let dynamics: Dynamics
    /// Expon/Alpha/direct: g; DualExpon: g_rise.
    let g: UnsafeMutablePointer<F>
    /// DualExpon: g_decay; Alpha: h.
    let second: UnsafeMutablePointer<F>
    let pending: UnsafeMutablePointer<F>
    /// Where each tile of the post population has its increments, indexed by post neuron: `pending`
    /// for every tile, until compile makes them tile-local (TileLocalIncrements). Every reader and
    /// writer of the increments goes through `pending(tile:)`.
    let tileBases: UnsafeMutablePointer<UnsafeMutablePointer<F>>
    /// The tile-local buffers, where compile made them (the step reads `tileBases` only).
    var tileLocal: TileLocalIncrements<F>?
    /// MgBlock: this step's conductance (the output of the dynamics; `g` itself for Expon would not
    /// serve DualExpon). Other outputs: `g`, never written here.
    let conductance: UnsafeMutablePointer<F>
    /// True for the first channel of its output kind on the post population: it assigns the drive
    /// columns instead of adding to them, which saves a clearing pass.
    var assigns = false
    private var initializer: ParamValue = .scalar(0)
    private var initStream: UInt32 = 0
    /// Per dynamics: a = dt·exprel(−dt/τ) (DualExpon: of τ_rise), b = 1/τ (of τ_rise), c, d the same for
    /// τ_decay, e = amplitude·normalisation; then the output's: E (COBA, MgBlock) or scale (CUBA), and
    /// for MgBlock K = cc_Mg/β, α, V_offset. One value when homogeneous, else columns (MgBlock's output
    /// constants are always in columns, broadcast in their first 16 entries when homogeneous).
    private var uniform: InlineArray<9, F>?
    private let columns: InlineArray<9, UnsafeMutablePointer<F>>
    private var realized: [String: Realized] = [:]

    /// The state names a host may read and record.
    var stateNames: [String] {
        switch dynamics {
        case .expon, .direct: return ["g"]
        case .dualExpon: return ["g_rise", "g_decay"]
        case .alpha: return ["g", "h"]
        }
    }

    init(post: Int, size: Int, tiles: Int, output: Output, dynamics: Dynamics, arena: Arena) throws(EngineError) {
        self.post = post
        self.size = size
        self.output = output
        self.dynamics = dynamics
        g = try arena.allocate(F.self, count: size, what: "synapse of population \(post)")
        second = try arena.allocate(F.self, count: dynamics == .dualExpon || dynamics == .alpha ? size : 1,
                                    what: "synapse of population \(post)")
        // Committed by initStates, unless compile has made the increments tile-local: the column is
        // then never used (8 MB for COBA's two channels at a million neurons).
        pending = try arena.allocateUntouched(F.self, count: size, what: "synapse input of population \(post)")
        tileBases = try arena.allocate(UnsafeMutablePointer<F>.self, count: tiles,
                                       what: "synapse input of population \(post)")
        tileBases.initialize(repeating: pending, count: tiles)
        conductance = try output == .mgBlock ? arena.allocate(F.self, count: size, what: "MgBlock of population \(post)") : g
        var cols = InlineArray<9, UnsafeMutablePointer<F>>(repeating: pending)
        for k in 0..<(output == .mgBlock ? 9 : 6) {
            // Written only where the constants differ by neuron (and MgBlock's first 16 entries).
            cols[k] = try arena.allocateUntouched(F.self, count: size, what: "synapse constants")
        }
        columns = cols
    }

    /// Tile `tile`'s increments, indexed by post neuron.
    @inline(__always)
    func pending(tile: Int) -> UnsafeMutablePointer<F> {
        tileBases[tile]
    }

    func stateColumn(_ name: String) -> UnsafeMutablePointer<F>? {
        switch (dynamics, name) {
        case (.expon, "g"), (.direct, "g"), (.alpha, "g"), (.dualExpon, "g_rise"): return g
        case (.dualExpon, "g_decay"), (.alpha, "h"): return second
        default: return nil
        }
    }

    /// Derive the constants from the (first merged) projection's syn and out parameters.
    func bind(_ proj: ProjectionDescription, dt: Double, rng: Philox) throws(EngineError) {
        func realize(_ part: String, _ name: String) throws(EngineError) -> Realized {
            try Realized.realize(proj.value(part, name), count: size, rng: rng, stream: proj.stream(part, name),
                                 what: "projection \(proj.id) \(part).\(name)")
        }
        var values: [String: Realized] = [:]
        switch dynamics {
        case .expon, .alpha: values["tau"] = try realize("syn", "tau")
        case .dualExpon:
            values["tau_rise"] = try realize("syn", "tau_rise")
            values["tau_decay"] = try realize("syn", "tau_decay")
            values["amplitude"] = try realize("syn", "amplitude")
        case .direct: break
        }
        let outputNames = switch output {
        case .coba: ["E"]
        case .cuba: ["scale"]
        case .mgBlock: ["E", "cc_Mg", "alpha", "beta", "V_offset"]
        }
        for name in outputNames { values[name] = try realize("out", name) }
        let normalize = dynamics == .dualExpon ? try proj.option("syn", "normalize") == "true" : false
        let allUniform = values.values.allSatisfy(\.isUniform)
        if !realized.isEmpty, allUniform != (uniform != nil) {
            throw .state("projection \(proj.id): a synapse parameter cannot switch between one value and per-neuron values after compile")
        }
        func euler(_ tau: Double) -> (F, F) { ExpEulerStep.decay(tau: tau, dt: dt) }
        func constants(_ j: Int) throws(EngineError) -> InlineArray<9, F> {
            var k = InlineArray<9, F>(repeating: 0)
            switch dynamics {
            case .expon, .alpha:
                (k[0], k[1]) = euler(values["tau"]!.value(at: j))
            case .dualExpon:
                let (r, d) = (values["tau_rise"]!.value(at: j), values["tau_decay"]!.value(at: j))
                (k[0], k[1]) = euler(r)
                (k[2], k[3]) = euler(d)
                var n = 1.0
                if normalize {
                    guard r != d else {
                        throw .invalid("projection \(proj.id): DualExpon with normalize needs tau_decay != tau_rise (use Alpha)")
                    }
                    n = d / (d - r) * MathC.pow(r / d, r / (r - d))
                }
                k[4] = F(values["amplitude"]!.value(at: j) * n)
            case .direct:
                // g + 1·(−g·1) + Σ = Σ exactly: the Expon formula with no memory.
                (k[0], k[1]) = (1, 1)
            }
            k[5] = F(values[outputNames[0]]!.value(at: j))
            if output == .mgBlock {
                // brainpy divides cc_Mg/β in Python floats (double) before the float32 product
                k[6] = F(values["cc_Mg"]!.value(at: j) / values["beta"]!.value(at: j))
                k[7] = F(values["alpha"]!.value(at: j))
                k[8] = F(values["V_offset"]!.value(at: j))
            }
            return k
        }
        realized = values
        if allUniform {
            let k = try constants(0)
            uniform = k
            if output == .mgBlock {
                for c in 5..<9 { columns[c].update(repeating: k[c], count: laneCount) }
            }
        } else {
            uniform = nil
            for j in 0..<size {
                let k = try constants(j)
                for c in 0..<(output == .mgBlock ? 9 : 6) { columns[c][j] = k[c] }
            }
        }
        initializer = dynamics == .direct ? .scalar(0) : try proj.value("syn", "g_initializer")
        initStream = proj.stream("syn", "g_initializer")
    }

    func initStates(rng: Philox) throws(EngineError) {
        let v = try Realized.realize(initializer, count: size, rng: rng, stream: initStream, what: "g_initializer")
        for j in 0..<size { g[j] = F(v.value(at: j)) }
        if dynamics == .dualExpon || dynamics == .alpha {
            for j in 0..<size { second[j] = F(v.value(at: j)) }
        }
        if let tileLocal { tileLocal.clear() } else { pending.update(repeating: 0, count: size) }
    }

    func parameter(_ name: String) -> [Double]? {
        guard let r = realized[name] else { return nil }
        return (0..<size).map { r.value(at: $0) }
    }

    /// (dt·exprel(−dt/τ), 1/τ, output factor) when this is an Expon with homogeneous constants: the
    /// neuron kernels then advance it inside their own loop.
    var uniformConstants: (step: F, invTau: F, factor: F)? {
        guard dynamics == .expon, let u = uniform else { return nil }
        return (u[0], u[1], u[5])
    }

    /// How the kernels read this channel when its output is MgBlock (after bind).
    var blockTerm: MgBlockTerm<F>? {
        guard output == .mgBlock else { return nil }
        return MgBlockTerm(g: conductance, E: columns[5], K: columns[6], alpha: columns[7], vOffset: columns[8],
                           mask: uniform == nil ? ~0 : 0)
    }

    /// Advance neurons [lo, hi) and add their drive to G/GE (COBA) or iSyn (CUBA), or store it as the
    /// MgBlock conductance: the general path.
    @inline(__always)
    func update(_ lo: Int, _ hi: Int, tile: Int, G: UnsafeMutablePointer<F>, GE: UnsafeMutablePointer<F>,
                iSyn: UnsafeMutablePointer<F>) {
        let (g, second, pending, assigns, conductance) = (self.g, self.second, self.pending(tile: tile), self.assigns,
                                                          self.conductance)
        let columns = self.columns
        let u = uniform
        @inline(__always) func k(_ c: Int, _ j: Int) -> F { u?[c] ?? columns[c][j] }
        for j in lo..<hi {
            let p = pending[j]
            pending[j] = 0
            let out: F
            switch dynamics {
            case .expon, .direct:
                let g0 = g[j]
                out = (g0 + k(0, j) * (-g0 * k(1, j))) + p
                g[j] = out
            case .dualExpon:
                let (r0, d0) = (g[j], second[j])
                let r = (r0 + k(0, j) * (-r0 * k(1, j))) + p
                let d = (d0 + k(2, j) * (-d0 * k(3, j))) + p
                g[j] = r
                second[j] = d
                out = k(4, j) * (d - r)
            case .alpha:
                let (g0, h0) = (g[j], second[j])
                out = g0 + k(0, j) * ((-g0 + h0) * k(1, j))
                g[j] = out
                second[j] = (h0 + k(0, j) * (-h0 * k(1, j))) + p
            }
            switch output {
            case .coba:
                G[j] = assigns ? out : G[j] + out
                GE[j] = assigns ? out * k(5, j) : GE[j] + out * k(5, j)
            case .cuba:
                iSyn[j] = assigns ? out * k(5, j) : iSyn[j] + out * k(5, j)
            case .mgBlock:
                conductance[j] = out
            }
        }
    }
}
