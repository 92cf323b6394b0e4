/// One MgBlock output as the neuron kernels read it (spec synapses §4.2): this step's conductance and
/// the constants E, K = cc_Mg/β, α and V_offset. Homogeneous constants are broadcast in the first 16
/// entries of their columns and read with `mask` 0, so one branch-free load serves both layouts.
struct MgBlockTerm<F: SimFloat> {
    let g: UnsafePointer<F>
    let E: UnsafePointer<F>
    let K: UnsafePointer<F>
    let alpha: UnsafePointer<F>
    let vOffset: UnsafePointer<F>
    /// ~0 when the constants are per neuron, 0 when one value fills lanes 0..<16.
    let mask: Int

    /// I = g·(E − v)/(1 + K·e^{α(V_offset − v)}) in brainpy's order of operations, and its slope
    /// conductance −∂I/∂v = (g − I·α·K·e^{α(V_offset − v)})/(1 + K·e^{α(V_offset − v)}), which the
    /// reference's exponential Euler takes into its linearisation (it differentiates the whole drift).
    @inline(__always)
    func lanes(_ j: Int, at v: Lanes<F>) -> (current: Lanes<F>, conductance: Lanes<F>) {
        let c = j & mask
        let g = self.g.lanes(j)
        let a = alpha.lanes(c)
        let blocked = K.lanes(c) * F.expLanes(a * (vOffset.lanes(c) - v))
        let norm = blocked + 1
        let current = g * (E.lanes(c) - v) / norm
        return (current, (g - current * a * blocked) / norm)
    }
}

/// The drive of a population with MgBlock outputs: the summed COBA and CUBA columns, plus every
/// MgBlock term evaluated at the kernel's V, in registration order.
struct BlockedDrive<F: SimFloat>: SynapticDrive {
    let linear: AccumulatedDrive<F>
    let terms: UnsafePointer<MgBlockTerm<F>>
    let count: Int

    static var isVoltageDependent: Bool { true }

    @inline(__always) func advanceLanes(_ j: Int) -> (g: Lanes<F>, gE: Lanes<F>, i: Lanes<F>) {
        linear.advanceLanes(j)
    }

    @inline(__always)
    func blockedCurrent(_ j: Int, at v: Lanes<F>) -> (current: Lanes<F>, conductance: Lanes<F>) {
        var sum = terms[0].lanes(j, at: v)
        for k in 1..<max(count, 1) {
            let t = terms[k].lanes(j, at: v)
            sum = (sum.current + t.current, sum.conductance + t.conductance)
        }
        return sum
    }
}
