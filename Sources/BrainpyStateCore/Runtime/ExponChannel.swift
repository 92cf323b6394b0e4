/// A post-aligned Expon synapse with its output (COBA or CUBA), shared by every projection that
/// brainpy.state would merge into it. Projections scatter their spikes' weights into `pending`;
/// each step the channel decays g, adds the pending increments (spec synapses §3.1: exponential
/// Euler, then Σ delta inputs) and adds its drive to the post population's G, GE or iSyn.
final class ExponChannel<F: SimFloat> {
    enum Output { case coba, cuba }

    let post: Int
    let size: Int
    let output: Output
    let g: UnsafeMutablePointer<F>
    let pending: UnsafeMutablePointer<F>
    /// True for the first channel of its output kind on the post population: it assigns the drive
    /// columns instead of adding to them, which saves a clearing pass.
    var assigns = false
    private var initializer: ParamValue = .scalar(0)
    private var initStream: UInt32 = 0
    /// dt·exprel(-dt/τ) and 1/τ (uniform or per neuron), and E (COBA) or scale (CUBA).
    private var uniform: (step: F, invTau: F, factor: F)?
    private let stepColumn: UnsafeMutablePointer<F>
    private let invTauColumn: UnsafeMutablePointer<F>
    private let factorColumn: UnsafeMutablePointer<F>
    private var realized: [String: Realized] = [:]

    init(post: Int, size: Int, output: Output, arena: Arena) throws(EngineError) {
        self.post = post
        self.size = size
        self.output = output
        g = try arena.allocate(F.self, count: size, what: "synapse g of population \(post)")
        pending = try arena.allocate(F.self, count: size, what: "synapse input of population \(post)")
        stepColumn = try arena.allocate(F.self, count: size, what: "synapse constants")
        invTauColumn = try arena.allocate(F.self, count: size, what: "synapse constants")
        factorColumn = try arena.allocate(F.self, count: size, what: "synapse constants")
    }

    /// Derive the constants from the first merged projection's syn and out parameters.
    func bind(_ proj: ProjectionDescription, dt: Double, rng: Philox) throws(EngineError) {
        let tau = try Realized.realize(proj.value("syn", "tau"), count: size, rng: rng,
                                       stream: proj.stream("syn", "tau"), what: "Expon.tau")
        let factorName = output == .coba ? "E" : "scale"
        let factor = try Realized.realize(proj.value("out", factorName), count: size, rng: rng,
                                          stream: proj.stream("out", factorName), what: "\(proj.out.name).\(factorName)")
        let uniformNow = tau.isUniform && factor.isUniform
        if !realized.isEmpty, uniformNow != (uniform != nil) {
            throw .state("projection \(proj.id): a synapse parameter cannot switch between one value and per-neuron values after compile")
        }
        realized = ["tau": tau, factorName: factor]
        initializer = try proj.value("syn", "g_initializer")
        initStream = proj.stream("syn", "g_initializer")
        let dtF = F(dt)
        func constants(_ j: Int) -> (F, F, F) {
            let invTau = F(1 / tau.value(at: j))
            // Exponential Euler of dg/dt = -g/τ, as the reference: g + dt·exprel(dt·J)·f with J = -1/τ.
            let step = dtF * F.exprel(dtF * -invTau)
            return (step, invTau, F(factor.value(at: j)))
        }
        if uniformNow {
            uniform = constants(0)
        } else {
            uniform = nil
            for j in 0..<size {
                (stepColumn[j], invTauColumn[j], factorColumn[j]) = constants(j)
            }
        }
    }

    func initStates(rng: Philox) throws(EngineError) {
        let v = try Realized.realize(initializer, count: size, rng: rng, stream: initStream,
                                     what: "Expon.g_initializer")
        for j in 0..<size { g[j] = F(v.value(at: j)) }
        pending.update(repeating: 0, count: size)
    }

    func parameter(_ name: String) -> [Double]? {
        guard let r = realized[name] else { return nil }
        return (0..<size).map { r.value(at: $0) }
    }

    /// The constants when they are one value for every neuron (the fused kernels need them).
    var uniformConstants: (step: F, invTau: F, factor: F)? { uniform }

