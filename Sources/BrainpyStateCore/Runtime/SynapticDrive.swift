/// The synaptic drive the neuron kernel reads for the 16 neurons from j: Σ COBA conductance,
/// Σ g·E, Σ CUBA current. Fused drives advance their synapses inside the neuron loop (one pass).
/// A drive with MgBlock outputs also has a part that is not linear in V; it is evaluated at the V the
/// kernel integrates from, and `isVoltageDependent` is static so that every other drive compiles to
/// the kernel it had before.
protocol SynapticDrive {
    associatedtype F: SimFloat
    static var isVoltageDependent: Bool { get }
    /// False for drives whose current part `i` is always zero (COBA channels alone): the kernel
    /// then does not add it.
    static var hasCurrent: Bool { get }
    func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>)
    /// The non-linear part at v: its current and its slope conductance −∂I/∂v.
    func blockedCurrent(_ j: Int, at v: Lanes<F>) -> (current: Lanes<F>, conductance: Lanes<F>)
}

extension SynapticDrive {
    static var isVoltageDependent: Bool { false }
    static var hasCurrent: Bool { true }

    @inline(__always)
    func blockedCurrent(_ j: Int, at v: Lanes<F>) -> (current: Lanes<F>, conductance: Lanes<F>) {
        (Lanes(repeating: 0), Lanes(repeating: 0))
    }

    /// I(v) = x + i + gE − g·v (+ the blocked part) and the slope conductance −∂I/∂v that enters the
    /// exponential-Euler linearisation (spec synapses §4.3): g, plus the blocked part's.
    @inline(__always)
    func current(_ j: Int, _ d: (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>), x: Lanes<F>,
                 at v: Lanes<F>) -> (current: Lanes<F>, conductance: Lanes<F>) {
        let linear = (Self.hasCurrent ? x + d.i : x) + F.fnma(d.gE, d.g, v)
        guard Self.isVoltageDependent else { return (linear, d.g) }
        let b = blockedCurrent(j, at: v)
        return (linear + b.current, d.g + b.conductance)
    }
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
    static var hasCurrent: Bool { false }
    let g: UnsafeMutablePointer<F>, pending: UnsafeMutablePointer<F>
    /// −1/τ: g0·(−1/τ) is (−g0)·(1/τ) exactly, without a negation per block.
    let step: Lanes<F>, minusInvTau: Lanes<F>, E: Lanes<F>

    init(g: UnsafeMutablePointer<F>, pending: UnsafeMutablePointer<F>, _ k: (step: F, invTau: F, factor: F)) {
        self.g = g
        self.pending = pending
        step = Lanes(repeating: k.step)
        minusInvTau = Lanes(repeating: -k.invTau)
        E = Lanes(repeating: k.factor)
    }

    @inline(__always) func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>) {
        let g0 = g.lanes(j)
        let gn = (g0 + step * (g0 * minusInvTau)) + pending.lanes(j)
        pending.setLanes(j, Lanes(repeating: 0))
        g.setLanes(j, gn)
        return (gn, gn * E, Lanes(repeating: 0))
    }
}

/// Two COBA Expon channels (the E/I case), summed in registration order like the general path.
struct FusedCOBAPair<F: SimFloat>: SynapticDrive {
    static var hasCurrent: Bool { false }
    let first: FusedCOBA<F>, second: FusedCOBA<F>
    @inline(__always) func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>) {
        let a = first.advanceLanes(j), b = second.advanceLanes(j)
        return (a.g + b.g, a.gE + b.gE, a.i + b.i)
    }
}
