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

    init(_ c: SynapseChannel<F>, _ k: (step: F, invTau: F, factor: F)) {
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