    /// Advance neurons [lo, hi) and add their drive to G/GE (COBA) or iSyn (CUBA): the general path,
    /// used when the neuron kernel does not fuse this channel.
    @inline(__always)
    func update(_ lo: Int, _ hi: Int, G: UnsafeMutablePointer<F>, GE: UnsafeMutablePointer<F>, iSyn: UnsafeMutablePointer<F>) {
        if let u = uniform {
            run(lo, hi, UniformValue(value: u.step), UniformValue(value: u.invTau), UniformValue(value: u.factor),
                G: G, GE: GE, iSyn: iSyn)
        } else {
            run(lo, hi, ColumnValue(pointer: stepColumn), ColumnValue(pointer: invTauColumn),
                ColumnValue(pointer: factorColumn), G: G, GE: GE, iSyn: iSyn)
        }
    }

    @inline(__always)
    private func run<S: PerNeuron, T: PerNeuron, E: PerNeuron>(
        _ lo: Int, _ hi: Int, _ step: S, _ invTau: T, _ factor: E,
        G: UnsafeMutablePointer<F>, GE: UnsafeMutablePointer<F>, iSyn: UnsafeMutablePointer<F>
    ) where S.F == F, T.F == F, E.F == F {
        let (g, pending, assigns) = (self.g, self.pending, self.assigns)
        switch output {
        case .coba:
            for j in lo..<hi {
                let gn = ExponChannel.advance(g[j], pending[j], step.at(j), invTau.at(j))
                pending[j] = 0
                g[j] = gn
                G[j] = assigns ? gn : G[j] + gn
                GE[j] = assigns ? gn * factor.at(j) : GE[j] + gn * factor.at(j)
            }
        case .cuba:
            for j in lo..<hi {
                let gn = ExponChannel.advance(g[j], pending[j], step.at(j), invTau.at(j))
                pending[j] = 0
                g[j] = gn
                iSyn[j] = assigns ? gn * factor.at(j) : iSyn[j] + gn * factor.at(j)
            }
        }
    }

    /// brainpy's Expon step: exponential Euler of dg/dt = -g/τ (g + dt·exprel(-dt/τ)·(-g/τ)), then the
    /// increments of this step's spikes.
    @inline(__always)
    static func advance(_ g: F, _ pending: F, _ step: F, _ invTau: F) -> F {
        (g + step * (-g * invTau)) + pending
    }
}

/// The synaptic drive the neuron kernel reads for the 16 neurons from j: Σ COBA conductance,
/// Σ g·E, Σ CUBA current. Fused drives advance their synapses inside the neuron loop (one pass).
protocol SynapticDrive {
    associatedtype F: SimFloat
    func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>)
}

/// No synapse targets the population.
struct NoDrive<F: SimFloat>: SynapticDrive {
    @inline(__always) func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>) {
        (Lanes(repeating: 0), Lanes(repeating: 0), Lanes(repeating: 0))
    }
}

/// Drive summed beforehand by ExponChannel.update (any number and mix of channels).
struct AccumulatedDrive<F: SimFloat>: SynapticDrive {
    let G: UnsafePointer<F>, GE: UnsafePointer<F>, iSyn: UnsafePointer<F>
    @inline(__always) func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>) {
        (G.lanes(j), GE.lanes(j), iSyn.lanes(j))
    }
}

/// One COBA Expon channel with homogeneous constants, advanced inside the neuron loop.
struct FusedCOBA<F: SimFloat>: SynapticDrive {
    let g: UnsafeMutablePointer<F>, pending: UnsafeMutablePointer<F>
    let step: Lanes<F>, invTau: Lanes<F>, E: Lanes<F>

    init(_ c: ExponChannel<F>, _ k: (step: F, invTau: F, factor: F)) {
        g = c.g
        pending = c.pending
        step = Lanes(repeating: k.step)
        invTau = Lanes(repeating: k.invTau)
        E = Lanes(repeating: k.factor)
    }

    @inline(__always) func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>) {
        let g0 = g.lanes(j)
        let gn = (g0 + step * (-g0 * invTau)) + pending.lanes(j)
        pending.setLanes(j, Lanes(repeating: 0))
        g.setLanes(j, gn)
        return (gn, gn * E, Lanes(repeating: 0))
    }
}

/// Two COBA Expon channels (the E/I case), summed in registration order like the general path.
struct FusedCOBAPair<F: SimFloat>: SynapticDrive {
    let first: FusedCOBA<F>, second: FusedCOBA<F>
    @inline(__always) func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>) {
        let a = first.advanceLanes(j), b = second.advanceLanes(j)
        return (a.g + b.g, a.gE + b.gE, a.i + b.i)
    }
}
